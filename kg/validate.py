"""STUB — replaced by the ontology/SHACL work (issue 5)."""
from dataclasses import dataclass, field


@dataclass
class ValidationReport:
    conforms: bool = True
    violations: list = field(default_factory=list)

    def text(self) -> str:
        return ""


def validate_graph(graph) -> ValidationReport:
    return ValidationReport()
