"""Any SPARQL 1.1 endpoint: catalogue queries through SPARQLWrapper, and pushing the graph.

Stores differ in what their default graph is (Oxigraph serves only the unnamed graph
unless started with --union-default-graph; Virtuoso serves every graph). So each query
names the graphs kg pushed as its default graph (`default-graph-uri`), and the answers
are the same either way.
"""

from __future__ import annotations

import base64
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kg.errors import KgError
from kg.stores import QueryResult, Store

USER_ENV = "KG_ENDPOINT_USER"
PASSWORD_ENV = "KG_ENDPOINT_PASSWORD"
CHUNK = 20_000
"""Triples per SPARQL Update request."""

_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


def _term(binding: dict[str, str]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if "xml:lang" in binding:
        return ox.Literal(value, language=binding["xml:lang"])
    if "datatype" in binding:
        return ox.Literal(value, datatype=ox.NamedNode(binding["datatype"]))
    return ox.Literal(value)


@dataclass
class Endpoint:
    """A remote SPARQL endpoint; credentials come from arguments or the environment."""

    url: str
    update_url: str | None = None
    user: str | None = None
    password: str | None = None
    timeout: int = 120

    def __post_init__(self) -> None:
        self.user = self.user or os.environ.get(USER_ENV)
        self.password = self.password or os.environ.get(PASSWORD_ENV)

    def __repr__(self) -> str:  # never show the password
        return f"Endpoint({self.url!r}, user={self.user!r})"

    # -- querying ---------------------------------------------------------------------------
    def _wrapper(self, url: str) -> SPARQLWrapper:
        wrapper = SPARQLWrapper(url)
        wrapper.setTimeout(self.timeout)
        wrapper.setMethod(POST)
        if self.user:
            wrapper.setCredentials(self.user, self.password or "")
        return wrapper

    def _select(self, sparql: str, default_graphs: Iterable[str] = ()) -> Any:
        wrapper = self._wrapper(self.url)
        wrapper.setQuery(sparql)
        for graph in default_graphs:
            wrapper.addDefaultGraph(graph)
        wrapper.setReturnFormat(JSON)
        try:
            return wrapper.queryAndConvert()
        except (SPARQLWrapperException, urllib.error.URLError, OSError) as exc:
            raise KgError(f"{self.url}: query failed: {_reason(exc)}") from None

    def graphs(self) -> list[str]:
        rows = self._select(_GRAPHS)["results"]["bindings"]
        return sorted(r["g"]["value"] for r in rows if r["g"]["type"] == "uri")

    def query(self, sparql: str) -> QueryResult:
        graphs = self.graphs()
        kind = _query_kind(sparql)
        if kind == "graph":
            return QueryResult("graph", triples=self._construct(sparql, graphs))
        doc = self._select(sparql, graphs)
        if "boolean" in doc:
            return QueryResult("ask", boolean=bool(doc["boolean"]))
        names = doc["head"]["vars"]
        rows = [
            tuple(_term(b[n]) if n in b else None for n in names)
            for b in doc["results"]["bindings"]
        ]
        return QueryResult("select", variables=names, rows=rows)

    def _construct(self, sparql: str, graphs: list[str]) -> list[ox.Triple]:
        body = urllib.parse.urlencode(
            [("query", sparql), *(("default-graph-uri", g) for g in graphs)]
        ).encode()
        data = self._request(
            self.url, body, "application/x-www-form-urlencoded", accept="application/n-triples"
        )
        return list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))

    # -- pushing ----------------------------------------------------------------------------
    def _request(
        self, url: str, body: bytes, content_type: str, *, method: str = "POST", accept: str = "*/*"
    ) -> bytes:
        request = urllib.request.Request(
            url, data=body, method=method, headers={"Content-Type": content_type, "Accept": accept}
        )
        if self.user:
            token = base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return bytes(response.read())
        except (urllib.error.URLError, OSError) as exc:
            raise KgError(f"{url}: {method} failed: {_reason(exc)}") from None

    def update(self, sparql: str) -> None:
        self._request(self.update_url or self.url, sparql.encode(), "application/sparql-update")

    def replace_graph_by_update(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        """DROP the graph, then INSERT DATA its triples in chunks."""
        self.update(f"DROP SILENT GRAPH <{graph}>")
        for chunk in _chunks(quads, CHUNK):
            triples = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in chunk)
            self.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{triples}\n}} }}")

    def replace_graph_by_gsp(self, gsp_url: str, graph: str, quads: Iterable[ox.Quad]) -> None:
        """PUT the graph's triples to the Graph Store Protocol endpoint, replacing it."""
        body = ox.serialize(
            [ox.Triple(q.subject, q.predicate, q.object) for q in quads],
            format=ox.RdfFormat.N_TRIPLES,
        )
        separator = "&" if "?" in gsp_url else "?"
        url = f"{gsp_url}{separator}{urllib.parse.urlencode({'graph': graph})}"
        self._request(url, body or b"", "application/n-triples", method="PUT")


def _chunks(quads: Iterable[ox.Quad], size: int) -> Iterator[list[ox.Quad]]:
    chunk: list[ox.Quad] = []
    for q in quads:
        chunk.append(q)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _reason(exc: BaseException) -> str:
    """The error without the URL's credentials, which some exceptions repeat."""
    text = str(getattr(exc, "reason", "") or exc)
    return text.split("\n", 1)[0][:300]


def _query_kind(sparql: str) -> str:
    prepared = ox.Store()
    result = prepared.query(sparql)
    if isinstance(result, ox.QueryTriples):
        return "graph"
    return "ask" if isinstance(result, ox.QueryBoolean) else "select"


@dataclass
class PushReport:
    graphs: dict[str, int]
    method: str


def push(
    store: Store, endpoint: Endpoint, *, gsp_url: str | None = None, graph: str | None = None
) -> PushReport:
    """Upload every named graph of the store, each replacing its namesake at the endpoint.

    With `graph`, everything goes into that one named graph instead.
    """
    plan: dict[str, list[ox.Quad]] = {}
    for name in store.graphs():
        plan.setdefault(graph or name, []).extend(store.quads(name))
    for name, quads in plan.items():
        if gsp_url:
            endpoint.replace_graph_by_gsp(gsp_url, name, quads)
        else:
            endpoint.replace_graph_by_update(name, quads)
    return PushReport(
        {name: len(quads) for name, quads in plan.items()},
        "graph store protocol" if gsp_url else "SPARQL update",
    )
