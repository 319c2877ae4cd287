"""Mentions → entities, within an article, across articles and across files.

How it decides (the README says the same for users):
- Generic forms (社区党支部, 检察院, 集聚区党工委) take the entity of their
  class in the same article, else the same document, whose name ends with
  them; none found, they are dropped.
- Level forms were already expanded by the mention stage with the page's
  home areas (区委 → 上街区委, 该镇 → the article's town).
- A name with a place or short prefix is the entity of the shorter name when
  both occur (峡窝镇魏岗村 = 魏岗村, 济办商业街社区 = 商业街社区).
- Areas are one entity per gazetteer division (武汉 = 武汉市).
- People are one entity per name within a home district; the same name in
  pages about different districts gives two entities (许峰, 许峰_扶沟县)
  unless a national post ties them together, or the name is also in an
  item about no district (national news: a leader who visits two places).
The canonical label is the fullest form; every other form is an altLabel.
Keys (and so IRIs) depend only on the input, never on run order.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict

from .lexicon import Lexicon
from .model import STATE_BODIES, Entity, Facts, Mention

SLUGS = {"Person": "person", "PartyOrganization": "party-org", "GovernmentBody": "government-body",
         "Company": "company", "Organization": "organization", "Community": "community",
         "AdministrativeArea": "area"}
DROPPED = "-"       # the key of a mention that refers to no entity (an unresolved 社区党支部)
NATIONAL_TITLES = ("总书记", "国家主席", "总理", "副总理", "委员长")
_NOISE = re.compile(r"新冠肺炎|新型冠状病毒感染的肺炎|新型冠状病毒肺炎|新冠|工作")


def all_mentions(facts: Facts) -> list[Mention]:
    """Every mention the facts refer to, including those implied by titles."""
    seen, out = set(), []

    def add(m):
        if m is not None and id(m) not in seen:
            seen.add(id(m))
            out.append(m)
    for m in facts.mentions:
        add(m)
    for ms in facts.memberships:
        add(ms.person)
        add(ms.organization)
    for a in facts.actions:
        for m in a.agents + a.participants + a.targets:
            add(m)
        add(a.recipient)
    for r in facts.relations:
        add(r.subject)
        add(r.object)
    return out


def resolve_entities(facts_list: list[Facts], lexicon: Lexicon) -> list[Entity]:
    """Give every mention a ``key`` and return the entities, sorted by key."""
    by_doc = defaultdict(list)
    for facts in facts_list:
        by_doc[facts.article.doc.name].append(facts)
    groups: dict[str, list[Mention]] = defaultdict(list)       # key → mentions
    national: set[str] = set()
    for facts in facts_list:
        for ms in facts.memberships:
            if ms.title in NATIONAL_TITLES:
                national.add(ms.person.name)
    scope_of_doc = {}
    for doc, facts_of_doc in by_doc.items():
        scope_of_doc[doc] = facts_of_doc[0].home or ""   # no home district: no reason to split
        mentions = [m for f in facts_of_doc for m in all_mentions(f)]
        _resolve_generic(mentions, facts_of_doc)
        _merge_prefixed(lexicon, [m for m in mentions if m.key != DROPPED])
    person_scopes: dict[str, set[str]] = defaultdict(set)
    for facts in facts_list:
        for m in all_mentions(facts):
            if m.type == "Person":
                person_scopes[m.name].add(scope_of_doc[facts.article.doc.name])
    for facts in facts_list:
        scope = scope_of_doc[facts.article.doc.name]
        for m in all_mentions(facts):
            if m.key == DROPPED:
                continue
            groups[_group_key(lexicon, m, scope, person_scopes, national)].append(m)
    entities = _entities_from_groups(lexicon, groups)
    for facts in facts_list:
        for m in all_mentions(facts):
            if m.key == DROPPED:
                m.key = None
        for m in facts.party_members:
            if m.key:
                entities[m.key].party_member = True
    _gazetteer_chain(lexicon, entities)
    _prune_inferred_places(facts_list, entities)
    return sorted(entities.values(), key=lambda e: e.key)


def _prune_inferred_places(facts_list: list[Facts], entities: dict[str, Entity]) -> None:
    """Keep a place inferred from an article's focus only where the text states none,
    and only the most specific one (a town before its district)."""
    stated = {r.subject.key for f in facts_list for r in f.relations
              if r.predicate == "locatedIn" and not r.weak and r.subject.key}
    stated |= {k for k, e in entities.items() if e.located_in}
    best: dict[str, tuple[int, str]] = {}
    for f in facts_list:
        for r in f.relations:
            if r.weak and r.subject.key and r.object.key and r.subject.key not in stated:
                rank = 2 if r.object.name.endswith(("镇", "乡", "街道")) else 1
                if r.subject.key not in best or rank > best[r.subject.key][0]:
                    best[r.subject.key] = (rank, r.object.key)
    for f in facts_list:
        f.relations = [r for r in f.relations if not r.weak or
                       (r.subject.key in best and best[r.subject.key][1] == r.object.key)]


def _resolve_generic(mentions: list[Mention], facts_of_doc: list[Facts]) -> None:
    """社区党支部 → 商业街社区党支部: the entity of the same class whose name ends with it;
    温书记 → the 温 of the page who is a 书记."""
    named = [m for m in mentions if not m.generic]
    titles = defaultdict(set)
    for f in facts_of_doc:
        for ms in f.memberships:
            titles[ms.person.name].add(ms.title or "")
    # The named mentions each generic form could stand for (same type, a name ending
    # with it), in the document and in each article, found once by the names' endings:
    # scanning them all for each generic form cost time quadratic in the document.
    wanted = {(m.type, m.name) for m in mentions if m.generic and m.type != "Person"}
    lengths = sorted({len(name) for _, name in wanted})
    in_doc: dict[tuple, list[Mention]] = defaultdict(list)
    in_article: dict[tuple, list[Mention]] = defaultdict(list)
    for n in named:
        for k in lengths:
            key = (n.type, n.name[len(n.name) - k:])
            if k < len(n.name) and key in wanted:
                in_doc[key].append(n)
                in_article[(id(n.article),) + key].append(n)
    latest: dict[tuple, _Latest] = {}
    people = _people_by_surname(named)
    references: dict[str, list[str]] = {}
    for m in mentions:
        if not m.generic:
            continue
        if m.type == "Person":
            _resolve_reference(m, people, titles, references)
            continue
        key = (m.type, m.name)
        same_article = in_article.get((id(m.article),) + key)
        if same_article:
            # the last one (in mention order) written before it, else the first written
            where = (id(m.article),) + key
            if where not in latest:
                latest[where] = _Latest(same_article)
            m.name = latest[where].at(m.start).name
            m.generic = False
        elif len({n.name for n in in_doc.get(key, ())}) == 1:
            m.name = in_doc[key][0].name
            m.generic = False
        else:
            m.key = DROPPED


class _Latest:
    """Of a list of mentions, the last in list order that starts at or before a
    position (the first to start if none does), found by bisection."""

    def __init__(self, items: list[Mention]):
        order = sorted(range(len(items)), key=lambda i: items[i].start)
        self.items, self.starts, self.latest = items, [items[i].start for i in order], []
        for i in order:
            self.latest.append(max(i, self.latest[-1]) if self.latest else i)
        self.first = min(items, key=lambda n: n.start)

    def at(self, position: int) -> Mention:
        k = bisect.bisect_right(self.starts, position)
        return self.items[self.latest[k - 1]] if k else self.first


def _people_by_surname(named: list[Mention]) -> dict[str, list[str]]:
    """The document's people by the first character of their names (names of two characters or more), sorted."""
    out: dict[str, set[str]] = defaultdict(set)
    for n in named:
        if n.type == "Person" and len(n.name) > 1:
            out[n.name[0]].add(n.name)
    return {first: sorted(names) for first, names in out.items()}


def _resolve_reference(m: Mention, people_by_surname: dict[str, list[str]], titles: dict[str, set[str]],
                       chosen_for: dict[str, list[str]]) -> None:
    chosen = chosen_for.get(m.name)
    if chosen is None:
        surname, title = m.name[0], m.name[1:]
        people = people_by_surname.get(surname, [])
        holders = [p for p in people if any(t.endswith(title) for t in titles.get(p, ()))]
        chosen = chosen_for[m.name] = holders if holders else people
    if len(chosen) == 1:
        m.name, m.generic = chosen[0], False
    else:
        m.key = DROPPED


def _merge_prefixed(lexicon: Lexicon, mentions: list[Mention]) -> None:
    """峡窝镇魏岗村 → 魏岗村's group: rename the longer to the shorter's group name later."""
    names_by_type = defaultdict(set)
    for m in mentions:
        if m.type not in ("Person", "AdministrativeArea"):
            names_by_type[m.type].add(_norm(m.name))
    groups: dict[tuple[str, str], str | None] = {}
    for m in mentions:
        if m.type in ("Person", "AdministrativeArea"):
            continue
        n = _norm(m.name)
        if (m.type, n) not in groups:
            groups[m.type, n] = _shorter_name(lexicon, n, names_by_type[m.type], m.type in STATE_BODIES)
        if groups[m.type, n] is not None:
            m.group = groups[m.type, n]


def _shorter_name(lexicon: Lexicon, n: str, names: set[str], of_state: bool = False) -> str | None:
    """The longest of ``names`` (three characters or more) that ``n`` ends with after a place
    prefix; for a body of a state, not after a foreign country's name."""
    for k in range(len(n) - 1, 2, -1):        # its endings, longest first, looked up (not scanned)
        other = n[-k:]
        if other in names and _is_place_prefix(lexicon, n[:-k]) and not other.startswith(tuple("区县市镇乡")):
            if of_state and lexicon.foreign_country_before(n, len(n) - k):
                return None
            return other
    return None


def _is_place_prefix(lexicon: Lexicon, prefix: str) -> bool:
    gaz = lexicon.gazetteer
    if len(prefix) <= 2:
        return True
    if prefix in gaz.by_name or prefix in gaz.by_short:
        return True
    for n in range(2, len(prefix)):
        if prefix[:n] in gaz.by_name or prefix[:n] in gaz.by_short:
            return _is_place_prefix(lexicon, prefix[n:]) or len(prefix) - n <= 4
    return re.search(r"(镇|乡|街道|区|县|市|路|大道|大街)$", prefix) is not None


def _norm(name: str) -> str:
    if name.endswith(("领导小组", "指挥部", "办公室")):
        return _NOISE.sub("", name)
    return name


def _group_key(lexicon: Lexicon, m: Mention, scope: str, person_scopes, national) -> str:
    if m.type == "Person":
        scopes = sorted(person_scopes[m.name] - {""})
        nationally_known = m.name in national or "" in person_scopes[m.name]
        if len(scopes) > 1 and not nationally_known and scope and scope != scopes[0]:
            return f"Person|{m.name}|{scope}"
        return f"Person|{m.name}|"
    if m.type == "AdministrativeArea":
        areas = lexicon.gazetteer.lookup(m.name)
        if areas:
            return f"AdministrativeArea|{areas[0].code}|"
        return f"AdministrativeArea|{m.name}|"
    name = m.group or _norm(m.name)
    return f"{m.type}|{name}|"


def _entities_from_groups(lexicon: Lexicon, groups: dict[str, list[Mention]]) -> dict[str, Entity]:
    entities: dict[str, Entity] = {}
    for gkey in sorted(groups):
        mentions = groups[gkey]
        etype, ident, scope = gkey.split("|")
        names = {m.name for m in mentions} | {m.surface for m in mentions if not m.implied}
        # the form written most, the longest of those: a prefixed form written once
        # (…选区全国政协 beside a hundred 全国政协) does not name the group
        written = Counter(m.name for m in mentions)
        label = max(sorted(written), key=lambda n: (written[n], len(n)))
        if etype == "AdministrativeArea" and ident.isdigit():
            label = lexicon.gazetteer.by_code[ident].name
        if etype == "Person":
            label = ident
        slug = SLUGS[etype]
        key = f"{slug}/{label}" + (f"_{scope}" if scope else "")
        while key in entities and entities[key].type != etype:
            key += "_"
        entity = entities.setdefault(key, Entity(key, etype, label))
        entity.aliases |= {n for n in names if n}
        for m in mentions:
            m.key = key
    return entities


def _gazetteer_chain(lexicon: Lexicon, entities: dict[str, Entity]) -> None:
    """town → district → city → province, where both ends are entities."""
    gaz = lexicon.gazetteer
    by_code = {}
    for e in entities.values():
        if e.type == "AdministrativeArea":
            for area in gaz.lookup(e.label):
                by_code.setdefault(area.code, e.key)
    for e in entities.values():
        if e.type != "AdministrativeArea":
            continue
        # of the divisions of that name, the one whose enclosing division is in the graph
        for area in gaz.lookup(e.label):
            up = next((u for u in gaz.chain(area)[1:] if u.code in by_code), None)
            if up is not None and by_code[up.code] != e.key:
                e.located_in.add(by_code[up.code])
                break
