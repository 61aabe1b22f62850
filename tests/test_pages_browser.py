"""Every entity has a page: opened by its IRI in `kg serve` and from `kg site` in a real
headless Chromium, in Russian and English, Turtle and JSON-LD to machines, hostile names inert."""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from playwright.sync_api import Browser, Page

import kg
from tests.conftest import ROOT
from tests.test_maps_browser import HOSTILE, HOSTILE_RECORDS

BASE = "https://w3id.org/edu-cluster-kg/id/"
PERSON = "person/beleva-irina-viktorovna"


def _serving(store: Path) -> Iterator[str]:
    server = kg.serve(store, port=0, workers=1)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def served(built: kg.BuildReport) -> Iterator[str]:
    assert built.store is not None
    yield from _serving(built.store)


class Opened:
    def __init__(self, page: Page):
        self.page, self.dialogs, self.errors = page, list[str](), list[str]()


@pytest.fixture
def visit(browser: Browser) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})

    def go(url: str) -> Opened:
        page = context.new_page()
        state = Opened(page)
        page.on("dialog", lambda d: (state.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: state.errors.append(str(e)))
        page.goto(url)
        return state

    yield go
    context.close()


def test_an_entity_page_opened_by_its_iri_says_what_the_graph_knows(visit, served: str) -> None:
    state = visit(f"{served}/id/{PERSON}")
    page = state.page
    assert page.inner_text("#label") == "Белёва Ирина Викторовна"
    assert page.inner_text("#kind") == "Вид: Человек"
    assert "председатель Координационного Совета" in page.inner_text("#positions")
    assert "Координационный Совет Афанасьевского" in page.inner_text("#positions")
    sources = page.inner_text("#sources")
    assert "Заседание Координационного Совета Афанасьевского" in sources and "2025-02-07" in sources
    assert f"#focus={BASE.replace(':', '%3A').replace('/', '%2F')}" in page.get_attribute(
        "#map", "href"
    )
    shots = ROOT / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "entity-page.png"), full_page=True)
    page.click("#positions a[href*='/council/']")  # pages link to pages
    page.wait_for_selector("#label")
    assert (
        page.inner_text("#label")
        == "Координационный Совет Афанасьевского образовательного кластера"
    )
    page.go_back()
    page.click("#language")
    page.wait_for_selector("#kind")
    assert page.inner_text("#kind") == "Kind: Person" and "Positions" in page.content()
    page.click("#map")  # the map, focused on her
    page.wait_for_function("window.kgMap && window.kgMap.ready", timeout=15_000)
    assert page.evaluate("kgMap.network.getSelectedNodes()") == [BASE + PERSON]
    assert state.dialogs == [] and state.errors == []


def test_machines_get_turtle_or_json_ld_of_the_same_entity(served: str) -> None:
    label = rdflib.Literal("Белёва Ирина Викторовна", lang="ru")
    subject = rdflib.URIRef(BASE + PERSON)
    for mime, fmt in [("text/turtle", "turtle"), ("application/ld+json", "json-ld")]:
        request = urllib.request.Request(f"{served}/id/{PERSON}", headers={"Accept": mime})
        with urllib.request.urlopen(request, timeout=20) as answer:
            assert answer.headers["Content-Type"] == mime
            graph = rdflib.Graph().parse(data=answer.read(), format=fmt)
        assert (subject, rdflib.RDFS.label, label) in graph, mime
    with urllib.request.urlopen(f"{served}/id/{PERSON}?format=jsonld", timeout=20) as answer:
        assert json.loads(answer.read())


def test_hostile_names_show_as_text_and_run_nothing(visit, tmp_path: Path) -> None:
    records = tmp_path / "hostile.yaml"
    records.write_text(HOSTILE_RECORDS, encoding="utf-8")
    report = kg.build([records], out=tmp_path / "build", maps=False)
    assert report.store is not None
    store = kg.open_built(report.store)
    person = next(iri for iri in _people(store) if iri.startswith(f"{BASE}person/")).removeprefix(
        BASE
    )
    store.close()
    for url in _serving(report.store):
        state = visit(f"{url}/id/{person}")
        assert state.page.inner_text("#label") == HOSTILE
        assert "</script><script>alert(3)</script>" in state.page.inner_text("#positions")
        assert (
            state.page.query_selector("img") is None and state.page.query_selector("script") is None
        )
        assert state.dialogs == [] and state.errors == []


def _people(store: kg.OxigraphStore) -> list[str]:  # type: ignore[name-defined]
    rows = store.query("SELECT ?p WHERE { ?p a <https://w3id.org/edu-cluster-kg/ontology#Person> }")
    return [row[0].value for row in rows.rows]


def test_kg_site_writes_the_same_pages_to_publish(
    visit, built: kg.BuildReport, tmp_path: Path
) -> None:
    assert built.store is not None
    written = kg.site(built.store, out=tmp_path / "site")
    assert written[0] == tmp_path / "site" / "index.html" and len(written) > 400
    state = visit((tmp_path / "site" / "index.html").as_uri())
    state.page.click("a:text-is('Белёва Ирина Викторовна')")
    state.page.wait_for_selector("#label")
    assert state.page.inner_text("#label") == "Белёва Ирина Викторовна"
    state.page.click("#positions a[href*='council']")
    state.page.wait_for_selector("#label")
    assert "Координационный Совет" in state.page.inner_text("#label")
    assert state.dialogs == [] and state.errors == []
