"""`kg serve`: a SPARQL 1.1 endpoint with a query page, over the built store.

Read-only: updates made here would bypass the records and the entity index, and the next
build would drop them; `kg ingest` and `kg update` are how the store changes. A store that
a build (or an ingest, or an update) changed is noticed at the next request and reopened.
Binds to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import json
import logging
import threading
import urllib.parse
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError
from kg.sparql.catalogue import catalogue
from kg.sparql.query import bind, check_syntax
from kg.store import staging

log = logging.getLogger(__name__)

RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
}
GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
MAX_BODY = 1_000_000
READ_ONLY = (
    "this endpoint is read-only: change the records and run `kg build` or `kg update`, "
    "or load documents with `kg ingest`"
)


class Endpoint:
    """The store and the rules of the server, shared by every request."""

    def __init__(self, store: Path):
        self.path = store
        found = staging.version(store)  # before opening: a change meanwhile is seen next
        if found is None:
            raise KgError(f"{store}: no store here; run `kg build` first")
        self._version: staging.Version = found
        self._store = ox.Store.read_only(str(store))
        self._reopening = threading.Lock()
        self.catalogue = catalogue()

    def store(self) -> ox.Store:
        """The store as it is now: the one open, or the one a build switched in since (or the
        same one, changed in place), opened now. A read-only store sees only what was there
        when it was opened."""
        now = staging.version(self.path)
        if now is None or now == self._version:  # None: a build is switching its outputs in
            return self._store
        with self._reopening:
            if now != self._version:
                try:
                    reopened = ox.Store.read_only(str(self.path))
                except OSError as exc:  # replaced again meanwhile: the next request retries
                    log.warning("%s changed but could not be reopened: %s", self.path, exc)
                    return self._store
                rebuilt = now[:2] != self._version[:2]  # another inode: another folder
                # Requests still reading the old store keep it alive until they finish.
                self._store, self._version = reopened, now
                log.info(
                    "store rebuilt; serving the new one"
                    if rebuilt
                    else "store changed in place; serving it as it is now"
                )
            return self._store

    def page(self) -> bytes:
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
        # "<" escaped so that no query text can close the script element.
        data = json.dumps(entries, ensure_ascii=False).replace("<", "\\u003c")
        html = files("kg.sparql").joinpath("serve.html").read_text(encoding="utf-8")
        return html.replace("/*CATALOGUE*/[]", data).encode()


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
            result = self.endpoint.store().query(sparql, use_default_graph_as_union=True)
        except KgError as exc:
            self._error(HTTPStatus.BAD_REQUEST, str(exc))
            return
        except (OSError, RuntimeError, ValueError) as exc:
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {exc}")
            return
        accept = self.headers.get("Accept", "")
        if isinstance(result, ox.QueryTriples):
            mime = next((m for m in GRAPH_FORMATS if m in accept), "text/turtle")
            self._send(200, result.serialize(format=GRAPH_FORMATS[mime]) or b"", mime)
            return
        mime = next((m for m in RESULT_FORMATS if m in accept), "application/sparql-results+json")
        self._send(200, result.serialize(format=RESULT_FORMATS[mime]) or b"", mime)

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

    def _catalogue_query(self, name: str, args: dict[str, list[str]]) -> None:
        entry = self.endpoint.catalogue.get(name)
        if entry is None:
            self._error(HTTPStatus.NOT_FOUND, f"no query named {name!r}")
            return
        try:
            bindings = entry.bindings({k: v[0] for k, v in args.items()})
        except KgError as exc:
            self._error(HTTPStatus.BAD_REQUEST, str(exc))
            return
        self._answer(bind(entry.text, bindings))


def make_server(store: Path, *, host: str = "127.0.0.1", port: int = 7878) -> ThreadingHTTPServer:
    """The endpoint's HTTP server, bound and ready; call serve_forever() to run it."""
    endpoint = Endpoint(store)
    try:
        return ThreadingHTTPServer((host, port), partial(Handler, endpoint=endpoint))
    except OSError as exc:
        raise KgError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
