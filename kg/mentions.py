"""Sentence → entity mentions: people, organizations, communities, areas.

Needs a ``Sentence`` (clean text), the ``Lexicon`` and the document's
``Context`` (home areas, names already known). Adds ``Mention`` objects whose
``name`` is the resolved form (``区委`` → ``上街区委``) and whose span cuts
the surface form out of the source.

Recognizers, in order of trust:
- units by suffix (…党支部, …有限公司, …社区, …镇), walking left to where
  the proper name begins, split into their chain (峡窝镇 / 魏岗村 / 魏岗村党支部);
- areas from the gazetteer (武汉, 湖北 as the press writes them);
- people after a title or descriptor (区委书记宋洁, 老党员刘书营), in
  enumerations after one (区领导宋洁、耿勇军), before a title (习近平总书记),
  and names already found anywhere in the document;
- untyped items of an enumeration whose other items are typed (…、老寨河等居民小区).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from .lexicon import Area, Lexicon
from .model import STATE_BODIES, Article, Mention
from .tagger import TaggedToken, Tagger, default_tagger
from .text import Sentence

PUNCT = set("，,。；;：:、！？!?“”‘’\"'（）()《》〈〉【】[]「」『』—-…·/　 \n")
LEVEL_CHARS = {"区": "county", "县": "county", "市": "city", "省": "province",
               "镇": "town", "乡": "town", "街道": "town"}
GENERIC_PREFIXES = ("我", "全", "该", "本", "此", "各")     # 我区, 该镇: a reference, not a name
# jieba parts of speech that never stand inside a proper name
STOP_POS = {"p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "r", "rr", "rz", "d", "ad",
            "t", "x", "y", "e", "o", "q", "s", "b"}
GENERIC_HEADS = "我该本全此"
LEVEL_COMMITTEES = {"省委", "市委", "区委", "县委", "州委", "旗委"}
# 聂寨一组: a villagers' group, numbered within its village
VILLAGE_GROUP = re.compile(r"([\u4e00-\u9fff])([一二三四五六七八九十\d]{1,2}组)(?![织长员件])")
GAZETTEER_LEVELS = {"省", "市", "县", "区", "镇", "乡", "街道", "自治区", "旗"}
MEASURES = set("位家名个批户人次条项处只辆台部所座些级")
COMMON_WORD_FREQ = 500          # a place name is no everyday word (商业, 居民, 封闭)
NAME_TAIL_BLOCK = {"先生", "女士", "同志", "师傅", "老师", "阿姨", "大爷", "大妈", "某某", "小姐", "教授",
                   "大娘", "大姐", "大哥", "医生"}
# 胡老, 王某, 刘家, 张氏: a surname and one of these is a way of speaking of someone, no name
SURNAME_TAILS = set("老某家氏")
NICKNAME_HEADS = set("阿小老")
RARE_SURNAME_FREQ = 8.0     # surnames.tsv: 辜 13.8, 邸 13.9, 展 8.9; 念, 加, 岩 5
# what a speaker says by: 李明慧表示, 据李明慧介绍
SPEECH_VERBS = ("介绍", "表示", "说", "告诉", "坦言", "指出", "强调")
SPEAKER_FOLLOWERS = {"是", "要求", *SPEECH_VERBS}
ORG_TYPES = {"PartyOrganization", "GovernmentBody", "Company", "Organization"}
MAX_NAME = 30
MAX_PERSON_NAME = 16             # 马格坦戈尔·圭尼贡多
MAX_PLACE_NAME = 6
# a township that became a town keeps its old name in the press (叶坪乡, now 叶坪镇)
TOWNSHIP_RENAMES = {"乡": "镇", "镇": "乡"}


def renamed_township(name: str) -> str:
    """叶坪乡 → 叶坪镇, 叶坪镇 → 叶坪乡: the name a township or town had or has ('' for others)."""
    return name[:-1] + TOWNSHIP_RENAMES[name[-1]] if name[-1:] in TOWNSHIP_RENAMES else ""


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


def substrings(text: str, lengths) -> set[str]:
    """Every substring of ``text`` of one of ``lengths``: what a set of names of
    those lengths is intersected with to find which of them ``text`` holds."""
    return {text[a:a + n] for n in lengths for a in range(len(text) - n + 1)}


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
    # in foreign names (拉宾: ns once, nr once), but not as a body or a plain word (亚行)
    tagged_people: Counter = field(default_factory=Counter)
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
        self._names: dict[str, tuple] = {}

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

    def text_names(self, text: str, not_units: set[str]) -> tuple[list[Unit], list, list]:
        """The unit names, gazetteer places and tagged places of a sentence: they depend on
        its text alone, not on what the document has shown so far, so they are found once
        though the rules read each sentence twice. Callers must not change them."""
        if text not in self._names:
            tokens = self.tokens(text)
            units = find_units(self.lexicon, text, tokens, not_units)
            areas = _gazetteer_areas(self.lexicon, text, tokens, [(u.start, u.end) for u in units])
            self._names[text] = units, areas, tagged_areas(self.lexicon, tokens, text)
        return self._names[text]


# --------------------------------------------------------------------- units

@dataclass
class Unit:
    """A name found by its suffix, before resolution."""
    start: int
    end: int                        # clean offsets, end exclusive
    type: str
    suffix: str
    generic: bool = False           # 区委, 镇政府, 社区党支部: no proper name of its own
    whole: bool = False             # 红十字会, 党中央: a name by itself
    former: int | None = None       # the 原 of …公司原党组: "former", said of the post, no part of the name

    def surface(self, text: str) -> str:
        """The name as written, less a 原 (former) inside it."""
        if self.former is None:
            return text[self.start:self.end]
        return text[self.start:self.former] + text[self.former + 1:self.end]


def match_suffix(lexicon: Lexicon, text: str, end: int) -> tuple[str, str] | None:
    """The longest unit suffix ending at ``end``."""
    if end <= 0 or end > len(text):
        return None
    for suffix, etype in lexicon.suffixes_by_last_char.get(text[end - 1], ()):
        if text.endswith(suffix, 0, end):
            return suffix, etype
    return None


def _stopword_ending(lexicon: Lexicon, text: str, i: int) -> str:
    """The longest stop word that ends at position i (exclusive), or ''."""
    if i <= 0:
        return ""
    return max((w for w in lexicon.stopwords_by_last_char.get(text[i - 1], ()) if text.endswith(w, 0, i)),
               key=len, default="")


def name_start(lexicon: Lexicon, text: str, tokens: Tokens, suffix_start: int, etype: str) -> int:
    """Walk left from a suffix to where the proper name begins."""
    limit = MAX_PLACE_NAME if etype in ("Community", "AdministrativeArea") else MAX_NAME
    i = suffix_start
    seen_non_digit = False
    while i > 0 and suffix_start - i < limit:
        phrase = next((p for p in lexicon.fixed_phrases if text.endswith(p, 0, i)), None)
        if phrase:
            i -= len(phrase)
            continue
        ch = text[i - 1]
        if ch in PUNCT or ch.isdigit() and seen_non_digit:
            break
        if etype == "Community" and i < suffix_start and _county_or_larger_ends(lexicon, text, i):
            break                         # 江苏连云港|黄窝村: a city is no part of a village's name
        seen_non_digit = seen_non_digit or not ch.isdigit()
        tok = tokens.token(i - 1)
        tok_ends_here = tok is not None and tok[0] + len(tok[1]) == i
        if tok_ends_here and _stops_name(lexicon, tok, etype, i == suffix_start):
            break
        # 援引|德国…工商会: a name starts at its country or place, never at a verb before it;
        # 交|由|新疆医科大学: nor before an organization the tagger starts after such a word
        if i < suffix_start and (tok_ends_here and tok[2].startswith("v") and _country_or_area_starts(lexicon, text, i)
                                 or _tagged_organization_starts(tokens, i, suffix_start)):
            break
        # a stop word ends the name, unless it begins a dictionary word (有|限公司)
        # or ends a longer place name (昌都|市: no 都 "all" there)
        in_place_name = tok_ends_here and tok[2] == "ns" and tok[0] < i - 1
        stop = _stopword_ending(lexicon, text, i)
        # …nor where it ends a longer dictionary word (食品安|全: no 全 "whole" there)
        in_word = etype in ORG_TYPES and len(stop) == 1 and tok_ends_here and len(tok[1]) > 1 and \
            tokens.freq(tok[1]) and tok[2] not in STOP_POS
        if stop and not in_place_name and not in_word and \
                (tok is None or tok_ends_here or not tokens.freq(tok[1])):
            break
        i -= 1
    tok = tokens.token(i - 1) if i > 0 else None
    if i > 0 and i == suffix_start and text[i - 1] in "我该本全此" and (tok is None or tok[0] == i - 1):
        i -= 1                          # 我区, 该镇: a reference to be resolved, kept whole
    return i


def _stops_name(lexicon: Lexicon, tok: tuple[int, str, str], etype: str, adjacent: bool) -> bool:
    """Does this token, wholly left of the name so far, end the walk?"""
    _, word, pos = tok
    place = etype in ("Community", "AdministrativeArea")
    if word.isdigit():
        return not adjacent               # 新安东路3号院: a number right before the suffix
    if word in lexicon.stopwords or word in lexicon.title_set or word in lexicon.descriptors:
        return True
    if pos in STOP_POS or pos == "f" and len(word) > 1:
        return True
    if pos.startswith("v") and (pos != "vn" or place):
        # verbs stand in company names right before the suffix (…制造有限公司) or as one
        # character (人保, 二十里铺社区)
        return not (etype == "Company" and (adjacent or len(word) == 1) or
                    place and adjacent and len(word) == 1)
    if pos == "m":
        return (any(c.isdigit() for c in word) and not adjacent) or word[0] in "一几好余多数两每" \
            or word[-1] in MEASURES
    return False


def find_units(lexicon: Lexicon, text: str, tokens: Tokens, not_units: set[str]) -> list[Unit]:
    """Every name that ends in a unit suffix, with its chain of inner units."""
    units: list[Unit] = []
    ends = []
    for end in range(1, len(text) + 1):
        found = match_suffix(lexicon, text, end)
        if found is None:
            continue
        suffix, etype = found
        if any(text.endswith(w, 0, end) and len(w) > len(suffix) for w in not_units) and \
                not _gazetteer_name_ends(lexicon, text, end):
            continue                      # 大都市, but not 昌都市
        tok = tokens.token(end - 1)
        # a suffix glued to the following word is no suffix (区内, 市场, 村民)
        if tok and tok[0] + len(tok[1]) > end and tok[2] not in ("ns", "nt", "nz", "nnt") and \
                tok[0] >= end - len(suffix):
            continue
        if len(suffix) == 1 and text[end:end + 1] in "民场内外里级直属" and end < len(text):
            continue
        if any(t.start == end - 1 and t.end > end and t.entity is None and t.pos == "n"
               for t in tokens.tagged if len(suffix) == 1):
            continue                      # 村容|村貌: the tagger reads the 村 into the next word
        if len(suffix) == 1 and end >= 2 and text[end - 2] == suffix and title_at(lexicon, text, end - 1):
            continue                      # 国家统计局|局长: the head's 局 is the title's, not a second one
        if len(suffix) == 1 and title_at(lexicon, text, end - 1) and _qualifier_after_unit(lexicon, text, end - 1):
            continue                      # 国家统计局副|局长: and so is the deputy's
        if suffix in ("县", "区", "市") and text[end:end + 1] == "村" and text[end + 1:end + 2] not in "民两级委干":
            continue                      # 霞浦县古县村: a county's name is this village's name
        ends.append((end, suffix, etype))
    for end, suffix, etype in ends:
        s_start = end - len(suffix)
        start = name_start(lexicon, text, tokens, s_start, etype)
        if suffix == "代表团":
            start = _delegation_start(lexicon, text, start, s_start)
        village = next((s_start + len(head) for head in ("村", "社区") if suffix.startswith(head)), None)
        if village is not None:
            # 许家冲村(党支部): where the tagger reads the whole village as a place, its start holds
            place = next((t for t in tokens.tagged if t.end == village and t.entity == "LOC" and
                          t.start < start and not _area_name_starts(lexicon, text, t.start)), None)
            if place is not None and NAME_CHARS.fullmatch(text[place.start:end]):
                start = place.start
        if etype == "Community" and s_start - start == 1 and start > 0:
            # 前进南社区: a one-character name has run into a word that jieba calls a verb
            tok = tokens.token(start - 1)
            if tok and tok[0] + len(tok[1]) == start and tok[1] not in lexicon.stopwords and \
                    tok[2].startswith("v"):
                start = tok[0]
        if suffix in LEVEL_COMMITTEES:
            # 浙江省安吉|县委, 中共上海|市委: the committee is the division's that ends right
            # before it; 落实省委: none, no name before a level committee
            # the division's name may hold what stops a name walk (东乡族自治|县委: 自治 is a verb)
            gaz = lexicon.gazetteer
            reach = min(start, max(0, s_start - MAX_PLACE_NAME))
            reach = max([reach] + [k + 1 for k in range(reach, s_start) if text[k] in PUNCT])
            start = next((k for k in range(reach, s_start - 1) if gaz.lookup(text[k:s_start]) or
                          gaz.by_name.get(text[k:s_start] + suffix[0])), s_start)
        if any(ch in "各每诸" for ch in text[max(0, start - 2):start]):
            continue                      # 各村党支部: every one of them, no one in particular
        if suffix in GAZETTEER_LEVELS and text[start:start + 1] not in GENERIC_HEADS:
            # 金水区文化路街道: the division is the part the gazetteer knows, the rest another unit
            start = next((k for k in range(start, s_start)
                          if lexicon.gazetteer.by_name.get(text[k:s_start] + suffix)), start)
        # 王家冲村党支部: the name before the suffix is the village's, found just before, whole
        named = next((u for u in units if u.type == "Community" and u.end == s_start and not u.whole), None)
        if named is not None and etype != "Community":
            start = named.start
        if suffix in lexicon.after_place:
            # 中国女排: a team is named by its country or place, and only by it (坐式女排: none)
            start = next((k for k in range(start, s_start - 1)
                          if _names_country_or_area(lexicon, text[k:s_start])), None)
            if start is None:
                continue
        start, former = _former_marker(lexicon, text, start, s_start)
        first = tokens.token(start)
        if text[start:start + 1] == "原" and first is not None and first[1] == "原" and start + 1 < s_start:
            start += 1                    # 原中国某某集团有限公司: the former company, named without 原
        # 中共中央西北局, 中国共产党…中央纪律检查委员会: the party's own organs; but in
        # 中共|全国人大常委会|党组 the 中共 is the party group's, the body a state's
        if etype == "GovernmentBody" and not text.startswith(("党组", "党委"), end):
            etype = _party_body_type(text[start:s_start]) or etype
        if suffix in lexicon.after_place or plausible_name(lexicon, tokens, text[start:s_start], suffix, etype):
            units.append(Unit(start, end, etype, suffix, former=former))
    for name, etype in sorted(lexicon.institutions.items(), key=lambda item: -len(item[0])):
        # 共产党 but not 共产党员, 中国共产党 not twice
        if name not in text:
            continue
        for m in re.finditer(re.escape(name) + "(?!员)", text):
            if any(u.whole and u.start <= m.start() and m.end() <= u.end and (u.start, u.end) != m.span()
                   for u in units):
                continue
            # 以色列国防部, 美国国务院: the body of the country named before it, not China's
            start = m.start() - len(lexicon.foreign_country_before(
                text, m.start(), short=etype in STATE_BODIES))
            # 落实好|全国政协, 邹晓东第十三届|全国政协: a suffix walk that ran past the
            # institution's start took in words that name no larger body
            units[:] = [u for u in units if (u.start, u.end) not in (m.span(), (start, m.end())) and not (
                u.end == m.end() and not u.whole and u.start < start and
                not _owns_institution(lexicon, text[u.start:start]))]
            units.append(Unit(start, m.end(), etype, name, whole=True))
    for m in VILLAGE_GROUP.finditer(text):
        start = name_start(lexicon, text, tokens, m.start(2), "Community")
        if m.start(2) - start >= 2:
            units.append(Unit(start, m.end(), "Community", m.group(2)))
    return units


FORMER = "原前"


def _party_body_type(name: str) -> str | None:
    """The class of a committee or bureau named for a party rather than a state:
    a Communist party's (中共中央西北局, 俄罗斯联邦共产党中央委员会, a 党委's
    政法委员会) is a party organization, another party's (中国民主同盟第十二届中央委员会,
    民主党全国委员会) an organization; the 党 of a place (下党乡委员会) names none."""
    if name.startswith(PARTY_NAMES) or "共产党" in name or "党委" in name or "党工委" in name:
        return "PartyOrganization"
    return "Organization" if re.search("党(?![乡镇村街])", name) or "民主同盟" in name else None


PARTY_NAMES = ("中共", "中国共产党")     # what a name of one of the party's own organs begins with


def _owns_institution(lexicon: Lexicon, prefix: str) -> bool:
    """Can ``prefix`` stand before an institution's name as part of one longer name: a
    place (湖北省|红十字会, 省|红十字会), a country, or a party or other body of which it
    is an organ (朝鲜劳动党|中央政治局, 国务院|国资委)?"""
    return prefix in LEVEL_FORMS or _names_country_or_area(lexicon, prefix) or prefix in PARTY_NAMES or \
        prefix.endswith("党") or match_suffix(lexicon, prefix, len(prefix)) is not None


LEVEL_FORMS = {c for c in LEVEL_CHARS if len(c) == 1}     # 省, 区, 镇 … written alone: a level form


def _county_or_larger_ends(lexicon: Lexicon, text: str, i: int) -> bool:
    """Does the name of a province, city or county (江苏, 连云港, 萍乡市), not a town's,
    end right before text[i]?"""
    gaz = lexicon.gazetteer
    return any(text[i - n:i] in gaz.by_short or
               any(a.level != "town" for a in gaz.by_name.get(text[i - n:i], ()))
               for n in range(2, min(i, 8) + 1))


def _tagged_organization_starts(tokens: Tokens, i: int, suffix_start: int) -> bool:
    """Does an organization the tagger found start at ``i`` and run on to the suffix,
    right after a word that begins no name (a verb, preposition, adverb, pronoun,
    particle)? (A place it finds there may be the middle of a company's name:
    合力|惠民生鲜|超市; and a conjunction, of a body's: 美国食品|和|药物管理局.)"""
    name, before = tokens.tagged_starting.get(i), tokens.tagged_ending.get(i)
    return name is not None and name.entity == "ORG" and name.end >= suffix_start and before is not None and \
        before.entity is None and before.pos in NO_NAME_POS


NO_NAME_POS = {"v", "vd", "p", "d", "ad", "r", "u", "xc"}


def _names_country_or_area(lexicon: Lexicon, name: str) -> bool:
    gaz = lexicon.gazetteer
    return name in lexicon.countries or name in gaz.by_name or name in gaz.by_short


def _country_or_area_starts(lexicon: Lexicon, text: str, i: int) -> bool:
    return any(_names_country_or_area(lexicon, text[i:i + n]) for n in range(2, 9))


def _area_name_starts(lexicon: Lexicon, text: str, i: int) -> bool:
    """Does a division's name, full or short (太原, 太原市), start at text[i]?"""
    gaz = lexicon.gazetteer
    return any(text[i:i + n] in gaz.by_short or text[i:i + n] in gaz.by_name for n in range(2, 9))


def _former_marker(lexicon: Lexicon, text: str, start: int, s_start: int) -> tuple[int, int | None]:
    """原 or 前 right after a whole unit name means "former": 中国兵器工业集团有限公司原党组 is
    the company's 党组 (whose former member someone is), 北京市原密云经济开发区 the zone
    once called so, 全国人大原内务司法委员会 the committee of 全国人大. Returns the
    name's start and the position of a 原 to leave out."""
    for k in range(s_start - 1, start, -1):
        if text[k] not in FORMER:
            continue
        if match_suffix(lexicon, text, k) or _gazetteer_name_ends(lexicon, text, k):
            return (start, k) if k == s_start - 1 else (k + 1, None)
        if text[k] == "原" and any(text.endswith(name, start, k) for name in lexicon.institutions):
            return start, k               # 全国人大原内务司法委员会 (but 中共中央前敌委员会 is a name)
    return start, None


def _delegation_start(lexicon: Lexicon, text: str, start: int, s_start: int) -> int:
    """十三届全国人大四次会议|广西代表团: a delegation to a session is named by its place alone,
    as it is written where the session goes without saying (广西代表团)."""
    session = max(text.rfind(word, start, s_start) + len(word) for word in SESSION_WORDS)
    place = text[session:s_start]
    return session if session > start and _names_country_or_area(lexicon, place) else start


SESSION_WORDS = ("会议", "大会")


def _qualifier_after_unit(lexicon: Lexicon, text: str, i: int) -> bool:
    """Do title qualifiers (副, 常务|副) end at text[i], right after a unit's suffix?"""
    for _ in range(MAX_QUALIFIERS):
        qualifier = _qualifier_before(lexicon, text, i)
        if qualifier is None:
            return False
        i -= len(qualifier)
        if match_suffix(lexicon, text, i):
            return True
    return False


def _gazetteer_name_ends(lexicon: Lexicon, text: str, end: int) -> bool:
    """Does a division's full name (昌都市) end at ``end``?"""
    return any(text[end - n:end] in lexicon.gazetteer.by_name for n in range(3, min(end, 8) + 1))


def plausible_name(lexicon: Lexicon, tokens: Tokens, name: str, suffix: str, etype: str) -> bool:
    """Reject what only looks like a name: 镇村, 商业小区, 积极响应村, 无主管楼院政府, 儿子大学."""
    gaz = lexicon.gazetteer
    if name.startswith(tuple("我该本全此")) and len(name) <= 1:
        return True
    if etype == "Community" and name and (name[-1] in "镇乡区县市村省" or name[0] in "各每") and \
            not (suffix == "村" and name[-1] in "县区市" and gaz.by_name.get(name)):
        return False                     # 镇村, 各村; but 古县村 is named after a county
    if etype == "Community" and name and _ends_in_function_word(tokens, name):
        return False                     # 联系村, 漏村, 可社区: a verb or particle, not a name
    if suffix == "村" and tokens.freq(name) >= COMMON_WORD_FREQ and tokens.dict_pos(name) != "ns":
        return False                     # 小康村, 民族村: a kind of village, none in particular
    if suffix == "村" and name and (name[-1] in "万千百" or "农村" in name or "乡村" in name):
        return False                     # 万企兴万村, 农村富民兴村: slogans about villages at large
    if etype in ("Community", "AdministrativeArea") and re.fullmatch(r"[一二三四五六七八九十百千两\d]+", name or "x"):
        return False
    if name and name not in LEVEL_CHARS and etype not in ("AdministrativeArea", "Community") and \
            tokens.freq(name) >= COMMON_WORD_FREQ and \
            not gaz.lookup(name) and suffix not in ("党委", "党支部", "政府", "人民政府") and \
            not (suffix in LEVEL_COMMITTEES and gaz.by_name.get(name + suffix[0])):
        return False                     # 黄陂|区委 is 黄陂区's committee, however common 黄陂 is
    if suffix in GAZETTEER_LEVELS and name and not gaz.by_name.get(name + suffix) and \
            not gaz.by_name.get(renamed_township(name + suffix)) and \
            name[0] not in GENERIC_HEADS:
        return False                     # every real county, city and town is in the gazetteer
    if suffix in ("政府", "人民政府") and name and name[-1] not in "省市区县镇乡道旗":
        return False
    return True


def _ends_in_function_word(tokens: Tokens, name: str) -> bool:
    """A village is not named by a verb or particle (联系村, 漏村) nor an adjective (贫困村);
    a name may end in a character that is also a verb (黄窝村)."""
    for n in (3, 2, 1):
        word = name[-n:]
        if len(word) == n and tokens.freq(word):
            pos = tokens.dict_pos(word)
            return pos in ("a", "ad") or \
                pos[:1] in ("v", "d", "c", "p", "r", "u") and len(name) <= (n + 1 if n > 1 else 1)
    return False


# ------------------------------------------------------------------- people

def name_length(lexicon: Lexicon, ctx: Context, text: str, i: int, tokens: Tokens,
                strong: bool = False) -> int:
    """Length of the person's name starting at text[i], 0 if there is none."""
    sn = lexicon.surname_at(text, i)
    if not sn:
        return 0
    for n in ctx.known_people.lengths:              # the longest known name starting there
        if len(text) - i >= n and text[i:i + n] in ctx.known_people:
            return n
    tok = tokens.token(i)
    if tok and len(tok[1]) >= 2 and not tok[2].startswith("nr") and \
            (tok[0] == i or tok[0] < i < tok[0] + len(tok[1])) and \
            (tokens.freq(tok[1]) > 0 or tok[2][:1] in "vadcpurm"):
        return 0                         # a common word (严格, 干部, 买菜), not a name
    if tok and len(tok[1]) == 1 and (tok[2] in ("c", "p", "u", "uj") or
                                     tok[2] in ("d", "r", "v") and lexicon.surnames.get(text[i], 0) < 15):
        return 0                         # 群众才会, 书记和委员: a function word, not a surname
    candidates = []
    for n in (sn + 2, sn + 1):
        if i + n > len(text):
            continue
        name = text[i:i + n]
        if any(ch in PUNCT or ch.isdigit() or ch.isascii() for ch in name):
            continue
        if name[sn:] in NAME_TAIL_BLOCK or any(name[sn:].startswith(t) for t in NAME_TAIL_BLOCK) \
                or any(ch in "各每们" for ch in name):
            continue
        if title_at(lexicon, text, i + sn) or title_at(lexicon, text, i + sn + 1) and n == sn + 2:
            continue
        if _ends_name(lexicon, text, i + n):
            candidates.append(n)
    if len(candidates) == 2:
        third = text[i + sn + 1]
        if third in "说在等是也还又就都已将把对向从给被让到和与及同为任的率" or \
                title_at(lexicon, text, i + sn + 1):
            return sn + 1
        tok = tokens.token(i)
        if tok and tok[0] == i and tok[2] == "nr" and len(tok[1]) in candidates:
            return len(tok[1])
        return sn + 2
    if candidates:
        return candidates[0]
    tok = tokens.token(i)
    if tok and tok[0] == i and tok[2] == "nr" and sn < len(tok[1]) <= sn + 2:
        return len(tok[1])
    third = tokens.token(i + sn + 1)
    if strong and third and third[0] == i + sn + 1 and len(third[1]) >= 2 and not third[2].startswith("nr"):
        return sn + 1                    # 吉喆挂帅: the third character starts a word
    if strong and i + sn + 2 <= len(text) and not any(c in PUNCT for c in text[i:i + sn + 2]):
        return sn + 2                    # after a title most names have three characters
    return 0


def _whole_word(text: str, tokens: Tokens, i: int, n: int) -> int:
    """A name must not end inside a word: 古特雷|斯 is extended when jieba knows the whole
    name, and a transliterated name runs on over its dots (克里斯托弗·米勒)."""
    if not n:
        return 0
    end = i
    while True:
        m = re.match(r"[\u4e00-\u9fff]{1,5}·", text[end:])
        if not m:
            break
        end += m.end()
    if end > i:                           # the last part: the word jieba sees there, or 3 characters
        tok = tokens.token(end)
        last = len(tok[1]) if tok and tok[0] == end and tok[2].startswith("nr") else 3
        return min(end + last, len(text)) - i
    tok = tokens.token(i + n - 1)
    if tok and tok[0] + len(tok[1]) > i + n:
        if tok[2].startswith("nr") and tok[0] + len(tok[1]) - i <= 5:
            return tok[0] + len(tok[1]) - i
        return 0
    return n


def title_at(lexicon: Lexicon, text: str, i: int) -> str | None:
    """The longest title starting at text[i], if any."""
    for title in lexicon.titles:
        if text.startswith(title, i):
            return title
    return None


def _ends_name(lexicon: Lexicon, text: str, i: int) -> bool:
    """Can a name end right before text[i]?"""
    if i >= len(text) or text[i] in PUNCT or text[i].isdigit():
        return True
    if title_at(lexicon, text, i):
        return True
    return any(text.startswith(w, i) for w in lexicon.followers)


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
        qualifier = _qualifier_before(lexicon, text, start, title)
        if qualifier is None:
            break
        start, title = start - len(qualifier), qualifier + title
    return start, title


MAX_QUALIFIERS = 2      # 常务|副|省长 at most


def _qualifier_before(lexicon: Lexicon, text: str, end: int, title: str = "") -> str | None:
    """The title qualifier (副, 常务, 代) ending at ``end`` that ``title`` does not start with."""
    return next((q for q in lexicon.title_qualifiers if text.endswith(q, 0, end) and not title.startswith(q)), None)


def skip_age(text: str, end: int) -> int:
    """Position before an age or a count that sits between a title and a name (74岁老党员)."""
    m = re.search(r"(\d+|[一二三四五六七八九十]+)(岁|后)(高龄)?(的)?$", text[:end])
    return m.start() if m else end


NAME_CHARS = re.compile(r"[\u4e00-\u9fff]+([·•・—－][\u4e00-\u9fff]+)*")
REFERENCE_TITLES = re.compile("书记|主任|镇长|乡长|区长|县长|市长|局长|院长|经理|部长|主席|队长|所长|站长|校长|厂长|行长")


def find_people(lexicon: Lexicon, ctx: Context, text: str, tokens: Tokens,
                taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Person names in a clean sentence: (start, end, how) where how is the anchor kind:
    title, before-title, known, speaker, member, list, or reference (温书记)."""
    found: dict[int, tuple[int, int, str]] = {}

    def free(a, b):
        return not any(s < b and a < e for s, e in taken)

    def add(a, b, how):
        if b - a >= 2 and free(a, b) and a not in found and NAME_CHARS.fullmatch(text[a:b]) and \
                text[a:b] not in lexicon.countries and not _place_before_level(lexicon, text, a, b) and \
                not tagged_as_word(lexicon, tokens, a, b):
            found[a] = (a, b, how)
            return True
        return False

    tagged = tagged_people(lexicon, tokens, text, ctx)
    # after a title, the tagger's boundary where its name starts right there, or one
    # character late (总统拉|马福萨: _start_after_title)
    per_starts = {t.start for t in tokens.entities("PER")}
    tagged_at = {a: b - a for a, b in tagged if a in per_starts or a + 1 in per_starts}
    for m in lexicon.anchor_pattern.finditer(text):
        word, i = m.group(), m.end()
        if i in found:
            continue
        n = known_name_at(ctx, text, i) or tagged_at.get(i) or \
            (word in lexicon.title_set and _foreign_name_tagged_otherwise(lexicon, tokens, text, m.start(), i))
        if not n:
            n = name_length(lexicon, ctx, text, i, tokens,
                            strong=word in lexicon.title_set or word.endswith("领导"))
            n = _whole_word(text, tokens, i, n)
        if n and add(i, i + n, "title"):
            _add_enumeration(lexicon, ctx, text, tokens, i + n, add)
    # names before a title: 习近平总书记, 徐立毅书记
    for a, b, nxt in person_tokens(tokens):
        if text[a + 1:b] in lexicon.title_set:
            continue
        if nxt < len(tokens.words) and lexicon.surname_at(text, a) and \
                (tokens.words[nxt] in lexicon.title_set or title_at(lexicon, text, b)) and \
                plausible_person(lexicon, text, a, b) and \
                not _tagger_reads_place(tokens, a, b):
            add(a, b, "before-title")     # but 迈阿密-戴德县|县长 is a place's head, 驻|韩|美军司令 an army's
    # a foreign name the tagger calls a place or a body, before a title or a form of
    # address: 布哈里总统, 杜克总统
    for tok in tokens.tagged:
        if _foreign_name_before_title(lexicon, tokens, text, tok):
            add(tok.start, tok.end, "before-title")
    # names already known in this document
    for name in ctx.known_people.within(text):
        for m in re.finditer(re.escape(name), text):
            # a full three-character name is as good as a title; a two-character one must end cleanly
            if len(name) >= 3 or _ends_name(lexicon, text, m.end()):
                add(m.start(), m.end(), "known")
    # a speaker or actor named without a title: 李明慧是…, 据李明慧介绍
    for a, b, nxt in person_tokens(tokens):
        word = text[a:b]
        tail = word[lexicon.surname_at(word, 0):]
        if lexicon.surname_at(word, 0, 15.0) and tail not in NAME_TAIL_BLOCK and tail not in lexicon.title_set \
                and tokens.freq(tail) < COMMON_WORD_FREQ:     # 戴眼镜 is no name
            following = tokens.words[nxt] if nxt < len(tokens.words) else ""
            if following in SPEAKER_FOLLOWERS:
                add(a, b, "speaker")
    # names the tagger proposes, where no rule above has read them otherwise
    for a, b in tagged:
        n = known_name_at(ctx, text, a) or b - a
        if not _shaped_like_a_name(lexicon, text[a:a + n]) and not _segmenter_reads_name(tokens, a, a + n) \
                and ctx.tagged_people[text[a:a + n]] < 2 and not _announced(lexicon, text, a, a + n):
            continue                      # 种|林果, 感党恩: only the tagger calls it a name, once, unannounced
        add(a, a + n, "tagger")
    # a member named after the body or place they belong to: 某村党支部的许某已经…
    for a, b in taken:
        if text[b:b + 1] == "的" and lexicon.surname_at(text, b + 1, 100.0):
            n = name_length(lexicon, ctx, text, b + 1, tokens)
            if n and _ends_name(lexicon, text, b + 1 + n) and not title_at(lexicon, text, b + 1 + n):
                add(b + 1, b + 1 + n, "member")
    # references by surname and title (温书记): resolved against the named people later
    for m in re.finditer(REFERENCE_TITLES, text):
        i = m.start() - 1
        tok = tokens.token(i) if i >= 0 else None
        if i >= 0 and lexicon.surname_at(text, i, 100.0) == 1 and tok and tok[0] == i and \
                tok[2].startswith("nr") and \
                (i == 0 or text[i - 1] in PUNCT or text[i - 1] in "在和与对向了的是由据") and \
                not name_length(lexicon, ctx, text, m.end(), tokens):
            add(i, m.end(), "reference")
    # names in enumerations after a name found above (宋洁、耿勇军、李新军)
    for a, b, how in sorted(found.values()):
        if how not in ("title", "reference"):
            _add_enumeration(lexicon, ctx, text, tokens, b, add)
    # names before 等N名 + title (张景倚、赵东东等9名政协委员)
    for m in re.finditer(r"等(\d+|[一二三四五六七八九十]+)?(名|位)?", text):
        after = title_before(lexicon, text[:m.end() + 6], m.end() + 6)
        # the title belongs to the list only in the same clause (…昌都市等地，各族群众 is no list of people)
        if after and any(ch in PUNCT for ch in text[m.end():after[0]]):
            after = None
        if after or title_at(lexicon, text, m.end()):
            _add_enumeration_backwards(lexicon, ctx, text, tokens, m.start(), add)
    return sorted(found.values())


# the tagger's parts of speech for words that are no names (关怀, 谢谢, 曾来过)
WORD_POS = {"v", "vn", "vd", "a", "ad", "an", "d", "p", "c", "u", "xc", "r", "m", "q", "f", "t"}


# …and those that never stand inside one (庄严|宣告, 解|难题)
PHRASE_POS = {"v", "vd", "a", "ad", "d", "p", "c", "u", "xc"}


def tagged_as_word(lexicon: Lexicon, tokens: Tokens, a: int, b: int) -> bool:
    """Does the tagger read text[a:b] as an ordinary word or phrase (感谢总书记|关怀,
    总书记|庄严宣告) rather than a name? A common surname read as a verb (付|海舰) is
    still a surname."""
    inside = [t for t in tokens.tagged if t.start < b and a < t.end]
    if any(t.start <= a and b <= t.end and t.entity is None and t.pos in WORD_POS and len(t.word) >= 2
           for t in inside):
        return True
    return bool(inside) and inside[0].start == a and inside[-1].end == b and \
        all(t.entity is None for t in inside) and \
        any(t.pos in PHRASE_POS and (len(t.word) >= 2 or lexicon.surnames.get(t.word, 0) < 100)
            for t in inside)


def plausible_person(lexicon: Lexicon, text: str, a: int, b: int) -> bool:
    """Is the tagger's person text[a:b] a name: no title, place, country or plain word?"""
    name = text[a:b]
    if len(name) < 2 or not NAME_CHARS.fullmatch(name) or name[-1] == "·":
        return False
    if name in lexicon.title_set or name in lexicon.descriptors or name in lexicon.stopwords:
        return False
    if _names_country_or_area(lexicon, name):
        return False
    if len(name) >= 3 and name[-1] in PLACE_ENDS:
        return False                      # 康斯坦察县, 巴达赫尚省: foreign places by their suffix
    if text.endswith(("首都", "首府"), 0, a):
        return False                      # 白俄罗斯首都明斯克: a capital is a city
    if text.startswith(ROUTE_WORDS, b):
        return False                      # 莆炎高速, 张吉怀高铁: a route named by the places it joins
    sn = lexicon.surname_at(name, 0)
    if sn and name[sn:] in lexicon.title_set:
        return False                      # 温书记: a reference by title, resolved later
    if sn and len(name) == sn + 1 and name[-1] in SURNAME_TAILS:
        return False
    if len(name) == 2 and name[0] in NICKNAME_HEADS:
        return False                      # 阿美, 小慧, 老刘: how one calls a person, no name
    if len(name) == 2 and name[1] == "方" and (name[0] in "中外我双对" or name[0] in lexicon.country_initials):
        return False                      # 哈方, 美方: "the Kazakh side", a country as a party to talks
    return not any(name.endswith(t) for t in NAME_TAIL_BLOCK)


def known_name_at(ctx: Context, text: str, i: int) -> int:
    """The length of the longest name found elsewhere in the document that starts at text[i]:
    where the tagger cuts a name short in one sentence (耿勇|军), the others tell."""
    return next((n for n in range(min(MAX_PERSON_NAME, len(text) - i), 1, -1)
                 if text[i:i + n] in ctx.known_people), 0)


# what says the words before it are a person's name: 莫娜女士, 塔芒等人, 森田还表示
PERSON_AFTER = re.compile("(先生|女士|同志|夫人|小姐|教授|等人|夫妇|[还也则又就便却曾]?(%s))"
                          % "|".join(SPEECH_VERBS + ("认为",)))


def _shaped_like_a_name(lexicon: Lexicon, name: str) -> bool:
    """Does ``name`` look like a name by itself? Two characters never tell (种|林果,
    小康|梦圆); three or more do if Chinese (a surname, rare as 辜 or 邸 but not 念, 加
    or 阿, and one or two characters), transliterated, Japanese or Tibetan, not a
    phrase (感党恩, 正风肃纪)."""
    if len(name) < 3:
        return False
    surname = lexicon.surname_at(name, 0, RARE_SURNAME_FREQ) if name[0] not in NICKNAME_HEADS else 0
    return bool(surname) and len(name) <= surname + 2 or _transliterated(lexicon, name) or \
        _begins_with_name_part(lexicon, name)


def _transliterated(lexicon: Lexicon, name: str) -> bool:
    """Is ``name`` written as foreign names are: in parts joined by a dot, or in the
    characters of transliteration (one other in a name of four or more: 坎力比努尔)?"""
    others = sum(c not in lexicon.transliteration_chars for c in name)
    return any(dot in name for dot in NAME_DOTS) or others <= (len(name) >= 4)


def _begins_with_name_part(lexicon: Lexicon, name: str) -> bool:
    """加藤胜信, 格桑卓嘎: a Japanese name of three to five characters begins with its
    surname, a Tibetan one of four with a name's element (name_parts.tsv)."""
    for n in (3, 2):
        kind = lexicon.name_parts.get(name[:n])
        if kind == "japanese" and n < len(name) <= n + 3 or kind == "tibetan" and len(name) == 4:
            return True
    return False


def _announced(lexicon: Lexicon, text: str, a: int, b: int) -> bool:
    """Is text[a:b] announced as a person by a title or descriptor before it (大使卡诺),
    a title after it (苏林外长), a form of address or a speech verb after it?
    Not by a title it runs into (祝|总书记)."""
    if any((t := title_at(lexicon, text, j)) and j + len(t) > b for j in range(a + 1, b)):
        return False
    return bool(title_before(lexicon, text, a) or title_at(lexicon, text, b) or PERSON_AFTER.match(text, b))


def _chinese_name(lexicon: Lexicon, name: str) -> bool:
    """A common surname and one or two characters."""
    sn = lexicon.surname_at(name, 0, 100.0)
    return bool(sn) and sn + 1 <= len(name) <= sn + 2


def _trim_titles(lexicon: Lexicon, text: str, a: int, b: int) -> tuple[int, int]:
    """A title the tagger glued to the name (书记宋洁, 宋洁书记) is no part of it."""
    before = title_before(lexicon, text, b)
    if before and before[0] == a:
        return b, b
    title = title_at(lexicon, text, a)
    if title and b - a - len(title) >= 2:
        a += len(title)
    for j in (1, 2):                    # 副委员|长武维华: a title begun before the name ends inside it
        across = title_before(lexicon, text, a + j)
        if across and across[0] < a and lexicon.is_title(across[1]) and b - a - j >= 2:
            a += j
            break
    for t in lexicon.titles:
        if text.endswith(t, a, b) and b - a - len(t) >= 2:
            b -= len(t)
            break
    tail = NAME_TAIL.search(text, a, b)
    if tail and tail.start() - a >= 2:
        b = tail.start()
    return a, b


# what the tagger reads into a name that is no part of it: a clan's 氏 (伏羲氏), a player's
# rank (九段), a possessive (…的故事)
NAME_TAIL = re.compile("氏$|[一二三四五六七八九]段$|的|案$")     # 弗洛伊德案: the case, named after him
# 3.91卢比: what follows an amount is a unit or a currency
AFTER_AMOUNT = re.compile(r"[\d０-９][万亿]?$")
# 本报波恩5月25日电: the place of a dateline stands before the day it was filed
DATELINE = re.compile(r"\s*[\d０-９一二三四五六七八九十〇]+月[\d０-９一二三四五六七八九十〇]+日电")
# 卡拉奇晴30℃／44℃: what follows a city in a weather forecast (the tagger may glue the weather on)
FORECAST = re.compile(r"[晴阴云雨雪雾霾多转小中大阵雷暴]*-?\d+℃")


def tagged_people(lexicon: Lexicon, tokens: Tokens, text: str,
                  ctx: Context | None = None) -> list[tuple[int, int]]:
    """The tagger's person names that pass the rules' checks."""
    out = []
    people = tokens.entities("PER")
    joined_to = -1
    for k, tok in enumerate(people):
        if tok.start < joined_to:
            continue                      # the second half of a name joined below
        end = tok.end
        for nxt in people[k + 1:]:
            # 斯卡尔|法罗 and 差猜|·|春哈旺: parts of one foreign name; but 刘丽军|许峰 is
            # two names whose space the clean text took out
            gap = text[end:nxt.start]
            if gap and gap not in NAME_JOINERS or \
                    not gap and _chinese_name(lexicon, text[tok.start:end]) and _chinese_name(lexicon, nxt.word):
                break
            end = nxt.end
        joined_to = end
        if _after_country(lexicon, tokens, tok) or _before_particle(tokens, end) or \
                re.search("(台风|飓风|热带风暴)“?$", text[:tok.start]) or FORECAST.match(text, end) or \
                DATELINE.match(text, end) or \
                AFTER_AMOUNT.search(text, 0, tok.start) or _in_banner(lexicon, text, tok.start, end):
            continue                      # …a storm's name (台风“卢碧”), a city in a forecast or a dateline
                                          # (本报波恩5月25日电), a currency (3.91卢比)
        end = _name_end_after_adverb(lexicon, tokens, text, tok.start, _segmenter_name_end(lexicon, tokens, text,
                                                                                       tok.start, end))
        end = _transliteration_end(lexicon, tokens, text, tok.start, end)
        end = _last_syllable_end(lexicon, tokens, text, tok.start, end)
        end = _without_glued_tail(tokens, text, tok.start, end)
        a, b = _trim_titles(lexicon, text, _segmenter_name_start(tokens, text, tok.start, end), end)
        a = _dotted_name_start(lexicon, tokens, _start_after_title(lexicon, tokens, text, a, b), text)
        b = _without_speech_verb(lexicon, text, a, b)
        a = _without_diminutive(lexicon, ctx, text, a, b)
        if plausible_person(lexicon, text, a, b) and not _inside_country(lexicon, text, a, b):
            out.append((a, b))
    return out


def _tagger_reads_place(tokens: Tokens, a: int, b: int) -> bool:
    """Does the tagger read a place in text[a:b], and no person there? (It reads some
    names before a title as bodies: 吴国华|委员.)"""
    inside = [t for t in tokens.tagged if t.start < b and a < t.end]
    return any(t.entity == "LOC" for t in inside) and not any(t.entity == "PER" for t in inside)


def _foreign_name_tagged_otherwise(lexicon: Lexicon, tokens: Tokens, text: str, title: int, i: int) -> int:
    """布隆迪总统|恩达伊施米耶, which the tagger calls a body (or a place): right after
    a foreign country and a title, a word that names no country and no place we know
    is the holder's name. Its length, or 0."""
    word = tokens.tagged_starting.get(i)
    if word is None or not _unknown_place_or_body(lexicon, word) or word.word[-1] in FOREIGN_PLACE_ENDS or \
            not lexicon.foreign_country_before(text, title, short=False):
        return 0
    end = word.end
    across = tokens.token(end - 1)
    if across is not None and across[0] == end - 1 and len(across[1]) > 1:
        end -= 1                        # 阿里|通电话: its last character starts the verb after it
    return end - i if end - i >= 2 else 0


FOREIGN_PLACE_ENDS = set("州省市县区镇村岛港湾城")    # 华盛顿州, 佛罗里达州: a place after all


def _unknown_place_or_body(lexicon: Lexicon, word: TaggedToken) -> bool:
    """Does the tagger call ``word`` a place or a body that is no country, area or
    unit we know (by the gazetteer, the list of countries, a unit's suffix)?"""
    return word.entity in ("LOC", "ORG") and len(word.word) >= 2 and bool(NAME_CHARS.fullmatch(word.word)) and \
        not _names_country_or_area(lexicon, word.word) and not match_suffix(lexicon, word.word, len(word.word))


def _foreign_name_before_title(lexicon: Lexicon, tokens: Tokens, text: str, word: TaggedToken) -> bool:
    """Is ``word``, which the tagger calls a place or a body, a foreign name: written in
    transliteration's characters only, no country, place or body we know nor part of
    one (阿根廷众|议长), and a title (not a place's head) or a form of address after it?"""
    if not _unknown_place_or_body(lexicon, word) or not set(word.word) <= lexicon.transliteration_chars or \
            word.word.startswith(tuple(lexicon.countries)) or \
            tokens.freq(word.word) >= COMMON_WORD_FREQ or not _word_starts(tokens, word.start) or \
            _inside_country(lexicon, text, word.start, word.end) or \
            not plausible_person(lexicon, text, word.start, word.end):
        return False
    title = title_at(lexicon, text, word.end)
    if title is not None:
        # 首都科纳克里|总统府: the title of a place's building is none
        return not PLACE_HEAD.fullmatch(title) and not text.startswith(TITLE_PLACES, word.end + len(title))
    return text.startswith(ADDRESSES, word.end)


TITLE_PLACES = ("府", "办", "官邸", "宫")


ADDRESSES = ("先生", "女士", "夫人")


def _start_after_title(lexicon: Lexicon, tokens: Tokens, text: str, a: int, b: int) -> int:
    """A foreign name the tagger began one character late, right after a title, starts
    where the title ends: after a foreign country's title (南非总统拉|马福萨), or if
    written in transliteration's characters only (外交部发言人扎|哈罗娃)."""
    word = tokens.tagged_starting.get(a - 1)
    if word is None or len(word.word) != 1 or word.entity is not None or word.pos in FUNCTION_POS or \
            not NAME_CHARS.fullmatch(word.word):
        return a
    title = title_before(lexicon, text, a - 1)
    if title is None or title[1] not in lexicon.title_set:
        return a
    foreign = lexicon.foreign_country_before(text, title[0], short=False) or \
        set(text[a - 1:b]) <= lexicon.transliteration_chars
    return a - 1 if foreign else a


def _dotted_name_start(lexicon: Lexicon, tokens: Tokens, a: int, text: str) -> int:
    """木沙江|·|努尔墩, the first part of which the tagger calls a place: the parts of a
    name joined by a dot are one name, unless the part before is a place we know or a
    word jieba knows as other than a name (精粹· 35, 国安· 390: a heading's or a slogan's
    dot; a part of a name is rare there, 阿不来提 6) or the tagger calls a work's title."""
    while text[a - 1:a] in NAME_DOTS:
        before = tokens.tagged_ending.get(a - 1)
        if before is None or before.entity == "PER" or before.pos in FUNCTION_POS or before.pos == "nw" or \
                not NAME_CHARS.fullmatch(before.word) or _names_country_or_area(lexicon, before.word) or \
                len(before.word) < 2 or \
                tokens.freq(before.word) >= KNOWN_WORD_FREQ and not tokens.dict_pos(before.word).startswith("nr"):
            break
        a = before.start
    return a


KNOWN_WORD_FREQ = 20


# what a one-character word between a title and a name is not, if it is the name's first character
FUNCTION_POS = {"p", "c", "u", "r", "w", "m", "q", "xc"}


def _without_speech_verb(lexicon: Lexicon, text: str, a: int, b: int) -> int:
    """拉马福萨|称, 佩斯科夫|说: a transliterated name does not end in a speech verb the tagger glued on."""
    if text[b - 1:b] in GLUED_SPEECH and b - a >= 4 and not _chinese_name(lexicon, text[a:b]):
        return b - 1
    return b


GLUED_SPEECH = set("称说")


# what the tagger calls the last character(s) of a name it cut short (于友|先 d, 臧海|传 v,
# 冈田|武史 n); never a number (贝恩|四) or a function word
NAME_TAIL_POS = {"d", "v", "a", "n", "ad", "vd", "an", "vn"}


PLACE_ENDS = set("省县州")

# what a run of place initials names when it stands before them (郑渝高铁, 杭绍台高速)
ROUTE_WORDS = ("高速", "高铁", "铁路", "城际", "公路", "客专", "动车")


# what stands between the parts of one transliterated name (差猜·春哈旺, 约翰—格伦)
NAME_DOTS = {"·", "•", "・"}
NAME_JOINERS = NAME_DOTS | {"—", "－"}


def _segmenter_reads_name(tokens: Tokens, a: int, b: int) -> bool:
    """Does jieba read text[a:b] as one name too?"""
    tok = tokens.token(a)
    return tok is not None and tok[0] == a and len(tok[1]) == b - a and tok[2].startswith("nr")


def _segmenter_name_end(lexicon: Lexicon, tokens: Tokens, text: str, a: int, b: int) -> int:
    """Where jieba reads a longer name from the same start, one short word further
    (于友|先 against 于友先, 冈田|武史 against 冈田武史), the name ends there: the tagger
    cut it before a character that also reads as an adverb or verb."""
    tok = tokens.token(a)
    if tok is None or tok[0] != a or not tok[2].startswith("nr"):
        return b
    end = a + len(tok[1])
    if not b < end <= a + 4:
        return b
    rest = [t for t in tokens.tagged if b <= t.start < end]
    if len(rest) != 1 or rest[0].end != end or rest[0].entity is not None or len(rest[0].word) > 2 \
            or rest[0].pos not in NAME_TAIL_POS:
        return b
    # a Chinese name has two or three characters; a longer one is a foreign name the tagger halved
    if lexicon.surname_at(text, a, 100.0) and end - a > 3:
        return b
    return end


def _name_end_after_adverb(lexicon: Lexicon, tokens: Tokens, text: str, a: int, b: int) -> int:
    """罗明|连上任, 张业|遂向会议: where the tagger ends a surname and one character before
    a one-character word it reads as an adverb, one that no subject takes after it, that
    character ends the name."""
    surname = lexicon.surname_at(text, a, 100.0)
    after = tokens.tagged_starting.get(b)
    if not surname or b - a != surname + 1 or after is None or after.entity is not None or \
            after.pos != "d" or len(after.word) != 1 or after.word in SUBJECT_ADVERBS or \
            not _word_starts(tokens, b + 1):
        return b
    return b + 1


def _transliteration_end(lexicon: Lexicon, tokens: Tokens, text: str, a: int, b: int) -> int:
    """A foreign name the tagger ended early (格雷特|施莱格) runs on over the words
    right after it that jieba reads as parts of names (施 nr, 莱格 nrt) and the
    tagger gives no entity: a Chinese name (a surname and one or two characters)
    is whole already, and a long run is no one name."""
    if b - a < 2 or _chinese_name(lexicon, text[a:b]) or not _word_starts(tokens, b):
        return b
    end = b
    while end - a < FOREIGN_NAME_MAX:
        tok = tokens.token(end)
        if tok is None or tok[0] != end or tok[2] not in ("nr", "nrt") or \
                any(t.entity is not None for t in tokens.tagged if t.start < end + len(tok[1]) and t.end > end):
            break
        end += len(tok[1])
    return end if end - a <= FOREIGN_NAME_MAX else b


FOREIGN_NAME_MAX = 8    # characters of a transliterated name between two dots (斯托尔滕贝格: 6)
# what the tagger reads the last syllable of a foreign name as, alone: an adverb (亚罗|约),
# a locative (鲁迪|内), a numeral (法拉|第); but no number (贝恩|四要素), and none of the
# locatives that follow any noun (林子|里, 德法|中三国)
SYLLABLE_POS = {"d", "f", "m"}
NOT_SYLLABLES = set("一二两三四五六七八九十百千万亿几中里上下前后外")


def _last_syllable_end(lexicon: Lexicon, tokens: Tokens, text: str, a: int, b: int) -> int:
    """亚罗|约|当选, 鲁迪|内|将球: a name written in transliteration's characters, which
    the tagger ends before one more of them that it reads as a word by itself, ends
    after it where both the tagger and jieba begin a word right after it (约当选 is no
    word; 约见 is one, and 普京|也 is a subject and its adverb)."""
    after = tokens.tagged_starting.get(b)
    if after is None or after.entity is not None or len(after.word) != 1 or after.pos not in SYLLABLE_POS or \
            after.word in SUBJECT_ADVERBS or after.word in NOT_SYLLABLES or b - a < 2 or \
            any(c not in lexicon.transliteration_chars for c in text[a:b + 1]) or \
            b + 1 not in tokens.tagged_starting or not _word_starts(tokens, b + 1):
        return b
    return b + 1


# one-character words the tagger glues to the name before them: adverbs (卢金也|警告),
# conjunctions (习近平和|夫人), the verbs and prepositions that follow a speaker (周强作|报告)
FUNCTION_TAILS = {"d": set("也都就又还却便才亦已曾将"), "c": set("和与同及"),
                  "v": set("作说讲称谈"), "p": set("向对在将")}

# the adverbs a subject takes after it (王毅还|表示, 李明不|同意, 赵勇先后|来到):
# no name ends in one
SUBJECT_ADVERBS = FUNCTION_TAILS["d"] | set("不没未很最更再正仍均只常先一共全亲并总")


def _without_glued_tail(tokens: Tokens, text: str, a: int, b: int) -> int:
    """卢金也警告, 习近平和夫人, 穆萨敦促: where jieba reads the name without its last
    character, and that character as a function word or as the start of a verb
    running on, the name ends before it. A verb jieba reads across the name's end
    (古特雷斯敦|促) is evidence enough by itself."""
    if b - a < 3:
        return b
    if not _word_starts(tokens, b - 1):
        return b
    name, tail = tokens.token(a), tokens.token(b - 1)
    if tail[2] == "v" and len(tail[1]) >= 2 and tokens.freq(tail[1]) >= VERB_ACROSS_FREQ:
        return b - 1
    if name is None or name[0] != a or len(name[1]) != b - 1 - a or not name[2].startswith("nr"):
        return b
    function_word = len(tail[1]) == 1 and text[b - 1] in FUNCTION_TAILS.get(tail[2], ())
    if function_word and tail[2] == "c":
        # 习近平和|夫人: a conjunction joins two nouns; 张子和|说 is a name before its verb
        function_word = _word_starts(tokens, b) and tokens.token(b)[2][:1] in ("n", "r")
    # 唐仁|健在 where the tagger reads 唐仁健|在: a preposition the tagger finds right after
    # the name is the likelier reading than a verb running on from its last character
    verb = len(tail[1]) >= 2 and tail[2] in ("v", "l") and tokens.freq(tail[1]) and not _preposition_at(tokens, b)
    return b - 1 if function_word or verb else b


def _preposition_at(tokens: Tokens, i: int) -> bool:
    word = tokens.tagged_starting.get(i)
    return word is not None and word.pos == "p" and len(word.word) == 1


VERB_ACROSS_FREQ = 100   # 敦促 236: a common verb, not a rare word a name's last character starts


def _segmenter_name_start(tokens: Tokens, text: str, a: int, b: int) -> int:
    """A transliterated name the tagger began a word late (买买|提江·吾买尔) starts where
    jieba's word across its start does, if the tagger's own word before ends just there."""
    tok = tokens.token(a)
    if "·" not in text[a:b] or tok is None or tok[0] >= a or tok[0] + len(tok[1]) >= b:
        return a
    before = [t for t in tokens.tagged if t.end == a and t.start == tok[0]]
    return tok[0] if before and before[0].entity is None and before[0].pos not in ("p", "u", "c", "w") else a


def _after_country(lexicon: Lexicon, tokens: Tokens, tok: TaggedToken) -> bool:
    """A name right after a country's (意大利|卡莫尼, 意大利|里|米尼 that jieba reads
    里米尼), no title between, is one of its places."""
    word = tokens.token(tok.start)
    before = (tokens.tagged_ending.get(i) for i in {tok.start, word[0] if word else tok.start})
    return any(t is not None and t.word in lexicon.countries for t in before)


def _in_banner(lexicon: Lexicon, text: str, a: int, b: int) -> bool:
    """【奋斗百年路 启航新征程·小康梦圆】: a column's banner is a slogan, and a name the
    tagger finds in it (梦圆, 同心) is a word of the slogan, unless a title says otherwise."""
    opened = text.rfind("【", 0, a)
    return opened >= 0 and text.find("】", b) >= 0 and "】" not in text[opened:a] and \
        not title_before(lexicon, text, a) and not title_at(lexicon, text, b)


def _before_particle(tokens: Tokens, end: int) -> bool:
    """路通|了: an aspect particle right after it makes the 'name' a clause."""
    word = tokens.tagged_starting.get(end)
    return word is not None and word.word in ("了", "着", "过") and word.pos in ("u", "xc")


def _without_diminutive(lexicon: Lexicon, ctx: Context | None, text: str, a: int, b: int) -> int:
    """小徐婷 is 徐婷, 小马尔蒂尼 the younger 马尔蒂尼: the 小 is no part of the name when
    what follows is a name by itself: a common surname's, or one the document also
    writes without the 小."""
    if text[a:a + 1] != "小" or b - a < 3:
        return a
    rest = text[a + 1:b]
    if _chinese_name(lexicon, rest) and b - a <= 4:
        return a + 1
    if len(rest) >= 4 and not _chinese_name(lexicon, rest):
        return a + 1                    # 小戈麦尔斯基: a transliterated name, the 小 the junior's
    if ctx is not None and (rest in ctx.known_people or ctx.count(rest) > ctx.count("小" + rest)):
        return a + 1
    return a


def _place_before_level(lexicon: Lexicon, text: str, a: int, b: int) -> bool:
    """兰考|县委书记: a name that a level character makes a county or city is that place."""
    return text[b:b + 1] in "县区市旗" and bool(lexicon.gazetteer.by_name.get(text[a:b + 1]))


def _inside_country(lexicon: Lexicon, text: str, a: int, b: int) -> bool:
    """几内亚比(绍): part of a country's name written there."""
    for country in lexicon.countries:
        if len(country) > b - a and text[a:a + 1] in country:
            k = text.find(country, max(0, a - len(country)), b + len(country))
            if k != -1 and k <= a and b <= k + len(country):
                return True
    return False


def _add_enumeration(lexicon, ctx, text, tokens, end, add):
    """Names that follow ``end`` separated by 、 (or 和/及 before the last)."""
    i = end
    while i < len(text) and text[i] in "、和及与":
        n = name_length(lexicon, ctx, text, i + 1, tokens)
        if not n or match_suffix(lexicon, text, i + 1 + n) or text[i + 1 + n:i + 2 + n] in "村区县镇乡" \
                or not add(i + 1, i + 1 + n, "list"):
            break
        i = i + 1 + n


def _add_enumeration_backwards(lexicon, ctx, text, tokens, end, add):
    """Names that end at ``end`` and before it, separated by 、."""
    items = []
    i = end
    while True:
        for n in (3, 2, 4):
            a = i - n
            if a >= 0 and lexicon.surname_at(text, a) and (a == 0 or text[a - 1] in PUNCT or
                                                            text[a - 1] in "区县市镇乡村"):
                if not any(ch in PUNCT for ch in text[a:i]):
                    items.append((a, i))
                    break
        else:
            break
        a = items[-1][0]
        if a > 0 and text[a - 1] == "、":
            i = a - 1
            continue
        break
    if len(items) >= 2:
        for a, b in items:
            add(a, b, "list")


# ------------------------------------------------------------------- the stage

@dataclass
class Found:
    """A mention on the clean sentence, before it becomes a Mention."""
    start: int
    end: int
    type: str
    name: str                       # the resolved name
    generic: bool = False
    how: str = ""
    implied: bool = False


def resolve_generic(ctx: Context, surface: str, unit: Unit, before: str = "") -> tuple[str, bool]:
    """Expand a level-prefixed or bare unit (区委, 县文联, 镇政府, 我区) to its full name.
    A 省委 or 市政府 is that of the province or city named last in ``before`` (the
    sentence up to it: 甘肃省委原常委，省政府…), else that of the page's home.

    Returns (name, generic): generic is True when the name still needs the
    article's context (社区党支部, 检察院) and is left for resolution.
    """
    body = surface
    for p in GENERIC_PREFIXES:
        # 全国 is "national", no "the whole" of a level: 全国人大财政经济委员会 keeps it
        if body.startswith(p) and len(body) > len(p) and not body.startswith("全国"):
            body = body[len(p):]
            break
    for level_char in ("街道", "区", "县", "市", "省", "镇", "乡"):
        if body.startswith(level_char):
            rest = body[len(level_char):]
            home = ctx.area_of_level(LEVEL_CHARS[level_char], before)
            if home and home.endswith(level_char) and (rest == "" or not rest[0] in "县市区"):
                name = home + rest
                if unit.suffix == "政府" and name.endswith("政府") and not name.endswith("人民政府"):
                    name = name[:-2] + "人民政府"
                return name, False
            if level_char == "区" and ctx.focus.get("zone"):
                return ctx.focus["zone"] + rest, False
            return body, True
    name_part = body[: len(body) - len(unit.suffix)]
    suffixes = {w for w, _ in ctx.lexicon.suffixes}
    return body, name_part == "" or name_part in suffixes or name_part in AREA_KINDS


# the kind of an area, no name of one: 特区政府 is the government of the region named
# around it (香港特区政府), never one entity for both special regions
AREA_KINDS = {"特区", "特别行政区", "自治区", "自治州", "自治县", "新区", "开发区", "高新区", "自贸区",
              "保税区", "示范区"}


WORKING_GROUPS = {"领导小组", "指挥部", "督导组", "督查组", "工作组", "指导组", "办公室", "防控办",
                  "领导小组办公室"}


def _starts_with_place(ctx: Context, name: str) -> bool:
    gaz = ctx.lexicon.gazetteer
    return any(name.startswith(p) for p in [a.name for a in ctx.home.values()] + list(ctx.focus.values())) \
        or any(gaz.lookup(name[:n]) for n in range(2, min(len(name), 9)))


def _has_proper_name(lexicon: Lexicon, tokens: Tokens, text: str, unit: Unit, units: list[Unit]) -> bool:
    """Does anything in the unit's name say it names one thing: a part the tagger reads
    as a name, or jieba as a place, organization or other proper noun, a country or
    division the gazetteer knows, or a place named by its level (白潭镇|初级中学)?"""
    a, b = unit.start, unit.end - len(unit.suffix)
    if a >= b:
        return False
    if any(u.type in ("Community", "AdministrativeArea") and a <= u.start and u.end <= b and
           u.end - u.start > len(u.suffix) for u in units):
        return True
    if any(t.entity in ("ORG", "LOC", "PER") and t.start < unit.end and t.end > a for t in tokens.tagged):
        return True
    for i in range(a, b):
        tok = tokens.token(i)
        if tok and tok[2] in ("ns", "nt", "nz", "nr", "nrt", "j"):
            return True
    return any(_names_country_or_area(lexicon, text[i:j])
               for i in range(a, b) for j in range(i + 2, min(b, i + 8) + 1))


def _home_named(ctx: Context, surface: str, name: str) -> str | None:
    """The home area a level form stands for (区委 → 上街区), where expansion used one."""
    for area_name in [a.name for a in ctx.home.values()] + list(ctx.focus.values()):
        if name.startswith(area_name) and not surface.startswith(area_name):
            return area_name
    return None


def find_mentions(sentence: Sentence, article: Article, ctx: Context, segmenter: Segmenter,
                  not_units: set[str]) -> list[Mention]:
    """All entity mentions of one sentence."""
    lexicon = ctx.lexicon
    text = sentence.clean
    tokens = segmenter.tokens(text)
    found: list[Found] = []

    units, gazetteer_areas, tagger_areas = segmenter.text_names(text, not_units)
    maximal = [u for u in units if not any(o is not u and o.start <= u.start and u.end <= o.end
                                           and (o.start, o.end) != (u.start, u.end) for o in units)]
    for unit in maximal:
        surface = unit.surface(text)
        if unit.start == unit.end - len(unit.suffix) and unit.type in ("Community",):
            continue                       # a bare 社区, 村: nothing named
        if unit.type == "AdministrativeArea" and unit.start == unit.end - len(unit.suffix):
            continue
        name, generic = resolve_generic(ctx, surface, unit, text[:unit.start])
        if unit.whole:
            name, generic = lexicon.canonical.get(surface, surface), False
        if unit.type == "AdministrativeArea" and len(name) <= len(unit.suffix):
            continue
        if generic and unit.type in ("Company", "Organization") and \
                not surface.startswith(("该", "本", "此")) and not title_at(lexicon, text, unit.end):
            continue                       # a bare 医院, 公司: no one in particular
        if unit.type == "Organization" and not unit.whole and not generic and name == surface and \
                not _has_proper_name(lexicon, tokens, text, unit, units):
            continue                       # 世界一流大学, 公立学校: a kind of school, none in particular
        if unit.type == "GovernmentBody" and unit.suffix in WORKING_GROUPS and not generic and \
                not _starts_with_place(ctx, name):
            generic = True                 # 防控督导组: named only with its place
        if unit.type == "Community":
            name = _without_place_prefix(text, unit, units) or name
        elif unit.type in ORG_TYPES:
            name = _without_province(lexicon, name)
        found.append(Found(unit.start, unit.end, unit.type, name, generic, "suffix"))
        found.extend(_inner_units(ctx, text, unit, units))
        home = _home_named(ctx, surface, name)
        if home is not None and unit.type != "AdministrativeArea":
            found.append(Found(unit.start, unit.end, "AdministrativeArea", home, False, "home", True))

    for a, b, area in gazetteer_areas:
        found.append(Found(a, b, "AdministrativeArea", text[a:b], False, "gazetteer"))
    for a, b, name in tagger_areas:
        if not any(f.start < b and a < f.end for f in found):
            found.append(Found(a, b, "AdministrativeArea", name, False, "gazetteer"))

    taken = [(f.start, f.end) for f in found if f.type != "AdministrativeArea" or f.how == "gazetteer"]
    for a, b, how in find_people(lexicon, ctx, text, tokens, taken):
        found.append(Found(a, b, "Person", text[a:b], how == "reference", how))

    found.extend(_enumeration_items(lexicon, text, tokens, found))
    found = _drop_overlaps(found)
    mentions = []
    for f in found:
        mentions.append(Mention(article=article, span=sentence.span(f.start, f.end), name=f.name,
                                type=f.type, generic=f.generic, implied=f.implied))
    return mentions


def _without_province(lexicon: Lexicon, name: str) -> str:
    """四川省内江市人大常委会 → 内江市人大常委会: a city's body is named by its city alone."""
    gaz = lexicon.gazetteer
    for n in range(2, 9):
        province = next((a for a in gaz.by_name.get(name[:n], ()) if a.level == "province"), None)
        if province is None:
            continue
        for m in range(n + 2, min(len(name), n + 8) + 1):
            if any(a.level == "city" and a.parent == province.code for a in gaz.by_name.get(name[n:m], ())):
                return name[n:]
    return name


def _without_place_prefix(text: str, unit: Unit, units: list[Unit]) -> str | None:
    """峡窝镇魏岗村 → 魏岗村: a community is named without the town it lies in."""
    ends = [u.end for u in units if u.type == "AdministrativeArea" and unit.start <= u.start
            and unit.start < u.end < unit.end - len(unit.suffix)]
    return text[max(ends):unit.end] if ends else None


def _inner_units(ctx: Context, text: str, outer: Unit, units: list[Unit]) -> list[Found]:
    """The units a chain is made of: 峡窝镇魏岗村党支部 → 峡窝镇, 魏岗村, 魏岗村党支部."""
    inner = []
    for u in units:
        if u is outer or not (outer.start <= u.start and u.end < outer.end):
            continue
        if u.type == outer.type and u.type in ORG_TYPES:
            continue
        if u.type in ORG_TYPES and any(o is not u and o is not outer and o.type == u.type and
                                       o.start <= u.start and u.end < o.end <= outer.end for o in units):
            continue                      # …集团|有限公司党组: the group is the company's name, no unit of its own
        start = max(u.start, outer.start)
        if u.end - start <= len(u.suffix) and u.type in ("Community", "AdministrativeArea"):
            continue
        part = Unit(start, u.end, u.type, u.suffix, former=u.former)
        name, generic = resolve_generic(ctx, part.surface(text), part, text[:part.start])
        if u.type == "AdministrativeArea" and len(name) <= len(u.suffix):
            continue
        if u.type == "Community":
            name = _without_place_prefix(text, part, units) or name
        elif u.type in ORG_TYPES:
            name = _without_province(ctx.lexicon, name)
        inner.append(Found(start, u.end, u.type, name, generic, "inner"))
    return inner


def _gazetteer_areas(lexicon: Lexicon, text: str, tokens: Tokens, unit_spans):
    """Provinces and cities named without their suffix (湖北, 武汉), outside other names."""
    gaz = lexicon.gazetteer
    # 李|长春, 阿里|夫·阿尔维: a place's name inside a name the tagger reads, and jieba too
    # (or a foreign name in parts), is a part of it; not inside 黄河源 or 万民安康
    names = [(t.start, t.end) for t in tokens.entities("PER")
             if _segmenter_reads_name(tokens, t.start, t.end) or any(j in t.word for j in NAME_JOINERS)]
    out = []
    i = 0
    while i < len(text):
        hit = None
        for n in (5, 4, 3, 2):
            word = text[i:i + n]
            if len(word) == n and word in gaz.by_short and not word.endswith(("市", "省")):
                hit = n
                break
        tok = tokens.token(i + hit - 1) if hit else None
        # 山西太原 is one word to jieba, and two places
        glued = tok is not None and tok[0] + len(tok[1]) > i + hit and not _area_name_starts(lexicon, text, i + hit)
        inside_name = hit and any(s <= i and i + hit <= e and e - s > hit for s, e in names)
        if hit and not glued and not inside_name and not any(s <= i < e for s, e in unit_spans) and \
                not (i + hit < len(text) and match_suffix(lexicon, text, i + hit + 1)):
            out.append((i, i + hit, gaz.by_short[text[i:i + hit]][0]))
            i += hit
        else:
            i += 1
    return out


COUNTY_SUFFIXES = ("县", "市", "区", "旗")
# the head of a place, right after the place's name (华盛顿市长, 喀布尔市市长, 加州州长)
PLACE_HEAD = re.compile("(前|原)?(副)?(市长|州长|省长|县长)")


def tagged_areas(lexicon: Lexicon, tokens: Tokens, text: str) -> list[tuple[int, int, str]]:
    """Places the tagger reads that the gazetteer or the list of countries confirms:
    countries (意大利), counties named without their suffix (江西德安 → 德安县), and a
    foreign place right after its country (意大利里米尼). (start, end, name)."""
    gaz = lexicon.gazetteer
    out = []
    places = tokens.entities("LOC")
    for k, tok in enumerate(places):
        word = tok.word
        before = places[k - 1] if k and places[k - 1].end == tok.start else None
        if before is not None and before.word + word in lexicon.countries:
            # 白|俄罗斯: a country the tagger read in two
            out = [o for o in out if o[0] != before.start]
            out.append((before.start, tok.end, before.word + word))
            continue
        if word in lexicon.countries:
            out.append((tok.start, tok.end, word))
            continue
        if gaz.lookup(word) or len(word) < 2:
            continue                      # found by the gazetteer walk, or nothing to go by
        counties = [word + s for s in COUNTY_SUFFIXES
                    if any(a.level == "county" for a in gaz.by_name.get(word + s, ()))]
        if len(counties) == 1 and len(gaz.by_name[counties[0]]) == 1:
            out.append((tok.start, tok.end, counties[0]))
        elif k and places[k - 1].end == tok.start and places[k - 1].word in lexicon.countries:
            out.append((tok.start, tok.end, word))
        elif PLACE_HEAD.match(text, tok.end) and NAME_CHARS.fullmatch(word) and \
                len(word.rstrip("州市县")) >= 2 and _word_starts(tokens, tok.start):
            # 华盛顿|市长, 喀布尔市|市长: a place by its head; not a piece of one (肯塔|基州)
            out.append((tok.start, tok.end, word))
    # …and a "person" right after a country: 意大利|里|米尼, which jieba reads 里米尼
    for tok in tokens.entities("PER"):
        if not any(t.end == tok.start and t.word in lexicon.countries for t in places):
            continue
        start = tokens.token(tok.start)
        a = start[0] if start and start[0] < tok.start and start[0] + len(start[1]) == tok.end else tok.start
        country_end = tok.start if a == tok.start else a
        if any(t.end == country_end and t.word in lexicon.countries for t in places):
            out.append((a, tok.end, text[a:tok.end]))
    return out


def _word_starts(tokens: Tokens, i: int) -> bool:
    """Does jieba begin a word at text[i]?"""
    tok = tokens.token(i)
    return tok is not None and tok[0] == i


def _enumeration_items(lexicon: Lexicon, text: str, tokens: Tokens, found: list[Found]) -> list[Found]:
    """Untyped items of an enumeration whose typed items agree (…、老寨河等居民小区)."""
    out = []
    for m in re.finditer(r"[^，,。；;：:！？!?“”（）()《》]+", text):
        clause_start = m.start()
        clause = m.group()
        if "、" not in clause:
            continue
        parts = re.split(r"(、|和|及)", clause)
        items, pos = [], clause_start
        for part in parts:
            if part not in ("、", "和", "及"):
                items.append((pos, pos + len(part)))
            pos += len(part)
        head = None
        last_a, last_b = items[-1]
        tail = text[last_a:last_b]
        k = tail.find("等")
        if k > 0:
            rest = re.sub(r"^(\d+|[一二三四五六七八九十]+)?(个|家|处|所|名)?", "", tail[k + 1:])
            for word, etype in lexicon.list_heads.items():
                if rest.startswith(word):
                    head = etype
            items[-1] = (last_a, last_a + k)
        types = []
        for k, (a, b) in enumerate(items):
            first = _item_start(lexicon, text, tokens, a, b)
            t = [f.type for f in found if f.type != "Person" and
                 (f.end == b and f.start >= a - 6 or k == len(items) - 1 and f.start == first and f.end <= b)]
            types.append(t[0] if t else None)
        typed = [t for t in types if t]
        agree = typed and len(set(typed)) == 1 and (len(typed) * 2 >= len(items) or typed[0] == "Company")
        etype = head or (typed[0] if agree else None)
        if etype not in ("Community", "Company"):
            continue
        for (a, b), t in zip(items, types):
            if t is not None:
                continue
            a = _item_start(lexicon, text, tokens, a, b, found)
            item = text[a:b]
            if 2 <= len(item) <= 12 and not any(f.start < b and a < f.end for f in found) and \
                    not any(ch.isdigit() for ch in item[:1]) and tokens.freq(item) < COMMON_WORD_FREQ \
                    and _name_like(tokens, a, b):
                out.append(Found(a, b, etype, item, False, "list"))
    return out


def _name_like(tokens: Tokens, a: int, b: int) -> bool:
    """No verb, adverb or number among the words wholly inside text[a:b] (订单较多 is no name)."""
    for k, start in enumerate(tokens.starts):
        end = start + len(tokens.words[k])
        if a <= start and end <= b and tokens.pos[k][:1] in ("v", "d", "a", "m", "p", "u", "c", "r"):
            if tokens.pos[k] not in ("vn", "an"):
                return False
    return True


def _item_start(lexicon: Lexicon, text: str, tokens: Tokens, a: int, b: int,
                found: list[Found] | None = None) -> int:
    """Skip what stands before the first item of an enumeration: a name, a verb, a preposition."""
    i = max([a] + [f.end for f in found or () if a <= f.end < b])
    while i < b:
        if text[i] in lexicon.stopwords:
            i += 1
            continue
        tok = tokens.token(i)
        if tok is None:
            break
        t_start, word, pos = tok
        if t_start == i and (pos in STOP_POS or pos.startswith("v") and pos != "vn" or
                             word in lexicon.stopwords):
            i = t_start + len(word)
            continue
        break
    return i


def _drop_overlaps(found: list[Found]) -> list[Found]:
    """Keep nested chains (峡窝镇 inside 峡窝镇党委) but drop duplicate spans and, of two
    crossing spans, the shorter (我区 crossing 区新冠肺炎…领导小组)."""
    kept: list[Found] = []
    for f in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        clash = False
        for k in kept:
            same = (k.start, k.end, k.type) == (f.start, f.end, f.type) or \
                (k.start, k.end) == (f.start, f.end) and not f.implied
            crossing = k.start < f.start < k.end < f.end or f.start < k.start < f.end < k.end
            person_inside = f.type == "Person" and k.start <= f.start and f.end <= k.end and k.type != "Person"
            inside_person = k.type == "Person" and k.start <= f.start and f.end <= k.end
            if same or crossing or person_inside or inside_person:
                clash = True
                break
        if not clash:
            kept.append(f)
    return sorted(kept, key=lambda f: (f.start, -(f.end - f.start)))
