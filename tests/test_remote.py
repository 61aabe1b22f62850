"""Against a real Oxigraph server on 127.0.0.1: push, then every catalogue query as locally."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.sparql.catalogue import catalogue
from kg.sparql.results import to_json
from tests.servers import cutting_proxy


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _oxigraph() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        pytest.fail("the oxigraph server binary is missing: pip install oxigraph")
    return found


@pytest.fixture(scope="module", params=[False, True], ids=["plain", "union-default-graph"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    port = _free_port()
    args = [
        _oxigraph(),
        "serve",
        "--location",
        str(tmp_path_factory.mktemp("oxigraph")),
        "--bind",
        f"127.0.0.1:{port}",
    ]
    if request.param:
        args.append("--union-default-graph")
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(f"{url}/sparql?query=ASK%7B%7D", timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail(f"oxigraph server did not start: {process.stderr.read()!r}")  # type: ignore[union-attr]
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_every_catalogue_query_answers_remotely_as_locally(
    server: str, built: kg.BuildReport
) -> None:
    assert built.store is not None
    report = kg.push(f"{server}/sparql", store=built.store)
    assert sum(report.graphs.values()) == built.triples
    for name in catalogue():
        local = kg.query(name, store=built.store)
        remote = kg.query(name, endpoint=f"{server}/sparql")
        assert to_json(remote) == to_json(local), name


def test_a_server_asking_for_basic_credentials_gets_them_only_when_it_asks(
    server: str, built: kg.BuildReport
) -> None:
    assert built.store is not None
    with cutting_proxy(server, basic=("analyst", "hunter2")) as proxy:
        endpoint = kg.Endpoint(f"{proxy.base}/sparql", user="analyst", password="hunter2")
        kg.push(endpoint, store=built.store)
        remote = kg.query("cluster-partners", endpoint=endpoint)
        with pytest.raises(kg.KgError, match="query failed: HTTP 401 Unauthorized"):
            kg.query("brokers", endpoint=f"{proxy.base}/sparql")
    assert to_json(remote) == to_json(kg.query("cluster-partners", store=built.store))
    asked = [i for i, given in enumerate(proxy.credentials) if given is None]
    assert asked[0] == 0  # the first request goes without; the 401 names the scheme
    assert len(proxy.credentials) > 5 and all(proxy.credentials[1:-1])


def test_push_replaces_what_was_there(server: str, built: kg.BuildReport) -> None:
    assert built.store is not None
    endpoint = kg.Endpoint(f"{server}/sparql")
    endpoint.update(
        "INSERT DATA { GRAPH <https://w3id.org/edu-cluster-kg/id/graph/podosinovets>"
        " { <urn:stale> <urn:p> <urn:o> } }"
    )
    kg.push(endpoint, store=built.store)
    kg.push(endpoint, store=built.store)
    count = kg.query(text="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", endpoint=endpoint)
    assert count.rows[0][0] is not None and int(count.rows[0][0].value) == built.triples


def test_push_by_graph_store_protocol(server: str, built: kg.BuildReport) -> None:
    assert built.store is not None
    report = kg.push(f"{server}/sparql", store=built.store, gsp=f"{server}/store")
    assert report.method == "graph store protocol"
    local = kg.query("cluster-partners", store=built.store)
    assert to_json(kg.query("cluster-partners", endpoint=f"{server}/sparql")) == to_json(local)


def test_push_into_one_named_graph(server: str, built: kg.BuildReport) -> None:
    assert built.store is not None
    report = kg.push(f"{server}/sparql", store=built.store, graph="urn:kg:all")
    assert list(report.graphs) == ["urn:kg:all"]
    assert report.graphs["urn:kg:all"] == built.triples


def test_cli_push_and_query_never_print_the_password(server: str, built: kg.BuildReport) -> None:
    assert built.store is not None
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "push",
            "--endpoint",
            f"{server}/sparql",
            "--store",
            str(built.store),
            "--user",
            "analyst",
            "--password",
            "hunter2",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Pushed" in result.output
    result = runner.invoke(
        app,
        ["query", "brokers", "--endpoint", f"{server}/sparql", "--format", "csv"],
        env={"KG_ENDPOINT_PASSWORD": "hunter2"},
    )
    assert result.exit_code == 0
    assert "hunter2" not in result.output


def test_unreachable_endpoint_is_a_clear_error() -> None:
    port = _free_port()
    with pytest.raises(kg.KgError, match=f"http://127.0.0.1:{port}/sparql: query failed"):
        kg.query("brokers", endpoint=f"http://127.0.0.1:{port}/sparql")


HOSTILE = "urn:x> ; DROP ALL ; CLEAR SILENT GRAPH <urn:y"
"""A graph name that, pasted into `DROP SILENT GRAPH <…>`, empties the whole store."""


def _dataset(server: str) -> tuple[set[str], set[str]]:
    """Every quad the Oxigraph server holds, as N-Quads lines, and its named graphs, empty
    ones too (read past kg, by the Graph Store Protocol and a plain query)."""
    dump = urllib.request.Request(f"{server}/store", headers={"Accept": "application/n-quads"})
    with urllib.request.urlopen(dump, timeout=60) as answer:
        quads = set(answer.read().decode().splitlines())
    query = urllib.parse.quote("SELECT ?g WHERE { GRAPH ?g {} }")
    names = urllib.request.Request(f"{server}/sparql?query={query}", headers={"Accept": "text/csv"})
    with urllib.request.urlopen(names, timeout=60) as answer:
        graphs = set(answer.read().decode().splitlines()[1:])
    return quads, graphs


@pytest.mark.parametrize("by", ["update", "gsp"])
def test_a_graph_name_that_is_not_an_iri_is_refused_before_anything_is_sent(
    server: str, built: kg.BuildReport, by: str
) -> None:
    assert built.store is not None
    kg.push(f"{server}/sparql", store=built.store)
    before = _dataset(server)
    with cutting_proxy(server) as proxy:
        args = ["push", "--endpoint", f"{proxy.base}/sparql", "--store", str(built.store)]
        if by == "gsp":
            args += ["--gsp", f"{proxy.base}/store"]
        result = CliRunner().invoke(app, [*args, "--graph", HOSTILE])
    assert _dataset(server) == before
    assert proxy.requests == []
    assert result.exit_code == 2, result.output
    refusal = f"error: graph {HOSTILE!r} is not a valid IRI: Invalid IRI code point '>'\n"
    assert result.output == refusal


@pytest.mark.parametrize("cut", ["an upload", "the replacing request"])
def test_a_push_cut_off_midway_leaves_the_remote_graphs_as_they_were(
    server: str, built: kg.BuildReport, cut: str
) -> None:
    assert built.store is not None
    kg.push(f"{server}/sparql", store=built.store)
    with cutting_proxy(server) as counting:
        kg.push(f"{counting.base}/sparql", store=built.store)
    kg.Endpoint(f"{server}/sparql").update(
        "INSERT DATA { GRAPH <https://w3id.org/edu-cluster-kg/id/graph/podosinovets>"
        " { <urn:stale> <urn:p> <urn:o> } }"
    )
    before = _dataset(server)
    cut_at = 2 if cut == "an upload" else len(counting.updates)
    failed = pytest.raises(kg.KgError, match="update failed: Remote end closed connection")
    with cutting_proxy(server, cut_update=cut_at) as proxy, failed:
        kg.push(f"{proxy.base}/sparql", store=built.store)
    assert _dataset(server) == before
    assert proxy.updates[cut_at - 1].startswith("INSERT" if cut == "an upload" else "MOVE GRAPH")
    assert len(proxy.updates) == cut_at + 1  # the cut one, then the temporary graphs dropped
    assert proxy.updates[-1].startswith("DROP SILENT GRAPH <")


def test_a_push_leaves_no_temporary_graph_behind(server: str, built: kg.BuildReport) -> None:
    assert built.store is not None
    _, before = _dataset(server)
    report = kg.push(f"{server}/sparql", store=built.store)
    quads, after = _dataset(server)
    assert after == before | set(report.graphs)
    pushed = [line for line in quads if line.rsplit(" ", 2)[-2][1:-1] in report.graphs]
    assert len(pushed) == built.triples
