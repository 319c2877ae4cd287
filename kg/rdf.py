"""Entities and facts → an rdflib Graph in the public schema (../SCHEMA.md).

The one place that adds triples. IRIs are readable and stable: the same
input gives the same graph on every run.
"""
from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from .model import Action, Article, Entity, Evidence, Facts, Membership, Relation
from .vocab import ID, KG

PREFIXES = {"kg": KG._NS, "id": ID, "rdf": RDF, "org": ORG, "prov": PROV, "dcterms": DCTERMS,
            "skos": SKOS, "rdfs": RDFS, "owl": OWL, "xsd": XSD}

# What an IRI path segment may hold as it is (RFC 3987 ipchar): ASCII letters,
# digits, "-._~", the sub-delims, ":" and "@", and the ucschar ranges, which
# leave out controls (C0, DEL, C1), surrogates, private use and noncharacters.
# RFC 3987 4.1 also bars bidi formatting characters (they would reorder how the
# IRI reads), and spaces of any kind are encoded so that it reads as one word.
_UCSCHAR = "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef" + "".join(
    f"{chr(plane << 16)}-{chr((plane << 16) + 0xFFFD)}" for plane in range(1, 14)) + "\U000e1000-\U000efffd"
_NOT_IN_SEGMENT = re.compile(f"[^A-Za-z0-9\\-._~!$&'()*+,;=:@{_UCSCHAR}]|[\u200e\u200f\u202a-\u202e\u2066-\u2069]|\\s")
_WHOLE_SEGMENTS = {".": "%2E", "..": "%2E%2E", "-": "%2D"}
MISSING = "-"    # the segment of a part the text leaves out


def _percent(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8", "surrogatepass"))


def iri_segment(text: str) -> str:
    """A readable IRI path segment for any string: Chinese kept, every other
    character an IRI may not hold %-encoded (its UTF-8 bytes), "/" and "%"
    too, so that two strings never give one segment. The dot segments "."
    and "..", which IRI resolution would remove, and "-", which stands for a
    missing part, are encoded whole."""
    if text in _WHOLE_SEGMENTS:
        return _WHOLE_SEGMENTS[text]
    return _NOT_IN_SEGMENT.sub(_percent, text)


@lru_cache(maxsize=1 << 16)     # an entity is named in every fact about it: a tenth of a build's graph stage
def entity_iri(key: str) -> URIRef:
    """``person/宋洁`` → https://w3id.org/zhkg/id/person/宋洁"""
    kind, _, name = key.partition("/")
    return ID[f"{kind}/{iri_segment(name)}"]


def article_iri(article: Article) -> URIRef:
    return ID[f"article/{iri_segment(article.doc.name)}/{article.index}"]


def _fact_iri(kind: str, article: Article, n: int) -> URIRef:
    return ID[f"{kind}/{iri_segment(article.doc.name)}/{article.index}/{n}"]


def membership_iri(membership: Membership) -> URIRef:
    """One IRI per post, however many sentences state it:
    ``id:membership/宋洁/区委书记/party-org/上街区委`` (``-`` for a part the text leaves out).

    A post is a standing relation (W3C ORG), not an event: the articles that
    restate it add evidence to the one membership, so counting memberships
    counts posts.
    """
    person = membership.person.key.partition("/")[2]
    organization = membership.organization.key if membership.organization is not None \
        and membership.organization.key else None
    parts = (person, membership.title or None, *(organization.split("/", 1) if organization else [None]))
    return ID["membership/" + "/".join(MISSING if part is None else iri_segment(part) for part in parts)]


def statement_iri(predicate: str, subject_key: str, object_key: str) -> URIRef:
    """One node per relation edge, however many sentences state it:
    ``id:statement/locatedIn/community/金昌社区/area/峡窝镇``."""
    return ID["statement/" + "/".join(iri_segment(part) for part in
                                      (predicate, *subject_key.split("/", 1), *object_key.split("/", 1)))]


# The bundled administrative divisions: what a locatedIn no sentence states stands on.
GAZETTEER = ID["source/gazetteer"]
GAZETTEER_LABEL = "中国行政区划：省、市、县、乡四级，2023 年统计用区划代码（kg/data）"


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def new_graph() -> Graph:
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph


def build_graph(entities: Iterable[Entity], facts: Iterable[Facts]) -> Graph:
    """The whole graph: entities with labels, articles, memberships, actions, the
    statements behind relations, evidence."""
    graph, triples = new_graph(), Triples()
    entities = sorted(entities, key=lambda e: e.key)
    for entity in entities:
        _add_entity(triples, entity)
    _add_homonyms(triples, entities)
    triples.move_to(graph)
    supports: dict[tuple[str, str, str], list[Relation]] = defaultdict(list)
    for fact in facts:
        _add_facts(triples, fact, supports)
        triples.move_to(graph)
    _add_statements(triples, supports, entities)
    triples.move_to(graph)
    return graph


class Triples(dict):
    """Triples in the order first added, each once, on their way into a graph.

    A quarter of what the rules state about one article is said again (a name
    in many sentences, a sentence behind several facts), and rdflib's store
    takes each triple at a cost, repeated or not.
    """

    def add(self, triple: tuple) -> None:
        self[triple] = None

    def move_to(self, graph: Graph) -> None:
        graph.addN((s, p, o, graph) for s, p, o in self)
        self.clear()


def _add_entity(triples: Triples, entity: Entity) -> None:
    node = entity_iri(entity.key)
    triples.add((node, RDF.type, KG[entity.type]))
    triples.add((node, RDFS.label, zh(entity.label)))
    for alias in sorted(entity.aliases - {entity.label}):
        triples.add((node, SKOS.altLabel, zh(alias)))
    if entity.party_member:
        triples.add((node, KG.isPartyMember, Literal(True)))
    for place in sorted(entity.located_in):
        triples.add((node, KG.locatedIn, entity_iri(place)))


def _add_homonyms(triples: Triples, entities: list[Entity]) -> None:
    """``a owl:differentFrom b`` for each two entities with one label (two people called 张伟).

    Resolution kept them apart on purpose, and says so: a reasoner will not
    merge them, and the ``shared-names`` query finds homonyms through these
    few links instead of grouping every name in the graph.
    """
    by_label: dict[str, list[URIRef]] = defaultdict(list)
    for entity in entities:
        by_label[entity.label].append(entity_iri(entity.key))
    for nodes in by_label.values():
        for a, b in itertools.combinations(nodes, 2):
            triples.add((a, OWL.differentFrom, b))


def _add_statements(triples: Triples, supports: dict[tuple[str, str, str], list[Relation]],
                    entities: list[Entity]) -> None:
    """Every kg:locatedIn and kg:partyBranchOf edge gets a reified statement (a
    ``kg:RelationStatement``, an ``rdf:Statement``) that is ``prov:wasDerivedFrom``
    the sentences stating it, or the gazetteer.

    The edge itself stays a plain triple (the schema's contract); the statement
    answers "why?" for it as evidence does for posts and actions. One inferred
    from the article's focus alone (a village of a page about one town) says
    ``kg:inferred true``.
    """
    gazetteer_edges = {("locatedIn", e.key, place) for e in entities for place in e.located_in}
    if gazetteer_edges:
        triples.add((GAZETTEER, RDF.type, PROV.Entity))
        triples.add((GAZETTEER, RDFS.label, zh(GAZETTEER_LABEL)))
    for edge in sorted(gazetteer_edges | set(supports)):
        predicate, subject, obj = edge
        node = statement_iri(*edge)
        triples.add((node, RDF.type, KG.RelationStatement))
        triples.add((node, RDF.type, RDF.Statement))
        triples.add((node, RDF.subject, entity_iri(subject)))
        triples.add((node, RDF.predicate, KG[predicate]))
        triples.add((node, RDF.object, entity_iri(obj)))
        relations = supports.get(edge, [])
        for relation in relations:
            if relation.evidence is not None:
                triples.add((node, PROV.wasDerivedFrom, _add_evidence(triples, relation.evidence)))
        if edge in gazetteer_edges:
            triples.add((node, PROV.wasDerivedFrom, GAZETTEER))
        elif all(r.weak for r in relations):
            triples.add((node, KG.inferred, Literal(True)))


def _add_facts(triples: Triples, facts: Facts, supports: dict[tuple[str, str, str], list[Relation]]) -> None:
    article = facts.article
    art = article_iri(article)
    triples.add((art, RDF.type, KG.Article))
    if article.title:
        triples.add((art, DCTERMS.title, zh(article.title)))
    triples.add((art, DCTERMS.source, Literal(article.doc.name)))
    if article.date:
        triples.add((art, DCTERMS.date, Literal(article.date, datatype=XSD.date)))
    for mention in facts.mentions:
        if mention.key:
            triples.add((art, KG.mentions, entity_iri(mention.key)))
    for key in article_byline_keys(facts, "reporter"):
        triples.add((art, KG.reporter, entity_iri(key)))
    for key in article_byline_keys(facts, "correspondent"):
        triples.add((art, KG.correspondent, entity_iri(key)))
    for relation in facts.relations:
        if relation.subject.key and relation.object.key and relation.subject.key != relation.object.key:
            triples.add((entity_iri(relation.subject.key), KG[relation.predicate],
                         entity_iri(relation.object.key)))
            supports[relation.predicate, relation.subject.key, relation.object.key].append(relation)
    # a fact whose person or agents resolved to no entity (an unresolved 温书记) is left out
    for membership in facts.memberships:
        if membership.person.key:
            _add_membership(triples, membership)
    actions = [a for a in facts.actions if any(m.key for m in a.agents)]
    for n, action in enumerate(actions):
        _add_action(triples, _fact_iri("action", article, n), action)


def article_byline_keys(facts: Facts, role: str) -> list[str]:
    """Entity keys of the article's reporters or correspondents (resolved as mentions)."""
    names = facts.article.reporters if role == "reporter" else facts.article.correspondents
    keys = {m.name: m.key for m in facts.mentions if m.type == "Person" and m.key}
    return [keys[name] for name in names if name in keys]


def _add_evidence(triples: Triples, evidence: Evidence) -> URIRef:
    span = evidence.span
    node = ID[f"evidence/{iri_segment(evidence.article.doc.name)}/{span.start}-{span.end}"]
    triples.add((node, RDF.type, KG.Evidence))
    triples.add((node, KG.text, zh(span.text)))
    triples.add((node, KG.article, article_iri(evidence.article)))
    triples.add((node, KG.start, Literal(span.start)))
    triples.add((node, KG.end, Literal(span.end)))
    return node


def _add_membership(triples: Triples, membership: Membership) -> None:
    node = membership_iri(membership)
    triples.add((node, RDF.type, ORG.Membership))
    triples.add((node, ORG.member, entity_iri(membership.person.key)))
    if membership.title:
        triples.add((node, KG.title, zh(membership.title)))
    if membership.organization is not None and membership.organization.key:
        triples.add((node, ORG.organization, entity_iri(membership.organization.key)))
    triples.add((node, PROV.wasDerivedFrom, _add_evidence(triples, membership.evidence)))


def _add_action(triples: Triples, node: URIRef, action: Action) -> None:
    triples.add((node, RDF.type, KG[action.type]))
    names = "、".join(dict.fromkeys(m.name for m in action.agents))
    triples.add((node, RDFS.label, zh(f"{names} {action.trigger}".strip())))
    if action.trigger:
        triples.add((node, KG.trigger, zh(action.trigger)))
    for prop, mentions in ((KG.agent, action.agents), (KG.participant, action.participants),
                           (KG.target, action.targets)):
        for mention in mentions:
            if mention.key:
                triples.add((node, prop, entity_iri(mention.key)))
    if action.recipient is not None and action.recipient.key:
        triples.add((node, KG.recipient, entity_iri(action.recipient.key)))
    if action.amount is not None:
        triples.add((node, KG.amount, Literal(decimal_text(action.amount), datatype=XSD.decimal)))
    if action.date:
        triples.add((node, KG.date, Literal(action.date, datatype=XSD.date)))
    triples.add((node, PROV.wasDerivedFrom, _add_evidence(triples, action.evidence)))


def decimal_text(amount) -> str:
    """An xsd:decimal lexical form, exact and without an exponent: 11300, 0.5."""
    return format(Decimal(amount).normalize(), "f")
