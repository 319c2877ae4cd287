"""Sentence → entity mentions: people, organizations, communities, areas.

Needs a ``Sentence`` (clean text), the ``Lexicon`` and the document's
``Context`` (home areas, names already known). Adds ``Mention`` objects whose
``name`` is the resolved form (``区委`` → ``上街区委``) and whose span cuts
the surface form out of the source.

Recognizers, in order of trust, each in its module:
- units by suffix and places from the gazetteer (``kg.units``);
- people (``kg.people``);
- untyped items of an enumeration whose other items are typed (…、老寨河等居民小区),
  here, where what every recognizer found comes together.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .context import Context
from .lexicon import Lexicon
from .model import Article, Mention
from .people import find_people
from .text import Sentence
from .titles import title_at
from .tokens import Segmenter, Tokens
from .units import (COMMON_WORD_FREQ, LEVEL_CHARS, ORG_TYPES, STOP_POS, Unit, find_units, gazetteer_areas,
                    names_country_or_area, tagged_areas)

GENERIC_PREFIXES = ("我", "全", "该", "本", "此", "各")     # 我区, 该镇: a reference, not a name


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
    return any(names_country_or_area(lexicon, text[i:j])
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

    units, areas, tagger_areas = sentence_names(segmenter, text, not_units)
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

    for a, b, area in areas:
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


def sentence_names(segmenter: Segmenter, text: str, not_units: set[str]) -> tuple[list[Unit], list, list]:
    """The unit names, gazetteer places and tagged places of a sentence, found once."""
    def find():
        tokens = segmenter.tokens(text)
        units = find_units(segmenter.lexicon, text, tokens, not_units)
        areas = gazetteer_areas(segmenter.lexicon, text, tokens, [(u.start, u.end) for u in units])
        return units, areas, tagged_areas(segmenter.lexicon, tokens, text)
    return segmenter.once("names", text, find)
