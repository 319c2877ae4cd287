"""Write kg/lexicons/common_chars.txt: the characters common in Chinese news text.

kg/decoding.py reads a file that is neither UTF-8 nor UTF-16 as GB18030 or as
Big5, whichever reading has the larger share of these characters, and refuses
one whose reading has too few of them (mojibake). The list is the union of
the 2,000 most frequent non-ASCII characters (punctuation included) of

- the 新闻联播 transcripts of ../shared/corpora/xwlb_2021.jsonl (simplified),
- the same text converted to traditional characters by OpenCC (``s2t`` and
  ``s2tw``), which is what a Big5 file of such news holds,

plus the punctuation of traditional typesetting (「」『』…) that the
conversion does not produce. Only characters are kept, most frequent first, no
text. OpenCC is needed only here, not by kg: ``pip install opencc``.

    .venv/bin/python tools/common_chars.py [CORPUS]
    .venv/bin/python tools/common_chars.py --evaluate [CORPUS]

``--evaluate`` writes nothing: it makes the list from the first 70% of the
items and runs kg's decision (kg.decoding.chinese_codec) with it on windows
of the others' text, simplified in GB18030 and traditional in Big5, and on
Big5 with one byte that Big5 lacks (which must be refused, not read as GB18030).
"""
from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

import opencc

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "xwlb_2021.jsonl"
OUT = REPO / "kg" / "lexicons" / "common_chars.txt"
TOP = 2000
TRADITIONAL_PUNCTUATION = "「」『』〈〉《》（）【】，。、；：？！…—·﹁﹂﹃﹄"


def common_chars(texts: list[str]) -> dict[str, int]:
    """Character → its best rank in the lists of ``texts``, simplified and traditional."""
    counts = {"simplified": collections.Counter(c for text in texts for c in text if ord(c) > 0x7F)}
    for config in ("s2t", "s2tw"):
        convert = opencc.OpenCC(config).convert
        counts[config] = collections.Counter(c for text in texts for c in convert(text) if ord(c) > 0x7F)
    chosen: dict[str, int] = {}
    for counter in counts.values():
        for rank, (char, _) in enumerate(counter.most_common(TOP), start=1):
            chosen[char] = min(rank, chosen.get(char, rank))
    for char in TRADITIONAL_PUNCTUATION:
        chosen.setdefault(char, TOP)
    return chosen


def read_texts(corpus: Path) -> list[str]:
    return [json.loads(line)["text"] for line in corpus.open(encoding="utf-8") if line.strip()]


def main(corpus: Path = CORPUS) -> None:
    texts = read_texts(corpus)
    chosen = common_chars(texts)
    lines = [
        "# Characters common in Chinese news, simplified and traditional: the union of the",
        f"# {TOP:,} most frequent non-ASCII characters of the 新闻联播 transcripts of 2021",
        "# (../shared/corpora/xwlb_2021.jsonl) and of the same text in traditional characters",
        "# (OpenCC s2t, s2tw), with traditional punctuation. Made by tools/common_chars.py;",
        "# kg/decoding.py tells GB18030 from Big5 (and both from mojibake) by their share.",
        "# One character a line, most frequent first.",
    ]
    lines += sorted(chosen, key=lambda c: (chosen[c], c))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(REPO)}: {len(chosen):,} characters from {len(texts):,} items")


def evaluate(corpus: Path = CORPUS, sizes=(2, 5, 10, 20, 50, None)) -> None:
    import random
    import re

    sys.path.insert(0, str(REPO))
    from kg import decoding
    from kg.errors import KGError

    texts = read_texts(corpus)
    cut = int(len(texts) * 0.7)
    held_out = common_chars(texts[:cut])
    decoding._common_chars = lambda: re.compile(f"[{re.escape(''.join(held_out))}]")
    to_traditional = opencc.OpenCC("s2tw").convert
    random.seed(15)

    def verdict(data: bytes) -> str:
        try:
            return decoding.chinese_codec(data)
        except KGError:
            return "refused"

    print(f"list from {cut:,} items, tested on windows of the other {len(texts) - cut:,}")
    print("chars  GB18030: right wrong refused   Big5: right wrong refused   Big5 with a bad byte: read as GB18030 of")
    for size in sizes:
        tally = collections.Counter()
        for text in texts[cut:]:
            start = random.randrange(max(1, len(text) - size)) if size else 0
            window = text[start:start + size] if size else text
            got = verdict(window.encode("gb18030"))
            tally["gb " + ("right" if got == "gb18030" else got if got == "refused" else "wrong")] += 1
            traditional = to_traditional(window)
            for codec in decoding._BIG5_CODECS:
                try:
                    data = traditional.encode(codec)
                except UnicodeEncodeError:
                    continue
                got = verdict(data)
                tally["b5 " + ("right" if got in decoding._BIG5_CODECS else got if got == "refused" else "wrong")] += 1
                trails, k = [], 0
                while k < len(data):                    # the second bytes of two-byte characters
                    if data[k] >= 0x81:
                        trails += [k + 1] if data[k + 1] >= 0xA1 else []
                        k += 2
                    else:
                        k += 1
                if trails:
                    bad = bytearray(data)
                    bad[random.choice(trails)] = 0x90       # a second byte GB18030 has and Big5 lacks
                    tally["bad of"] += 1
                    tally["bad misread"] += verdict(bytes(bad)) == "gb18030"
                break
        print(f"{size or 'all':>5}  {tally['gb right']:>14} {tally['gb wrong']:>5} {tally['gb refused']:>7}"
              f"   {tally['b5 right']:>11} {tally['b5 wrong']:>5} {tally['b5 refused']:>7}"
              f"   {tally['bad misread']:>36} {tally['bad of']:>5}")


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--evaluate"]
    source = Path(arguments[0]) if arguments else CORPUS
    evaluate(source) if "--evaluate" in sys.argv else main(source)
