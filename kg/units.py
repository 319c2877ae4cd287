"""Units by their suffix, and places: the organizations, bodies, communities and
areas a sentence names.

- units by suffix (…党支部, …有限公司, …社区, …镇), walking left from the
  suffix to where the proper name begins, and typed by it;
- areas from the gazetteer (武汉, 湖北 as the press writes them), and places
  the tagger reads that the gazetteer's level forms confirm.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import Lexicon
from .model import STATE_BODIES
from .titles import MAX_QUALIFIERS, qualifier_before, title_at
from .tokens import NAME_CHARS, NAME_JOINERS, PUNCT, Tokens, segmenter_reads_name, word_starts

LEVEL_CHARS = {"区": "county", "县": "county", "市": "city", "省": "province",
               "镇": "town", "乡": "town", "街道": "town"}
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
ORG_TYPES = {"PartyOrganization", "GovernmentBody", "Company", "Organization"}
MAX_NAME = 30
MAX_PLACE_NAME = 6
# a township that became a town keeps its old name in the press (叶坪乡, now 叶坪镇)
TOWNSHIP_RENAMES = {"乡": "镇", "镇": "乡"}


def renamed_township(name: str) -> str:
    """叶坪乡 → 叶坪镇, 叶坪镇 → 叶坪乡: the name a township or town had or has ('' for others)."""
    return name[:-1] + TOWNSHIP_RENAMES[name[-1]] if name[-1:] in TOWNSHIP_RENAMES else ""


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
        time = tokens.tagged_ending.get(i)
        if time is not None and time.entity == "TIME":
            break                         # 今年以来|农业银行: no name begins with a time
        # 援引|德国…工商会: a name starts at its country or place, never at a verb before it;
        # 交|由|新疆医科大学: nor before an organization the tagger starts after such a word
        if i < suffix_start and (tok_ends_here and tok[2].startswith("v") and _country_or_area_starts(lexicon, text, i)
                                 or _tagged_organization_starts(tokens, i, suffix_start)
                                 or _tagged_verb_before(lexicon, text, tokens, i)):
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
        # a word running on over the suffix's end: a suffix glued to the following word is no
        # suffix (区内, 市场, 村民), nor a one-character one inside a common noun (出厂价格, 乡镇企业;
        # but 总局|局长 is a body and its head's title)
        if tok and tok[0] + len(tok[1]) > end and \
                (tok[0] >= end - len(suffix) and tok[2] not in ("ns", "nt", "nz", "nnt") or
                 len(suffix) == 1 and tok[0] < end - 1 and tok[2] == "n" and not title_at(lexicon, text, end)):
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
                          if names_country_or_area(lexicon, text[k:s_start])), None)
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
    return prefix in LEVEL_FORMS or names_country_or_area(lexicon, prefix) or prefix in PARTY_NAMES or \
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
COMMON_VERB_FREQ = 100      # in jieba's dictionary: 深化 1425, 收治 53


def _tagged_verb_before(lexicon: Lexicon, text: str, tokens: Tokens, i: int) -> bool:
    """要深化|公立医院, 是优化|外资银行: does the name begin at ``i``, after a common verb
    of two or more characters that jieba and the tagger both read as that word (and
    jieba as no noun: a district whose name reads as a verb, which our lexicon knows), that
    no organization the tagger finds covers (中国建设银行), that is no place's name,
    and that starts a phrase of its own, after no noun (…产业集聚|区, 邮政…|支行:
    the verb inside a place's name)?"""
    verb = tokens.tagged_ending.get(i)
    if verb is None or verb.entity is not None or verb.pos != "v" or len(verb.word) < 2:
        return False
    word = tokens.token(verb.start)
    if word is None or word[:2] != (verb.start, verb.word) or word[2].startswith("n") or \
            tokens.freq(verb.word) < COMMON_VERB_FREQ or not word_starts(tokens, i) or \
            _country_or_area_starts(lexicon, text, verb.start) or \
            any(t.entity == "ORG" and t.start < i < t.end for t in tokens.tagged):
        return False
    before = tokens.tagged_ending.get(verb.start)
    return before is None or before.entity is None and not before.pos.startswith("n")


def names_country_or_area(lexicon: Lexicon, name: str) -> bool:
    gaz = lexicon.gazetteer
    return name in lexicon.countries or name in gaz.by_name or name in gaz.by_short


def _country_or_area_starts(lexicon: Lexicon, text: str, i: int) -> bool:
    return any(names_country_or_area(lexicon, text[i:i + n]) for n in range(2, 9))


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
    return session if session > start and names_country_or_area(lexicon, place) else start


SESSION_WORDS = ("会议", "大会")


def _qualifier_after_unit(lexicon: Lexicon, text: str, i: int) -> bool:
    """Do title qualifiers (副, 常务|副) end at text[i], right after a unit's suffix?"""
    for _ in range(MAX_QUALIFIERS):
        qualifier = qualifier_before(lexicon, text, i)
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


def gazetteer_areas(lexicon: Lexicon, text: str, tokens: Tokens, unit_spans):
    """Provinces and cities named without their suffix (湖北, 武汉), outside other names."""
    gaz = lexicon.gazetteer
    # 李|长春, 阿里|夫·阿尔维: a place's name inside a name the tagger reads, and jieba too
    # (or a foreign name in parts), is a part of it; not inside 黄河源 or 万民安康
    names = [(t.start, t.end) for t in tokens.entities("PER")
             if segmenter_reads_name(tokens, t.start, t.end) or any(j in t.word for j in NAME_JOINERS)]
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
                len(word.rstrip("州市县")) >= 2 and word_starts(tokens, tok.start):
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
