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

import re
from collections import defaultdict

from .lexicon import Lexicon
from .model import Entity, Facts, Mention

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
    for m in mentions:
        if not m.generic:
            continue
        if m.type == "Person":
            _resolve_reference(m, named, titles)
            continue
        same_article = [n for n in named if n.article is m.article and n.type == m.type
                        and n.name.endswith(m.name) and n.name != m.name]
        pool = same_article or [n for n in named if n.type == m.type and n.name.endswith(m.name)
                                and n.name != m.name]
        names = sorted({n.name for n in pool})
        if len(names) == 1 or (same_article and names):
            before = [n for n in same_article if n.start <= m.start]
            m.name = (before[-1] if before else sorted(pool, key=lambda n: n.start)[0]).name
            m.generic = False
        else:
            m.key = DROPPED


def _resolve_reference(m: Mention, named: list[Mention], titles: dict[str, set[str]]) -> None:
    surname, title = m.name[0], m.name[1:]
    people = sorted({n.name for n in named if n.type == "Person" and n.name.startswith(surname)
                     and len(n.name) > 1})
    holders = [p for p in people if any(t.endswith(title) for t in titles.get(p, ()))]
    chosen = holders if holders else people
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
    for m in mentions:
        if m.type in ("Person", "AdministrativeArea"):
            continue
        n = _norm(m.name)
        for other in sorted(names_by_type[m.type], key=len, reverse=True):
            if other != n and n.endswith(other) and len(other) >= 3:
                prefix = n[: -len(other)]
                if _is_place_prefix(lexicon, prefix) and not other.startswith(tuple("区县市镇乡")):
                    m.group = other
                    break


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
        label = max(sorted({m.name for m in mentions}), key=len)
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
