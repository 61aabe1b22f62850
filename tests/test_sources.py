"""`kg sources` lists what the store holds; `kg ingest --remove` takes documents out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.store import staging
from tests.conftest import DATA, require_shared
from tests.test_ingest import _quads, two_documents_naming_one_person

runner = CliRunner()
NEWS = "004_538687b43087a64b.txt"


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """data/ built once, with the five seeds ingested: (build folder, seeds folder)."""
    root = tmp_path_factory.mktemp("sources")
    seeds = root / "seeds"
    shutil.copytree(require_shared() / "corpus/seeds", seeds)
    report = kg.build([DATA], out=root / "build", maps=False)
    assert report.store is not None
    kg.ingest([seeds], store=report.store)
    return root / "build", seeds


@pytest.fixture
def store(ingested: tuple[Path, Path], tmp_path: Path) -> Path:
    """A copy of the module's store, for a test to change."""
    shutil.copytree(ingested[0], tmp_path / "build")
    return tmp_path / "build" / "store"


@pytest.fixture
def seeds(ingested: tuple[Path, Path]) -> Path:
    return ingested[1]


def _holds(graph: str, store: Path) -> bool:
    return kg.query(text=f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", store=store).boolean is True


def test_sources_lists_the_record_files_then_the_documents_adding_up_to_the_store(
    store: Path, seeds: Path
) -> None:
    found = kg.sources(store)
    assert [s.kind for s in found] == ["records"] * 5 + ["document"] * 5 + ["inferred", "ontology"]
    assert [s.files for s in found[:5]] == [(p,) for p in sorted(DATA.resolve().glob("*.yaml"))]
    assert [s.files for s in found[5:10]] == [(p,) for p in sorted(seeds.resolve().glob("*.txt"))]
    stats = kg.stats(store)
    assert sum(s.triples + s.inferred for s in found) == stats.triples == len(_quads(store))
    for s in found:
        assert stats.graphs[s.graph] == s.triples
        if s.kind == "document":
            assert s.inferred_graph is not None and stats.graphs[s.inferred_graph] == s.inferred
            cited = kg.query(  # what the graph's facts are stated in
                text=f"SELECT DISTINCT ?t WHERE {{ GRAPH <{s.graph}> {{ "
                "?x kg:statedIn ?d . ?d rdfs:label ?t } }",
                store=store,
            ).rows
            assert s.title and [r[0].value for r in cited if r[0]] == [s.title]
    assert kg.sources(store) == found  # deterministic


def test_cli_sources_prints_every_source_whole_and_as_json(store: Path) -> None:
    found = kg.sources(store)
    table = runner.invoke(app, ["sources", "--store", str(store)])
    assert table.exit_code == 0, table.output
    assert table.output.startswith("5 record files, 5 documents; ")
    lines = table.output.splitlines()[2:]
    assert len(lines) == len(found)
    for line, s in zip(lines, found, strict=True):
        assert s.graph in line and s.kind in line  # however narrow the terminal
        assert all(f.name in line for f in s.files)
    listed = json.loads(runner.invoke(app, ["sources", "--store", str(store), "-f", "json"]).output)
    assert [(d["kind"], d["graph"], d["triples"], d["inferred"]) for d in listed] == [
        (s.kind, s.graph, s.triples, s.inferred if s.kind == "document" else None) for s in found
    ]
    assert listed[5]["files"] == [str(found[5].files[0])]
    wrong = runner.invoke(app, ["sources", "--store", str(store), "-f", "csv"])
    assert wrong.exit_code == 2 and "unknown format 'csv'" in wrong.output
    for command in (["sources"], ["ingest", "--remove", "x.txt"]):
        none = runner.invoke(app, [*command, "--store", str(store.parent / "none")])
        assert none.exit_code == 2 and "run `kg build` first" in none.output


def test_removing_a_document_takes_its_graphs_out_and_the_store_still_conforms(
    store: Path, seeds: Path
) -> None:
    before = kg.sources(store)
    [news] = [s for s in before if s.files == ((seeds / NEWS).resolve(),)]
    total = len(_quads(store))
    result = runner.invoke(app, ["ingest", "--remove", str(seeds / NEWS), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"{seeds.resolve() / NEWS}: removed, {news.triples} triples out of <{news.graph}>"
    ]
    after = kg.sources(store)
    assert after == [s for s in before if s != news]
    assert len(_quads(store)) == total - news.triples - news.inferred
    assert not _holds(news.graph, store) and not _holds(f"{news.graph}/inferred", store)
    assert kg.validate(store=store) == []
    [again] = kg.ingest([seeds / NEWS], store=store)  # forgotten: it comes back whole
    assert again.changed and again.graph == news.graph
    assert kg.sources(store) == before


def test_a_document_is_removed_by_its_graph_and_a_folder_removes_all_below_it(
    store: Path, seeds: Path
) -> None:
    documents = [s for s in kg.sources(store) if s.kind == "document"]
    [removed] = kg.ingest([documents[0].graph], store=store, remove=True)
    assert (removed.path, removed.graph, removed.removed) == (
        documents[0].files[0],
        documents[0].graph,
        True,
    )
    results = kg.ingest([seeds], store=store, remove=True)
    assert [r.graph for r in results] == [d.graph for d in documents[1:]]
    assert [s.kind for s in kg.sources(store)] == ["records"] * 5 + ["inferred", "ontology"]
    assert kg.validate(store=store) == []


def test_removing_what_is_not_ingested_is_refused_by_name_and_changes_nothing(
    store: Path, seeds: Path, tmp_path: Path
) -> None:
    before = _quads(store)
    unknown = tmp_path / "novosti.txt"
    result = runner.invoke(
        app,
        ["ingest", "--remove", str(seeds / NEWS), str(unknown), "--store", str(store)],
    )
    assert result.exit_code == 2
    assert f"{unknown}: not an ingested document" in result.output
    graph = "https://w3id.org/edu-cluster-kg/id/graph/afanasyevo"  # a record file's, not one
    with pytest.raises(kg.KgError, match=f"{graph}: not an ingested document"):
        kg.ingest([graph], store=store, remove=True)
    assert _quads(store) == before
    assert len([s for s in kg.sources(store) if s.kind == "document"]) == 5


def test_removing_takes_the_lock_ingest_takes(store: Path, seeds: Path) -> None:
    before = _quads(store)
    with staging.exclusive(store.parent), pytest.raises(kg.KgError, match="another kg build"):
        kg.ingest([seeds / NEWS], store=store, remove=True)
    assert _quads(store) == before


def test_removing_a_document_another_cites_ingests_the_other_again(
    store: Path, tmp_path: Path
) -> None:
    seminar, meeting, named, [first, second] = two_documents_naming_one_person(store, tmp_path)
    result = runner.invoke(app, ["ingest", "--remove", str(seminar), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1].startswith(f"{meeting.resolve()}: loaded, ")
    assert [r[0].value for r in kg.query(text=named, store=store).rows if r[0]] == [second.graph]
    assert not _holds(first.graph, store)
    titles = {s.title: s.files for s in kg.sources(store) if s.kind == "document"}
    assert titles["Совещание директоров"] == (meeting.resolve(),)
    assert "Семинар наставников" not in titles
    assert kg.validate(store=store) == []
    assert [r.changed for r in kg.ingest([meeting], store=store)] == [False]
