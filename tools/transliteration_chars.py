"""Write kg/lexicons/transliteration_chars.txt: the characters foreign names are written in.

Chinese writes a foreign name (普京, 斯托尔滕贝格, 帕希尼扬) in a small set of
characters chosen for their sound. kg/people.py keeps a name only the tagger
proposes, with no Chinese surname and no dot (感党恩, 柬中友谊 are phrases, not
names), when it is written in them. The set is read off jieba's own dictionary:
every character of at least ``MIN_ENTRIES`` of the words it tags ``nrt``
(transliterated personal names, 5,941 words). Characters only, most common first.

    .venv/bin/python tools/transliteration_chars.py
"""
from __future__ import annotations

import collections
from pathlib import Path

import jieba

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "kg" / "lexicons" / "transliteration_chars.txt"
MIN_ENTRIES = 3


def transliteration_chars(dictionary: Path) -> collections.Counter:
    """Character → the number of jieba's ``nrt`` words it is in."""
    counts: collections.Counter = collections.Counter()
    for line in dictionary.open(encoding="utf-8"):
        word, _, tag = line.split()
        if tag == "nrt":
            counts.update(set(word))
    return counts


def main() -> None:
    dictionary = Path(jieba.__file__).parent / "dict.txt"
    counts = transliteration_chars(dictionary)
    chosen = sorted((c for c, n in counts.items() if n >= MIN_ENTRIES), key=lambda c: (-counts[c], c))
    lines = [
        "# Characters foreign personal names are written in: each character of at least",
        f"# {MIN_ENTRIES} of the words jieba's dictionary tags nrt (transliterated names), most",
        "# common first. Made by tools/transliteration_chars.py; kg/people.py keeps a name",
        "# only the tagger proposes, without a surname or a dot, if it is written in them.",
    ]
    OUT.write_text("\n".join(lines + chosen) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(REPO)}: {len(chosen)} characters")


if __name__ == "__main__":
    main()
