"""The projection to NetworkX, the analysis, and kg map / analyze / path through the CLI."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.store import OxigraphStore
from kg.viz.analysis import analyze, paths, report
from kg.viz.maps import layout
from kg.viz.projection import Options, project, simple
from kg.viz.separators import separators

runner = CliRunner()


@pytest.fixture(scope="module")
def graph(built: kg.BuildReport) -> nx.MultiGraph:
    assert built.store is not None
    return project(OxigraphStore(built.store, read_only=True))


def test_projection_has_typed_nodes_and_edges(graph: nx.MultiGraph) -> None:
    kinds = Counter(k for _, k in graph.nodes(data="kind"))
    assert kinds["cluster"] == 5 and kinds["person"] == 45 and kinds["school"] == 15
    relations = Counter(d["kind"] for *_, d in graph.edges(data=True))
    assert relations["membership"] == 9 and relations["partnership"] == 28
    zhilina = "https://w3id.org/edu-cluster-kg/id/person/zhilina-o-a"
    school = "https://w3id.org/edu-cluster-kg/id/org/kogobu-ssh-pgt-oparino"
    assert [d["label"] for d in graph.get_edge_data(zhilina, school).values()] == ["директор"]
    assert "директор: КОГОБУ СШ пгт Опарино" in graph.nodes[zhilina]["details"]
    assert graph.nodes[zhilina]["documents"] == [
        "План работы Опаринского образовательного кластера на 2-е полугодие 2019 года"
    ]


def test_a_partner_of_two_clusters_is_on_both_maps(graph: nx.MultiGraph) -> None:
    bank = graph.nodes["https://w3id.org/edu-cluster-kg/id/org/ao-rosselkhozbank"]
    assert bank["clusters"] == [
        "Афанасьевский образовательный кластер",
        "Подосиновский образовательный кластер",
    ]


def test_folding_joins_organizations_through_shared_people(built: kg.BuildReport) -> None:
    assert built.store is not None
    folded = project(
        OxigraphStore(built.store, read_only=True),
        Options(kinds=frozenset({"school", "cluster", "government"}), fold=True),
    )
    assert {k for _, k in folded.nodes(data="kind")} == {"school", "cluster", "government"}
    shared = [d for *_, d in folded.edges(data=True) if d["kind"] == "shared"]
    assert shared and all(d["weight"] >= 1 for d in shared)


def test_layout_is_reproducible(graph: nx.MultiGraph) -> None:
    flat = nx.Graph(graph)
    assert layout(flat) == layout(flat)


def test_analysis_finds_the_bank_as_the_broker_between_two_clusters(graph: nx.MultiGraph) -> None:
    result = analyze(graph)
    broker = next(b for b in result.brokers if b["name"] == "АО «Россельхозбанк»")
    assert broker["separates"] == "Подосиновский образовательный кластер"
    weak = {w["name"] for w in result.weak}
    assert "Министерство сельского хозяйства" in weak
    assert sum(c["size"] for c in result.communities) == graph.number_of_nodes()
    assert [c["cluster"] for c in result.clusters][:2] == [
        "Афанасьевский образовательный кластер",
        "Опаринский образовательный кластер",
    ]


def test_path_names_each_step(graph: nx.MultiGraph) -> None:
    assert paths(graph, "Пономарева", "Шутова") == [
        [
            "Пономарева Оксана Александровна",
            "—[управляющий ДО №3349/2229]— АО «Россельхозбанк»",
            "—[управляющий офиса г. Омутнинска]— Шутова Оксана Леонидовна",
        ]
    ]


def test_path_with_an_ambiguous_name_lists_the_candidates(graph: nx.MultiGraph) -> None:
    with pytest.raises(kg.KgError, match="'Бузмакова' names several entities"):
        paths(graph, "Бузмакова", "Жилина")


def test_cli_map_writes_one_cluster_map(built: kg.BuildReport, tmp_path: Path) -> None:
    assert built.store is not None
    out = tmp_path / "oparino.html"
    result = runner.invoke(
        app,
        [
            "map",
            "--cluster",
            "Опаринский образовательный кластер",
            "--out",
            str(out),
            "--store",
            str(built.store),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "37 nodes, 56 edges" in result.output
    html = out.read_text(encoding="utf-8")
    assert "<link" not in html and "<script src" not in html  # all inline


def test_cli_map_writes_the_network_for_gephi_and_yed(
    built: kg.BuildReport, graph: nx.MultiGraph, tmp_path: Path
) -> None:
    assert built.store is not None
    store = ["--store", str(built.store)]
    result = runner.invoke(app, ["map", "-o", str(tmp_path / "network.gexf"), *store])
    assert result.exit_code == 0, result.output
    gephi = nx.read_gexf(tmp_path / "network.gexf")
    flat = simple(graph)
    assert (gephi.number_of_nodes(), gephi.number_of_edges()) == (
        flat.number_of_nodes(),
        flat.number_of_edges(),
    )
    weights = {tuple(sorted((a, b))): d["weight"] for a, b, d in flat.edges(data=True)}
    assert {tuple(sorted((a, b))): d["weight"] for a, b, d in gephi.edges(data=True)} == weights
    some = next(n for n, d in graph.nodes(data=True) if d["kind"] == "cluster")
    assert gephi.nodes[some]["label"] == graph.nodes[some]["label"]
    assert gephi.nodes[some]["kind"] == "cluster"
    cluster = graph.nodes[some]["label"]
    out = tmp_path / "cluster.graphml"
    result = runner.invoke(app, ["map", "--cluster", cluster, "-o", str(out), *store])
    assert result.exit_code == 0, result.output
    yed = nx.read_graphml(out)
    assert yed.nodes[some]["label"] == cluster and all(
        "label" in d for *_, d in yed.edges(data=True)
    )


def test_cli_map_writes_every_map_in_english(built: kg.BuildReport, tmp_path: Path) -> None:
    assert built.store is not None
    result = runner.invoke(
        app, ["map", "--out", str(tmp_path), "--lang", "en", "--store", str(built.store)]
    )
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir())[:2] == [
        "cluster-afanasevskii-obrazovatelnyi-klaster.html",
        "cluster-oparinskii-obrazovatelnyi-klaster.html",
    ]
    assert "Network of educational clusters" in (tmp_path / "index.html").read_text("utf-8")


def test_cli_map_refuses_unknown_kinds_and_clusters(built: kg.BuildReport) -> None:
    assert built.store is not None
    store = ["--store", str(built.store)]
    assert "unknown node kind cafe" in runner.invoke(app, ["map", "--kinds", "cafe", *store]).output
    result = runner.invoke(app, ["map", "--cluster", "Нет такого", *store])
    assert result.exit_code == 2 and "no cluster named 'Нет такого'" in result.output


def test_cli_analyze_writes_csv_and_markdown(built: kg.BuildReport, tmp_path: Path) -> None:
    assert built.store is not None
    result = runner.invoke(app, ["analyze", "--out", str(tmp_path), "--store", str(built.store)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "brokers.csv",
        "centrality.csv",
        "clusters.csv",
        "communities.csv",
        "report.md",
        "weak.csv",
    ]
    assert "## Посредники между кластерами" in (tmp_path / "report.md").read_text("utf-8")


def test_cli_path_prints_the_chain(built: kg.BuildReport) -> None:
    assert built.store is not None
    result = runner.invoke(app, ["path", "Жилина", "Россохина", "--store", str(built.store)])
    assert result.exit_code == 0
    assert "—[куратор образовательного кластера]— Россохина Е.Н." in result.output


def _separators_by_removal(flat: nx.Graph) -> dict[str, list[str]]:
    """The definition, by brute force: remove each non-cluster node in turn and see which
    clusters that were connected through it fall apart from the largest group."""
    clusters = sorted(n for n, k in flat.nodes(data="kind") if k == "cluster")
    out = {}
    for cut in sorted(n for n, k in flat.nodes(data="kind") if k != "cluster"):
        before = nx.node_connected_component(flat, cut)
        joined = [c for c in clusters if c in before]
        rest = flat.subgraph(before - {cut})
        parts: dict[str, list[str]] = {}
        for c in joined:
            parts.setdefault(min(nx.node_connected_component(rest, c)), []).append(c)
        if len(parts) > 1:
            largest = min(parts.values(), key=lambda p: (-len(p), p[0]))
            out[cut] = sorted(c for p in parts.values() if p is not largest for c in p)
    return out


@pytest.mark.parametrize("seed", range(40))
def test_separators_are_the_nodes_whose_removal_splits_clusters(seed: int) -> None:
    rng = random.Random(seed)
    # sparse random graphs: trees with a few extra edges have many cut vertices
    flat = nx.random_labeled_tree(rng.randint(2, 60), seed=seed)
    flat.add_edges_from(
        (rng.randrange(len(flat)), rng.randrange(len(flat))) for _ in range(rng.randint(0, 8))
    )
    flat.remove_edges_from(nx.selfloop_edges(flat))
    flat.add_nodes_from(range(len(flat), len(flat) + rng.randint(0, 3)))  # isolated ones
    flat = nx.relabel_nodes(flat, {n: f"n{n:03d}" for n in flat})
    for n in flat:
        flat.nodes[n]["kind"] = "cluster" if rng.random() < 0.3 else "school"
    assert separators(flat) == _separators_by_removal(flat)


def test_analysis_says_each_long_step_and_when_betweenness_is_sampled(
    graph: nx.MultiGraph, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    steps: list[str] = []
    whole = analyze(graph, step=steps.append)
    assert whole.sampled is None
    assert [s.split(" of ")[0] for s in steps] == [
        "betweenness",
        "brokers and separators",
        "communities (Louvain)",
        "cluster summaries",
    ]
    monkeypatch.setattr("kg.viz.analysis.SAMPLE_ABOVE", 10)
    monkeypatch.setattr("kg.viz.analysis.SAMPLE", 5)
    sampled = analyze(graph)
    assert sampled.sampled == (5, simple(graph).number_of_nodes())
    assert "по 5 случайным узлам-источникам" in report(sampled, "Анализ")
