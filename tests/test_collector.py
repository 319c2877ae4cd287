"""The cycle collector held off during a build, and skipped at exit (kg.collector)."""
from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from kg.collector import collector_paused

CYCLE_AT_EXIT = """
import gc, sys
from kg.collector import no_collection_at_exit
gc.disable()        # the cycle is made at the end of a build: no collection before exit
class Node:
    def __del__(self):
        print("collected", flush=True)
a, b = Node(), Node()
a.other, b.other = b, a
del a, b
if sys.argv[1] == "skip":
    no_collection_at_exit()
    no_collection_at_exit()
"""


def test_the_collector_is_off_inside_and_on_again_after_even_on_an_error():
    assert gc.isenabled()
    with pytest.raises(ValueError):
        with collector_paused():
            assert not gc.isenabled()
            raise ValueError
    assert gc.isenabled()


def test_a_collector_already_off_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("mode, printed", [("collect", "collected\ncollected\n"), ("skip", "")])
def test_what_is_alive_at_exit_is_left_to_the_system(mode, printed):
    ran = subprocess.run([sys.executable, "-c", CYCLE_AT_EXIT, mode], capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == printed


def test_a_build_leaves_the_collector_on(lexicon, tmp_path):
    from kg.pipeline import build
    (tmp_path / "page.txt").write_text("县委书记张三到村里检查工作。\n", encoding="utf-8")
    build([str(tmp_path)], lexicon=lexicon, tagger=None)
    assert gc.isenabled()


def test_while_only_new_objects_are_collected_old_ones_are_left_out_and_new_cycles_freed():
    from kg.collector import only_new_objects_collected
    before = gc.get_freeze_count()
    with only_new_objects_collected():
        assert gc.get_freeze_count() > before
        a, b = [], []
        a.append(b), b.append(a)
        del a, b
        assert gc.collect() == 2
    assert gc.get_freeze_count() == before
