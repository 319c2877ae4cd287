"""Sentences in → facts out: invented sentences in the genre, run through the whole pipeline.

Places are real (惠济区 and its 古荥镇, from the public gazetteer); people,
villages and companies are made up.
"""
from __future__ import annotations

import pytest

from kg.model import Document
from kg.pipeline import build_documents

PAGE = """## 惠济区召开疫情防控工作会议

2020年2月13日，区委书记王明主持召开会议，研究部署疫情防控工作。

2月14日，区长陈刚到古荥镇刘庄村督导疫情防控工作。

古荥镇党委副书记、镇长赵文军在卡点值守。刘庄村党支部组织党员在卡点值守。

2月15日，老党员孙德福向刘庄村捐款2万元。郑州恒达机械有限公司捐赠价值5万元的消毒液。

2月16日，郑州恒达机械有限公司和河南宏远食品有限公司复工复产。

共产党员周建国在村口值班。志愿者刘晓红、王丽、杨帆在卡点值班。

2月17日，为切实做好新冠肺炎疫情防控工作，古荥镇党委书记吴建设带领工作人员到刘庄村督

导疫情防控工作，要求各村严防死守，坚决打赢疫情防控阻击战。

（记者 刘洋）
"""

# Sentences that once defeated the extractor: names after 区领导, targets before the trigger.
HARD = """## 惠济区召开疫情防控工作会议

2020年2月13日，区委书记王明主持召开会议，区领导李华明、张志强出席会议。

2月14日，区长陈刚到古荥镇刘庄村督导疫情防控工作。

（记者 刘洋）
"""


@pytest.fixture(scope="module")
def build(lexicon):
    return build_documents([Document(name="t.txt", text=PAGE)], lexicon)


@pytest.fixture(scope="module")
def hard(lexicon):
    return build_documents([Document(name="t.txt", text=HARD)], lexicon)


def entities(build):
    return {e.label: e for e in build.entities}


def memberships(build):
    return [(m.person.name, m.title, m.organization.name if m.organization else None)
            for f in build.facts for m in f.memberships]


def actions(build, type_):
    return [a for f in build.facts for a in f.actions if a.type == type_]


def names(mentions):
    return [m.name for m in mentions]


def test_one_article(build):
    assert [(a.title, a.reporters) for a in build.articles] == [("惠济区召开疫情防控工作会议", ["刘洋"])]


def test_entity_classes(build):
    assert {label: e.type for label, e in entities(build).items()} == {
        "惠济区": "AdministrativeArea",
        "古荥镇": "AdministrativeArea",
        "刘庄村": "Community",
        "郑州恒达机械有限公司": "Company",
        "河南宏远食品有限公司": "Company",
        "惠济区委": "PartyOrganization",
        "古荥镇党委": "PartyOrganization",
        "刘庄村党支部": "PartyOrganization",
        "惠济区人民政府": "GovernmentBody",
        "古荥镇人民政府": "GovernmentBody",
        "王明": "Person", "陈刚": "Person", "赵文军": "Person", "孙德福": "Person",
        "周建国": "Person", "刘晓红": "Person", "王丽": "Person", "杨帆": "Person",
        "吴建设": "Person", "刘洋": "Person",
    }


def test_village_with_town_prefix_is_an_alias(build):
    assert entities(build)["刘庄村"].aliases == {"刘庄村", "古荥镇刘庄村"}


def test_party_members(build):
    members = {label for label, e in entities(build).items() if e.party_member}
    # 区委书记, 党委副书记, 党委书记 are party posts; 老党员 and 共产党员 say it
    assert members == {"王明", "赵文军", "吴建设", "孙德福", "周建国"}


def test_memberships_with_stacked_titles(build):
    assert memberships(build) == [
        ("王明", "区委书记", "惠济区委"),
        ("陈刚", "区长", "惠济区人民政府"),
        ("赵文军", "党委副书记", "古荥镇党委"),
        ("赵文军", "镇长", "古荥镇人民政府"),
        ("吴建设", "党委书记", "古荥镇党委"),
    ]


def test_relations(build):
    rels = {(r.predicate, r.subject.name, r.object.name) for f in build.facts for r in f.relations
            if not r.weak}
    assert ("partyBranchOf", "刘庄村党支部", "刘庄村") in rels
    assert ("partyBranchOf", "古荥镇党委", "古荥镇") in rels
    assert ("locatedIn", "刘庄村", "古荥镇") in rels
    assert entities(build)["古荥镇"].located_in == {"area/惠济区"}


def test_every_relation_edge_says_why(build):
    """One rdf:Statement per edge, derived from the sentences that state it or the gazetteer."""
    from rdflib import RDF
    from rdflib.namespace import PROV

    from kg.vocab import ID, KG
    graph = build.graph
    why = {}
    for st in graph.subjects(RDF.type, KG.RelationStatement):
        edge = tuple(str(graph.value(st, p)).rpartition("/")[2].rpartition("#")[2]
                     for p in (RDF.subject, RDF.predicate, RDF.object))
        why[edge] = sorted(str(graph.value(ev, KG.text) or ev) for ev in graph.objects(st, PROV.wasDerivedFrom))
        assert (graph.value(st, RDF.subject), graph.value(st, RDF.predicate), graph.value(st, RDF.object)) in graph
    edges = {(str(s).rpartition("/")[2], str(p).rpartition("#")[2], str(o).rpartition("/")[2])
             for p in (KG.locatedIn, KG.partyBranchOf) for s, o in graph.subject_objects(p)}
    assert set(why) == edges
    assert why["刘庄村党支部", "partyBranchOf", "刘庄村"] == ["刘庄村党支部组织党员在卡点值守。"]
    assert why["古荥镇", "locatedIn", "惠济区"] == [str(ID["source/gazetteer"])]
    assert "2月14日，区长陈刚到古荥镇刘庄村督导疫情防控工作。" in why["刘庄村", "locatedIn", "古荥镇"]


def test_meeting(build):
    [meeting] = actions(build, "Meeting")
    assert (names(meeting.agents), meeting.date) == (["王明"], "2020-02-13")


def test_inspection_agent_and_date(build):
    got = [(names(a.agents), a.date) for a in actions(build, "Inspection")]
    assert got == [(["陈刚"], "2020-02-14"), (["吴建设"], "2020-02-17")]


def test_donations(build):
    got = [(names(a.agents), a.recipient.name if a.recipient else None, a.amount, a.date)
           for a in actions(build, "Donation")]
    assert got == [(["孙德福"], "刘庄村", 20000, "2020-02-15"),
                   (["郑州恒达机械有限公司"], None, 50000, None)]


def test_resumption_of_work(build):
    [resumption] = actions(build, "ResumptionOfWork")
    assert names(resumption.agents) == ["郑州恒达机械有限公司", "河南宏远食品有限公司"]
    assert resumption.date == "2020-02-16"


def test_checkpoint_duty_and_enumeration(build):
    assert [names(a.agents) for a in actions(build, "CheckpointDuty")] == [
        ["赵文军"], ["刘庄村党支部"], ["周建国"], ["刘晓红", "王丽", "杨帆"]]


def test_evidence_cuts_the_source(build):
    evidence = [m.evidence for f in build.facts for m in f.memberships] + \
               [a.evidence for f in build.facts for a in f.actions]
    assert len(evidence) == 15
    for ev in evidence:
        assert PAGE[ev.span.start:ev.span.end] == ev.span.text
    for f in build.facts:
        for m in f.mentions:
            if not m.implied:
                assert PAGE[m.start:m.end] == m.span.text


def test_evidence_across_a_line_break(build):
    [ev] = [m.evidence for f in build.facts for m in f.memberships if m.person.name == "吴建设"]
    assert ev.span.text == ("2月17日，为切实做好新冠肺炎疫情防控工作，古荥镇党委书记吴建设带领工作人员到刘庄村督"
                            "\n\n导疫情防控工作，要求各村严防死守，坚决打赢疫情防控阻击战。")
    assert PAGE[ev.span.start:ev.span.end] == ev.span.text
    [person] = [m for f in build.facts for m in f.mentions if m.name == "吴建设"]
    assert PAGE[person.start:person.end] == "吴建设"


def test_meeting_participants_after_district_leaders(hard):
    [meeting] = actions(hard, "Meeting")
    assert names(meeting.participants) == ["李华明", "张志强"]


def test_inspection_target_before_the_trigger(hard):
    [inspection] = actions(hard, "Inspection")
    assert names(inspection.targets) == ["刘庄村"]
