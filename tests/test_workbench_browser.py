"""The workbench of `kg serve` (YASGUI, shipped in the package) in a real headless Chromium:
a query typed and run, completion from the graph's vocabulary, the answer downloaded, a
catalogue query opened with its parameters, errors at the user's own line, a shareable
link, result IRIs opening their pages; and nothing loaded from anywhere but the server."""

from __future__ import annotations

import csv
import io
import json
import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

import kg
from kg.sparql.workbench.fetch import VERSION
from tests.conftest import ROOT

TYPED = """PREFIX kg: <https://w3id.org/edu-cluster-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?person ?name WHERE { ?person a kg:Person ; rdfs:label ?name } ORDER BY ?name LIMIT 3"""


@pytest.fixture(scope="module")
def served(built: kg.BuildReport) -> Iterator[str]:
    assert built.store is not None
    server = kg.serve(built.store, port=0, workers=1)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def workbench(browser: Browser, served: str) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    page = context.new_page()
    elsewhere: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(served) else elsewhere.append(r.url))
    page.on("dialog", lambda d: (elsewhere.append("dialog: " + d.message), d.dismiss()))
    page.goto(f"{served}/")
    page.wait_for_selector(".yasqe .CodeMirror", timeout=15_000)
    yield page, elsewhere
    context.close()


def _type(page: Page, text: str) -> None:
    page.click(".yasqe .CodeMirror-code")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    for line in text.split("\n"):
        page.keyboard.type(line.lstrip())
        page.keyboard.press("Enter")


def _rows(page: Page) -> list[list[str]]:
    page.wait_for_selector(".yasr table.dataTable tbody tr", timeout=15_000)
    cells = page.eval_on_selector_all(
        ".yasr table.dataTable tbody tr",
        "rows => rows.map(r => [...r.querySelectorAll('td')].map(td => td.innerText.trim()))",
    )
    return [row[1:] for row in cells]  # the first cell is the row's number


def test_a_typed_query_runs_and_its_answer_downloads(workbench, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page, elsewhere = workbench
    _type(page, TYPED)
    page.click(".yasqe_queryButton")
    rows = _rows(page)
    assert len(rows) == 3 and all("/person/" in r[0] for r in rows)
    with page.expect_download() as download:
        page.click("#downloads button[data-ext=csv]")
    saved = tmp_path / "answer.csv"
    download.value.save_as(saved)
    table = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert table[0] == ["person", "name"] and len(table) == 4
    assert [r[1] for r in table[1:]] == [r[1].strip('"').split('"@')[0] for r in rows]
    with page.expect_download() as download:
        page.click("#downloads button[data-ext=json]")
    download.value.save_as(tmp_path / "answer.json")
    assert len(json.loads((tmp_path / "answer.json").read_text())["results"]["bindings"]) == 3
    shots = ROOT / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "workbench.png"))
    assert elsewhere == []


def test_completion_offers_the_graphs_own_terms(workbench) -> None:  # type: ignore[no-untyped-def]
    page, elsewhere = workbench
    _type(
        page,
        "PREFIX kg: <https://w3id.org/edu-cluster-kg/ontology#>\nSELECT * WHERE { ?s a kg:Educ",
    )
    page.keyboard.press("Backspace")  # the Enter _type ends with
    page.keyboard.press("Control+Space")
    page.wait_for_selector(".CodeMirror-hints li", timeout=10_000)
    hints = page.eval_on_selector_all(
        ".CodeMirror-hints li", "items => items.map(i => i.innerText)"
    )
    assert "<https://w3id.org/edu-cluster-kg/ontology#EducationalCluster>" in hints
    assert elsewhere == []


def test_a_catalogue_query_opens_with_its_parameters(  # type: ignore[no-untyped-def]
    workbench, built: kg.BuildReport
) -> None:
    page, _ = workbench
    cluster = "Подосиновский образовательный кластер"
    entry = page.locator(".entry[data-name=cluster-partners]")
    entry.locator("input[name=cluster]").fill(cluster)
    entry.locator("button").click()
    rows = _rows(page)
    local = kg.query("cluster-partners", params={"cluster": cluster}, store=built.store)
    assert len(rows) == min(len(local.rows), 50)  # YASR's first page
    assert "VALUES (?cluster)" in page.evaluate("kgWorkbench.yasgui.getTab().getQuery()")


def test_an_error_names_the_line_of_the_users_own_text(workbench) -> None:  # type: ignore[no-untyped-def]
    page, _ = workbench
    text = "SELECT ?s WHERE {\n  ?s ?p ?o\n  FILTER (?o > ) }"
    page.evaluate("text => { kgWorkbench.yasgui.getTab().setQuery(text); }", text)
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr .errorResult", timeout=15_000)
    assert "SPARQL syntax error at line 3, column " in page.inner_text(".yasr .errorResult")


def test_a_shared_link_carries_the_query(workbench, browser: Browser) -> None:  # type: ignore[no-untyped-def]
    page, _ = workbench
    _type(page, TYPED)
    link = page.evaluate(
        "(y => y.config.createShareableLink(y))(kgWorkbench.yasgui.getTab().getYasqe())"
    )
    other = browser.new_context().new_page()
    other.goto(link)
    other.wait_for_selector(".yasqe .CodeMirror", timeout=15_000)
    assert "ORDER BY ?name LIMIT 3" in other.evaluate("kgWorkbench.yasgui.getTab().getQuery()")
    other.context.close()


def test_a_result_iri_opens_its_page_here(workbench, served: str) -> None:  # type: ignore[no-untyped-def]
    page, elsewhere = workbench
    _type(page, TYPED)
    page.click(".yasqe_queryButton")
    _rows(page)
    page.click(".yasr table.dataTable tbody tr >> nth=0 >> a")
    page.wait_for_selector("#label", timeout=15_000)
    assert page.url.startswith(f"{served}/id/person/")
    assert elsewhere == []


def test_yasgui_is_the_pinned_version_shipped_in_the_package() -> None:
    from importlib.resources import files

    vendored = json.loads(files("kg.sparql.workbench").joinpath("VENDORED.json").read_text())
    assert vendored["version"] == VERSION and vendored["license"] == "MIT"
    assert (
        files("kg.sparql.workbench").joinpath("yasgui.min.js").read_bytes().startswith(b"(function")
    )
