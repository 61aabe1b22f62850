"""`kg synth`: the same seed gives the same files, and they are valid records."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

import kg
from kg.cli import app


def _contents(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


def test_the_same_seed_writes_the_same_files(tmp_path: Path) -> None:
    kg.synth(60, seed=5, out=tmp_path / "a")
    kg.synth(60, seed=5, out=tmp_path / "b")
    kg.synth(60, seed=6, out=tmp_path / "c")
    assert _contents(tmp_path / "a") == _contents(tmp_path / "b")
    assert _contents(tmp_path / "a") != _contents(tmp_path / "c")


def test_synthetic_records_load_and_conform(tmp_path: Path) -> None:
    report = kg.synth(40, seed=2, out=tmp_path)
    dataset = kg.load([tmp_path])
    assert report.schools == 40 and report.clusters >= 2
    assert dataset.asserted > 40 * 100
    assert kg.validate([tmp_path]) == []


def test_cli_synth_reports_what_it_wrote(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["synth", "--schools", "20", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "20 schools" in result.output
    assert CliRunner().invoke(app, ["synth", "--schools", "0"]).exit_code == 2
