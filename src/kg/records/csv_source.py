"""Flat CSV tables: organizations, people with positions, plan items; Russian or English headers."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from kg.errors import RecordError
from kg.records import base
from kg.records.base import LoadedFile, Loc, read_text, too_many, validate_records

HEADERS: dict[str, str] = {
    "id": "id",
    "name": "name",
    "название": "name",
    "наименование": "name",
    "фио": "name",
    "full_name": "full_name",
    "полное название": "full_name",
    "полное наименование": "full_name",
    "aliases": "aliases",
    "другие названия": "aliases",
    "kind": "kind",
    "тип": "kind",
    "вид": "kind",
    "place": "place",
    "населённый пункт": "place",
    "населенный пункт": "place",
    "title": "title",
    "должность": "title",
    "org": "org",
    "organization": "org",
    "организация": "org",
    "start": "start",
    "начало": "start",
    "end": "end",
    "окончание": "end",
    "plan": "plan",
    "план": "plan",
    "number": "number",
    "№": "number",
    "номер": "number",
    "section": "section",
    "раздел": "section",
    "activity": "activity",
    "мероприятие": "activity",
    "result": "result",
    "результат": "result",
    "due": "due",
    "срок": "due",
    "сроки": "due",
    "responsible": "responsible",
    "ответственные": "responsible",
    "ответственный": "responsible",
    "source": "source",
    "источник": "source",
}
LIST_FIELDS = {"aliases", "responsible"}
TABLE_KINDS = (  # (kind, headers that identify it), tried in order
    ("plan_items", {"plan", "activity"}),
    ("people", {"name", "title"}),
    ("organizations", {"name", "kind"}),
)
PERSON_FIELDS = {"id", "name", "source"}
POSITION_FIELDS = {"title", "org", "start", "end"}


def _rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    text = read_text(path)
    if not text.strip():
        raise RecordError(path, 1, None, f"{base.EMPTY}; expected a header row")
    reader = csv.reader(text.splitlines(keepends=True))
    header = next(reader)
    fields = []
    for raw in header:
        key = HEADERS.get(raw.strip().lower())
        if key is None:
            raise RecordError(
                path, 1, raw, f"unknown column; expected one of: {', '.join(sorted(set(HEADERS)))}"
            )
        fields.append(key)
    rows: list[tuple[int, dict[str, str]]] = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        if len(rows) == base.MAX_ENTRIES:
            raise too_many(path, reader.line_num, "rows")
        if len(cells) != len(fields):
            raise RecordError(
                path,
                reader.line_num,
                None,
                f"{len(cells)} cells; expected {len(fields)} as in the header",
            )
        rows.append(
            (
                reader.line_num,
                {f: c.strip() for f, c in zip(fields, cells, strict=True) if c.strip()},
            )
        )
    return fields, rows


def _value(field: str, text: str) -> Any:
    if field in LIST_FIELDS:
        return [part.strip() for part in text.split(";") if part.strip()]
    return text


def read_csv(path: Path) -> LoadedFile:
    fields, rows = _rows(path)
    kind = next((k for k, need in TABLE_KINDS if need <= set(fields)), None)
    if kind is None:
        raise RecordError(
            path,
            1,
            None,
            "cannot tell the table's kind; expected columns "
            "name+kind (organizations), name+title (people) or plan+activity "
            "(plan items)",
        )
    lines: dict[Loc, int] = {}
    data: dict[str, list[dict[str, Any]]] = {}
    if kind == "organizations":
        data["organizations"] = []
        for line, row in rows:
            lines[("organizations", len(data["organizations"]))] = line
            data["organizations"].append({f: _value(f, v) for f, v in row.items()})
    elif kind == "people":
        people: dict[str, dict[str, Any]] = {}
        person_at: dict[str, int] = {}
        for line, row in rows:
            key = row.get("id") or row.get("name", f"#{line}")
            if key not in people:
                lines[("people", len(people))] = line
                people[key] = {f: v for f, v in row.items() if f in PERSON_FIELDS}
                people[key]["positions"] = []
            person = people[key]
            at = person_at.setdefault(key, len(person_at))  # found without a scan per row
            lines[("people", at, "positions", len(person["positions"]))] = line
            extra = {f: v for f, v in row.items() if f not in PERSON_FIELDS | POSITION_FIELDS}
            person["positions"].append(
                {f: v for f, v in row.items() if f in POSITION_FIELDS} | extra
            )
        data["people"] = list(people.values())
    else:
        plans: dict[str, dict[str, Any]] = {}
        plan_at: dict[str, int] = {}
        for line, row in rows:
            title = row.pop("plan", "")
            if title not in plans:
                lines[("plans", len(plans))] = line
                plans[title] = {"title": title, "items": []}
                if "source" in row:
                    plans[title]["source"] = row["source"]
            row.pop("source", None)
            plan = plans[title]
            at = plan_at.setdefault(title, len(plan_at))
            lines[("plans", at, "items", len(plan["items"]))] = line
            plan["items"].append({f: _value(f, v) for f, v in row.items()})
        data["plans"] = list(plans.values())
    return validate_records(path, data, lines)
