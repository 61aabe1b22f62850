"""Network maps: self-contained HTML pages a coordinator opens in any browser, offline.

pyvis supplies vis-network; the page is kg's own template (src/kg/map.html), because
pyvis's links Bootstrap from a CDN even "in line", and renders every tooltip as HTML as
soon as one contains "href". Here every name reaches the page as JSON text and is put on
screen with textContent. Positions are computed in Python with a fixed seed and physics
is off, so the map is drawn at once and the same every time.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
import yaml
from markupsafe import Markup

from kg.errors import KgError
from kg.files import write_atomic
from kg.rdf.naming import name_key, slug
from kg.resources import folder
from kg.viz.analysis import figures

STYLE_FILE = folder("viz") / "style.yaml"
SEED = 7
SPRING_UP_TO = 800
"""Above this many nodes, a spectral layout per cluster replaces the slower spring layout."""
TEXT = {
    "ru": {"summary": "{nodes} узлов, {edges} связей", "search": "Найти по имени",
           "cluster": "Кластер", "all_clusters": "Все кластеры", "kinds": "Виды узлов",
           "relations": "Связи", "more": "… ещё", "sources": "Источники",
           "maps": "Карты кластеров", "network": "Сеть образовательных кластеров",
           "overview": "Образовательные кластеры: обзор", "not_found": "не найдено",
           "fit": "Показать всю сеть", "save": "Сохранить вид:", "colour": "Цвет",
           "by_kind": "по виду", "by_community": "по сообществу", "size": "Размер",
           "by_degree": "по числу связей", "by_betweenness": "по посредничеству",
           "broker": "посредник между кластерами (обведён)", "community": "сообщество",
           "year": "Год", "all_years": "все годы", "timeline": "Заседания и мероприятия кластера",
           "decisions": "решения", "expand": "Показать соседей выбранного"},
    "en": {"summary": "{nodes} nodes, {edges} relations", "search": "Find by name",
           "cluster": "Cluster", "all_clusters": "All clusters", "kinds": "Node kinds",
           "relations": "Relations", "more": "… more:", "sources": "Sources",
           "maps": "Cluster maps", "network": "Network of educational clusters",
           "overview": "Educational clusters: overview", "not_found": "not found",
           "fit": "Fit the whole network", "save": "Save the view:", "colour": "Colour",
           "by_kind": "by kind", "by_community": "by community", "size": "Size",
           "by_degree": "by degree", "by_betweenness": "by betweenness",
           "broker": "broker between clusters (outlined)", "community": "community",
           "year": "Year", "all_years": "all years",
           "timeline": "The cluster's meetings and events",
           "decisions": "decisions", "expand": "Show the selected node's neighbours"},
}  # fmt: skip


@dataclass(frozen=True)
class MapFile:
    path: Path
    title: str
    nodes: int
    edges: int


@cache
def load_style(path: Path = STYLE_FILE) -> dict[str, Any]:
    try:
        style = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KgError(f"{path}: cannot read the map style: {exc}") from None
    for section in ("nodes", "edges"):
        if not isinstance(style.get(section), dict):
            raise KgError(f"{path}: expected a '{section}' mapping")
    return dict(style)


@cache
def _vis_js() -> str:
    return files("pyvis").joinpath("lib/vis-9.1.2/vis-network.min.js").read_text(encoding="utf-8")


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(files("kg.viz").joinpath("map.html").read_text(encoding="utf-8"))


def layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Reproducible positions in pixels. Nodes are grouped by their first cluster (the rest
    by connected part); each group is laid out on its own (spring layout with a fixed seed,
    spectral above SPRING_UP_TO nodes), and the groups are packed in rows, largest first.
    Grouping first keeps a national network of thousands of nodes to seconds of layout."""
    group = _groups(graph)
    groups: dict[str, list[str]] = {}
    for node in sorted(graph):
        groups.setdefault(group[node], []).append(node)
    parts = sorted((sorted(m) for m in groups.values()), key=lambda m: (-len(m), m[0]))
    radii = [60 * len(members) ** 0.5 + 30 for members in parts]
    width = 1.3 * sum((2 * r) ** 2 for r in radii) ** 0.5
    out: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for members, radius in zip(parts, radii, strict=True):
        if x > 0 and x + 2 * radius > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in _local_layout(graph.subgraph(members)).items():
            out[node] = (x + radius + px * radius, y + radius + py * radius)
        x += 2 * radius + 20
        row_height = max(row_height, 2 * radius + 20)
    return out


def _groups(graph: nx.Graph) -> dict[str, str]:
    """Each node's group: its first cluster; else the group of the nearest node that has one
    (breadth first, in a fixed order); else its connected part."""
    group = {n: c[0] for n, c in graph.nodes(data="clusters") if c}
    frontier = sorted(group)
    while frontier:
        following = []
        for node in frontier:
            for neighbour in sorted(graph.neighbors(node)):
                if neighbour not in group:
                    group[neighbour] = group[node]
                    following.append(neighbour)
        frontier = following
    rest = graph.subgraph([n for n in graph if n not in group])
    for members in nx.connected_components(rest):
        key = f"~{min(members)}"
        group.update(dict.fromkeys(members, key))
    return group


def _local_layout(part: nx.Graph) -> dict[str, tuple[float, float]]:
    """Positions within [-1, 1] for one connected part."""
    n = part.number_of_nodes()
    if n == 1:
        return {next(iter(part.nodes)): (0.0, 0.0)}
    if n == 2:
        a, b = sorted(part.nodes)
        return {a: (-0.5, 0.0), b: (0.5, 0.0)}
    if n <= SPRING_UP_TO:
        positions = nx.spring_layout(part, seed=SEED, iterations=100)
    elif nx.is_connected(part):
        positions = nx.spectral_layout(part)
    else:
        positions = nx.random_layout(part, seed=SEED)
    return {node: (float(p[0]), float(p[1])) for node, p in positions.items()}


def _payload(
    graph: nx.MultiGraph,
    lang: str,
    clusters: list[str],
    positions: dict[str, tuple[float, float]] | None = None,
    groups: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    style = load_style()
    flat, found = figures(graph)  # the figures kg analyze reports, on the map
    positions = positions or layout(flat)
    degree = found.degree
    top = max(degree.values(), default=0) or 1
    counts: dict[str, int] = {}
    nodes = []
    for n, d in graph.nodes(data=True):
        counts[d["kind"]] = counts.get(d["kind"], 0) + 1
        x, y = positions.get(n, (0.0, 0.0))
        nodes.append(
            {
                "id": n,
                "label": d["label"],
                "kind": d["kind"],
                "x": round(x, 1),
                "y": round(y, 1),
                "size": round(10 + 25 * degree.get(n, 0) / top, 1),
                "degree": degree.get(n, 0),
                "betweenness": round(found.betweenness.get(n, 0.0), 4),
                "community": found.community.get(n, 0),
                "broker": n in found.brokers,
                "year": d.get("year", ""),
                "date": d.get("date", ""),
                "decisions": d.get("decisions", []),
                "details": d["details"],
                "documents": d["documents"],
                "clusters": d["clusters"],
                "href": d.get("href", ""),
                "caption": d.get("caption", d["label"]),
            }
        )
    edges = [
        {
            "from": a,
            "to": b,
            "kind": d["kind"],
            "label": d["label"],
            "weight": d.get("weight", 1),
            "since": d.get("from", ""),
            "until": d.get("to", ""),
        }
        for a, b, d in graph.edges(data=True)
    ]
    return {
        "nodes": nodes,
        "edges": edges,
        "clusters": clusters,
        "kinds": sorted(counts),
        "counts": counts,
        "edgeKinds": sorted({e["kind"] for e in edges}),
        "style": {
            section: {k: {**v, "label": v[lang]} for k, v in style[section].items()}
            for section in ("nodes", "edges")
        },
        "text": TEXT[lang],
        "groups": groups or [],
    }


def render(
    graph: nx.MultiGraph,
    title: str,
    *,
    lang: str = "ru",
    links: list[dict[str, str]] | None = None,
    positions: dict[str, tuple[float, float]] | None = None,
    groups: list[dict[str, Any]] | None = None,
) -> str:
    """One map page as HTML text; `positions` and labelled `groups` where the caller lays
    the map out itself (the overview, by place)."""
    if lang not in TEXT:
        raise KgError(f"unknown language {lang!r}; expected ru or en")
    clusters = sorted(d["label"] for _, d in graph.nodes(data=True) if d["kind"] == "cluster")
    payload = _payload(graph, lang, clusters, positions, groups)
    # "<", ">" and "&" as \u escapes: no name can end the script element or start a tag.
    data = (
        json.dumps(payload, ensure_ascii=False, sort_keys=True)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    text = dict(TEXT[lang])
    text["summary"] = text["summary"].format(
        nodes=graph.number_of_nodes(), edges=graph.number_of_edges()
    )
    return _template().render(
        lang=lang,
        title=title,
        text=text,
        links=links or [],
        data=Markup(data),
        vis_js=Markup(_vis_js()),
    )


def cluster_subgraph(graph: nx.MultiGraph, cluster: str) -> nx.MultiGraph:
    """The part of the network a cluster's map shows; the cluster by name or alias."""
    wanted = name_key(cluster)
    names = {
        name_key(d["label"]): d["label"]
        for _, d in graph.nodes(data=True)
        if d["kind"] == "cluster"
    }
    if wanted not in names:
        raise KgError(
            f"no cluster named {cluster!r}; clusters: {', '.join(sorted(names.values()))}"
        )
    label = names[wanted]
    return graph.subgraph([n for n, d in graph.nodes(data=True) if label in d["clusters"]]).copy()


def places(overview: nx.MultiGraph) -> tuple[dict[str, tuple[float, float]], list[dict[str, Any]]]:
    """The overview laid out by place: each region a ring of its clusters, district by
    district (on a ring no edge between two clusters runs through a third), the regions in
    rows under their names."""
    regions: dict[str, list[str]] = {}
    order = sorted(overview.nodes(data=True), key=lambda i: (i[1].get("district", ""), i[0]))
    for n, d in order:
        regions.setdefault(d.get("region", ""), []).append(n)  # "": the graph has no place
    at: dict[str, tuple[float, float]] = {}
    groups: list[dict[str, Any]] = []
    per_row = max(1, math.ceil(math.sqrt(len(regions))))
    left = top = row_height = 0.0
    for i, (region, clusters) in enumerate(sorted(regions.items())):
        if i and i % per_row == 0:
            left, top, row_height = 0.0, top + row_height, 0.0
        radius = max(110.0, len(clusters) * 260 / (2 * math.pi))
        cx, cy = left + radius + 220, top + radius + 130
        if region:
            groups.append({"label": region, "x": cx, "y": top + 40, "size": 30})
        for j, cluster in enumerate(clusters):
            angle = 2 * math.pi * j / len(clusters) - math.pi / 2
            at[cluster] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
        left += 2 * radius + 440
        row_height = max(row_height, 2 * radius + 300)
    return at, groups


def overview(graph: nx.MultiGraph, hrefs: dict[str, str]) -> nx.MultiGraph:
    """One node per cluster, joined by the partners they share; each links to its map."""
    out = nx.MultiGraph()
    clusters = {d["label"]: n for n, d in graph.nodes(data=True) if d["kind"] == "cluster"}
    members: dict[str, set[str]] = {c: set() for c in clusters}
    for n, d in graph.nodes(data=True):
        for c in d["clusters"]:
            members[c].add(n)
    for label, iri in sorted(clusters.items()):
        where = graph.nodes[iri]
        details = [f"узлов на карте: {len(members[label])}"]
        details += [p for p in (where.get("district", ""), where.get("region", "")) if p]
        out.add_node(
            iri,
            label=label,
            kind="cluster",
            details=details,
            documents=[],
            clusters=[label],
            href=hrefs.get(label, ""),
            district=where.get("district", ""),
            region=where.get("region", ""),
            caption="\n".join(p for p in (label, where.get("district", "")) if p),
        )
    names = sorted(clusters)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            shared = members[a] & members[b]
            if shared:
                out.add_edge(
                    clusters[a],
                    clusters[b],
                    kind="shared",
                    label=f"общих узлов: {len(shared)}",
                    weight=len(shared),
                )
    return out


def write_maps(
    graph: nx.MultiGraph, out_dir: Path, *, lang: str = "ru", cluster: str | None = None
) -> list[MapFile]:
    """The whole network (index.html), an overview of clusters (clusters.html) and one map
    per cluster (cluster-<name>.html); or, given a cluster, only that one's map."""
    text = TEXT.get(lang, TEXT["ru"])
    written = []

    def write(
        name: str,
        sub: nx.MultiGraph,
        title: str,
        links: list[dict[str, str]] | None = None,
        placed: tuple[dict[str, tuple[float, float]], list[dict[str, Any]]] | None = None,
    ) -> None:
        path = out_dir / name
        at, groups = placed or (None, None)
        page = render(sub, title, lang=lang, links=links, positions=at, groups=groups)
        write_atomic(path, page.encode("utf-8"))
        written.append(MapFile(path, title, sub.number_of_nodes(), sub.number_of_edges()))

    labels = sorted(d["label"] for _, d in graph.nodes(data=True) if d["kind"] == "cluster")
    if cluster is not None:
        sub = cluster_subgraph(graph, cluster)
        label = next(
            d["label"]
            for _, d in sub.nodes(data=True)
            if d["kind"] == "cluster" and name_key(d["label"]) == name_key(cluster)
        )
        write(f"cluster-{slug(label)}.html", sub, label)
        return written
    hrefs = {label: f"cluster-{slug(label)}.html" for label in labels}
    links = [{"href": hrefs[label], "label": label} for label in labels]
    write("index.html", graph, text["network"], links)
    summary = overview(graph, hrefs)
    write("clusters.html", summary, text["overview"], links, places(summary))
    for label in labels:
        write(
            hrefs[label],
            cluster_subgraph(graph, label),
            label,
            [{"href": "index.html", "label": text["network"]}],
        )
    return written
