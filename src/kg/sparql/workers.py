"""Queries for `kg serve`, each in a worker process: cut at a time limit, a few at a time.

pyoxigraph cannot stop a query once started, and Oxigraph's own server, asked to, cuts an
answer it has begun to send and still says 200 OK. So each query runs in one of a few
worker processes, each with the store open read-only: a query past its time limit has its
worker killed (and a new one started), and the client gets 504 with the limit named; a
request that finds every worker busy waits its turn for a while, then gets 503. A worker
reopens the store when a build (an ingest, an update) has changed it, as it answers the
next query.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import queue
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import KgError
from kg.store import staging

log = logging.getLogger("kg.sparql.serve")

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
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
TIMEOUT = 30.0
"""Seconds a query may run by default."""
WAIT = 10.0
"""Seconds a request waits for a free worker before it is told the server is busy."""


class Busy(KgError):
    """Every worker stayed busy for as long as a request may wait: 503."""


class TimedOut(KgError):
    """The query ran past its time limit and was stopped: 504."""


@dataclass(frozen=True)
class Answer:
    body: bytes
    content_type: str


class _Worker:
    def __init__(self, context: Any, store: Path):
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(theirs, str(store)), daemon=True)
        self.process.start()
        theirs.close()

    def stop(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


class QueryPool:
    """`size` worker processes over the store at `store`; run() is safe from any thread."""

    def __init__(self, store: Path, *, size: int = 2, timeout: float = TIMEOUT, wait: float = WAIT):
        if size < 1 or timeout <= 0:
            raise KgError("the server needs at least one worker and a time limit over 0 s")
        self.store, self.timeout, self.wait = store, timeout, wait
        self._context = multiprocessing.get_context("spawn")  # the server runs threads
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        for _ in range(size):
            self._add()

    def _add(self) -> None:
        worker = _Worker(self._context, self.store)
        with self._lock:
            self._all.add(worker)
        self._idle.put(worker)

    def run(self, sparql: str, accept: str = "") -> Answer:
        """The query's answer in the first format of `accept` the store writes."""
        try:
            worker = self._idle.get(timeout=self.wait)
        except queue.Empty:
            raise Busy(
                f"busy: every worker has been answering for {self.wait:.0f} s; try again"
            ) from None
        started = time.monotonic()
        try:
            worker.connection.send((sparql, accept))
            if not worker.connection.poll(self.timeout):
                self._replace(worker)
                raise TimedOut(
                    f"the query ran past the time limit of {self.timeout:g} s and was stopped"
                )
            status, payload, mime = worker.connection.recv()
        except (EOFError, OSError, BrokenPipeError):  # the worker died (killed, or crashed)
            self._replace(worker)
            raise KgError("query failed: its worker process stopped") from None
        log.debug("query answered in %.3f s", time.monotonic() - started)
        self._idle.put(worker)
        if status != "ok":
            raise KgError(payload)
        return Answer(payload, mime)

    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.stop()
        self._add()

    def close(self) -> None:
        with self._lock:
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.stop()


def _serve(connection: Connection, path: str) -> None:
    """A worker's loop: queries in, serialized answers (or an error message) out."""
    store_path = Path(path)
    seen = staging.version(store_path)
    store = ox.Store.read_only(path)
    while True:
        try:
            sparql, accept = connection.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        now = staging.version(store_path)
        if now is not None and now != seen:  # rebuilt, or changed in place: what is there now
            with contextlib.suppress(OSError):  # replaced again meanwhile: the next query retries
                store, seen = ox.Store.read_only(path), now
        try:
            connection.send(("ok", *_answer(store, sparql, accept)))
        except (OSError, RuntimeError, ValueError) as exc:  # SyntaxError is a ValueError
            connection.send(("error", f"query failed: {exc}", ""))


def _answer(store: ox.Store, sparql: str, accept: str) -> tuple[bytes, str]:
    result = store.query(sparql, use_default_graph_as_union=True)
    if isinstance(result, ox.QueryTriples):
        mime = next((m for m in GRAPH_FORMATS if m in accept), "text/turtle")
        return result.serialize(format=GRAPH_FORMATS[mime]) or b"", mime
    mime = next((m for m in RESULT_FORMATS if m in accept), "application/sparql-results+json")
    return result.serialize(format=RESULT_FORMATS[mime]) or b"", mime
