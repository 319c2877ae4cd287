"""Builds in worker processes, from the cache, on a Dask cluster and after a
killed build all give the graph of one plain one-process build."""
from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cache import FOLDER, Extracted, open_cache
from kg.cli import main
from kg.export import serialize_graph
from kg.extract import IN_FLIGHT, extract_runs
from kg.reading import read_inputs
from kg.model import Document
from kg.pipeline import build, build_documents
from kg.tagger import StubTagger

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

# invented items of the national register's shape
ITEMS = [
    "国务院总理李明远在北京会见来访的外国客人。",
    "省委书记王海峰到东风村调研，察看企业复工复产情况。",
    "市长刘建华主持召开市政府常务会议，研究部署疫情防控工作。",
    "县委副书记张国强带队检查卡点值守情况，看望慰问一线工作人员。",
    "红星公司向县慈善总会捐款50万元，用于疫情防控。",
    "镇党委书记陈立新来到柳林村，督导检查春耕生产。",
]


def turtle(result) -> bytes:
    return serialize_graph(result.graph, "ttl")


def documents(texts) -> list[Document]:
    return [Document(name=f"items.jsonl#{n}", text=text, title=text[:12], id=str(n)) for n, text in enumerate(texts)]


def cached_build(texts, lexicon, folder, tagger=None):
    tagger = tagger or StubTagger()
    cache = open_cache(folder, lexicon, tagger)
    result = build_documents(documents(texts), lexicon, tagger=tagger, cache=cache)
    return result, cache


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*/*.json.gz"))


@pytest.fixture(scope="module")
def seed_turtle(lexicon) -> bytes:
    return turtle(build([str(SEEDS)], lexicon=lexicon))


# ------------------------------------------------------------------ workers

def test_two_worker_processes_give_the_one_process_graph(lexicon, seed_turtle):
    assert turtle(build([str(SEEDS)], lexicon=lexicon, jobs=2)) == seed_turtle


def test_the_cli_builds_the_same_turtle_with_any_number_of_jobs(tmp_path):
    for jobs in ("1", "2"):
        result = CliRunner().invoke(main, ["build", str(SEEDS), "--no-view", "--no-cache", "--jobs", jobs,
                                           "--out", str(tmp_path / jobs)])
        assert result.exit_code == 0, result.stderr
    assert (tmp_path / "1" / "kg.ttl").read_bytes() == (tmp_path / "2" / "kg.ttl").read_bytes()
    assert not (tmp_path / "1" / FOLDER).exists()


# ------------------------------------------------------------------ the cache

def test_a_second_build_takes_every_document_from_the_cache(lexicon, tmp_path):
    first, cache = cached_build(ITEMS, lexicon, tmp_path)
    assert (cache.hits, cache.misses) == (0, 6) and len(entries(tmp_path)) == 6
    second, cache = cached_build(ITEMS, lexicon, tmp_path)
    assert (cache.hits, cache.misses) == (6, 0)
    assert turtle(second) == turtle(first)
    assert second.warnings == []


def test_an_edited_document_alone_is_extracted_again(lexicon, tmp_path):
    cached_build(ITEMS, lexicon, tmp_path)
    edited = ITEMS[:2] + ["市长刘建华到西山村调研，察看春耕生产。"] + ITEMS[3:]
    result, cache = cached_build(edited, lexicon, tmp_path)
    assert (cache.hits, cache.misses) == (5, 1)
    assert turtle(result) == turtle(build_documents(documents(edited), lexicon, tagger=StubTagger()))


def test_another_lexicon_or_tagger_misses_every_entry(lexicon, tmp_path):
    cached_build(ITEMS, lexicon, tmp_path)
    more_titles = replace(lexicon, titles=["首席观察员", *lexicon.titles])
    assert cached_build(ITEMS, more_titles, tmp_path)[1].hits == 0
    other_tagger = StubTagger({ITEMS[0]: [(ch, "n") for ch in ITEMS[0]]})
    assert cached_build(ITEMS, lexicon, tmp_path, other_tagger)[1].hits == 0
    assert cached_build(ITEMS, lexicon, tmp_path)[1].hits == 6


def test_documents_gone_from_the_build_leave_the_cache(tmp_path, lexicon):
    build_into = tmp_path / "cache"
    for texts in (ITEMS, ITEMS[:3]):
        corpus = tmp_path / "items.jsonl"
        corpus.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts),
                          encoding="utf-8")
        build([str(corpus)], lexicon=lexicon, tagger=StubTagger(), cache_dir=build_into)
    assert len(entries(build_into)) == 3


def garbage(path: Path) -> None:
    path.write_bytes(b"not a cache entry")


def truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:40])


def another_documents(path: Path) -> None:
    entry = json.loads(gzip.decompress(path.read_bytes()))
    entry["key"] = "0" * 64
    path.write_bytes(gzip.compress(json.dumps(entry).encode()))


def a_stranger_class(path: Path) -> None:
    entry = json.loads(gzip.decompress(path.read_bytes()))
    entry["extracted"]["facts"][0]["$class"] = "Popen"
    path.write_bytes(gzip.compress(json.dumps(entry).encode()))


@pytest.mark.parametrize("spoil", [garbage, truncated, another_documents, a_stranger_class])
def test_a_spoilt_entry_is_reported_rebuilt_and_never_trusted(lexicon, tmp_path, spoil):
    first, _ = cached_build(ITEMS, lexicon, tmp_path)
    for path in entries(tmp_path):
        spoil(path)
    second, cache = cached_build(ITEMS, lexicon, tmp_path)
    assert (cache.hits, cache.misses) == (0, 6)
    assert turtle(second) == turtle(first)
    assert len(second.warnings) == 6
    assert all(w.endswith("extracting again") and ".json.gz: cache entry of items.jsonl#" in w
               for w in second.warnings)
    third, cache = cached_build(ITEMS, lexicon, tmp_path)         # rewritten whole
    assert (cache.hits, third.warnings) == (6, [])


def test_the_cli_rebuilds_from_its_cache_with_the_same_turtle(tmp_path):
    out = tmp_path / "out"
    for _ in range(2):
        result = CliRunner().invoke(main, ["build", str(SEEDS), "--no-view", "--out", str(out)])
        assert result.exit_code == 0, result.stderr
        kept = (out / "kg.ttl").read_bytes()
    assert len(entries(out / FOLDER)) == len(read_inputs([SEEDS]))
    fresh = CliRunner().invoke(main, ["build", str(SEEDS), "--no-view", "--no-cache", "--out", str(tmp_path / "fresh")])
    assert fresh.exit_code == 0
    assert (tmp_path / "fresh" / "kg.ttl").read_bytes() == kept


def test_the_graph_that_conformed_is_kept_for_the_next_validation_under_the_same_shapes(tmp_path):
    from kg.cache import read_conformed
    from kg.validate import shapes_fingerprint
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--no-view", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    lines = read_conformed(tmp_path / FOLDER, shapes_fingerprint())
    assert lines is not None and len(lines) == len(Graph().parse(tmp_path / "kg.ttl"))
    assert read_conformed(tmp_path / FOLDER, "other shapes") is None


# ------------------------------------------------------------------ a killed build

def invented_corpus(path: Path, items: int) -> Path:
    lines = []
    for n in range(items):
        text = "".join(ITEMS[(n + k) % len(ITEMS)] for k in range(4)) + f"这是第{n}条消息。"
        lines.append(json.dumps({"id": f"n{n}", "title": f"消息{n}", "text": text}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def kg_build(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg.cli", "build", "--no-view", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)


def test_a_killed_build_leaves_the_old_graph_and_the_next_build_is_right(tmp_path):
    out = tmp_path / "out"
    small = invented_corpus(tmp_path / "small.jsonl", 3)
    assert kg_build(str(small), "--out", str(out)).wait() == 0
    before = (out / "kg.ttl").read_bytes()

    big = invented_corpus(tmp_path / "big.jsonl", 120)
    killed = kg_build(str(big), "--out", str(out), "--jobs", "2", start_new_session=True)
    deadline = time.monotonic() + 120
    while len(entries(out / FOLDER)) < 10 and killed.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert killed.poll() is None, "the build ended before it could be killed"
    os.killpg(killed.pid, signal.SIGKILL)            # the build and its workers
    killed.wait()
    assert (out / "kg.ttl").read_bytes() == before
    assert not list(out.glob(".kg.ttl.*"))

    again = kg_build(str(big), "--out", str(out), "--jobs", "1")
    assert again.wait() == 0, again.stderr.read().decode()
    assert not again.stderr.read().decode().count("warning")
    fresh = kg_build(str(big), "--out", str(tmp_path / "fresh"), "--no-cache", "--jobs", "1")
    assert fresh.wait() == 0
    assert (out / "kg.ttl").read_bytes() == (tmp_path / "fresh" / "kg.ttl").read_bytes()


# ------------------------------------------------------------------ Dask

@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, host="127.0.0.1") as cluster:
        yield cluster


def test_a_dask_cluster_of_two_workers_gives_the_one_process_graph(dask_cluster, lexicon, seed_turtle):
    from distributed import Client
    with Client(dask_cluster) as client:
        assert turtle(build([str(SEEDS)], lexicon=lexicon, cluster=client)) == seed_turtle
        assert len(client.scheduler_info()["workers"]) == 2


def test_the_cli_extracts_on_a_cluster_by_its_address(dask_cluster, tmp_path, seed_turtle):
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--no-view", "--no-cache",
                                       "--cluster", dask_cluster.scheduler_address, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "kg.ttl").read_bytes() == seed_turtle


def test_an_unreachable_scheduler_is_one_line(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr("kg.cluster.CONNECT_SECONDS", 1)
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--cluster", "tcp://127.0.0.1:9", "--out", str(tmp_path)])
    assert result.exit_code == 1
    [line] = [l for l in result.stderr.splitlines() if l.strip()]
    assert line.startswith("kg: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9: ")
    assert not (tmp_path / "kg.ttl").exists()


def test_the_document_the_cache_lacks_goes_to_a_worker_first_and_the_cache_is_read_while_it_works():
    docs = [Document(name=f"d{k}.txt", text="县委书记到村里检查工作。" * 5000)   # a run each
            for k in range(IN_FLIGHT + 4)]
    changed = docs[len(docs) // 2]
    extracted, fresh, late = Future(), Extracted([], []), Extracted([], [])
    events: list[str] = []

    class AllButOne:
        def has(self, doc):
            return doc is not changed

        def get(self, doc):
            events.append(f"read {doc.name}")
            if doc is docs[-1]:         # the last entry read: the worker may finish
                extracted.set_result([fresh])
            return f"cached {doc.name}"

        def put(self, doc, hit):
            pass

    def run(todo):
        events.append("sent " + " ".join(d.name for d in todo))
        return extracted

    waited_too_long = threading.Timer(20, lambda: extracted.done() or extracted.set_result([late]))
    waited_too_long.start()
    try:
        results = [x for batch in extract_runs(docs, run, AllButOne()) for x in batch]
    finally:
        waited_too_long.cancel()
    assert results == [fresh if d is changed else f"cached {d.name}" for d in docs]
    assert events == [f"sent {changed.name}"] + [f"read {d.name}" for d in docs if d is not changed]


def test_an_entry_found_unreadable_when_read_is_extracted_then():
    docs = [Document(name=f"d{k}.txt", text="县委书记到村里检查工作。") for k in range(3)]
    fresh = Extracted([], [])
    sent, stored = [], []

    class GoneBad:
        def has(self, doc):
            return True

        def get(self, doc):
            return None if doc is docs[1] else f"cached {doc.name}"

        def put(self, doc, hit):
            stored.append(doc.name)

    def run(todo):
        sent.append([d.name for d in todo])
        done = Future()
        done.set_result([fresh])
        return done

    results = [x for batch in extract_runs(docs, run, GoneBad()) for x in batch]
    assert results == ["cached d0.txt", fresh, "cached d2.txt"]
    assert sent == [["d1.txt"]] and stored == ["d1.txt"]


def test_in_one_process_the_next_run_is_tagged_while_the_rules_read_this_one(lexicon, monkeypatch):
    import kg.extract
    monkeypatch.setattr(kg.extract, "FIRST_BATCH_CHARS", 10)   # a run of each item
    monkeypatch.setattr(kg.extract, "BATCH_CHARS", 10)
    second_tagged = threading.Event()
    tagged_in: set[str] = set()

    class Recording(StubTagger):
        def tag(self, texts):
            tagged_in.add(threading.current_thread().name)
            if any(ITEMS[1] in t for t in texts):
                second_tagged.set()
            return super().tag(texts)

    read = kg.extract.Extractor.read
    overlapped = []

    def reading(self, split, texts, tagged):
        if split[0][0].doc.text == ITEMS[0]:
            overlapped.append(second_tagged.wait(10))
        return read(self, split, texts, tagged)

    monkeypatch.setattr(kg.extract.Extractor, "read", reading)
    result = build_documents(documents(ITEMS), lexicon, tagger=Recording())
    assert overlapped == [True]
    assert tagged_in and threading.current_thread().name not in tagged_in
    assert turtle(result) == turtle(build_documents(documents(ITEMS), lexicon, tagger=StubTagger(), jobs=1))


def test_a_tagger_that_fails_in_its_thread_fails_the_build(lexicon):
    class Broken(StubTagger):
        def tag(self, texts):
            raise RuntimeError("model file unreadable")

    with pytest.raises(RuntimeError, match="model file unreadable"):
        build_documents(documents(ITEMS), lexicon, tagger=Broken())
