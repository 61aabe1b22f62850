"""Network figures a coordinator asks for: who is central, who connects clusters, who is
isolated, which communities form, and what each cluster consists of."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import networkx as nx

from kg.files import write_atomic
from kg.rdf.naming import match_name
from kg.viz.projection import ORGANIZATION_KINDS, simple
from kg.viz.separators import separators

SEED = 42
SAMPLE_ABOVE = 2000
SAMPLE = 200
SAMPLE_EDGE_VISITS = 20_000_000
"""Above SAMPLE_ABOVE nodes betweenness is estimated from a seeded sample of sources (the
report says so): SAMPLE of them, fewer on a network so large that each costs a walk over
many edges (a walk of all edges per source, SAMPLE_EDGE_VISITS in all), never under 50."""

Table = list[dict[str, object]]


@dataclass
class Analysis:
    centrality: Table = field(default_factory=list)
    brokers: Table = field(default_factory=list)
    weak: Table = field(default_factory=list)
    communities: Table = field(default_factory=list)
    clusters: Table = field(default_factory=list)
    sampled: tuple[int, int] | None = None
    """(sources, nodes) when betweenness was estimated from a sample of sources."""

    def tables(self) -> dict[str, Table]:
        return {
            "centrality": self.centrality,
            "brokers": self.brokers,
            "weak": self.weak,
            "communities": self.communities,
            "clusters": self.clusters,
        }


TITLES = {
    "centrality": "Центральность (степень и посредничество)",
    "brokers": "Посредники между кластерами",
    "weak": "Изолированные и слабо связанные организации",
    "communities": "Сообщества (Louvain)",
    "clusters": "Сводка по кластерам",
}


@dataclass
class Figures:
    """Each node's figures, as the analysis and the maps show them."""

    degree: dict[str, int]
    betweenness: dict[str, float]
    community: dict[str, int]
    """Each node's community, numbered from 1 by size (largest first)."""
    brokers: dict[str, list[str]]
    """Nodes in two or more clusters, or whose removal cuts clusters apart: the clusters
    each one separates (none for a node that only belongs to several)."""
    sampled: tuple[int, int] | None = None


def figures(
    graph: nx.MultiGraph, *, step: Callable[[str], None] = lambda _: None
) -> tuple[nx.Graph, Figures]:
    """Degree, betweenness (from a seeded sample of sources above SAMPLE_ABOVE nodes),
    Louvain communities and brokers of the network, one edge per pair."""
    flat = simple(graph)
    k = None
    if flat.number_of_nodes() > SAMPLE_ABOVE:
        k = max(min(SAMPLE, 50), min(SAMPLE, SAMPLE_EDGE_VISITS // flat.number_of_edges()))
    step(f"betweenness of {flat.number_of_nodes():,} nodes" + (f", {k} sampled" if k else ""))
    betweenness = nx.betweenness_centrality(flat, k=k, seed=SEED) if flat else {}
    degree = dict(flat.degree())
    step("brokers and separators")
    separating = _separators(flat) if flat else {}
    brokers = {
        n: separating.get(n, [])
        for n in flat.nodes
        if flat.nodes[n]["kind"] != "cluster"
        and (len(flat.nodes[n]["clusters"]) >= 2 or n in separating)
    }
    step("communities (Louvain)")
    found = nx.community.louvain_communities(flat, seed=SEED) if flat else []
    ordered = sorted(found, key=lambda c: (-len(c), min(c)))
    community = {n: i + 1 for i, members in enumerate(ordered) for n in members}
    sampled = (k, flat.number_of_nodes()) if k is not None else None
    return flat, Figures(degree, betweenness, community, brokers, sampled)


def analyze(
    graph: nx.MultiGraph, *, top: int = 25, step: Callable[[str], None] = lambda _: None
) -> Analysis:
    """The figures of the network; `step` is told each long step as it starts."""
    result = Analysis()
    if graph.number_of_nodes() == 0:
        return result
    flat, found = figures(graph, step=step)
    result.sampled = found.sampled
    betweenness, degree = found.betweenness, found.degree
    ranked = sorted(flat.nodes, key=lambda n: (-betweenness[n], -degree[n], n))
    result.centrality = [
        {
            "name": flat.nodes[n]["label"],
            "kind": flat.nodes[n]["kind"],
            "degree": degree[n],
            "betweenness": round(betweenness[n], 4),
        }
        for n in ranked[:top]
    ]
    for n in ranked:
        if n in found.brokers:
            result.brokers.append(
                {
                    "name": flat.nodes[n]["label"],
                    "kind": flat.nodes[n]["kind"],
                    "clusters": "; ".join(flat.nodes[n]["clusters"]),
                    "separates": "; ".join(found.brokers[n]),
                    "betweenness": round(betweenness[n], 4),
                }
            )
    for n in sorted(flat.nodes, key=lambda n: (degree[n], flat.nodes[n]["label"])):
        if flat.nodes[n]["kind"] in ORGANIZATION_KINDS and degree[n] <= 1:
            neighbours = [flat.nodes[m]["label"] for m in flat.neighbors(n)]
            result.weak.append(
                {
                    "name": flat.nodes[n]["label"],
                    "kind": flat.nodes[n]["kind"],
                    "degree": degree[n],
                    "linked_to": "; ".join(neighbours),
                }
            )
    members: dict[int, list[str]] = {}
    for n, c in found.community.items():
        members.setdefault(c, []).append(n)
    for c in sorted(members):
        central = sorted(members[c], key=lambda n: (-degree[n], n))[:5]
        result.communities.append(
            {
                "community": c,
                "size": len(members[c]),
                "central": "; ".join(flat.nodes[n]["label"] for n in central),
            }
        )
    step("cluster summaries")
    result.clusters = cluster_summary(graph)
    return result


def _separators(flat: nx.Graph) -> dict[str, list[str]]:
    """Cut vertices whose removal separates clusters that were connected, with the labels
    of the clusters cut off from the largest remaining group."""
    return {
        cut: sorted(flat.nodes[c]["label"] for c in cut_off)
        for cut, cut_off in separators(flat).items()
    }


def cluster_summary(graph: nx.MultiGraph) -> Table:
    """Per cluster: organizations by kind, partners, people, and events per year."""
    rows: Table = []
    scopes: dict[str, list[dict[str, object]]] = defaultdict(list)
    for _, data in graph.nodes(data=True):  # one pass, not one per cluster
        for label in dict.fromkeys(data["clusters"]):
            scopes[label].append(data)
    for cluster, data in sorted(graph.nodes(data=True), key=lambda x: x[1]["label"]):
        if data["kind"] != "cluster":
            continue
        label = data["label"]
        scope = scopes[label]
        kinds = Counter(d["kind"] for d in scope if d["kind"] in ORGANIZATION_KINDS)
        partners = {
            graph.nodes[n]["label"]
            for n in graph.neighbors(cluster)
            if any(e["kind"] == "partnership" for e in graph.get_edge_data(cluster, n).values())
        }
        years: Counter[str] = Counter()
        for n in graph.neighbors(cluster):
            if graph.nodes[n]["kind"] == "event":
                years[str(graph.nodes[n].get("year") or "без даты")] += 1
        rows.append(
            {
                "cluster": label,
                "organizations": ", ".join(f"{k}: {v}" for k, v in sorted(kinds.items())),
                "partners": len(partners),
                "people": sum(1 for d in scope if d["kind"] == "person"),
                "events_per_year": ", ".join(f"{y}: {v}" for y, v in sorted(years.items())),
            }
        )
    return rows


def to_csv(table: Table) -> str:
    if not table:
        return ""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(table[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)
    return buffer.getvalue()


def to_markdown(title: str, table: Table) -> str:
    lines = [f"## {title}", ""]
    if not table:
        return "\n".join([*lines, "—", ""])
    header = list(table[0])
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in table:
        cells = (str(row[h]).replace("|", "\\|") for h in header)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join([*lines, ""])


def report(analysis: Analysis, title: str) -> str:
    parts = [f"# {title}", ""]
    if analysis.sampled:
        sources, nodes = analysis.sampled
        parts += [
            f"Посредничество (betweenness) оценено по {sources} случайным узлам-источникам "
            f"из {nodes:,} (networkx, seed {SEED}).".replace(",", " "),
            "",
        ]
    parts += [to_markdown(TITLES[name], table) for name, table in analysis.tables().items()]
    return "\n".join(parts)


def write(analysis: Analysis, out_dir: Path, title: str) -> list[Path]:
    written = []
    for name, table in analysis.tables().items():
        path = out_dir / f"{name}.csv"
        write_atomic(path, to_csv(table).encode("utf-8"))
        written.append(path)
    path = out_dir / "report.md"
    write_atomic(path, report(analysis, title).encode("utf-8"))
    return [*written, path]


def find_node(graph: nx.MultiGraph, name: str) -> str:
    """The node whose label, or failing that the one node whose label contains it, is name."""
    labels = ((n, d["label"]) for n, d in graph.nodes(data=True))
    return match_name(name, labels)[0]


def paths(graph: nx.MultiGraph, a: str, b: str, *, limit: int = 5) -> list[list[str]]:
    """The shortest chains of relations from a to b, each step named: 'A —[директор]— B'."""
    start, end = find_node(graph, a), find_node(graph, b)
    flat = simple(graph)
    try:
        found = list(_limited(nx.all_shortest_paths(flat, start, end), limit))
    except nx.NetworkXNoPath:
        return []
    chains = []
    for nodes in found:
        steps = [graph.nodes[nodes[0]]["label"]]
        for x, y in pairwise(nodes):
            labels = sorted({d["label"] for d in graph.get_edge_data(x, y).values()})
            steps.append(f"—[{' / '.join(labels)}]— {graph.nodes[y]['label']}")
        chains.append(steps)
    return chains


def _limited(items: object, limit: int) -> list[list[str]]:
    out: list[list[str]] = []
    for item in items:  # type: ignore[attr-defined]
        out.append(item)
        if len(out) == limit:
            break
    return out
