"""Per entity class: a sentence in, exactly the entities out (labels and classes).

Sentences are invented in the genre; places are real (金水区 and its 文化路街道
from the bundled gazetteer), everyone and everything else made up.
"""
from __future__ import annotations

import pytest

from kg.model import Document
from kg.pipeline import build_documents

REPORTER = "张伟"


def entities_of(lexicon, sentence: str) -> list[tuple[str, str]]:
    doc = Document(name="t.txt", text=f"## 金水区扎实做好疫情防控\n\n{sentence}\n\n（记者 {REPORTER}）\n")
    build = build_documents([doc], lexicon)
    return sorted((e.type, e.label) for e in build.entities if e.label != REPORTER)


CASES = {
    "people after titles and descriptors": (
        "2月3日，金水区委副书记刘建华、老党员孙志强、志愿者马丽在文化路街道检查防控工作。",
        [("AdministrativeArea", "文化路街道"), ("AdministrativeArea", "金水区"),
         ("PartyOrganization", "金水区委"), ("Person", "刘建华"), ("Person", "孙志强"), ("Person", "马丽")]),
    "party organizations": (
        "金水区委要求，文化路街道党工委和东风路社区党支部要把防控工作做实。",
        [("AdministrativeArea", "文化路街道"), ("AdministrativeArea", "金水区"),
         ("Community", "东风路社区"), ("PartyOrganization", "东风路社区党支部"),
         ("PartyOrganization", "文化路街道党工委"), ("PartyOrganization", "金水区委")]),
    "government bodies": (
        "金水区人民政府、金水区人民检察院和文化路街道办事处联合成立金水区疫情防控指挥部。",
        [("AdministrativeArea", "文化路街道"), ("AdministrativeArea", "金水区"),
         ("GovernmentBody", "文化路街道办事处"), ("GovernmentBody", "金水区人民政府"),
         ("GovernmentBody", "金水区人民检察院"), ("GovernmentBody", "金水区疫情防控指挥部")]),
    "companies": (
        "郑州宏达电子有限公司、河南新华印刷集团和中国工商银行金水支行已全面复工。",
        [("AdministrativeArea", "金水区"), ("Company", "中国工商银行金水支行"),
         ("Company", "河南新华印刷集团"), ("Company", "郑州宏达电子有限公司")]),
    "other organizations": (
        "金水区慈善总会向郑州市第七人民医院捐赠口罩。",
        [("AdministrativeArea", "郑州市"), ("AdministrativeArea", "金水区"),
         ("Organization", "郑州市第七人民医院"), ("Organization", "金水区慈善总会")]),
    "communities": (
        "东风路社区、北林路小区、文化路3号院和李庄村的居民积极配合。",
        [("AdministrativeArea", "金水区"), ("Community", "东风路社区"), ("Community", "北林路小区"),
         ("Community", "文化路3号院"), ("Community", "李庄村")]),
    "areas from the gazetteer": (
        "从湖北武汉返回金水区文化路街道的人员要居家隔离。",
        [("AdministrativeArea", "文化路街道"), ("AdministrativeArea", "武汉市"),
         ("AdministrativeArea", "湖北省"), ("AdministrativeArea", "金水区")]),
    # 都 is a stop word and 都市 a word, but not in 昌都|市; 群众 after the comma titles no list of people
    "a city whose name ends like a word": (
        "在林芝市墨脱县、昌都市等地，各族群众跳起了欢快的民间舞蹈。",
        [("AdministrativeArea", "墨脱县"), ("AdministrativeArea", "昌都市"),
         ("AdministrativeArea", "林芝市"), ("AdministrativeArea", "金水区")]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_entities_of_each_class(lexicon, case):
    sentence, expected = CASES[case]
    assert entities_of(lexicon, sentence) == expected


def test_no_title_glued_to_a_name_and_no_fragment(lexicon):
    got = entities_of(lexicon, "区领导刘建华、虎荣生、李新民出席会议。")
    assert [label for kind, label in got if kind == "Person"] == ["刘建华", "李新民", "虎荣生"]


def test_words_after_a_descriptor_are_no_names(lexicon):
    got = entities_of(lexicon, "群众才会更安心，党员干部冲在前。")
    assert [label for kind, label in got if kind == "Person"] == []


def test_gazetteer_chain_links_areas_the_graph_has(lexicon):
    doc = Document(name="t.txt", text="## 金水区扎实做好疫情防控\n\n郑州市金水区文化路街道全力防控。\n\n（记者 张伟）\n")
    build = build_documents([doc], lexicon)
    places = {e.label: e.located_in for e in build.entities if e.type == "AdministrativeArea"}
    assert places == {"文化路街道": {"area/金水区"}, "金水区": {"area/郑州市"}, "郑州市": set()}
