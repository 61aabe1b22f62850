"""Embedded Oxigraph: on disk at a path, or in memory without one."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg.errors import KgError
from kg.store import ordering
from kg.store.base import QueryResult


class OxigraphStore:
    dialect = "oxigraph"  # which form of a catalogue query it gets (kg.sparql.catalogue)

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

    def bulk_load(self, data: IO[bytes], fmt: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> None:
        """Load a large stream fast, without a transaction: for a store nobody reads yet."""
        self._store.bulk_load(data, format=fmt)

    @property
    def raw(self) -> ox.Store:
        return self._store

    def sorted_triples(self, graphs: Iterable[str]) -> Iterator[ox.Triple]:
        """The distinct triples of the graphs in the order of their N-Triples lines: subject
        by subject, so that only one subject's triples are sorted at a time."""
        wanted = {ox.NamedNode(g) for g in graphs}
        subjects = self._store.query("SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(subjects, ox.QuerySolutions)
        for s in sorted((solution[0] for solution in subjects), key=str):
            found = {
                ox.Triple(q.subject, q.predicate, q.object)
                for q in self._store.quads_for_pattern(s, None, None, None)
                if q.graph_name in wanted
            }
            yield from sorted(found, key=str)

    def dump_sorted(self, graphs: Iterable[str], target: Path) -> bool:
        """The distinct triples of the graphs as sorted N-Triples in `target`: dumped by
        Oxigraph, sorted by `sort` (bytes, which is code point order, as Python sorts).
        False, and nothing written, where there is no `sort`."""
        sort = shutil.which("sort")
        if sort is None:
            return False
        unsorted = target.with_name(target.name + ".unsorted")
        try:
            with unsorted.open("wb") as handle:
                for graph in graphs:
                    self._store.dump(handle, format=ox.RdfFormat.N_TRIPLES,
                                     from_graph=ox.NamedNode(graph))  # fmt: skip
            subprocess.run(
                [sort, "-u", "-S", "20%", "--parallel=2", "-T", str(target.parent),
                 "-o", str(target), str(unsorted)],
                check=True, env={**os.environ, "LC_ALL": "C"},
            )  # fmt: skip
        finally:
            unsorted.unlink(missing_ok=True)
        return True

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        self.change(drop=[graph], insert=quads)

    def change(
        self,
        *,
        drop: Iterable[str] = (),
        delete: Iterable[ox.Quad] = (),
        insert: Iterable[ox.Quad] = (),
    ) -> None:
        """Drop graphs, delete quads and insert quads in one transaction: a failure or a
        killed process leaves the store as it was."""
        operations = [f"DROP SILENT GRAPH {ox.NamedNode(g)}" for g in drop]
        for verb, quads in (("DELETE", delete), ("INSERT", insert)):
            body = "\n".join(_quad_pattern(q) for q in quads)
            if body:
                operations.append(f"{verb} DATA {{\n{body}\n}}")
        if operations:
            self._store.update(" ;\n".join(operations))

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
        if (unordered := ordering.split(sparql)) is not None:
            text, keys = unordered
            answer = self._answer(text)
            if answer.kind == "select":
                rows = ordering.sort_rows(answer.variables, answer.rows, keys)
                if rows is not None:
                    answer.rows = rows
                    return answer
        return self._answer(sparql)

    def _answer(self, sparql: str) -> QueryResult:
        result = self._store.query(sparql, use_default_graph_as_union=True)
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            rows = [tuple(solution) for solution in result]  # in variable order; a third faster
            return QueryResult("select", variables=names, rows=rows)
        return QueryResult("graph", triples=list(result))

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        if self.path is not None and not self.read_only:
            self._store.flush()
        del self._store


def _quad_pattern(quad: ox.Quad) -> str:
    triple = f"{quad.subject} {quad.predicate} {quad.object} ."
    if isinstance(quad.graph_name, ox.DefaultGraph):
        return triple
    return f"GRAPH {quad.graph_name} {{ {triple} }}"
