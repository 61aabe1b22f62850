"""`kg serve` over HTTP: answers queries from the store as it is now, refuses every update."""

from __future__ import annotations

import json
import logging
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app


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


def test_a_catalogue_parameter_finds_names_as_kg_query_does(read_only: str) -> None:
    surname = urllib.parse.quote("Белева")
    with urllib.request.urlopen(f"{read_only}/queries/person-positions?person={surname}") as r:
        assert json.load(r)["results"]["bindings"]
    with urllib.request.urlopen(f"{read_only}/queries/person-positions.rq?person={surname}") as r:
        assert "Белёва Ирина Викторовна" in r.read().decode()  # the text the workbench opens
    nobody = urllib.parse.quote("Марсианский")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{read_only}/queries/cluster-partners?cluster={nobody}")
    assert refused.value.code == 400
    assert refused.value.read().decode() == "parameter cluster: no cluster named 'Марсианский'\n"


def test_refuses_every_update_naming_the_commands_that_write(
    read_only: str, built: kg.BuildReport
) -> None:
    assert built.store is not None
    before = kg.stats(built.store).triples
    bearer = {"Authorization": "Bearer s3cret"}  # once a way in; no longer
    for body, content_type in [
        ("DROP ALL", "application/sparql-update"),
        ("update=DROP%20ALL", "application/x-www-form-urlencoded"),
    ]:
        status, answer = _post(f"{read_only}/sparql", body, content_type, bearer)
        assert status == 403
        assert b"read-only" in answer
        assert b"kg ingest" in answer and b"kg update" in answer
    request = urllib.request.Request(
        f"{read_only}/sparql?{urllib.parse.urlencode({'update': 'DROP ALL'})}"
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
    assert kg.stats(built.store).triples == before


def test_serve_has_no_option_to_allow_updates(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["serve", "--token", "s3cret", "--port", "0", "--store", str(tmp_path / "none")]
    )
    assert result.exit_code == 2
    assert "No such option: --token" in result.output


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


RECORDS = "organizations:\n  - name: {name}\n    kind: school\n"
LABELS = (
    "SELECT ?label WHERE { ?s a <https://w3id.org/edu-cluster-kg/ontology#School> ; "
    "<http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label"
)


def _labels(url: str) -> list[str]:
    query = urllib.parse.urlencode({"query": LABELS})
    with urllib.request.urlopen(f"{url}/sparql?{query}", timeout=10) as response:
        data = json.load(response)
    return [row["label"]["value"] for row in data["results"]["bindings"]]


@pytest.fixture
def served_build(tmp_path: Path) -> Iterator[tuple[Path, Path, str]]:
    """A build of one school's records, served: (records, build folder, URL)."""
    records, out = tmp_path / "school.yaml", tmp_path / "build"
    records.write_text(RECORDS.format(name="Школа Первая"), encoding="utf-8")
    kg.build([records], out=out, maps=False)
    server = kg.serve(out / "store", port=0)
    yield records, out, _start(server)
    server.shutdown()
    server.server_close()


def test_a_rebuilt_store_is_served_from_the_next_request(
    served_build: tuple[Path, Path, str], caplog: pytest.LogCaptureFixture
) -> None:
    records, out, url = served_build
    assert _labels(url) == ["Школа Первая"]
    records.write_text(RECORDS.format(name="Школа Вторая"), encoding="utf-8")
    kg.build([records], out=out, maps=False)
    with caplog.at_level(logging.INFO, logger="kg.sparql.serve"):
        assert _labels(url) == ["Школа Вторая"]
        assert _labels(url) == ["Школа Вторая"]
    assert caplog.messages == ["store rebuilt; serving the new one"]


def test_a_store_changed_by_kg_update_is_served_as_it_is_now(
    served_build: tuple[Path, Path, str],
) -> None:
    records, out, url = served_build
    assert _labels(url) == ["Школа Первая"]
    records.write_text(
        RECORDS.format(name="Школа Первая") + "  - name: Школа Вторая\n    kind: school\n",
        encoding="utf-8",
    )
    kg.update([records], store=out / "store")
    assert _labels(url) == ["Школа Вторая", "Школа Первая"]
