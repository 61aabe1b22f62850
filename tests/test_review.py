"""`kg extract --format records --store`: records a coordinator reviews and moves into data/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import kg
from kg.cli import app
from tests.conftest import DATA, require_shared
from tests.test_ingest import _answers, assert_grown_by_sources_not_copies

runner = CliRunner()


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of data/ and the store built from it."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    report = kg.build([data], out=tmp_path / "build", maps=False)
    assert report.store is not None
    return data, report.store


def test_reviewed_records_of_the_seeds_go_into_data_through_update(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    data, store = built
    seeds = sorted((require_shared() / "corpus/seeds").glob("*.txt"))
    out = tmp_path / "review"
    args = ["extract", *map(str, seeds), "--format", "records", "--store", str(store)]
    result = runner.invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "named by id" in result.output
    reviewed = sorted(out.glob("*.yaml"))
    assert len(reviewed) == len(seeds)
    for path in reviewed:  # each file validates as it is
        checked = runner.invoke(app, ["validate", str(path)])
        assert checked.exit_code == 0, checked.output
    before = _answers(store)
    for path in reviewed:
        shutil.copy(path, data / path.name)
    updated = runner.invoke(
        app, ["update", *(str(data / p.name) for p in reviewed), "--store", str(store)]
    )
    assert updated.exit_code == 0, updated.output
    assert "Shapes: conform" in updated.output
    assert_grown_by_sources_not_copies(before, _answers(store))


def test_an_entity_the_graph_has_is_named_by_its_id_and_its_label(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    _, store = built
    note = tmp_path / "novosti.txt"
    note.write_text(
        "Новости Подосиновского образовательного кластера\n"
        "5 марта 2025 года в КОГОБУ СШ пгт Подосиновец прошёл семинар «Наставничество».\n"
        "С докладом выступила Грязева Е.Б., заместитель директора КОГОБУ СШ пгт "
        "Подосиновец.\n",
        encoding="utf-8",
    )
    (extracted,) = kg.extract([note], fmt="records", out=tmp_path / "review", store=store)
    assert extracted.output is not None and extracted.reviewed is not None
    records = yaml.safe_load(extracted.output.read_text(encoding="utf-8"))
    school = next(
        o for o in records["organizations"] if o.get("id") == "kogobu-ssh-pgt-podosinovets"
    )
    assert school["name"] == "КОГОБУ СШ пгт Подосиновец" and school["kind"] == "school"
    person = next(p for p in records["people"] if p.get("id", "").startswith("griazeva"))
    assert person["name"] == "Грязева Елена Борисовна"  # the graph's label ...
    assert "Грязева Е.Б." in person["aliases"]  # ... and the document's name beside it
    (post,) = person["positions"]
    assert post["org"] == "kogobu-ssh-pgt-podosinovets"  # referred to by id
    assert post["quote"].startswith("С докладом выступила Грязева Е.Б.")


def test_a_store_without_records_format_is_refused(built: tuple[Path, Path]) -> None:
    _, store = built
    seed = next((require_shared() / "corpus/seeds").glob("*.txt"))
    result = runner.invoke(app, ["extract", str(seed), "--store", str(store)])
    assert result.exit_code != 0
    assert "--format records" in result.output
