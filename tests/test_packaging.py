"""kg installed as a wheel carries what it reads: the ontology, the catalogue, the map style."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.resources import FOLDERS
from kg.sparql.catalogue import catalogue
from tests.conftest import ROOT


def test_the_wheel_carries_every_file_of_the_shipped_folders(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", str(ROOT), "-w", tmp_path],
        check=True,
    )
    [wheel] = tmp_path.glob("kg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in FOLDERS:
        shipped = {
            p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*") if p.is_file()
        }
        assert shipped, folder
        assert {f"kg/_resources/{name}" for name in shipped} <= names
    assert {
        "kg/sparql/workbench/workbench.html",
        "kg/sparql/workbench/yasgui.min.js",
        "kg/publish/page.html",
        "kg/viz/map.html",
        "kg/py.typed",
    } <= names


def test_an_empty_catalogue_is_an_error_not_an_empty_list(tmp_path: Path) -> None:
    with pytest.raises(KgError, match="no queries"):
        catalogue(tmp_path)
