"""Maps in a real headless Chromium, offline: drawn as projected, searchable, filterable, and
inert to hostile names."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest
from playwright.sync_api import Browser, Page

import kg
from kg.store import OxigraphStore
from kg.viz.analysis import analyze
from kg.viz.projection import project
from tests.conftest import ROOT

HOSTILE = "<img src=x onerror=alert(1)>"


class Opened:
    def __init__(self, page: Page):
        self.page = page
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []


@pytest.fixture
def open_map(browser: Browser) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened: list[Opened] = []

    def block_network(route: object) -> None:
        request = route.request  # type: ignore[attr-defined]
        opened[-1].requests.append(request.url)
        if request.url.startswith("file:"):
            route.continue_()  # type: ignore[attr-defined]
        else:
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", block_network)

    def go(path: Path) -> Opened:
        page = context.new_page()
        state = Opened(page)
        opened.append(state)
        page.on("dialog", lambda d: (state.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: state.errors.append(str(e)))
        page.goto(path.resolve().as_uri())
        page.wait_for_function("window.kgMap && window.kgMap.ready", timeout=15_000)
        return state

    yield go
    context.close()


@pytest.fixture(scope="module")
def maps(built: kg.BuildReport) -> Path:
    assert built.maps
    return built.maps[0].path.parent


def _graph(built: kg.BuildReport):  # type: ignore[no-untyped-def]
    assert built.store is not None
    return project(OxigraphStore(built.store, read_only=True))


def test_map_draws_every_projected_node_and_edge_offline(
    open_map, maps: Path, built: kg.BuildReport
) -> None:
    graph = _graph(built)
    state = open_map(maps / "index.html")
    drawn = state.page.evaluate("kgMap.visible()")
    assert drawn == {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
    assert state.page.evaluate("kgMap.network.body.nodeIndices.length") == graph.number_of_nodes()
    assert [u for u in state.requests if not u.startswith("file:")] == []
    assert state.errors == []
    shots = ROOT / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    state.page.screenshot(path=str(shots / "network-map.png"))


def test_cluster_map_shows_the_cluster_scope(open_map, maps: Path) -> None:
    state = open_map(maps / "cluster-oparinskii-obrazovatelnyi-klaster.html")
    assert state.page.evaluate("kgMap.visible()") == {"nodes": 37, "edges": 56}
    assert "Опаринский образовательный кластер" in state.page.title()


def test_search_box_focuses_the_named_node(open_map, maps: Path) -> None:
    state = open_map(maps / "index.html")
    state.page.fill("#search", "Жилина")
    state.page.press("#search", "Enter")
    selected = state.page.evaluate("kgMap.network.getSelectedNodes()")
    assert selected == ["https://w3id.org/edu-cluster-kg/id/person/zhilina-o-a"]
    scale = state.page.evaluate("kgMap.network.getScale()")
    assert scale == pytest.approx(1.4)
    shots = ROOT / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    state.page.screenshot(path=str(shots / "search-zhilina.png"))


def test_search_ignores_case_and_yo_and_says_when_it_finds_nothing(open_map, maps: Path) -> None:
    state = open_map(maps / "index.html")
    state.page.fill("#search", "белева")  # Белёва, typed as people type it
    state.page.press("#search", "Enter")
    selected = state.page.evaluate("kgMap.network.getSelectedNodes()")
    assert selected == ["https://w3id.org/edu-cluster-kg/id/person/beleva-irina-viktorovna"]
    assert state.page.inner_text("#search-status") == ""
    state.page.fill("#search", "Марсианская школа")
    state.page.press("#search", "Enter")
    assert state.page.inner_text("#search-status") == "не найдено"
    options = state.page.eval_on_selector_all("#names option", "os => os.map(o => o.value)")
    assert "Белёва Ирина Викторовна" in options  # the names it completes


def _all_shown_in_view(state) -> bool:  # type: ignore[no-untyped-def]
    return bool(
        state.page.evaluate(
            """(() => { const r = document.getElementById('network').getBoundingClientRect();
                 const ids = kgMap.nodes.get({filter: n => !n.hidden}).map(n => n.id);
                 const at = kgMap.network.getPositions(ids);
                 return ids.every(id => { const d = kgMap.network.canvasToDOM(at[id]);
                   return d.x >= 0 && d.y >= 0 && d.x <= r.width && d.y <= r.height; }); })()"""
        )
    )


def test_choosing_a_cluster_fits_the_view_and_counts_its_nodes(open_map, maps: Path) -> None:
    state = open_map(maps / "index.html")
    before = state.page.inner_text("#legend")
    state.page.evaluate("kgMap.network.moveTo({scale: 6, position: {x: 0, y: 0}})")
    state.page.select_option("#cluster", "Подосиновский образовательный кластер")
    assert _all_shown_in_view(state)
    after = state.page.inner_text("#legend")
    assert after != before and "Школа (" in after
    state.page.evaluate("kgMap.network.moveTo({scale: 6, position: {x: 0, y: 0}})")
    assert not _all_shown_in_view(state)
    state.page.click("#fit")
    assert _all_shown_in_view(state)


def test_the_view_saves_as_png_and_svg(open_map, maps: Path, tmp_path: Path) -> None:
    state = open_map(maps / "index.html")
    state.page.select_option("#cluster", "Подосиновский образовательный кластер")
    with state.page.expect_download() as png:
        state.page.click("#save-png")
    png.value.save_as(tmp_path / "view.png")
    data = (tmp_path / "view.png").read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    with state.page.expect_download() as svg:
        state.page.click("#save-svg")
    svg.value.save_as(tmp_path / "view.svg")
    drawing = ElementTree.parse(tmp_path / "view.svg").getroot()
    ns = {"svg": "http://www.w3.org/2000/svg"}
    circles = drawing.findall("svg:circle", ns)
    assert len(circles) == state.page.evaluate("kgMap.visible().nodes") == 21
    labels = {t.text for t in drawing.findall("svg:text", ns)}
    assert "Подосиновский образовательный кластер" in labels


def test_the_map_shows_what_kg_analyze_found(open_map, maps: Path, built: kg.BuildReport) -> None:
    found = analyze(_graph(built))
    state = open_map(maps / "index.html")
    shown = state.page.evaluate(
        "kgMap.nodes.get().map(n => ({name: n.name, betweenness: n.betweenness,"
        " community: n.community, broker: n.broker, border: n.borderWidth}))"
    )
    pairs = {(n["name"], n["betweenness"]) for n in shown}  # names may repeat: pairs
    for row in found.centrality:  # the same figures as the report
        assert (row["name"], row["betweenness"]) in pairs
    brokers = {n["name"] for n in shown if n["broker"]}
    assert brokers == {str(row["name"]) for row in found.brokers} and brokers
    assert all(n["border"] == 4 for n in shown if n["broker"])
    state.page.select_option("#size-by", "betweenness")
    sizes = state.page.evaluate("Object.fromEntries(kgMap.nodes.get().map(n => [n.name, n.size]))")
    assert sizes[str(found.centrality[0]["name"])] == max(sizes.values()) == 35
    state.page.select_option("#colour-by", "community")
    colours = state.page.evaluate(
        "kgMap.nodes.get().map(n => [n.community, n.color.background || n.color])"
    )
    by_community: dict[int, set[str]] = {}
    for community, colour in colours:
        by_community.setdefault(community, set()).add(colour)
    assert all(len(c) == 1 for c in by_community.values())  # one colour per community
    assert len({next(iter(c)) for c in by_community.values()}) == min(len(by_community), 12)
    assert len(by_community) == len(found.communities)
    shots = ROOT / "build" / "screenshots"
    state.page.screenshot(path=str(shots / "network-communities.png"))


def test_the_year_slider_shows_the_network_as_it_stood(open_map, maps: Path) -> None:
    state = open_map(maps / "index.html")
    every = state.page.evaluate("kgMap.visible()")
    state.page.evaluate(
        "(() => { const y = document.getElementById('year'); y.value = 2019;"
        " y.dispatchEvent(new Event('input')); })()"
    )
    assert state.page.inner_text("#year-shown") == "2019"
    events = state.page.evaluate(
        "kgMap.nodes.get({filter: n => n.kind === 'event' && !n.hidden}).map(n => [n.name, n.year])"
    )
    names = {name for name, _ in events}
    assert "Медиативные технологии в образовании" in names
    assert all(year in ("", "2019") for _, year in events)
    assert (
        "Открытое образовательное пространство: партнерство, доверие, ответственность" not in names
    )
    assert state.page.evaluate("kgMap.visible().nodes") < every["nodes"]
    state.page.check("#all-years")
    assert state.page.evaluate("kgMap.visible()") == every


def test_a_clusters_timeline_lists_its_meetings_and_decisions(open_map, maps: Path) -> None:
    state = open_map(maps / "index.html")
    state.page.select_option("#cluster", "Подосиновский образовательный кластер")
    items = state.page.eval_on_selector_all(
        "#timeline > ol > li", "items => items.map(i => i.firstChild.textContent)"
    )
    assert items == sorted(items) and len(items) >= 2
    meeting = next(i for i in items if i.startswith("2025-02-26 — Открытое образовательное"))
    assert meeting
    decisions = state.page.inner_text("#timeline ul")
    assert "1. Рекомендовать к внедрению формы совместной работы" in decisions
    shots = ROOT / "build" / "screenshots"
    state.page.screenshot(path=str(shots / "cluster-timeline.png"))


LABEL_BOXES = """(() => {
  const scale = kgMap.network.getScale();
  return kgMap.nodes.get({filter: n => !n.hidden && n.label}).map(n => {
    const b = kgMap.network.body.nodes[n.id].labelModule.size;
    const at = kgMap.network.canvasToDOM({x: b.left, y: b.top});
    return {name: n.name, x: at.x, y: at.y, w: b.width * scale, h: b.height * scale,
            px: kgMap.network.body.nodes[n.id].labelModule.fontOptions.size * scale};
  });
})()"""


def _overlaps(boxes: list[dict[str, float]]) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = (
                a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"]
                or a["y"] + a["h"] <= b["y"] or b["y"] + b["h"] <= a["y"]
            )  # fmt: skip
            if not apart:
                found.append((a["name"], b["name"]))
    return found


@pytest.fixture(scope="module")
def synthetic_maps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synth-maps")
    kg.synth(300, seed=1, out=folder / "records")
    report = kg.build([folder / "records"], out=folder / "build", validate=False, maps=False)
    assert report.store is not None
    kg.map(report.store, out=folder / "maps")
    return folder / "maps" / "index.html"


@pytest.mark.parametrize("which", ["data", "300 schools"])
def test_labels_at_the_opening_view_are_legible_and_never_overlap(
    open_map, maps: Path, synthetic_maps: Path, which: str
) -> None:
    state = open_map(maps / "index.html" if which == "data" else synthetic_maps)
    boxes = state.page.evaluate(LABEL_BOXES)
    assert len(boxes) >= 10  # the most connected are named
    clusters = state.page.evaluate(
        "kgMap.nodes.get({filter: n => n.kind === 'cluster'}).map(n => n.name)"
    )
    named = {b["name"] for b in boxes}
    unnamed = [c for c in clusters if c not in named]  # clusters first, as room allows
    assert unnamed == [] if which == "data" else len(unnamed) < len(clusters) / 2
    assert min(b["px"] for b in boxes) >= 11
    assert _overlaps(boxes) == []
    shots = ROOT / "build" / "screenshots"
    state.page.screenshot(path=str(shots / f"opening-{which.replace(' ', '-')}.png"))
    state.page.evaluate("kgMap.network.moveTo({scale: kgMap.network.getScale() * 4})")
    state.page.evaluate("kgMap.relabel()")
    closer = state.page.evaluate(LABEL_BOXES)
    assert _overlaps(closer) == [] and min(b["px"] for b in closer) >= 11


def test_expand_shows_a_nodes_neighbours_beyond_the_cluster(open_map, maps: Path) -> None:
    state = open_map(maps / "index.html")
    state.page.select_option("#cluster", "Подосиновский образовательный кластер")
    before = state.page.evaluate("kgMap.visible().nodes")
    bank = "https://w3id.org/edu-cluster-kg/id/org/ao-rosselkhozbank"
    state.page.evaluate(f"kgMap.network.selectNodes([{bank!r}])")
    state.page.click("#expand")
    shown = state.page.evaluate("kgMap.nodes.get({filter: n => !n.hidden}).map(n => n.name)")
    assert len(shown) > before
    assert "Афанасьевский образовательный кластер" in shown  # the bank's other cluster


def test_the_overview_groups_clusters_by_region_and_district(
    open_map, synthetic_maps: Path
) -> None:
    state = open_map(synthetic_maps.with_name("clusters.html"))
    clusters = state.page.evaluate(
        "kgMap.nodes.get().map(n => ({id: n.id, caption: n.caption, size: n.size}))"
    )
    assert len(clusters) == 16 and all("район" in c["caption"].split("\n")[1] for c in clusters)
    regions = state.page.evaluate(
        "JSON.parse(document.getElementById('kg-data').textContent).groups.map(g => g.label)"
    )
    assert sorted(regions) == ["Озёрская область", "Северская область"]
    at = state.page.evaluate("kgMap.network.getPositions()")
    lines = state.page.evaluate("kgMap.edges.get().map(e => [e.from, e.to])")
    for a, b in lines:  # on each region's ring no edge runs through a third cluster
        (ax, ay), (bx, by) = (at[a]["x"], at[a]["y"]), (at[b]["x"], at[b]["y"])
        for c in at:
            if c in (a, b):
                continue
            cx, cy = at[c]["x"], at[c]["y"]
            t = max(0, min(1, ((cx - ax) * (bx - ax) + (cy - ay) * (by - ay))
                           / ((bx - ax) ** 2 + (by - ay) ** 2)))  # fmt: skip
            assert ((ax + t * (bx - ax) - cx) ** 2 + (ay + t * (by - ay) - cy) ** 2) ** 0.5 > 20
    boxes = state.page.evaluate(LABEL_BOXES)
    assert boxes and _overlaps(boxes) == [] and min(b["px"] for b in boxes) >= 11
    state.page.screenshot(path=str(ROOT / "build" / "screenshots" / "overview-300-schools.png"))


def test_kind_and_cluster_filters_hide_the_right_nodes(
    open_map, maps: Path, built: kg.BuildReport
) -> None:
    graph = _graph(built)
    people = sum(1 for _, k in graph.nodes(data="kind") if k == "person")
    state = open_map(maps / "index.html")
    state.page.click("#legend input[data-kind=person]")
    assert state.page.evaluate("kgMap.visible().nodes") == graph.number_of_nodes() - people
    hidden = state.page.evaluate("kgMap.nodes.get({filter: n => n.hidden}).map(n => n.kind)")
    assert set(hidden) == {"person"}
    state.page.click("#legend input[data-kind=person]")
    state.page.select_option("#cluster", "Подосиновский образовательный кластер")
    scope = [
        n
        for n, d in graph.nodes(data=True)
        if "Подосиновский образовательный кластер" in d["clusters"]
    ]
    assert state.page.evaluate("kgMap.visible().nodes") == len(scope) == 21


def test_click_highlights_the_neighbours(open_map, maps: Path) -> None:
    state = open_map(maps / "cluster-podosinovskii-obrazovatelnyi-klaster.html")
    bank = "https://w3id.org/edu-cluster-kg/id/org/ao-rosselkhozbank"
    state.page.evaluate(f"kgMap.highlight({bank!r})")
    grey = state.page.evaluate("kgMap.nodes.get({filter: n => n.color === '#e4e4e4'}).length")
    near = state.page.evaluate(f"kgMap.network.getConnectedNodes({bank!r}).length")
    assert grey == 21 - 1 - near


HOSTILE_RECORDS = (
    "organizations:\n"
    f"  - name: 'Школа {HOSTILE}'\n    kind: school\n"
    "  - name: 'Банк <a href=\"javascript:alert(2)\">href</a>'\n    kind: bank\n"
    "people:\n"
    f"  - name: '{HOSTILE}'\n    positions:\n"
    "      - title: 'директор </script><script>alert(3)</script>'\n"
    f"        org: 'Школа {HOSTILE}'\n"
)
"""Names that would run as code if pasted into HTML or a script: every page must show them."""


def test_hostile_names_show_as_text_and_run_nothing(open_map, tmp_path: Path) -> None:
    records = tmp_path / "hostile.yaml"
    records.write_text(HOSTILE_RECORDS, encoding="utf-8")
    report = kg.build([records], out=tmp_path / "build")
    state = open_map(report.maps[0].path)
    person = state.page.evaluate(f"kgMap.nodes.get({{filter: n => n.name === {HOSTILE!r}}})[0].id")
    box = state.page.evaluate(
        f"""(() => {{ const p = kgMap.network.getPositions([{person!r}])[{person!r}];
                     const d = kgMap.network.canvasToDOM(p);
                     const r = document.getElementById('network').getBoundingClientRect();
                     return {{x: r.left + d.x, y: r.top + d.y}}; }})()"""
    )
    state.page.mouse.move(box["x"], box["y"])
    state.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    tip = state.page.inner_text("div.vis-tooltip")
    assert HOSTILE in tip and "</script><script>alert(3)</script>" in tip
    state.page.fill("#search", HOSTILE)
    state.page.press("#search", "Enter")
    assert state.page.evaluate("kgMap.network.getSelectedNodes()") == [person]
    assert state.dialogs == []
    assert state.page.evaluate("document.querySelectorAll('img, a[href^=javascript]').length") == 0
    assert state.errors == []
