"""Export formats: RDF round trips, TriG by source file, GraphML/GEXF for Gephi."""
from __future__ import annotations

import io
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF

from kg.cli import main
from kg.errors import KGError
from kg.export import ENTITIES_GRAPH, FORMATS, export_graph, ntriples_of, ordered_lines, serialize_graph, source_graph_iri
from kg.query import read_graph
from kg.vocab import ID, KG

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
S3 = "003_e0eea08fd75f2ef3.txt"
S0 = "000_9d9972b1f00130c9.txt"
RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}

# mini.ttl: 39 entities, 9 articles and 8 actions are nodes.
NODES = 39 + 9 + 8
# 97 edges: every triple between two nodes (mentions, bylines, agents, …,
# locatedIn, partyBranchOf, owl:differentFrom) and one person → organization
# edge per post.
EDGES = 97


@pytest.fixture(scope="module")
def mini() -> Graph:
    return read_graph(MINI)


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_rdf_formats_round_trip(mini, fmt):
    back = Graph().parse(data=serialize_graph(mini, fmt), format=RDFLIB_FORMAT[fmt])
    assert len(back) == len(mini)
    assert isomorphic(back, mini)


def test_literals_keep_their_lexical_form(mini):
    assert b'"20000"^^<http://www.w3.org/2001/XMLSchema#decimal>' in serialize_graph(mini, "nt")
    assert b'"20000"^^xsd:decimal' in serialize_graph(mini, "ttl")


def load_trig(data: bytes) -> Dataset:
    dataset = Dataset()
    dataset.parse(data=data, format="trig")
    return dataset


def test_trig_has_one_named_graph_per_source_and_one_for_entities(mini):
    dataset = load_trig(serialize_graph(mini, "trig"))
    sizes = {g.identifier: len(g) for g in dataset.graphs() if len(g)}
    assert set(sizes) == {source_graph_iri(S3), source_graph_iri(S0), ENTITIES_GRAPH}
    assert sum(sizes.values()) == len(mini)  # each triple in exactly one graph
    union = Graph()
    for s, p, o, _ in dataset.quads():
        union.add((s, p, o))
    assert isomorphic(union, mini)


def test_trig_puts_facts_with_the_source_of_their_evidence(mini):
    dataset = load_trig(serialize_graph(mini, "trig"))
    page0 = dataset.graph(source_graph_iri(S0))
    entities = dataset.graph(ENTITIES_GRAPH)
    assert (ID[f"article/{S0}/2"], RDF.type, KG.Article) in page0
    assert (ID[f"action/{S0}/2/0"], KG.agent, ID["person/陶玉堂"]) in page0  # action
    assert (ID["membership/陈勇/党委副书记/party-org/峡窝镇党委"], RDF.type, None) in page0  # membership
    assert (None, KG.article, ID[f"article/{S0}/1"]) in page0  # evidence
    assert (ID["person/陶玉堂"], RDF.type, KG.Person) in entities
    assert (ID["community/魏岗村"], KG.locatedIn, ID["area/峡窝镇"]) in entities
    assert not list(page0.triples((ID["person/陶玉堂"], None, None)))


def test_trig_keeps_a_post_stated_in_two_sources_with_the_entities(mini):
    post = ID["membership/宋洁/区委书记/party-org/上街区委"]
    stated_in_s0 = ID[f"evidence/{S0}/223-237"]
    mini.add((post, PROV.wasDerivedFrom, stated_in_s0))
    dataset = load_trig(serialize_graph(mini, "trig"))
    entities = dataset.graph(ENTITIES_GRAPH)
    assert set(entities.objects(post, PROV.wasDerivedFrom)) == {
        stated_in_s0, ID[f"evidence/{S3}/390-470"], ID[f"evidence/{S3}/1334-1379"]}
    assert (stated_in_s0, KG.article, ID[f"article/{S0}/0"]) in dataset.graph(source_graph_iri(S0))
    assert not list(dataset.graph(source_graph_iri(S3)).triples((post, None, None)))


@pytest.mark.parametrize("fmt,read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_gephi_formats_load_back_with_networkx(mini, fmt, read):
    graph = read(io.BytesIO(serialize_graph(mini, fmt)))
    assert graph.number_of_nodes() == NODES
    assert graph.number_of_edges() == EDGES
    song = graph.nodes["id:person/宋洁"]
    assert (song["label"], song["class"], song["posts"]) == ("宋洁", "kg:Person", "区委书记（上街区委）")
    donation = graph.nodes[f"id:action/{S3}/5/0"]
    assert (donation["class"], donation["amount"], donation["date"]) == ("kg:Donation", 20000, "2020-02-11")
    labels = {data["label"] for _, _, data in graph.edges("id:person/宋洁", data=True)}
    assert "区委书记" in labels  # the post, as an edge to 上街区委
    assert graph.is_directed()
    assert {data["label"] for _, _, data in graph.in_edges("id:person/宋洁", data=True)} >= {"kg:agent", "kg:mentions"}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_every_gephi_edge_has_an_id_of_its_own(mini, fmt):
    # Gephi keys edges by id: two edges with one id would become one
    ids = re.findall(r'<edge [^>]*\bid="([^"]+)"', serialize_graph(mini, fmt).decode())
    assert len(ids) == len(set(ids)) == EDGES


def test_export_writes_a_file_whole(mini, tmp_path):
    for fmt in FORMATS:
        path = export_graph(mini, fmt, tmp_path / f"kg.{fmt}")
        assert path.read_bytes() == serialize_graph(mini, fmt)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"kg.{fmt}" for fmt in FORMATS)


def test_unknown_format(mini):
    with pytest.raises(KGError, match="unknown export format 'xml'"):
        serialize_graph(mini, "xml")


def test_cli_export(tmp_path):
    runner = CliRunner()
    out = tmp_path / "kg.graphml"
    result = runner.invoke(main, ["export", "--graph", str(MINI), "--format", "graphml", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert nx.read_graphml(out).number_of_nodes() == NODES
    to_stdout = runner.invoke(main, ["export", "--graph", str(MINI), "--format", "nt"])
    assert to_stdout.exit_code == 0
    assert len(Graph().parse(data=to_stdout.stdout_bytes, format="nt")) == 464
    bad = runner.invoke(main, ["export", "--graph", str(MINI), "--format", "xml"])
    assert bad.exit_code == 2
    missing = runner.invoke(main, ["export", "--graph", str(tmp_path / "nope.ttl"), "--format", "ttl"])
    assert missing.exit_code == 1 and "no such graph file" in missing.output


# ------------------------------------------------------------------ the order of the Turtle

_SEGMENT = st.text(alphabet="ab-.1/_~!()中", min_size=0, max_size=4)
# pieces of a literal that look like parts of a line: " ! " and the rdf:type IRI among them
_LITERAL = st.lists(st.sampled_from([" ", "!", "<", ">", "a", "\"", "\n", "\u2028", "中", f" <{RDF.type}> "]),
                    max_size=4).map("".join)


@given(st.lists(st.tuples(_SEGMENT, st.sampled_from([RDF.type, KG.mentions, KG.text, KG.article]),
                          st.one_of(_SEGMENT.map(lambda s: ID[s]), _LITERAL.map(Literal),
                                    _LITERAL.map(lambda s: Literal(s, lang="zh")))),
                max_size=12))
def test_lines_go_by_subject_then_rdf_type_first_then_predicate_and_object(triples):
    graph = Graph()
    for subject, predicate, obj in triples:
        graph.add((ID[subject], predicate, obj))
    lines = [line for line in ntriples_of(graph).split(b"\n") if line]

    def term_order(line: bytes) -> tuple:
        subject, predicate, rest = line.split(b" ", 2)
        return subject, predicate != f"<{RDF.type}>".encode(), predicate, rest[:-2]

    assert ordered_lines(ntriples_of(graph)) == sorted(lines, key=term_order)
