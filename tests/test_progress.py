"""Progress of ``kg build``'s stages: the reporters of kg.progress on streams
that are and are not terminals, the library's stages, and the CLI's
default, --verbose and --quiet output."""
from __future__ import annotations

import io
import itertools
import re

import pytest
from click.testing import CliRunner

import kg.cli
from kg.cli import main
from kg.pipeline import build
from kg.progress import SILENT, StreamProgress, reporter
from kg.tagger import StubTagger

PAGE = "县城区新增便民市场\n\n为方便群众生活，县城区近日新增三处便民市场。\n\n（记者 马超）\n"

LIBRARY_STAGES = ["reading", "extracting", "resolving entities", "building the graph"]
CLI_STAGES = [*LIBRARY_STAGES, "validating", "writing Turtle", "writing the view"]

SUMMARY = re.compile(r"\d+ articles, \d+ entities, \d+ triples in \d+\.\d s → \S+kg\.ttl(, \S+graph\.html)?")


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def ticking(step: float = 0.5):
    """A clock that moves ``step`` seconds each time it is read: times the tests can spell out."""
    return itertools.count(0, step).__next__


def stage_names(text: str) -> list[str]:
    return [line.split("…")[0] for line in text.splitlines() if "… done in" in line]


def test_silent_reporter_passes_items_through():
    with SILENT.stage("anything") as stage:
        stage.advance(3)
        stage.note = "3 things"
    assert list(SILENT.items("counting", iter("abc"), total=3)) == ["a", "b", "c"]


def test_log_gets_one_line_per_stage_with_its_time_and_notes():
    log = io.StringIO()
    progress = StreamProgress(log, live=False, notes=True, clock=ticking())
    with progress.stage("first") as stage:
        stage.note = "2 things"
    assert list(progress.items("second", range(4), total=4)) == [0, 1, 2, 3]
    assert log.getvalue() == "first… done in 0.5 s (2 things)\nsecond… done in 0.5 s\n"


def test_without_notes_the_counts_are_left_out():
    log = io.StringIO()
    with StreamProgress(log, live=False, clock=ticking()).stage("first") as stage:
        stage.note = "2 things"
    assert log.getvalue() == "first… done in 0.5 s\n"


def test_terminal_shows_the_stage_while_it_runs_and_finishes_its_line():
    terminal = Terminal()
    with StreamProgress(terminal, live=True, clock=ticking()).stage("thinking"):
        assert terminal.getvalue() == "\rthinking…"
    assert terminal.getvalue().endswith("\rthinking… done in 0.5 s\n")


def test_terminal_draws_a_bar_for_counted_items_and_ends_on_the_last():
    terminal = Terminal()
    progress = StreamProgress(terminal, live=True, clock=ticking())
    for _ in progress.items("counting", range(4), total=4):
        pass
    drawings = terminal.getvalue().split("\r")[1:]
    assert drawings[0].startswith("counting [" + "-" * 30 + "] 0/4")
    assert any(d.startswith("counting [" + "#" * 30 + "] 4/4") for d in drawings)
    last = drawings[-1]
    # the last bar was longer than the closing line: blanked out, then the line ended
    assert re.fullmatch(r"counting… done in \d+\.\d s *\n", last)
    assert len(last.rstrip("\n")) >= len(drawings[-2])


def test_a_stage_that_raises_says_so_and_passes_the_error_on():
    log = io.StringIO()
    with pytest.raises(ValueError), StreamProgress(log, live=False, clock=ticking()).stage("doomed"):
        raise ValueError("no")
    assert log.getvalue() == "doomed… stopped after 0.5 s\n"


@pytest.mark.parametrize("stream, quiet, verbose, expected", [
    (io.StringIO(), False, False, None),             # a log, by default: nothing
    (io.StringIO(), False, True, False),             # a log, --verbose: whole lines
    (Terminal(), False, False, True),                # a terminal: live
    (Terminal(), False, True, True),
    (Terminal(), True, False, None),                 # --quiet: nothing, even on a terminal
])
def test_reporter_fits_the_stream_and_the_options(stream, quiet, verbose, expected):
    progress = reporter(stream, quiet=quiet, verbose=verbose)
    if expected is None:
        assert progress is SILENT
    else:
        assert isinstance(progress, StreamProgress) and progress.live is expected and progress.notes is verbose


def test_the_library_reports_its_stages_in_order(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    log = io.StringIO()
    build([str(page)], tagger=StubTagger(), progress=StreamProgress(log, live=False, notes=True))
    assert stage_names(log.getvalue()) == LIBRARY_STAGES
    assert "(1 documents, 1 articles; 1 extracted, 0 from the cache)" in log.getvalue()


def run_build(tmp_path, *options: str):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(page), "--out", str(tmp_path / "out"), *options])
    assert result.exit_code == 0, result.stderr
    return result


def test_by_default_a_log_gets_only_the_summary(tmp_path):
    result = run_build(tmp_path)
    [line] = result.stderr.splitlines()
    assert SUMMARY.fullmatch(line), line
    assert result.stdout == ""


def test_verbose_lists_each_stage_once_in_order_with_counts(tmp_path):
    result = run_build(tmp_path, "--verbose")
    lines = result.stderr.splitlines()
    assert stage_names(result.stderr) == CLI_STAGES
    assert len(lines) == len(CLI_STAGES) + 1 and SUMMARY.fullmatch(lines[-1])
    assert "(1 documents, 1 articles; 1 extracted, 0 from the cache)" in result.stderr
    assert re.search(r"resolving entities… done in \d+\.\d s \(\d+ entities\)", result.stderr)
    assert re.search(r"building the graph… done in \d+\.\d s \(\d+ triples\)", result.stderr)


def test_verbose_counts_what_the_cache_gave(tmp_path):
    run_build(tmp_path, "--no-view")
    again = run_build(tmp_path, "--no-view", "--verbose")
    assert "(1 documents, 1 articles; 0 extracted, 1 from the cache)" in again.stderr


def test_quiet_prints_nothing_on_success(tmp_path):
    result = run_build(tmp_path, "--quiet")
    assert result.stderr == "" and result.stdout == ""
    assert (tmp_path / "out" / "kg.ttl").exists()


def test_quiet_keeps_warnings(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run_build(tmp_path, "--quiet", "--keep-going", "--no-view", str(empty))
    assert result.stderr == f"kg: warning: {empty}: empty file\n"


def test_quiet_and_verbose_exclude_each_other(tmp_path):
    result = CliRunner().invoke(main, ["build", "--quiet", "--verbose", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "exclude each other" in result.stderr
    assert not (tmp_path / "out").exists()


def test_on_a_terminal_every_stage_shows(tmp_path, monkeypatch):
    # CliRunner's stderr is no terminal: hand the reporter one that says it is, writing through to it
    class Through(Terminal):
        def __init__(self, stream):
            super().__init__()
            self.write = stream.write
            self.flush = stream.flush

    monkeypatch.setattr(kg.cli, "reporter", lambda stream, **options: reporter(Through(stream), **options))
    result = run_build(tmp_path)
    lines = result.stderr.split("\n")
    assert [line.split("\r")[-1].split("…")[0] for line in lines[:-2]] == CLI_STAGES
    assert "\rextracting [" in result.stderr          # the counted stage drew its bar
    assert "(1 documents" not in result.stderr        # counts only with --verbose
    assert SUMMARY.fullmatch(lines[-2]) and lines[-1] == ""
