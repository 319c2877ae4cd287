"""A built graph as a property graph, for Neo4j and for Ladybug (Kùzu's maintained fork).

The model, for Cypher users:

- **Nodes**: every entity, article, action and post (``org:Membership``,
  label ``Post``), labelled by its most specific class (``Person``,
  ``PartyOrganization``, ``Donation``, ``Article``); in Neo4j also by the
  classes above it (``:PartyOrganization:Organization:Entity``). Evidence
  and relation statements are not nodes.
- **Properties**: ``id``, the node's IRI, and each literal it has, named by
  its predicate in snake case (``rdfs:label`` → ``name``, ``skos:altLabel``
  → ``aliases``, ``kg:isPartyMember`` → ``is_party_member``), typed
  (boolean, integer, float, date; string otherwise). Several values of one
  property are joined by a line break. A fact (an action or a post) has
  ``evidence``, its sentences, and ``sources``, their files.
- **Relationships**: every triple between two of those nodes, in its RDF
  direction, typed by its predicate (``kg:agent`` → ``AGENT``,
  ``org:member`` → ``MEMBER``, ``kg:locatedIn`` → ``LOCATED_IN``; ``HAS_`` before
  a type that is also a label, ``org:organization`` → ``HAS_ORGANIZATION``), so
  a post reads ``(:Post)-[:MEMBER]->(:Person)``, ``(:Post)-[:HAS_ORGANIZATION]->(…)``.

``write_property_graph`` writes a folder: ``nodes/<Label>.csv`` and
``relationships/<TYPE>-<From>-<To>.csv`` with neo4j-admin headers
(``id:ID``, ``is_party_member:boolean``, ``:START_ID``, ``:END_ID``);
``neo4j-import.sh``, the ``neo4j-admin database import full`` command for
them; ``neo4j-load.cypher``, the same by ``LOAD CSV`` into a running Neo4j;
and ``ladybug.cypher``, the schema and ``COPY`` statements for Ladybug and
Kùzu (which read the columns by position and ignore the headers).
"""
from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from .errors import KGError
from .files import cannot_write, check_writable, make_folders
from .validate import load_shapes
from .vocab import KG

NODE_CLASSES = {KG.Person, KG.Organization, KG.PartyOrganization, KG.GovernmentBody, KG.Company,
                KG.Community, KG.AdministrativeArea, KG.Entity, KG.Place, KG.Action, KG.Donation,
                KG.Inspection, KG.Meeting, KG.CheckpointDuty, KG.ResumptionOfWork, KG.Article, ORG.Membership}
LABEL_NAMES = {ORG.Membership: "Post"}
PROPERTY_NAMES = {RDFS.label: "name", SKOS.altLabel: "aliases"}
# neo4j-admin's header types, and Ladybug's column types, for each XSD type we write
TYPES = {XSD.boolean: ("boolean", "BOOLEAN"), XSD.integer: ("long", "INT64"),
         XSD.decimal: ("double", "DOUBLE"), XSD.date: ("date", "DATE")}
STRING = ("string", "STRING")


@dataclass
class Table:
    """The nodes of one label, or the relationships of one type between two labels."""
    name: str
    columns: list[tuple[str, tuple[str, str]]]      # (property, (neo4j type, Ladybug type))
    rows: list[list] = field(default_factory=list)
    labels: tuple[str, ...] = ()                    # nodes: the label, then the classes above it
    ends: tuple[str, str] | None = None             # relationships: (from label, to label)

    @property
    def path(self) -> str:
        if self.ends is None:
            return f"nodes/{self.name}.csv"
        return f"relationships/{self.name}-{self.ends[0]}-{self.ends[1]}.csv"


@dataclass
class PropertyGraph:
    nodes: list[Table]
    relationships: list[Table]


def property_graph(graph: Graph) -> PropertyGraph:
    """``graph`` as node and relationship tables (see the module docstring)."""
    label = {node: _label(types) for node, types in _typed_nodes(graph).items()}
    properties: dict = defaultdict(lambda: defaultdict(list))
    for s, p, o in graph:
        if s in label and isinstance(o, Literal):
            properties[s][_property_name(p)].append(o)
    for fact, evidence in graph.subject_objects(PROV.wasDerivedFrom):
        if fact in label:
            source = graph.value(graph.value(evidence, KG.article), DCTERMS.source)
            start = graph.value(evidence, KG.start)
            properties[fact]["_evidence"].append((str(source or ""), int(start or 0),
                                                  str(graph.value(evidence, KG.text) or "")))
    by_label: dict[str, list] = defaultdict(list)
    for node in sorted(label):
        by_label[label[node][0]].append(node)
    nodes = [_node_table(name, label[members[0]], members, properties) for name, members in sorted(by_label.items())]
    edges: dict[tuple, list] = defaultdict(list)
    for s, p, o in graph:
        if s in label and o in label and p != RDF.type:
            edges[(_relationship_type(p), label[s][0], label[o][0])].append([str(s), str(o)])
    relationships = [Table(kind, [], sorted(rows), ends=(start, end))
                     for (kind, start, end), rows in sorted(edges.items())]
    return PropertyGraph(nodes, relationships)


def _typed_nodes(graph: Graph) -> dict:
    types: dict = defaultdict(set)
    for node, cls in graph.subject_objects(RDF.type):
        if cls in NODE_CLASSES and isinstance(node, URIRef):
            types[node].add(cls)
    return types


@lru_cache(maxsize=1)
def _superclasses() -> dict:
    _, ontology = load_shapes()
    return {cls: {c for c in ontology.transitive_objects(cls, RDFS.subClassOf) if c != cls and c in NODE_CLASSES}
            for cls in NODE_CLASSES}


def _label(types: set) -> tuple[str, ...]:
    """The most specific class first (the first by name, if two are), then every class above."""
    above = _superclasses()
    specific = sorted((t for t in types if not any(t in above[other] for other in types)), key=_class_name)
    labels = [_class_name(specific[0])]
    for cls in sorted({c for t in types for c in above[t] | {t}}, key=_class_name):
        if _class_name(cls) not in labels:
            labels.append(_class_name(cls))
    return tuple(labels)


def _class_name(cls: URIRef) -> str:
    return LABEL_NAMES.get(cls) or re.split(r"[#/]", str(cls))[-1]


def _property_name(predicate: URIRef) -> str:
    return PROPERTY_NAMES.get(predicate) or _snake(predicate)


def _relationship_type(predicate: URIRef) -> str:
    name = _snake(predicate).upper()
    # Ladybug's catalog ignores case: a type may not be named as a label (org:organization)
    return f"HAS_{name}" if name in {_class_name(c).upper() for c in NODE_CLASSES} else name


def _snake(iri: URIRef) -> str:
    local = re.split(r"[#/]", str(iri))[-1]
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", local).lower()


def _node_table(name: str, labels: tuple[str, ...], members: list, properties: dict) -> Table:
    keys = sorted({key for node in members for key in properties[node] if key != "_evidence"},
                  key=lambda k: (k != "name", k))
    has_evidence = any(properties[node].get("_evidence") for node in members)
    columns = [("id", STRING)] + [(key, _column_type(members, properties, key)) for key in keys]
    if has_evidence:
        columns += [("evidence", STRING), ("sources", STRING)]
    rows = []
    for node in members:
        values = properties[node]
        row = [str(node)] + [_cell(values.get(key, []), kind) for key, kind in columns[1:1 + len(keys)]]
        if has_evidence:
            evidence = sorted(set(values.get("_evidence", [])))
            row += ["\n".join(text for _, _, text in evidence),
                    "\n".join(sorted({source for source, _, _ in evidence if source}))]
        rows.append(row)
    return Table(name, columns, rows, labels=labels)


def _column_type(members: list, properties: dict, key: str) -> tuple[str, str]:
    values = [v for node in members for v in [properties[node].get(key, [])] if v]
    kinds = {v[0].datatype for v in values}
    if len(kinds) == 1 and all(len(v) == 1 for v in values) and next(iter(kinds)) in TYPES:
        return TYPES[next(iter(kinds))]
    return STRING


def _cell(values: list, kind: tuple[str, str]):
    if not values:
        return ""
    if kind == STRING:
        return "\n".join(sorted(str(v) for v in values))
    value = values[0]
    return str(value).lower() if kind[0] == "boolean" else str(value)


# --------------------------------------------------------------------------
# Files

def write_property_graph(graph: Graph, folder: str | Path) -> Path:
    """Write the property graph of ``graph`` into ``folder`` (whole or not at all)."""
    folder = Path(folder)
    tables = property_graph(graph)
    if folder.exists() and not folder.is_dir():
        raise KGError("exists and is not a folder", path=str(folder))
    check_writable(folder.parent)
    try:
        make_folders(folder.parent)
        work = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    except OSError as error:
        raise cannot_write(error, folder) from None
    try:
        for table in tables.nodes + tables.relationships:
            target = work / table.path
            target.parent.mkdir(exist_ok=True)
            target.write_text(_csv(table), encoding="utf-8")
        (work / "neo4j-import.sh").write_text(neo4j_import_command(tables), encoding="utf-8")
        (work / "neo4j-load.cypher").write_text(neo4j_load_script(tables), encoding="utf-8")
        (work / "ladybug.cypher").write_text(ladybug_script(tables), encoding="utf-8")
        if folder.exists():
            shutil.rmtree(folder)
        work.rename(folder)
    except BaseException as error:
        shutil.rmtree(work, ignore_errors=True)
        if isinstance(error, OSError):
            raise cannot_write(error, folder) from None
        raise
    return folder


def _csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if table.ends is None:
        writer.writerow(["id:ID"] + [f"{name}:{kind[0]}" if kind != STRING else name
                                     for name, kind in table.columns[1:]])
    else:
        writer.writerow([":START_ID", ":END_ID"])
    writer.writerows(table.rows)
    return out.getvalue()


def neo4j_import_command(tables: PropertyGraph) -> str:
    lines = ["#!/bin/sh", "# Run in this folder, with Neo4j stopped; replaces the database 'neo4j'.",
             "neo4j-admin database import full neo4j --overwrite-destination --multiline-fields=true \\"]
    lines += [f"  --nodes={':'.join(t.labels)}={t.path} \\" for t in tables.nodes]
    lines += [f"  --relationships={t.name}={t.path} \\" for t in tables.relationships]
    lines[-1] = lines[-1].removesuffix(" \\")
    return "\n".join(lines) + "\n"


def neo4j_load_script(tables: PropertyGraph) -> str:
    """``LOAD CSV`` statements for a running Neo4j whose import folder holds these files."""
    statements = [f"CREATE CONSTRAINT IF NOT EXISTS FOR (n:{t.name}) REQUIRE n.id IS UNIQUE;" for t in tables.nodes]
    convert = {"boolean": "toBoolean({})", "long": "toInteger({})", "double": "toFloat({})", "date": "date({})"}
    for t in tables.nodes:
        assignments = []
        for name, kind in t.columns:
            header = "id:ID" if name == "id" else (name if kind == STRING else f"{name}:{kind[0]}")
            cell = f"row.`{header}`"
            value = convert[kind[0]].format(f"nullIf({cell}, '')") if kind[0] in convert else f"nullIf({cell}, '')"
            assignments.append(f"{name}: {value}")
        statements.append(f"LOAD CSV WITH HEADERS FROM 'file:///{t.path}' AS row\n"
                          f"CREATE (:{':'.join(t.labels)} {{{', '.join(assignments)}}});")
    for t in tables.relationships:
        start, end = t.ends
        statements.append(f"LOAD CSV WITH HEADERS FROM 'file:///{t.path}' AS row\n"
                          f"MATCH (a:{start} {{id: row.`:START_ID`}}), (b:{end} {{id: row.`:END_ID`}})\n"
                          f"CREATE (a)-[:{t.name}]->(b);")
    return "\n".join(statements) + "\n"


def ladybug_script(tables: PropertyGraph, folder: str = ".") -> str:
    """Ladybug (and Kùzu) statements: the schema, then ``COPY`` from the files under ``folder``."""
    statements = []
    for t in tables.nodes:
        columns = ", ".join(f"{name} {kind[1]}" for name, kind in t.columns)
        statements.append(f"CREATE NODE TABLE {t.name}({columns}, PRIMARY KEY(id));")
    pairs: dict[str, list] = defaultdict(list)
    for t in tables.relationships:
        pairs[t.name].append(t.ends)
    for name, ends in pairs.items():
        statements.append(f"CREATE REL TABLE {name}({', '.join(f'FROM {a} TO {b}' for a, b in ends)});")
    for t in tables.nodes:
        statements.append(f"COPY {t.name} FROM '{folder}/{t.path}' (header=true, parallel=false);")
    for t in tables.relationships:
        statements.append(f"COPY {t.name} FROM '{folder}/{t.path}' (header=true, from='{t.ends[0]}', to='{t.ends[1]}');")
    return "\n".join(statements) + "\n"
