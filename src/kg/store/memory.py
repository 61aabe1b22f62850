"""rdflib's in-memory Dataset behind the store interface: the reference and the baseline."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox
import rdflib

from kg.rdf.terms import from_rdflib, to_rdflib
from kg.store.base import QueryResult

DEFAULT = rdflib.graph.DATASET_DEFAULT_GRAPH_ID


class MemoryStore:
    path = None

    def __init__(self) -> None:
        self._data = rdflib.Dataset(default_union=True)

    def add(self, quads: Iterable[ox.Quad]) -> None:
        for q in quads:
            name = q.graph_name
            graph = self._data.graph(
                DEFAULT if isinstance(name, ox.DefaultGraph) else rdflib.URIRef(name.value)
            )
            graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        self.remove_graph(graph)
        self.add(quads)

    def remove_graph(self, graph: str) -> None:
        self._data.remove_graph(rdflib.URIRef(graph))

    def graphs(self) -> list[str]:
        return sorted(
            str(g.identifier)
            for g in self._data.graphs()
            if isinstance(g.identifier, rdflib.URIRef) and len(g) and g.identifier != DEFAULT
        )

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        pattern: Any = (None, None, None, rdflib.URIRef(graph) if graph else None)
        quad: Any
        for quad in self._data.quads(pattern):
            s, p, o, g = quad
            name = g.identifier if isinstance(g, rdflib.Graph) else g
            if name is None or name == DEFAULT:
                continue
            subject: Any = from_rdflib(s)
            predicate: Any = from_rdflib(p)
            yield ox.Quad(subject, predicate, from_rdflib(o), ox.NamedNode(str(name)))

    def query(self, sparql: str) -> QueryResult:
        result: Any = self._data.query(sparql)
        if result.type == "ASK":
            return QueryResult("ask", boolean=bool(result.askAnswer))
        if result.type == "SELECT":
            names = [str(v) for v in result.vars or []]
            rows = [tuple(None if x is None else from_rdflib(x) for x in row) for row in result]
            return QueryResult("select", variables=names, rows=rows)
        return QueryResult(
            "graph",
            triples=[
                ox.Triple(from_rdflib(s), from_rdflib(p), from_rdflib(o))  # type: ignore[arg-type]
                for s, p, o in result
            ],
        )

    def __len__(self) -> int:
        return sum(len(g) for g in self._data.graphs())

    def close(self) -> None:
        pass
