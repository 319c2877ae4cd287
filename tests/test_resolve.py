"""Entity resolution: which mentions are one thing, and stable IRIs."""
from __future__ import annotations

import pytest
from rdflib.namespace import OWL

from kg.model import Document
from kg.pipeline import build_documents
from kg.vocab import ID

DISTRICT = """## 惠济区全力做好疫情防控工作

2020年2月13日，区委书记王明主持召开会议，研究部署疫情防控工作。

2月14日，区长陈刚到古荥镇刘庄村督导疫情防控工作。刘庄村党支部组织党员在卡点值守。

区委、区政府高度重视疫情防控工作。我区各镇全力以赴，坚决打赢疫情防控阻击战。

（记者 刘洋）
"""


def page(county: str, leader: str, day: int) -> str:
    return f"## {county}防控工作\n\n2020年2月{day}日，{leader}王明主持召开会议。\n\n（记者 刘洋）\n"


@pytest.fixture(scope="module")
def district(lexicon):
    return build_documents([Document(name="t.txt", text=DISTRICT)], lexicon)


def by_label(build):
    return {e.label: e for e in build.entities}


def test_short_forms_resolve_to_the_district(district):
    entities = by_label(district)
    assert (entities["惠济区委"].type, entities["惠济区委"].aliases) == ("PartyOrganization", {"区委", "惠济区委"})
    assert (entities["惠济区人民政府"].type, entities["惠济区人民政府"].aliases) == \
        ("GovernmentBody", {"区政府", "惠济区人民政府"})
    assert entities["惠济区"].type == "AdministrativeArea"
    assert "我区" in entities["惠济区"].aliases
    assert not {"区委", "区政府", "我区"} & set(entities)


def test_village_with_and_without_town_is_one_entity(district):
    villages = [e for e in district.entities if e.type == "Community"]
    assert [(e.label, e.aliases) for e in villages] == [("刘庄村", {"刘庄村", "古荥镇刘庄村"})]
    keys = {m.key for f in district.facts for m in f.mentions if m.name in ("刘庄村", "古荥镇刘庄村")}
    assert len(keys) == 1


def test_same_name_in_two_counties_is_two_people(lexicon):
    build = build_documents([Document(name="a.txt", text=page("惠济区", "区委书记", 13)),
                             Document(name="b.txt", text=page("中牟县", "县委书记", 14))], lexicon)
    people = [e for e in build.entities if e.label == "王明"]
    assert len(people) == 2
    assert len({e.key for e in people}) == 2
    # kept apart on purpose, and the graph says so
    assert sorted((str(a), str(b)) for a, b in build.graph.subject_objects(OWL.differentFrom)) == [
        (f"{ID}person/刘洋", f"{ID}person/刘洋_惠济区"), (f"{ID}person/王明", f"{ID}person/王明_惠济区")]


def test_same_name_in_two_counties_and_in_national_news_is_one_person(lexicon):
    national = "## 全国防控工作\n\n2020年2月12日，国务院副秘书长王明到湖北督导疫情防控工作。\n"
    build = build_documents([Document(name="a.txt", text=page("惠济区", "区委书记", 13)),
                             Document(name="b.txt", text=page("中牟县", "县委书记", 14)),
                             Document(name="c.txt", text=national)], lexicon)
    assert [e.key for e in build.entities if e.label == "王明"] == ["person/王明"]
    assert [str(a) for a, _ in build.graph.subject_objects(OWL.differentFrom)] == [f"{ID}person/刘洋"]


def test_same_name_in_one_county_is_one_person(lexicon):
    build = build_documents([Document(name="a.txt", text=page("惠济区", "区委书记", 13)),
                             Document(name="b.txt", text=page("惠济区", "区委书记", 14))], lexicon)
    assert [e.key for e in build.entities if e.label == "王明"] == ["person/王明"]


def test_iris_are_stable(lexicon, district):
    again = build_documents([Document(name="t.txt", text=DISTRICT)], lexicon)
    first = sorted(district.graph.serialize(format="nt").splitlines())
    second = sorted(again.graph.serialize(format="nt").splitlines())
    assert first == second
    assert any("/id/person/王明>" in line for line in first)


def test_title_reference_is_the_named_person(lexicon):
    text = ("## 古荥镇全力做好防控工作\n\n2020年2月13日，为切实做好新冠肺炎疫情防控工作，古荥镇党委书记"
            "吴建设带领工作人员到刘庄村督导疫情防控工作。吴书记要求各村严防死守，坚决打赢疫情防控阻击战。\n\n"
            "（记者 刘洋）\n")
    build = build_documents([Document(name="t.txt", text=text)], lexicon)
    people = {e.label: e for e in build.entities if e.type == "Person"}
    assert set(people) == {"吴建设", "刘洋"}
    assert "吴书记" in people["吴建设"].aliases


def test_city_forms_on_a_county_level_citys_page(lexicon):
    text = ("## 新郑市全力做好防控工作\n\n2020年2月13日，市委书记马建国到龙湖镇督导疫情防控工作，"
            "市政府有关负责人参加。\n\n（记者 刘洋）\n")
    build = build_documents([Document(name="t.txt", text=text)], lexicon)
    labels = {e.label for e in build.entities}
    assert {"新郑市委", "新郑市人民政府", "新郑市", "龙湖镇"} <= labels
    assert "郑州市委" not in labels


def test_a_group_is_labelled_by_the_form_written_most(lexicon):
    # the prefixed form, written once, joins the group but does not name it
    text = ("## 红星化工有限公司复工\n\n红星化工有限公司2月10日复工。城东区红星化工有限公司向社区捐赠口罩。"
            "红星化工有限公司负责人表示，将做好防控。\n")
    companies = [e for e in build_documents([Document(name="c.txt", text=text)], lexicon).entities
                 if e.type == "Company"]
    assert [(e.label, e.aliases) for e in companies] == \
        [("红星化工有限公司", {"红星化工有限公司", "城东区红星化工有限公司"})]
