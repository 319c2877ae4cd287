"""Sentences of an article, with OCR line breaks and spaces taken out.

Extractors match on ``Sentence.clean`` (no whitespace: OCR breaks lines
mid-word and spaces out numbers) and map what they find back to offsets in
the decoded source with ``Sentence.span``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Article, Span

SENTENCE_END = "。！？!?；;"
CLOSERS = "”’」』）)"
# A line this short with no inner punctuation is a headline, caption or byline:
# it stands alone rather than continuing into the next line.
STANDALONE_MAX = 40
_INNER_PUNCT = re.compile(r"[，,。；;：:、！？!?]")


@dataclass
class Sentence:
    doc_text: str
    start: int                      # offsets in doc_text, end exclusive
    end: int
    clean: str                      # the sentence without whitespace
    index: list[int]                # clean position → doc offset

    def span(self, clean_start: int = 0, clean_end: int | None = None) -> Span:
        """The source span of clean[clean_start:clean_end]."""
        clean_end = len(self.clean) if clean_end is None else clean_end
        a, b = self.index[clean_start], self.index[clean_end - 1] + 1
        return Span(a, b, self.doc_text[a:b])

    @property
    def text(self) -> str:
        return self.doc_text[self.start:self.end]


def is_standalone_line(line: str) -> bool:
    """Headlines, captions, bylines: short lines without sentence punctuation."""
    stripped = "".join(line.split())
    return 0 < len(stripped) <= STANDALONE_MAX and not _INNER_PUNCT.search(stripped[:-1] or "x") \
        and stripped[-1] not in "，,、。；;！？!?"


def _breaks(text: str, offset: int) -> list[int]:
    """Offsets (into the document) where a sentence ends."""
    cuts = []
    pos = 0
    for line in text.splitlines(keepends=True):
        line_start, line_end = offset + pos, offset + pos + len(line.rstrip("\r\n"))
        if is_standalone_line(line):
            cuts += [line_start, line_end]
        pos += len(line)
    for m in re.finditer(f"[{SENTENCE_END}][{CLOSERS}]*", text):
        cuts.append(offset + m.end())
    return sorted(set(cuts))


def split_sentences(article: Article) -> list[Sentence]:
    """The article's sentences in order, each with its clean text."""
    doc = article.doc.text
    sentences = []
    prev = article.start
    for cut in _breaks(doc[article.start:article.end], article.start) + [article.end]:
        sentence = make_sentence(doc, prev, cut)
        if sentence is not None:
            sentences.append(sentence)
        prev = cut
    return sentences


def make_sentence(doc: str, start: int, end: int) -> Sentence | None:
    """The sentence doc[start:end], trimmed of surrounding whitespace; None if empty."""
    while start < end and doc[start].isspace():
        start += 1
    while end > start and doc[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    index = [i for i in range(start, end) if not doc[i].isspace()]
    return Sentence(doc, start, end, "".join(doc[i] for i in index), index)
