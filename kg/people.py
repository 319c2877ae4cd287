"""Person names in a sentence: the tagger proposes, the rules type, cut, extend
and veto.

People are read after a title or descriptor (区委书记宋洁, 老党员刘书营), in
enumerations after one (区领导宋洁、耿勇军), before a title (习近平总书记),
as speakers (据李明慧介绍), as names already found anywhere in the document,
and where the tagger alone proposes them: then the name must pass checks that
generalize (its boundaries against jieba's words, titles and function words
glued to it, countries and places that are no people, a shape of a name where
nothing announces it).
"""
from __future__ import annotations

import re

from .context import Context
from .lexicon import Lexicon
from .tagger import TaggedToken
from .titles import title_at, title_before
from .tokens import NAME_CHARS, NAME_DOTS, NAME_JOINERS, PUNCT, Tokens, person_tokens, segmenter_reads_name, word_starts
from .units import COMMON_WORD_FREQ, PLACE_HEAD, match_suffix, names_country_or_area

NAME_TAIL_BLOCK = {"先生", "女士", "同志", "师傅", "老师", "阿姨", "大爷", "大妈", "某某", "小姐", "教授",
                   "大娘", "大姐", "大哥", "医生"}
# 胡老, 王某, 刘家, 张氏: a surname and one of these is a way of speaking of someone, no name
SURNAME_TAILS = set("老某家氏")
NICKNAME_HEADS = set("阿小老")
RARE_SURNAME_FREQ = 8.0     # surnames.tsv: 辜 13.8, 邸 13.9, 展 8.9; 念, 加, 岩 5
# what a speaker says by: 李明慧表示, 据李明慧介绍
SPEECH_VERBS = ("介绍", "表示", "说", "告诉", "坦言", "指出", "强调")
SPEAKER_FOLLOWERS = {"是", "要求", *SPEECH_VERBS}
MAX_PERSON_NAME = 16             # 马格坦戈尔·圭尼贡多


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


def _ends_name(lexicon: Lexicon, text: str, i: int) -> bool:
    """Can a name end right before text[i]?"""
    if i >= len(text) or text[i] in PUNCT or text[i].isdigit():
        return True
    if title_at(lexicon, text, i):
        return True
    return any(text.startswith(w, i) for w in lexicon.followers)


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
                not (tagged_as_word(lexicon, tokens, a, b) and not _segmenter_reads_full_name(lexicon, tokens, text, a, b, how)) \
                and not (how in ("tagger", "known") and _bare_place_name(ctx, text[a:b])):
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
        if not _shaped_like_a_name(lexicon, text[a:a + n]) and not segmenter_reads_name(tokens, a, a + n) \
                and ctx.person_or_place_counts[text[a:a + n]] < 2 and not _announced(lexicon, text, a, a + n):
            continue                      # 种|林果, 感党恩: only the tagger calls it a name, once, unannounced
        add(a, a + n, "tagger")
    # a foreign name the tagger calls a place, joined to a name found above (奥卡西亚和卡罗娜组成,
    # 别列娃／卡鲁泽之后); but not where the pair runs into a noun (…和…争端) or a place's suffix
    # (…州和…州): two places
    ends = {b for _, b, _ in found.values()}
    after_name = {a: b for a, b, _ in found.values()}
    for tok in tokens.tagged:
        if text[tok.start - 1:tok.start] in PAIR_JOINERS and tok.start - 1 in ends:
            pair_end = tok.end
        elif text[tok.end:tok.end + 1] in PAIR_JOINERS and tok.end + 1 in after_name:
            pair_end = after_name[tok.end + 1]
        else:
            continue
        following = tokens.tagged_starting.get(pair_end)
        if (following is None or not following.pos.startswith("n")) and \
                not {text[tok.end:tok.end + 1], text[pair_end:pair_end + 1]} & FOREIGN_PLACE_ENDS and \
                _foreign_name_tagged_place(lexicon, tokens, text, tok):
            add(tok.start, tok.end, "list")
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


# the levels a place of the document is written without (柳湾村 as 柳湾: 柳湾人民, 柳湾大地)
BARE_PLACE_LEVELS = ("镇", "乡", "村", "县", "区", "市", "街道", "社区")


def _bare_place_name(ctx: Context, name: str) -> bool:
    """Is ``name`` a place this document names with its level (柳湾 for 柳湾村)?"""
    return any(ctx.known_names.get(name + level) in ("AdministrativeArea", "Community") for level in BARE_PLACE_LEVELS)


def _segmenter_reads_full_name(lexicon: Lexicon, tokens: Tokens, text: str, a: int, b: int, how: str) -> bool:
    """记者|曲春红 where the tagger reads 曲春|红: after a title, a surname and two
    characters that jieba reads as one name are one, whatever words the tagger sees;
    but not where the tagger reads the surname as a preposition or a conjunction
    (主席|同|佐达总统)."""
    first = tokens.tagged_starting.get(a)
    return how == "title" and b - a == 3 and lexicon.surname_at(text, a) == 1 and \
        segmenter_reads_name(tokens, a, b) and not (first and len(first.word) == 1 and first.pos in ("p", "c"))


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
    if names_country_or_area(lexicon, name):
        return False
    if len(name) >= 3 and name[-1] in PLACE_ENDS:
        return False                      # 康斯坦察县, 巴达赫尚省, …敬老院: places by their suffix
    if name.endswith(ROUTE_WORDS) or name[-1] in "文语" and names_country_or_area(lexicon, name[:-1]):
        return False                      # 安九高铁: a route; 乌兹别克文: a language
    if text.endswith(PLACE_KINDS, 0, a) or PLACE_COUNT.match(text, b):
        return False                      # 白俄罗斯首都明斯克, 南部城市…, …等4个村庄: a place; …等企业: a firm
    if text.startswith(ROUTE_WORDS, b):
        return False                      # 莆炎高速, 张吉怀高铁: a route named by the places it joins
    sn = lexicon.surname_at(name, 0)
    if sn and name[sn:] in lexicon.title_set:
        return False                      # 温书记: a reference by title, resolved later
    if sn and len(name) == sn + 1 and name[-1] in SURNAME_TAILS:
        return False
    if len(name) == 2 and name[0] in NICKNAME_HEADS:
        return False                      # 阿美, 小慧, 老刘: how one calls a person, no name
    if len(name) == 2 and (name[1] == "方" and name[0] in "中外我双对" or
                           name[1] in "方军" and name[0] in lexicon.country_initials):
        return False                      # 哈方, 美方: "the Kazakh side", a country as a party to talks; 墨军: its army
    return not any(name.endswith(t) for t in NAME_TAIL_BLOCK)


# what a place is called before its name (白俄罗斯首都明斯克, 旅游胜地…), and how a list of
# places or firms says what its items are (…等5县, …、…等4个村庄, …、…等企业); but not a
# list of people named by where they work (…等企业负责人, …等村干部)
PLACE_KINDS = ("首都", "首府", "城市", "小城", "小镇", "港口", "港城", "胜地", "村庄")
PLACE_COUNT = re.compile(r"(、[^，。；：、“”\s]{1,12})*等[\d一二三四五六七八九十几多]*[个家所]?"
                         r"(城市|村庄|村|县|市|省|州|岛|企业|公司|单位)"
                         r"(?!负责人|家|代表|员工|职工|人员|干部|领导|老板|高管|主|级|长|书记|委)")


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
                DATELINE.match(text, end) or text.startswith("”号", end) or _inside_idiom(tokens, tok.start, end) or \
                AFTER_AMOUNT.search(text, 0, tok.start) or _in_banner(lexicon, text, tok.start, end):
            continue                      # …a storm's name (台风“卢碧”), a craft's (“卡洛维”号), a city in a
                                          # forecast or a dateline (本报波恩5月25日电), a currency (3.91卢比),
                                          # the start of an idiom (张牙舞|爪)
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


def _inside_idiom(tokens: Tokens, a: int, b: int) -> bool:
    """Does jieba read text[a:b] as the start of a longer idiom or fixed phrase (张牙舞|爪)?"""
    tok = tokens.token(a)
    return tok is not None and tok[0] == a and len(tok[1]) > b - a and tok[2] in ("i", "l")


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
        not names_country_or_area(lexicon, word.word) and not match_suffix(lexicon, word.word, len(word.word))


def _foreign_name_before_title(lexicon: Lexicon, tokens: Tokens, text: str, word: TaggedToken) -> bool:
    """Is ``word``, which the tagger calls a place or a body, a foreign name: written in
    transliteration's characters only, no country, place or body we know nor part of
    one (阿根廷众|议长), and a title (not a place's head) or a form of address after it?"""
    if not _written_as_foreign_name(lexicon, tokens, text, word) or _inside_country(lexicon, text, word.start, word.end):
        return False
    title = title_at(lexicon, text, word.end)
    if title is not None:
        # 首都科纳克里|总统府: the title of a place's building is none
        return not PLACE_HEAD.fullmatch(title) and not text.startswith(TITLE_PLACES, word.end + len(title))
    return text.startswith(ADDRESSES, word.end)


# what joins two people named side by side: a pair of players (…／…), a conjunction
PAIR_JOINERS = set("和与／/")


def _foreign_name_tagged_place(lexicon: Lexicon, tokens: Tokens, text: str, word: TaggedToken) -> bool:
    """Is ``word`` a place of three or more characters the tagger reads that may be a
    foreign person's name?"""
    return word.entity == "LOC" and len(word.word) >= 3 and _written_as_foreign_name(lexicon, tokens, text, word)


def _written_as_foreign_name(lexicon: Lexicon, tokens: Tokens, text: str, word: TaggedToken) -> bool:
    """Is ``word``, which the tagger calls a place or a body, written as a foreign
    person's name may be: in transliteration's characters only, no country, place or
    body we know nor begun by a country, no common word, a word of jieba's too, and
    a plausible person?"""
    return _unknown_place_or_body(lexicon, word) and set(word.word) <= lexicon.transliteration_chars and \
        not word.word.startswith(tuple(lexicon.countries)) and tokens.freq(word.word) < COMMON_WORD_FREQ and \
        word_starts(tokens, word.start) and plausible_person(lexicon, text, word.start, word.end)


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
                not NAME_CHARS.fullmatch(before.word) or names_country_or_area(lexicon, before.word) or \
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
PLACE_ENDS = set("省县州院碑寺庙陵")
# what a run of place initials names when it stands before them (郑渝高铁, 杭绍台高速)
ROUTE_WORDS = ("高速", "高铁", "铁路", "城际", "公路", "客专", "动车")


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
            not word_starts(tokens, b + 1):
        return b
    return b + 1


def _transliteration_end(lexicon: Lexicon, tokens: Tokens, text: str, a: int, b: int) -> int:
    """A foreign name the tagger ended early (格雷特|施莱格) runs on over the words
    right after it that jieba reads as parts of names (施 nr, 莱格 nrt) and the
    tagger gives no entity: a Chinese name (a surname and one or two characters)
    is whole already, and a long run is no one name."""
    if b - a < 2 or _chinese_name(lexicon, text[a:b]) or not word_starts(tokens, b):
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
            b + 1 not in tokens.tagged_starting or not word_starts(tokens, b + 1):
        return b
    return b + 1


# one-character words the tagger glues to the name before them: adverbs (卢金也|警告),
# conjunctions (习近平和|夫人), the verbs and prepositions that follow a speaker (周强作|报告,
# 鲍勃派|代表)
FUNCTION_TAILS = {"d": set("也都就又还却便才亦已曾将"), "c": set("和与同及"),
                  "v": set("作说讲称谈派"), "p": set("向对在将")}
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
    if not word_starts(tokens, b - 1):
        return b
    name, tail = tokens.token(a), tokens.token(b - 1)
    if tail[2] == "v" and len(tail[1]) >= 2 and tokens.freq(tail[1]) >= VERB_ACROSS_FREQ:
        return b - 1
    if name is None or name[0] != a or len(name[1]) != b - 1 - a or not name[2].startswith("nr"):
        return b
    function_word = len(tail[1]) == 1 and text[b - 1] in FUNCTION_TAILS.get(tail[2], ())
    if function_word and tail[2] == "c":
        # 习近平和|夫人: a conjunction joins two nouns; 张子和|说 is a name before its verb
        function_word = word_starts(tokens, b) and tokens.token(b)[2][:1] in ("n", "r")
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
