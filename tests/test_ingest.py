"""`kg ingest`: documents into the store, one named graph each, resolved against the graph."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app
from tests.conftest import DATA, require_shared

DOC = "https://w3id.org/edu-cluster-kg/id/graph/doc/"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    report = kg.build([DATA], out=tmp_path / "build", maps=False)
    assert report.store is not None
    return report.store


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(require_shared() / "corpus/seeds", folder)
    return folder


def test_each_document_gets_its_own_graph_and_twice_changes_nothing(
    store: Path, seeds: Path
) -> None:
    before = kg.stats(store).triples
    first = kg.ingest([seeds], store=store)
    assert [r.changed for r in first] == [True] * 5
    graphs = kg.stats(store).graphs
    documents = sorted(g for g in graphs if g.startswith(DOC) and not g.endswith("inferred"))
    assert [g.removeprefix(DOC)[:-13] for g in documents] == [
        "000-768e0328640ace6e",
        "001-c0003d4b75453d07",
        "002-66ce1b34b343b71f",
        "003-309893c70f0e1a0d",
        "004-538687b43087a64b",
    ]
    assert [r.graph for r in first] == documents
    after = kg.stats(store).triples
    assert after > before
    again = kg.ingest([seeds], store=store)
    assert [r.changed for r in again] == [False] * 5
    assert kg.stats(store).triples == after


def test_a_changed_document_replaces_its_graph(store: Path, seeds: Path) -> None:
    news = seeds / "004_538687b43087a64b.txt"
    [first] = kg.ingest([news], store=store)
    full = kg.stats(store).graphs[first.graph]
    text = news.read_text(encoding="utf-8")
    news.write_text(text.split("Бузмакова Нина")[0], encoding="utf-8")
    [result] = kg.ingest([news], store=store)
    assert result.changed and result.graph != first.graph
    graphs = kg.stats(store).graphs
    assert first.graph not in graphs and first.graph + "/inferred" not in graphs
    assert graphs[result.graph] < full
    names = kg.query(
        text=f"SELECT ?n WHERE {{ GRAPH <{result.graph}> {{ ?p a kg:Person ; rdfs:label ?n }} }}",
        store=store,
    )
    assert "Бузмакова Нина Юрьевна" not in {r[0].value for r in names.rows if r[0]}


def test_mentions_resolve_to_the_entities_the_records_hold(store: Path, seeds: Path) -> None:
    [result] = kg.ingest([seeds / "004_538687b43087a64b.txt"], store=store)
    bank = next(m for m in result.merges if m.mention == "Россельхозбанк")
    assert bank.entity == "https://w3id.org/edu-cluster-kg/id/org/ao-rosselkhozbank"
    provenance = kg.query("provenance", store=store)
    documents = {row[0].value for row in provenance.rows if row[0] is not None}
    assert any(
        "004_538687b43087a64b" in d or "Координационного Совета Афанасьевского" in d
        for d in documents
    )
    assert len(documents) >= 3


def test_a_build_keeps_the_ingested_documents(store: Path, seeds: Path) -> None:
    [protocol] = kg.ingest([seeds / "001_c0003d4b75453d07.txt"], store=store)
    kg.build([DATA], out=store.parent, maps=False)
    assert protocol.graph in kg.stats(store).graphs
    [again] = kg.ingest([seeds / "001_c0003d4b75453d07.txt"], store=store)
    assert not again.changed  # the build kept which file the graph was read from


def test_documents_named_alike_in_two_folders_keep_two_graphs(
    store: Path, seeds: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "x" / "protocol.txt", tmp_path / "y" / "protocol.txt"
    for path, seed in ((first, "001_c0003d4b75453d07.txt"), (second, "004_538687b43087a64b.txt")):
        path.parent.mkdir()
        shutil.copy(seeds / seed, path)
    result = CliRunner().invoke(app, ["ingest", str(first), "--store", str(store)])
    assert result.exit_code == 0, result.output
    graphs = kg.stats(store).graphs
    [x_graph] = [g for g in graphs if g.startswith(DOC + "protocol-") and "inferred" not in g]
    x_triples = graphs[x_graph]
    result = CliRunner().invoke(app, ["ingest", str(second), "--store", str(store)])
    assert result.exit_code == 0, result.output
    graphs = kg.stats(store).graphs
    assert graphs[x_graph] == x_triples  # y/protocol.txt took nothing from x/protocol.txt
    assert len([g for g in graphs if g.startswith(DOC + "protocol-") and "inferred" not in g]) == 2


def test_cli_ingest_explains_and_refuses_bad_documents(
    store: Path, seeds: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["ingest", str(seeds / "004_538687b43087a64b.txt"), "--explain", "--store", str(store)]
    )
    assert result.exit_code == 0, result.output
    assert (
        "'Россельхозбанк' = https://w3id.org/edu-cluster-kg/id/org/ao-rosselkhozbank"
        in result.output
    )
    result = runner.invoke(
        app, ["ingest", str(seeds / "001_c0003d4b75453d07.txt"), "--explain", "--store", str(store)]
    )
    assert (
        "'Елена Борисовна' = 'Грязева Елена Борисовна': first name and patronymic of the "
        "person named in full before" in result.output
    )
    assert "'Грязева Е.Б.' = 'Грязева Елена Борисовна': same surname and initials" in result.output
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    before = kg.stats(store).triples
    result = runner.invoke(app, ["ingest", str(empty), "--store", str(store)])
    assert result.exit_code == 2 and "the file is empty" in result.output
    assert kg.stats(store).triples == before


def test_each_fact_quotes_the_sentence_that_states_it(store: Path, seeds: Path) -> None:
    kg.ingest([seeds / "001_c0003d4b75453d07.txt"], store=store)
    result = kg.query(
        text="""SELECT ?quote WHERE {
        ?pos a kg:Position ; kg:holder ?p ; kg:quote ?quote .
        ?p rdfs:label "Пономарева Оксана Александровна"@ru }""",
        store=store,
    )
    quotes = {row[0].value for row in result.rows if row[0] is not None}
    assert any("управляющий ДО №3349/2229 АО «Россельхозбанк»" in q for q in quotes)


def test_a_quote_is_the_sentence_not_the_whole_line(store: Path, tmp_path: Path) -> None:
    note = tmp_path / "novosti.txt"
    note.write_text(
        "Семинар наставников\n"
        "Сидорова Анна Петровна, директор МКОУ СОШ п. Лесной, открыла семинар. "
        "Затем гости осмотрели мастерские и библиотеку.\n",
        encoding="utf-8",
    )
    kg.ingest([note], store=store)
    result = kg.query(
        text="""SELECT ?quote WHERE {
        ?pos a kg:Position ; kg:holder ?p ; kg:quote ?quote .
        ?p rdfs:label "Сидорова Анна Петровна"@ru }""",
        store=store,
    )
    assert [row[0].value for row in result.rows if row[0] is not None] == [
        "Сидорова Анна Петровна, директор МКОУ СОШ п. Лесной, открыла семинар."
    ]


HOLDOUT = Path(__file__).parent / "fixtures" / "holdout"


def _quads(store: Path) -> list[str]:
    opened = ox.Store.read_only(str(store))
    try:
        return sorted(map(str, opened))
    finally:
        del opened


def _wal_bytes(store: Path, before: set[str]) -> int:
    """Bytes in write-ahead logs the store did not have before: the transaction's."""
    return sum(p.stat().st_size for p in store.glob("*.log") if p.name not in before)


def test_a_killed_ingest_leaves_the_store_as_it_was_or_with_every_document(
    store: Path, tmp_path: Path
) -> None:
    documents = [str(HOLDOUT / "holdout_02_news.txt"), str(HOLDOUT / "holdout_06_news.txt")]
    before = _quads(store)
    done = tmp_path / "done"
    shutil.copytree(store, done)
    kg.ingest([Path(d) for d in documents], store=done)
    after = _quads(done)
    assert len(after) > len(before)
    files = set(os.listdir(store))

    def opened(copy: Path) -> bool:
        return set(os.listdir(copy)) != files

    points: dict[str, Callable[[Path], bool]] = {
        "as it opens the store": opened,
        "while it extracts": opened,  # and then 0.3 s more (loading its models alone takes 1 s)
        "as it writes its one transaction": lambda copy: _wal_bytes(copy, files) > 0,
    }
    for point, reached in points.items():
        copy = tmp_path / point.replace(" ", "-")
        shutil.copytree(store, copy)
        process = subprocess.Popen(
            [sys.executable, "-m", "kg", "ingest", *documents, "--store", str(copy)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=lambda: os.nice(10),  # on a busy machine the polling test comes first
        )
        while not reached(copy) and process.poll() is None:
            time.sleep(0.001)
        if point == "while it extracts":
            time.sleep(0.3)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        assert process.returncode == -signal.SIGKILL, f"ingest ended before {point}"
        left = _quads(copy)
        assert left in (before, after), f"killed {point}: half an ingest"
        if point != "as it writes its one transaction":
            assert left == before
        kg.ingest([Path(d) for d in documents], store=copy)  # and the next one completes it
        assert _quads(copy) == after
