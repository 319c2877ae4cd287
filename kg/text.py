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
# A sentence longer than this (in source characters, whitespace counted) is cut
# into pieces no longer, at the best break there is: after a comma, at a space,
# else anywhere. No sentence of xwlb_2021.jsonl is half as long (the longest
# has 673 characters), so news is never cut; text without full stops (a page
# run into one line with no punctuation, a run of digits) still costs the rules
# time linear in its length.
MAX_SENTENCE_CHARS = 1_000
_SOFT_BREAKS = "，,、：:；;"
_SPACES = " \u3000\t\n\r\xa0"


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
        for end in piece_ends(doc, prev, cut):
            sentence = make_sentence(doc, prev, end)
            if sentence is not None:
                sentences.append(sentence)
            prev = end
    return sentences


def piece_ends(text: str, start: int, end: int, limit: int = MAX_SENTENCE_CHARS) -> list[int]:
    """Where ``text[start:end]`` is cut into pieces of at most ``limit`` characters: the end of each.

    Just ``[end]`` for a span within the limit. A longer one is cut after the
    last comma (，,、：:；;) of each window of ``limit`` characters, else at its
    last whitespace, else at the limit; a break in the window's first half is
    used only if there is none in the second. The pieces follow one another,
    so they cover the span exactly.
    """
    ends = []
    while end - start > limit:
        window_end = start + limit
        cut = _last_break(text, start, window_end)
        ends.append(cut)
        start = cut
    ends.append(end)
    return ends


def _last_break(text: str, start: int, stop: int) -> int:
    """The best place to cut ``text[start:stop]``: after its last comma, at its last space, else ``stop``."""
    half = start + max(1, (stop - start) // 2)     # a cut at ``start`` would make no piece
    comma = max(text.rfind(ch, start, stop) for ch in _SOFT_BREAKS) + 1
    space = max(text.rfind(ch, start, stop) for ch in _SPACES)
    for lo in (half, start + 1):
        if comma >= lo:
            return comma
        if space >= lo:
            return space
    return stop


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
