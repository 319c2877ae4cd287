"""The document as a whole: what it tells about the mentions of each of its sentences.

A ``Context`` holds the document's home areas (the county, city and province
a local paper is from), the names found in the first pass over it (people,
units), how often the tagger reads each string as a person or place, and the
document's text, counted once per string.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .lexicon import Area, Lexicon
from .tokens import substrings

class NameSet(set):
    """A set of names that keeps the lengths they come in, longest first (``lengths``):
    to find which of them stand in a text, look its substrings of those lengths up,
    at a cost that does not grow with the number of names."""

    def __init__(self, names=()):
        super().__init__()
        self.lengths: list[int] = []
        self.update(names)

    def add(self, name: str) -> None:
        if len(name) not in self.lengths:
            self.lengths = sorted(self.lengths + [len(name)], reverse=True)
        super().add(name)

    def update(self, *names) -> None:
        for group in names:
            for name in group:
                self.add(name)

    def within(self, text: str) -> list[str]:
        """The names that occur in ``text``, longest first."""
        out: list[str] = []
        for n in self.lengths:
            out.extend(sorted(self.intersection(substrings(text, [n]))))
        return out


# From this many characters on, a document's two-character counts come from an index
# of its character pairs, not a scan of the document each (Context.count).
PAIR_INDEX_FROM = 200_000


@dataclass
class Context:
    """What the document as a whole tells about its mentions."""
    lexicon: Lexicon
    home: dict[str, Area] = field(default_factory=dict)      # level → area (county, city, province)
    focus: dict[str, str] = field(default_factory=dict)      # level → name, per article
    known_people: NameSet = field(default_factory=NameSet)
    known_names: dict[str, str] = field(default_factory=dict)  # unit name → type, whole document
    # how often the tagger reads each string as a person or a place, which it confuses
    # in foreign names (ns once, nr once), but not as a body or a plain word (东投: once a
    # person, once 东投理事会)
    person_or_place_counts: Counter = field(default_factory=Counter)
    text: str = ""                                             # the document's text
    # what is computed from the above once, not per sentence (see ``view`` and ``count``)
    _views: dict = field(default_factory=dict, repr=False, compare=False)
    _counts: dict = field(default_factory=dict, repr=False, compare=False)
    _pairs: object = field(default=None, repr=False, compare=False)

    def __post_init__(self):
        if not isinstance(self.known_people, NameSet):
            self.known_people = NameSet(self.known_people)

    def view(self, name: str, make):
        """``make()``, a value computed from ``known_names``, kept until ``known_names``
        grows (it only grows: names are added in the first pass over a document, and
        read per sentence in the second, where computing such a value each time cost
        time quadratic in the document's length)."""
        got = self._views.get(name)
        if got is None or got[0] != len(self.known_names):
            got = self._views[name] = (len(self.known_names), make())
        return got[1]

    def count(self, s: str) -> int:
        """``self.text.count(s)``, once per string; a pair of distinct characters is
        counted in an index of the document's pairs when the document is long."""
        got = self._counts.get(s)
        if got is None:
            if len(s) == 2 and s[0] != s[1] and len(self.text) >= PAIR_INDEX_FROM:
                got = self._pair_count(s)
            else:
                got = self.text.count(s)
            self._counts[s] = got
        return got

    def _pair_count(self, s: str) -> int:
        import numpy as np
        if self._pairs is None:
            codes = np.frombuffer(self.text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
            pairs = (codes[:-1].astype(np.uint64) << np.uint64(32)) | codes[1:]
            pairs.sort()
            self._pairs = pairs
        key = np.uint64((ord(s[0]) << 32) | ord(s[1]))
        return int(np.searchsorted(self._pairs, key, "right") - np.searchsorted(self._pairs, key, "left"))

    def area_of_level(self, level: str, before: str = "") -> str | None:
        """The area a bare level form (省委, 市长) stands for: the province or city that
        ``before`` (the sentence up to it) names last, else the page's home."""
        named = self.lexicon.area_named_last(before, level) if before and level in ("province", "city") else None
        return named.name if named else self.home_name(level)

    def home_name(self, level: str) -> str | None:
        if level in self.focus:
            return self.focus[level]
        county = self.home.get("county")
        if level == "city" and county is not None and county.name.endswith("市"):
            return county.name            # a county-level city's paper: 市委 is its own committee
        area = self.home.get(level)
        return area.name if area else None
