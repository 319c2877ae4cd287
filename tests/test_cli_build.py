"""``kg build`` on bad and good input, through click's CliRunner; and the
issue's bar that 200 news items build into 200 articles."""
from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import RDF

from kg.cli import main
from kg.ingest import split_articles
from kg.reading import read_inputs
from kg.model import Facts
from kg.rdf import build_graph
from kg.vocab import KG

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpora" / "xwlb_2021.jsonl"

SMALL_PAGE = "县城区新增便民市场\n\n为方便群众生活，县城区近日新增三处便民市场。\n\n（记者 马超）\n"


def run(*args: str):
    return CliRunner().invoke(main, ["build", *args])


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def test_bad_file_fails_with_one_line_and_writes_nothing(tmp_path):
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    out = tmp_path / "out"
    result = run(str(bad), "--out", str(out))
    assert result.exit_code != 0
    assert error_lines(result) == [f"kg: error: {bad}: binary file, not text (it has NUL bytes and is not UTF-16)"]
    assert not (out / "kg.ttl").exists()


def test_malformed_jsonl_line_is_named(tmp_path):
    corpus = tmp_path / "items.jsonl"
    corpus.write_text('{"text": "一条新闻。"}\n{"text": "两条\n', encoding="utf-8")
    result = run(str(corpus), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    [line] = error_lines(result)
    assert line.startswith(f"kg: error: {corpus}:2: malformed JSON line")
    assert not (tmp_path / "out" / "kg.ttl").exists()


def missing(folder: Path) -> Path:
    return folder / "missing.txt"


def empty_file(folder: Path) -> Path:
    path = folder / "empty.txt"
    path.write_bytes(b"")
    return path


def empty_folder(folder: Path) -> Path:
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    return folder


@pytest.mark.parametrize("make, message", [
    (missing, "no such file or folder"),
    (empty_file, "empty file"),
    (empty_folder, "folder has no .txt, .md or .jsonl files"),
])
def test_other_bad_input(tmp_path, make, message):
    folder = tmp_path / "in"
    folder.mkdir()
    path = make(folder)
    result = run(str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert error_lines(result) == [f"kg: error: {path}: {message}"]
    assert not (tmp_path / "out").exists()


def test_keep_going_warns_and_builds_the_rest(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(SMALL_PAGE, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "out"
    result = run(str(empty), str(good), "--keep-going", "--no-view", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    lines = error_lines(result)
    assert lines[0] == f"kg: warning: {empty}: empty file"
    assert lines[-1].startswith("1 articles,") and lines[-1].endswith(f"→ {out / 'kg.ttl'}")
    graph = Graph().parse(out / "kg.ttl")
    assert len(set(graph.subjects(RDF.type, KG.Article))) == 1


def test_keep_going_with_nothing_left_fails(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run(str(empty), "--keep-going", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert error_lines(result)[-1] == "kg: error: nothing left to build: all 1 bad inputs were skipped"
    assert not (tmp_path / "out" / "kg.ttl").exists()


def test_many_inputs_into_a_log_give_no_progress(tmp_path):
    # CliRunner's stderr is no terminal: only the summary (tests/test_progress.py has a terminal's bar)
    corpus = tmp_path / "many.jsonl"
    corpus.write_text("".join(json.dumps({"id": n, "text": f"第{n}条消息。"}, ensure_ascii=False) + "\n"
                              for n in range(25)), encoding="utf-8")
    result = run(str(corpus), "--no-view", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    [line] = error_lines(result)
    assert line.startswith("25 articles,")


def test_200_corpus_lines_are_200_articles(tmp_path):
    if not CORPUS.exists():
        pytest.skip("../shared/corpora is not beside the repository")
    sample = tmp_path / "xwlb_200.jsonl"
    with CORPUS.open(encoding="utf-8") as source:
        sample.write_text("".join(itertools.islice(source, 200)), encoding="utf-8")
    documents = read_inputs([sample])
    articles = [article for doc in documents for article in split_articles(doc)]
    assert len(documents) == len(articles) == 200
    assert all(a.title and a.date and a.doc.text[a.start:a.end].strip() for a in articles)
    # The extraction stages do not change how many articles there are: count them
    # in the graph of the articles alone, which is fast whatever those stages cost.
    graph = build_graph([], [Facts(article) for article in articles])
    assert len(set(graph.subjects(RDF.type, KG.Article))) == 200
