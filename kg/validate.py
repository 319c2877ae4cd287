"""Check a graph against the ontology's SHACL shapes (ontology/shapes.ttl).

``validate_graph`` runs pySHACL without inference, with ontology/kg.ttl
mixed in so that ``sh:class kg:Organization`` accepts a ``kg:Company``.
Results come back as data with readable names (``id:person/宋洁``,
``org:member``), not as a report graph.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
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

    def text(self) -> str:
        """A readable report: a summary line, then one entry per result."""
        counts = [_plural(len(self.violations), "violation"), _plural(len(self.warnings), "warning")]
        head = (f"{'conforms' if self.conforms else 'does not conform'}: {', '.join(counts)} "
                f"in {self.triples:,} triples ({self.seconds:.2f} s)")
        return "\n".join([head, *map(str, self.violations + self.warnings)])


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@lru_cache(maxsize=1)
def load_shapes() -> tuple[Graph, Graph]:
    """The shapes graph and the ontology graph, parsed once per process."""
    return (Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle"),
            Graph().parse(ONTOLOGY_DIR / "kg.ttl", format="turtle"))


def validate_graph(graph: Graph) -> ValidationReport:
    """Validate ``graph`` against the shapes; the graph itself is not changed."""
    from pyshacl import validate  # heavy; only when validating

    shapes, ontology = load_shapes()
    started = time.perf_counter()
    _, results, _ = validate(graph, shacl_graph=shapes, ont_graph=ontology, inference="none",
                             allow_warnings=True, abort_on_first=False, meta_shacl=False,
                             advanced=True, inplace=False)
    # set(): two constraints of one property shape (datatype, language) share one message
    found = sorted(set(_results(results, shapes)), key=lambda v: (v.severity != "Violation", v.focus,
                                                             v.path or "", v.message, v.value or ""))
    violations = [v for v in found if v.severity == "Violation"]
    return ValidationReport(conforms=not violations, violations=violations,
                            warnings=[v for v in found if v.severity != "Violation"],
                            triples=len(graph), seconds=time.perf_counter() - started)


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
