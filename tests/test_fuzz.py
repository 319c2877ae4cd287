"""The fuzz suite of issue 15 (item 6): hostile input to every command, and one contract.

Whatever it is given, ``kg`` either

- exits 0 with outputs that rdflib and pyoxigraph both parse, whose IRIs are
  valid (RFC 3987) and distinct for distinct inputs, and (for kg.ttl) that
  conforms to the ontology's shapes; or
- exits 1 with one line on stderr, ``kg: error: …`` (a line break or carriage
  return inside it counts as a second line), no traceback, and the output
  folder as it was: no kg.ttl if there was none, the previous one byte for
  byte if there was, no temporary files left behind.

Anything else fails: another exit code (click's usage errors exit 2), an
exception escaping the command, a run that hangs.

Three parts:

1. corpus: the cases the issue names, one test each. Small ones are files in
   tests/fixtures/hostile/ (``kg build tests/fixtures/hostile/deep_array.jsonl``
   replays one); big, binary or path-shaped ones (/dev/zero, a folder nested
   1,500 deep, file names with controls) are made in the test.
2. faults: a full disk (ENOSPC) and a read-only folder (EACCES, EROFS) under
   the output, simulated in-process because the tests run as root (which
   ignores permissions): ``broken_folder`` patches os.open, os.fdopen, io.open,
   os.mkdir, os.replace … for paths under one folder. Writes done in Rust
   (pyoxigraph writing a file itself) would not see it. Root-proof real cases
   too: ``--out`` under a regular file, kg.ttl existing as a folder.
3. hypothesis: random bytes, random Unicode (surrogates, controls,
   noncharacters, private use, bidi marks, mixed with news-like phrases),
   random JSONL shapes, random file names, random query files and arguments.
   ``derandomize=True`` and no example database: CI runs the same examples
   every time. ``KG_FUZZ_SCALE=10`` runs ten times as many.

Commands run in-process through click's CliRunner (a build costs ~0.1 s once
the lexicon and tagger are loaded: the lexicon is loaded once for the module,
see ``shared_lexicon``); a real process only where one is needed (/dev/zero
under a memory limit, /dev/full as standard output).
"""
from __future__ import annotations

import builtins
import contextlib
import csv
import errno
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import traceback
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st
from rdflib.namespace import DCTERMS, RDF

from kg.cli import main

ROOT = Path(__file__).resolve().parents[1]
KG_SOURCE = str(ROOT / "kg") + os.sep
HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
KG_NS = rdflib.Namespace("https://w3id.org/zhkg/ontology#")
FAST = ["--no-view", "--no-cache", "--jobs", "1", "--quiet"]
TIME_LIMIT = 30                 # seconds for one in-process command
LINUX = sys.platform.startswith("linux")
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0

SCALE = float(os.environ.get("KG_FUZZ_SCALE", "1"))


def fuzz(examples: int):
    """Hypothesis settings for CI: the same examples every run, no deadline."""
    return settings(max_examples=max(1, int(examples * SCALE)), derandomize=True, database=None,
                    deadline=None, print_blob=False, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module", autouse=True)
def shared_lexicon(lexicon):
    """Load the lexicons once for the module, not once per build (1 s each)."""
    import kg.pipeline
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kg.pipeline, "load_lexicon", lambda: lexicon, raising=False)
        yield


# ======================================================================
# Running a command and checking the contract

class Hung(BaseException):
    """A command that ran over TIME_LIMIT (BaseException: CliRunner lets it through)."""


def kg(*args: str, stdin: bytes | None = None):
    """``kg ARGS`` in this process, with a time limit."""
    def alarm(signum, frame):
        raise Hung(f"kg {' '.join(map(safe, args))} ran over {TIME_LIMIT} s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(TIME_LIMIT)
    try:
        # KG_DEBUG=1: a bug raises instead of printing `kg: internal error` and exiting 70, so that
        # the failure shows where it happened (either way it breaks the contract)
        return CliRunner().invoke(main, [str(a) for a in args], input=stdin, env={"KG_DEBUG": "1"})
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def build(*paths, out, extra=FAST):
    return kg("build", *map(str, paths), "--out", str(out), *extra)


def safe(text, limit: int = 600) -> str:
    """``text`` printable whatever it holds (line breaks, controls, lone surrogates: escaped), cut to ``limit``."""
    text = str(text)
    text = text if len(text) <= limit else text[:limit] + f"… ({len(text)} chars)"
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def crash(exc_info) -> str:
    """An escaped exception: its type and message, its last frame, and the last frame in kg/."""
    _, exc, tb = exc_info
    frames = traceback.extract_tb(tb)

    def where(frame):
        return f"{frame.filename.replace(str(ROOT) + os.sep, '')}:{frame.lineno} in {frame.name}: " \
               f"{(frame.line or '').strip()}"

    text = f"{type(exc).__name__}: {safe(exc, 300)}"
    if frames:
        text += f"\n    last frame: {where(frames[-1])}"
        ours = [f for f in frames if f.filename.startswith(KG_SOURCE)]
        if ours and ours[-1] is not frames[-1]:
            text += f"\n    last kg frame: {where(ours[-1])}"
    return text


def snapshot(*places) -> dict[str, bytes]:
    """Every file under ``places`` (folders or files) with its bytes; folders are left out."""
    files = {}
    for place in map(Path, places):
        if place.is_file():
            files[str(place)] = place.read_bytes()
        elif place.is_dir():
            stack = [place]         # not rglob: it recurses once per level, and some trees are 1,500 deep
            while stack:
                with os.scandir(stack.pop()) as entries:
                    for entry in entries:
                        if entry.is_dir(follow_symlinks=False):
                            stack.append(Path(entry.path))
                        elif entry.is_file():
                            files[entry.path] = Path(entry.path).read_bytes()
    return files


def check(result, *, watched=(), before: dict | None = None, outputs: dict | None = None,
          notes: bool = False, warnings: bool = False):
    """The contract for one in-process run; the rdflib graph of a kg.ttl it wrote, if any.

    ``watched``: folders or files that must be as ``before`` (a ``snapshot``)
    after a failure, and hold no temporary files after a success.
    ``outputs``: path → kind ("kg", "rdf", "html", "xml", "neo4j") that a
    success must have written. ``notes``/``warnings``: lines ``kg: …`` /
    ``kg: warning: …`` may come before an error line.
    """
    __tracebackhide__ = True
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        pytest.fail(f"exception escaped (exit {result.exit_code}): {crash(result.exc_info)}\n"
                    f"    stderr: '{safe(result.stderr)}'", pytrace=False)
    for stream, text in (("stderr", result.stderr), ("stdout", result.stdout)):
        if "Traceback" in text:
            pytest.fail(f"traceback on {stream}: '{safe(text)}'", pytrace=False)
    if result.exit_code == 0:
        graph = None
        for path, kind in (outputs or {}).items():
            got = check_output(Path(path), kind)
            graph = got if kind == "kg" else graph
        leftovers = [p for p in snapshot(*watched) if p.endswith(".tmp")]
        assert not leftovers, f"temporary files left: {leftovers}"
        return graph
    if result.exit_code not in (1, 2):      # 2: a usage mistake, told the same way
        pytest.fail(f"exit {result.exit_code}, not 0, 1 or 2; stderr: '{safe(result.stderr)}'", pytrace=False)
    check_error_text(result.stderr, notes=notes, warnings=warnings)
    if before is not None:
        after = snapshot(*watched)
        if after != before:
            added = sorted(set(after) - set(before))
            removed = sorted(set(before) - set(after))
            changed = sorted(p for p in set(after) & set(before) if after[p] != before[p])
            pytest.fail(f"a failed run changed the output: added {added}, removed {removed}, "
                        f"changed {changed}; stderr: '{safe(result.stderr)}'", pytrace=False)
    return None


def check_error_text(stderr: str, notes: bool = False, warnings: bool = False) -> None:
    __tracebackhide__ = True
    if not stderr.endswith("\n"):
        pytest.fail(f"exit 1 but stderr is not whole lines: '{safe(stderr)}'", pytrace=False)
    lines = stderr[:-1].split("\n")
    *before, last = lines
    allowed = ("kg: ",) if notes else ("kg: warning: ",) if warnings else ()
    stray = [line for line in before if not (line.startswith(allowed) and allowed)
             or line.startswith("kg: error: ")]
    if not last.startswith("kg: error: ") or stray or "\r" in stderr:
        what = f"{len(lines)} lines" + (", a carriage return in them" if "\r" in stderr else "")
        pytest.fail(f"exit 1 without one `kg: error: ` line ({what}): '{safe(stderr)}'", pytrace=False)


def check_output(path: Path, kind: str):
    """Parse one output by its kind; the rdflib graph for RDF."""
    __tracebackhide__ = True
    if kind == "neo4j":
        assert path.is_dir(), f"{path}: no folder written"
        for file in path.rglob("*"):
            if file.is_file():
                text = strict_utf8(file)
                if file.suffix == ".csv":
                    csv_rows(text, ",", file.name)
        return None
    assert path.is_file(), f"{path}: not written"
    if kind in ("kg", "rdf"):
        graph = parse_both(path)
        check_iris(graph, path)
        if kind == "kg":
            check_not_merged(graph, path)
            check_shapes(graph, path)
        return graph
    if kind == "html":
        text = strict_utf8(path)
        assert text.rstrip().endswith("</html>"), f"{path}: not a whole HTML page"
        # data inside <script> must not end it: as many </script> as in a view of a plain graph
        assert text.count("</script") == plain_view_scripts(), f"{path}: data closes a <script> element"
        return None
    if kind == "xml":
        text = strict_utf8(path)
        try:
            ET.fromstring(text)
            return None
        except ET.ParseError as error:
            line, column = error.position
            at = text.split("\n")[line - 1][max(0, column - 8):column + 8]
        pytest.fail(f"{path.name}: not well-formed XML at line {line}, column {column}: ...{safe(at)}...",
                    pytrace=False)
    raise ValueError(kind)


def csv_rows(text: str, delimiter: str, name: str) -> list[list[str]]:
    """The rows of CSV text, read strictly: a value that breaks its row (a bare CR) fails."""
    __tracebackhide__ = True
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        problem = str(error)
    pytest.fail(f"{name}: not valid CSV: {problem}", pytrace=False)


def strict_utf8(path: Path) -> str:
    __tracebackhide__ = True
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        pytest.fail(f"{path.name}: not UTF-8: {error}", pytrace=False)


RDF_FORMATS = {".ttl": ("turtle", ox.RdfFormat.TURTLE), ".nt": ("nt", ox.RdfFormat.N_TRIPLES),
               ".trig": ("trig", ox.RdfFormat.TRIG), ".jsonld": ("json-ld", ox.RdfFormat.JSON_LD)}


def parse_both(path: Path) -> rdflib.Graph:
    """The graph in ``path``, parsed by rdflib and by pyoxigraph, which must agree on its size."""
    __tracebackhide__ = True
    rdflib_format, ox_format = RDF_FORMATS[path.suffix]
    data = path.read_bytes()         # not the path: rdflib makes a file: URI of it, which fails on some names
    try:
        graph = rdflib.Dataset().parse(data=data, format=rdflib_format) if path.suffix == ".trig" \
            else rdflib.Graph().parse(data=data, format=rdflib_format)
    except Exception as error:      # noqa: BLE001 - whatever rdflib raises is the finding
        pytest.fail(f"rdflib does not parse {path.name}: {type(error).__name__}: {safe(error, 300)}", pytrace=False)
    store = ox.Store()
    try:
        store.load(data, format=ox_format)
    except Exception as error:      # noqa: BLE001
        pytest.fail(f"pyoxigraph does not parse {path.name}: {type(error).__name__}: {safe(error, 300)}",
                    pytrace=False)
    if path.suffix == ".trig":              # the union of the named graphs, for the checks that follow
        union = rdflib.Graph()
        for s, p, o, _ in graph.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    assert len(store) == len(graph), f"{path.name}: rdflib reads {len(graph)} triples, pyoxigraph {len(store)}"
    return graph


# RFC 3987: ucschar; iprivate only in the query; never the bidi formatting characters (section 4.1)
_UCSCHAR = ((0xA0, 0xD7FF), (0xF900, 0xFDCF), (0xFDF0, 0xFFEF)) + tuple(
    ((plane << 16), (plane << 16) + 0xFFFD) for plane in range(1, 14)) + ((0xE1000, 0xEFFFD),)
_IPRIVATE = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))
_BIDI = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e")
_IRI_ASCII = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?#%")


def iri_problem(iri: str) -> str | None:
    """Why ``iri`` is not a valid absolute IRI (RFC 3987), or None."""
    match = re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:(//[^/?#]*)?(.*)", iri, re.S)
    if not match:
        return "no scheme"
    rest = match.group(2)          # path, query, fragment: "[" and "]" belong only in a host
    if rest.count("#") > 1:
        return "two '#'"
    in_query = False
    for n, ch in enumerate(rest):
        code = ord(ch)
        in_query = in_query or ch == "?"
        if ch == "%":
            if not re.fullmatch(r"[0-9A-Fa-f]{2}", rest[n + 1:n + 3]):
                return f"'%' not followed by two hex digits at {n}"
        elif code < 0x80:
            if ch not in _IRI_ASCII:
                return f"{ch!r} (U+{code:04X}) is not allowed"
        elif ch in _BIDI:
            return f"bidi formatting character U+{code:04X} (RFC 3987 4.1)"
        elif not any(lo <= code <= hi for lo, hi in _UCSCHAR) and \
                not (in_query and any(lo <= code <= hi for lo, hi in _IPRIVATE)):
            return f"U+{code:04X} is not allowed"
    return None


def check_iris(graph: rdflib.Graph, path: Path) -> None:
    __tracebackhide__ = True
    bad = {}
    for triple in graph:
        for term in triple:
            if isinstance(term, rdflib.URIRef) and term not in bad:
                problem = iri_problem(str(term))
                if problem:
                    bad[term] = problem
    if bad:
        pytest.fail(f"{path.name}: {len(bad)} invalid IRIs, e.g. " + "; ".join(
            f"<{safe(iri, 120)}>: {why}" for iri, why in list(bad.items())[:3]), pytrace=False)


def check_not_merged(graph: rdflib.Graph, path: Path) -> None:
    """No two articles (or pieces of evidence) became one node: one source, one article, one span each."""
    __tracebackhide__ = True
    for article in graph.subjects(RDF.type, KG_NS.Article):
        sources = set(graph.objects(article, DCTERMS.source))
        assert len(sources) <= 1, f"{path.name}: merged articles, {article} has sources {sorted(sources)}"
    for evidence in graph.subjects(RDF.type, KG_NS.Evidence):
        for prop in (KG_NS.article, KG_NS.start, KG_NS.end, KG_NS.text):
            values = set(graph.objects(evidence, prop))
            assert len(values) <= 1, f"{path.name}: merged evidence, {evidence} has {prop} {sorted(values)}"


def check_shapes(graph: rdflib.Graph, path: Path) -> None:
    __tracebackhide__ = True
    from kg.validate import validate_graph
    report = validate_graph(graph)
    assert report.conforms, f"{path.name} violates the shapes:\n{report.text()}"


def sources(graph: rdflib.Graph) -> set[str]:
    """The dcterms:source of every article: one per document read."""
    return {str(s) for a in graph.subjects(RDF.type, KG_NS.Article) for s in graph.objects(a, DCTERMS.source)}


_PLAIN_SCRIPTS: list[int] = []


def plain_view_scripts() -> int:
    """How many ``</script`` a view of a plain graph holds (set by the ``good`` fixture)."""
    return _PLAIN_SCRIPTS[0]


# ======================================================================
# Fixtures: a good graph to query, view and export; to find intact after a failed build

@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """A good build of tests/fixtures/hostile/page.txt: its folder, kg.ttl and the bytes of both outputs."""
    out = tmp_path_factory.mktemp("good")
    result = build(HOSTILE / "page.txt", out=out, extra=["--no-cache", "--jobs", "1", "--quiet"])
    assert result.exit_code == 0, result.stderr
    _PLAIN_SCRIPTS[:] = [(out / "graph.html").read_text(encoding="utf-8").count("</script")]
    return out


def previous_output(out: Path, good: Path) -> dict:
    """Put a good build's kg.ttl and graph.html into ``out``; the snapshot to find again after a failure."""
    out.mkdir(parents=True, exist_ok=True)
    for name in ("kg.ttl", "graph.html"):
        shutil.copyfile(good / name, out / name)
    return snapshot(out)


# ======================================================================
# 1. The corpus of the issue

TEXT = "某某县委书记张三到城关镇调研春耕生产，县长李四陪同。"
SPECIAL = {"lbracket": "[", "rbracket": "]", "NEL U+0085": "\x85", "APC U+009F": "\x9f",
           "nonchar U+FFFE": "\ufffe", "nonchar U+FDD0": "\ufdd0", "PUA U+E000": "\ue000",
           "RLO U+202E": "\u202e", "RLM U+200F": "\u200f", "slash": "/", "hash": "#", "percent": "%",
           "question": "?", "space": " ", "angle": "<>", "NUL": "\x00", "ESC": "\x1b", "DEL": "\x7f",
           "nonchar U+FFFF": "\uffff", "nonchar U+10FFFE": "\U0010fffe", "LS U+2028": "\u2028",
           "LF": "\n", "CR": "\r", "tab": "\t", "quote": '"', "backslash": "\\", "BOM U+FEFF": "\ufeff"}


def jsonl(items, ensure_ascii=True) -> str:
    return "".join(json.dumps(item, ensure_ascii=ensure_ascii) + "\n" for item in items)


@pytest.mark.parametrize("raw", [False, True], ids=["escaped", "raw"])
@pytest.mark.parametrize("char", SPECIAL.values(), ids=SPECIAL.keys())
def test_id_with_a_hostile_character(tmp_path, char, raw):
    """An id with the character, beside one without it: both build, to two articles with valid IRIs."""
    corpus = tmp_path / "items.jsonl"
    ids = ["ab", f"a{char}b"]
    corpus.write_text(jsonl(({"id": i, "title": f"调研{i}", "text": TEXT} for i in ids), ensure_ascii=not raw),
                      encoding="utf-8")
    out = tmp_path / "out"
    result = build(corpus, out=out)
    assert result.exit_code == 0, f"a valid corpus did not build: '{safe(result.stderr)}'"
    graph = check(result, watched=[out], outputs={out / "kg.ttl": "kg"})
    assert len(sources(graph)) == 2, f"two ids became one: {sorted(map(safe, sources(graph)))}"


@pytest.mark.parametrize("name", ["ids_escaped.jsonl", "ids_raw.jsonl"])
def test_all_hostile_ids_in_one_corpus(tmp_path, good, name):
    """Every id of the issue in one corpus (and look-alikes such as a%5Bb, "..", "-"), with the view."""
    corpus = HOSTILE / name
    # only "\n" ends a JSON line: splitlines() would also cut at U+0085, U+2028 and other controls
    lines = [line for line in corpus.read_text(encoding="utf-8").split("\n") if line.strip()]
    out = tmp_path / "out"
    before = previous_output(out, good)
    result = build(corpus, out=out, extra=["--no-cache", "--jobs", "1", "--quiet"])
    assert result.exit_code == 0, f"a valid corpus did not build: '{safe(result.stderr)}'"
    graph = check(result, watched=[out], before=before, outputs={out / "kg.ttl": "kg", out / "graph.html": "html"})
    assert len(sources(graph)) == len(lines), f"{len(lines)} items gave {len(sources(graph))} articles"


def file_name_cases():
    for label, char in SPECIAL.items():
        if char in ("\x00",):
            continue                       # a file name cannot hold NUL
        yield pytest.param(os.fsencode(f"a{char}b.txt") if char != "/" else b"a/b.txt", id=label)
    yield pytest.param(b"a\xffb.txt", id="not UTF-8 0xFF")
    yield pytest.param(b"a\xed\xa0\x80b.txt", id="surrogate bytes")
    yield pytest.param(b"a\xe9b.txt", id="Latin-1 e-acute")
    yield pytest.param(" ".encode() * 2 + b".txt", id="only spaces")
    yield pytest.param(b"-.txt", id="dash")
    yield pytest.param(("长" * 80 + ".txt").encode(), id="240 bytes")


@pytest.mark.parametrize("name", list(file_name_cases()))
def test_file_name_with_a_hostile_character(tmp_path, name):
    """A page so named beside ab.txt, built as a folder: two documents, valid IRIs."""
    folder = tmp_path / "in"
    folder.mkdir()
    page = (HOSTILE / "page.txt").read_bytes()
    (folder / "ab.txt").write_bytes(page)
    target = os.path.join(os.fsencode(folder), name)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as handle:
        handle.write(page)
    out = tmp_path / "out"
    # as a folder; as two paths (decoded as argv is) only for names that are not UTF-8
    both = not os.fsdecode(name).isprintable() or "\udcff" in os.fsdecode(name)
    for args in ([folder], [folder / "ab.txt", os.fsdecode(target)])[:2 if both else 1]:
        result = build(*args, out=out)
        assert result.exit_code == 0, f"valid pages did not build: '{safe(result.stderr)}'"
        graph = check(result, watched=[out], outputs={out / "kg.ttl": "kg"})
        assert len(sources(graph)) == 2, f"two files became one: {sorted(map(safe, sources(graph)))}"


BREAKS = {"LF": "\n", "CR": "\r", "CRLF": "\r\n", "ESC clear": "\x1b[2J", "LS U+2028": "\u2028",
          "NEL U+0085": "\x85", "not UTF-8 0xFF": "\udcff"}


@pytest.mark.parametrize("char", BREAKS.values(), ids=BREAKS.keys())
def test_error_naming_a_hostile_file(tmp_path, char):
    """A binary page whose name holds a line break (or the like): the error naming it is still one line."""
    folder = tmp_path / "in"
    folder.mkdir()
    page = os.path.join(os.fsencode(folder), os.fsencode(f"scan{char}1.txt"))
    with open(page, "wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    out = tmp_path / "out"
    for target in (folder, os.fsdecode(page)):
        result = build(target, out=out)
        check(result, watched=[out], before={})
        assert result.exit_code == 1


ARGUMENTS = {"query name": lambda g, d, v: ["query", v, "--graph", g],
             "query --param": lambda g, d, v: ["query", "co-mentions", "--param", f"person={v}", "--graph", g],
             "view --focus": lambda g, d, v: ["view", "--graph", g, "--focus", v, "--out", d / "v.html"],
             "view --types": lambda g, d, v: ["view", "--graph", g, "--types", v, "--out", d / "v.html"],
             "view --article": lambda g, d, v: ["view", "--graph", g, "--article", v, "--out", d / "v.html"],
             "build PATH": lambda g, d, v: ["build", d / v, "--out", d / "out", *FAST],
             "query --graph": lambda g, d, v: ["query", "members", "--graph", d / f"{v}.ttl"],
             "export --format": lambda g, d, v: ["export", "--graph", g, "--format", v]}


@pytest.mark.parametrize("make", ARGUMENTS.values(), ids=ARGUMENTS.keys())
def test_argument_with_a_line_break(tmp_path, good, make):
    """An argument kg echoes in its error (a name it does not know, a path not there) holds a line break."""
    result = kg(*make(good / "kg.ttl", tmp_path, "张\n三\r四"))
    check(result, watched=[tmp_path], before={}, notes=True)
    assert result.exit_code == (2 if "--format" in make(good / "kg.ttl", tmp_path, "x") else 1)


def test_same_file_name_in_two_folders(tmp_path):
    """x/page.txt and y/page.txt are two documents, not one."""
    text = (HOSTILE / "page.txt").read_text(encoding="utf-8")
    for sub, county in (("x", "东"), ("y", "西")):
        (tmp_path / "in" / sub).mkdir(parents=True)
        (tmp_path / "in" / sub / "page.txt").write_text(text.replace("某某", county), encoding="utf-8")
    out = tmp_path / "out"
    result = build(tmp_path / "in", out=out)
    graph = check(result, watched=[out], outputs={out / "kg.ttl": "kg"})
    assert result.exit_code == 0
    assert len(sources(graph)) == 2, f"two files became one article source: {sorted(sources(graph))}"


def test_renamed_duplicate_id_does_not_meet_a_real_id(tmp_path):
    """Ids x, x@3, x: the second x must not be renamed into the x@3 that is already there."""
    corpus = tmp_path / "items.jsonl"
    corpus.write_text(jsonl({"id": i, "text": f"{TEXT}第{n}条。"} for n, i in enumerate(["x", "x@3", "x"])),
                      encoding="utf-8")
    out = tmp_path / "out"
    result = build(corpus, out=out)
    graph = check(result, watched=[out], outputs={out / "kg.ttl": "kg"})
    assert result.exit_code == 0
    assert len(sources(graph)) == 3, f"three items gave {sorted(sources(graph))}"


@pytest.mark.parametrize("name", sorted(p.name for pattern in ("surrogate*.jsonl", "deep_*.jsonl", "*5000*")
                                         for p in HOSTILE.glob(pattern)))
def test_hostile_corpus_file(tmp_path, good, name):
    """Lone surrogates (JSON-escaped in text, title and id, and once raw, as bytes that are
    not UTF-8), JSON nested 1,500 deep, a 5,000-digit integer and 1e5000 as id, date and
    title, 5,000 digits as an amount in a text."""
    out = tmp_path / "out"
    before = previous_output(out, good)
    result = build(HOSTILE / name, out=out)
    check(result, watched=[out], before=before, outputs={out / "kg.ttl": "kg"})


def test_big5_page(tmp_path, good):
    out = tmp_path / "out"
    before = previous_output(out, good)
    result = build(HOSTILE / "big5.txt", out=out)
    check(result, watched=[out], before=before, outputs={out / "kg.ttl": "kg"})


def nested(root: Path, depth: int) -> list[Path]:
    """``root/d/d/…`` ``depth`` deep, made one level at a time (os.makedirs recurses)."""
    paths, path = [], root
    for _ in range(depth):
        path = path / "d"
        os.mkdir(path)
        paths.append(path)
    return paths


def remove_nested(paths: list[Path]) -> None:
    """Remove what ``nested`` made, deepest first (shutil.rmtree recurses)."""
    for path in reversed(paths):
        for child in path.iterdir():
            if not child.is_dir() or child.is_symlink():
                child.unlink()
            elif child not in paths:
                shutil.rmtree(child)
        path.rmdir()


def test_folder_nested_1500_deep(tmp_path):
    """A page 1,500 folders down: given as the top folder, and as the page's own (3,000-character) path."""
    (tmp_path / "in").mkdir()
    levels = nested(tmp_path / "in", 1500)
    try:
        shutil.copyfile(HOSTILE / "page.txt", levels[-1] / "page.txt")
        for target in (tmp_path / "in", levels[-1] / "page.txt"):
            out = tmp_path / "out"
            result = build(target, out=out)
            check(result, watched=[out], before={}, outputs={out / "kg.ttl": "kg"})
    finally:
        remove_nested(levels)


def test_out_folder_nested_1500_deep(tmp_path):
    """``--out`` 1,500 folders down, none of them there yet."""
    (tmp_path / "o").mkdir()
    out = Path(str(tmp_path / "o") + "/d" * 1500)
    try:
        result = build(HOSTILE / "page.txt", out=out)
        check(result, watched=[tmp_path / "o"], before={}, outputs={out / "kg.ttl": "kg"})
    finally:
        made = [Path(str(tmp_path / "o") + "/d" * n) for n in range(1, 1501)]
        remove_nested([p for p in made if p.is_dir()])


# ---------------------------------------------------------------- outputs that cannot be written

@pytest.mark.parametrize("view", [False, True], ids=["ttl", "with view"])
def test_build_out_under_a_file(tmp_path, view):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    extra = FAST if not view else ["--no-cache", "--jobs", "1", "--quiet"]
    for out in (blocker / "sub", blocker / "sub" / "deeper"):
        result = build(HOSTILE / "page.txt", out=out, extra=extra)
        check(result, watched=[tmp_path], before=snapshot(tmp_path))
        assert result.exit_code == 1


def test_build_out_is_an_existing_file(tmp_path):
    """``--out FILE``: click's own check exits 2 with a usage message; the contract wants exit 1, one line."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = build(HOSTILE / "page.txt", out=blocker)
    check(result, watched=[tmp_path], before=snapshot(tmp_path))
    assert result.exit_code == 1


@pytest.mark.parametrize("name, extra", [("kg.ttl", FAST), ("graph.html", ["--no-cache", "--jobs", "1", "--quiet"]),
                                         (".kg-cache", ["--no-view", "--jobs", "1", "--quiet"])])
def test_build_output_name_taken_by_a_folder(tmp_path, good, name, extra):
    """kg.ttl (or graph.html) is a folder; the cache folder's name is a file."""
    out = tmp_path / "out"
    out.mkdir()
    if name == ".kg-cache":
        (out / name).write_text("not a folder")
        shutil.copyfile(good / "kg.ttl", out / "kg.ttl")
    else:
        (out / name).mkdir()
        (out / name / "keep.txt").write_text("mine")
        other = "graph.html" if name == "kg.ttl" else "kg.ttl"
        shutil.copyfile(good / other, out / other)
    result = build(HOSTILE / "page.txt", out=out, extra=extra)
    check(result, watched=[out], before=snapshot(out), outputs={out / "kg.ttl": "kg"})
    if name != ".kg-cache":
        assert result.exit_code == 1


@pytest.mark.parametrize("fmt", ["ttl", "graphml", "neo4j"])
def test_export_under_a_file(tmp_path, good, fmt):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = kg("export", "--graph", good / "kg.ttl", "--format", fmt, "--out", blocker / "sub" / f"x.{fmt}")
    check(result, watched=[tmp_path], before=snapshot(tmp_path))
    assert result.exit_code == 1


def test_export_neo4j_onto_a_file(tmp_path, good):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = kg("export", "--graph", good / "kg.ttl", "--format", "neo4j", "--out", blocker)
    check(result, watched=[tmp_path], before=snapshot(tmp_path))
    assert result.exit_code == 1


@pytest.mark.parametrize("where", ["under a file", "a folder"])
def test_view_out_unwritable(tmp_path, good, where):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    target = blocker / "sub" / "v.html" if where == "under a file" else tmp_path
    result = kg("view", "--graph", good / "kg.ttl", "--out", target)
    check(result, watched=[tmp_path], before=snapshot(tmp_path))
    assert result.exit_code == 1


# ---------------------------------------------------------------- full disk, read-only folder (simulated)

class FullFile:
    """A file on a full disk: a write puts half its data down, then fails with ENOSPC."""

    def __init__(self, handle):
        self._handle = handle

    def write(self, data):
        self._handle.write(data[:len(data) // 2])
        self._handle.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def __getattr__(self, name):
        return getattr(self._handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._handle.close()

    def __iter__(self):
        return iter(self._handle)


@contextlib.contextmanager
def broken_folder(folder: Path, code: int):
    """Make writes under ``folder`` fail: ENOSPC (full disk: files open, writes fail half-way) or
    EACCES/EROFS (read-only: no file or folder can be created, opened for writing, renamed or removed)."""
    root = os.path.realpath(folder)

    def under(path, dir_fd=None) -> bool:
        try:
            if isinstance(path, int):
                path = os.readlink(f"/proc/self/fd/{path}")
            path = os.fsdecode(path)
            if dir_fd is not None and not os.path.isabs(path):
                path = os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), path)
            path = os.path.realpath(path)
        except (OSError, TypeError, ValueError):
            return False
        return path == root or path.startswith(root + os.sep)

    def refuse(path):
        raise OSError(code, os.strerror(code), os.fsdecode(path) if not isinstance(path, int) else None)

    writing = ("w", "a", "x", "+")
    real = {name: getattr(os, name) for name in ("open", "fdopen", "write", "mkdir", "replace", "rename",
                                                 "unlink", "remove", "rmdir", "chmod", "makedirs")}
    real_open = io.open

    def os_open(path, flags, mode=0o777, *, dir_fd=None):
        if code != errno.ENOSPC and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and under(path, dir_fd):
            refuse(path)
        return real["open"](path, flags, mode, dir_fd=dir_fd)

    def fdopen(fd, mode="r", *args, **kwargs):
        handle = real["fdopen"](fd, mode, *args, **kwargs)
        return FullFile(handle) if code == errno.ENOSPC and any(c in mode for c in writing) and under(fd) else handle

    def any_open(file, mode="r", *args, **kwargs):
        if any(c in mode for c in writing) and under(file):
            if code != errno.ENOSPC:
                refuse(file)
            return FullFile(real_open(file, mode, *args, **kwargs))
        return real_open(file, mode, *args, **kwargs)

    def write(fd, data):
        if code == errno.ENOSPC and under(fd):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real["write"](fd, data)

    def mkdir(path, mode=0o777, *, dir_fd=None):
        if code != errno.ENOSPC and under(path, dir_fd):
            if os.path.lexists(path):
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), os.fsdecode(path))
            refuse(path)
        return real["mkdir"](path, mode, dir_fd=dir_fd)

    def two_paths(name):
        def move(src, dst, *, src_dir_fd=None, dst_dir_fd=None):
            if code != errno.ENOSPC and (under(src, src_dir_fd) or under(dst, dst_dir_fd)):
                refuse(dst)
            return real[name](src, dst, src_dir_fd=src_dir_fd, dst_dir_fd=dst_dir_fd)
        return move

    def one_path(name):
        def change(path, *args, dir_fd=None, **kwargs):
            if code != errno.ENOSPC and under(path, dir_fd):
                refuse(path)
            return real[name](path, *args, dir_fd=dir_fd, **kwargs)
        return change

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "open", os_open)
        patch.setattr(os, "fdopen", fdopen)
        patch.setattr(os, "write", write)
        patch.setattr(os, "mkdir", mkdir)
        patch.setattr(io, "open", any_open)
        patch.setattr(builtins, "open", any_open)
        for name in ("replace", "rename"):
            patch.setattr(os, name, two_paths(name))
        for name in ("unlink", "remove", "rmdir", "chmod"):
            patch.setattr(os, name, one_path(name))
        yield


FAULTS = {"full disk ENOSPC": errno.ENOSPC, "read-only EACCES": errno.EACCES, "read-only EROFS": errno.EROFS}
BUILDS = {"build": FAST, "build with view": ["--no-cache", "--jobs", "1", "--quiet"],
          "build with cache": ["--no-view", "--jobs", "1", "--quiet"]}


@pytest.mark.skipif(not LINUX, reason="finds an open file's path in /proc/self/fd")
@pytest.mark.parametrize("previous", [False, True], ids=["empty out", "previous build"])
@pytest.mark.parametrize("extra", BUILDS.values(), ids=BUILDS.keys())
@pytest.mark.parametrize("code", FAULTS.values(), ids=FAULTS.keys())
def test_build_into_a_broken_folder(tmp_path, good, code, extra, previous):
    out = tmp_path / "out"
    out.mkdir()
    before = previous_output(out, good) if previous else {}
    with broken_folder(out, code):
        result = build(HOSTILE / "page.txt", out=out, extra=extra)
    check(result, watched=[out], before=before)
    assert result.exit_code == 1, "a build into a folder that takes no writes succeeded"


@pytest.mark.skipif(not LINUX, reason="finds an open file's path in /proc/self/fd")
@pytest.mark.parametrize("code", FAULTS.values(), ids=FAULTS.keys())
def test_build_out_below_a_broken_folder(tmp_path, code):
    """``--out ro/new/sub``: the folders to make are under the broken one."""
    (tmp_path / "ro").mkdir()
    with broken_folder(tmp_path / "ro", code):
        result = build(HOSTILE / "page.txt", out=tmp_path / "ro" / "new" / "sub")
    check(result, watched=[tmp_path / "ro"], before={})
    assert result.exit_code == 1


@pytest.mark.skipif(not LINUX, reason="finds an open file's path in /proc/self/fd")
@pytest.mark.parametrize("command", ["view", "export ttl", "export nt", "export graphml", "export neo4j"])
@pytest.mark.parametrize("code", FAULTS.values(), ids=FAULTS.keys())
def test_view_and_export_into_a_broken_folder(tmp_path, good, code, command):
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "old.html").write_text("mine")
    if command == "view":
        args = ["view", "--graph", good / "kg.ttl", "--out", folder / "old.html"]
    else:
        fmt = command.split()[1]
        args = ["export", "--graph", good / "kg.ttl", "--format", fmt, "--out", folder / f"x.{fmt}"]
    before = snapshot(folder)
    with broken_folder(folder, code):
        result = kg(*args)
    check(result, watched=[folder], before=before)
    assert result.exit_code == 1


@pytest.mark.skipif(ROOT_USER, reason="root writes into a 0o555 folder; the simulated cases above stand in")
@pytest.mark.parametrize("command", ["build", "view", "export"])
def test_read_only_folder_for_real(tmp_path, good, command):
    folder = tmp_path / "ro"
    folder.mkdir()
    args = {"build": ["build", HOSTILE / "page.txt", "--out", folder, *FAST],
            "view": ["view", "--graph", good / "kg.ttl", "--out", folder / "v.html"],
            "export": ["export", "--graph", good / "kg.ttl", "--format", "nt", "--out", folder / "x.nt"]}[command]
    folder.chmod(0o555)
    try:
        result = kg(*args)
        check(result, watched=[folder], before={})
        assert result.exit_code == 1
    finally:
        folder.chmod(0o755)


# ---------------------------------------------------------------- queries

def test_query_file_in_gb18030(good):
    result = kg("query", HOSTILE / "query_gb18030.rq", "--graph", good / "kg.ttl")
    check(result, notes=True)


def test_query_file_of_binary_bytes(tmp_path, good):
    query = tmp_path / "q.rq"
    query.write_bytes(bytes(range(256)) * 4)
    result = kg("query", query, "--graph", good / "kg.ttl")
    check(result, notes=True)


def test_query_with_service_on_port_9(good, no_connections):
    result = kg("query", HOSTILE / "query_service.rq", "--graph", good / "kg.ttl")
    check(result, notes=True)
    assert no_connections == [], f"kg tried to connect to {no_connections}"


# ---------------------------------------------------------------- hostile graphs to view, export, query

@pytest.fixture(scope="module")
def hostile_graph(tmp_path_factory):
    """A graph with hostile labels, titles and ids, written as Turtle by hand (so that it exists whatever
    the build does with them): controls, noncharacters, bidi marks, </script>, line separators."""
    folder = tmp_path_factory.mktemp("hostile-graph")
    titles = [f"标题{c}尾" for c in SPECIAL.values() if c not in ("\x00",)] + \
        ["</script><script>alert(1)</script>", "<!--", "]]>", "&amp;", "\x00NUL"]
    ids = ["%5B", "%E2%80%AE", "%C2%85", "%EF%BF%BE", "%00", "%0A", "x%2Fy", "%25"]
    lines = ["@prefix kg: <https://w3id.org/zhkg/ontology#> .", "@prefix dcterms: <http://purl.org/dc/terms/> .",
             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .", "@prefix org: <http://www.w3.org/ns/org#> .",
             "@prefix prov: <http://www.w3.org/ns/prov#> .", "@prefix id: <https://w3id.org/zhkg/id/> ."]

    def lit(text):
        escaped = "".join({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}.get(c) or
                          (f"\\u{ord(c):04X}" if ord(c) < 0x20 or ord(c) == 0x7F else c) for c in text)
        return f'"{escaped}"'

    for n, title in enumerate(titles):
        ident = ids[n % len(ids)] + str(n)
        lines += [f"<https://w3id.org/zhkg/id/article/items.jsonl%23{ident}/0> a kg:Article ;",
                  f"    dcterms:source {lit('items.jsonl#' + title)} ; dcterms:title {lit(title)}@zh ;",
                  f"    kg:mentions <https://w3id.org/zhkg/id/person/张{ident}> .",
                  f"<https://w3id.org/zhkg/id/person/张{ident}> a kg:Person ; rdfs:label {lit('张' + title)}@zh .",
                  f"<https://w3id.org/zhkg/id/evidence/items.jsonl%23{ident}/0-5> a kg:Evidence ;",
                  f"    kg:article <https://w3id.org/zhkg/id/article/items.jsonl%23{ident}/0> ;",
                  f"    kg:start 0 ; kg:end 5 ; kg:text {lit(title)}@zh .",
                  f"<https://w3id.org/zhkg/id/membership/张{ident}/书记{n}/-> a org:Membership ;",
                  f"    org:member <https://w3id.org/zhkg/id/person/张{ident}> ; kg:title {lit('书记' + title)}@zh ;",
                  f"    prov:wasDerivedFrom <https://w3id.org/zhkg/id/evidence/items.jsonl%23{ident}/0-5> ."]
    path = folder / "hostile.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parse_both(path)
    return path


EXPORTS = {"ttl": "rdf", "nt": "rdf", "trig": "rdf", "jsonld": "rdf", "graphml": "xml", "gexf": "xml",
           "neo4j": "neo4j"}


@pytest.mark.parametrize("fmt", EXPORTS)
def test_export_a_hostile_graph(tmp_path, hostile_graph, fmt):
    target = tmp_path / ("neo" if fmt == "neo4j" else f"x.{fmt}")
    result = kg("export", "--graph", hostile_graph, "--format", fmt, "--out", target)
    check(result, watched=[tmp_path], before={}, outputs={target: EXPORTS[fmt]})
    assert result.exit_code == 0


def test_export_a_hostile_graph_to_stdout(hostile_graph):
    for fmt in ("ttl", "nt", "jsonld", "graphml", "gexf"):
        result = kg("export", "--graph", hostile_graph, "--format", fmt)
        check(result)
        assert result.exit_code == 0


@pytest.mark.parametrize("options", [[], ["--focus", "张标题[尾"], ["--types", "Person"],
                                     ["--article", "items.jsonl#标题[尾"]], ids=["whole", "focus", "types", "article"])
def test_view_a_hostile_graph(tmp_path, hostile_graph, good, options):
    target = tmp_path / "v.html"
    result = kg("view", "--graph", hostile_graph, "--out", target, *options)
    check(result, watched=[tmp_path], before={}, outputs={target: "html"})


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_query_a_hostile_graph(tmp_path, hostile_graph, fmt):
    query = tmp_path / "titles.rq"
    query.write_text("SELECT ?article ?title ?source WHERE { ?article dcterms:title ?title ; "
                     "dcterms:source ?source }\n")
    result = kg("query", query, "--graph", hostile_graph, "--format", fmt, "--limit", "0")
    check(result, notes=True)
    assert result.exit_code == 0
    if fmt == "json":
        json.loads(result.stdout)
    if fmt in ("csv", "tsv"):
        rows = csv_rows(result.stdout, "," if fmt == "csv" else "\t", f"kg query --format {fmt}")
        titles = {str(t) for t in rdflib.Graph().parse(hostile_graph).objects(None, DCTERMS.title)}
        read = {row[1] for row in rows[1:] if len(row) == 3}
        lost = sorted(titles - read) if fmt == "csv" else []     # TSV escapes what it cannot hold
        assert len(rows) == 1 + len(titles) and not lost, \
            f"{fmt}: values broke rows ({len(rows)} rows for {len(titles)}): {[safe(t) for t in lost]}"


def test_validate_a_hostile_graph(hostile_graph):
    check(kg("validate", str(hostile_graph)))


# ---------------------------------------------------------------- real processes: /dev/zero, /dev/full

KG_COMMAND = [str(Path(sys.executable).with_name("kg"))] if Path(sys.executable).with_name("kg").exists() \
    else [sys.executable, "-m", "kg.cli"]
MEMORY_LIMIT = 2 << 30         # address space of a child: a read of /dev/zero fails fast, not the machine


def run_process(args, cwd, stdout=subprocess.PIPE, timeout=60):
    import resource

    def limits():
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    try:
        return subprocess.run(KG_COMMAND + [str(a) for a in args], cwd=cwd, stdout=stdout, stderr=subprocess.PIPE,
                              timeout=timeout, preexec_fn=limits, env={**os.environ, "KG_DEBUG": "1"})
    except subprocess.TimeoutExpired:
        pytest.fail(f"kg {' '.join(map(str, args))} ran over {timeout} s", pytrace=False)


def check_process(proc, expect_code: int | None = None) -> None:
    __tracebackhide__ = True
    stderr = proc.stderr.decode("utf-8", "backslashreplace")
    if proc.returncode not in (0, 1) or "Traceback" in stderr or "Exception ignored" in stderr:
        lines = [line for line in stderr.splitlines() if line.strip()] or ["(nothing)"]
        frames = [line.strip() for line in lines if line.startswith("  File ")]
        pytest.fail(f"exit {proc.returncode}; last stderr line: {safe(lines[-1], 300)}"
                    + (f"\n    last frame: {frames[-1]}" if frames else ""), pytrace=False)
    if proc.returncode == 1:
        check_error_text(stderr)
    if expect_code is not None:
        assert proc.returncode == expect_code, f"exit {proc.returncode}: {safe(stderr)}"


ZERO_CASES = {
    "build /dev/zero": lambda d, g: ["build", "/dev/zero", "--out", d / "out", *FAST],
    "build zero.txt -> /dev/zero": lambda d, g: ["build", d / "zero.txt", "--out", d / "out", *FAST],
    "build zero.jsonl -> /dev/zero": lambda d, g: ["build", d / "zero.jsonl", "--out", d / "out", *FAST],
    "build a folder with zero.txt": lambda d, g: ["build", d / "in", "--out", d / "out", *FAST],
    "query zero.rq": lambda d, g: ["query", d / "zero.rq", "--graph", g],
    "query --graph zero.ttl": lambda d, g: ["query", "members", "--graph", d / "zero.ttl"],
    "validate zero.ttl": lambda d, g: ["validate", d / "zero.ttl"],
    "export --graph zero.nt": lambda d, g: ["export", "--graph", d / "zero.nt", "--format", "nt"],
    "view --graph zero.ttl": lambda d, g: ["view", "--graph", d / "zero.ttl", "--out", d / "v.html"],
}


@pytest.mark.skipif(not (LINUX and Path("/dev/zero").exists()), reason="needs Linux's /dev/zero")
@pytest.mark.parametrize("case", ZERO_CASES.values(), ids=ZERO_CASES.keys())
def test_reading_dev_zero(tmp_path, good, case):
    for name in ("zero.txt", "zero.jsonl", "zero.rq", "zero.ttl", "zero.nt"):
        (tmp_path / name).symlink_to("/dev/zero")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "zero.txt").symlink_to("/dev/zero")
    proc = run_process(case(tmp_path, good / "kg.ttl"), cwd=tmp_path)
    check_process(proc, expect_code=1)
    assert not (tmp_path / "out" / "kg.ttl").exists() and not (tmp_path / "v.html").exists()


@pytest.mark.skipif(not (LINUX and Path("/dev/full").exists()), reason="needs Linux's /dev/full")
@pytest.mark.parametrize("args", [["export", "--format", "nt"], ["query", "members"], ["query", "--list"]],
                         ids=["export nt", "query members", "query --list"])
def test_standard_output_on_a_full_disk(tmp_path, good, args):
    """Standard output is /dev/full: every write fails with ENOSPC."""
    if args[0] in ("export", "query") and "--list" not in args:
        args = [*args, "--graph", good / "kg.ttl"]
    with open("/dev/full", "wb") as full:
        proc = run_process(args, cwd=tmp_path, stdout=full)
    check_process(proc, expect_code=1)


# ======================================================================
# 3. Random input (hypothesis)

PHRASES = ["某某县委书记张三", "到城关镇调研", "春耕生产", "县长李四", "出席会议并讲话", "本报讯", "3月5日，",
           "某某有限公司向县红十字会捐赠价值20万元的防疫物资", "（记者 王五）", "（通讯员 赵六）", "区委常委、宣传部部长钱七",
           "慰问困难群众", "2021年1月1日", "。", "，", "、", "\n\n", "\n", "# 某某新闻\n", "● ", "——", "（上接一版）",
           "（下转二版）", "责任编辑：孙八", "某某社区党支部书记周九", "召开专题会议", "主持", "值守卡点", "复工复产",
           "图为", "摄", "１２３４５", "二〇二一年", "Ｈｅｌｌｏ", "第一书记"]
SPECIALS = list(SPECIAL.values()) + ["\ud800", "\udfff", "\udc80", "\U0010ffff", "\u200e", "\u2066", "\u2029",
                                     "\x1c", "\x0b", "\x0c", "\x9b[31m", "</script>", "<!--", "&", "{", "}", "\\u0000"]
any_char = st.one_of(st.characters(), st.characters(categories=["Cs", "Co", "Cc", "Cf", "Cn"]))
hostile_text = st.lists(st.one_of(st.sampled_from(PHRASES), st.sampled_from(SPECIALS), any_char,
                                  st.text(any_char, max_size=4)), max_size=24).map("".join)
news_text = st.lists(st.one_of(st.sampled_from(PHRASES), st.sampled_from(SPECIALS)), min_size=1,
                     max_size=16).map("".join)

INTERESTING_BYTES = [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\x00",
                     b"\r\n", b"\n\n", b"\r", "某某县委书记张三".encode(), "县长李四".encode("gb18030"),
                     "縣長".encode("big5"), "县长".encode("utf-16-le"), b"\xed\xa0\x80", b"\xc0\x80", b"\xf4\x90\x80\x80",
                     b"\x85", b"\xe2\x80\xae", b"{", b"}", b'"text": "', b'"', b"\\u", b"[", b"9" * 50, b"\x1b"]
random_bytes = st.one_of(st.binary(max_size=1500),
                         st.lists(st.one_of(st.sampled_from(INTERESTING_BYTES), st.binary(max_size=6)),
                                  max_size=40).map(b"".join))
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "gb18030"]


def encode(text: str, codec: str) -> bytes:
    if codec == "gb18030":
        return "".join(c for c in text if not 0xD800 <= ord(c) <= 0xDFFF).encode(codec)
    return text.encode(codec, "surrogatepass")


@contextlib.contextmanager
def scratch(good: Path | None, keep: bool):
    """A fresh folder with ``out/`` (holding a good build if ``keep``); the folder and the snapshot of out/."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        before = previous_output(folder / "out", good) if keep else {}
        yield folder, before


def build_in(folder: Path, before: dict, *paths, keep_going: bool = False):
    out = folder / "out"
    result = build(*paths, out=out, extra=FAST + ["--keep-going"] * keep_going)
    return check(result, watched=[out], before=before, outputs={out / "kg.ttl": "kg"}, warnings=keep_going)


@fuzz(60)
@given(data=random_bytes, suffix=st.sampled_from([".txt", ".md"]), keep=st.booleans())
def test_random_bytes_as_a_page(good, data, suffix, keep):
    with scratch(good, keep) as (folder, before):
        (folder / f"page{suffix}").write_bytes(data)
        build_in(folder, before, folder / f"page{suffix}")


@fuzz(60)
@given(data=random_bytes, head=st.sampled_from([b"", json.dumps({"text": TEXT}).encode() + b"\n"]),
       keep=st.booleans(), keep_going=st.booleans())
def test_random_bytes_as_a_corpus(good, data, head, keep, keep_going):
    with scratch(good, keep) as (folder, before):
        (folder / "items.jsonl").write_bytes(head + data)
        build_in(folder, before, folder / "items.jsonl", keep_going=keep_going)


@fuzz(60)
@given(text=st.one_of(hostile_text, news_text), codec=st.sampled_from(ENCODINGS),
       suffix=st.sampled_from([".txt", ".md"]), keep=st.booleans())
def test_random_unicode_as_a_page(good, text, codec, suffix, keep):
    with scratch(good, keep) as (folder, before):
        (folder / f"page{suffix}").write_bytes(encode(text, codec))
        build_in(folder, before, folder / f"page{suffix}")


@fuzz(60)
@given(items=st.lists(st.fixed_dictionaries({"text": st.one_of(news_text, hostile_text)},
                                            optional={"title": hostile_text, "id": hostile_text,
                                                      "date": st.one_of(hostile_text, st.sampled_from(
                                                          ["2021-03-05", "2021年3月5日", "20210305", "2021/13/45"]))}),
                      min_size=1, max_size=4),
       ascii_only=st.booleans(), keep=st.booleans(), keep_going=st.booleans())
def test_random_unicode_in_a_corpus(good, items, ascii_only, keep, keep_going):
    """Hostile text, title, id and date; JSON-escaped (\\ud800) or raw (lone surrogates → bytes not UTF-8)."""
    with scratch(good, keep) as (folder, before):
        (folder / "items.jsonl").write_bytes(jsonl(items, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass"))
        graph = build_in(folder, before, folder / "items.jsonl", keep_going=keep_going)
        if graph is not None and not keep_going:
            assert len(sources(graph)) == len(items), f"{len(items)} items gave {len(sources(graph))} articles"


json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), hostile_text, news_text)
json_value = st.recursive(json_scalar, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                               st.dictionaries(hostile_text, inner, max_size=4)),
                          max_leaves=12)
json_item = st.builds(lambda fixed, extra: {**extra, **fixed},
                      st.fixed_dictionaries({}, optional={"text": st.one_of(news_text, json_value),
                                                          "title": json_value, "date": json_value,
                                                          "id": json_value}),
                      st.dictionaries(hostile_text, json_value, max_size=3))
json_line = st.one_of(json_item.map(json.dumps), json_value.map(json.dumps),
                      st.builds(lambda item, cut: json.dumps(item)[:cut], json_item, st.integers(0, 40)),
                      st.sampled_from(["", " ", "\r", "[]", "{}", "null", '{"text": "x"', "\ufeff{}", "{'text': 1}"]))


@fuzz(80)
@given(lines=st.lists(json_line, min_size=1, max_size=5), newline=st.sampled_from(["\n", "\r\n"]),
       keep=st.booleans(), keep_going=st.booleans())
def test_random_jsonl_shapes(good, lines, newline, keep, keep_going):
    """Objects with any keys and any value types for text, title, date and id; other JSON; broken lines."""
    with scratch(good, keep) as (folder, before):
        (folder / "items.jsonl").write_bytes(newline.join(lines).encode("utf-8", "surrogatepass"))
        build_in(folder, before, folder / "items.jsonl", keep_going=keep_going)


name_part = st.one_of(st.binary(min_size=1, max_size=40),
                      hostile_text.map(lambda s: s.encode("utf-8", "surrogatepass")),
                      st.sampled_from([b"a[1]", b"%41", b"a#b", b"..", b".hidden", b"-", b"\xff", b"\n", b" "]))
file_entry = st.tuples(st.sampled_from([b"", b"x", b"y/z"]), name_part,
                       st.sampled_from([b".txt", b".md", b".TXT", b".Md"]), st.sampled_from(["page", "big5", "binary"]))
CONTENTS = {"page": (HOSTILE / "page.txt").read_bytes(), "big5": (HOSTILE / "big5.txt").read_bytes(),
            "binary": bytes(range(256))}


@fuzz(40)
@given(entries=st.lists(file_entry, min_size=1, max_size=4), as_folder=st.booleans(), keep=st.booleans())
def test_random_file_names(good, entries, as_folder, keep):
    """Pages under any names the file system takes (any bytes but / and NUL), in up to three folders."""
    with scratch(good, keep) as (folder, before):
        root = os.fsencode(folder / "in")
        os.mkdir(root)
        made = []
        for sub, part, suffix, content in entries:
            name = part.replace(b"/", b"_").replace(b"\0", b"_")[:200] + suffix
            path = os.path.join(root, sub, name) if sub else os.path.join(root, name)
            if path in (p for p, _ in made):
                continue
            try:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "xb") as handle:
                    handle.write(CONTENTS[content])
            except OSError:
                continue                    # a name taken by a folder, or the other way round
            made.append((path, content))
        if not made:
            return
        args = [folder / "in"] if as_folder else [os.fsdecode(p) for p, _ in made]
        graph = build_in(folder, before, *args)
        if graph is not None:
            read = [p for p, c in made if not as_folder or
                    not any(part.startswith(b".") for part in os.path.relpath(p, root).split(b"/"))]
            assert len(sources(graph)) == len(read), \
                f"{len(read)} files gave {len(sources(graph))} sources: {sorted(map(safe, sources(graph)))}"


query_text = st.one_of(hostile_text, st.builds(lambda a, b: f"SELECT * WHERE {{ ?s ?p {a} }} {b}", hostile_text,
                                               hostile_text))


@fuzz(40)
@given(data=st.one_of(random_bytes, query_text.map(lambda s: s.encode("utf-8", "surrogatepass"))))
def test_random_query_files(good, data):
    with tempfile.TemporaryDirectory() as name:
        query = Path(name) / "q.rq"
        query.write_bytes(data)
        check(kg("query", query, "--graph", good / "kg.ttl"), notes=True)


# argv holds no NUL; undecodable bytes come in as surrogates U+DC80-U+DCFF (surrogateescape)
argument = hostile_text.map(lambda s: "".join(
    c if not (c == "\x00" or 0xD800 <= ord(c) <= 0xDFFF) else "\udcff" for c in s))


@pytest.mark.parametrize("command", ["query name", "query param", "view focus", "view types", "view article",
                                     "export out", "build path"])
@fuzz(20)
@given(value=argument)
def test_random_arguments(good, command, value):
    """Any string as a query name, a parameter, a focus, a class list, an article, an output or input path.

    Paths stay inside a scratch folder: "/" becomes "_", and the command runs three folders down in it
    (so "" and ".." name empty folders of its own)."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        cwd = folder / "a" / "b" / "c"
        cwd.mkdir(parents=True)
        graph = good / "kg.ttl"
        component = value.replace("/", "_")
        args = {"query name": ["query", component, "--graph", graph],
                "query param": ["query", "co-mentions", "--param", f"person={value}", "--graph", graph],
                "view focus": ["view", "--graph", graph, "--focus", value, "--out", folder / "v.html"],
                "view types": ["view", "--graph", graph, "--types", value, "--out", folder / "v.html"],
                "view article": ["view", "--graph", graph, "--article", value, "--out", folder / "v.html"],
                "export out": ["export", "--graph", graph, "--format", "nt", "--out",
                               folder / f"x{component[:50]}.nt"],
                "build path": ["build", component, "--out", folder / "out", *FAST]}[command]
        with contextlib.chdir(cwd):
            result = kg(*args)
        outputs = {folder / "v.html": "html"} if command.startswith("view") else \
            {folder / "out" / "kg.ttl": "kg"} if command == "build path" else \
            {folder / f"x{component[:50]}.nt": "rdf"} if command == "export out" else {}
        check(result, watched=[folder], before={}, outputs=outputs, notes=True)
