"""`kg update`: record files into a built store without a rebuild, as a rebuild would."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.store.entity_index import EntityIndex
from tests.conftest import DATA

GRAPH = "https://w3id.org/edu-cluster-kg/id/graph/"

NEW_SCHOOL = """\
organizations:
  - name: МКОУ СОШ п. Бор
    kind: school
    place: п. Бор
people:
  - name: Петрова Анна Сергеевна
    positions:
      - title: директор
        org: МКОУ СОШ п. Бор
partnerships:
  - partners: [МКОУ СОШ п. Бор, КОГПОАУ ОПТ]
    kind: career_guidance
"""

CHANGED_SCHOOL = """\
organizations:
  - name: МКОУ СОШ п. Бор
    kind: school
    place: п. Бор
  - name: ДДТ п. Бор
    kind: supplementary
people:
  - name: Сидоров Иван Петрович
    positions:
      - title: педагог
        org: ДДТ п. Бор
partnerships:
  - partners: [МКОУ СОШ п. Бор, ДДТ п. Бор]
    kind: career_guidance
"""

Graphs = dict[str, set[tuple[str, str, str]]]


def graphs(store: Path) -> Graphs:
    opened = ox.Store.read_only(str(store))
    out: Graphs = {}
    for q in opened.quads_for_pattern(None, None, None, None):
        out.setdefault(q.graph_name.value, set()).add(
            (str(q.subject), str(q.predicate), str(q.object))
        )
    del opened
    return out


def rebuilt(data: Path, tmp_path: Path) -> Graphs:
    """The store a full build of the same records gives."""
    folder = tmp_path / "rebuilt"
    shutil.rmtree(folder, ignore_errors=True)
    report = kg.build([data], out=folder, turtle=False, maps=False)
    assert report.store is not None
    return graphs(report.store)


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # graph names follow the path from the working folder
    shutil.copytree(DATA, tmp_path / "data")
    return Path("data")


@pytest.fixture
def store(data: Path) -> Path:
    report = kg.build([data], out=Path("build"), turtle=False, maps=False)
    assert report.store is not None
    return report.store.resolve()  # Oxigraph locks by path: a relative one recurs across tests


def test_adding_changing_and_removing_a_file_leaves_the_store_a_rebuild_would(
    data: Path, store: Path, tmp_path: Path
) -> None:
    extra = data / "extra.yaml"
    for text in (NEW_SCHOOL, CHANGED_SCHOOL, None):
        before = graphs(store)
        if text is None:
            extra.unlink()
        else:
            extra.write_text(text, encoding="utf-8")
        report = kg.update([extra], store=store)
        after = graphs(store)
        assert after == rebuilt(data, tmp_path)
        touched = {g for g in before.keys() | after.keys() if before.get(g) != after.get(g)}
        assert touched == {GRAPH + "extra", GRAPH + "inferred"}  # and no other graph
        assert report.files[0].removed == (text is None)
        assert report.inferred_added + report.inferred_removed > 0


def test_changing_a_file_others_refer_to_keeps_the_rebuilds_entailments(
    data: Path, store: Path, tmp_path: Path
) -> None:
    (data / "extra.yaml").write_text(NEW_SCHOOL, encoding="utf-8")
    kg.update([data / "extra.yaml"], store=store)
    cluster = data / "afanasyevo.yaml"
    text = cluster.read_text(encoding="utf-8")
    cluster.write_text(text.replace("kind: village", "kind: settlement"), encoding="utf-8")
    kg.update([cluster], store=store)
    assert graphs(store) == rebuilt(data, tmp_path)


def test_an_update_that_would_break_another_files_references_is_refused(
    data: Path, store: Path
) -> None:
    (data / "extra.yaml").write_text(NEW_SCHOOL, encoding="utf-8")
    kg.update([data / "extra.yaml"], store=store)
    before = graphs(store)
    cluster = data / "afanasyevo.yaml"
    text = cluster.read_text(encoding="utf-8")
    cluster.write_text(text.replace("    aliases: [КОГПОАУ ОПТ]\n", ""), encoding="utf-8")
    with pytest.raises(
        kg.KgError,
        match=r"(?s)extra\.yaml: refers to the organization named 'когпоау опт'.*kg build",
    ):
        kg.update([cluster], store=store)
    assert graphs(store) == before


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        ("organizations:\n  - name: Школа\n    kind: school\n    place: Нигде\n", kg.RecordErrors,
         r"extra\.yaml:4: organizations\[0\]\.place: unknown place 'Нигде'"),
        ("organizations:\n  - name: ДДТ\n    kind: supplementary\nclusters:\n  - name: Кластер\n"
         "    hub: ДДТ\n", kg.ValidationFailed, "at most one hub, and it is a school"),
        ("people:\n  - name: [1, 2]\n", kg.RecordErrors, r"extra\.yaml:2: people\[0\]\.name"),
    ],
    ids=["unknown reference", "broken shape", "malformed record"],
)  # fmt: skip
def test_a_bad_file_is_refused_and_the_store_stays_as_it_was(
    data: Path, store: Path, text: str, error: type[Exception], message: str
) -> None:
    before = graphs(store)
    (data / "extra.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(error, match=message):
        kg.update([data / "extra.yaml"], store=store)
    assert graphs(store) == before


def test_an_update_the_process_did_not_finish_is_finished_by_the_next(
    data: Path, store: Path, tmp_path: Path
) -> None:
    (data / "extra.yaml").write_text(NEW_SCHOOL, encoding="utf-8")
    index = EntityIndex.open(store)
    index.mark_pending([(data / "extra.yaml").resolve()])  # as a killed update leaves it
    index.close()
    cluster = data / "oparino.yaml"
    kg.update([cluster], store=store)
    assert graphs(store) == rebuilt(data, tmp_path)
    reopened = EntityIndex.open(store)
    assert reopened.pending() == []
    reopened.close()


def test_kg_update_reports_the_graph_and_the_inferred_changes(data: Path, store: Path) -> None:
    (data / "extra.yaml").write_text(NEW_SCHOOL, encoding="utf-8")
    result = CliRunner().invoke(app, ["update", "data/extra.yaml", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert f"extra.yaml: <{GRAPH}extra> 0 -> 18 triples" in result.output  # 3 of them names
    assert "Inferred: +24 -0. Shapes: conform." in result.output


def test_kg_update_of_an_unknown_missing_file_names_it(store: Path) -> None:
    result = CliRunner().invoke(app, ["update", "data/nowhere.yaml", "--store", str(store)])
    assert result.exit_code != 0
    assert "nowhere.yaml: no such file or folder" in result.output


def test_a_changed_district_of_synthetic_records_updates_as_a_rebuild_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    kg.synth(40, out=Path("synth"))
    report = kg.build([Path("synth")], out=Path("build"), turtle=False, maps=False)
    assert report.store is not None
    district = next(Path("synth").rglob("district-01.yaml"))
    records = yaml.safe_load(district.read_text(encoding="utf-8"))
    shared = yaml.safe_load(next(Path("synth").rglob("shared.yaml")).read_text(encoding="utf-8"))
    records["people"] = records["people"][:-5]
    partners = [records["organizations"][0]["name"], shared["organizations"][0]["name"]]
    new = {"partners": partners, "kind": "social_partnership"}
    records["partnerships"] = [*records["partnerships"][:-5], new]
    district.write_text(yaml.safe_dump(records, allow_unicode=True), encoding="utf-8")
    kg.update([district], store=report.store.resolve())
    assert graphs(report.store) == rebuilt(Path("synth"), tmp_path)


def test_an_update_waits_its_turn_while_a_build_writes_the_same_folder(
    data: Path, store: Path
) -> None:
    from kg.store import staging

    (data / "extra.yaml").write_text(NEW_SCHOOL, encoding="utf-8")
    before = graphs(store)
    with staging._locked(store.parent) as got:  # as a running build holds it
        assert got
        with pytest.raises(kg.KgError, match="another kg build, ingest or update is writing"):
            kg.update([data / "extra.yaml"], store=store)
    assert graphs(store) == before
