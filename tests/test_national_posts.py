"""Posts in the national register: stacked posts with 原 (former), bodies named by
the province of the sentence, a committee's own bodies, the village's party branch,
and the home district a page has or has not.

Sentences are invented in the genre of 新闻联播 and the discipline commission's
notices; places are real, people and villages made up.
"""
from __future__ import annotations

from kg.model import Document
from kg.pipeline import build_documents


def build(lexicon, *texts):
    docs = [Document(name=f"item.jsonl#{k}", text=t, path="item.jsonl", title="通报", id=str(k))
            for k, t in enumerate(texts)]
    return build_documents(docs, lexicon)


def posts(lexicon, text):
    return [(m.person.name, m.title, m.organization.name if m.organization else None)
            for f in build(lexicon, text).facts for m in f.memberships]


def test_stacked_former_posts_each_with_its_body(lexicon):
    assert posts(lexicon, "浙江省委原常委，省政府原党组副书记、副省长周明远违规收受礼金。") == [
        ("周明远", "常委", "浙江省委"),
        ("周明远", "党组副书记", "浙江省政府党组"),
        ("周明远", "副省长", "浙江省人民政府")]


def test_national_posts_in_a_row_each_with_its_body(lexicon):
    text = "中共中央政治局常委、国务院副总理、国务院食品安全委员会主任韩明远主持召开会议。"
    assert posts(lexicon, text) == [
        ("韩明远", "政治局常委", "中共中央政治局"),
        ("韩明远", "副总理", "国务院"),
        ("韩明远", "主任", "国务院食品安全委员会")]


def test_a_bare_committee_body_after_a_post_in_the_committee_is_its_own(lexicon):
    assert posts(lexicon, "湖南省委原常委、政法委原书记吴海林违规长期占用公车。") == [
        ("吴海林", "常委", "湖南省委"), ("吴海林", "书记", "湖南省委政法委")]


def test_a_post_after_one_in_a_units_party_group_is_in_the_unit(lexicon):
    assert posts(lexicon, "华东机械集团有限公司原党组书记、董事长钱立群长期违规。") == [
        ("钱立群", "党组书记", "华东机械集团有限公司党组"), ("钱立群", "董事长", "华东机械集团有限公司")]
    names = {e.label for e in build(lexicon, "华东机械集团有限公司原党组书记钱立群。").entities}
    assert "华东机械集团" not in names            # the group is the company's name, no second company


def test_committees_of_counties_named_in_a_list_and_of_a_municipality(lexicon):
    assert posts(lexicon, "河北省阜平县委书记刘海明、浙江省安吉县委书记沈立权分别发言。") == [
        ("刘海明", "县委书记", "阜平县委"), ("沈立权", "县委书记", "安吉县委")]
    assert posts(lexicon, "中共上海市委副书记、市长龚立明介绍。") == [
        ("龚立明", "市委副书记", "上海市委"), ("龚立明", "市长", "上海市人民政府")]


def test_a_party_group_after_a_post_in_a_body_is_the_bodys(lexicon):
    assert posts(lexicon, "全国政协主席、党组书记汪立明主持会议。") == [
        ("汪立明", "主席", "全国政协"), ("汪立明", "党组书记", "全国政协党组")]


def test_a_province_named_in_the_sentence_owns_its_bare_bodies(lexicon):
    names = {e.label for e in build(lexicon, "四川省召开会议，省委书记钱立群讲话，省政府有关负责人参加。").entities}
    assert {"四川省委", "四川省人民政府"} <= names
    assert not {"省委", "省政府"} & names


def test_a_post_after_is_in_the_village_named_before(lexicon):
    assert posts(lexicon, "全国人大代表张海平是江苏连云港东湾村的党支部书记。") == [
        ("张海平", "人大代表", "全国人大"), ("张海平", "党支部书记", "东湾村党支部")]


def test_one_passing_mention_of_a_county_makes_no_home(lexicon):
    # two national items name two counties once each: one 钱立群, not two
    result = build(lexicon, "企业家钱立群在平山县投资建厂。", "企业家钱立群在扶沟县投资建厂，带动就业。")
    assert [e.key for e in result.entities if e.type == "Person"] == ["person/钱立群"]


def test_a_page_that_speaks_of_its_county_has_a_home(lexicon):
    result = build(lexicon, "## 扶沟县防控工作\n\n县委书记钱立群到卡点值守。\n\n（记者 刘洋）\n")
    assert {f.home for f in result.facts} == {"扶沟县"}


def test_places_written_in_a_row_lie_each_in_the_one_before(lexicon):
    result = build(lexicon, "钱立群是江苏徐州马庄村的党支部书记。北京上海两地联合举办活动。")
    located = sorted((r.subject.name, r.object.name) for f in result.facts for r in f.relations
                     if r.predicate == "locatedIn" and not r.weak)
    assert located == [("徐州", "江苏"), ("马庄村", "徐州")]


def test_an_autonomous_prefecture_by_its_short_name(lexicon):
    result = build(lexicon, "钱立群先后在黔东南州、西双版纳州和凉山州调研。")
    assert sorted(e.label for e in result.entities if e.type == "AdministrativeArea") == [
        "凉山彝族自治州", "西双版纳傣族自治州", "黔东南苗族侗族自治州"]
    [inspection] = [a for f in result.facts for a in f.actions if a.type == "Inspection"]
    assert [m.name for m in inspection.targets] == ["黔东南州", "西双版纳州", "凉山州"]


# ------------------------------------------------------------------ actions

def actions(lexicon, text):
    return [(a.type, [m.name for m in a.agents], [m.name for m in a.targets], [m.name for m in a.participants])
            for f in build(lexicon, text).facts for a in f.actions]


def test_a_post_named_like_a_trigger_is_no_action(lexicon):
    assert actions(lexicon, "北京市某区机关二级调研员钱立群违规收受礼品。") == []


def test_an_inspection_reaches_only_the_places_of_its_clause(lexicon):
    assert actions(lexicon, "2020年9月，总书记钱立群在东湾村考察时指出，红色故事让人民群众认识了共产党。") == [
        ("Inspection", ["钱立群"], ["东湾村"], [])]


def test_a_meeting_held_by_a_body_or_a_place(lexicon):
    assert actions(lexicon, "国务院新闻办公室今天举行新闻发布会。") == [("Meeting", ["国务院新闻办公室"], [], [])]
    assert actions(lexicon, "安徽芜湖举行宣讲会。") == [("Meeting", ["芜湖"], [], [])]


def test_those_who_join_a_reception_are_no_hosts(lexicon):
    assert actions(lexicon, "全国政协主席钱立群会见全体与会代表。孙海涛、李明远等参加会见。") == [
        ("Meeting", ["钱立群"], [], ["孙海涛", "李明远"])]


def test_committees_of_districts_and_autonomous_counties_in_a_list(lexicon):
    # 黄陂 is a common word to the segmenter and 自治 a verb: neither stops the division's name
    assert posts(lexicon, "湖北省武汉市黄陂区委书记曾立新、甘肃省东乡族自治县委书记马立兰、"
                          "四川省若尔盖县委书记泽尔明分别发言。") == [
        ("曾立新", "区委书记", "黄陂区委"), ("马立兰", "县委书记", "东乡族自治县委"),
        ("泽尔明", "县委书记", "若尔盖县委")]


def test_a_township_the_gazetteer_lists_as_a_town(lexicon):
    # 叶坪 became a 镇; the press still writes 叶坪乡
    assert posts(lexicon, "在江西瑞金，叶坪乡乡长朱立江和种植大户共同谋划。") == [
        ("朱立江", "乡长", "叶坪乡人民政府")]


def test_a_post_taken_up_in_the_branch_of_the_unit_the_sentence_names(lexicon):
    assert posts(lexicon, "1991年，军门社区建立党支部，林立丹担任党支部书记。") == [
        ("林立丹", "党支部书记", "军门社区党支部")]
    assert posts(lexicon, "在古荥镇，党委书记张立三说。") == [("张立三", "党委书记", "古荥镇党委")]


def test_a_bare_party_body_with_no_unit_named_stays_unresolved(lexicon):
    # no name in the sentence says whose 党委 or 党工委: the post gets no organization
    for text, person in (("乡亲们与代表领奖的乡党委书记项立红视频通话。", "项立红"),
                         ("甸柳新村的党工委书记张立源告诉记者。", "张立源")):
        [post] = [m for f in build(lexicon, text).facts for m in f.memberships]
        assert post.person.name == person and post.title.endswith("书记")
        assert post.organization is None or post.organization.key is None


def test_a_units_bare_party_committee_and_that_committees_body(lexicon):
    assert posts(lexicon, "新疆生产建设兵团原副司令员，党委原常委、政法委原书记杨立福违规收受礼金。") == [
        ("杨立福", "副司令员", "新疆生产建设兵团"),
        ("杨立福", "常委", "新疆生产建设兵团党委"),
        ("杨立福", "书记", "新疆生产建设兵团党委政法委")]


def test_a_post_given_by_a_clause_with_as(lexicon):
    # 作为…，name: the one village the item names is the branch's
    text = "柳树湾村地处新疆伊宁县温亚尔镇。作为一个多民族村的党支部书记，买买提·艾力自打上任那天起就维护稳定。"
    assert posts(lexicon, text) == [("买买提·艾力", "党支部书记", "柳树湾村党支部")]
    assert posts(lexicon, "作为全国人大代表，王立明提出建议。") == [("王立明", "人大代表", "全国人大")]


def branches(lexicon, text):
    return sorted((r.subject.name, r.object.name) for f in build(lexicon, text).facts
                  for r in f.relations if r.predicate == "partyBranchOf")


def test_party_bodies_of_units_named_in_posts_and_lists(lexicon):
    assert branches(lexicon, "山东省德州市审计局机关党委引导干部群众学习。") == [("德州市审计局机关党委", "德州市审计局")]
    assert ("甘肃省政府党组", "甘肃省人民政府") in branches(
        lexicon, "甘肃省委原常委，省政府原党组副书记、副省长宋立亮违规收受礼金。")
    assert branches(lexicon, "张立强是江苏连云港黄窝村的党支部书记。") == [("黄窝村党支部", "黄窝村")]


def test_a_post_after_a_copula_with_a_time_word(lexicon):
    assert posts(lexicon, "叶立奖生前是浙江宁波宁海县许民村的党支部书记。") == [
        ("叶立奖", "党支部书记", "许民村党支部")]
    assert posts(lexicon, "王立明曾是刘庄村的党支部书记。") == [("王立明", "党支部书记", "刘庄村党支部")]


def test_a_foreign_city_by_its_mayor_is_a_place_with_no_government_invented(lexicon):
    text = "华盛顿市长鲍立泽已宣布延长紧急状态。"
    found = {(e.type, e.label) for e in build(lexicon, text).entities}
    assert ("AdministrativeArea", "华盛顿") in found
    assert not any(t == "GovernmentBody" for t, _ in found)      # no 华盛顿人民政府
    assert posts(lexicon, text) == [("鲍立泽", "市长", None)]
    # a piece of a longer place the tagger cut is none
    assert ("AdministrativeArea", "伦州") not in {
        (e.type, e.label) for e in build(lexicon, "北莱茵-威斯特法伦州州长阿明·拉舍特表示。").entities}


def test_a_qualified_post_keeps_its_qualifier(lexicon):
    # the title is the post as written: an acting governor is no governor, a deputy no speaker
    assert posts(lexicon, "代省长王立凯主持召开会议。") == [("王立凯", "代省长", None)]
    assert posts(lexicon, "大会执行主席赵明远主持会议。") == [("赵明远", "执行主席", None)]
    assert posts(lexicon, "议会副议长卡米兰会见了代表团。") == [("卡米兰", "副议长", None)]
    assert posts(lexicon, "市委副书记、代市长张立明主持会议。") == [
        ("张立明", "市委副书记", "市委"), ("张立明", "代市长", None)]
    # a qualifier the title has already is not taken twice
    assert posts(lexicon, "副省长刘明远出席。") == [("刘明远", "副省长", None)]
    # a rank is part of the post: a head coach is no coach, a first vice-chair no vice-chair
    assert posts(lexicon, "该队总教练韩立平表示。") == [("韩立平", "总教练", None)]
    assert posts(lexicon, "大会第一副主席孙明远出席。") == [("孙明远", "第一副主席", None)]


def test_a_foreign_countrys_ministry_is_its_own_not_chinas(lexicon):
    text = "外交部发言人王立文表示。以色列外交部发言人阿米尔表示，美国国务院也发表声明。"
    bodies = sorted(e.label for e in build(lexicon, text).entities if e.type == "GovernmentBody")
    assert bodies == ["以色列外交部", "外交部", "美国国务院"]
    assert posts(lexicon, "以色列国防部长甘立茨表示。") == [("甘立茨", "部长", "以色列国防部")]
    # China's own, named with its country, is the one named bare
    assert posts(lexicon, "中国外交部发言人王立文表示。") == [("王立文", "发言人", "外交部")]


def test_words_before_a_central_body_are_no_part_of_its_name(lexicon):
    text = "会议要求认真落实全国政协的部署。湖北省红十字会捐赠物资。朝鲜劳动党中央政治局召开会议。"
    assert sorted((e.type, e.label) for e in build(lexicon, text).entities if e.type != "AdministrativeArea") == [
        ("Organization", "全国政协"), ("Organization", "湖北省红十字会"),
        ("PartyOrganization", "朝鲜劳动党中央政治局")]
    # a name and a session number run into the body: no body named after the person
    labels = {e.label for e in build(lexicon, "会议决定撤销张立红第十三届全国政协委员资格。").entities}
    assert "全国政协" in labels and not any(label.startswith("张立红第") for label in labels)


def test_a_game_or_a_settled_outcome_is_no_bureau(lexicon):
    text = "红星队先失一局，随后连扳三局。丰收已成定局。明年要开好局。中铁二十一局承建该项目。"
    # (the company's type aside: a 局 it is by its name)
    assert [e.label for e in build(lexicon, text).entities if e.type != "AdministrativeArea"] == ["中铁二十一局"]


def test_a_country_written_short_before_its_ministry_is_that_country(lexicon):
    assert posts(lexicon, "美国防部长奥立汀表示。") == [("奥立汀", "部长", "美国防部")]
    # a date's 日 and China's pairing 中俄 name no foreign state
    assert posts(lexicon, "24日外交部发言人王立文表示。") == [("王立文", "发言人", "外交部")]
    labels = {e.label for e in build(lexicon, "中俄外交部门举行磋商。国务院召开会议。").entities}
    assert "俄外交部" not in labels


def test_a_national_body_keeps_the_quan_of_quanguo(lexicon):
    # 全 before a level is "the whole" (全省: a reference); before 国 it is "national"
    labels = {e.label for e in build(lexicon, "全国人大外事委员会召开会议。全国绿化委员会发出通知。").entities}
    assert {"全国人大外事委员会", "全国绿化委员会"} <= labels
    assert not any(label.startswith("国") for label in labels)


def test_a_body_named_for_the_party_is_a_party_organization(lexicon):
    text = "中共中央西北局旧址修缮完成。中国共产党第十九届中央纪律检查委员会召开全体会议。中共一大纪念馆开馆。"
    assert sorted((e.type, e.label) for e in build(lexicon, text).entities) == [
        ("Organization", "中共一大纪念馆"), ("PartyOrganization", "中共中央西北局"),
        ("PartyOrganization", "中国共产党第十九届中央纪律检查委员会")]
    # the 中共 of a party group inside a state body is the group's: the body stays a state's
    found = build(lexicon, "中共全国人大常委会党组举行会议。").entities
    assert sorted(e.type for e in found) == ["GovernmentBody", "PartyOrganization"]


def test_the_government_of_a_kind_of_region_is_that_of_the_region_named_around_it(lexicon):
    found = build(lexicon, "澳门特区政府公布新措施。特区政府表示将全力支持。",
                  "香港特区政府推出计划。特区政府发言人表示欢迎。", "特区政府表示将继续支持。")
    assert sorted(e.label for e in found.entities if e.type == "GovernmentBody") == ["澳门特区政府", "香港特区政府"]


def test_a_committee_named_for_a_party_is_the_partys_not_a_state_body(lexicon):
    found = build(lexicon, "卡兰尼亚共产党中央委员会总书记孙明亮会见代表团。", "北港民主党全国委员会主席李明远表示。")
    types = {e.label: e.type for e in found.entities}
    assert types["卡兰尼亚共产党中央委员会"] == "PartyOrganization"
    assert types["北港民主党全国委员会"] == "Organization"
