"""Any SPARQL 1.1 endpoint: catalogue queries and pushing the graph.

Queries and updates go through SPARQLWrapper, the client analysts' own scripts use; the
Graph Store Protocol's PUT, which it does not speak, through urllib.

Tested on Oxigraph server and on Virtuoso 7.2, whose differences are smoothed over here:

- The default graph: Oxigraph serves only the unnamed graph (unless started with
  --union-default-graph), Virtuoso every graph. Where the default graph lacks the named
  graphs' triples, each query names the named graphs as its default graph
  (`default-graph-uri`); where it holds them, it names none, as naming 50 graphs makes
  queries 10 to 40 times slower on both stores. The answers are the same either way.
- Credentials: Virtuoso's /sparql-auth and /sparql-graph-crud-auth ask for Digest and refuse
  Basic; others ask for Basic. kg reads the challenge of a request sent without them (once
  per URL) and answers it, never sending the password unasked.
- Answers: Virtuoso answers ASK as a one-row SELECT of ?__ASK_RETVAL, writes booleans as 1
  and 0 and names blank nodes nodeID://…; it cuts answers at its ResultSetMaxRows, or when a
  time limit strikes, with 200 OK, saying so only in a header: kg refuses such answers.
- Updates: Virtuoso's parser gives up on an INSERT DATA of about 5,000 triples, so kg sends
  2,000 at a time. It refuses blank nodes in INSERT DATA, and a label means one node only
  within one request; so a graph's triples with blank nodes go in one INSERT {…} WHERE {}.

Every IRI in an update (the graph names, whoever gave them) is checked as an IRI and written
as a term by pyoxigraph, never pasted: a name such as `urn:x> ; DROP ALL ; …` is refused
before anything is sent.

A push by SPARQL Update never leaves a graph half-written. Each graph's triples go beside it,
into a temporary graph (its IRI plus a random suffix), chunk by chunk; then one request of
`MOVE GRAPH <temporary> TO GRAPH <graph>` operations, one a graph, replaces every target
(SPARQL 1.1 Update: MOVE drops the destination, copies the source in, drops the source).
If an upload fails, or the replacing request is refused or lost on the way, kg drops the
temporary graphs and the targets stay as they were. Oxigraph runs one update request as one
transaction, so there a push replaces all graphs or none. Virtuoso 7.2 runs a request's
operations one by one and keeps those done before one that fails, so there each graph is
replaced by its one MOVE operation. MOVE without SILENT: on Oxigraph a temporary graph gone
missing is then an error, not an emptied target. Until the MOVE, a store whose default graph
is the union of its graphs shows the uploaded triples twice. By the Graph Store Protocol,
each graph is one PUT, which the store applies whole.
"""

from __future__ import annotations

import ast
import json
import os
import re
import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from SPARQLWrapper import BASIC, DIGEST, JSON, POST, POSTDIRECTLY, TURTLE, SPARQLWrapper
from SPARQLWrapper import SPARQLExceptions as sparql_errors
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kg.errors import KgError
from kg.store import QueryResult, Store

USER_ENV = "KG_ENDPOINT_USER"
PASSWORD_ENV = "KG_ENDPOINT_PASSWORD"
CHUNK = 2_000
"""Triples per SPARQL Update request: Virtuoso 7.2 fails at about 5,000."""

_GRAPHS = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
"""Not DISTINCT: Virtuoso takes seconds per 10,000 triples to answer that, 1 ms this."""
_UNION = (
    "ASK { { SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1000 }"
    " FILTER NOT EXISTS { ?s ?p ?o } }"
)
"""Whether the default graph lacks some of (the first 1,000) triples of the named graphs."""
_OPENER = threading.Lock()
"""Held while SPARQLWrapper's opener, with one endpoint's credentials, is urllib's."""
_STATUS = {
    sparql_errors.QueryBadFormed: "HTTP 400 Bad Request",
    sparql_errors.Unauthorized: "HTTP 401 Unauthorized",
    sparql_errors.EndPointNotFound: "HTTP 404 Not Found",
    sparql_errors.URITooLong: "HTTP 414 URI Too Long",
    sparql_errors.EndPointInternalError: "HTTP 500 Internal Server Error",
}
"""The statuses SPARQLWrapper turns into exceptions of its own, keeping only the body."""
_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def _term(binding: dict[str, str]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return _blank(value)
    if "xml:lang" in binding:
        return ox.Literal(value, language=binding["xml:lang"])
    datatype = binding.get("datatype")  # "typed-literal" (Virtuoso) or "literal"
    if datatype == _BOOLEAN and value in ("0", "1"):  # Virtuoso's booleans
        value = "true" if value == "1" else "false"
    return ox.Literal(value, datatype=ox.NamedNode(datatype) if datatype else None)


def _blank(value: str) -> ox.BlankNode:
    name = value.removeprefix("nodeID://")  # Virtuoso's blank node names
    try:
        return ox.BlankNode(name)
    except ValueError:
        return ox.BlankNode("x" + name.encode().hex())


def _boolean(doc: dict[str, Any]) -> bool:
    if "boolean" in doc:
        return bool(doc["boolean"])
    rows = doc["results"]["bindings"]  # Virtuoso: [{"__ASK_RETVAL": 1}] or []
    return any(b["value"] in ("1", "true") for row in rows for b in row.values())


@dataclass
class Endpoint:
    """A remote SPARQL endpoint; credentials come from arguments or the environment."""

    url: str
    update_url: str | None = None
    user: str | None = None
    password: str | None = None
    timeout: int = 120
    _challenges: dict[str, tuple[str, str] | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self.user = self.user or os.environ.get(USER_ENV)
        self.password = self.password or os.environ.get(PASSWORD_ENV)

    def __repr__(self) -> str:  # never show the password
        return f"Endpoint({self.url!r}, user={self.user!r})"

    def _wrapper(self, url: str, sparql: str) -> SPARQLWrapper:
        client = SPARQLWrapper(url, updateEndpoint=url)
        client.setMethod(POST)
        client.setOnlyConneg(True)  # no `format`/`output` parameters: they upset some stores
        client.setTimeout(self.timeout)
        client.setQuery(sparql)
        if client.isSparqlUpdateRequest():
            client.setRequestMethod(POSTDIRECTLY)  # application/sparql-update
        challenge = self._challenge(url)
        if challenge:
            scheme, realm = challenge
            client.setHTTPAuth(scheme)
            client.setCredentials(self.user, self.password or "", realm=realm)
        return client

    def _challenge(self, url: str) -> tuple[str, str] | None:
        """The scheme and realm the endpoint asks credentials by, if it asks and kg has
        some: so the password goes where it is asked for, and nowhere else."""
        if not self.user:
            return None
        if url not in self._challenges:
            self._challenges[url] = _challenge(url, self.timeout)
        return self._challenges[url]

    def _send(
        self, url: str, sparql: str, *, action: str, graphs: Iterable[str] = (), accept: str = JSON
    ) -> Any:
        client = self._wrapper(url, sparql)
        for graph in graphs:
            client.addDefaultGraph(graph)
        client.setReturnFormat(accept)
        try:
            with _OPENER:
                try:
                    answer = client.query()
                    data = answer.response.read()
                    headers = answer.info()
                finally:  # SPARQLWrapper installs its Digest opener process-wide: take it out
                    urllib.request.install_opener(None)
        except SPARQLWrapperException as exc:
            raise KgError(f"{url}: {action} failed: {_status(exc)}") from None
        except urllib.error.HTTPError as exc:
            raise KgError(f"{url}: {action} failed: {_http_status(exc)}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise KgError(f"{url}: {action} failed: {_reason(exc)}") from None
        cut = headers.get("x-sparql-maxrows")
        if cut:  # Virtuoso's ResultSetMaxRows
            raise KgError(f"{url}: the endpoint cut the answer at {cut} rows (its row limit)")
        if (
            headers.get("x-sql-state") == "S1TAT"
        ):  # Virtuoso's "anytime" answer, cut by a time limit
            raise KgError(f"{url}: the endpoint gave an incomplete answer (its time limit)")
        return data

    def _put(self, url: str, body: bytes, content_type: str) -> None:
        """The Graph Store Protocol's PUT (SPARQLWrapper speaks only the SPARQL protocol)."""
        request = urllib.request.Request(
            url, data=body, method="PUT", headers={"Content-Type": content_type}
        )
        handlers: list[urllib.request.BaseHandler] = []
        if self.user:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, url, self.user, self.password or "")
            handlers += [
                urllib.request.HTTPBasicAuthHandler(passwords),
                urllib.request.HTTPDigestAuthHandler(passwords),
            ]
        try:
            with urllib.request.build_opener(*handlers).open(request, timeout=self.timeout) as r:
                r.read()
        except urllib.error.HTTPError as exc:
            raise KgError(f"{url}: PUT failed: {_http_status(exc)}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise KgError(f"{url}: PUT failed: {_reason(exc)}") from None

    # -- querying ---------------------------------------------------------------------------
    def _select(self, sparql: str, graphs: Iterable[str] = ()) -> Any:
        data = self._send(self.url, sparql, action="query", graphs=graphs)
        try:
            return json.loads(data)
        except ValueError:
            raise KgError(f"{self.url}: query failed: the answer is not SPARQL JSON") from None

    def graphs(self) -> list[str]:
        rows = self._select(_GRAPHS)["results"]["bindings"]
        return sorted(r["g"]["value"] for r in rows if r.get("g", {}).get("type") == "uri")

    def dataset(self) -> list[str]:
        """The graphs to name as a query's default graph: none if the endpoint's default
        graph holds its named graphs' triples, else every named graph."""
        return self.graphs() if _boolean(self._select(_UNION)) else []

    def query(self, sparql: str) -> QueryResult:
        graphs = self.dataset()
        kind = _query_kind(sparql)
        if kind == "graph":
            data = self._send(self.url, sparql, action="query", graphs=graphs, accept=TURTLE)
            triples = ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=self.url)
            return QueryResult("graph", triples=list(triples))
        doc = self._select(sparql, graphs)
        if kind == "ask":
            return QueryResult("ask", boolean=_boolean(doc))
        names = doc["head"]["vars"]
        rows = [
            tuple(_term(b[n]) if n in b else None for n in names)
            for b in doc["results"]["bindings"]
        ]
        return QueryResult("select", variables=names, rows=rows)

    # -- pushing ----------------------------------------------------------------------------
    def update(self, sparql: str) -> None:
        self._send(self.update_url or self.url, sparql, action="update")

    def replace_graph_by_update(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        """Replace the graph with these triples, all at once (see the module's docstring)."""
        self.replace_graphs_by_update({graph: list(quads)})

    def replace_graphs_by_update(self, plan: dict[str, list[ox.Quad]]) -> None:
        """Upload each graph's triples beside it, then replace every graph in one request."""
        targets = {iri(name, "graph"): quads for name, quads in plan.items()}
        if not targets:
            return
        beside = {target: _temporary(target) for target, quads in targets.items() if quads}
        try:
            for target, temporary in beside.items():
                self._upload(temporary, targets[target])
            self.update(
                " ;\n".join(
                    f"MOVE GRAPH {beside[target]} TO GRAPH {target}"
                    if target in beside
                    else f"DROP SILENT GRAPH {target}"
                    for target in targets
                )
            )
        except BaseException as exc:
            left = self._drop(list(beside.values()))
            if left and isinstance(exc, KgError):
                raise KgError(f"{exc}; temporary graphs left at the endpoint: {left}") from None
            raise

    def _upload(self, graph: ox.NamedNode, quads: list[ox.Quad]) -> None:
        ground: list[ox.Quad] = []
        blank: list[ox.Quad] = []
        for q in quads:
            has_blank = isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)
            (blank if has_blank else ground).append(q)
        for chunk in _chunks(ground, CHUNK):
            self.update(f"INSERT DATA {{ GRAPH {graph} {{\n{_triples(chunk)}\n}} }}")
        if blank:
            self.update(f"INSERT {{ GRAPH {graph} {{\n{_triples(blank)}\n}} }} WHERE {{}}")

    def _drop(self, graphs: list[ox.NamedNode]) -> str:
        """Drop the temporary graphs of a failed push; those it could not drop, if any."""
        if graphs:
            try:
                self.update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in graphs))
            except KgError:
                return " ".join(str(g) for g in graphs)
        return ""

    def replace_graph_by_gsp(self, gsp_url: str, graph: str, quads: Iterable[ox.Quad]) -> None:
        """PUT the graph's triples to the Graph Store Protocol endpoint, replacing it."""
        name = iri(graph, "graph").value
        body = ox.serialize(
            [ox.Triple(q.subject, q.predicate, q.object) for q in quads],
            format=ox.RdfFormat.N_TRIPLES,
        )
        separator = "&" if "?" in gsp_url else "?"
        url = f"{gsp_url}{separator}{urllib.parse.urlencode({'graph': name})}"
        self._put(url, body or b"", "application/n-triples")


def iri(value: str, what: str) -> ox.NamedNode:
    """The value as an IRI term, to write into SPARQL; KgError naming it if it is not one."""
    try:
        return ox.NamedNode(value)
    except ValueError as exc:
        raise KgError(f"{what} {value!r} is not a valid IRI: {exc}") from None


def _temporary(graph: ox.NamedNode) -> ox.NamedNode:
    """A fresh graph IRI to upload `graph`'s triples into before they replace it."""
    suffix = f"kg-push-{secrets.token_hex(8)}"
    try:
        return ox.NamedNode(f"{graph.value}-{suffix}")
    except ValueError:  # e.g. an IRI ending in its authority's port
        return ox.NamedNode(f"urn:kg:{suffix}")


def _triples(quads: list[ox.Quad]) -> str:
    return "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)


def _chunks(quads: Iterable[ox.Quad], size: int) -> Iterator[list[ox.Quad]]:
    chunk: list[ox.Quad] = []
    for q in quads:
        chunk.append(q)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _challenge(url: str, timeout: int) -> tuple[str, str] | None:
    """How the endpoint asks for credentials (Digest before Basic), from its 401 to a
    request without them; None if it lets the request through or cannot be reached."""
    probe = f"{url}{'&' if '?' in url else '?'}query=ASK%7B%7D"
    try:
        urllib.request.build_opener().open(probe, timeout=timeout).close()
    except urllib.error.HTTPError as exc:
        if exc.code != 401:
            return None
        offers = " ".join(exc.headers.get_all("WWW-Authenticate") or [])
        realm = re.search(r'realm="([^"]*)"', offers)
        scheme = DIGEST if re.search(r"\bdigest\b", offers, re.I) else BASIC
        return scheme, realm.group(1) if realm else ""
    except (urllib.error.URLError, OSError):
        return None
    return None


def _status(exc: SPARQLWrapperException) -> str:
    status = _STATUS.get(type(exc), "HTTP error")
    _, _, body = str(exc).partition("Response:\n")
    try:
        text = ast.literal_eval(body).decode("utf-8", "replace") if body else ""
    except (ValueError, SyntaxError, AttributeError):
        text = body
    detail = text.strip().split("\n", 1)[0][:300]
    return status + (f": {detail}" if detail else "")


def _http_status(exc: urllib.error.HTTPError) -> str:
    detail = exc.read().decode("utf-8", "replace").strip().split("\n", 1)[0][:300]
    return f"HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")


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
    names = {name: graph or name for name in store.graphs()}
    for target in dict.fromkeys(names.values()):
        iri(target, "graph")  # every name checked before anything is read or sent
    plan: dict[str, list[ox.Quad]] = {}
    for name, target in names.items():
        plan.setdefault(target, []).extend(store.quads(name))
    if gsp_url:
        for name, quads in plan.items():
            endpoint.replace_graph_by_gsp(gsp_url, name, quads)
    else:
        endpoint.replace_graphs_by_update(plan)
    return PushReport(
        {name: len(quads) for name, quads in plan.items()},
        "graph store protocol" if gsp_url else "SPARQL update",
    )
