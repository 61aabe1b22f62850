"""`kg serve` over HTTP: answers queries, refuses updates without a token."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

import kg


@pytest.fixture(scope="module")
def store_copy(tmp_path_factory: pytest.TempPathFactory, built: kg.BuildReport) -> Path:
    """A build of its own, since a server with a token may change it."""
    from tests.conftest import DATA

    return kg.build([DATA], out=tmp_path_factory.mktemp("serve")).store  # type: ignore[return-value]


def _start(server: ThreadingHTTPServer) -> str:
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return f"http://{host}:{port}"


@pytest.fixture
def read_only(built: kg.BuildReport) -> Iterator[str]:
    assert built.store is not None
    server = kg.serve(built.store, port=0)
    yield _start(server)
    server.shutdown()
    server.server_close()


def _post(
    url: str, body: str, content_type: str, headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    request = urllib.request.Request(
        url,
        data=body.encode(),
        method="POST",
        headers={"Content-Type": content_type, **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_binds_to_loopback_by_default(read_only: str) -> None:
    assert read_only.startswith("http://127.0.0.1:")


def test_answers_a_query_as_sparql_json(read_only: str) -> None:
    query = (
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a "
        "<https://w3id.org/edu-cluster-kg/ontology#EducationalCluster> }"
    )
    url = f"{read_only}/sparql?{urllib.parse.urlencode({'query': query})}"
    with urllib.request.urlopen(url, timeout=10) as response:
        data = json.load(response)
    assert int(data["results"]["bindings"][0]["n"]["value"]) >= 1


def test_runs_a_catalogue_query_with_parameters(read_only: str) -> None:
    url = f"{read_only}/queries/brokers?min=1"
    with urllib.request.urlopen(url, timeout=10) as response:
        data = json.load(response)
    assert data["head"]["vars"] == ["person", "bodies", "where"]
    assert data["results"]["bindings"]


def test_refuses_updates_without_a_token(read_only: str, built: kg.BuildReport) -> None:
    assert built.store is not None
    before = kg.stats(built.store).triples
    status, body = _post(f"{read_only}/sparql", "DROP ALL", "application/sparql-update")
    assert status == 403
    assert b"read-only" in body
    status, _ = _post(
        f"{read_only}/sparql", "update=DROP%20ALL", "application/x-www-form-urlencoded"
    )
    assert status == 403
    assert kg.stats(built.store).triples == before


def test_reports_a_syntax_error_with_its_position(read_only: str) -> None:
    status, body = _post(
        f"{read_only}/sparql", "SELECT ?x WHERE { ?x ?p }", "application/sparql-query"
    )
    assert status == 400
    assert b"line 1, column 26" in body


def test_query_page_embeds_the_catalogue_safely(read_only: str) -> None:
    with urllib.request.urlopen(f"{read_only}/", timeout=10) as response:
        page = response.read().decode()
    assert "cluster-composition" in page
    script = page.split('id="catalogue-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in script


def test_with_a_token_updates_need_it(store_copy: Path) -> None:
    server = kg.serve(store_copy, port=0, token="s3cret")
    url = _start(server)
    try:
        update = "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"
        assert _post(f"{url}/sparql", update, "application/sparql-update")[0] == 401
        assert (
            _post(
                f"{url}/sparql",
                update,
                "application/sparql-update",
                {"Authorization": "Bearer wrong"},
            )[0]
            == 401
        )
        assert (
            _post(
                f"{url}/sparql",
                update,
                "application/sparql-update",
                {"Authorization": "Bearer s3cret"},
            )[0]
            == 204
        )
    finally:
        server.shutdown()
        server.server_close()
