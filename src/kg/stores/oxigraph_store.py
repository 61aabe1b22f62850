"""Embedded Oxigraph: on disk at a path, or in memory without one."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError
from kg.stores.base import QueryResult


class OxigraphStore:
    def __init__(self, path: Path | None = None, *, read_only: bool = False):
        self.path, self.read_only = path, read_only
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                self._store = ox.Store(str(path))
        except OSError as exc:
            raise KgError(f"{path}: cannot open the store ({exc}); run `kg build` first") from None

    def add(self, quads: Iterable[ox.Quad]) -> None:
        self._store.extend(quads)

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        self.remove_graph(graph)
        self.add(quads)

    def remove_graph(self, graph: str) -> None:
        name = ox.NamedNode(graph)
        if name in set(self._store.named_graphs()):
            self._store.remove_graph(name)

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        name = ox.NamedNode(graph) if graph else None
        return iter(self._store.quads_for_pattern(None, None, None, name))

    def query(self, sparql: str) -> QueryResult:
        result = self._store.query(sparql, use_default_graph_as_union=True)
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            rows = [tuple(solution[n] for n in names) for solution in result]
            return QueryResult("select", variables=names, rows=rows)
        return QueryResult("graph", triples=list(result))

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        if self.path is not None and not self.read_only:
            self._store.flush()
        del self._store
