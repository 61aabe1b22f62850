"""`kg serve` under load: 50 clients for 20 s beside a runaway query, on 127.0.0.1.

Every ordinary query must be answered, the runaway stopped at its time limit (504), and a
request that finds every worker busy for too long told so (503). The figures are printed
(pytest -s) for the closing note.
"""

from __future__ import annotations

import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

import kg
from kg.sparql.serve import Server, make_server

CLIENTS, SECONDS, TIME_LIMIT = 50, 20.0, 3.0
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
"""A cube of the store's 5,000 triples: days of counting."""
ORDINARY = [
    "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n) LIMIT 5",
    "SELECT ?name WHERE { ?p a <https://w3id.org/edu-cluster-kg/ontology#Person> ;"
    " <http://www.w3.org/2000/01/rdf-schema#label> ?name } ORDER BY ?name LIMIT 20",
    "ASK { ?s a <https://w3id.org/edu-cluster-kg/ontology#EducationalCluster> }",
]


def _ask(url: str, sparql: str, timeout: float = 60) -> tuple[int, bytes, float]:
    started = time.monotonic()
    query = urllib.parse.urlencode({"query": sparql})
    try:
        with urllib.request.urlopen(f"{url}/sparql?{query}", timeout=timeout) as answer:
            return answer.status, answer.read(), time.monotonic() - started
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), time.monotonic() - started


def _running(server: Server) -> Iterator[str]:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def loaded(built: kg.BuildReport) -> Iterator[str]:
    assert built.store is not None
    yield from _running(make_server(built.store, port=0, workers=2, timeout=TIME_LIMIT))


def test_fifty_clients_are_answered_while_a_runaway_query_is_stopped(loaded: str) -> None:
    runaway: dict[str, tuple[int, bytes, float]] = {}
    thread = threading.Thread(target=lambda: runaway.update(cut=_ask(loaded, RUNAWAY)))
    thread.start()
    time.sleep(0.2)  # it holds one of the two workers from here on
    deadline = time.monotonic() + SECONDS

    def client(number: int) -> list[tuple[int, float]]:
        seen = []
        while time.monotonic() < deadline:
            status, _, seconds = _ask(loaded, ORDINARY[(number + len(seen)) % len(ORDINARY)])
            seen.append((status, seconds))
        return seen

    with ThreadPoolExecutor(CLIENTS) as pool:
        answers = [a for seen in pool.map(client, range(CLIENTS)) for a in seen]
    thread.join(timeout=TIME_LIMIT + 30)
    status, body, cut_after = runaway["cut"]
    latencies = sorted(seconds for _, seconds in answers)
    quantiles = statistics.quantiles(latencies, n=100)
    print(
        f"\n{len(answers)} queries from {CLIENTS} clients in {SECONDS:.0f} s "
        f"({len(answers) / SECONDS:.0f}/s): statuses {sorted({s for s, _ in answers})}, "
        f"latency p50 {quantiles[49] * 1000:.0f} ms, p95 {quantiles[94] * 1000:.0f} ms, "
        f"p99 {quantiles[98] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms; "
        f"the runaway: {status} after {cut_after:.2f} s"
    )
    assert {s for s, _ in answers} == {200}
    assert len(answers) > 1000
    assert status == 504 and b"time limit of 3 s" in body
    assert TIME_LIMIT <= cut_after < TIME_LIMIT + 5


def test_a_request_that_finds_every_worker_busy_is_told_so(built: kg.BuildReport) -> None:
    assert built.store is not None
    server = make_server(built.store, port=0, workers=1, timeout=4.0)
    server.endpoint.pool.wait = 0.5
    for url in _running(server):
        runaway = threading.Thread(target=_ask, args=(url, RUNAWAY))
        runaway.start()
        time.sleep(0.3)
        status, body, _ = _ask(url, ORDINARY[2])
        assert status == 503 and b"busy" in body
        runaway.join(timeout=30)
        status, _, _ = _ask(url, ORDINARY[2])  # a fresh worker took the runaway's place
        assert status == 200


def test_the_time_limit_and_the_workers_are_options_of_kg_serve(built: kg.BuildReport) -> None:
    assert built.store is not None
    server = kg.serve(built.store, port=0, workers=1, timeout=1.5)
    for url in _running(server):
        status, body, seconds = _ask(url, RUNAWAY)
        assert status == 504 and b"time limit of 1.5 s" in body and seconds < 6
