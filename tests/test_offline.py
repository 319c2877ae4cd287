"""kg makes no network connection it was not asked for (issue 15).

A SERVICE clause would have pyoxigraph query another server, from Rust: a
query with one is refused unless ``--allow-service``. build, validate, view
and query are run with Python's sockets refused, to show that nothing else
reaches out (owl:imports, remote JSON-LD contexts, DTDs, …).
"""
from __future__ import annotations

import contextlib
import re
import socket
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.namespace import SH

from kg.cli import main
from kg.errors import KGError
from kg.query import QUERIES_DIR, load_query, load_store, refuse_service, run_query, service_calls
from kg.remote import run_remote_query
from kg.validate import ONTOLOGY_DIR

HERE = Path(__file__).parent
MINI = HERE / "fixtures" / "mini.ttl"
SEEDS = HERE.parent / "seeds"
REFUSAL = re.compile(r"^kg: error: (?P<path>.+?):(?P<line>\d+): (?P<clause>.+) would query another server "
                     r"over the network; kg query runs offline \(pass --allow-service to allow it\)\n$")


def kg(*args) -> object:
    return CliRunner().invoke(main, [str(a) for a in args])


def one_error_line(result) -> str:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.startswith("kg: error: ") and result.output.count("\n") == 1, result.output
    assert "Traceback" not in result.output
    return result.output


@contextlib.contextmanager
def listener():
    """A server on a free localhost port that counts the connections it gets and closes each."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.05)
    arrived, stop = [], threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            arrived.append(1)
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], arrived
    finally:
        stop.set()
        thread.join()
        server.close()


def closed_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]


# --------------------------------------------------------------------------
# Finding SERVICE clauses

U = "http://127.0.0.1:9/sparql"
REFUSED = {
    "plain": f"SELECT * WHERE {{ SERVICE <{U}> {{ ?s ?p ?o }} }}",
    "lower case": f"select * where {{ service <{U}> {{ ?s ?p ?o }} }}",
    "mixed case": f"SELECT * WHERE {{ SeRvIcE <{U}> {{ ?s ?p ?o }} }}",
    "silent": f"SELECT * WHERE {{ SERVICE SILENT <{U}> {{ ?s ?p ?o }} }}",
    "no spaces": f"SELECT * WHERE{{SERVICE<{U}>{{?s ?p ?o}}}}",
    "glued silent": f"SELECT * WHERE {{ SERVICESILENT<{U}> {{ ?s ?p ?o }} }}",
    "variable": f"SELECT * WHERE {{ BIND(<{U}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
    "prefixed name": "PREFIX r: <http://127.0.0.1:9/> SELECT * WHERE { SERVICE r:sparql { ?s ?p ?o } }",
    "glued prefixed name": "PREFIX s: <http://127.0.0.1:9/> SELECT * WHERE { SERVICEs:sparql { ?s ?p ?o } }",
    "glued default prefix": "PREFIX : <http://127.0.0.1:9/> SELECT * WHERE { SERVICE:sparql { ?s ?p ?o } }",
    "comment inside": f"SELECT * WHERE {{ SERVICE # why not\n  <{U}> {{ ?s ?p ?o }} }}",
    "after a triple": f"SELECT * WHERE {{ ?s ?p ?o.SERVICE <{U}> {{ ?s ?p ?o }} }}",
    "after a number": f"SELECT * WHERE {{ ?s ?p 1SERVICE <{U}> {{ ?s ?p ?o }} }}",
    "in a subquery": f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{U}> {{ ?s ?p ?o }} }} }} }}",
    "in FILTER EXISTS": f"SELECT * WHERE {{ FILTER EXISTS {{ SERVICE <{U}> {{ ?s ?p ?o }} }} }}",
    "in OPTIONAL": f"SELECT * WHERE {{ OPTIONAL {{ SERVICE <{U}> {{ ?s ?p ?o }} }} }}",
    "in MINUS": f"SELECT * WHERE {{ MINUS {{ SERVICE <{U}> {{ ?s ?p ?o }} }} }}",
    "ASK": f"ASK {{ SERVICE <{U}> {{ ?s ?p ?o }} }}",
    "CONSTRUCT": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{U}> {{ ?s ?p ?o }} }}",
    "after a string": f"SELECT * WHERE {{ BIND(\"x\" AS ?x)SERVICE <{U}> {{ ?s ?p ?o }} }}",
}
ALLOWED = {
    "string": 'SELECT ?s WHERE { ?s ?p "SERVICE <http://x/> { ?a ?b ?c }" }',
    "single-quoted string": "SELECT ?s WHERE { ?s ?p 'SERVICE <http://x/> { ?a ?b ?c }' }",
    "long string": 'SELECT ?s WHERE { ?s ?p """a\nSERVICE <http://x/> {\n""" }',
    "escaped quote": 'SELECT ?s WHERE { ?s ?p "a\\" SERVICE <http://x/> { ?a ?b ?c }" }',
    "comment": "# SERVICE <http://x/> { ?a ?b ?c }\nSELECT ?s WHERE { ?s ?p ?o }",
    "comment after code": "SELECT ?s WHERE { ?s ?p ?o } # SERVICE <http://x/> {",
    "IRI": "SELECT ?s WHERE { ?s <http://example.org/SERVICE> ?o }",
    "IRI with a #": "SELECT ?s WHERE { ?s <http://example.org/a#SERVICE> ?o }",
    "variable": "SELECT ?service WHERE { ?service ?p ?o }",
    "variable before a group": "SELECT ?service { ?service ?p ?o }",
    "prefix called service": "PREFIX service: <http://e/> SELECT ?s WHERE { ?s service:p ?o }",
    "graph named service:g": ("PREFIX service: <http://e/> SELECT ?s FROM NAMED service:g "
                              "WHERE { GRAPH service:g { ?s ?p ?o } }"),
    "local name": "PREFIX ex: <http://e/> SELECT ?s WHERE { ?s ex:SERVICE ?o }",
    "language tag": 'SELECT ?s WHERE { ?s ?p "x"@en-service }',
    "a brace in a string after ex:service": 'PREFIX ex: <http://e/> SELECT ?s WHERE { ?s ex:service "{" }',
}


@pytest.mark.parametrize("text", REFUSED.values(), ids=REFUSED.keys())
def test_service_clauses_are_found(text):
    assert service_calls(text)


@pytest.mark.parametrize("text", ALLOWED.values(), ids=ALLOWED.keys())
def test_service_in_a_string_comment_iri_or_name_is_no_service_clause(text):
    assert service_calls(text) == []
    list(load_store(MINI).query(text))          # and the query is valid: pyoxigraph runs it


def test_the_clause_is_told_with_its_line():
    [call] = service_calls("PREFIX ex: <http://e/>\n# a SERVICE here is a comment\nSELECT * {\n"
                           "  ?s ?p ?o .\n  SERVICE   SILENT\n <http://x/> { ?s ?p ?o } }")
    assert call.line == 5 and call.text == "SERVICE SILENT <http://x/>"


def pyoxigraph_connects(text: str, port: int, arrived: list) -> bool:
    """Whether pyoxigraph, running ``text`` on a store of one triple, connected to the listener on ``port``."""
    before = len(arrived)
    store = ox.Store()
    store.add(ox.Quad(ox.BlankNode("b"), ox.NamedNode("http://e/p"), ox.Literal("x", language="en")))
    with contextlib.suppress(SyntaxError, OSError, RuntimeError, ValueError):
        answer = store.query(text.replace("127.0.0.1:9", f"127.0.0.1:{port}"))
        if not isinstance(answer, ox.QueryBoolean):
            list(answer)
    return len(arrived) > before


def test_pyoxigraph_does_follow_service_and_finds_no_other_clause():
    """What the refusal guards against, and that each ALLOWED query is no call for pyoxigraph either."""
    with listener() as (port, arrived):
        for name, text in REFUSED.items():
            if "?u" not in text and "?s ?p 1" not in text:      # an unbound name, a pattern that fails first
                assert pyoxigraph_connects(text, port, arrived), name
        for name, text in ALLOWED.items():
            assert not pyoxigraph_connects(text.replace("http://x/", f"http://127.0.0.1:{port}/"), port, arrived), name


@pytest.fixture(scope="module")
def one_listener():
    with listener() as port_and_arrived:
        yield port_and_arrived


def _part(good, bad=()):
    """One of the ``good`` pieces nine times in ten, else one of the ``bad``."""
    good, bad = list(good), list(bad)
    return st.sampled_from(good * (9 * len(bad) or 1) + bad * len(good))


_SPACE = ("", " ", "\n", "# c\n", "\t")
# A SERVICE clause, each part with its near misses: what stands before it, the keyword
# (glued, cut, quoted), SILENT, the name, and the separators between them.
SERVICE_SHAPED = st.tuples(
    _part(("", "?s ?p ?o .", "?s ?p ?o", "?s ?p 1", '?s ?p "x"', "# c\n", "?s ?p ?o.", "_:b ?p ?o .", "?s ?p ?o @en",
           "OPTIONAL {", "MINUS {", "{", "{} ", "BIND(<http://127.0.0.1:9/q> AS ?u)", "FILTER EXISTS {",
           "VALUES ?x { 1 }", "{ SELECT * WHERE {"),
          ("#", '"', "'", '"""', "<", "ex:o", "ex:o.", "GRAPH", "FROM", "ex:", "\\", "?")),
    _part(_SPACE),
    _part(("SERVICE", "service", "SeRvIcE", "SERVICEs:q", "SERVICE:q", "SERVICESILENT"),
          ("SERV ICE", "SERVICE_", "xSERVICE", "ex:SERVICE", "?SERVICE", '"SERVICE"', "<SERVICE>", "@SERVICE",
           "_:SERVICE", "S\\u0045RVICE", "SERVICE:")),
    _part(_SPACE, ("#",)),
    _part(("", "SILENT", "silent"), ("SILENT:q", "SILENTLY")),
    _part(_SPACE, ("#",)),
    _part(("<http://127.0.0.1:9/q>", "s:q", ":q", "?u", "$u", ""),
          ("<http://127.0.0.1:9/q", '"http://127.0.0.1:9/q"', "<http://127.0.0.1:9/ q>")),
    _part(_SPACE, ("#",)),
    _part(("{ ?s ?p ?o }", "{}", "{ ?s ?p ?o } }", "{} } }"), ("{", "", "?s ?p ?o }")),
    _part(("", " .", " ?s ?p ?o"), ("}", '"', "#")),
).map("".join)


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(SERVICE_SHAPED)
def test_whatever_pyoxigraph_would_send_is_found(one_listener, body):
    """Differential: a query on which pyoxigraph opens a connection always has a clause found."""
    port, arrived = one_listener
    text = ("PREFIX s: <http://127.0.0.1:9/> PREFIX : <http://127.0.0.1:9/> PREFIX ex: <http://e/> "
            f"PREFIX SERVICEs: <http://e/> SELECT * WHERE {{ {body} }}")
    if pyoxigraph_connects(text, port, arrived):
        assert service_calls(text), text


def test_no_named_query_or_shape_uses_service():
    for path in sorted(QUERIES_DIR.glob("*.rq")):
        query = load_query(path)
        assert service_calls(query.text) == [], path.name
        assert query.keys is None or service_calls(query.keys) == [], path.name
        refuse_service(query)
    shapes = Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")
    selects = [str(o) for p in (SH.select, SH.ask) for o in shapes.objects(None, p)]
    assert selects and all(service_calls(text) == [] for text in selects)


# --------------------------------------------------------------------------
# kg query

def test_a_query_with_service_is_refused_naming_file_and_line(tmp_path):
    query = tmp_path / "q.rq"
    query.write_text("PREFIX ex: <http://e/>\n# this one asks a server\nSELECT * WHERE {\n"
                     f"  SERVICE <{U}> {{ ?s ?p ?o }}\n}}\n")
    with listener() as (port, arrived):
        query.write_text(query.read_text().replace("127.0.0.1:9", f"127.0.0.1:{port}"))
        output = one_error_line(kg("query", query, "--graph", MINI))
    match = REFUSAL.match(output)
    assert match and match["path"] == str(query) and match["line"] == "4", output
    assert match["clause"] == f"SERVICE <http://127.0.0.1:{port}/sparql>"
    assert arrived == []


@pytest.mark.parametrize("name", ["silent", "lower case", "variable", "glued prefixed name", "ASK"])
def test_every_form_of_service_is_refused(tmp_path, name):
    query = tmp_path / "q.rq"
    query.write_text(REFUSED[name])
    assert REFUSAL.match(one_error_line(kg("query", query, "--graph", MINI)))


def test_a_keys_query_with_service_is_refused(tmp_path):
    query = tmp_path / "keys.rq"
    query.write_text("# name: keys\n# param: s — a subject\n"
                     f"# keys: SELECT ?s WHERE {{ SERVICE <{U}> {{ ?s ?p ?o }} }}\n"
                     "SELECT ?s ?o WHERE { VALUES ?s { UNDEF } ?s ?p ?o } ORDER BY ?s\n")
    match = REFUSAL.match(one_error_line(kg("query", query, "--graph", MINI)))
    assert match and match["line"] == "3"
    with pytest.raises(KGError, match="would query another server"):
        run_query(load_store(MINI), query)


@pytest.mark.parametrize("name", ["string", "comment", "IRI", "variable", "prefix called service"])
def test_service_in_a_string_comment_or_iri_runs(tmp_path, name):
    query = tmp_path / "q.rq"
    query.write_text(ALLOWED[name])
    result = kg("query", query, "--graph", MINI)
    assert result.exit_code == 0, result.output


def test_allow_service_lets_it_through_to_a_closed_port(tmp_path):
    query = tmp_path / "q.rq"
    query.write_text(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{closed_port()}/sparql> {{ ?s ?p ?o }} }}\n")
    output = one_error_line(kg("query", query, "--graph", MINI, "--allow-service"))
    assert output.startswith(f"kg: error: {query}: the query failed: ") and "refused" in output.lower(), output


def test_allow_service_silent_on_a_closed_port_gives_one_empty_row(tmp_path):
    query = tmp_path / "q.rq"
    query.write_text(f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{closed_port()}/sparql> {{ ?s ?p ?o }} }}\n")
    result = kg("query", query, "--graph", MINI, "--allow-service", "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == '[\n  {\n    "o": null,\n    "p": null,\n    "s": null\n  }\n]'


def test_allow_service_does_reach_the_server(tmp_path):
    query = tmp_path / "q.rq"
    with listener() as (port, arrived):
        query.write_text(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}\n")
        one_error_line(kg("query", query, "--graph", MINI, "--allow-service"))
    assert arrived


def test_an_endpoint_query_with_service_is_refused_before_connecting(tmp_path):
    query = tmp_path / "q.rq"
    query.write_text(REFUSED["plain"])
    with listener() as (port, arrived):
        endpoint = f"http://127.0.0.1:{port}/query"
        assert REFUSAL.match(one_error_line(kg("query", query, "--endpoint", endpoint)))
        with pytest.raises(KGError, match="would query another server"):
            run_remote_query(endpoint, query, tries=1)
        assert arrived == []
        # with --allow-service the query goes to the endpoint (which here hangs up)
        one_error_line(kg("query", query, "--endpoint", endpoint, "--allow-service"))
        assert arrived


def test_print_runs_nothing_so_it_shows_a_service_query(tmp_path):
    query = tmp_path / "q.rq"
    query.write_text(REFUSED["plain"])
    result = kg("query", query, "--print")
    assert result.exit_code == 0 and "SERVICE" in result.output


# --------------------------------------------------------------------------
# Nothing else reaches out

def test_build_validate_view_query_export_connect_to_nothing(tmp_path, no_connections):
    out = tmp_path / "out"
    corpus = tmp_path / "items.jsonl"
    corpus.write_text('{"id": "1", "date": "2021-01-01", "text": "区委书记宋洁主持召开会议。"}\n', encoding="utf-8")
    # a graph that names remote things: owl:imports, a remote @base
    remote = tmp_path / "remote.ttl"
    remote.write_text("@base <http://127.0.0.1:9/> .\n@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                      "<onto> owl:imports <http://127.0.0.1:9/other.ttl>, <https://w3id.org/zhkg/ontology> .\n",
                      encoding="utf-8")
    remote_jsonld = tmp_path / "remote.jsonld"
    remote_jsonld.write_text('{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "http://e/a"}')

    result = kg("build", SEEDS / "003_e0eea08fd75f2ef3.txt", corpus, "--out", out, "--jobs", "1", "--no-cache")
    assert result.exit_code == 0, result.output
    assert kg("validate", out / "kg.ttl").exit_code == 0
    assert kg("validate", remote).exit_code in (0, 1)
    one_error_line(kg("validate", remote_jsonld))       # no remote context is fetched: an error instead
    assert kg("view", "--graph", out / "kg.ttl", "--out", tmp_path / "v.html").exit_code == 0
    assert kg("view", "--graph", remote, "--out", tmp_path / "r.html").exit_code == 0
    for name in ("summary", "posts", "most-active"):
        assert kg("query", name, "--graph", out / "kg.ttl").exit_code == 0, name
    assert kg("export", "--graph", out / "kg.ttl", "--format", "trig", "--out", tmp_path / "kg.trig").exit_code == 0
    assert no_connections == [], f"kg tried to connect to {no_connections}"
