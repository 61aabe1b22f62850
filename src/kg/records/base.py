"""What every source hands to the pipeline: validated records and where each came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from kg.errors import KgError, RecordError, RecordErrors
from kg.records.encodings import decode
from kg.records.models import RecordFile

Loc = tuple[str | int, ...]

MAX_BYTES = 50 * 1024 * 1024
"""Larger record files are refused before they are read."""
MAX_ENTRIES = 100_000
"""Entries per record file: a table's rows; a YAML file's records (each item of a section,
and each item of a plan). More are refused: a build holds one file's triples and their
entailments in memory at once, 2.9 GB at this many (60-110 s; benchmarks/input_limits.py)."""


EMPTY = "empty file"
"""The problem of a record file with nothing in it: refused, for such a file is more often one
whose writing failed, or the wrong file, than a cluster with nothing to say."""


def field_name(loc: Loc) -> str:
    """('people', 3, 'positions', 0, 'org') -> 'people[3].positions[0].org'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


@dataclass(frozen=True)
class LoadedFile:
    path: Path
    records: RecordFile
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int | None:
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return None

    def error(self, loc: Loc, problem: str) -> RecordError:
        return RecordError(self.path, self.line_of(loc), field_name(loc) or None, problem)


def read_text(path: Path) -> str:
    """A record file's text, in UTF-8 (BOM or not), cp1251 or koi8-r alike."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise RecordError(path, None, None, f"cannot read: {exc.strerror}") from None
    if size > MAX_BYTES:
        raise RecordError(path, None, None, f"{size:,} bytes is over the limit of {MAX_BYTES:,} "
                          "bytes for a record file; split it into smaller files")  # fmt: skip
    try:
        return decode(path, path.read_bytes())[0]
    except KgError as exc:
        raise RecordError(path, None, None, str(exc).removeprefix(f"{path}: ")) from None
    except OSError as exc:
        raise RecordError(path, None, None, f"cannot read: {exc.strerror}") from None


def too_many(path: Path, line: int | None, what: str) -> RecordError:
    return RecordError(path, line, None, f"more than {MAX_ENTRIES:,} {what} (the limit for one "
                       f"file); split it into files of at most {MAX_ENTRIES:,}")  # fmt: skip


def _describe(err: Any, model_fields: list[str]) -> str:
    kind, got = err["type"], err.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return f"unknown field; expected one of: {', '.join(model_fields)}"
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"got {got!r}; expected one of {expected}"
    if kind == "string_pattern_mismatch":
        return f"got {got!r}; expected lower-case latin letters, digits and hyphens"
    if kind == "too_short" and isinstance(got, list):
        return f"got {len(got)} item(s); expected at least {err['ctx']['min_length']}"
    if kind == "list_type":
        return f"got {got!r}; expected a list"
    if kind == "string_too_short":
        return "expected text; got an empty value"
    message = str(err["msg"]).removeprefix("Value error, ")
    return f"{message}; got {got!r}" if not isinstance(got, dict | list) else message


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """Field names of the model that owns the last part of loc, for 'unknown field' hints."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
    return list(current.model_fields) if current else []


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found:
            return found
    return None


def validate_records(path: Path, data: Any, lines: dict[Loc, int]) -> LoadedFile:
    """Validate parsed data against the record format, naming file, line and field on error."""
    sections = f"a mapping of sections ({', '.join(RecordFile.model_fields)})"
    if data is None:  # no YAML document: nothing, blanks, comments, a bare `---` or `null`
        raise RecordError(path, None, None, f"{EMPTY}; expected {sections}")
    if not isinstance(data, dict):
        raise RecordError(path, lines.get((), 1), None, f"expected {sections}")
    try:
        records = RecordFile.model_validate(data)
    except ValidationError as exc:
        loaded = LoadedFile(path, RecordFile(), lines)
        errors = [
            loaded.error(tuple(e["loc"]), _describe(e, _fields_at(RecordFile, tuple(e["loc"]))))
            for e in exc.errors()
        ]
        raise RecordErrors(errors) from None
    return LoadedFile(path, records, lines)
