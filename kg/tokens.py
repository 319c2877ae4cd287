"""Clean sentence → tokens: jieba's words and parts of speech beside the trained tagger's.

The rules that find mentions read a sentence twice over: as jieba segments it
(taught our titles and suffixes, ``Lexicon.segmenter``) and as the tagger tags
it (``kg.tagger``). ``Segmenter`` holds both for every sentence of a document,
tagging them in batches ahead; ``Tokens`` answers the questions the rules ask
of one sentence: the word at a position, its part of speech, how common it is,
and the tagger's entities there.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cached_property

from .lexicon import Lexicon
from .tagger import TaggedToken, Tagger, default_tagger

PUNCT = set("，,。；;：:、！？!?“”‘’\"'（）()《》〈〉【】[]「」『』—-…·/　 \n")


def substrings(text: str, lengths) -> set[str]:
    """Every substring of ``text`` of one of ``lengths``: what a set of names of
    those lengths is intersected with to find which of them ``text`` holds."""
    return {text[a:a + n] for n in lengths for a in range(len(text) - n + 1)}


class Tokens:
    """jieba's segmentation of a clean sentence, by character position, and the
    tagger's tokens of the same sentence."""

    def __init__(self, pairs, dictionary=None, tags=None, tagged: list[TaggedToken] | None = None):
        self.dictionary = dictionary or {}
        self.tags = tags or {}
        self.tagged = tagged or []
        self.words, self.starts, self.pos = [], [], []
        i = 0
        for word, flag in pairs:
            self.words.append(word)
            self.starts.append(i)
            self.pos.append(flag)
            i += len(word)
        self.token_at = {}
        for k, (s, w) in enumerate(zip(self.starts, self.words)):
            for j in range(s, s + len(w)):
                self.token_at[j] = k

    @cached_property
    def tagged_ending(self) -> dict[int, TaggedToken]:
        """The tagger's tokens by where they end."""
        return {t.end: t for t in self.tagged}

    @cached_property
    def tagged_starting(self) -> dict[int, TaggedToken]:
        """The tagger's tokens by where they start."""
        return {t.start: t for t in self.tagged}

    def dict_pos(self, word: str) -> str:
        """The part of speech jieba's dictionary gives a word ('' if it has none)."""
        return self.tags.get(word, "")

    def freq(self, word: str) -> int:
        """How common a word is in jieba's dictionary (0 for names it does not know)."""
        return self.dictionary.get(word) or 0

    def token(self, i: int) -> tuple[int, str, str] | None:
        """(start, word, pos) of the token covering position i."""
        k = self.token_at.get(i)
        return None if k is None else (self.starts[k], self.words[k], self.pos[k])

    def entities(self, label: str) -> list[TaggedToken]:
        """The tagger's entity tokens of one kind (PER, LOC, ORG)."""
        return [t for t in self.tagged if t.entity == label]


def person_tokens(tokens: Tokens) -> list[tuple[int, int, int]]:
    """(start, end, index of the next token) of names jieba tags nr, rejoining 李/明慧."""
    out = []
    k = 0
    while k < len(tokens.words):
        word, pos, start = tokens.words[k], tokens.pos[k], tokens.starts[k]
        if pos.startswith("nr") and len(word) == 1 and k + 1 < len(tokens.words) and \
                tokens.pos[k + 1].startswith("nr") and len(tokens.words[k + 1]) <= 2:
            out.append((start, start + 1 + len(tokens.words[k + 1]), k + 2))
            k += 2
            continue
        if pos.startswith("nr") and 2 <= len(word) <= 3:
            out.append((start, start + len(word), k + 1))
        k += 1
    return out


class Segmenter:
    """A jieba tokenizer of our own (no global state), taught our titles and suffixes,
    beside the trained tagger whose entity proposals the rules check."""

    def __init__(self, lexicon: Lexicon, tagger: Tagger | None = None):
        self.lexicon = lexicon
        self.tagger = tagger if tagger is not None else default_tagger()
        self._cache: dict[str, Tokens] = {}
        self._tagged: dict[str, list[TaggedToken]] = {}
        self._once: dict[tuple[str, str], object] = {}

    @property
    def posseg(self):
        return self.lexicon.segmenter

    def prepare(self, texts, tagged: Sequence[list[TaggedToken]] | None = None) -> None:
        """Tag these sentences in one batch, ahead of the calls to ``tokens``; or take
        ``tagged``, their tags from ``self.tagger`` already (one list per text)."""
        if tagged is not None:
            self._tagged.update(zip(texts, tagged))
            return
        todo = list(dict.fromkeys(t for t in texts if t not in self._tagged))
        if todo:
            self._tagged.update(zip(todo, self.tagger.tag(todo)))

    def tokens(self, text: str) -> Tokens:
        if text not in self._cache:
            self.prepare([text])
            pairs = [(p.word, p.flag) for p in self.posseg.lcut(text, HMM=True)]
            self._cache[text] = Tokens(pairs, self.posseg.tokenizer.FREQ, self.posseg.word_tag_tab,
                                       self._tagged[text])
        return self._cache[text]

    def entity_counts(self, texts, labels: set[str]) -> Counter:
        """How often the tagger reads each string of ``texts`` as, or inside, an entity
        of these kinds (轩辕 in 轩辕氏), a sentence that comes twice (a headline the
        lead repeats) counted once."""
        texts = list(dict.fromkeys(texts))
        self.prepare(texts)
        words = [t.word for text in texts for t in self._tagged[text] if t.entity in labels]
        return Counter(part for word in words for part in substrings(word, range(2, len(word) + 1)))

    def once(self, kind: str, text: str, make):
        """``make()``, computed once for each sentence text: for what depends on a
        sentence's text alone, not on what the document has shown so far, though the
        rules read each sentence twice (callers must not change what it returns)."""
        key = (kind, text)
        if key not in self._once:
            self._once[key] = make()
        return self._once[key]


NAME_CHARS = re.compile(r"[\u4e00-\u9fff]+([·•・—－][\u4e00-\u9fff]+)*")
# what stands between the parts of one transliterated name (差猜·春哈旺, 约翰—格伦)
NAME_DOTS = {"·", "•", "・"}
NAME_JOINERS = NAME_DOTS | {"—", "－"}


def segmenter_reads_name(tokens: Tokens, a: int, b: int) -> bool:
    """Does jieba read text[a:b] as one name too?"""
    tok = tokens.token(a)
    return tok is not None and tok[0] == a and len(tok[1]) == b - a and tok[2].startswith("nr")


def word_starts(tokens: Tokens, i: int) -> bool:
    """Does jieba begin a word at text[i]?"""
    tok = tokens.token(i)
    return tok is not None and tok[0] == i
