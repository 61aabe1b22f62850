"""The interface every store offers: named graphs in, SPARQL and quads out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal as Kind
from typing import Protocol

from pyoxigraph import Quad, Triple

from kg.rdf.terms import Term


@dataclass
class QueryResult:
    """A SPARQL result: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE."""

    kind: Kind["select", "ask", "graph"]
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Triple] = field(default_factory=list)
    offset: int = 0
    total: int | None = None
    """A page of a SELECT answer: where its rows start, and how many the whole answer has."""

    def page(self, limit: int | None, offset: int = 0) -> QueryResult:
        """`limit` rows from `offset` on (to the end for None)."""
        if self.kind != "select" or (limit is None and not offset):
            return self
        end = None if limit is None else offset + limit
        rows = self.rows[offset:end]
        return QueryResult("select", self.variables, rows, offset=offset, total=len(self.rows))

    @property
    def more(self) -> int:
        """The rows of the whole answer after this page."""
        return 0 if self.total is None else max(0, self.total - self.offset - len(self.rows))


class Queryable(Protocol):
    """Anything that answers SPARQL queries: a store or a remote endpoint."""

    def query(self, sparql: str) -> QueryResult: ...


class Store(Protocol):
    """A quad store; queries see the union of all named graphs as their default graph."""

    def add(self, quads: Iterable[Quad]) -> None: ...

    def replace_graph(self, graph: str, quads: Iterable[Quad]) -> None: ...

    def remove_graph(self, graph: str) -> None: ...

    def graphs(self) -> list[str]: ...

    def quads(self, graph: str | None = None) -> Iterator[Quad]: ...

    def query(self, sparql: str) -> QueryResult: ...

    def __len__(self) -> int: ...

    def close(self) -> None: ...
