"""Sentences of an article (kg.text.split_sentences): clean text, exact source spans."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import Article, Document
from kg.text import split_sentences


def article_of(text: str) -> Article:
    return Article(Document(name="t.txt", text=text), 0, 0, len(text))


def test_ocr_line_break_inside_a_sentence():
    text = "当前，全区疫情防控进入胶着\n\n对垒状态，各村要严防死守，坚决打赢疫情防控阻击战。"
    sentences = split_sentences(article_of(text))
    assert len(sentences) == 1
    s = sentences[0]
    assert s.clean == "当前，全区疫情防控进入胶着对垒状态，各村要严防死守，坚决打赢疫情防控阻击战。"
    assert not any(ch.isspace() for ch in s.clean)
    assert (s.start, s.end) == (0, len(text))
    span = s.span()
    assert span.text == text[span.start:span.end] == text
    # a piece of the clean text maps back to its source, line break included
    i = s.clean.index("胶着")
    piece = s.span(i, i + 4)
    assert piece.text == "胶着\n\n对垒" == text[piece.start:piece.end]


def test_sentences_end_at_full_stops():
    text = "区委书记主持召开会议。区领导出席会议！\n\n会议要求各单位严防死守。"
    assert [s.clean for s in split_sentences(article_of(text))] == [
        "区委书记主持召开会议。", "区领导出席会议！", "会议要求各单位严防死守。"]


ALPHABET = st.sampled_from(list("疫情防控工作社区村镇书记会议捐款") + [" ", "\n", "。", "，"])


@settings(max_examples=200)
@given(st.text(ALPHABET, max_size=120))
def test_sentences_cut_the_source_exactly(text):
    for s in split_sentences(article_of(text)):
        assert text[s.start:s.end] == s.text
        assert "".join(s.text.split()) == s.clean
        assert s.clean
        span = s.span()
        assert text[span.start:span.end] == span.text
