"""Long lines and long pages (issue 15): cut into bounded pieces, at a cost linear in their length.

A sentence longer than ``kg.text.MAX_SENTENCE_CHARS`` is cut into pieces no
longer, after a comma, at a space, else anywhere, and the pieces still cut the
source exactly. Cost is checked without a clock: by the number of function
calls a build makes at two sizes, and by inputs that took hours before (a long
run of digits, a line with a long run of spaces) being read at all.
"""
from __future__ import annotations

import cProfile
import pstats

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ingest import Line, classify, page_rules, split_articles
from kg.model import Article, Document
from kg.numbers import find_amounts
from kg.pipeline import build_documents
from kg.tagger import StubTagger
from kg.text import MAX_SENTENCE_CHARS, piece_ends, split_sentences

# invented news-like clauses, none with a full stop
CLAUSES = ["东风村党支部书记王海峰带领村民清扫街道", "红星公司捐款5万元用于疫情防控",
           "县委副书记张国强检查卡点值守情况", "柳林镇组织志愿者入户排查"]


def article_of(text: str) -> Article:
    return Article(Document(name="t.txt", text=text, path="t.txt"), 0, 0, len(text))


def test_a_sentence_over_the_limit_is_cut_after_commas_into_pieces_within_it():
    text = "，".join(CLAUSES[k % 4] for k in range(400)) + "。"
    assert len(text) > 5 * MAX_SENTENCE_CHARS
    sentences = split_sentences(article_of(text))
    assert len(sentences) > 5
    for s in sentences:
        assert s.end - s.start <= MAX_SENTENCE_CHARS
        assert text[s.start:s.end] == s.text
        assert s.text[-1] in "，。"                     # cut after a comma, never inside a clause
        span = s.span()
        assert text[span.start:span.end] == span.text == s.text
    # the pieces follow one another and cover the sentence
    assert [s.start for s in sentences[1:]] == [s.end for s in sentences[:-1]]
    assert (sentences[0].start, sentences[-1].end) == (0, len(text))
    # a name inside a piece still cuts its own text out of the source
    s = sentences[3]
    i = s.clean.index("张国强")
    span = s.span(i, i + 3)
    assert span.text == "张国强" == text[span.start:span.end]


def test_a_sentence_within_the_limit_is_not_cut():
    text = "，".join(CLAUSES * 10) + "。"          # about 650 characters, as the longest news sentences
    assert len(text) <= MAX_SENTENCE_CHARS
    assert [s.text for s in split_sentences(article_of(text))] == [text]


def test_without_commas_a_long_sentence_is_cut_at_spaces_then_anywhere():
    spaced = " ".join(["疫情防控工作"] * 400)
    sentences = split_sentences(article_of(spaced))
    assert all(s.end - s.start <= MAX_SENTENCE_CHARS and s.clean.startswith("疫") and s.clean.endswith("作")
               for s in sentences)
    assert "".join(s.clean for s in sentences) == "".join(spaced.split())
    solid = "中" * (3 * MAX_SENTENCE_CHARS + 7)
    assert [s.end - s.start for s in split_sentences(article_of(solid))] == [MAX_SENTENCE_CHARS] * 3 + [7]


def test_a_line_break_inside_a_long_sentence_maps_back():
    text = "，".join(CLAUSES * 30) + "。"
    text = text[:1500] + "\n\n" + text[1500:]      # an OCR line break in the middle of a piece
    sentences = split_sentences(article_of(text))
    assert "".join(s.clean for s in sentences) == "".join(text.split())
    for s in sentences:
        assert s.clean == "".join(text[s.start:s.end].split())
        assert all(text[s.index[k]] == ch for k, ch in enumerate(s.clean))


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("疫情防控社区书记7a") + ["，", ",", "、", "：", " ", "\n", "\u3000"]), max_size=400),
       st.integers(1, 60), st.integers(0, 5))
def test_cutter_pieces_fit_the_limit_and_add_up_to_the_input(text, limit, offset):
    doc = "头" * offset + text
    ends = piece_ends(doc, offset, len(doc), limit)
    starts = [offset] + ends[:-1]
    assert ends[-1] == len(doc)
    assert all(0 < b - a <= limit for a, b in zip(starts, ends)) or not text
    assert "".join(doc[a:b] for a, b in zip(starts, ends)) == text


def test_a_long_run_of_digits_and_a_long_run_of_spaces_are_read_in_linear_time():
    # each took time quadratic in the run (regex backtracking): a run of 200,000 was hours
    digits = "7" * 200_000
    assert [(a, b) for a, b, _ in find_amounts(digits + "元")] == [(0, 200_001)]
    assert find_amounts(digits) == []
    line = "会议强调，" + "\u3000" * 200_000 + "要严防死守（下转二版）"
    item = classify(Line(0, len(line), line, 0), page_rules(), False)
    assert item.closes


def _calls(fn) -> int:
    profile = cProfile.Profile()
    profile.runcall(fn)
    return sum(calls for calls, *_ in pstats.Stats(profile).stats.values())


SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "建国明华志强海峰立新丽芳文军伟平东升永红春玉秀英德福安宁光辉"


def _news_line(items: int) -> str:
    """One line of invented news, ``items`` short reports run together, each naming a
    person, a village and a company of its own (so the names the document knows grow with it)."""
    def person(k):
        return SURNAMES[k % 20] + GIVEN[k // 20 % 30] + GIVEN[k // 600 % 30]

    def village(k):
        return GIVEN[k % 30] + GIVEN[k // 30 % 30] + "村"
    return "".join(
        f"{village(k)}党支部书记{person(k)}带领党员开展疫情防控工作，"
        f"县委副书记{person(k + 7)}到{village(k + 1)}检查卡点值守情况。"
        f"{GIVEN[k % 29]}{GIVEN[k // 29 % 30]}科技有限公司捐款{k % 9 + 1}万元用于疫情防控；"
        for k in range(items))


def test_building_one_long_line_costs_calls_linear_in_its_length(lexicon):
    """The number of function calls a build makes grows as the input, not as its square:
    four times the line, at most 4.6 times the calls (the quadratic scans fixed here made it 6×
    and more at these sizes, and far more at a megabyte)."""
    tagger = StubTagger()

    def build(text):
        return lambda: build_documents([Document(name="line.txt", text=text, path="line.txt")], lexicon,
                                       tagger=tagger)
    build(_news_line(20))()                         # jieba and the rules loaded before counting
    small, big = _calls(build(_news_line(150))), _calls(build(_news_line(600)))
    assert big <= 4.6 * small, (small, big)


def test_a_megabyte_on_one_line_builds(lexicon):
    """A megabyte without a line break: runs of digits, Latin letters, Chinese without
    punctuation, spaced-out characters, and clauses without a full stop. Each part took
    time quadratic in its length before (minutes to hours at this size)."""
    clauses = "，".join(CLAUSES * 300)
    text = ("7" * 100_000 + "元" + "abcdefghij" * 10_000 + "疫情防控工作" * 20_000 + "中 " * 50_000 +
            "\u3000" * 50_000 + clauses + "（下转二版）" + " " * 10_000 + "公司捐款" + "8" * 50_000 + "万元")
    assert len(text.encode()) > 1_000_000 and "\n" not in text
    doc = Document(name="line.txt", text=text, path="line.txt")
    articles = split_articles(doc)
    assert len(articles) == 1
    sentences = split_sentences(articles[0])
    assert max(s.end - s.start for s in sentences) <= MAX_SENTENCE_CHARS
    assert "".join(s.clean for s in sentences) == "".join(text.split())
    result = build_documents([doc], lexicon, tagger=StubTagger())
    assert "东风村党支部" in {e.label for e in result.entities}
