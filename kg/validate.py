"""Check a graph against the ontology's SHACL shapes (ontology/shapes.ttl).

``validate_graph`` runs pySHACL without inference, with ontology/kg.ttl
mixed in so that ``sh:class kg:Organization`` accepts a ``kg:Company``.
Results come back as data with readable names (``id:person/宋洁``,
``org:member``), not as a report graph.
"""
from __future__ import annotations

import multiprocessing
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.exceptions import ParserError
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.plugins.sparql import prepareQuery

from .resources import shipped

ONTOLOGY_DIR = shipped("ontology")
SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class Violation:
    """One validation result: which node broke which rule, where.

    ``focus``, ``path``, ``value`` and ``shape`` are readable names
    (``id:membership/….txt/0/1``, ``org:member``, ``kgsh:MembershipShape``).
    """
    focus: str
    path: str | None
    message: str
    shape: str
    value: str | None = None
    severity: str = "Violation"

    def __str__(self) -> str:
        where = self.focus + (f" {self.path}" if self.path else "")
        value = f" = {self.value}" if self.value is not None and self.value != self.focus else ""
        return f"{self.severity}: {where}{value}\n    {self.message} [{self.shape}]"


@dataclass
class ValidationReport:
    """The outcome of a validation: conforms when there is no Violation (Warnings allowed)."""
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    warnings: list[Violation] = field(default_factory=list)
    triples: int = 0
    seconds: float = 0.0
    focus: int | None = None        # nodes checked, when only those a change touched were

    def text(self) -> str:
        """A readable report: a summary line, then one entry per result."""
        counts = [_plural(len(self.violations), "violation"), _plural(len(self.warnings), "warning")]
        scope = f"{self.triples:,} triples" if self.focus is None else \
            f"the {_plural(self.focus, 'node')} changes touched of {self.triples:,} triples"
        head = (f"{'conforms' if self.conforms else 'does not conform'}: {', '.join(counts)} "
                f"in {scope} ({self.seconds:.2f} s)")
        return "\n".join([head, *map(str, self.violations + self.warnings)])


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@lru_cache(maxsize=1)
def load_shapes() -> tuple[Graph, Graph]:
    """The shapes graph and the ontology graph, parsed once per process."""
    return (Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle"),
            Graph().parse(ONTOLOGY_DIR / "kg.ttl", format="turtle"))


def shapes_fingerprint() -> str:
    """The shapes and ontology in force: a graph that conformed to others must be checked again."""
    import hashlib
    digest = hashlib.sha256()
    for name in ("shapes.ttl", "kg.ttl"):
        digest.update((ONTOLOGY_DIR / name).read_bytes())
    return digest.hexdigest()


def validate_graph(graph: Graph, focus: Iterable[URIRef] | None = None, processes: int = 1) -> ValidationReport:
    """Validate ``graph`` against the shapes (only the ``focus`` nodes, if given);
    the graph is left as it was.

    With ``processes`` above 1 a whole validation is shared out by shape among
    forked copies of this process (where the system forks), which see the graph
    without it being copied or sent.
    """
    started = time.perf_counter()
    focus = None if focus is None else sorted(focus)
    if focus == []:
        return ValidationReport(conforms=True, triples=len(graph), focus=0)
    if processes > 1 and focus is None and "fork" in multiprocessing.get_all_start_methods():
        found = _forked_results(graph, processes)
    else:
        found = _results_of(graph, focus=focus)
    # set(): two constraints of one property shape (datatype, language) share one message
    found = sorted(set(found), key=lambda v: (v.severity != "Violation", v.focus,
                                              v.path or "", v.message, v.value or ""))
    violations = [v for v in found if v.severity == "Violation"]
    return ValidationReport(conforms=not violations, violations=violations,
                            warnings=[v for v in found if v.severity != "Violation"],
                            triples=len(graph), seconds=time.perf_counter() - started,
                            focus=None if focus is None else len(focus))


def _results_of(graph: Graph, focus=None, shapes_used=None) -> list[Violation]:
    from pyshacl import validate  # heavy; only when validating

    shapes, ontology = load_shapes()
    # The shapes read the class hierarchy (a/rdfs:subClassOf*), so the ontology goes
    # into the graph checked: into ours, not into a copy of it (a copy costs a third
    # of the memory and time), and out again after. Its blank nodes (the unions of
    # domains and ranges) no shape reads, and they stay out: what pySHACL would mix
    # in, it would rename, and finding them again costs two passes over the graph.
    mixed = [t for t in ontology if t not in graph and not any(isinstance(n, BNode) for n in t)]
    for triple in mixed:
        graph.add(triple)
    try:
        targeted = None if focus is None else _targeting(shapes, graph, focus)
        # do_owl_imports=False (pySHACL's default, pinned): an owl:imports is never fetched
        _, results, _ = validate(graph, shacl_graph=shapes if targeted is None else targeted, ont_graph=None,
                                 inference="none", allow_warnings=True, abort_on_first=False, meta_shacl=False,
                                 advanced=True, inplace=True, use_shapes=shapes_used, do_owl_imports=False,
                                 focus_nodes=focus if targeted is None else None)
    finally:
        for triple in mixed:
            graph.remove(triple)
    return list(_results(results, shapes))


def _targeting(shapes: Graph, graph: Graph, focus: list[URIRef]) -> Graph | None:
    """``shapes`` with every target replaced by the ``focus`` nodes it takes in
    (``sh:targetNode``); None if a shape targets in a way not known here.

    pySHACL's own focus option keeps a shape's targets that are focus nodes by
    a scan of the focus list for each (minutes, for a thousand nodes among a
    hundred thousand triples), and a SPARQL target is a query over the whole
    graph: seconds, for a check of twenty nodes. On each node it checks,
    pySHACL also parses a SPARQL constraint's query again (10 ms a time). The
    SPARQL constraints of shapes.ttl decide alone: a node breaks the rule when
    one of them matches it. Each is therefore parsed once here and run on every
    focus node, and pySHACL checks, and reports, only the nodes that break it.
    """
    if any((None, RDF.type, kind) in shapes for kind in (RDFS.Class, OWL.Class)):
        return None                       # implicit class targets
    nodes = set(focus)
    targeted = Graph()
    targeted += shapes
    for shape, how, target in list(targeted.triples((None, None, None))):
        if how not in TARGETS:
            continue
        if how == SH.target:
            if (target, RDF.type, SH.SPARQLTarget) not in targeted:
                return None
            queries = [_constraint_query(targeted, c) for c in targeted.objects(shape, SH.sparql)]
            if None in queries:
                return None
            taken = [n for n in focus if any(graph.query(q, initBindings={"this": n}) for q in queries)]
        elif how == SH.targetClass:
            classes = set(graph.transitive_subjects(RDFS.subClassOf, target))
            taken = [n for n in focus if any(t in classes for t in graph.objects(n, RDF.type))]
        elif how == SH.targetSubjectsOf:
            taken = [n for n in focus if (n, target, None) in graph]
        elif how == SH.targetObjectsOf:
            taken = [n for n in focus if (None, target, n) in graph]
        else:
            taken = [target] if target in nodes else []
        targeted.remove((shape, how, target))
        for node in taken:
            targeted.add((shape, SH.targetNode, node))
    return targeted


TARGETS = {SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target}


def _constraint_query(shapes: Graph, constraint):
    """A SPARQL constraint's SELECT, parsed with its declared prefixes; None if it
    needs more than $this bound (pySHACL's $PATH, $currentShape …)."""
    text = str(shapes.value(constraint, SH.select))
    if re.search(r"\$(?!this\b)\w", text):
        return None
    namespaces = {str(shapes.value(d, SH.prefix)): str(shapes.value(d, SH.namespace))
                  for prefixes in shapes.objects(constraint, SH.prefixes)
                  for d in shapes.objects(prefixes, SH.declare)}
    return prepareQuery(text, initNs=namespaces)


def _forked_results(graph: Graph, processes: int) -> list[Violation]:
    shapes, _ = load_shapes()
    names = sorted(str(s) for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef))
    shares = [names[k::processes] for k in range(processes)]
    context = multiprocessing.get_context("fork")
    pipes = []
    for share in shares[1:]:
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_validate_share, args=(graph, share, send), daemon=True)
        child.start()
        send.close()
        pipes.append((child, receive))
    found = _results_of(graph, shapes_used=shares[0])
    for child, receive in pipes:
        try:
            outcome = receive.recv()
        except EOFError:
            outcome = RuntimeError("a validating process ended without an answer")
        child.join()
        if isinstance(outcome, BaseException):
            raise outcome
        found.extend(outcome)
    return found


def _validate_share(graph: Graph, share: list[str], send) -> None:
    try:
        send.send(_results_of(graph, shapes_used=share))
    except BaseException as error:     # the parent raises it
        send.send(RuntimeError(f"validation failed: {error}"))
    finally:
        send.close()


# Above this share of changed triples a whole validation costs no more than a partial one.
WHOLE_ABOVE = 0.2
# …nor when the changes touched more than one node per 20 triples, and more than 1,000:
# a node checked alone costs 2 ms, a whole check of 155 K triples (26 K nodes) 15 s in
# two processes, 20 s in one
FOCUS_PER_TRIPLE, FOCUS_FEWEST = 1 / 20, 1000


def triple_lines(ntriples: bytes) -> set[str]:
    """The lines of a graph's N-Triples (``export.ntriples_of``): what ``validate_changes`` compares."""
    return set(ntriples.decode("utf-8").split("\n")) - {""}


def validate_changes(graph: Graph, lines: set[str], conformed: set[str] | None,
                     processes: int = 1) -> ValidationReport:
    """Validate ``graph`` (``lines``: its ``triple_lines``) knowing that a graph of the
    triples ``conformed`` conformed: only the nodes the difference can judge otherwise.

    Those are the subjects and objects of every triple added or removed, and every
    node with an edge to one of them: a shape judges a node by its own triples, its
    values' types and classes, and who points at it, all of which that covers. The
    whole graph is validated when there is no earlier graph, when a blank node
    changed, or when much changed (in ``processes``, as ``validate_graph``).
    """
    if conformed is None:
        return validate_graph(graph, processes=processes)
    added, removed = lines - conformed, conformed - lines
    if len(added) + len(removed) > WHOLE_ABOVE * max(len(lines), 1):
        return validate_graph(graph, processes=processes)
    try:
        changed = Graph().parse(data="\n".join([*added, *removed]), format="nt") if added or removed else ()
    except ParserError:     # lines another kg wrote, or a damaged cache: trust none of it
        return validate_graph(graph, processes=processes)
    touched, classes = set(), set()
    for s, p, o in changed:
        touched.add(s)
        if not isinstance(o, Literal):
            touched.add(o)
        if p == RDF.type:
            classes.add(o)
    if any(isinstance(node, BNode) for node in touched):
        return validate_graph(graph, processes=processes)
    focus = set(touched)
    for node in touched - classes:      # every instance points at its class: kg:Article, at every article
        focus.update(graph.subjects(None, node))
    focus = {n for n in focus if isinstance(n, URIRef)}
    if len(focus) > max(FOCUS_FEWEST, FOCUS_PER_TRIPLE * len(lines)):
        return validate_graph(graph, processes=processes)
    return validate_graph(graph, focus=focus)


def _results(results: Graph, shapes: Graph):
    from .query import prefixed_name

    def name(node) -> str | None:
        if node is None:
            return None
        if isinstance(node, URIRef):
            return prefixed_name(str(node))
        if isinstance(node, BNode):
            return f"_:{node}"
        text = str(node).replace("\n", "\\n")
        if node.language:
            return f'"{text}"@{node.language}'
        if node.datatype is not None:
            return f'"{text}"^^{prefixed_name(str(node.datatype))}'
        return f'"{text}"'

    for result in results.subjects(RDF.type, SH.ValidationResult):
        path = results.value(result, SH.resultPath)
        shape = results.value(result, SH.sourceShape)
        yield Violation(
            focus=name(results.value(result, SH.focusNode)),
            path=_path_text(results, path, name) if path is not None else None,
            message=str(results.value(result, SH.resultMessage) or "violates the shape"),
            shape=name(_named_shape(shapes, shape)),
            value=name(results.value(result, SH.value)),
            severity=SEVERITIES.get(results.value(result, SH.resultSeverity), "Violation"),
        )


def _named_shape(shapes: Graph, shape):
    """The node shape a blank property shape belongs to, so the report names a rule."""
    if isinstance(shape, BNode):
        return shapes.value(predicate=SH.property, object=shape) or shape
    return shape


def _path_text(graph: Graph, path, name) -> str:
    """A SHACL property path as SPARQL-like text: ``org:member``, ``^prov:wasDerivedFrom``, ``a/b``."""
    if isinstance(path, URIRef):
        return name(path)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_text(graph, inverse, name)
    if graph.value(path, RDF.first) is not None:
        return "/".join(_path_text(graph, step, name) for step in Collection(graph, path))
    for key, mark in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = graph.value(path, key)
        if inner is not None:
            return f"({_path_text(graph, inner, name)}){mark}"
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(_path_text(graph, step, name) for step in Collection(graph, alternatives))
    return str(path)
