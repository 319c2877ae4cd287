"""Facts a reader of seed page 003 expects, and the build gets right."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.reading import read_inputs
from kg.lexicon import load_lexicon
from kg.pipeline import build_documents

PAGE = Path(__file__).resolve().parents[1] / "seeds" / "003_e0eea08fd75f2ef3.txt"


@pytest.fixture(scope="module")
def build():
    return build_documents(read_inputs([PAGE]), load_lexicon())


def memberships(build):
    return {(m.person.name, m.title, m.organization.name if m.organization else None)
            for f in build.facts for m in f.memberships}


def actions(build, type_):
    return [a for f in build.facts for a in f.actions if a.type == type_]


def test_memberships(build):
    assert {("宋洁", "区委书记", "上街区委"), ("耿勇军", "区长", "上街区人民政府"),
            ("万正峰", "副市长", "郑州市人民政府"), ("徐立毅", "市委书记", "郑州市委"),
            ("王文权", "副区长", "上街区人民政府")} <= memberships(build)


def test_donation_by_li_ju(build):
    donations = [a for a in actions(build, "Donation") if [m.name for m in a.agents] == ["李驹"]]
    assert donations and {a.amount for a in donations} == {20000}
    assert {e.label: e for e in build.entities}["李驹"].party_member


def test_meeting_chaired_by_song_jie(build):
    meetings = [a for a in actions(build, "Meeting") if [m.name for m in a.agents] == ["宋洁"]]
    assert [m.name for m in meetings[0].participants][:3] == ["耿勇军", "李新军", "汤晓义"]


def test_resumption_of_work_by_the_two_companies(build):
    agents = [[m.name for m in a.agents] for a in actions(build, "ResumptionOfWork")]
    assert ["郑州新生印务有限公司", "郑州长城科工贸有限公司"] in agents


def test_every_evidence_cuts_its_text(build):
    text = build.documents[0].text
    evidence = [m.evidence for f in build.facts for m in f.memberships] + \
               [a.evidence for f in build.facts for a in f.actions]
    assert len(evidence) > 30
    for ev in evidence:
        assert text[ev.span.start:ev.span.end] == ev.span.text


@pytest.fixture(scope="module")
def all_seeds():
    return build_documents(read_inputs([PAGE.parent]), load_lexicon())


def test_every_fact_on_every_seed_page_cuts_its_evidence_from_its_source(all_seeds):
    facts = [(fact.evidence, fact) for f in all_seeds.facts for fact in f.memberships + f.actions]
    assert len(facts) > 100
    for evidence, _ in facts:
        source = (PAGE.parent / evidence.article.doc.name).read_text(encoding="utf-8")
        assert source[evidence.span.start:evidence.span.end] == evidence.span.text


def test_every_seed_graph_evidence_node_matches_its_offsets(all_seeds):
    from rdflib.namespace import DCTERMS, RDF

    from kg.vocab import KG
    graph = all_seeds.graph
    sources = {d.name: d.text for d in all_seeds.documents}
    nodes = list(graph.subjects(RDF.type, KG.Evidence))
    assert nodes
    for node in nodes:
        article = graph.value(node, KG.article)
        source = str(graph.value(article, DCTERMS.source))
        start, end = int(graph.value(node, KG.start)), int(graph.value(node, KG.end))
        assert sources[source][start:end] == str(graph.value(node, KG.text))
