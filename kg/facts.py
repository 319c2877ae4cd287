"""Articles → mentions and facts: posts, party membership, actions, relations, evidence.

Works a document at a time, because a page's articles share a home district
(``区委`` is the same body in every article) and names found in one article
help find them in the next. ``extract_document`` needs the document's
articles and the Lexicon; it gives one ``Facts`` per article. The caller may
tag many documents' sentences in one batch first (``sentence_texts``).
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from .context import Context
from .lexicon import Area, Lexicon
from .mentions import find_mentions
from .model import Action, Article, Evidence, Facts, Membership, Mention, Relation, Span
from .numbers import find_amounts, find_dates, year_of
from .text import Sentence, make_sentence, split_sentences
from .titles import skip_age, title_at, title_before
from .tokens import Segmenter, substrings
from .units import ORG_TYPES, renamed_township

# the bodies of a party committee, named bare after a post in it (省委常委、政法委书记)
COMMITTEE_BODIES = {"政法委", "纪委", "组织部", "宣传部", "统战部", "政研室", "办公厅"}
PARTY_BRANCHES = ("党支部", "党总支", "党委")
TOWNS = ("镇", "乡", "街道")
PARTY_TITLE_WORDS = ("书记", "党委", "党组", "党支部", "党总支", "党工委", "常委", "党建", "组织委员", "宣传委员")
HEAD_TITLES = {"镇长": "town", "副镇长": "town", "乡长": "town", "副乡长": "town", "区长": "county",
               "副区长": "county", "县长": "county", "副县长": "county", "市长": "city", "副市长": "city",
               "省长": "province", "副省长": "province"}
PARTICIPANT_TRIGGERS = ("参加", "出席", "收听收看", "陪同")
MEETING_NOUN = re.compile(r"会议|大会|例会|晨会|座谈会|推进会|部署会|调度会|动员会|视频会|电视电话会|常委会|专题会|[^体社机]会$")
NOT_RESUMPTION_AFTER = ("政策", "指南", "流程", "标准", "申请", "工作组", "联合审批", "方案", "专班",
                        "准备", "规程", "程序", "验收", "前", "企业党组织")
AGENT_TYPES = ("Person",) + tuple(ORG_TYPES) + ("AdministrativeArea", "Community")
OBJECT_MARKERS = ("向", "给", "对", "到", "在", "从", "驻", "为", "把", "深入", "来到", "走进", "前往", "响应")
PRONOUNS = ("他", "她")
ORIGIN_MARKERS = ("返", "回", "来", "籍", "人员", "方向", "归来")


@dataclass
class Located:
    """A mention with its position in the clean sentence."""
    start: int
    end: int
    mention: Mention

    @property
    def type(self) -> str:
        return self.mention.type


def extract_facts(article: Article, lexicon: Lexicon) -> Facts:
    """The facts of a single article, read on its own."""
    return extract_document([article], lexicon)[0]


def extract_document(articles: list[Article], lexicon: Lexicon,
                     segmenter: Segmenter | None = None) -> list[Facts]:
    """Mentions and facts of every article of one document."""
    segmenter = segmenter or Segmenter(lexicon)
    if not articles:
        return []
    doc_text = articles[0].doc.text
    ctx = Context(lexicon=lexicon, home=home_areas(lexicon, doc_text), text=doc_text)
    year = _year(articles[0], doc_text)
    sentences = {a.id: split_sentences(a) for a in articles}
    title_sentences = {a.id: _title_sentence(a) for a in articles}
    texts = sentence_texts(articles, sentences, title_sentences)
    segmenter.prepare(texts)
    ctx.person_or_place_counts = segmenter.entity_counts(texts, {"PER", "LOC"})
    # pass 1: people anchored by titles, and every unit name, so pass 2 can use them all
    for article in articles:
        for s in sentences[article.id] + title_sentences[article.id]:
            for m in find_mentions(s, article, ctx, segmenter, lexicon.not_units):
                if m.type == "Person" and not m.generic:
                    ctx.known_people.add(m.name)
                elif not m.generic:
                    ctx.known_names.setdefault(m.name, m.type)
    for article in articles:
        for name in article.reporters + article.correspondents:
            ctx.known_people.add(name)
    out = []
    home = ctx.home.get("county")
    for article in articles:
        ctx.focus = article_focus(lexicon, ctx, article, sentences[article.id] + title_sentences[article.id])
        facts = _extract_article(article, title_sentences[article.id] + sentences[article.id],
                                 ctx, segmenter, year, headline=len(title_sentences[article.id]))
        facts.mentions.extend(byline_mentions(article))
        facts.home = home.name if home else None
        out.append(facts)
    return out


def sentence_texts(articles: list[Article], sentences=None, title_sentences=None) -> list[str]:
    """The clean text of every sentence ``extract_document`` reads, headlines included:
    what a caller tags in one batch ahead (``Segmenter.prepare``)."""
    out = []
    for a in articles:
        body = sentences[a.id] if sentences else split_sentences(a)
        title = title_sentences[a.id] if title_sentences else _title_sentence(a)
        out.extend(s.clean for s in body + title)
    return out


def byline_mentions(article: Article) -> list[Mention]:
    """Reporters and correspondents as person mentions, at their place in the byline."""
    text = article.doc.text
    out = []
    for name in dict.fromkeys(article.reporters + article.correspondents):
        at = text.find(name, article.start)
        if at < 0:
            at = text.find(name)
        if at >= 0:
            out.append(Mention(article=article, span=Span(at, at + len(name), name), name=name, type="Person"))
    return out


def _year(article: Article, doc_text: str) -> int | None:
    if article.date:
        return int(article.date[:4])
    if article.doc.date:
        return int(article.doc.date[:4])
    return year_of(doc_text)


def _title_sentence(article: Article) -> list[Sentence]:
    """The headline, which lies before the article's body span, read as one more sentence."""
    if not article.title:
        return []
    first = article.title.split()[0]
    at = article.doc.text.rfind(first, 0, article.start)
    if at < 0:
        return []
    line_end = article.doc.text.find("\n", at + len(article.title.replace(" ", "")) - 1)
    sentence = make_sentence(article.doc.text, at, min(article.start, line_end if line_end > 0 else article.start))
    return [sentence] if sentence is not None else []


# ------------------------------------------------------------------ context

# a page about a county names it, or its towns, more than once, or names it once and
# speaks of 区委, 我区; one passing mention (a national item's 罗山县) makes no home
MIN_HOME_SCORE = 3.0


def home_areas(lexicon: Lexicon, text: str) -> dict[str, Area]:
    """The county-level area a page is about, and its city and province.

    Counts full names of counties and the counties of the towns named; the
    page of a district paper names its towns far more than other districts.
    """
    gaz = lexicon.gazetteer
    clean = "".join(text.split())
    score: Counter = Counter()
    for m in re.finditer(r"[区县市镇乡道旗](?!村)", clean):       # 古县村 is a village
        end = m.end()
        # the longest name only: 阳新县 says nothing of 新县
        name = next((clean[end - n:end] for n in range(min(8, end), 1, -1)
                     if clean[end - n:end] in gaz.by_name), None)
        for area in gaz.by_name.get(name, []):
            weight = 1.0 / len(gaz.by_name[name])
            if area.level == "county":
                score[area.code] += 2 * weight
            elif area.level == "town" and area.parent:
                score[area.parent] += weight
    for code in list(score):
        county = gaz.by_code.get(code)
        if county is None:
            continue
        city = gaz.parent(county)
        if city and (city.name in clean or city.short in clean):
            score[code] += 0.5
        # 区委, 我区, 全县, 县文联: the page speaks of its own county without naming it
        level = county.name[-1]
        if re.search(f"{level}委|{level}政府|[我全该本]{level}|(?:^|[^\u4e00-\u9fff]){level}[\u4e00-\u9fff]", text):
            score[code] += 1.0
    if not score:
        return {}
    code, best = max(sorted(score.items()), key=lambda kv: kv[1])
    if best < MIN_HOME_SCORE:
        return {}
    county = gaz.by_code.get(code)
    if county is None:
        return {}
    home = {"county": county}
    for area in gaz.chain(county)[1:]:
        home.setdefault(area.level, area)
    return home


def article_focus(lexicon: Lexicon, ctx: Context, article: Article, sentences: list[Sentence]) -> dict[str, str]:
    """The town and the zone an article is about, for 该镇, 镇政府, 区党组."""
    focus: dict[str, str] = {}
    text = (article.title or "") + "".join(s.clean for s in sentences[:3])
    towns = Counter()
    zones = []
    for name in known_within(ctx, "AdministrativeArea", text):
        if name.endswith(("镇", "乡", "街道")) and name in text:
            towns[name] += text.count(name) + (5 if article.title and name in article.title else 0)
        elif name.endswith("区") and not any(a.name == name for a in ctx.home.values()) and name in text \
                and not lexicon.gazetteer.by_name.get(name):
            zones.append(name)
    if towns:
        focus["town"] = max(sorted(towns), key=lambda n: towns[n])
    county = ctx.home.get("county")
    if zones and county is not None and county.name.endswith("县"):
        focus["zone"] = max(zones, key=len)
    return focus


# ------------------------------------------------------------------ facts

def _extract_article(article: Article, sentences: list[Sentence], ctx: Context,
                     segmenter: Segmenter, year: int | None, headline: int = 0) -> Facts:
    """The first ``headline`` sentences are the headline: read for names, not for events,
    which the body tells again."""
    facts = Facts(article)
    last_person: Mention | None = None
    recent_actions: list[tuple[int, Action]] = []
    evidences: list[Evidence] = []
    inspectors: set[str] = set()        # agents of the inspections so far: of facts.actions[:inspected]
    inspected = 0
    for n, sentence in enumerate(sentences):
        mentions = find_mentions(sentence, article, ctx, segmenter, ctx.lexicon.not_units)
        located = [Located(*_clean_range(sentence, m), m) for m in mentions]
        _own_branches(located)
        mentions.extend(_derived_mentions(ctx, sentence, located, article))
        located = sorted((Located(*_clean_range(sentence, m), m) for m in mentions),
                         key=lambda l: (l.start, -l.end))
        facts.mentions.extend(mentions)
        evidence = Evidence(article, Span(sentence.start, sentence.end, sentence.text))
        _memberships(ctx, sentence, located, evidence, facts)
        for relation in (*_chain_relations(located), *_stated_places(sentence.clean, located),
                         *_written_in_a_row(ctx.lexicon, located), *_prefixed_places(ctx, located)):
            relation.evidence = evidence
            facts.relations.append(relation)
        evidences.append(evidence)
        people = [l for l in located if l.type == "Person"]
        actions = [] if n < headline else _actions(ctx, sentence, located, evidence, last_person, year)
        if not any(a.type == "Inspection" for a in actions):
            inspectors.update(m.name for a in facts.actions[inspected:] if a.type == "Inspection" for m in a.agents)
            inspected = len(facts.actions)
            actions += continued_inspections(sentence.clean, located, evidence, inspectors)
        for action in actions:
            # 区领导…参加: people who joined the action of this or the previous sentence
            if action.type == "Participants":
                for _, prev in recent_actions[-2:]:
                    prev.participants.extend(m for m in action.agents if m not in prev.participants)
                continue
            facts.actions.append(action)
            recent_actions.append((n, action))
        recent_actions = [(k, a) for k, a in recent_actions if n - k <= 1]
        if people:
            last_person = people[-1].mention
    facts.actions = _merge_actions(facts.actions)
    facts.memberships = _unique_memberships(facts.memberships)
    # an article's relations stand on the sentence that names their subject
    starts = [e.span.start for e in evidences]
    for relation in (*_focus_relations(ctx, facts), *_branch_relations(facts)):
        at = bisect.bisect_right(starts, relation.subject.start) - 1
        relation.evidence = evidences[max(at, 0)] if evidences else None
        facts.relations.append(relation)
    return facts


def _own_branches(located: list[Located]) -> None:
    """后张村…响应村党支部: a bare 村党支部 is the branch of the village the sentence names."""
    for l in located:
        m = l.mention
        if not (m.generic and m.type == "PartyOrganization"):
            continue
        for unit in ("社区", "村"):
            if m.name.startswith(unit) and m.name[len(unit):] in PARTY_SUFFIXES:
                before = [c for c in located if c.type == "Community" and c.end <= l.start
                          and c.mention.name.endswith(unit)]
                if before:
                    m.name = before[-1].mention.name + m.name[len(unit):]
                    m.generic = False
                break


def _clean_range(sentence: Sentence, mention: Mention) -> tuple[int, int]:
    a = bisect.bisect_left(sentence.index, mention.start)
    b = bisect.bisect_left(sentence.index, mention.end - 1) + 1
    return a, b


def _synthetic(article: Article, sentence: Sentence, a: int, b: int, name: str, etype: str) -> Mention:
    return Mention(article=article, span=sentence.span(a, b), name=name, type=etype, implied=True)


def _derived_mentions(ctx: Context, sentence: Sentence, located: list[Located], article: Article) -> list[Mention]:
    """Organizations the text implies next to a title: 崔桥镇镇长 → 崔桥镇人民政府;
    长城科工贸党建指导员 → the company whose short name that is."""
    out = []
    text = sentence.clean
    for title in (t for t in HEAD_TITLES if t in text):
        for m in re.finditer(title, text):
            area = next((l for l in located if l.end == m.start() and l.type == "AdministrativeArea"), None)
            # a 人民政府 is China's: 华盛顿市长's city has a government the text does not name
            if area is not None and _in_china(ctx.lexicon, area.mention.name):
                name = area.mention.name + "人民政府"
                out.append(_synthetic(article, sentence, area.start, m.end(), name, "GovernmentBody"))
    for name, short in _company_cores_within(ctx, text):
        for m in re.finditer(re.escape(short), text):
            if not any(l.start <= m.start() < l.end for l in located):
                out.append(_synthetic(article, sentence, m.start(), m.end(), name, "Company"))
    return out


def _company_cores_within(ctx: Context, text: str) -> list[tuple[str, str]]:
    """(name, short name) of the document's companies whose short name (``company_core``,
    three characters or more) ``text`` writes, in the order the names became known."""
    def cores():
        by_core: dict[str, list[tuple[int, str]]] = {}
        for k, name in enumerate(n for n, t in ctx.known_names.items() if t == "Company"):
            short = company_core(ctx.lexicon, name)
            if len(short) >= 3 and short != name:
                by_core.setdefault(short, []).append((k, name))
        return by_core, sorted({len(c) for c in by_core})
    by_core, lengths = ctx.view("company cores", cores)
    written = substrings(text, lengths)
    return [(name, short) for _, name, short in
            sorted((k, name, short) for short in written & by_core.keys() for k, name in by_core[short])]


def known_within(ctx: Context, etype: str, text: str) -> list[str]:
    """The document's known names of type ``etype`` that ``text`` contains, in the order
    they became known: looked up by the substrings of ``text``, at a cost that does not
    grow with the number of names."""
    def of_type():
        order = {n: k for k, n in enumerate(n for n, t in ctx.known_names.items() if t == etype)}
        return order, sorted({len(n) for n in order})
    order, lengths = ctx.view(("known", etype), of_type)
    written = substrings(text, lengths)
    return sorted(written & order.keys(), key=order.__getitem__)


def _in_china(lexicon: Lexicon, area: str) -> bool:
    """Is the area one of the gazetteer's (叶坪乡 too, which it lists as 叶坪镇)?"""
    gaz = lexicon.gazetteer
    return bool(gaz.lookup(area) or gaz.lookup(renamed_township(area)))


def company_core(lexicon: Lexicon, name: str) -> str:
    """A company's name without its place prefix and legal suffix: 郑州长城科工贸有限公司 → 长城科工贸."""
    core = name
    for suffix in ("股份有限公司", "有限责任公司", "有限公司", "公司", "集团"):
        if core.endswith(suffix):
            core = core[: -len(suffix)]
            break
    gaz = lexicon.gazetteer
    for n in (4, 3, 2):
        head = core[:n]
        if head in gaz.by_short or head in gaz.by_name:
            core = core[n:]
            break
    return core


def _memberships(ctx: Context, sentence: Sentence, located: list[Located], evidence: Evidence,
                 facts: Facts) -> None:
    lexicon = ctx.lexicon
    text = sentence.clean
    people = [l for l in located if l.type == "Person"]
    previous_posts: list[tuple[str | None, Mention | None]] = []
    prev_person_end = -10
    for person in people:
        posts = _posts_before(ctx, sentence, located, person.start)
        if not posts and person.start == prev_person_end + 1 and text[prev_person_end] == "、":
            posts = [p for p in previous_posts if p[0] and lexicon.is_title(p[0])]
        after = _posts_after(ctx, sentence, located, person)
        posts = posts + after + _post_as(ctx, sentence, located, person)
        for title, org in posts:
            is_title = bool(title) and lexicon.is_title(title)
            if title and lexicon.descriptors.get(title) or is_title and _is_party_title(title):
                facts.party_members.append(person.mention)
            if is_title:
                facts.memberships.append(Membership(person.mention, title, org, evidence))
            elif org is not None and org.type in ORG_TYPES | {"Community"}:
                facts.memberships.append(Membership(person.mention, None, org, evidence))
        previous_posts = posts
        prev_person_end = person.end


AS_POST = re.compile(r"作为([^，,。；;]{0,30})[，,]$")


def _post_as(ctx: Context, sentence: Sentence, located: list[Located], person: Located):
    """作为村党支部第一书记，雷阿妹…: the post the clause before the name gives,
    when the name opens the next clause."""
    text = sentence.clean
    m = AS_POST.search(text, 0, person.start)
    if m is None:
        return []
    clause_end = m.end() - 1
    # the title that ends the 作为 clause, its longest form (the first to end there)
    for t_start in range(m.start(1), clause_end):
        title = title_at(ctx.lexicon, text, t_start)
        if title and t_start + len(title) == clause_end:
            return [(title, _org_of_title(ctx, sentence, located, t_start, title))]
    return []


def _is_party_title(title: str) -> bool:
    return any(w in title for w in PARTY_TITLE_WORDS)


def _posts_before(ctx: Context, sentence: Sentence, located: list[Located], start: int):
    """Stacked titles before a name, each with its organization: 峡窝镇党委副书记、镇长陈勇."""
    lexicon = ctx.lexicon
    text = sentence.clean
    posts = []
    end = skip_age(text, start)
    while True:
        found = title_before(lexicon, text, end)
        if found is None:
            break
        t_start, title = found
        head = _post_head(text, t_start)
        org = _org_of_title(ctx, sentence, located, t_start, title, head)
        posts.append((title, org))
        # a post written with its body (政法委原书记) goes on before the body
        at = next((l for l in located if l.mention is org and l.start < head <= l.end), None)
        if at is not None:
            head = at.start
        sep = text[head - 1:head] if head > 0 else ""
        # 甘肃省委原常委，省政府原党组副书记、副省长宋亮: posts in a row, the first ones
        # after a comma only where they name their body
        if sep in ("、", "，") and title_before(lexicon, text, head - 1):
            prev = [l for l in located if l.end == head - 1 and l.type == "Person"]
            if prev:
                break
            if sep == "，":
                h_prev = _post_head(text, title_before(lexicon, text, head - 1)[0])
                if not any(l.end == h_prev and l.type in ORG_TYPES for l in located):
                    break
            end = head - 1
            continue
        # descriptors may follow an age and an organization: 七里井村74岁老党员
        break
    return _committee_bodies(ctx, sentence, located, list(reversed(posts)))


def _post_head(text: str, t_start: int) -> int:
    """Where a post begins: 省委原常委, the 原 (former) between the body and the title."""
    return t_start - 1 if t_start > 1 and text[t_start - 1] == "原" else t_start


def _committee_bodies(ctx: Context, sentence: Sentence, located: list[Located], posts):
    """Posts in a row that name their body only in part: a bare 政法委 after a committee's
    post is that committee's (江苏省委原常委、政法委原书记 → 江苏省委政法委); a post with no
    body after one in a unit's party group is in the unit (…有限公司原党组书记、董事长 →
    …有限公司; 贵州省政协原党组书记、主席 → 贵州省政协)."""
    out = []
    for k, (title, org) in enumerate(posts):
        prev = out[k - 1][1] if k else None
        # 政法委 of a party committee; 党组 of any other body (全国政协主席、党组书记)
        owned = org is not None and org.generic and prev is not None and (
            org.name in COMMITTEE_BODIES and prev.type == "PartyOrganization" or
            org.name in ("党组", "党委") and prev.type in ORG_TYPES - {"PartyOrganization"})
        # …兵团原副司令员，党委原常委、政法委原书记: the unit's 党委, then that 党委's 政法委
        of_committee = org is not None and prev is not None and prev.name.endswith("党委") and \
            org.name.startswith("党委") and org.name[2:] in COMMITTEE_BODIES
        at = next((l for l in located if l.mention is org), None) if owned or of_committee else None
        if at is not None:
            name = prev.name + org.name[2:] if of_committee else prev.name + org.name
            org = _synthetic(org.article, sentence, at.start, at.end, name, org.type)
        elif org is None and prev is not None and prev.type == "PartyOrganization" and \
                prev.name.endswith(("党组", "党委")) and not _is_party_title(title or ""):
            unit = prev.name[:-2]
            # the unit as written may keep its province (四川省内江市人大常委会 → …党组 without it)
            org = next((l.mention for l in located if l.type in ORG_TYPES and
                        (l.mention.name == unit or l.mention.name.endswith(unit))), None)
        out.append((title, org))
    return out


def _org_of_title(ctx: Context, sentence: Sentence, located: list[Located], t_start: int,
                  title: str, head: int | None = None) -> Mention | None:
    t_end = t_start + len(title)
    head = t_start if head is None else head
    # an organization written before the title, or overlapping it (区委|书记, 峡窝镇党委|副书记)
    candidates = [l for l in located if l.type != "Person" and
                  (l.end == head or t_start < l.end < t_end and l.start <= t_start)]
    candidates = [c for c in candidates if c.type != "AdministrativeArea" or c.end > t_start]
    branch = next((b for b in PARTY_BRANCHES if title.startswith(b) and len(title) > len(b)), None)
    village = next((l for l in candidates if l.type == "Community" and l.end == head), None)
    if branch and village and head < t_start:
        # 黄窝村的党支部书记, 黄窝村原党支部书记: a post in the village's party branch
        return _synthetic(village.mention.article, sentence, village.start, village.end,
                          village.mention.name + branch, "PartyOrganization")
    if candidates:
        best = max(candidates, key=lambda l: (l.end, l.end - l.start))
        if best.mention.generic and best.start >= t_start and best.type == "PartyOrganization":
            # 党支部|书记 with no name before: the branch of the unit the sentence names
            return _implied_org(ctx, sentence, located, t_start, best.mention.name, best.type) or best.mention
        if best.type in ORG_TYPES or best.type == "Community":
            return best.mention
    gov = [l for l in located if l.type == "GovernmentBody" and l.end == t_end and l.start < t_start]
    if gov:
        return gov[0].mention
    for head, level in HEAD_TITLES.items():
        if title == head:
            area = next((l for l in located if l.end == t_start and l.type == "AdministrativeArea"), None)
            if area is not None:
                return None            # the derived 人民政府 mention carries it
            home = ctx.area_of_level(level, sentence.clean[:t_start])
            if home and located:
                article = located[0].mention.article
                return _synthetic(article, sentence, t_start, t_end, home + "人民政府", "GovernmentBody")
            return None
    # a title that names its kind of organization: 党支部书记, 社区副主任, 政协委员
    for suffix, etype in ctx.lexicon.suffixes:
        if title.startswith(suffix) and len(title) > len(suffix):
            org = _implied_org(ctx, sentence, located, t_start, suffix, etype)
            if org is not None and org.type == "Community" and "支书" in title:
                # 村支书 is the village party branch's secretary
                return _synthetic(org.article, sentence, t_start, t_end, org.name + "党支部", "PartyOrganization")
            return org
    return None


def _implied_org(ctx: Context, sentence: Sentence, located: list[Located], t_start: int,
                 suffix: str, etype: str) -> Mention | None:
    """The organization a bare 党支部/社区/政协 in a title refers to, from the text around it."""
    # a 党工委 is a subdistrict's or a zone's, never a village's
    before = [l for l in located if l.end <= t_start and (
              l.type in ("Community", "Company") and suffix != "党工委" or
              etype == "PartyOrganization" and l.type == "AdministrativeArea" and
              l.mention.name.endswith(TOWNS) and suffix in ("党委", "党工委"))]
    for l in reversed(before):
        name = l.mention.name + suffix
        if name in ctx.known_names:
            return _synthetic(l.mention.article, sentence, l.start, l.end, name, ctx.known_names[name])
        if etype == "Community" and l.type == "Community":
            return l.mention
    if etype == "PartyOrganization" and len({l.mention.name for l in before}) == 1:
        # 军门社区建立党支部，林丹担任党支部书记: the branch of the one unit the sentence names
        unit = before[-1]
        return _synthetic(unit.mention.article, sentence, unit.start, unit.end,
                          unit.mention.name + suffix, etype)
    matches = ctx.view(("ending", etype, suffix),
                       lambda: sorted(n for n, t in ctx.known_names.items() if t == etype and n.endswith(suffix)))
    villages = ctx.view("villages", lambda: sorted(n for n, t in ctx.known_names.items() if t == "Community"))
    if not matches and suffix == "党支部" and len(villages) == 1 and located:
        # the 党支部 of an item that names one village or community: that one's
        article = located[0].mention.article
        return _synthetic(article, sentence, t_start, t_start + len(suffix), villages[0] + suffix, etype)
    if len(matches) == 1 or (matches and etype == "Community"):
        article = located[0].mention.article if located else None
        if article is not None:
            focus = [m for m in matches if m in (article.title or "")] or matches
            return _synthetic(article, sentence, t_start, t_start + len(suffix), focus[0], etype)
    return None


def _posts_after(ctx: Context, sentence: Sentence, located: list[Located], person: Located):
    """Posts written after the name: 丁俊邦任组长; 李明慧是…社区工作人员; 张景倚、…等9名政协委员."""
    lexicon = ctx.lexicon
    text = sentence.clean
    rest = text[person.end:]
    out = []
    title = title_at(lexicon, text, person.end)
    if title:
        out.append((title, None))        # 习近平总书记, 徐立毅书记: the title after the name
    m = re.match(r"(担任|兼任|任)", rest)
    if m:
        i = person.end + m.end()
        title = title_at(lexicon, text, i)
        if title:
            # 林丹担任党支部书记: the title's own organization, else the body named before
            groups = [l for l in located if l.end <= person.start and l.type == "GovernmentBody"]
            out.append((title, _org_of_title(ctx, sentence, located, i, title) or
                        (groups[-1].mention if groups else None)))
    copula = re.match(r"(生前|曾经|曾|现在|现|原来|原)?是", rest)
    if copula:
        # 张某(生前)是江苏连云港黄窝村的党支部书记: the units after 是, then the post
        after = i = person.end + copula.end()
        while (unit := next((l for l in located if l.start == i and l.type != "Person"), None)) is not None:
            i = unit.end
        head = i
        i += text.startswith("的", i)
        title = title_at(lexicon, text, i) if head > after else None
        if title:
            out.append((title, _org_of_title(ctx, sentence, located, i, title, head)))
        orgs = [l for l in located if l.start == after and l.type in ORG_TYPES | {"Community"}]
        if orgs:
            tail = text[orgs[0].end:orgs[0].end + 6]
            if any(tail.startswith(w) for w in lexicon.descriptors) or tail.startswith(("干部", "职工")):
                out.append((None, orgs[0].mention))
    m = re.match(r"(、[^、，,。]{2,4})*等(\d+|[一二三四五六七八九十]+)?(名|位)", rest)
    if m:
        i = person.end + m.end()
        title = title_at(lexicon, text, i)
        if title:
            out.append((title, _org_of_title(ctx, sentence, located, i, title)))
    return out


# ------------------------------------------------------------------ actions

def _clauses(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(r"[，,；;：:]", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def _triggers(ctx: Context, text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, word, class) of every action word, longest first, not overlapping."""
    taken, out = set(), []
    for word, etype in ctx.lexicon.triggers:
        if word not in text:
            continue                      # most sentences have one action word or none
        for m in re.finditer(re.escape(word), text):
            if any(i in taken for i in range(m.start(), m.end())):
                continue
            taken.update(range(m.start(), m.end()))
            out.append((m.start(), m.end(), word, etype))
    return sorted(out)


def _actions(ctx: Context, sentence: Sentence, located: list[Located], evidence: Evidence,
             last_person: Mention | None, year: int | None) -> list[Action]:
    """The actions one sentence tells, from its trigger words. ``last_person`` stands for
    他/她; a pseudo-action of type "Participants" carries people who joined an action
    told before (区领导…参加)."""
    text = sentence.clean
    clauses = _clauses(text)
    dates = find_dates(text, year)
    amounts = find_amounts(text)
    out: list[Action] = []
    donors: set[tuple[str, ...]] = set()
    for t_start, t_end, word, etype in _triggers(ctx, text):
        if not _trigger_applies(text, t_start, t_end, word, etype):
            continue
        if any(l.start <= t_start and t_end <= l.end for l in located):
            continue                      # 督导组, 执勤点 inside a name
        if etype == "Meeting" and text[:t_start].endswith(PARTICIPANT_TRIGGERS):
            continue                      # 参加会见: the meeting is what they join
        clause = next(((a, b) for a, b in clauses if a <= t_start < b), (0, len(text)))
        if word in PARTICIPANT_TRIGGERS or (etype == "Meeting" and word in ("出席",)):
            group = _agents(ctx, text, located, clause, t_start, persons_only=True)
            meeting = next((a for a in out if a.type == "Meeting"), None)
            if group and meeting is not None:
                meeting.participants.extend(m for m in group if m.name not in
                                            {x.name for x in meeting.agents + meeting.participants})
            elif group:
                out.append(Action("Participants", group, evidence, trigger=word))
            continue
        if etype == "ResumptionOfWork":
            agents = [l.mention for l in located if l.type == "Company"
                      and not text[l.end:l.end + 2] in ("党建",)]
            agents = list({m.name: m for m in agents}.values())
        else:
            agents = _agents(ctx, text, located, clause, t_start)
            if not agents and last_person is not None and _pronoun_before(text, clause, t_start):
                agents = [last_person]
        if not agents:
            continue
        if etype == "Donation":
            if tuple(m.name for m in agents) in donors:
                continue                  # 捐款捐物, 捐赠…定向捐助: one donation told with two words
            donors.add(tuple(m.name for m in agents))
        meeting = next((a for a in out if a.type == "Meeting"), None)
        if etype == "Meeting" and meeting is not None:
            # 某镇召开…会，书记某某主持会议: the one meeting, convened and chaired
            meeting.agents.extend(m for m in agents if m.name not in {x.name for x in meeting.agents})
            continue
        action = Action(etype, agents, evidence, trigger=word)
        if etype == "Inspection":
            action.targets = _targets(text, located, agents, t_end, clause) + \
                _targets_before(text, located, agents, clause, t_start)
        if etype == "Donation":
            action.recipient = _recipient(text, located, clause, t_start, t_end, agents)
            after = [v for a, b, v in amounts if a >= t_start] or [v for a, b, v in amounts]
            action.amount = after[0] if after else None
        if dates:
            before = [d for a, b, d in dates if a < t_start] or [d for a, b, d in dates]
            action.date = before[-1]
        out.append(action)
    return _split_respectively(text, out)


def _trigger_applies(text: str, start: int, end: int, word: str, etype: str) -> bool:
    """Rule out triggers used as nouns or in other senses."""
    before, after = text[max(0, start - 3):start], text[end:end + 6]
    if after.startswith(("仪式", "活动", "力度", "精神", "号召")):
        return False
    if etype == "CheckpointDuty" and re.search(r"察看|查看|检查|了解|询问|赞扬|规范|督导",
                                               re.split(r"[，,；;。]", text[:start])[-1]):
        return False                      # 检查卡点, 察看…值班值守情况: the duty is what is looked at
    if word == "卡点":
        return bool(re.search(r"(在|(?<![来赶])到|回|守|返回|坚守)[^，,。]{0,8}$", text[max(0, start - 10):start])) \
            or after.startswith(("上", "值", "执勤", "坚守"))
    if etype == "Meeting" and word in ("召开", "举行"):
        window = text[end:end + 40]
        return bool(re.search(r"会", window)) or bool(re.search(r"会$", text[max(0, start - 12):start]))
    if etype == "Meeting" and word == "主持":
        return "召开" in after[:3] or "会" in text[end:end + 24] or "会" in text[max(0, start - 24):start]
    if etype == "ResumptionOfWork":
        return not after.startswith(NOT_RESUMPTION_AFTER) and not before.endswith(("推动", "推进", "帮助", "协助", "助推", "督促", "保障", "统筹", "加快"))
    if etype == "Inspection":
        if after.startswith("员"):
            return False                  # 调研员, 督查员: a post
        return not after.startswith(("组", "团", "中", "站", "点", "结果", "工作")) or word in ("督导", "调研")
    if etype == "CheckpointDuty":
        clause_before = re.split(r"[，,；;。]", text[:start])[-1]
        if re.search(r"察看|查看|检查|了解|询问|赞扬|规范|督导", clause_before):
            return False                  # 察看…值班值守情况: the duty is what is looked at
        return not after.startswith(("任务", "人员", "的人员", "制度", "公示", "点", "、", "同志", "情况", "工作"))
    return True


def _pronoun_before(text: str, clause: tuple[int, int], t_start: int) -> bool:
    """他/她 before the trigger, or 我 in a quotation (the speaker is the last person named)."""
    if any(p in text[:t_start] for p in PRONOUNS):
        return True
    quoted = text[:t_start].count("“") > text[:t_start].count("”") or \
        text.count("“") == 0 and text.count("”") > 0
    return quoted and re.search(r"我(?!们)", text[clause[0]:t_start]) is not None


def _agents(ctx: Context, text: str, located: list[Located], clause: tuple[int, int], t_start: int,
            persons_only: bool = False) -> list[Mention]:
    """Who acts: the nearest named people before the trigger, in its clause and then in
    the sentence; else the first named organization or place of the clause, then of the sentence."""
    def usable(l: Located) -> bool:
        if l.type not in AGENT_TYPES or l.end > t_start:
            return False
        if l.type == "Person":
            return True
        if persons_only:
            return False
        if text[max(0, l.start - 2):l.start].endswith(OBJECT_MARKERS):
            return False
        if _origin(text, l):
            return False
        return not _modifies_person(ctx, text, located, l)

    windows = ((clause[0], t_start), (0, clause[0]))
    for lo, hi in windows:
        people = [l for l in located if lo <= l.start and l.end <= hi and l.type == "Person"]
        if people:
            group = _group(text, located, people[-1])
            if re.match(r"的?带领下", text[people[-1].end:]) and not persons_only:
                # 县文联…在文联主席庄文超的带领下值守: the leader and the body led
                led = [l for l in located if l.end <= people[-1].start and usable(l)]
                group = ([led[0].mention] if led else []) + group
            return group
    for lo, hi in windows:
        others = [l for l in located if lo <= l.start and l.end <= hi and usable(l)]
        if others:
            first = others[0]
            # 安徽马鞍山举行: of places written in a row, the last is the one acting
            while (inner := next((l for l in others if l.start == first.end and l.type == first.type), None)):
                first = inner
            return [first.mention]
    return []


def _modifies_person(ctx: Context, text: str, located: list[Located], l: Located) -> bool:
    """An organization or place written right before a person's title and name
    (区检察院老党员陶玉堂, 七里井村74岁老党员刘铁山): it says who the person is, it does not act."""
    anchors = set(ctx.lexicon.titles) | set(ctx.lexicon.descriptors)
    for p in located:
        if p.type == "Person" and p.start >= l.end:
            between = re.sub(r"^(\d+|[一二三四五六七八九十]+)岁(高龄)?(的)?", "", text[l.end:p.start])
            if between == "" or all(part in anchors for part in between.split("、")):
                return True
    return False


def _group(text: str, located: list[Located], last: Located) -> list[Mention]:
    """The enumeration a person belongs to: 宋洁、耿勇军 / 刘铁山、…、张天义."""
    people = [l for l in located if l.type == "Person"]
    k = people.index(last)
    group = [last]
    while k > 0:
        prev = people[k - 1]
        between = text[prev.end:group[0].start]
        if re.fullmatch(r"[、和与及]|[、和与及]?[^，,。；;]{0,16}", between) and \
                re.search(r"[、和与及]", between) and not re.search(r"[，,。；;]", between):
            group.insert(0, prev)
            k -= 1
        else:
            break
    return list({l.mention.name: l.mention for l in group}.values())


def _targets(text: str, located: list[Located], agents: list[Mention], t_end: int,
             clause: tuple[int, int]) -> list[Mention]:
    """The places and units after the trigger, in its clause (察看了某村、某公司; not what
    a later clause 指出 or 强调)."""
    return [l.mention for l in located if t_end <= l.start and l.end <= clause[1]
            and l.type in ORG_TYPES | {"Community", "AdministrativeArea"}
            and l.mention not in agents and not _origin(text, l)]


def _origin(text: str, l: Located) -> bool:
    """武汉返乡人员: a place people come from, not one acted on."""
    return l.type == "AdministrativeArea" and text[l.end:l.end + 2].startswith(ORIGIN_MARKERS)


def _targets_before(text: str, located: list[Located], agents: list[Mention], clause: tuple[int, int],
                    t_start: int) -> list[Mention]:
    """区长某某到某镇某村督导: the places named after 到/在/深入 before the trigger."""
    markers = list(LOCATIVE.finditer(text, clause[0], t_start))
    if not markers:
        return []
    after = markers[-1].end()
    places = [l for l in located if after <= l.start and l.end <= t_start and l.mention not in agents
              and l.type in ORG_TYPES | {"Community", "AdministrativeArea"} and not _origin(text, l)]
    # the outermost name only: 古荥镇黄河村, not 古荥镇 besides
    return [l.mention for l in places
            if not any(o is not l and o.start <= l.start and l.end <= o.end and
                       (o.start, o.end) != (l.start, l.end) for o in places)]


def _recipient(text: str, located: list[Located], clause: tuple[int, int], t_start: int, t_end: int,
               agents: list[Mention]) -> Mention | None:
    """向红十字会捐款, 捐赠给社区, 定向捐助某医院: who receives."""
    for l in located:
        if l.mention in agents or l.type == "Person":
            continue
        marker = text[max(0, l.start - 1):l.start]
        if clause[0] <= l.start and l.end <= t_start and marker in ("向", "给", "为"):
            return l.mention
        if l.start in (t_end, t_end + 1) and text[t_end:l.start] in ("", "给"):
            return l.mention
    return None


def _split_respectively(text: str, actions: list[Action]) -> list[Action]:
    """宋洁、耿勇军分别察看…: one action per agent."""
    out = []
    for action in actions:
        if len(action.agents) > 1 and "分别" in text and action.type in ("Inspection", "Meeting"):
            for agent in action.agents:
                out.append(Action(action.type, [agent], action.evidence, list(action.participants),
                                  list(action.targets), action.recipient, action.amount, action.date,
                                  action.trigger))
        else:
            out.append(action)
    return out


LOCATIVE = re.compile(r"(在|来到|深入|走进|前往|到)")


def continued_inspections(text: str, located: list[Located], evidence: Evidence,
                          inspectors: set[str]) -> list[Action]:
    """宋洁先后来到A、B等处 / 在C、D,耿勇军了解…: places an inspector of this article goes to
    in a sentence without an inspection word."""
    people = [l.mention for l in located if l.type == "Person" and l.mention.name in inspectors]
    if not people:
        return []
    targets, verb = [], ""
    for clause_start, clause_end in _clauses(text):
        m = LOCATIVE.search(text, clause_start, clause_end)
        if m:
            found = [l.mention for l in located if l.type in ("Company", "Community", "Organization")
                     and m.end() <= l.start and l.end <= clause_end]
            targets += found
            verb = verb or (m.group() if found else "")
    if not targets:
        return []
    return [Action("Inspection", [people[0]], evidence, targets=targets, trigger=verb)]


def _unique_memberships(memberships: list[Membership]) -> list[Membership]:
    """One membership per person, title and organization in an article; a post-less
    affiliation only where no post names the same organization."""
    seen, out = set(), []
    titles: dict[str, set[str]] = {}        # person → titles (looked up, not scanned: an article may be long)
    for o in memberships:
        if o.title:
            titles.setdefault(o.person.name, set()).add(o.title)
    for m in memberships:
        key = (m.person.name, m.title, m.organization.name if m.organization else None)
        longer = bool(m.title) and any(t != m.title and t.endswith(m.title) for t in titles.get(m.person.name, ()))
        if key not in seen and not (longer and m.organization is None):
            seen.add(key)
            out.append(m)
    return out


def _merge_actions(actions: list[Action]) -> list[Action]:
    """One event per type and agents in an article: an inspection told over several
    sentences, a donation told twice; meetings only on the same day, donations only
    where the amounts agree."""
    out: list[Action] = []
    alike: dict[tuple, list[Action]] = {}   # (type, agent names) → those of out; merging changes no agents
    for action in actions:
        key = (action.type, tuple(_agent_names(action)))
        same = next((a for a in alike.get(key, ()) if _compatible(a, action)), None)
        if same is None:
            out.append(action)
            alike.setdefault(key, []).append(action)
            continue
        same.targets.extend(t for t in action.targets if t.name not in {x.name for x in same.targets})
        same.participants.extend(p for p in action.participants
                                 if p.name not in {x.name for x in same.participants})
        same.date = same.date or action.date
        same.amount = same.amount if same.amount is not None else action.amount
        same.recipient = same.recipient or action.recipient
    return out


def _agent_names(action: Action) -> list[str]:
    return sorted(m.name for m in action.agents)


def _compatible(a: Action, b: Action) -> bool:
    if a.type == "Meeting":
        return a.date == b.date
    if a.type == "Donation":
        return a.amount is None or b.amount is None or a.amount == b.amount
    return True


# ------------------------------------------------------------------ relations

def _chain_relations(located: list[Located]) -> list[Relation]:
    """Relations that a chained name states: 峡窝镇金昌社区, 魏岗村党支部, 商业街社区党支部."""
    out = []
    stated = [l for l in located if not l.mention.implied]
    for outer in stated:
        for inner in stated:
            if inner is outer or not (outer.start <= inner.start and inner.end <= outer.end):
                continue
            if (inner.start, inner.end) == (outer.start, outer.end):
                continue
            if inner.type == "AdministrativeArea" and inner.start == outer.start and \
                    outer.type in ("Community", "AdministrativeArea", "Company"):
                out.append(Relation("locatedIn", outer.mention, inner.mention))
            if outer.type == "PartyOrganization" and inner.end < outer.end and \
                    inner.type in ("Community", "Company", "GovernmentBody", "AdministrativeArea", "Organization"):
                rest = outer.mention.surface[inner.end - outer.start:]
                if rest in ("党支部", "党总支", "党委", "党工委", "党组", "临时党支部", "纪委", "党小组", "委"):
                    out.append(Relation("partyBranchOf", outer.mention, inner.mention))
    return out


PARTY_SUFFIXES = ("机关党委", "党委", "党工委", "党组", "党支部", "党总支", "纪委", "委")


def _branch_relations(facts: Facts) -> list[Relation]:
    """上街区委 → 上街区, 大李庄乡纪委 → 大李庄乡, 德州市审计局机关党委 → 德州市审计局:
    a party body of a unit the article names; 甘肃省政府党组 → 甘肃省人民政府."""
    # the organizations posts imply (黄窝村的党支部书记 → 黄窝村党支部) count too
    mentions = facts.mentions + [ms.organization for ms in facts.memberships
                                 if ms.organization is not None and ms.organization.implied]
    by_name = {}
    for m in mentions:
        if m.type != "Person":
            by_name.setdefault(m.name, m)
    out, seen = [], set()
    for m in mentions:
        if m.type != "PartyOrganization" or id(m) in seen:
            continue
        seen.add(id(m))
        for suffix in PARTY_SUFFIXES:
            if not m.name.endswith(suffix):
                continue
            name = m.name[: -len(suffix)]
            unit = by_name.get(name) or (by_name.get(name[:-2] + "人民政府")
                                         if name.endswith(("省政府", "市政府", "县政府")) else None)
            if unit is not None and unit.type != "PartyOrganization":
                out.append(Relation("partyBranchOf", m, unit))
                break
    return out


LEVEL_RANK = {"province": 0, "city": 1, "county": 2, "town": 3}


def _written_in_a_row(lexicon: Lexicon, located: list[Located]) -> list[Relation]:
    """江苏连云港黄窝村, 福建霞浦县: each place or unit lies in the area written right before it."""
    gaz = lexicon.gazetteer
    out = []
    for a in located:
        if a.type != "AdministrativeArea" or a.mention.implied:
            continue
        for b in located:
            if b.start != a.end or b.mention.implied or \
                    b.type not in ("AdministrativeArea", "Community", "Company", "Organization"):
                continue
            if b.type == "AdministrativeArea":
                outer, inner = gaz.lookup(a.mention.name), gaz.lookup(b.mention.name)
                # 北京上海 is two places side by side; a place lies only in a larger one
                if outer and inner and LEVEL_RANK[outer[0].level] >= LEVEL_RANK[inner[0].level]:
                    continue
            out.append(Relation("locatedIn", b.mention, a.mention))
    return out


WITHIN = re.compile(r"^(是|位于|地处|坐落在|坐落于)$")


def _stated_places(text: str, located: list[Located]) -> list[Relation]:
    """X是Y内的一家企业, X位于Y: a place stated in so many words."""
    out = []
    for x in located:
        if x.type not in {"Company", "Community"} | ORG_TYPES:
            continue
        for y in located:
            if y.type == "AdministrativeArea" and y.start > x.end and \
                    WITHIN.match(text[x.end:y.start]) and text[y.end:y.end + 1] in ("内", "境", "辖", "的", ""):
                out.append(Relation("locatedIn", x.mention, y.mention))
    return out


def _prefixed_places(ctx: Context, located: list[Located]) -> list[Relation]:
    """济源路三湾街社区, 济办商业街社区: a community written after the short form of its
    subdistrict (the name without 街道, or its first character and 办)."""
    def by_short():
        county = ctx.home.get("county")
        towns = {n for n, t in ctx.known_names.items() if t == "AdministrativeArea" and n.endswith("街道")}
        if county is not None:
            towns |= {a.name for a in ctx.lexicon.gazetteer.children(county.code) if a.name.endswith("街道")}
        shorts: dict[str, set[str]] = {}
        for town in towns:
            for short in (town[:-2], town[0] + "办"):
                shorts.setdefault(short, set()).add(town)
        return shorts
    shorts = ctx.view("towns by short form", by_short)
    out = []
    for l in located:
        if l.type != "Community":
            continue
        written = l.mention.surface
        # of the towns whose short form opens the name, the first in sorted order
        towns = [town for n in range(len(written) - 2) for town in shorts.get(written[:n], ())
                 if not written[n].isdigit()]         # 文化路3号院 is a number on a road
        if towns:
            out.append(Relation("locatedIn", l.mention, implied_place(l.mention, min(towns))))
    return out


def implied_place(where: Mention, name: str) -> Mention:
    """An area the text implies at ``where`` without naming it there."""
    return Mention(article=where.article, span=where.span, name=name, type="AdministrativeArea", implied=True)


def _focus_relations(ctx: Context, facts: Facts) -> list[Relation]:
    """What lies in the place an article is about: its villages and communities, the
    companies it visits or reports resuming work; zones lie in the home district."""
    gaz = ctx.lexicon.gazetteer
    home = ctx.home.get("county")
    container = ctx.focus.get("town") or ctx.focus.get("zone") or (home.name if home else None)
    if container is None or not facts.mentions:
        return []
    anchor = facts.mentions[0]
    local = {id(m) for a in facts.actions for m in
             (a.targets if a.type == "Inspection" else a.agents if a.type == "ResumptionOfWork" else [])}
    home_names = {a.name for a in ctx.home.values()} | {a.short for a in ctx.home.values()}
    out = []
    for m in facts.mentions:
        if m.implied:
            continue
        if m.type == "Community" or m.type == "Company" and id(m) in local and \
                not _foreign_prefix(gaz, m.name, home_names):
            out.append(Relation("locatedIn", m, implied_place(anchor, container), weak=True))
        elif m.type == "AdministrativeArea" and home and not gaz.lookup(m.name) and m.name != home.name:
            out.append(Relation("locatedIn", m, implied_place(anchor, home.name), weak=True))
    return out


def _foreign_prefix(gaz, name: str, home_names: set[str]) -> bool:
    """广西桂柳集团: a company named after a place other than the page's own."""
    for n in (4, 3, 2):
        head = name[:n]
        if gaz.lookup(head) and head not in home_names:
            return True
    return False
