"""Lexicons and gazetteers, loaded once from the data files in kg/lexicons and kg/data."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field, fields
from functools import cached_property
from importlib import resources

LEVEL_SUFFIXES = ("省", "自治区", "市", "区", "县", "旗", "镇", "乡", "街道")


def _lines(name: str) -> list[list[str]]:
    """Rows of a lexicon file: comments and blank lines dropped, columns split on tabs."""
    text = resources.files("kg").joinpath("lexicons", name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            rows.append([col.strip() for col in line.split("\t")])
    return rows


def read_lexicon(name: str) -> list[list[str]]:
    """The rows of ``kg/lexicons/<name>`` as they are written: tab-separated fields
    (not stripped: a pattern may begin with a space); ``#`` lines are comments."""
    text = resources.files("kg").joinpath("lexicons", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _data(name: str) -> str:
    return resources.files("kg").joinpath("data", name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Area:
    """An administrative division from the gazetteer."""
    code: str
    name: str
    level: str                      # province | city | county | town
    parent: str | None              # code of the enclosing division

    @property
    def short(self) -> str:
        """The name without its level suffix (郑州市 → 郑州), as the press writes it."""
        for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区",
                       "省", "市", "地区", "盟"):
            if self.name.endswith(suffix) and len(self.name) - len(suffix) >= 2:
                return self.name[: -len(suffix)]
        return self.name


def _of_level(area: Area, level: str) -> bool:
    return area.level == level or level == "city" and area.level == "province" and area.name.endswith("市")


# China's 56 peoples, as the names of autonomous areas write them
PEOPLES = ("汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 "
           "拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 "
           "乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺").split()
# a place name, one or more peoples, 自治州: 延边朝鲜族自治州, 黔东南苗族侗族自治州
AUTONOMOUS_PREFECTURE = re.compile(
    "(.{2,4}?)(?:(?:" + "|".join(sorted(PEOPLES, key=len, reverse=True)) + ")族?)+自治州")


class Gazetteer:
    """China's administrative divisions, looked up by full or short name."""

    def __init__(self, areas: list[Area]):
        self.by_code = {a.code: a for a in areas}
        self.by_name: dict[str, list[Area]] = {}
        for area in areas:
            self.by_name.setdefault(area.name, []).append(area)
        self._children: dict[str, list[Area]] = {}
        for area in areas:
            if area.parent:
                self._children.setdefault(area.parent, []).append(area)
        self.by_short: dict[str, list[Area]] = {}
        for area in areas:
            if area.level in ("province", "city") and area.short != area.name:
                self.by_short.setdefault(area.short, []).append(area)
            # 黔南布依族苗族自治州 is 黔南州 in the press: its place name and 州
            prefecture = AUTONOMOUS_PREFECTURE.fullmatch(area.name) if area.level == "city" else None
            if prefecture:
                self.by_short.setdefault(prefecture.group(1) + "州", []).append(area)

    @classmethod
    def load(cls) -> "Gazetteer":
        areas = []
        for row in csv.DictReader(_data("provinces.csv").splitlines()):
            areas.append(Area(row["code"], row["name"], "province", None))
        for row in csv.DictReader(_data("cities.csv").splitlines()):
            if row["name"] not in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
                areas.append(Area(row["code"], row["name"], "city", row["provinceCode"]))
        for row in csv.DictReader(_data("areas.csv").splitlines()):
            areas.append(Area(row["code"], row["name"], "county", row["cityCode"]))
        for row in csv.DictReader(_data("streets.csv").splitlines()):
            areas.append(Area(row["code"], row["name"], "town", row["areaCode"]))
        return cls(areas)

    def children(self, code: str) -> list[Area]:
        """The divisions directly inside the one with this code."""
        return self._children.get(code, [])

    def lookup(self, name: str) -> list[Area]:
        return self.by_name.get(name, []) or self.by_short.get(name, [])

    def parent(self, area: Area) -> Area | None:
        code = area.parent
        while code:
            found = self.by_code.get(code)
            if found:
                return found
            code = code[:2] if len(code) > 2 else None   # a city code of 市辖区: go to the province
        return None

    def chain(self, area: Area) -> list[Area]:
        """The area and every division above it, innermost first."""
        out = [area]
        while (up := self.parent(out[-1])) is not None:
            out.append(up)
        return out


HOME_COUNTRIES = {"中国", "中华人民共和国"}


@dataclass
class Lexicon:
    """Everything the extractors know about the language and the domain."""
    titles: list[str] = field(default_factory=list)           # longest first
    title_qualifiers: list[str] = field(default_factory=list)  # 代, 副, 常务 …: longest first
    descriptors: dict[str, bool] = field(default_factory=dict)  # word → makes a party member
    suffixes: list[tuple[str, str]] = field(default_factory=list)  # (suffix, class), longest first
    triggers: list[tuple[str, str]] = field(default_factory=list)  # (trigger, class), longest first
    followers: list[str] = field(default_factory=list)        # longest first
    stopwords: set[str] = field(default_factory=set)
    list_heads: dict[str, str] = field(default_factory=dict)
    surnames: dict[str, float] = field(default_factory=dict)
    not_units: set[str] = field(default_factory=set)
    institutions: dict[str, str] = field(default_factory=dict)   # whole names → class
    canonical: dict[str, str] = field(default_factory=dict)      # short form → full name
    fixed_phrases: list[str] = field(default_factory=list)
    keep_whole: list[str] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)
    country_abbreviations: set[str] = field(default_factory=set)   # 俄, 美: one-character forms
    after_place: set[str] = field(default_factory=set)   # suffixes naming a unit only after a place (中国|女排)
    transliteration_chars: set[str] = field(default_factory=set)   # 尔, 斯, 拉 …: foreign names' characters
    name_parts: dict[str, str] = field(default_factory=dict)   # 加藤 → japanese, 格桑 → tibetan

    def __getstate__(self):
        # what a worker process is sent: the lists, not the tables derived from them
        names = {f.name for f in fields(self)}
        return {k: v for k, v in self.__dict__.items() if k in names}

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return Gazetteer.load()

    @cached_property
    def country_initials(self) -> set[str]:
        """The first characters of the countries' names: 美, 哈, 波 as in 美方, 哈方, 波方."""
        return {c[0] for c in self.countries}

    @cached_property
    def title_set(self) -> set[str]:
        return set(self.titles)

    def foreign_country_before(self, text: str, i: int, short: bool = True) -> str:
        """The name of a country other than China that ends right before text[i] ('' if
        none), or with ``short`` its one-character form (俄|外交部) where no 中 pairs it
        with China (中俄)."""
        # the endings of text[:i] looked up, longest first, not every country scanned
        full = next((text[i - n:i] for n in range(min(i, self.longest_country), 0, -1)
                     if text[i - n:i] in self.countries and text[i - n:i] not in HOME_COUNTRIES), "")
        if full or not short:
            return full
        letter = text[i - 1:i]
        return letter if letter in self.country_abbreviations and text[i - 2:i - 1] != "中" else ""

    @cached_property
    def longest_country(self) -> int:
        return max(map(len, self.countries), default=0)

    def is_title(self, word: str) -> bool:
        """A post title, bare or qualified as written (代省长, 常务副省长)."""
        return word in self.title_set or any(
            word.startswith(q) and len(word) > len(q) and self.is_title(word[len(q):])
            for q in self.title_qualifiers)

    @cached_property
    def suffixes_by_last_char(self) -> dict[str, list[tuple[str, str]]]:
        """Unit suffixes by their last character, longest first: a suffix lookup is one dict hit."""
        index: dict[str, list[tuple[str, str]]] = {}
        for suffix, etype in self.suffixes:
            index.setdefault(suffix[-1], []).append((suffix, etype))
        return index

    @cached_property
    def stopwords_by_last_char(self) -> dict[str, list[str]]:
        """Stop words by their last character: asking whether one ends at a position is one dict hit."""
        index: dict[str, list[str]] = {}
        for word in self.stopwords:
            index.setdefault(word[-1], []).append(word)
        return index

    @cached_property
    def area_patterns(self) -> dict[str, "re.Pattern[str]"]:
        """Every province's and every city's full and short name, one pattern per level, longest first."""
        out = {}
        for level in ("province", "city"):
            names = {n for a in self.gazetteer.by_code.values() if _of_level(a, level) for n in (a.name, a.short)}
            out[level] = re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))
        return out

    @cached_property
    def segmenter(self):
        """jieba's part-of-speech tokenizer taught the titles, descriptors and unit suffixes.

        Built once per lexicon (loading jieba's dictionary takes two seconds), so
        every build with this lexicon segments alike and pays that once."""
        import jieba

        from .viterbi import POSTokenizer
        jieba.setLogLevel(60)
        tokenizer = jieba.Tokenizer()
        for title in self.titles:
            tokenizer.add_word(title, 2000, "nnt")
        for word in self.descriptors:
            tokenizer.add_word(word, 2000, "n")
        for word in self.keep_whole:
            tokenizer.add_word(word, 50000, "n")
        for suffix, _ in self.suffixes:
            if len(suffix) > 1:
                tokenizer.add_word(suffix, 2000, "n")
        return POSTokenizer(tokenizer)

    def area_named_last(self, text: str, level: str) -> Area | None:
        """The province or city that ``text`` names last (甘肃省委原常委，省政府… → 甘肃省;
        上海市委副书记、市长 → 上海市, a municipality being a city too)."""
        last = None
        for m in self.area_patterns[level].finditer(text):
            last = m.group()
        areas = [a for a in self.gazetteer.lookup(last or "") if _of_level(a, level)]
        return areas[0] if len(areas) == 1 else None

    @cached_property
    def anchor_pattern(self) -> "re.Pattern[str]":
        """Every title and descriptor in one pattern, longest first."""
        words = sorted(set(self.titles) | set(self.descriptors), key=len, reverse=True)
        return re.compile("|".join(map(re.escape, words)))

    def surname_at(self, text: str, i: int, min_freq: float = 0.0) -> int:
        """Length of the surname starting at text[i] (0 if none): compound surnames first."""
        for n in (2, 1):
            s = text[i:i + n]
            if len(s) == n and self.surnames.get(s, -1) >= min_freq:
                return n
        return 0


def _by_length(words):
    return sorted(words, key=lambda w: (-len(w[0] if isinstance(w, tuple) else w), w))


def load_lexicon() -> Lexicon:
    """Read every lexicon file; the gazetteer loads lazily on first use."""
    surnames = {}
    for row in _data("surnames.tsv").splitlines()[1:]:
        name, _, freq = row.partition("\t")
        if name:
            surnames[name] = float(freq or 0)
    return Lexicon(
        titles=_by_length(r[0] for r in _lines("titles.txt")),
        title_qualifiers=_by_length(r[0] for r in _lines("title_qualifiers.txt")),
        descriptors={r[0]: len(r) > 1 and r[1] == "party" for r in _lines("descriptors.txt")},
        suffixes=_by_length((r[0], r[1]) for r in _lines("unit_suffixes.tsv")),
        triggers=_by_length((r[0], r[1]) for r in _lines("actions.tsv")),
        followers=_by_length(r[0] for r in _lines("name_followers.txt")),
        stopwords={r[0] for r in _lines("stopwords.txt")},
        list_heads={r[0]: r[1] for r in _lines("list_heads.tsv")},
        surnames=surnames,
        not_units={r[0] for r in _lines("not_units.txt")},
        institutions={r[0]: r[1] for r in _lines("institutions.tsv")},
        canonical={r[0]: r[2] for r in _lines("institutions.tsv") if len(r) > 2},
        fixed_phrases=[r[0] for r in _lines("fixed_phrases.txt")],
        keep_whole=[r[0] for r in _lines("segmentation.txt")],
        countries={r[0] for r in _lines("countries.txt")},
        country_abbreviations={r[0] for r in _lines("country_abbreviations.tsv")},
        after_place={r[0] for r in _lines("unit_suffixes.tsv") if len(r) > 2 and r[2] == "after-place"},
        transliteration_chars={r[0] for r in _lines("transliteration_chars.txt")},
        name_parts={r[0]: r[1] for r in _lines("name_parts.tsv")},
    )
