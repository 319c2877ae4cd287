"""Benchmark: kg's build speed against its tagger alone and jieba's POS tagger, on the same text.

    python bench/bench_build.py [--items 300] [--corpus ../shared/corpora/xwlb_2021.jsonl]

Reads the first ``--items`` items of a JSONL corpus and, in one run, times
on exactly the same sentences:

- kg's whole build (read, tag, extract, resolve, RDF, SHACL validation not
  included: ``build_documents``),
- kg's extraction with the rules alone (``StubTagger()``: no tagger),
- the tagger alone (LAC, the batches kg sends it),
- jieba's part-of-speech tagger alone (as the rules use it, HMM on).

It prints characters per second for each and the ratios the tagger issue
asks for: the build against the tagger alone (target ≥ 0.6×) and against
the rules alone (kg 0.1 was the rules alone). Not a test: machines are noisy.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from kg.ingest import split_articles
from kg.lexicon import load_lexicon
from kg.model import Document
from kg.pipeline import build_documents
from kg.tagger import LacTagger, StubTagger
from kg.text import split_sentences

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "xwlb_2021.jsonl"


def read_items(path: Path, n: int) -> list[Document]:
    docs = []
    with open(path, encoding="utf-8") as f:
        for k, line in enumerate(f):
            if k >= n:
                break
            item = json.loads(line)
            docs.append(Document(name=f"{path.name}#{k}", text=item["text"], path=str(path),
                                 title=item.get("title") or "", id=str(k)))
    return docs


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=300)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"bench_build: no corpus at {args.corpus}", file=sys.stderr)
        return 1
    docs = read_items(args.corpus, args.items)
    sentences = [s.clean for d in docs for a in split_articles(d) for s in split_sentences(a)]
    chars = sum(len(s) for s in sentences)
    lexicon = load_lexicon()
    lac = LacTagger()
    lac.tag(sentences[:4])                       # load the model outside the timings
    build_documents(docs[:2], lexicon)           # and jieba's dictionary

    from kg.mentions import Segmenter
    posseg = Segmenter(lexicon, StubTagger()).posseg
    times = {
        "kg build (LAC + rules)": timed(lambda: build_documents(docs, lexicon, tagger=lac)),
        "kg rules alone (kg 0.1's way)": timed(lambda: build_documents(docs, lexicon, tagger=StubTagger())),
        "LAC tagger alone": timed(lambda: [lac.tag(sentences[i:i + 32]) for i in range(0, len(sentences), 32)]),
        "jieba posseg alone": timed(lambda: [posseg.lcut(s, HMM=True) for s in sentences]),
    }
    print(f"{len(docs)} items, {len(sentences)} sentences, {chars:,} characters")
    for name, seconds in times.items():
        print(f"  {name:32} {seconds:6.2f} s  {chars / seconds / 1000:7.1f} K chars/s")
    build, rules, tagger = (times[k] for k in list(times)[:3])
    print(f"build speed / tagger speed:      {tagger / build:.2f}×  (target ≥ 0.6×)")
    print(f"build speed / rules-alone speed: {rules / build:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
