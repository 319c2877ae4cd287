"""Titles and posts as a sentence writes them: the title at a position, and the
title or descriptor that ends at one, with the qualifiers before it (常务|副|省长).

Titles announce people (区委书记宋洁, 宋洁书记) and name posts; both the unit
rules and the person rules read them.
"""
from __future__ import annotations

import re

from .lexicon import Lexicon

def title_at(lexicon: Lexicon, text: str, i: int) -> str | None:
    """The longest title starting at text[i], if any."""
    for title in lexicon.titles:
        if text.startswith(title, i):
            return title
    return None


def title_before(lexicon: Lexicon, text: str, end: int) -> tuple[int, str] | None:
    """The longest title or descriptor ending at ``end``: (start, word). A title takes
    in the qualifiers written before it (代|省长, 国民议会副|议长, 大会执行|主席)."""
    best = None
    for word in list(lexicon.titles) + list(lexicon.descriptors):
        if text.endswith(word, 0, end) and (best is None or len(word) > len(best[1])):
            best = (end - len(word), word)
    if best is None or best[1] not in lexicon.title_set:
        return best
    start, title = best
    for _ in range(MAX_QUALIFIERS):
        qualifier = qualifier_before(lexicon, text, start, title)
        if qualifier is None:
            break
        start, title = start - len(qualifier), qualifier + title
    return start, title


MAX_QUALIFIERS = 2      # 常务|副|省长 at most


def qualifier_before(lexicon: Lexicon, text: str, end: int, title: str = "") -> str | None:
    """The title qualifier (副, 常务, 代) ending at ``end`` that ``title`` does not start with."""
    return next((q for q in lexicon.title_qualifiers if text.endswith(q, 0, end) and not title.startswith(q)), None)


def skip_age(text: str, end: int) -> int:
    """Position before an age or a count that sits between a title and a name (74岁老党员)."""
    m = re.search(r"(\d+|[一二三四五六七八九十]+)(岁|后)(高龄)?(的)?$", text[:end])
    return m.start() if m else end
