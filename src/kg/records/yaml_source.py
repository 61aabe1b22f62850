"""YAML records, with the line of every value kept for error messages."""

from __future__ import annotations

from pathlib import Path

import yaml

from kg.errors import RecordError
from kg.records import base
from kg.records.base import LoadedFile, Loc, read_text, too_many, validate_records


class RecordLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so the record model reports bad ones by field."""


class FastRecordLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same on libyaml, about ten times faster; on an error the file is read again with
    RecordLoader, whose messages are the ones users see."""


RecordLoader.yaml_implicit_resolvers = FastRecordLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _index_lines(node: yaml.Node, loc: Loc, lines: dict[Loc, int], path: Path) -> None:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                raise RecordError(
                    path,
                    key_node.start_mark.line + 1,
                    key,
                    "duplicate key (each field may appear once)",
                )
            seen.add(key)
            _index_lines(value_node, (*loc, key), lines, path)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_lines(item, (*loc, i), lines, path)


def _fast(text: str, path: Path) -> tuple[object, dict[Loc, int]] | None:
    """Data and lines by libyaml, or None if it finds anything wrong."""
    loader = FastRecordLoader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Loc, int] = {}
        if node is not None:
            _index_lines(node, (), lines, path)
        return (loader.construct_document(node) if node is not None else None), lines
    except (yaml.YAMLError, RecordError):
        return None
    finally:
        loader.dispose()


def _count_entries(path: Path, data: object, lines: dict[Loc, int]) -> None:
    """Refuse a file of more than MAX_ENTRIES records (a plan's items count one each), naming
    the line of the one that goes over; before validation, where the memory would go."""
    if not isinstance(data, dict):
        return
    count = 0
    for section, items in data.items():
        for i, item in enumerate(items if isinstance(items, list) else []):
            rows = item.get("items") if section == "plans" and isinstance(item, dict) else None
            count += 1 + (len(rows) if isinstance(rows, list) else 0)
            if count > base.MAX_ENTRIES:
                raise too_many(path, lines.get((section, i)), "entries")


def read_yaml(path: Path) -> LoadedFile:
    text = read_text(path)
    if not text.strip():  # blanks, tabs among them (which YAML refuses), are an empty file
        return validate_records(path, None, {})
    if (fast := _fast(text, path)) is not None:
        _count_entries(path, fast[0], fast[1])
        return validate_records(path, fast[0], fast[1])
    try:
        loader = RecordLoader(text)
    except yaml.reader.ReaderError as exc:  # a control character the YAML reader refuses
        at = text.count("\n", 0, exc.position) + 1
        problem = f"invalid YAML: control character U+{exc.character:04X} is not allowed"
        raise RecordError(path, at, None, problem) from None
    try:
        node = loader.get_single_node()
        lines: dict[Loc, int] = {}
        if node is not None:
            _index_lines(node, (), lines, path)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise RecordError(path, line, None, f"invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise RecordError(path, None, None, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    _count_entries(path, data, lines)
    return validate_records(path, data, lines)
