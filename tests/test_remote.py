"""Against a real Oxigraph server on 127.0.0.1: push, then every catalogue query as locally."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.sparql.catalogue import catalogue
from kg.sparql.results import to_json


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
