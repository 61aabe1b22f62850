"""One authority names every graph: record files by their path below the folder given to the
build, documents by their text, and two sources never share a graph silently."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app
from tests.conftest import DATA

GRAPHS = "https://w3id.org/edu-cluster-kg/id/graph/"


@pytest.fixture
def nested(tmp_path: Path) -> Path:
    """d/a/b.yaml and d/a-b.yaml: two files whose paths once made one graph name."""
    folder = tmp_path / "d"
    (folder / "a").mkdir(parents=True)
    shutil.copy(DATA / "podosinovets.yaml", folder / "a" / "b.yaml")
    shutil.copy(DATA / "partizansky.yaml", folder / "a-b.yaml")
    return folder


def _asserted(store: Path) -> dict[str, int]:
    graphs = kg.stats(store).graphs
    return {g.removeprefix(GRAPHS): n for g, n in graphs.items() if g.startswith(GRAPHS)}


def test_files_whose_paths_slug_alike_keep_their_own_graphs(nested: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    result = CliRunner().invoke(app, ["build", str(nested), "--out", str(out)])
    assert result.exit_code == 0, result.output
    graphs = _asserted(out / "store")
    assert {"a/b", "a-b"} <= set(graphs)
    both = kg.load([nested / "a" / "b.yaml", nested / "a-b.yaml"]).asserted
    alone = kg.load([nested / "a" / "b.yaml"]).asserted + kg.load([nested / "a-b.yaml"]).asserted
    assert both == alone  # the memory path (kg validate FILES) drops neither file
    assert graphs["a/b"] + graphs["a-b"] == alone


def test_updating_one_file_leaves_the_other_files_graph(nested: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    CliRunner().invoke(app, ["build", str(nested), "--out", str(out)])
    before = _asserted(out / "store")
    result = CliRunner().invoke(
        app, ["update", str(nested / "a-b.yaml"), "--store", str(out / "store")]
    )
    assert result.exit_code == 0, result.output
    assert _asserted(out / "store") == before


def test_graph_names_do_not_depend_on_the_working_folder(
    nested: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = []
    for cwd in (tmp_path, nested / "a", Path(os.sep)):
        monkeypatch.chdir(cwd)
        names.append(sorted(kg.load([nested]).graphs))
    assert names[0] == names[1] == names[2]
    assert [n.removeprefix(GRAPHS) for n in names[0]] == ["a-b", "a/b"]


def test_two_files_that_would_share_a_graph_are_refused_by_name(
    nested: Path, tmp_path: Path
) -> None:
    shutil.copy(DATA / "verkhoyansk.yaml", nested / "a b.yaml")  # slugs as a-b, like a-b.yaml
    result = CliRunner().invoke(app, ["build", str(nested), "--out", str(tmp_path / "build")])
    assert result.exit_code != 0
    assert "a b.yaml" in result.output and "a-b.yaml" in result.output
    assert "rename one" in result.output
    assert not (tmp_path / "build" / "store").exists()


def test_a_new_file_may_not_take_a_built_files_graph(nested: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    CliRunner().invoke(app, ["build", str(nested), "--out", str(out)])
    before = _asserted(out / "store")
    shutil.copy(DATA / "verkhoyansk.yaml", nested / "a b.yaml")
    result = CliRunner().invoke(
        app, ["update", str(nested / "a b.yaml"), "--store", str(out / "store")]
    )
    assert result.exit_code != 0
    assert "a-b.yaml" in result.output and "rename one" in result.output
    assert _asserted(out / "store") == before


def test_extracting_two_documents_named_alike_into_one_folder_is_refused(
    tmp_path: Path,
) -> None:
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "protocol.txt").write_text(
            f"Протокол заседания № {folder}\nПрисутствовали: Иванова Анна Петровна",
            encoding="utf-8",
        )
    out = tmp_path / "facts"
    result = CliRunner().invoke(
        app,
        ["extract", str(tmp_path / "x/protocol.txt"), str(tmp_path / "y/protocol.txt"),
         "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code != 0
    assert "x/protocol.txt" in result.output and "y/protocol.txt" in result.output
    assert not out.exists()
