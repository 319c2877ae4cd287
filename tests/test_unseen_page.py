"""An invented page in the genre, written after the rules: what a careful reader expects.

Its phrasing differs from the seed pages on purpose (会议由…主持, …一行先后来到,
two donations in one sentence, villages named with everyday words).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.reading import read_inputs
from kg.lexicon import load_lexicon
from kg.pipeline import build_documents

PAGE = Path(__file__).parent / "fixtures" / "pages" / "invented_county_page.txt"


@pytest.fixture(scope="module")
def build():
    return build_documents(read_inputs([PAGE]), load_lexicon())


def actions(build, type_):
    return [(sorted(m.name for m in a.agents), a) for f in build.facts for a in f.actions if a.type == type_]


def test_articles_and_bylines(build):
    got = [(a.title, a.reporters, a.correspondents) for a in build.articles]
    assert got == [("县委书记李明华深入乡村督导疫情防控工作", ["王磊"], ["陈晓东"]),
                   ("古荥镇召开全镇疫情防控推进会", ["王磊"], []),
                   ("爱心企业助力抗疫", [], ["陈晓东"])]


def test_villages_named_with_everyday_words(build):
    communities = {e.label for e in build.entities if e.type == "Community"}
    assert {"黄河村", "大河村", "东风社区"} <= communities


def test_inspection_with_targets_and_companion(build):
    [(agents, inspection)] = actions(build, "Inspection")
    assert agents == ["李明华"]
    assert [m.name for m in inspection.targets] == ["黄河村", "大河村", "郑州万顺食品有限公司"]
    assert [m.name for m in inspection.participants] == ["张建军"]


def test_meetings_convened_and_chaired(build):
    got = {tuple(agents): [m.name for m in a.participants] for agents, a in actions(build, "Meeting")}
    assert got[("古荥镇", "孙丽")] == ["周海涛"]


def test_two_donations_in_one_sentence_and_a_recipient(build):
    got = sorted((agents, a.amount, a.recipient.name if a.recipient else None)
                 for agents, a in actions(build, "Donation"))
    assert got == [(["吴振华"], 8600, None),
                   (["郑州万顺食品有限公司"], 30000, "古荥镇红十字会"),
                   (["钱红军"], 100000, "惠济区慈善总会")]


def test_a_visited_checkpoint_is_no_duty(build):
    assert all(agents != ["李明华"] for agents, _ in actions(build, "CheckpointDuty"))


def test_leader_and_the_body_led_and_a_quoted_speaker():
    text = ("## 太康县驻村工作队坚守一线\n\n县文联驻黄河村工作队在文联主席郑建平的带领下，切实做好卡点值守工作。\n\n"
            "老党员孙立新今年68岁。“现在，我一天到晚都在卡点上值守。”\n\n（记者 王磊）\n")
    from kg.model import Document
    build = build_documents([Document(name="t.txt", text=text)], load_lexicon())
    duties = sorted(tuple(m.name for m in a.agents) for f in build.facts for a in f.actions
                    if a.type == "CheckpointDuty")
    assert duties == [("太康县文联", "郑建平"), ("孙立新",)]
