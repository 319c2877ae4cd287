"""The named queries on a real build of seed pages 000 and 003: the rows a reader of
those pages expects."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.reading import read_inputs
from kg.lexicon import load_lexicon
from kg.pipeline import build_documents
from kg.query import load_store, run_query

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
S3 = "003_e0eea08fd75f2ef3.txt"


@pytest.fixture(scope="module")
def store():
    pages = [SEEDS / "000_9d9972b1f00130c9.txt", SEEDS / "003_e0eea08fd75f2ef3.txt"]
    return load_store(build_documents(read_inputs(pages), load_lexicon()).graph)


def rows(store, name, **params):
    result = run_query(store, name, params)
    return [dict(zip(result.columns, row)) for row in result.rows]


def column(store, name, col, **params):
    return [row[col] for row in rows(store, name, **params)]


def test_posts_of_a_person(store):
    assert [(r["title"], r["organization"]) for r in rows(store, "posts", person="宋洁")] == \
        [("区委书记", "上街区委")]


def test_a_post_stated_in_several_sentences_is_one_membership_with_each_sentence(store):
    got = rows(store, "entity-evidence", entity="宋洁")
    posts = [(r["fact"], r["source"], r["start"]) for r in got if r["role"] == "member"]
    post = "id:membership/宋洁/区委书记/party-org/上街区委"
    assert posts == [(post, S3, 390), (post, S3, 1334), (post, S3, 2405), (post, S3, 3365)]


def test_members_of_an_organization(store):
    assert [(r["title"], r["person"]) for r in rows(store, "members", organization="上街区委")] == \
        [("区委书记", "宋洁")]


def test_inspections_by_a_person_and_their_targets(store):
    targets = set(column(store, "inspections", "target", inspector="耿勇军"))
    assert {"华中电缆", "华中建机", "长铝水泥厂", "新安东路3号院", "河南长铝工业服务有限公司劳保用品生产厂",
            "六冶家属院", "水泥厂家属院", "香园街社区", "鸿盛新城", "聂寨2号院", "理想名城", "上街区"} <= targets


def test_donations_ranked_by_amount(store):
    got = [(r["amount"], r["recipient"]) for r in rows(store, "donations")]
    assert got == [(27000, "上街区慈善总会"), (20000, None), (10000, "峡窝镇疫情防控指挥部"), (None, None)]


def test_meetings_chaired_with_attendees(store):
    [meeting] = rows(store, "meetings", convener="宋洁")
    assert set(meeting["attendees"].split("、")) == {"耿勇军", "李新军", "汤晓义", "虎荣鑫", "赵晨阳", "李献民",
                                                    "张向奥", "张超", "王新伟", "李杰"}


def test_party_organizations_and_their_units(store):
    got = {(r["organization"], r["unit"]) for r in rows(store, "party-organizations")}
    assert {("上街区委", "上街区"), ("峡窝镇党委", "峡窝镇"), ("郑州市委", "郑州市"),
            ("邮政上街支行党支部", "邮政上街支行"), ("上街产业集聚区党工委", "上街产业集聚区")} <= got


def test_articles_by_reporter(store):
    assert column(store, "articles-by-reporter", "title", reporter="崔玉琳") == \
        ["94岁老党员捐款2万元助力抗击疫情", "要闻简报"]


def test_companies_that_resumed_work(store):
    assert {"郑州新生印务有限公司", "郑州长城科工贸有限公司", "郑州中力泵阀制造有限公司"} <= \
        set(column(store, "resumed-work", "company"))


def test_communities_of_a_town(store):
    assert sorted(column(store, "communities-by-town", "community", area="峡窝镇")) == \
        ["大坡顶村", "柏庙村", "营坡顶村", "金昌社区", "魏岗村"]


def test_checkpoint_duty(store):
    assert {"何承强", "刘书营", "许定理", "陶玉堂"} <= set(column(store, "checkpoint-duty", "agent"))


def test_party_member_and_the_most_active(store):
    assert column(store, "party-members", "person", person="李驹") == ["李驹"]
    top = rows(store, "most-active")[:2]
    assert {r["person"] for r in top} == {"宋洁", "耿勇军"}


def test_officials_mentioned_together(store):
    assert column(store, "co-mentions", "other", person="宋洁")[0] == "耿勇军"


def test_evidence_behind_an_entity_and_a_fact(store):
    sentences = column(store, "entity-evidence", "sentence", entity="李驹")
    assert any("李驹捐赠2万现金" in s for s in sentences)
    [fact] = rows(store, "donations")[:1]
    [evidence] = rows(store, "fact-evidence", fact=fact["donation"])
    assert "捐款两万七千元" in evidence["sentence"]


def test_resolution_audit_lists_names(store):
    aliases = {r["entity"]: r["aliases"] for r in rows(store, "aliases")}
    assert "区委" in aliases["上街区委"]
    assert rows(store, "shared-names") == []


@pytest.mark.parametrize("name", ["communities-by-town", "inspections", "posts"])
def test_a_listing_read_in_pages_gives_the_rows_of_one_run(store, monkeypatch, name):
    monkeypatch.setattr("kg.query.FIRST_PAGE_KEYS", 2)
    whole = run_query(store, name, limit=0)
    assert len(whole) > 20
    for limit in (5, 10, 20):
        paged = run_query(store, name, limit=limit)
        assert (paged.rows, paged.truncated) == (whole.rows[:limit], True)
