"""Sources turn files into records. One module per format, chosen by file suffix."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from kg.errors import RecordError
from kg.records.base import LoadedFile
from kg.records.csv_source import read_csv
from kg.records.yaml_source import read_yaml

READERS: dict[str, Callable[[Path], LoadedFile]] = {
    ".yaml": read_yaml,
    ".yml": read_yaml,
    ".csv": read_csv,
}


def discover(paths: Iterable[Path]) -> list[Path]:
    """Record files under the given files and folders, sorted, so builds are reproducible."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in path.rglob("*") if p.suffix.lower() in READERS and p.is_file())
        elif path.is_file():
            if path.suffix.lower() not in READERS:
                raise RecordError(
                    path,
                    None,
                    None,
                    f"unsupported file type {path.suffix!r} "
                    f"(expected one of {', '.join(sorted(READERS))})",
                )
            found.add(path)
        else:
            raise RecordError(path, None, None, "no such file or folder")
    return sorted(found)


def read(path: Path) -> LoadedFile:
    return READERS[path.suffix.lower()](path)


__all__ = ["READERS", "LoadedFile", "discover", "read"]
