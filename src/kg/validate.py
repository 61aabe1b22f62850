"""SHACL validation of the built graph against ontology/shapes.ttl, with a readable report."""

from __future__ import annotations

from dataclasses import dataclass

import rdflib
from pyshacl import validate as shacl_validate

from kg.namespaces import RDFS, SH
from kg.ontology import shapes_graph


@dataclass(frozen=True)
class Violation:
    focus: str
    label: str | None
    path: str | None
    message: str
    severity: str

    def __str__(self) -> str:
        who = f"{self.focus} ({self.label})" if self.label else self.focus
        where = f" {self.path}:" if self.path else ""
        return f"{self.severity}: {who}:{where} {self.message}"


def check(data: rdflib.Graph) -> list[Violation]:
    """Every shape violation in the data graph; an empty list means it conforms."""
    _conforms, results, _text = shacl_validate(
        data, shacl_graph=shapes_graph(), inference="none", advanced=True
    )
    assert isinstance(results, rdflib.Graph)
    out = []
    for result in results.subjects(SH.resultSeverity, None):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        label = data.value(focus, RDFS.label) if focus is not None else None
        out.append(
            Violation(
                focus=str(focus),
                label=str(label) if label else None,
                path=data.namespace_manager.normalizeUri(path)
                if isinstance(path, rdflib.URIRef)
                else None,
                message=str(results.value(result, SH.resultMessage)),
                severity=str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            )
        )
    return sorted(out, key=lambda v: (v.focus, v.path or "", v.message))
