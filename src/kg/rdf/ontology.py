"""The ontology and shapes files shipped with kg."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import rdflib

from kg.rdf.namespaces import PREFIXES
from kg.resources import folder

ONTOLOGY_FILE = folder("ontology") / "kg.ttl"
SHAPES_FILE = folder("ontology") / "shapes.ttl"


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
