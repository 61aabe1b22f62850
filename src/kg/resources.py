"""The data kg ships: the ontology and its shapes, the query catalogue, the map style.

The top-level folders ontology/, queries/ and viz/ of the source tree are the truth; a
wheel carries them inside the package as kg/_resources/ (pyproject.toml: hatchling's
force-include), and an editable install reads them from the checkout it points into.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from kg.errors import KgError

FOLDERS = ("ontology", "queries", "viz")


@cache
def folder(name: str) -> Path:
    """The shipped folder `name` (one of FOLDERS); a KgError if this installation lacks it."""
    packaged = files("kg") / "_resources" / name
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / name  # src/kg/ -> the source tree
    if (checkout.parent / "pyproject.toml").is_file() and checkout.is_dir():
        return checkout
    raise KgError(f"this installation of kg lacks its {name}/ folder; reinstall kg")
