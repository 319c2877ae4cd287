"""Pushing to a real SPARQL store (an Oxigraph server on localhost) and querying it there."""
from __future__ import annotations

import http.server
import re
import sys
import urllib.parse
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import main
from kg.errors import KGError
from kg.export import split_by_source
from kg.names import resolve_params, store_select
from kg.query import list_queries, load_store, read_graph, run_query
from kg.remote import bound_query, endpoint_select, push, run_remote_query

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini.ttl"


class Oxigraph:
    """``oxigraph serve`` on a free localhost port, its data in ``folder``."""

    def __init__(self, folder: Path):
        self.folder = folder
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = None

    @property
    def store(self) -> str:
        return f"http://127.0.0.1:{self.port}/store"

    @property
    def query(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    def start(self) -> Oxigraph:
        binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
        self.process = subprocess.Popen([binary, "serve", "--location", str(self.folder), "--bind",
                                         f"127.0.0.1:{self.port}", "--union-default-graph"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=1).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("oxigraph serve did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def count(self, graph: str | None = None) -> int:
        pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
        return int(run_sparql(self.query, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")[0][0])


def run_sparql(endpoint: str, text: str) -> list[tuple]:
    data = urllib.parse.urlencode({"query": text}).encode()
    request = urllib.request.Request(endpoint, data=data, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request) as response:
        answer = ox.parse_query_results(response.read(), format=ox.QueryResultsFormat.JSON)
    return [tuple(term.value for term in solution) for solution in answer]


@pytest.fixture
def server(tmp_path):
    running = Oxigraph(tmp_path / "store").start()
    yield running
    running.stop()


def example_params(graph: Graph) -> list[tuple[str, dict[str, str]]]:
    """Every named query, without parameters and with each parameter at its documented example."""
    cases = []
    for query in list_queries():
        if not any(p.required for p in query.params):
            cases.append((query.name, {}))
        for param in query.params:
            example = re.search(r"e\.g\. (\S+)", param.description or "")
            if example:
                cases.append((query.name, {param.name: example[1].rstrip("，,;")}))
    return cases


def same_rows(graph: Graph, endpoint: str) -> None:
    store = load_store(graph)
    for name, params in example_params(graph):
        local, remote = run_query(store, name, params, limit=0), run_remote_query(endpoint, name, params, limit=0)
        assert remote.columns == local.columns, name
        assert comparable(remote.rows) == comparable(local.rows), (name, params)


def comparable(rows: list[tuple]) -> list[tuple]:
    # SPARQL leaves the order of GROUP_CONCAT's parts (joined by 、 or ；) to the engine
    def cell(value):
        return tuple(sorted(re.split("[、；]", value))) if isinstance(value, str) else value
    return sorted((tuple(cell(v) for v in row) for row in rows), key=repr)


def test_push_the_seeds_and_every_named_query_answers_as_locally(server, dev_pages):
    report = push(dev_pages, server.store)
    assert report.graphs == {"default": len(dev_pages)}
    assert server.count() == len(dev_pages)
    same_rows(dev_pages, server.query)


def test_push_one_named_graph_per_source(server, dev_pages):
    report = push(dev_pages, server.store, named_graphs=True, replace=True)
    parts = split_by_source(dev_pages)
    assert report.graphs == {name: len(triples) for name, triples in parts.items()}
    for name, triples in parts.items():
        assert server.count(name) == len(triples)
    same_rows(dev_pages, server.query)     # the server takes the union of its graphs as the default


def test_replace_empties_a_graph_first_and_adding_twice_adds_nothing(server):
    mini = Graph().parse(MINI)
    push(mini, server.store)
    push(mini, server.store)
    assert server.count() == len(mini)
    small = Graph()
    for triple in sorted(mini)[:100]:
        small.add(triple)
    push(small, server.store, replace=True, chunk_triples=30)
    assert server.count() == 100


def test_a_push_cut_off_halfway_is_reported_and_the_next_completes(server, tmp_path):
    mini = Graph().parse(MINI)
    chunks = []

    def stop_after_first(count):
        chunks.append(count)
        if len(chunks) == 1:
            server.stop()

    with pytest.raises(KGError, match=r"^http://127\.0\.0\.1:\d+/store\?default: graph default: "
                                      r"100 of 464 triples sent: no connection after 2 tries"):
        push(mini, server.store, chunk_triples=100, tries=2, sent=stop_after_first)
    server.start()
    assert 0 < server.count() < len(mini)
    push(mini, server.store, chunk_triples=100)
    assert server.count() == len(mini)


def test_push_a_thousand_national_items(server, thousand_items):
    graph = thousand_items
    report = push(graph, server.store, named_graphs=True, chunk_triples=10_000)
    assert sum(report.graphs.values()) == len(graph) == server.count()
    same_rows(graph, server.query)


def test_the_bound_query_means_the_same_in_a_store_without_kg(dev_pages):
    # what --print shows, run as plain SPARQL: no substitutions, no predeclared prefixes
    store = load_store(dev_pages)
    for name, params in example_params(dev_pages):
        text = bound_query(name, params)
        plain = [tuple(s) for s in store.query(text, use_default_graph_as_union=True)]
        assert len(plain) == len(run_query(store, name, params, limit=0).rows), (name, params)
    printed = bound_query("posts", {"person": "宋 \"} 洁"})
    assert '  VALUES ?person { "宋 \\"} 洁"@zh }\n  ?p rdfs:label ?person .' in printed


def test_every_parameter_of_a_named_query_says_where_it_is_bound():
    # an endpoint gets the value there, inside the subquery that binds it
    for query in list_queries():
        text = (REPO / "queries" / f"{query.name}.rq").read_text(encoding="utf-8")
        for param in query.params:
            assert f"VALUES ?{param.name} {{ UNDEF }}" in text, (query.name, param.name)


def test_a_query_file_without_a_place_for_its_value_gets_it_at_the_end(tmp_path):
    mine = tmp_path / "mine.rq"
    mine.write_text("# param: who\nSELECT ?who ?x WHERE { ?x rdfs:label ?who }\n", encoding="utf-8")
    assert bound_query(mine, {"who": "宋洁"}, limit=10) == (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "# param: who\nSELECT ?who ?x WHERE { ?x rdfs:label ?who }\n"
        'LIMIT 11\nVALUES (?who) { ("宋洁"@zh) }\n')


def test_cli_push_and_query_an_endpoint(server, tmp_path):
    runner = CliRunner()
    pushed = runner.invoke(main, ["push", str(MINI), "--endpoint", server.store, "--replace"])
    assert pushed.exit_code == 0, pushed.output
    assert "464 triples into the default graph in 1 request" in pushed.output
    asked = runner.invoke(main, ["query", "posts", "--endpoint", server.query, "--param", "person=宋洁",
                                 "--format", "tsv"])
    assert asked.exit_code == 0, asked.output
    assert asked.stdout == "person\ttitle\torganization\n宋洁\t区委书记\t上街区委\n"
    printed = runner.invoke(main, ["query", "posts", "--print", "--param", "person=宋洁"])
    assert '  VALUES ?person { "宋洁"@zh }\n' in printed.stdout


def test_names_resolve_on_an_endpoint_as_locally(server):
    # invented entities: 区委 is an alias of a party organization and of a government body
    names = REPO / "tests" / "fixtures" / "names.ttl"
    push(read_graph(names), server.store, replace=True)
    local, remote = store_select(load_store(names)), endpoint_select(server.query)
    for name, params in [("members", {"organization": "区委"}), ("party-organizations", {"organization": "区委"}),
                         ("communities-by-town", {"area": "全镇"}), ("posts", {"person": "王小明"})]:
        assert resolve_params(remote, name, params) == resolve_params(local, name, params)
    runner = CliRunner()
    asked = runner.invoke(main, ["query", "posts", "--endpoint", server.query, "--param", "person=小明",
                                 "--format", "tsv"])
    assert asked.exit_code == 0, asked.output
    assert asked.stdout == "person\ttitle\torganization\n王小明\t书记\t某某区委\n"
    assert asked.stderr == "kg: person=小明 is an alias of 王小明 (Person)\n"
    unknown = runner.invoke(main, ["query", "posts", "--endpoint", server.query, "--param", "person=王小名"])
    assert unknown.exit_code == 1
    assert unknown.output == "kg: error: no entity named 王小名; did you mean 王小明, 王小红?\n"


def test_cli_unreachable_store_is_one_line_without_the_password(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = CliRunner().invoke(main, ["push", str(MINI), "--endpoint", f"http://kg:s3cret@127.0.0.1:{port}/store"])
    assert result.exit_code == 1
    assert result.output.startswith(f"kg: error: http://127.0.0.1:{port}/store?default: graph default: 0 of 464")
    assert "s3cret" not in result.output and len(result.output.strip().splitlines()) == 1


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list = []

    def do_POST(self):
        self.seen.append(self.headers.get("Authorization"))
        self.send_response(401)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.mark.parametrize("how", ["url", "environment", "netrc"])
def test_credentials_are_sent_as_basic_auth(how, tmp_path, monkeypatch):
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    host = f"127.0.0.1:{httpd.server_address[1]}"
    url = f"http://{host}/query"
    monkeypatch.delenv("KG_ENDPOINT_USER", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    if how == "url":
        url = f"http://kg:s%40cret@{host}/query"
    elif how == "environment":
        monkeypatch.setenv("KG_ENDPOINT_USER", "kg")
        monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "s@cret")
    else:
        netrc = tmp_path / ".netrc"
        netrc.write_text("machine 127.0.0.1 login kg password s@cret\n")
        netrc.chmod(0o600)
    _Recorder.seen = []
    try:
        with pytest.raises(KGError, match="the store answered 401") as raised:
            run_remote_query(url, "summary")
    finally:
        httpd.shutdown()
    assert _Recorder.seen == ["Basic a2c6c0BjcmV0"]   # kg:s@cret
    assert "s@cret" not in str(raised.value) and "s%40cret" not in str(raised.value)


def test_not_an_http_url():
    with pytest.raises(KGError, match="not an http"):
        push(Graph(), "ftp://example.org/store")
