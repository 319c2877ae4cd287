"""One error path: every expected failure is ``kg: error: FILE[:LINE]: what``,
exit 1, no traceback, and what the output folder held before stays as it was;
IRIs are valid and distinct whatever names the input brings."""
from __future__ import annotations

import errno
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import given, strategies as st

from kg import files, pipeline
from kg.cli import main
from kg.errors import KGError
from kg.reading import corpus_item, input_files, read_inputs
from kg.rdf import iri_segment
from kg.vocab import ID

PAGE = "县城区新增便民市场\n\n为方便群众生活，县城区近日新增三处便民市场。\n\n（记者 马超）\n"


def kg(*args: str):
    return CliRunner().invoke(main, list(args))


def the_error(result) -> str:
    """The one line a failed command printed, checked to be the only one."""
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.fixture
def built(tmp_path):
    """A page built into out/ once; the bytes of its kg.ttl."""
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    assert kg("build", str(page), "--out", str(out), "--no-view", "--jobs", "1").exit_code == 0
    return page, out, (out / "kg.ttl").read_bytes()


# ------------------------------------------------------------------ IRIs

@given(st.text())
def test_any_string_gives_a_valid_iri(name):
    ox.NamedNode(str(ID[f"person/{iri_segment(name)}"]))       # raises on an invalid IRI


@given(st.text(), st.text())
def test_two_strings_never_give_one_segment(a, b):
    assert (iri_segment(a) == iri_segment(b)) == (a == b)


@pytest.mark.parametrize("name, segment", [
    ("宋洁", "宋洁"), ("a[1]", "a%5B1%5D"), ("a/b", "a%2Fb"), ("50%", "50%25"), ("x\ufffe", "x%EF%BF%BE"),
    ("\ue000", "%EE%80%80"), ("\x85", "%C2%85"), ("\u202e右", "%E2%80%AE右"), ("全 称", "全%20称"),
    (".", "%2E"), ("..", "%2E%2E"), ("-", "%2D"), ("a(b)", "a(b)"),
])
def test_segments_stay_readable_and_encode_what_an_iri_may_not_hold(name, segment):
    assert iri_segment(name) == segment


def test_ids_and_file_names_an_iri_may_not_hold_build_a_graph_both_parsers_read(tmp_path):
    corpus = tmp_path / "新闻[2021]\u202e.jsonl"
    corpus.write_text("".join(json.dumps({"id": ident, "text": "县城区近日新增三处便民市场。"}) + "\n"
                              for ident in ("a[1]", "a]1[", "x\ufffe", "\ue000", "c1\x85", "a/b", "a%2Fb")),
                      encoding="utf-8")
    out = tmp_path / "out"
    assert kg("build", str(corpus), "--out", str(out), "--no-view", "--jobs", "1").exit_code == 0
    store = ox.Store()
    store.load(path=str(out / "kg.ttl"), format=ox.RdfFormat.TURTLE)
    articles = {row[0].value for row in store.query(
        "SELECT ?a WHERE { ?a a <https://w3id.org/zhkg/ontology#Article> }")}
    assert len(articles) == 7


# ------------------------------------------------------------------ inputs

def test_a_lone_surrogate_in_a_jsonl_line_is_an_error_naming_the_line(tmp_path):
    corpus = tmp_path / "items.jsonl"
    corpus.write_text('{"text": "好新闻。"}\n{"text": "坏\\ud800新闻。"}\n', encoding="utf-8")
    line = the_error(kg("build", str(corpus), "--out", str(tmp_path / "out")))
    assert line == (f'kg: error: {corpus}:2: "text" holds a lone surrogate \\ud800, which is not a character: '
                    "the line was written from broken UTF-16")


def test_keep_going_skips_the_line_with_a_surrogate(tmp_path):
    corpus = tmp_path / "items.jsonl"
    corpus.write_text('{"text": "县城区近日新增三处便民市场。"}\n{"id": "\\udfff", "text": "新闻。"}\n',
                      encoding="utf-8")
    result = kg("build", str(corpus), "--out", str(tmp_path / "out"), "--no-view", "--keep-going", "--jobs", "1")
    assert result.exit_code == 0
    assert f"kg: warning: {corpus}:2: \"id\" holds a lone surrogate \\udfff" in result.stderr


@pytest.mark.parametrize("line, message", [
    ("[" * 1500 + "]" * 1500, "JSON line nested too deep to read"),
    ('{"text": "新闻。", "id": ' + "9" * 5000 + "}", "JSON line not readable: Exceeds the limit (4300 digits)"),
])
def test_json_lines_too_deep_or_too_long_a_number_are_errors(line, message):
    with pytest.raises(KGError) as caught:
        corpus_item(line, 3, Path("items.jsonl"))
    assert str(caught.value).startswith(f"items.jsonl:3: {message}")


def test_a_number_too_large_for_a_float_is_just_an_id():
    assert corpus_item('{"text": "新闻。", "id": 1e5000}', 1, Path("c.jsonl")).name == "c.jsonl#inf"


def test_a_folder_nested_1500_deep_is_searched_without_recursion(tmp_path):
    deepest = tmp_path / "top"
    deepest.mkdir()
    for _ in range(1500):           # relative steps: the absolute path outgrows PATH_MAX
        deepest = deepest / "d"
        try:
            deepest.mkdir()
        except OSError as error:
            assert error.errno == errno.ENAMETOOLONG
            deepest = deepest.parent
            break
    (deepest / "page.txt").write_text(PAGE, encoding="utf-8")
    try:
        assert [f.name for f in input_files(tmp_path / "top")] == ["page.txt"]
    finally:                        # pytest's own clean-up recurses, and would fail
        (deepest / "page.txt").unlink()
        while deepest != tmp_path:
            deepest.rmdir()
            deepest = deepest.parent


def test_a_device_named_like_a_page_is_refused_not_read_forever(tmp_path):
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    line = the_error(kg("build", str(zero), "--out", str(tmp_path / "out")))
    assert line == f"kg: error: {zero}: not a regular file (a device, pipe or socket): kg reads files"


def test_a_query_file_that_is_not_utf8_is_named(built, tmp_path):
    _, out, _ = built
    query = tmp_path / "q.rq"
    query.write_bytes("SELECT * WHERE { ?s ?p \"书记\" }".encode("gb18030"))
    line = the_error(kg("query", str(query), "--graph", str(out / "kg.ttl")))
    assert line == f"kg: error: {query}: not UTF-8 text: byte 0xCA at offset 24 (SPARQL files are UTF-8)"


# ------------------------------------------------------------------ outputs

def test_out_under_a_file_fails_before_the_build(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    line = the_error(kg("build", str(page), "--out", str(page / "out")))
    assert line == f"kg: error: {page / 'out'}: cannot write: {page} is a file, not a folder"


def test_kg_ttl_as_a_folder_fails_before_the_build(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    (tmp_path / "out" / "kg.ttl").mkdir(parents=True)
    line = the_error(kg("build", str(page), "--out", str(tmp_path / "out")))
    assert line == f"kg: error: {tmp_path / 'out' / 'kg.ttl'}: cannot write: it is a folder"


def test_a_full_disk_is_one_line_and_the_last_graph_stays(built, monkeypatch):
    page, out, before = built

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(files.os, "replace", full)
    line = the_error(kg("build", str(page), "--out", str(out), "--jobs", "1"))
    assert line == f"kg: error: {out / 'kg.ttl'}: cannot write: No space left on device"
    assert (out / "kg.ttl").read_bytes() == before
    assert not (out / "graph.html").exists()
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_view_and_export_into_a_place_they_cannot_write_are_one_line(built):
    page, out, _ = built
    graph = str(out / "kg.ttl")
    assert the_error(kg("view", "--graph", graph, "--out", str(page / "v.html"))) == \
        f"kg: error: {page / 'v.html'}: cannot write: {page} is a file, not a folder"
    assert the_error(kg("export", "--graph", graph, "--format", "nt", "--out", str(page / "g.nt"))) == \
        f"kg: error: {page / 'g.nt'}: cannot write: {page} is a file, not a folder"


def test_check_writable_refuses_a_folder_without_write_permission(tmp_path, monkeypatch):
    monkeypatch.setattr(files.os, "access", lambda path, mode: False)     # root could write anyway
    with pytest.raises(KGError, match="cannot write: permission denied on "):
        files.check_writable(tmp_path / "out", ["kg.ttl"])


def test_a_bug_is_one_line_saying_to_report_it(built, monkeypatch):
    page, out, _ = built

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")
    monkeypatch.setattr(pipeline, "read_inputs", broken)
    result = kg("build", str(page), "--out", str(out))
    assert result.exit_code == 70
    assert result.stderr.strip() == (
        "kg: internal error: ZeroDivisionError: division by zero (a bug in kg: please report it with the "
        "command and input that caused it; KG_DEBUG=1 shows the traceback)")


def test_a_usage_mistake_is_one_line_too_with_exit_2():
    result = kg("export", "--format", "pdf")
    assert result.exit_code == 2
    assert result.stderr == ("kg: error: Invalid value for '--format': 'pdf' is not one of 'ttl', 'nt', 'trig', "
                             "'jsonld', 'graphml', 'gexf', 'neo4j'. See 'kg export --help'.\n")


def test_a_line_break_in_a_file_name_is_shown_as_an_escape(tmp_path):
    page = tmp_path / "扫描\n件.txt"
    page.write_bytes(b"\x00\x01\x02" * 10)
    line = the_error(kg("build", str(page), "--out", str(tmp_path / "out")))
    assert line == f"kg: error: {tmp_path}/扫描\\n件.txt: binary file, not text (it has NUL bytes and is not UTF-16)"


def test_two_files_of_one_name_in_two_folders_are_two_documents(tmp_path):
    for folder in ("x", "y"):
        (tmp_path / "in" / folder).mkdir(parents=True)
        (tmp_path / "in" / folder / "page.txt").write_text(PAGE, encoding="utf-8")

    assert [doc.name for doc in read_inputs([tmp_path / "in"])] == ["page.txt", f"{tmp_path}/in/y/page.txt"]


def test_a_renamed_duplicate_id_never_takes_an_id_that_is_there(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "text": "新闻。"}) + "\n" for i in ("x", "x@3", "x")),
                      encoding="utf-8")

    assert [doc.name for doc in read_inputs([corpus])] == ["c.jsonl#x", "c.jsonl#x@3", "c.jsonl#x@3@3"]
