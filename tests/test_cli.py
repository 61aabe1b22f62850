"""Every command through the CLI runner: the same results as the API, clean errors, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from typer.testing import CliRunner

import kg
from kg.cli import app
from tests.conftest import DATA

runner = CliRunner()


@pytest.fixture(scope="module")
def built_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cli-build")
    result = runner.invoke(app, ["build", str(DATA), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_build_prints_what_it_produced(built_dir: Path) -> None:
    result = runner.invoke(app, ["build", str(DATA), "--out", str(built_dir)])
    assert result.exit_code == 0
    assert "Shapes: conforms." in result.output
    assert f"Store:  {built_dir / 'store'}/" in result.output
    assert f"Turtle: {built_dir / 'kg.ttl'}" in result.output
    assert "EducationalCluster" in result.output


def test_build_of_bad_records_exits_1_with_the_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("organizations:\n  - name: A\n    kind: cafe\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(bad), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"{bad}:3: organizations[0].kind: got 'cafe'" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out" / "store").exists()


def test_build_of_data_violating_a_shape_exits_1_with_the_report(tmp_path: Path) -> None:
    bad = tmp_path / "hub.yaml"
    bad.write_text(
        "organizations:\n  - name: ДДТ\n    kind: supplementary\n"
        "clusters:\n  - name: Кластер\n    hub: ДДТ\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["build", str(bad), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "does not conform" in result.output
    assert "a cluster has at most one hub, and it is a school" in result.output


def test_export_writes_each_format(built_dir: Path, tmp_path: Path) -> None:
    for fmt, parser in [
        ("ttl", "turtle"),
        ("nt", "nt"),
        ("xml", "xml"),
        ("jsonld", "json-ld"),
        ("trig", "trig"),
    ]:
        target = tmp_path / f"kg.{fmt}"
        result = runner.invoke(
            app,
            ["export", "--format", fmt, "--out", str(target), "--store", str(built_dir / "store")],
        )
        assert result.exit_code == 0, result.output
        parsed = (rdflib.Dataset() if fmt == "trig" else rdflib.Graph()).parse(
            target, format=parser
        )
        assert len(parsed) > 1000


def test_export_matches_the_api(built_dir: Path) -> None:
    result = runner.invoke(app, ["export", "-f", "nt", "--store", str(built_dir / "store")])
    assert result.exit_code == 0
    assert result.stdout_bytes == kg.export("nt", store=built_dir / "store")


def test_export_with_inferred_triples_is_larger(built_dir: Path) -> None:
    store = built_dir / "store"
    plain = kg.export("nt", store=store)
    inferred = kg.export("nt", store=store, inferred=True)
    assert len(inferred.splitlines()) > len(plain.splitlines())


def test_export_of_unknown_format_exits_2(built_dir: Path) -> None:
    result = runner.invoke(app, ["export", "-f", "csv", "--store", str(built_dir / "store")])
    assert result.exit_code == 2
    assert "unknown format 'csv'" in result.output


def test_validate_of_store_and_of_sources(built_dir: Path) -> None:
    assert (
        runner.invoke(app, ["validate", "--store", str(built_dir / "store")]).output
        == "Conforms.\n"
    )
    assert runner.invoke(app, ["validate", str(DATA)]).exit_code == 0


def test_commands_on_a_missing_store_say_to_build_first(tmp_path: Path) -> None:
    for command in (["stats"], ["export"], ["validate"]):
        result = runner.invoke(app, [*command, "--store", str(tmp_path / "none")])
        assert result.exit_code == 2
        assert "run `kg build` first" in result.output


def test_stats_lists_graphs_and_classes(built_dir: Path) -> None:
    result = runner.invoke(app, ["stats", "--store", str(built_dir / "store")])
    assert result.exit_code == 0
    stats = kg.stats(built_dir / "store")
    assert f"in {len(stats.graphs)} named graphs" in result.output
    assert "graph/inferred" in result.output
    assert "Person" in result.output


def test_docs_renders_the_ontology_in_html(tmp_path: Path) -> None:
    result = runner.invoke(app, ["docs", "--out", str(tmp_path)])
    assert result.exit_code == 0
    russian = (tmp_path / "index.html").read_text(encoding="utf-8")
    english = (tmp_path / "index.en.html").read_text(encoding="utf-8")
    assert "EducationalCluster" in russian and "EducationalCluster" in english
    assert "<h3>Школа\n" in russian and "School" not in russian.split("<h3>Школа")[1][:20]
    assert "<h3>School\n" in english and "Школа" not in english


def test_every_command_has_help() -> None:
    for command in ("build", "export", "validate", "stats", "docs"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert "Usage" in result.output


def test_queries_lists_the_catalogue_as_table_and_json(built_dir: Path) -> None:
    table = runner.invoke(app, ["queries"])
    assert table.exit_code == 0
    assert "cluster-composition" in table.output and "Состав кластера" in table.output
    listed = json.loads(runner.invoke(app, ["queries", "--format", "json"]).output)
    assert len(listed) >= 18
    brokers = next(q for q in listed if q["name"] == "brokers")
    assert brokers["title"] == {"ru": "Люди-посредники", "en": "Brokers between organizations"}
    assert brokers["params"][0] | {"description": ""} == {
        "name": "min",
        "type": "integer",
        "default": "2",
        "example": "3",
        "description": "",
    }


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "md"])
def test_query_prints_each_format(built_dir: Path, fmt: str) -> None:
    result = runner.invoke(
        app, ["query", "shared-partners", "--format", fmt, "--store", str(built_dir / "store")]
    )
    assert result.exit_code == 0, result.output
    assert "АО «Россельхозбанк»" in result.output
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["head"]["vars"] == ["partner", "clusters", "clusterNames"]
    if fmt == "md":
        assert result.stdout.startswith("| partner | clusters | clusterNames |\n|---|---|---|\n")
    if fmt == "tsv":
        assert result.stdout.startswith("?partner\t?clusters\t?clusterNames\n")


EVERY_TRIPLE = "SELECT ?s ?p WHERE { ?s ?p ?o } ORDER BY ?s ?p"  # IRIs: a line a row


def test_a_long_answer_shows_its_first_rows_and_says_how_many_more(built_dir: Path) -> None:
    store = ["--store", str(built_dir / "store")]
    whole = kg.query(text=EVERY_TRIPLE, store=built_dir / "store")
    shown = runner.invoke(app, ["query", "-e", EVERY_TRIPLE, *store])
    assert shown.exit_code == 0, shown.output
    assert f"{len(whole.rows)} row(s)" in shown.stderr
    assert f"{len(whole.rows) - 100} more rows; --limit/--offset/--all" in shown.stderr
    assert len(shown.stdout.splitlines()) == 101  # the header and 100 rows
    every = runner.invoke(app, ["query", "-e", EVERY_TRIPLE, "--all", *store])
    assert len(every.stdout.splitlines()) == len(whole.rows) + 1
    assert "more rows" not in every.stderr


def test_a_page_is_the_rows_of_the_whole_answer_from_its_offset(built_dir: Path) -> None:
    store = ["--store", str(built_dir / "store")]
    whole = runner.invoke(app, ["query", "-e", EVERY_TRIPLE, "-f", "csv", *store])
    page = runner.invoke(
        app, ["query", "-e", EVERY_TRIPLE, "-f", "csv", "--limit", "5", "--offset", "10", *store]
    )
    assert page.exit_code == 0, page.output
    rows = whole.stdout.splitlines()
    assert page.stdout.splitlines() == [rows[0], *rows[11:16]]
    answer = kg.query(text=EVERY_TRIPLE, store=built_dir / "store", limit=5, offset=10)
    assert answer.total == len(rows) - 1 and answer.more == len(rows) - 1 - 15


def test_a_negative_limit_is_refused(built_dir: Path) -> None:
    result = runner.invoke(
        app, ["query", "-e", EVERY_TRIPLE, "--limit", "-1", "--store", str(built_dir / "store")]
    )
    assert result.exit_code == 2 and "counted from 0" in result.stderr


def test_query_with_a_parameter(built_dir: Path) -> None:
    result = runner.invoke(
        app,
        [
            "query",
            "cluster-composition",
            "-p",
            "cluster=подосиновский образовательный кластер",
            "-f",
            "csv",
            "--store",
            str(built_dir / "store"),
        ],
    )
    assert result.exit_code == 0
    assert "опорная школа,КОГОБУ СШ пгт Подосиновец" in result.stdout


def test_construct_query_prints_turtle(built_dir: Path) -> None:
    result = runner.invoke(
        app,
        [
            "query",
            "-e",
            "CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a kg:EducationalCluster ; rdfs:label ?l }",
            "--store",
            str(built_dir / "store"),
        ],
    )
    assert result.exit_code == 0
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    assert len(graph) == 5


def test_query_errors_exit_2_with_a_message(built_dir: Path) -> None:
    store = ["--store", str(built_dir / "store")]
    cases = [
        (["query", "nosuch", *store], "no query named 'nosuch'"),
        (["query", "brokers", "-p", "town=x", *store], "has no parameter town"),
        (["query", "brokers", "-p", "min", *store], "expected key=value"),
        (["query", "-e", "SELECT ?x WHERE {", *store], "SPARQL syntax error at line 1"),
        (["query", "brokers", "-f", "pdf", *store], "unknown format 'pdf'"),
        (["query", "brokers", "-f", "xlsx", *store], "give -o FILE.xlsx"),
    ]
    for args, message in cases:
        result = runner.invoke(app, args)
        assert result.exit_code == 2, args
        assert message in result.output, (args, result.output)
        assert "Traceback" not in result.output


def test_export_takes_the_format_from_the_output_file_extension(
    built_dir: Path, tmp_path: Path
) -> None:
    store = built_dir / "store"
    for name, parser in [("x.nt", "nt"), ("x.json", "json-ld"), ("x.owl", "xml"), ("x", "turtle")]:
        target = tmp_path / name
        result = runner.invoke(app, ["export", "-o", str(target), "--store", str(store)])
        assert result.exit_code == 0, result.output
        assert len(rdflib.Graph().parse(target, format=parser)) > 1000, name
    assert (tmp_path / "x.nt").read_bytes() == kg.export("nt", store=store)


def test_export_refuses_a_format_the_output_file_extension_contradicts(
    built_dir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "x.nt"
    args = ["export", "-f", "ttl", "-o", str(target), "--store", str(built_dir / "store")]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert f"error: {target}: the extension .nt means nt, not the ttl asked for" in result.output
    assert "Traceback" not in result.output
    assert not target.exists()


def test_anonymized_export_without_a_salt_says_its_pseudonyms_are_random(
    built_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KG_ANONYMIZE_SALT", raising=False)
    store = ["--store", str(built_dir / "store")]
    note = "anonymized with a random salt: pseudonyms differ from run to run"
    random = runner.invoke(app, ["export", "-f", "nt", "--anonymize", *store])
    assert random.exit_code == 0
    assert random.stderr.count(note) == 1
    assert note not in random.stdout
    salted = [
        runner.invoke(app, ["export", "-f", "nt", "--anonymize", "--salt", "k", *store])
        for _ in range(2)
    ]
    assert note not in salted[0].stderr
    assert salted[0].stdout_bytes == salted[1].stdout_bytes != random.stdout_bytes


def test_validate_prints_messages_as_they_are_not_as_markup(tmp_path: Path) -> None:
    # One organization (by its id) named differently in two files has two labels: the shape
    # allows one, and the message names the path "rdfs:label:", which rich read as an emoji.
    for name, label in [("a.yaml", "Школа [b]А[/b]"), ("b.yaml", "Школа Б")]:
        (tmp_path / name).write_text(
            f"organizations:\n  - id: shkola\n    name: {label}\n    kind: school\n",
            encoding="utf-8",
        )
    result = runner.invoke(app, ["validate", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")])
    assert result.exit_code == 1
    assert " rdfs:label: " in result.output
    assert "(Школа [b]А[/b])" in result.output
    assert "🏷" not in result.output


def test_query_table_prints_values_as_they_are_not_as_markup(built_dir: Path) -> None:
    value = "[b]жирный[/b] :label: [/нет]"
    result = runner.invoke(
        app,
        [
            "query",
            "-e",
            f'SELECT ?v WHERE {{ BIND("{value}" AS ?v) }}',
            "--store",
            str(built_dir / "store"),
        ],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert value in result.output
