"""The graph as an interactive, self-contained HTML page (vis-network, inlined).

Three steps, each usable on its own:

* ``view_graph(rdf)`` reads the public schema (SCHEMA.md) into a networkx
  MultiDiGraph: entities and actions are nodes; action roles, memberships,
  ``locatedIn`` and ``partyBranchOf`` are labelled edges; every node carries
  its label, class, aliases and evidence sentences.
* ``select(view, …)`` cuts out what the user asked for: one article, some
  classes, the neighbourhood of one entity.
* ``page_html(view, …)`` lays the graph out and gives one HTML page with
  vis-network (from the pyvis package) and all data inlined: the page makes
  no network request, and every string from the articles reaches the DOM as
  text only (JSON data, ``textContent``), never as markup.

Graphs above ``LARGE_GRAPH_NODES`` nodes get a precomputed layout with
physics off, because vis-network's physics never settles on them; smaller
ones start from the same layout, settle with physics, then stop it.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from importlib.util import find_spec
from pathlib import Path

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS

from .errors import KGError
from .files import write_atomic
from .layout import community_layout, force_layout, louvain_groups
from .rdf import iri_segment
from .vocab import ID, KG

LARGE_GRAPH_NODES = 1000

# class → (Chinese name as in ontology/kg.ttl, colour, vis shape). Order is legend order.
ENTITY_STYLES = {
    "Person": ("人物", "#4e79a7", "dot"),
    "PartyOrganization": ("党组织", "#e15759", "triangle"),
    "GovernmentBody": ("政府机构", "#f28e2b", "square"),
    "Company": ("企业", "#59a14f", "diamond"),
    "Organization": ("组织", "#b07aa1", "triangleDown"),
    "Community": ("社区", "#17becf", "hexagon"),
    "AdministrativeArea": ("行政区划", "#9c755f", "star"),
}
ACTION_STYLES = {
    "Donation": ("捐赠", "#ffd166", "box"),
    "Inspection": ("督导检查", "#a0c4ff", "box"),
    "Meeting": ("会议", "#cdb4db", "box"),
    "CheckpointDuty": ("卡点值守", "#ffadad", "box"),
    "ResumptionOfWork": ("复工复产", "#b9fbc0", "box"),
}
OTHER_ENTITY_STYLE = ("其他实体", "#bab0ac", "dot")
OTHER_ACTION_STYLE = ("其他行动", "#e0e0e0", "box")

# Superclasses a user may name in --types (ontology/kg.ttl's hierarchy).
SUPERCLASSES = {
    "Entity": tuple(ENTITY_STYLES),
    "Organization": ("Organization", "PartyOrganization", "GovernmentBody", "Company"),
    "Place": ("Community", "AdministrativeArea"),
    "Action": (*ACTION_STYLES, "Action"),
}

ACTION_ROLES = {  # property → edge direction: who acts points at the action, the action at whom it concerns
    KG.agent: ("agent", "in"),
    KG.participant: ("participant", "in"),
    KG.target: ("target", "out"),
    KG.recipient: ("recipient", "out"),
}
RELATIONS = {KG.locatedIn: "locatedIn", KG.partyBranchOf: "partyBranchOf"}
NOT_ENTITIES = {KG.Article, KG.Evidence, KG.Action, ORG.Membership, KG.RelationStatement}

VIS_JS = "lib/vis-9.1.2/vis-network.min.js"


@dataclass(frozen=True)
class ViewStats:
    """What a written view holds: node and edge counts, and how it is laid out."""
    nodes: int
    edges: int
    mode: str           # "physics": settles, then stops; "precomputed": layout from Python, physics off
    communities: int = 0    # collapsed when the page opens
    isolated: int = 0       # hidden when the page opens


def view_file_name(focus: str | None = None) -> str:
    """``graph.html``, or ``focus-<name>.html`` for a focus view, with
    characters that file systems refuse or shells trip on replaced by ``_``."""
    if focus is None:
        return "graph.html"
    safe = "".join("_" if ch in '/\\:*?"<>|' or not ch.isprintable() or ch.isspace() else ch for ch in focus)
    safe = safe.strip(".") or "_"
    return f"focus-{safe[:100]}.html"


def write_view(graph: Graph, path: str | Path, *, focus: str | None = None, depth: int = 1,
               types: str | Iterable[str] | None = None, article: str | None = None) -> ViewStats:
    """Write the HTML view of ``graph`` (or the part asked for) to ``path``;
    the arguments are those of ``render_view``."""
    html, stats = render_view(graph, focus=focus, depth=depth, types=types, article=article)
    write_atomic(path, html)
    return stats


def render_view(graph: Graph, *, focus: str | None = None, depth: int = 1,
                types: str | Iterable[str] | None = None, article: str | None = None) -> tuple[str, ViewStats]:
    """The HTML page of the view of ``graph`` (or the part asked for).

    ``focus``: the label or alias of an entity, drawn with everything within
    ``depth`` hops (an action and all its parties count as one hop);
    ``types``: classes to keep (``"Person,Company"``; superclasses such as
    ``Organization`` include their subclasses); ``article``: an article IRI,
    ``file#index`` or source file name. Unknown names raise ``KGError``.
    """
    view = select(view_graph(graph), focus=focus, depth=depth, types=types, article=article)
    return page_html(view, subtitle=scope_text(focus, depth, types, article),
                     focus=focus_nodes(view, focus) if focus is not None else ())


def view_graph(rdf: Graph) -> nx.MultiDiGraph:
    """The drawable graph of an RDF graph in the public schema.

    Nodes are entity and action IRIs (str) with ``kind`` ("entity" or
    "action"), ``cls``, ``label``, ``aliases``, ``evidence`` (a list of
    ``(text, article IRI)``, in text order, without repeats) and ``articles``
    (the articles that mention it or hold its evidence). Edges are keyed by
    their ``label``; membership edges carry their own ``evidence`` and
    ``articles``.
    """
    view = nx.MultiDiGraph()
    evidence = _evidence_index(rdf)
    actions = _action_nodes(rdf)
    for node in _entity_nodes(rdf, actions):
        _add_entity(view, rdf, node)
    for node in sorted(actions):
        _add_action(view, rdf, node, actions[node], evidence)
    for membership in sorted(set(rdf.subjects(RDF.type, ORG.Membership))):
        _add_membership(view, rdf, membership, evidence)
    for prop, label in RELATIONS.items():
        for subject, obj in sorted(rdf.subject_objects(prop)):
            _ensure_entity(view, rdf, subject)
            _ensure_entity(view, rdf, obj)
            view.add_edge(str(subject), str(obj), key=label, label=label, role=label)
    for art, entity in rdf.subject_objects(KG.mentions):
        if str(entity) in view:
            view.nodes[str(entity)]["articles"].add(str(art))
    for *_, attrs in [*view.nodes(data=True), *view.edges(data=True)]:
        if "evidence" in attrs:
            attrs["evidence"] = _order_evidence(attrs["evidence"])
    view.graph["articles"] = _article_titles(rdf)
    return view


def _local_name(iri: URIRef) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _is_kg_term(iri) -> bool:
    return isinstance(iri, URIRef) and str(iri).startswith(str(KG._NS))


def _evidence_index(rdf: Graph) -> dict[URIRef, tuple[str, int, str]]:
    """Evidence node → (article IRI, start offset, sentence)."""
    index = {}
    for node, text in rdf.subject_objects(KG.text):
        start = rdf.value(node, KG.start)
        index[node] = (str(rdf.value(node, KG.article) or ""),
                       int(start.toPython()) if start is not None else 0, str(text))
    return index


def _action_nodes(rdf: Graph) -> dict[URIRef, str]:
    """Action IRI → its class: anything with evidence that is not a membership,
    and anything typed with a known action class (more may be added later)."""
    actions = {}
    memberships = set(rdf.subjects(RDF.type, ORG.Membership))
    candidates = set(rdf.subjects(PROV.wasDerivedFrom, None)) - memberships \
        - set(rdf.subjects(RDF.type, KG.RelationStatement))
    for name in ACTION_STYLES:
        candidates |= set(rdf.subjects(RDF.type, KG[name]))
    for node in candidates:
        classes = sorted(_local_name(t) for t in rdf.objects(node, RDF.type)
                         if _is_kg_term(t) and t != KG.Action)
        actions[node] = classes[0] if classes else "Action"
    return actions


def _entity_nodes(rdf: Graph, actions: dict) -> list[URIRef]:
    """Everything typed with a kg class that is not an article, evidence, membership or action."""
    nodes = {s for s, t in rdf.subject_objects(RDF.type)
             if _is_kg_term(t) and t not in NOT_ENTITIES and isinstance(s, URIRef)}
    return sorted(nodes - set(actions) - set(rdf.subjects(RDF.type, ORG.Membership)))


def _entity_class(rdf: Graph, node: URIRef) -> str:
    classes = sorted(_local_name(t) for t in rdf.objects(node, RDF.type)
                     if _is_kg_term(t) and t not in NOT_ENTITIES)
    known = [c for c in classes if c in ENTITY_STYLES and c != "Organization"]
    return (known or classes or ["Entity"])[0]


def _add_entity(view: nx.MultiDiGraph, rdf: Graph, node: URIRef) -> None:
    label = rdf.value(node, RDFS.label)
    party = rdf.value(node, KG.isPartyMember)
    view.add_node(str(node), kind="entity", cls=_entity_class(rdf, node),
                  label=str(label) if label is not None else _local_name(node),
                  aliases=sorted({str(a) for a in rdf.objects(node, SKOS.altLabel)} - {str(label)}),
                  party=party is not None and party.toPython() is True,
                  posts=[], evidence=set(), articles=set())


def _ensure_entity(view: nx.MultiDiGraph, rdf: Graph, node) -> str:
    """A node referred to by a fact but never typed still gets drawn, as a plain entity."""
    if str(node) not in view:
        _add_entity(view, rdf, node)
    return str(node)


def _add_evidence(attrs: dict, items: Iterable[tuple[str, int, str]]) -> None:
    """Add ``(article IRI, start, sentence)`` items to a node's or edge's evidence and articles."""
    items = list(items)
    attrs["evidence"].update(items)
    attrs["articles"].update(art for art, _, _ in items if art)


def _order_evidence(items: set[tuple[str, int, str]]) -> list[tuple[str, str]]:
    """Evidence in text order, each sentence once: ``[(sentence, article IRI), …]``."""
    seen, ordered = set(), []
    for art, _, text in sorted(items):
        if text not in seen:
            seen.add(text)
            ordered.append((text, art))
    return ordered


def _facts_evidence(rdf: Graph, fact: URIRef, evidence: dict) -> list[tuple[str, int, str]]:
    return [evidence[ev] for ev in rdf.objects(fact, PROV.wasDerivedFrom) if ev in evidence]


def _add_action(view: nx.MultiDiGraph, rdf: Graph, node: URIRef, cls: str, evidence: dict) -> None:
    trigger = rdf.value(node, KG.trigger)
    amount = rdf.value(node, KG.amount)
    date = rdf.value(node, KG.date)
    name = rdf.value(node, RDFS.label)
    attrs = dict(kind="action", cls=cls, aliases=[], posts=[], party=False, evidence=set(), articles=set(),
                 label=str(trigger) if trigger else _style(cls, "action")[0],
                 name=str(name) if name else "",
                 amount=float(amount.toPython()) if amount is not None else None,
                 date=str(date) if date is not None else None)
    if attrs["amount"] is not None:
        attrs["label"] += f" {_yuan(attrs['amount'])}"
    view.add_node(str(node), **attrs)
    items = _facts_evidence(rdf, node, evidence)
    _add_evidence(view.nodes[str(node)], items)
    for prop, (role, direction) in ACTION_ROLES.items():
        for party in sorted(rdf.objects(node, prop)):
            entity = _ensure_entity(view, rdf, party)
            ends = (entity, str(node)) if direction == "in" else (str(node), entity)
            view.add_edge(*ends, key=role, label=role, role=role)
            _add_evidence(view.nodes[entity], items)


def _yuan(amount: float) -> str:
    """20000 → 2万元, 4500 → 4500元: as the papers write it."""
    return f"{amount / 10000:g}万元" if amount >= 10000 else f"{amount:g}元"


def _add_membership(view: nx.MultiDiGraph, rdf: Graph, membership: URIRef, evidence: dict) -> None:
    """A person→organization edge labelled with the title; a post without an
    organization is listed on the person only."""
    person = rdf.value(membership, ORG.member)
    if person is None:
        return
    person = _ensure_entity(view, rdf, person)
    title = rdf.value(membership, KG.title)
    title = str(title) if title is not None else "成员"
    org = rdf.value(membership, ORG.organization)
    items = _facts_evidence(rdf, membership, evidence)
    _add_evidence(view.nodes[person], items)
    if org is None:
        post = title
    else:
        org = _ensure_entity(view, rdf, org)
        _add_evidence(view.nodes[org], items)
        key = f"membership:{title}"
        if not view.has_edge(person, org, key):
            view.add_edge(person, org, key=key, label=title, role="membership", evidence=set(), articles=set())
        _add_evidence(view.edges[person, org, key], items)
        post = f"{title} · {view.nodes[org]['label']}"
    if post not in view.nodes[person]["posts"]:
        view.nodes[person]["posts"].append(post)


def _article_titles(rdf: Graph) -> dict[str, tuple[str, str]]:
    """Article IRI → (title, source file)."""
    return {str(art): (str(rdf.value(art, DCTERMS.title) or ""), str(rdf.value(art, DCTERMS.source) or ""))
            for art in rdf.subjects(RDF.type, KG.Article)}


def _style(cls: str, kind: str) -> tuple[str, str, str]:
    """(Chinese name, colour, shape) of a class; classes added to the ontology later get a grey default."""
    if kind == "action":
        return ACTION_STYLES.get(cls, OTHER_ACTION_STYLE)
    return ENTITY_STYLES.get(cls, OTHER_ENTITY_STYLE)


# ---------------------------------------------------------------- choosing what to draw

def select(view: nx.MultiDiGraph, *, focus: str | None = None, depth: int = 1,
           types: str | Iterable[str] | None = None, article: str | None = None) -> nx.MultiDiGraph:
    """The part of ``view`` to draw: one article's, then the classes kept, then
    the neighbourhood of ``focus``. Each is skipped when not given."""
    if article is not None:
        view = article_subgraph(view, article)
    if types:
        view = types_subgraph(view, types)
    if focus is not None:
        view = focus_subgraph(view, focus, depth)
    return view


def _subgraph(view: nx.MultiDiGraph, nodes: Iterable[str]) -> nx.MultiDiGraph:
    sub = view.subgraph(nodes).copy()
    sub.graph.update(view.graph)
    return sub


def article_iris(view: nx.MultiDiGraph, article: str) -> set[str]:
    """The article IRIs an id names: a full IRI, ``file#index``, ``file/index`` or a source file name."""
    titles = view.graph.get("articles", {})
    name, sep, index = article.rpartition("#")
    candidates = {article, str(ID[f"article/{iri_segment(article)}"])}
    if sep:
        candidates.add(str(ID[f"article/{iri_segment(name)}/{index}"]))
    found = {iri for iri, (_, source) in titles.items() if iri in candidates or source == article}
    if not found:
        known = sorted(f"{source}#{iri.rsplit('/', 1)[-1]}" for iri, (_, source) in titles.items())
        raise KGError(f"no article {article!r} in the graph"
                      + (f" (articles: {', '.join(known[:5])}{', …' if len(known) > 5 else ''})" if known else ""))
    return found


def article_subgraph(view: nx.MultiDiGraph, article: str) -> nx.MultiDiGraph:
    """What one article mentions and its facts: nodes the article mentions or
    holds evidence for, memberships from it, and relations among those nodes."""
    wanted = article_iris(view, article)
    sub = _subgraph(view, [n for n, attrs in view.nodes(data=True) if attrs["articles"] & wanted])
    foreign = [(u, v, k) for u, v, k, attrs in sub.edges(keys=True, data=True)
               if attrs.get("articles") and not attrs["articles"] & wanted]
    sub.remove_edges_from(foreign)
    return sub


def known_classes(view: nx.MultiDiGraph) -> set[str]:
    return set(ENTITY_STYLES) | set(ACTION_STYLES) | set(SUPERCLASSES) | {
        attrs["cls"] for _, attrs in view.nodes(data=True)}


def parse_types(types: str | Iterable[str], known: set[str]) -> set[str]:
    """``"Person, kg:Company"`` → {"Person", "Company"}, superclasses expanded;
    a name that is no class raises ``KGError``."""
    names = types.split(",") if isinstance(types, str) else list(types)
    by_lower = {k.lower(): k for k in known}
    classes = set()
    for raw in names:
        name = raw.strip().removeprefix("kg:")
        if not name:
            continue
        if name.lower() not in by_lower:
            raise KGError(f"unknown class {raw.strip()!r} in --types (classes: {', '.join(sorted(known))})")
        name = by_lower[name.lower()]
        classes.update(SUPERCLASSES.get(name, (name,)))
    return classes


def types_subgraph(view: nx.MultiDiGraph, types: str | Iterable[str]) -> nx.MultiDiGraph:
    """Keep the named classes. Naming no action class keeps the actions among
    the kept entities; naming only action classes keeps the entities that take
    part in them. Actions left with no party are dropped."""
    classes = parse_types(types, known_classes(view))
    kinds = {n: attrs["kind"] for n, attrs in view.nodes(data=True)}
    action_classes = classes & (set(ACTION_STYLES) | {"Action"} | {
        view.nodes[n]["cls"] for n in view if kinds[n] == "action"})
    entity_classes = classes - action_classes
    actions = {n for n in view if kinds[n] == "action"
               and (not action_classes or view.nodes[n]["cls"] in action_classes)}
    if entity_classes:
        entities = {n for n in view if kinds[n] == "entity" and view.nodes[n]["cls"] in entity_classes}
    elif action_classes:
        entities = {m for n in actions for m in nx.all_neighbors(view, n)}
    else:
        entities = {n for n in view if kinds[n] == "entity"}
    actions = {n for n in actions if any(m in entities for m in nx.all_neighbors(view, n))}
    return _subgraph(view, entities | actions)


def focus_nodes(view: nx.MultiDiGraph, name: str) -> list[str]:
    """The entities whose label, alias or IRI is ``name`` (homonyms give several)."""
    found = [n for n, attrs in view.nodes(data=True) if attrs["kind"] == "entity"
             and (attrs["label"] == name or name in attrs["aliases"] or n == name)]
    if not found:
        raise KGError(f"no entity named {name!r} in the graph")
    return found


def focus_subgraph(view: nx.MultiDiGraph, name: str, depth: int = 1) -> nx.MultiDiGraph:
    """The entities within ``depth`` hops of the entity called ``name``.

    An action sits half a hop from each of its parties, so depth 1 around a
    person shows what they did and to whom.
    """
    if depth < 0:
        raise KGError(f"--depth must be 0 or more, not {depth}")
    kinds = nx.get_node_attributes(view, "kind")

    def hop(u, v, _):
        return 0.5 if "action" in (kinds[u], kinds[v]) else 1.0

    reach = nx.multi_source_dijkstra_path_length(view.to_undirected(as_view=True),
                                                 set(focus_nodes(view, name)), cutoff=depth, weight=hop)
    return _subgraph(view, reach)


def scope_text(focus, depth, types, article) -> str:
    """One line telling what part of the graph the page shows."""
    parts = []
    if article is not None:
        parts.append(f"报道 {article}")
    if types:
        parts.append("类型 " + (types if isinstance(types, str) else ",".join(types)))
    if focus is not None:
        parts.append(f"围绕「{focus}」{depth} 度")
    return "；".join(parts) or "全图"


# ---------------------------------------------------------------- the page

def page_data(view: nx.MultiDiGraph, *, subtitle: str = "全图", large: bool | None = None,
              focus: Iterable[str] = (), communities: bool | None = None) -> dict:
    """The JSON the page draws: classes (legend), nodes, edges, articles,
    mode, the focus entities and the communities.

    Nodes and edges are numbered in the view's order; the page sizes nodes
    by their ``degree``. ``communities`` (default: when more than
    ``LARGE_GRAPH_NODES`` nodes have links) finds Louvain communities, lays
    them out as groups and has the page open with them collapsed.
    """
    large = view.number_of_nodes() > LARGE_GRAPH_NODES if large is None else large
    linked = sum(1 for node in view if view.degree(node))
    communities = linked > LARGE_GRAPH_NODES if communities is None else communities
    iterations = 150 if large else 80
    groups = louvain_groups(view) if communities else []
    if groups:
        positions, centres = community_layout(view, groups, iterations=iterations)
    else:
        positions, centres = force_layout(view, iterations=iterations), []
    index = {node: i for i, node in enumerate(view.nodes)}
    articles = sorted({art for _, attrs in view.nodes(data=True) for _, art in attrs["evidence"]})
    article_index = {art: i for i, art in enumerate(articles)}
    titles = view.graph.get("articles", {})
    counts = Counter((attrs["cls"], attrs["kind"]) for _, attrs in view.nodes(data=True))
    return {
        "mode": "precomputed" if large else "physics",
        "subtitle": subtitle,
        "classes": [_class_entry(cls, kind, counts[cls, kind]) for cls, kind in _legend_order(counts)],
        "articles": [list(titles.get(art, ("", art))) for art in articles],
        "nodes": [_node_entry(node, attrs, index, positions, view.degree(node), article_index)
                  for node, attrs in view.nodes(data=True)],
        "edges": [_edge_entry(u, v, attrs, index, article_index) for u, v, attrs in view.edges(data=True)],
        "focus": [index[node] for node in focus if node in index],
        "communities": [_community_entry(view, group, index, centre) for group, centre in zip(groups, centres)],
        "collapsed": bool(groups),
        # A corpus overview opens on its largest connected part: the hundreds of pairs and
        # triples around it are one zoom-out away, and would otherwise shrink it to a speck.
        "opening": sorted(index[n] for n in _largest_component(view)) if groups else [],
    }


def _largest_component(view: nx.MultiDiGraph) -> set[str]:
    return max(nx.weakly_connected_components(view), key=len, default=set())


def _community_entry(view: nx.MultiDiGraph, group: list[str], index: dict, centre) -> dict:
    """A community as the page collapses it: named after its best-linked entities."""
    ranked = sorted(group, key=lambda n: (view.nodes[n]["kind"] != "entity", -view.degree(n), view.nodes[n]["label"]))
    top = [view.nodes[n]["label"] for n in ranked[:10]]
    return {"label": f"{'、'.join(top[:2])} 等 {len(group)}", "size": len(group), "top": top,
            "members": sorted(index[n] for n in group), "x": centre[0], "y": centre[1]}


def _legend_order(classes: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Entities before actions, known classes in the styles' order, others after them by name."""
    order = list(ENTITY_STYLES) + list(ACTION_STYLES)
    return sorted(classes, key=lambda c: (c[1] == "action", order.index(c[0]) if c[0] in order else len(order), c[0]))


def _class_entry(cls: str, kind: str, count: int) -> dict:
    zh, color, shape = _style(cls, kind)
    return {"id": cls, "zh": zh, "color": color, "shape": shape, "kind": kind, "count": count}


def _node_entry(node, attrs, index, positions, degree, article_index) -> dict:
    entry = {"id": index[node], "iri": node, "label": attrs["label"], "cls": attrs["cls"],
             "kind": attrs["kind"], "degree": degree, "aliases": attrs["aliases"], "posts": attrs["posts"],
             "evidence": [[text, article_index[art]] for text, art in attrs["evidence"]]}
    if node in positions:
        entry["x"], entry["y"] = positions[node]
    if attrs.get("party"):
        entry["party"] = True
    for key in ("name", "amount", "date"):
        if attrs.get(key) is not None and attrs.get(key) != "":
            entry[key] = attrs[key]
    return entry


def _edge_entry(u, v, attrs, index, article_index) -> dict:
    return {"from": index[u], "to": index[v], "label": attrs["label"], "role": attrs["role"],
            "evidence": [[text, article_index.get(art, -1)] for text, art in attrs.get("evidence", [])]}


def script_json(data: dict) -> str:
    """JSON safe inside a <script> element: no ``</script>``, ``<!--`` or
    line separators can end it early or turn data into markup."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def vis_network_js() -> str:
    """vis-network's minified JavaScript, as bundled in the pyvis package
    (found without importing pyvis, whose import pulls in IPython)."""
    spec = find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise KGError("the pyvis package is not installed: it provides vis-network for the graph view")
    path = Path(list(spec.submodule_search_locations)[0]) / VIS_JS
    return path.read_text(encoding="utf-8").replace("</script", "<\\/script")


def page_html(view: nx.MultiDiGraph, *, subtitle: str = "全图", large: bool | None = None,
              focus: Iterable[str] = (), communities: bool | None = None) -> tuple[str, ViewStats]:
    """The self-contained HTML page of ``view`` and its stats (see ``page_data``)."""
    data = page_data(view, subtitle=subtitle, large=large, focus=focus, communities=communities)
    template = resources.files("kg").joinpath("data/view.html").read_text(encoding="utf-8")
    html = (template.replace("/*KG:VIS*/", vis_network_js(), 1)
            .replace("/*KG:DATA*/", script_json(data), 1))
    isolated = sum(1 for node in data["nodes"] if not node["degree"])
    return html, ViewStats(view.number_of_nodes(), view.number_of_edges(), data["mode"],
                           len(data["communities"]), isolated)
