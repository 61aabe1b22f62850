"""The CLI as analysts' habits expect it: -h and --version, examples, one-line syntax errors,
plain query files, names looked up as `kg path` looks them up, folders for extract, -o."""

from __future__ import annotations

import json
import re
from importlib.metadata import version
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg
from kg.cli import EXAMPLES, app

runner = CliRunner()
COMMANDS = sorted(EXAMPLES)


def test_version_and_short_help() -> None:
    shown = runner.invoke(app, ["--version"])
    assert shown.exit_code == 0 and shown.output == f"kg {version('kg')}\n"
    assert runner.invoke(app, ["-h"]).exit_code == 0
    assert re.search(r"Usage: \S+ query", runner.invoke(app, ["query", "-h"]).output)


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_helps_with_an_example_and_no_python_types(command: str) -> None:
    result = runner.invoke(app, [command, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output and f"kg {command}" in result.output
    assert not re.search(r"<(str|int|bool|path|list\[[^\]]*\])>", result.output), result.output
    if "--out" in result.output:
        assert re.search(r"--out\s+-o\b", result.output), f"{command}: --out without -o"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "SELEKT * WHERE { ?s ?p ?o }",
            "SPARQL syntax error at line 1, column 1: 'SELEKT' is not a query form; "
            "expected SELECT, CONSTRUCT, ASK or DESCRIBE",
        ),
        (
            "SELECT * WHERE { ?s foo:p ?o }",
            "SPARQL syntax error at line 1, column 21: prefix foo: is not declared",
        ),
        (
            "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            "SPARQL syntax error at line 1, column 1: INSERT is an update; kg runs queries",
        ),
        ("SELECT ?x WHERE { ?x ?p ?o } ORDER ?x", "line 1, column 38: expected BY"),
        (
            'SELECT ?x WHERE {\n  ?x a kg:Person .\n  ?x bar:q "a:b" }',
            "SPARQL syntax error at line 3, column 6: prefix bar: is not declared",
        ),
    ],
)
def test_a_syntax_error_is_one_line_about_the_users_own_text(
    built: kg.BuildReport, text: str, message: str
) -> None:
    assert built.store is not None
    result = runner.invoke(app, ["query", "-e", text, "--store", str(built.store)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and message in result.output, result.output


def test_a_plain_query_file_runs_without_a_header(built: kg.BuildReport, tmp_path: Path) -> None:
    assert built.store is not None
    plain = tmp_path / "people.rq"
    plain.write_text(
        "# how many people\nSELECT (COUNT(*) AS ?n) WHERE { ?p a kg:Person }\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["query", str(plain), "-f", "json", "--store", str(built.store)])
    assert result.exit_code == 0, result.output
    count = kg.query(text="SELECT (COUNT(*) AS ?n) WHERE { ?p a kg:Person }", store=built.store)
    assert json.loads(result.output)["results"]["bindings"][0]["n"]["value"] == str(
        count.rows[0][0].value  # type: ignore[union-attr]
    )
    with_param = runner.invoke(app, ["query", str(plain), "-p", "x=1", "--store", str(built.store)])
    assert with_param.exit_code == 2 and "parameters go with catalogue queries" in with_param.output


def test_a_surname_or_a_name_without_yo_finds_the_person(built: kg.BuildReport) -> None:
    assert built.store is not None
    full = kg.query(
        "person-positions", params={"person": "Белёва Ирина Викторовна"}, store=built.store
    )
    assert full.rows
    for given in ("Белева", "белёва", "БЕЛЕВА ИРИНА ВИКТОРОВНА"):
        found = kg.query("person-positions", params={"person": given}, store=built.store)
        assert found.rows == full.rows, given


def test_a_name_that_finds_no_one_or_several_says_so(built: kg.BuildReport) -> None:
    assert built.store is not None
    store = ["--store", str(built.store)]
    nobody = runner.invoke(app, ["query", "cluster-partners", "-p", "cluster=Марсианский", *store])
    assert nobody.exit_code == 2
    assert nobody.output == "error: parameter cluster: no cluster named 'Марсианский'\n"
    several = runner.invoke(app, ["query", "person-positions", "-p", "person=Бузмакова", *store])
    assert several.exit_code == 2
    assert "'Бузмакова' names several entities: Бузмакова Нина Юрьевна; Бузмакова Ольга" in (
        several.output
    )


def test_tables_show_iris_as_prefixed_names(built: kg.BuildReport) -> None:
    assert built.store is not None
    text = "SELECT ?p ?c WHERE { ?p a kg:Person, ?c } ORDER BY ?p ?c LIMIT 3"
    result = runner.invoke(app, ["query", "-e", text, "--store", str(built.store)])
    assert result.exit_code == 0, result.output
    assert re.search(r"^id:person/\S+\s+foaf:Person\s*$", result.output, re.M), result.output
    assert "https://" not in result.output


PROTOCOL = """ПРОТОКОЛ № 2
заседания координационного совета Подосиновского образовательного кластера
12 марта 2025 г.
Присутствовали: Белёва Ирина Викторовна, директор МКОУ СОШ с. Афанасьево.
СЛУШАЛИ: Белёву И.В. о плане работы кластера.
РЕШИЛИ: утвердить план работы кластера на 2025 год.
"""


def test_extract_reads_a_folder_as_ingest_does(tmp_path: Path) -> None:
    folder = tmp_path / "protocols"
    (folder / "2025").mkdir(parents=True)
    (folder / "a.txt").write_text(PROTOCOL, encoding="utf-8")
    (folder / "2025" / "b.txt").write_text(PROTOCOL.replace("№ 2", "№ 3"), encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")  # not a document kg reads: passed over
    result = runner.invoke(app, ["extract", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.json", "b.json"]
    facts = json.loads((tmp_path / "out" / "a.json").read_text(encoding="utf-8"))
    assert any("Белёва" in p["name"] for p in facts["people"]), facts["people"]
    empty = runner.invoke(app, ["extract", str(tmp_path / "out")])
    assert empty.exit_code == 2 and "error: no documents (.docx" in empty.output
