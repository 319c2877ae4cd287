"""Names at the command line: an alias stands for its entity, an unknown name gets suggestions.

The named queries match an entity by its canonical name (rdfs:label), so
``--param person=X`` with one of the entity's other names (skos:altLabel)
would give no rows and no hint. ``resolve_params`` runs before the query:

- a value that is some node's rdfs:label, or an IRI, is left as it is;
- a value that is an alias becomes the canonical name of its entity, with a
  note saying which entity was chosen. An alias several entities share goes
  to the one the query asks for: of the class the query requires of the
  parameter's entity (``FILTER EXISTS { ?c a kg:Company }``), if the query
  says one and some of them have it; then the most mentioned (``kg:mentions``,
  articles); then the first by name. The note lists the others;
- any other value is a ``KGError``: ``no entity named X; did you mean A, B?``,
  with up to 5 names (labels and aliases) close to it.

Only parameters that name an entity are resolved: of kind ``label``, and
matched by the query against ``rdfs:label`` and never against
``skos:altLabel`` (a query that reads aliases itself, like ``shared-names``,
takes any name as it is). The graph is asked by small SPARQL queries through
a ``Select`` (a store here, an endpoint in ``kg.remote.endpoint_select``),
so a local graph and an endpoint resolve names alike.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, SKOS, URIRef, Variable
from rdflib.paths import Path as PropertyPath

from .errors import KGError
from .query import NAMESPACES, QUERIES_DIR, NamedQuery, load_query, prefixed_name, to_term

# A SPARQL SELECT query's text → its solutions, each a tuple of pyoxigraph terms (None: unbound).
Select = Callable[[str], list[tuple]]

SUGGESTIONS = 5
# Two names are close if difflib's ratio (2 × shared characters / both lengths) reaches
# this: 王小明 and 王晓明 (0.67), 宋洁 and 宋杰 (0.5), not 李明 and 王小明 (0.4).
CLOSE_RATIO = 0.5
KG = NAMESPACES["kg"]
_PREFIXES = "".join(f"PREFIX {p}: <{NAMESPACES[p]}>\n" for p in ("kg", "rdfs", "skos", "prov"))


@dataclass(frozen=True)
class Candidate:
    """An entity an alias may stand for: its canonical name, classes (IRIs) and articles mentioning it.

    Homonyms with the alias are one candidate: the query, bound to the
    name, matches them all.
    """
    label: str
    classes: tuple[str, ...] = ()
    mentions: int = 0

    def shown(self) -> str:
        """``上街区委 (PartyOrganization)``."""
        return f"{self.label} ({', '.join(map(class_name, self.classes))})" if self.classes else self.label


@dataclass(frozen=True)
class Choice:
    """The entity chosen for an alias given as ``param``, and why, if others have the alias too."""
    param: str
    alias: str
    chosen: Candidate
    others: tuple[Candidate, ...] = ()
    reason: str = ""

    def note(self) -> str:
        """What kg says on stderr: ``person=区委 is an alias of 上街区委 (PartyOrganization)``."""
        note = f"{self.param}={self.alias} is an alias of {self.chosen.shown()}"
        if not self.others:
            return note
        return (f"{note}, {self.reason} of the {len(self.others) + 1} entities with that name; "
                f"the others: {', '.join(c.shown() for c in self.others)}")


@dataclass
class Resolution:
    """The parameters to run a query with (aliases replaced) and the choices made."""
    params: dict[str, str]
    choices: list[Choice] = field(default_factory=list)

    @property
    def notes(self) -> list[str]:
        return [choice.note() for choice in self.choices]


def class_name(iri: str) -> str:
    """``PartyOrganization`` for kg's own classes, else the prefixed name (``foaf:Person``)."""
    return iri[len(KG):] if iri.startswith(KG) else prefixed_name(iri)


def store_select(store: ox.Store) -> Select:
    """A ``Select`` on a pyoxigraph store (the union of its graphs, as ``run_query`` queries it)."""
    def select(text: str) -> list[tuple]:
        return [tuple(solution) for solution in store.query(text, use_default_graph_as_union=True)]
    return select


# --------------------------------------------------------------------------
# Resolving parameters

def resolve_params(select: Select, name_or_query: str | Path | NamedQuery, params: dict[str, str],
                   folder: Path = QUERIES_DIR) -> Resolution:
    """``params`` with each alias that names an entity replaced by that entity's canonical name.

    Raises ``KGError`` for a value that names an entity but is no name in
    the graph, with the closest names (see the module docstring).
    """
    query = name_or_query if isinstance(name_or_query, NamedQuery) else load_query(name_or_query, folder)
    resolved, choices = dict(params), []
    entities: dict[str, frozenset[str]] | None = None   # read from the query only if a value needs it
    for param, value in params.items():
        if _kind(query, param) != "label":
            continue
        term = to_term(value, "label", param)
        if not isinstance(term, ox.Literal) or _is_label(select, term):
            continue
        if entities is None:
            entities = entity_params(query)
        if param not in entities:
            continue
        choice = choose(param, value, alias_candidates(select, term), entities[param])
        if choice is None:
            raise unknown_name(select, value)
        resolved[param] = choice.chosen.label
        choices.append(choice)
    return Resolution(resolved, choices)


def _kind(query: NamedQuery, param: str) -> str | None:
    """The parameter's kind; None for one the query does not take (``run_query`` says so)."""
    if not query.params:
        return "label"   # a query that declares no parameters takes any, as labels (bind_params)
    return next((p.kind for p in query.params if p.name == param), None)


def _is_label(select: Select, term: ox.Literal) -> bool:
    # Any node's: an action's label ("宋洁 察看") is a name a query may match too.
    return bool(select(f"{_PREFIXES}SELECT ?x WHERE {{ ?x rdfs:label {term} }} LIMIT 1"))


def alias_candidates(select: Select, term: ox.Literal) -> list[Candidate]:
    """The entities whose skos:altLabel is ``term``, one per canonical name, by name."""
    rows = select(f"""{_PREFIXES}SELECT ?e ?label ?class ?mentions WHERE {{
  {{ SELECT ?e (COUNT(?article) AS ?mentions) WHERE {{
      ?e skos:altLabel {term} . OPTIONAL {{ ?article kg:mentions ?e }} }} GROUP BY ?e }}
  ?e rdfs:label ?label .
  OPTIONAL {{ ?e a ?class }}
}}""")
    entities: dict = {}   # entity → (label, mentions); one row per class
    classes: dict[str, set[str]] = {}   # label → classes
    for entity, label, cls, mentions in rows:
        entities[entity] = (label.value, int(mentions.value))
        classes.setdefault(label.value, set()).update([cls.value] if isinstance(cls, ox.NamedNode) else [])
    mentions_by_label: dict[str, int] = {}
    for label, mentions in entities.values():
        mentions_by_label[label] = mentions_by_label.get(label, 0) + mentions
    return [Candidate(label, tuple(sorted(classes[label])), mentions_by_label[label]) for label in sorted(classes)]


def choose(param: str, alias: str, candidates: list[Candidate], wanted: frozenset[str] = frozenset()) -> Choice | None:
    """The candidate an alias stands for (see the module docstring), or None if there is none.

    ``wanted``: the classes the query requires of the entity (IRIs), if it says.
    """
    if not candidates:
        return None
    def order(c: Candidate) -> tuple:
        return (not _has_class(c, wanted), -c.mentions, c.label)
    ranked = sorted(candidates, key=order)
    if len(ranked) == 1:
        return Choice(param, alias, ranked[0])
    return Choice(param, alias, ranked[0], tuple(ranked[1:]), _reason(ranked, wanted))


def _has_class(candidate: Candidate, wanted: frozenset[str]) -> bool:
    return bool(wanted) and bool(wanted & set(candidate.classes))


def _reason(ranked: list[Candidate], wanted: frozenset[str]) -> str:
    """Why ``ranked[0]`` was chosen over the rest, e.g. ``the most mentioned``."""
    preferred = [c for c in ranked if _has_class(c, wanted)]
    if preferred and len(preferred) < len(ranked):   # the class the query asks for told them apart
        pool, kind = preferred, " " + " or ".join(sorted(map(class_name, wanted)))
    else:
        pool, kind = ranked, ""
    if len(pool) == 1:
        return f"the only{kind}"
    if pool[0].mentions > pool[1].mentions:
        return f"the most mentioned{kind}"
    return f"the first by name of the most mentioned{kind}"


# --------------------------------------------------------------------------
# Which parameters name an entity: read from the query

def entity_params(query: NamedQuery) -> dict[str, frozenset[str]]:
    """The variables ``query`` matches against an entity's rdfs:label, each with the classes it
    requires of that entity (``?e a kg:Company``, also inside FILTER EXISTS; empty if none).

    A variable also matched against skos:altLabel is left out: that query
    reads aliases itself. A query rdflib cannot read names no entity (it
    then runs as it is, and pyoxigraph says what is wrong with it).
    """
    triples = _triples(query)
    if triples is None:
        return {}
    subjects: dict[str, set] = {}
    aliased: set[str] = set()
    for subject, predicate, obj in triples:
        if not isinstance(obj, Variable):
            continue
        iris = _predicate_iris(predicate)
        if str(SKOS.altLabel) in iris:
            aliased.add(str(obj))
        elif str(RDFS.label) in iris:
            # through a path (org:organization/rdfs:label) the entity is not the subject
            entity = subject if predicate == RDFS.label else None
            subjects.setdefault(str(obj), set()).add(entity)
    types = [(s, str(o)) for s, p, o in triples if p == RDF.type and isinstance(o, URIRef)]
    return {name: frozenset(cls for s, cls in types if s in entities)
            for name, entities in subjects.items() if name not in aliased}


def _triples(query: NamedQuery) -> list[tuple] | None:
    from rdflib.plugins.sparql import prepareQuery   # slow to import, needed only here

    try:
        algebra = prepareQuery(query.text, initNs=dict(NAMESPACES)).algebra
    except Exception:   # rdflib's parser raises many kinds (ParseException, KeyError, …)
        return None
    return list(_walk_triples(algebra))


def _walk_triples(node):
    """Every triple pattern in rdflib's algebra of a query, subqueries and FILTER EXISTS included."""
    if isinstance(node, dict):   # CompValue: BGP (3-tuples), TriplesBlock (flat lists of 3n terms)
        if "triples" in node:
            for item in node["triples"]:
                for k in range(0, len(item) - 2, 3):
                    yield tuple(item[k:k + 3])
        for value in node.values():
            yield from _walk_triples(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _walk_triples(value)


def _predicate_iris(predicate) -> set[str]:
    if isinstance(predicate, PropertyPath):
        return set(re.findall(r"<([^>]*)>", predicate.n3()))
    return {str(predicate)} if isinstance(predicate, URIRef) else set()


# --------------------------------------------------------------------------
# Did you mean

def unknown_name(select: Select, value: str) -> KGError:
    """``no entity named X; did you mean A, B, C?`` (``no entity named X`` with no close name)."""
    close = close_names(value, entity_names_sharing_a_character(select, value))
    shown = value or '""'
    if not close:
        return KGError(f"no entity named {shown}")
    return KGError(f"no entity named {shown}; did you mean {', '.join(close)}?")


def entity_names_sharing_a_character(select: Select, value: str) -> list[str]:
    """The labels and aliases of entities (not actions) holding a character of ``value``.

    Filtered in the query, so that an endpoint sends only these.
    """
    characters = sorted(set(value) - set(" \t\n"))
    if not characters:
        return []
    holds = " || ".join(f"CONTAINS(?name, {ox.Literal(ch)})" for ch in characters)
    rows = select(f"""{_PREFIXES}SELECT DISTINCT ?name WHERE {{
  {{ ?e rdfs:label ?name }} UNION {{ ?e skos:altLabel ?name }}
  FILTER (isLiteral(?name) && ({holds}))
  FILTER NOT EXISTS {{ ?e prov:wasDerivedFrom ?sentence }}
}}""")
    return [row[0].value for row in rows]


def close_names(value: str, names: list[str], count: int = SUGGESTIONS) -> list[str]:
    """Up to ``count`` of ``names`` closest to ``value``, closest first (then by name).

    Chinese names are short, and one wrong character in three is a third of
    them, so closeness is difflib's ratio over characters (a prefix, a
    suffix and shared characters all count), and a name that holds the
    value or is held in it, two characters at least (区委 in 上街区委), is
    close however long the other.
    """
    def ratio(name: str) -> float:
        return difflib.SequenceMatcher(None, value, name, autojunk=False).ratio()

    def contained(name: str) -> bool:
        return min(len(name), len(value)) >= 2 and (value in name or name in value)

    scored = [(ratio(name), name) for name in set(names) if name != value]
    close = [(r, name) for r, name in scored if r >= CLOSE_RATIO or contained(name)]
    return [name for _, name in sorted(close, key=lambda item: (-item[0], item[1]))[:count]]
