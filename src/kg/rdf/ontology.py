"""The ontology and shapes files shipped with kg."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import rdflib

from kg.rdf.namespaces import PREFIXES

ONTOLOGY_DIR = Path(__file__).resolve().parents[3] / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "kg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"


def _parse(path: Path) -> rdflib.Graph:
    graph = rdflib.Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    return graph.parse(path, format="turtle")


@cache
def ontology_graph() -> rdflib.Graph:
    return _parse(ONTOLOGY_FILE)


@cache
def shapes_graph() -> rdflib.Graph:
    return _parse(SHAPES_FILE)
