from __future__ import annotations

import os
from pathlib import Path

import pytest

import kg

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SHARED = ROOT.parent / "shared"


def require_shared() -> Path:
    """../shared, or a skip on a machine without it; under CI its absence is a failure."""
    if SHARED.is_dir():
        return SHARED
    if os.environ.get("CI"):
        pytest.fail(f"{SHARED} is missing under CI")
    pytest.skip(f"{SHARED} not present")


def missing(what: str) -> None:
    """Skip a test whose tool is missing on a developer's machine; fail it under CI."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing under CI")
    pytest.skip(f"{what} is not installed")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> kg.BuildReport:
    """data/ built once into a temporary folder."""
    return kg.build([DATA], out=tmp_path_factory.mktemp("build"))
