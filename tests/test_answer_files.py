"""Query answers written to files: Excel with typed cells and the catalogue's titles."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

import kg
from kg.cli import app

runner = CliRunner()


def test_an_xlsx_answer_has_russian_titles_and_typed_cells(
    built: kg.BuildReport, tmp_path: Path
) -> None:
    assert built.store is not None
    target = tmp_path / "plan.xlsx"
    args = ["query", "plan-items-status", "-o", str(target), "--store", str(built.store)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    answer = kg.query("plan-items-status", store=built.store)
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Состояние", "План", "Номер", "Мероприятие", "Срок с", "Срок до")
    assert len(rows) == len(answer.rows) + 1 and f"({len(answer.rows)} rows)" in result.output
    due = [r[5] for r in rows[1:] if r[5] is not None]
    assert due and all(isinstance(d, dt.datetime) for d in due)  # dates, not text
    first = answer.rows[0][5]
    assert first is not None and rows[1][5] == dt.datetime.fromisoformat(first.value)
    assert sheet.freeze_panes == "A2"


def test_counts_are_numbers_and_iris_are_links(built: kg.BuildReport, tmp_path: Path) -> None:
    assert built.store is not None
    counts = kg.query("organizations-by-kind", store=built.store)
    kg.save(counts, tmp_path / "kinds.xlsx", query="organizations-by-kind")
    sheet = openpyxl.load_workbook(tmp_path / "kinds.xlsx").active
    assert sheet is not None
    assert [c.value for c in sheet[1]] == ["Вид", "Число организаций"]
    assert [c.value for c in sheet[2]] == [counts.rows[0][0].value, int(counts.rows[0][1].value)]  # type: ignore[union-attr]
    people = kg.query(
        text="SELECT ?p WHERE { ?p a kg:Person } ORDER BY ?p LIMIT 2", store=built.store
    )
    kg.save(people, tmp_path / "people.xlsx")
    cell = openpyxl.load_workbook(tmp_path / "people.xlsx").active["A2"]  # type: ignore[index]
    assert cell.value.startswith("id:person/") and cell.hyperlink.target == people.rows[0][0].value  # type: ignore[union-attr]


def test_an_answer_file_takes_its_format_from_the_extension(
    built: kg.BuildReport, tmp_path: Path
) -> None:
    assert built.store is not None
    store = ["--store", str(built.store)]
    written = runner.invoke(
        app, ["query", "shared-partners", "-o", str(tmp_path / "a.json"), *store]
    )
    assert written.exit_code == 0, written.output
    local = kg.query("shared-partners", store=built.store)
    assert len(json.loads((tmp_path / "a.json").read_text())["results"]["bindings"]) == len(
        local.rows
    )
    no_file = runner.invoke(app, ["query", "shared-partners", "-f", "xlsx", *store])
    assert no_file.exit_code == 2 and "give -o FILE.xlsx" in no_file.output
    unknown = runner.invoke(
        app, ["query", "shared-partners", "-o", str(tmp_path / "a.pdf"), *store]
    )
    assert unknown.exit_code == 2 and "which format?" in unknown.output
