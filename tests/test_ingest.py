"""`kg ingest`: documents into the store, one named graph each, resolved against the graph."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.pipeline.ingest import Ingested
from kg.sparql.catalogue import catalogue
from tests.conftest import DATA, require_shared

DOC = "https://w3id.org/edu-cluster-kg/id/graph/doc/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


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


def _answers(store: Path) -> dict[str, list[tuple[str | None, ...]]]:
    """Every catalogue query's rows, with its default parameters."""
    return {
        name: [tuple(None if t is None else t.value for t in row) for row in result.rows]
        for name in sorted(catalogue())
        if (result := kg.query(name, store=store))
    }


def assert_grown_by_sources_not_copies(
    before: dict[str, list[tuple[str | None, ...]]], after: dict[str, list[tuple[str | None, ...]]]
) -> None:
    """The catalogue's answers grow by at most a quarter, and none answers a row twice."""
    total_before, total_after = (sum(map(len, a.values())) for a in (before, after))
    assert total_after <= 1.25 * total_before, (total_before, total_after)
    for name, rows in after.items():
        twice = [row for row, n in Counter(rows).items() if n > 1]
        assert not twice, f"{name} answers the same row twice: {twice[:3]}"


def two_documents_naming_one_person(
    store: Path, tmp_path: Path
) -> tuple[Path, Path, str, list[Ingested]]:
    """A seminar and a meeting naming one person nobody else names, ingested in that order:
    the seminar's graph states her, the meeting's cites her; and the query finding her."""
    seminar, meeting = tmp_path / "seminar.txt", tmp_path / "soveshchanie.txt"
    seminar.write_text(
        "Семинар наставников\n"
        "Сидорова Анна Петровна, директор МКОУ СОШ п. Лесной, открыла семинар.\n",
        encoding="utf-8",
    )
    meeting.write_text(
        "Совещание директоров\n"
        "Сидорова Анна Петровна, директор МКОУ СОШ п. Лесной, выступила на совещании.\n",
        encoding="utf-8",
    )
    named = """SELECT ?g WHERE {
        GRAPH ?g { ?p a kg:Person ; rdfs:label "Сидорова Анна Петровна"@ru } }"""
    first, second = [*kg.ingest([seminar], store=store), *kg.ingest([meeting], store=store)]
    assert [r[0].value for r in kg.query(text=named, store=store).rows if r[0]] == [first.graph]
    return seminar, meeting, named, [first, second]


def test_the_seeds_into_the_graph_curated_from_them_add_sources_not_copies(
    store: Path, seeds: Path
) -> None:
    before = _answers(store)
    results = kg.ingest([seeds], store=store)
    assert_grown_by_sources_not_copies(before, _answers(store))
    assert kg.validate(store=store) == []
    # what the graph held is not stated again: no second label or kind for a held node ...
    restated = kg.query(
        text=f"""SELECT ?x ?p WHERE {{
        GRAPH ?doc {{ ?x ?p ?o }} FILTER (STRSTARTS(STR(?doc), "{DOC}"))
        VALUES ?p {{ <{RDF_TYPE}> rdfs:label }}
        GRAPH ?held {{ ?x ?p ?other }} FILTER (!STRSTARTS(STR(?held), "{DOC}"))
        }} LIMIT 5""",
        store=store,
    )
    assert restated.rows == []
    # ... but each document is a source of what it states, quoted
    protocol = next(r for r in results if r.path.name == "001_c0003d4b75453d07.txt")
    sourced = kg.query(
        text=f"""SELECT ?quote WHERE {{
        GRAPH <{protocol.graph}> {{ ?post kg:statedIn ?d ; kg:quote ?quote }}
        ?post kg:holder/rdfs:label "Пономарева Оксана Александровна"@ru .
        GRAPH ?held {{ ?post a kg:Position }} FILTER (!STRSTARTS(STR(?held), "{DOC}"))
        }}""",
        store=store,
    )
    assert len(sourced.rows) == 1, "the post the records hold is not sourced in the protocol"


def test_a_conflicting_fact_is_kept_with_its_source_and_reported(
    store: Path, tmp_path: Path
) -> None:
    assert kg.query("dq-conflicting-facts", store=store).rows == []
    news = tmp_path / "novosti.txt"
    news.write_text(
        "Новости Подосиновского образовательного кластера\n"
        "3 марта 2025 года прошло заседание Координационного Совета по теме «Открытое "
        "образовательное пространство: партнерство, доверие, ответственность».\n"
        "Организаторы: КОГОБУ СШ пгт Подосиновец и Управление образования Подосиновского "
        "района.\n"
        "Грязева Елена Борисовна, заместитель директора КОГОБУ СШ пгт Подосиновец, "
        "рассказала об опорной школе.\n",
        encoding="utf-8",
    )
    [result] = kg.ingest([news], store=store)
    assert {c.what for c in result.conflicts} == {
        "another title for the post",
        "another date for the event",
    }
    rows = {
        tuple(t.value if t else None for t in row)[:4]
        for row in kg.query("dq-conflicting-facts", store=store).rows
    }
    assert rows == {
        (
            "дата мероприятия",
            "Открытое образовательное пространство: партнерство, доверие, ответственность",
            "2025-03-03",
            "2025-02-26",
        ),
        (
            "должность",
            "Грязева Елена Борисовна, КОГОБУ СШ пгт Подосиновец",
            "методист",
            "заместитель директора",
        ),
    }
    portable = catalogue()["dq-conflicting-facts"].text  # the form endpoints get
    assert kg.query(text=portable, store=store) == kg.query("dq-conflicting-facts", store=store)
    assert kg.validate(store=store) == []


def test_a_document_citing_what_a_changed_document_took_away_states_it_again(
    store: Path, tmp_path: Path
) -> None:
    seminar, meeting, named, [_, second] = two_documents_naming_one_person(store, tmp_path)
    seminar.write_text("Семинар наставников\nГости осмотрели мастерские.\n", encoding="utf-8")
    results = kg.ingest([seminar], store=store)
    assert [(r.path, r.changed) for r in results] == [(seminar, True), (meeting.resolve(), True)]
    assert [r[0].value for r in kg.query(text=named, store=store).rows if r[0]] == [second.graph]
    assert kg.validate(store=store) == []
    assert [r.changed for r in kg.ingest([seminar, meeting], store=store)] == [False, False]


def _ingested_beside_records(store: Path, tmp_path: Path, text: str) -> tuple[Ingested, Path]:
    """A note ingested into the store, and a copy of data/ for the next build."""
    note = tmp_path / "novosti.txt"
    note.write_text(text, encoding="utf-8")
    [result] = kg.ingest([note], store=store)
    records = tmp_path / "records"
    shutil.copytree(DATA, records)
    return result, records


def test_a_build_checks_the_shapes_of_the_documents_it_keeps(store: Path, tmp_path: Path) -> None:
    result, records = _ingested_beside_records(
        store,
        tmp_path,
        "Новости Опаринского образовательного кластера\n"
        "Жилина Ольга Александровна, заместитель директора КОГОБУ СШ пгт Опарино, выступила "
        "с докладом.\n",
    )
    (records / "oparino.yaml").unlink()  # the post the note adds is of a person it had
    outcome = CliRunner().invoke(app, ["build", str(records), "--out", str(store.parent)])
    assert outcome.exit_code == 1, outcome.output
    assert "does not conform" in outcome.output
    assert f"(ingested: <{result.graph}>)" in outcome.output
    assert "Shapes: conforms." not in outcome.output


def test_what_the_records_come_to_hold_a_kept_document_no_longer_restates(
    store: Path, tmp_path: Path
) -> None:
    result, records = _ingested_beside_records(
        store,
        tmp_path,
        "Семинар наставников\n"
        "Сидорова Анна Петровна, директор МКОУ СОШ п. Лесной, открыла семинар.\n",
    )
    (records / "lesnoi.yaml").write_text(  # the coordinator records what the note said
        "organizations:\n  - name: МКОУ СОШ п. Лесной\n    kind: school\n"
        "people:\n  - name: Сидорова Анна Петровна\n    positions:\n"
        "      - title: директор\n        org: МКОУ СОШ п. Лесной\n",
        encoding="utf-8",
    )
    kg.build([records], out=store.parent, maps=False)
    held = kg.query("positions-as-of", store=store).rows
    rows = [tuple(t.value for t in row if t) for row in held]
    assert rows.count(("Сидорова Анна Петровна", "директор", "МКОУ СОШ п. Лесной")) == 1
    restated = kg.query(
        text=f"""SELECT ?x WHERE {{
        GRAPH <{result.graph}> {{ ?x rdfs:label ?l }} GRAPH ?records {{ ?x rdfs:label ?m }}
        FILTER (!STRSTARTS(STR(?records), "{DOC}")) }}""",
        store=store,
    )
    assert restated.rows == []
    assert kg.validate(store=store) == []


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
