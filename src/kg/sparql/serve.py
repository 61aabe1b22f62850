"""`kg serve`: a SPARQL 1.1 endpoint with a query page, over the built store.

Read-only: updates made here would bypass the records and the entity index, and the next
build would drop them; `kg ingest` and `kg update` are how the store changes. Queries run in
worker processes (kg.sparql.workers), each cut at a time limit (504), a few at a time (503
when every worker stays busy); a store that a build (or an ingest, or an update) changed is
reopened at the next query. Binds to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import urllib.parse
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError
from kg.publish import pages
from kg.publish.pages import LANGUAGES
from kg.rdf.namespaces import DEFAULT_BASE, ONTOLOGY_IRI, OWL, PREFIXES
from kg.rdf.naming import base_of
from kg.sparql.catalogue import catalogue
from kg.sparql.names import resolve
from kg.sparql.query import bind
from kg.sparql.syntax import check_syntax
from kg.sparql.workers import TIMEOUT, Busy, QueryPool, TimedOut
from kg.store import OxigraphStore, staging

log = logging.getLogger(__name__)

PAGES = "/id/"
"""Where an entity's page is: /id/<its IRI below the store's base>."""
MAP_FILE = re.compile(r"^/maps/[\w.-]+\.html$")
DATA_MIMES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}
DATA_FORMATS = {
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
}
WORKBENCH_FILES = {
    "/workbench/yasgui.min.js": "text/javascript; charset=utf-8",
    "/workbench/yasgui.min.css": "text/css; charset=utf-8",
}
VOCABULARY = f"""SELECT DISTINCT ?term ?kind WHERE {{
  GRAPH <{ONTOLOGY_IRI}> {{ ?term a ?type }}
  VALUES (?type ?kind) {{
    (<{OWL.Class}> "class") (<{OWL.ObjectProperty}> "property")
    (<{OWL.DatatypeProperty}> "property") (<{OWL.AnnotationProperty}> "property")
  }}
}}"""
EXAMPLE = f"""PREFIX kg: <{PREFIXES["kg"]}>
PREFIX rdfs: <{PREFIXES["rdfs"]}>

SELECT ?cluster ?name WHERE {{
  ?cluster a kg:EducationalCluster ; rdfs:label ?name .
}}
"""
MAX_BODY = 1_000_000
READ_ONLY = (
    "this endpoint is read-only: change the records and run `kg build` or `kg update`, "
    "or load documents with `kg ingest`"
)


class Endpoint:
    """The store, its query workers and the rules of the server, shared by every request."""

    def __init__(self, store: Path, *, workers: int = 2, timeout: float = TIMEOUT):
        self.path = store
        found = staging.version(store)
        if found is None:
            raise KgError(f"{store}: no store here; run `kg build` first")
        self._version: staging.Version = found
        self._noticing = threading.Lock()
        self.catalogue = catalogue()
        # Pages and names: a few small look-ups each, here rather than in a worker.
        self._pages = OxigraphStore(store, read_only=True)
        graphs = self._pages.graphs()
        self.base = base_of(graphs, DEFAULT_BASE)
        self.pool = QueryPool(store, size=workers, timeout=timeout)

    def pages(self) -> OxigraphStore:
        self.notice_changes()
        return self._pages

    def notice_changes(self) -> None:
        """Say once that a build (or an ingest, an update) changed the store: the workers
        answer from it as it is now from their next query on."""
        now = staging.version(self.path)
        if now is None or now == self._version:  # None: a build is switching its outputs in
            return
        with self._noticing:
            if now != self._version:
                rebuilt = now[:2] != self._version[:2]  # another inode: another folder
                try:
                    self._pages = OxigraphStore(self.path, read_only=True)
                except OSError as exc:  # replaced again meanwhile: the next request retries
                    log.warning("%s changed but could not be reopened: %s", self.path, exc)
                    return
                self._version = now
                log.info(
                    "store rebuilt; serving the new one"
                    if rebuilt
                    else "store changed in place; serving it as it is now"
                )

    def page(self) -> bytes:
        """The workbench: YASGUI with the catalogue beside it and this graph's vocabulary
        for completion, all from this server."""
        entries = [
            {
                "name": q.name,
                "title": q.title_ru,
                "title_en": q.title_en,
                "description": q.description,
                "text": q.text,
                "params": [
                    {"name": p.name, "type": p.type, "default": p.default} for p in q.params
                ],
            }
            for q in self.catalogue.values()
        ]
        html = files("kg.sparql.workbench").joinpath("workbench.html").read_text(encoding="utf-8")
        html = html.replace("/*CATALOGUE*/[]", _script_json(entries))
        return html.replace("/*TERMS*/{}", _script_json(self._terms())).encode()

    def _terms(self) -> dict[str, object]:
        found: dict[str, list[str]] = {"class": [], "property": []}
        for term, kind in self._pages.query(VOCABULARY).rows:
            if term is not None and kind is not None:
                found[kind.value].append(term.value)
        return {
            "classes": sorted(found["class"]),
            "properties": sorted(found["property"]),
            "prefixes": PREFIXES,
            "base": self.base,
            "example": EXAMPLE,
        }


def _script_json(data: object) -> str:
    """JSON for a <script type="application/json">: "<" escaped, so that no name or query
    text can close the element."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


class Handler(BaseHTTPRequestHandler):
    server_version = "kg"

    def __init__(self, *args: object, endpoint: Endpoint, **kwargs: object):
        self.endpoint = endpoint
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: the CLI prints the URL once

    # -- helpers ----------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message + "\n").encode(), "text/plain; charset=utf-8")

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise KgError(f"request body over {MAX_BODY} bytes")
        return self.rfile.read(length)

    def _answer(self, sparql: str) -> None:
        try:
            check_syntax(sparql)
        except KgError as exc:
            self._error(HTTPStatus.BAD_REQUEST, str(exc))
            return
        self.endpoint.notice_changes()
        try:
            answer = self.endpoint.pool.run(sparql, self.headers.get("Accept", ""))
        except Busy as exc:
            self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(exc))
        except TimedOut as exc:
            self._error(HTTPStatus.GATEWAY_TIMEOUT, str(exc))
        except KgError as exc:
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc))
        else:
            self._send(200, answer.body, answer.content_type)

    def _refuse_update(self) -> None:
        self._error(HTTPStatus.FORBIDDEN, READ_ONLY)

    # -- routes -----------------------------------------------------------------------------
    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        args = urllib.parse.parse_qs(url.query)
        if url.path in ("/", "/index.html"):
            self._send(200, self.endpoint.page(), "text/html; charset=utf-8")
        elif url.path == "/sparql" and "query" in args:
            self._answer(args["query"][0])
        elif url.path == "/sparql" and "update" in args:
            self._refuse_update()
        elif url.path.startswith("/queries/"):
            self._catalogue_query(url.path.removeprefix("/queries/"), args)
        elif url.path.startswith(PAGES):
            self._entity(urllib.parse.unquote(url.path.removeprefix(PAGES)), args)
        elif MAP_FILE.match(url.path):
            self._map(url.path.removeprefix("/maps/"))
        elif url.path == "/favicon.ico":
            self._send(HTTPStatus.NO_CONTENT, b"", "image/x-icon")
        elif url.path in WORKBENCH_FILES:
            name = url.path.removeprefix("/workbench/")
            data = files("kg.sparql.workbench").joinpath(name).read_bytes()
            self._send(200, data, WORKBENCH_FILES[url.path])
        else:
            self._error(HTTPStatus.NOT_FOUND, "not found: try / or /sparql?query=...")

    def do_POST(self) -> None:
        if urllib.parse.urlsplit(self.path).path != "/sparql":
            self._error(HTTPStatus.NOT_FOUND, "not found: POST to /sparql")
            return
        try:
            body = self._body()
        except KgError as exc:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, str(exc))
            return
        kind = self.headers.get("Content-Type", "").split(";")[0].strip()
        text = body.decode("utf-8", errors="replace")
        if kind == "application/sparql-query":
            self._answer(text)
        elif kind == "application/sparql-update":
            self._refuse_update()
        elif kind == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(text)
            if "update" in form:
                self._refuse_update()
            elif "query" in form:
                self._answer(form["query"][0])
            else:
                self._error(HTTPStatus.BAD_REQUEST, "expected a query= or update= field")
        else:
            self._error(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                "expected application/sparql-query, application/sparql-update or a form",
            )

    def _entity(self, rest: str, args: dict[str, list[str]]) -> None:
        """The page of the entity <base><rest>, or its triples to a client asking for them."""
        lang = args.get("lang", ["ru"])[0]
        if lang not in LANGUAGES:
            self._error(HTTPStatus.BAD_REQUEST, f"lang={lang!r}: expected ru or en")
            return
        iri = self.endpoint.base + rest
        try:
            ox.NamedNode(iri)
        except ValueError:
            self._error(HTTPStatus.NOT_FOUND, "not an entity of this graph")
            return
        store = self.endpoint.pages().raw
        asked = args.get("format", [""])[0]
        accept = self.headers.get("Accept", "")
        mime = DATA_FORMATS.get(asked) or next((m for m in DATA_MIMES if m in accept), None)
        if mime is not None:
            self._send(200, pages.triples(store, iri, DATA_MIMES[mime]), mime)
            return

        def link(other: str) -> str | None:
            if other.startswith(self.endpoint.base):
                path = PAGES + urllib.parse.quote(other.removeprefix(self.endpoint.base))
                return path + ("?lang=en" if lang == "en" else "")
            return other if other.startswith(("http://", "https://")) else None

        page = pages.entity(store, iri, lang, link)
        if page is None:
            self._error(HTTPStatus.NOT_FOUND, f"the graph says nothing about {iri}")
            return
        here = PAGES + urllib.parse.quote(rest)
        html = pages.render(
            page, lang,
            other_lang=here + ("" if lang == "en" else "?lang=en"),
            map_href="/maps/index.html#focus=" + urllib.parse.quote(iri, safe=""),
            data_hrefs={"text/turtle": f"{here}?format=ttl",
                        "application/ld+json": f"{here}?format=jsonld"},
        )  # fmt: skip
        self._send(200, html.encode("utf-8"), "text/html; charset=utf-8")

    def _map(self, name: str) -> None:
        target = self.endpoint.path.parent / "maps" / name
        if not target.is_file():
            self._error(HTTPStatus.NOT_FOUND, f"no map {name}: `kg map` draws them")
            return
        self._send(200, target.read_bytes(), "text/html; charset=utf-8")

    def _catalogue_query(self, name: str, args: dict[str, list[str]]) -> None:
        """/queries/NAME answers the catalogue query; /queries/NAME.rq gives its text with
        the parameters bound, for the workbench's editor."""
        text_only = name.endswith(".rq")
        name = name.removesuffix(".rq")
        entry = self.endpoint.catalogue.get(name)
        if entry is None:
            self._error(HTTPStatus.NOT_FOUND, f"no query named {name!r}")
            return
        try:
            bindings = entry.bindings({k: v[0] for k, v in args.items()})
            bindings = resolve(self.endpoint.pages(), entry, bindings)  # "Белева", a surname
        except KgError as exc:
            self._error(HTTPStatus.BAD_REQUEST, str(exc))
            return
        if text_only:
            text = bind(entry.text, bindings).encode()
            self._send(200, text, "application/sparql-query; charset=utf-8")
            return
        self._answer(bind(entry.text, bindings))


class Server(ThreadingHTTPServer):
    """The HTTP server; closing it stops the query workers too."""

    daemon_threads = True
    endpoint: Endpoint

    def server_close(self) -> None:
        super().server_close()
        self.endpoint.pool.close()


def make_server(
    store: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    workers: int = 2,
    timeout: float = TIMEOUT,
) -> Server:
    """The endpoint's HTTP server, bound and ready; call serve_forever() to run it."""
    endpoint = Endpoint(store, workers=workers, timeout=timeout)
    try:
        server = Server((host, port), partial(Handler, endpoint=endpoint))
    except OSError as exc:
        endpoint.pool.close()
        raise KgError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    server.endpoint = endpoint
    return server
