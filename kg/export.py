"""A built graph in the formats other tools load: RDF for graph databases, GraphML/GEXF for Gephi.

- ``ttl``, ``nt``, ``jsonld``: the graph as it is.
- ``trig``: the same triples split into named graphs, one per source file
  (``dcterms:source``): ``id:graph/<source>`` holds that source's articles,
  their evidence, and the memberships and actions derived from that
  evidence. Everything that is not one source's, the entities with their
  names, types and relations between them, and the posts that several
  sources state, goes in ``id:graph/entities``, so every triple is in
  exactly one named graph and the default graph is empty.
- ``graphml``, ``gexf``: a networkx MultiDiGraph of entities, articles and
  actions (nodes with ``label`` and ``class``), and the relations between
  them (edges with the predicate as ``label`` and an ``id`` unique in the
  graph: ``e0``, ``e1`` …). A membership becomes an edge
  person → organization labelled with its title, and every post a person
  holds is listed in the person's ``posts`` attribute; evidence is left out.
"""
from __future__ import annotations

import io
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS

from .errors import KGError
from .files import write_atomic
from .rdf import PREFIXES, iri_segment
from .vocab import ID, KG

FORMATS = ("ttl", "nt", "trig", "jsonld", "graphml", "gexf")
ENTITIES_GRAPH = ID["graph/entities"]
ENTITY_CLASSES = {KG.Person, KG.Organization, KG.PartyOrganization, KG.GovernmentBody, KG.Company,
                  KG.Community, KG.AdministrativeArea, KG.Entity, KG.Place}
ACTION_CLASSES = {KG.Action, KG.Donation, KG.Inspection, KG.Meeting, KG.CheckpointDuty,
                  KG.ResumptionOfWork}


def export_graph(graph: Graph, fmt: str, path: str | Path) -> Path:
    """Write ``graph`` in ``fmt`` to ``path`` (whole or not at all)."""
    return write_atomic(path, serialize_graph(graph, fmt))


def serialize_graph(graph: Graph, fmt: str) -> bytes:
    """``graph`` in one of FORMATS, as bytes. Raises ``KGError`` for an unknown format."""
    writers = {"ttl": turtle, "nt": _ntriples, "trig": _trig, "jsonld": _jsonld,
               "graphml": _graphml, "gexf": _gexf}
    if fmt not in writers:
        raise KGError(f"unknown export format '{fmt}' (use one of {', '.join(FORMATS)})")
    return writers[fmt](graph)


# --------------------------------------------------------------------------
# RDF
#
# pyoxigraph writes Turtle, N-Triples and TriG: fast on big graphs, and it
# keeps every literal's lexical form ("20000"^^xsd:decimal), where rdflib's
# Turtle writer would turn it into 20000.0, an equal value but another term.

def ntriples_of(graph: Graph) -> bytes:
    """rdflib's N-Triples of ``graph``, one triple a line, in no order: what the
    writers below read and what the validation cache compares (``kg.validate``)."""
    return graph.serialize(format="nt", encoding="utf-8")


def ox_triples(graph: Graph, ntriples: bytes | None = None) -> list:
    """The triples of ``graph`` (given as ``ntriples``, if they are at hand) for
    pyoxigraph, sorted: a subject's triples together, its rdf:type first, so
    the output is stable."""
    return [ox.Triple(q.subject, q.predicate, q.object) for q in _ordered(graph, ntriples)]


def _ordered(graph: Graph, ntriples: bytes | None):
    """pyoxigraph's quads (in the default graph) of ``graph`` in ox_triples' order."""
    return ox.parse(b"\n".join(ordered_lines(ntriples_of(graph) if ntriples is None else ntriples)),
                    format=ox.RdfFormat.N_TRIPLES)


_TYPE = f" <{RDF.type}> ".encode()
_FIRST = b" ! "     # in the predicate's place, before every IRI ("!" < "<"), and no predicate


def ordered_lines(ntriples: bytes) -> list[bytes]:
    """The lines of ``ntriples`` by subject, then rdf:type first, then predicate and object.

    Sorted as bytes, which sort as their code points do, and as whole lines: a
    term never ends where another one longer starts (an IRI ends in ">", which
    none holds), so a line sorts as its (subject, predicate, object) would;
    rdf:type goes first by standing in as "!" for the sort. Half the time of
    sorting by a key of the split line. split(b"\n"): U+0085 and U+2028 stand
    unescaped in literals.
    """
    lines = [_FIRST.join(line.split(_TYPE, 1)) if line.startswith(_TYPE, line.find(b" ")) else line
             for line in ntriples.split(b"\n") if line]
    lines.sort()
    return [_TYPE.join(line.split(_FIRST, 1)) if line.startswith(_FIRST, line.find(b" ")) else line
            for line in lines]


def _prefixes() -> dict[str, str]:
    return {prefix: str(ns) for prefix, ns in PREFIXES.items() if prefix != "id"}


def turtle(graph: Graph, ntriples: bytes | None = None) -> bytes:
    """``graph`` as Turtle, sorted by subject (from its ``ntriples``, if they are at hand)."""
    return ox.serialize(_ordered(graph, ntriples), format=ox.RdfFormat.TURTLE, prefixes=_prefixes())


def _ntriples(graph: Graph) -> bytes:
    return ox.serialize(_ordered(graph, None), format=ox.RdfFormat.N_TRIPLES)


def _jsonld(graph: Graph) -> bytes:
    # rdflib, for a compact document with an @context of the usual prefixes.
    context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    return graph.serialize(format="json-ld", context=context, auto_compact=True, encoding="utf-8")


def source_graph_iri(source: str) -> URIRef:
    """The named graph of one source file: ``id:graph/003_….txt``."""
    return ID[f"graph/{iri_segment(source)}"]


def named_graphs(graph: Graph) -> dict[str, URIRef]:
    """Which named graph each subject's triples go in (see the module docstring).

    Keys are subject IRIs as strings; a subject not listed goes in ENTITIES_GRAPH.
    """
    article_source = {art: str(source) for art, source in graph.subject_objects(DCTERMS.source)
                      if (art, RDF.type, KG.Article) in graph}
    evidence_source = {ev: article_source[art] for ev, art in graph.subject_objects(KG.article)
                       if art in article_source}
    fact_sources: dict = defaultdict(set)
    for fact, ev in graph.subject_objects(PROV.wasDerivedFrom):
        if ev in evidence_source:
            fact_sources[fact].add(evidence_source[ev])
    # A post stated in several sources is none of them alone: it stays with
    # the entities, and each sentence stays in its own source's graph.
    home = {**article_source, **evidence_source,
            **{fact: next(iter(sources)) for fact, sources in fact_sources.items() if len(sources) == 1}}
    return {str(node): source_graph_iri(source) for node, source in home.items()}


def split_by_source(graph: Graph) -> dict[str, list]:
    """The triples (pyoxigraph's) of each named graph, by the graph's IRI: the
    entities' graph first, then the sources by name (see the module docstring)."""
    home = named_graphs(graph)
    parts: dict[str, list] = defaultdict(list)
    for t in ox_triples(graph):
        key = str(home.get(t.subject.value, ENTITIES_GRAPH)) if isinstance(t.subject, ox.NamedNode) \
            else str(ENTITIES_GRAPH)
        parts[key].append(t)
    return {name: parts[name] for name in sorted(parts, key=lambda n: (n != str(ENTITIES_GRAPH), n))}


def _trig(graph: Graph) -> bytes:
    # each subject's triples stay together, as ox_triples ordered them
    quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name))
             for name, triples in split_by_source(graph).items() for t in triples]
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=_prefixes())


# --------------------------------------------------------------------------
# networkx

def to_networkx(graph: Graph):
    """A networkx MultiDiGraph of entities, articles and actions (see the module docstring)."""
    import networkx as nx

    from .query import prefixed_name

    classes: dict = defaultdict(list)
    for node, cls in graph.subject_objects(RDF.type):
        classes[node].append(cls)
    kept = {node for node, types in classes.items()
            if any(t in ENTITY_CLASSES or t in ACTION_CLASSES or t == KG.Article for t in types)}
    nxg = nx.MultiDiGraph()
    for node in sorted(kept):
        nxg.add_node(prefixed_name(str(node)), **_node_attributes(graph, node, classes[node]))
    for s, p, o in sorted(graph):
        if s in kept and o in kept:
            predicate = prefixed_name(str(p))
            nxg.add_edge(prefixed_name(str(s)), prefixed_name(str(o)), key=predicate,
                         label=predicate, predicate=str(p))
    for membership in sorted(graph.subjects(RDF.type, ORG.Membership)):
        person, org = graph.value(membership, ORG.member), graph.value(membership, ORG.organization)
        title = graph.value(membership, KG.title)
        if person in kept and org in kept:
            nxg.add_edge(prefixed_name(str(person)), prefixed_name(str(org)),
                         key=f"org:memberOf {title or ''}".strip(), label=str(title or "org:memberOf"),
                         predicate=str(ORG.memberOf))
    # ids unique in the whole graph, not only between two nodes as keys are: Gephi and
    # other tools key edges by id and would merge the edges that share one
    for number, (_, _, data) in enumerate(nxg.edges(data=True)):
        data["id"] = f"e{number}"
    return nxg


def _node_attributes(graph: Graph, node, types: list) -> dict:
    from .query import prefixed_name

    specific = sorted(prefixed_name(str(t)) for t in types)
    label = graph.value(node, RDFS.label) or graph.value(node, DCTERMS.title)
    attributes = {"label": str(label) if label is not None else prefixed_name(str(node)),
                  "class": specific[0] if len(specific) == 1 else " ".join(specific),
                  "iri": str(node)}
    aliases = sorted(str(a) for a in graph.objects(node, SKOS.altLabel))
    if aliases:
        attributes["aliases"] = "、".join(aliases)
    posts = sorted({_post_text(graph, m) for m in graph.subjects(ORG.member, node)})
    if posts:
        attributes["posts"] = "；".join(posts)
    for prop, key in ((KG.isPartyMember, "party_member"), (KG.amount, "amount"), (KG.date, "date"),
                      (KG.trigger, "trigger"), (DCTERMS.source, "source"), (DCTERMS.date, "date")):
        value = graph.value(node, prop)
        if isinstance(value, Literal):
            attributes[key] = _attribute_value(value)
    return attributes


def _post_text(graph: Graph, membership) -> str:
    title = graph.value(membership, KG.title)
    org = graph.value(membership, ORG.organization)
    org_label = graph.value(org, RDFS.label) if org is not None else None
    return f"{title or ''}{f'（{org_label}）' if org_label else ''}" or "—"


def _attribute_value(value: Literal):
    """A literal as a GraphML/GEXF attribute: bool, int, float or str."""
    python = value.toPython()
    if isinstance(python, bool):
        return python
    if isinstance(python, Decimal):
        return int(python) if python == python.to_integral_value() else float(python)
    if isinstance(python, (int, float)):
        return python
    return str(value)


def _graphml(graph: Graph) -> bytes:
    import networkx as nx

    out = io.BytesIO()
    nx.write_graphml(xml_safe(to_networkx(graph)), out, encoding="utf-8", edge_id_from_attribute="id")
    return out.getvalue()


def _gexf(graph: Graph) -> bytes:
    import networkx as nx

    out = io.BytesIO()
    nx.write_gexf(xml_safe(to_networkx(graph)), out, encoding="utf-8")
    return out.getvalue()


# What XML 1.0 cannot hold even as a character reference: C0 controls but tab
# and line breaks, surrogates, U+FFFE and U+FFFF. networkx writes them as they are.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(nxg):
    """``nxg`` with every character XML cannot hold in its text replaced by U+FFFD."""
    def clean(value):
        return _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value
    safe = type(nxg)()
    for node, data in nxg.nodes(data=True):
        safe.add_node(clean(node), **{k: clean(v) for k, v in data.items()})
    for u, v, key, data in nxg.edges(keys=True, data=True):
        safe.add_edge(clean(u), clean(v), key=clean(key), **{k: clean(x) for k, x in data.items()})
    return safe
