"""Plan and roadmap rows, and the parties responsible for them."""

from __future__ import annotations

import re
from dataclasses import dataclass

ROW_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})?\.?$")
HEADER_WORDS = {
    "activity": ("мероприяти", "наименование"),
    "due": ("срок",),
    "responsible": ("ответствен",),
    "result": ("результат", "характеристика"),
    "number": ("№",),
}


@dataclass(frozen=True)
class PlanRow:
    number: str
    section: str | None
    activity: str
    result: str | None
    due: str | None
    responsible: str | None


def _rows(text: str) -> list[list[str]]:
    """Table rows as cell lists: either one line per row with tabs between cells, or (as
    Word-to-text converters write) one line per cell starting with a tab, rows apart."""
    rows: list[list[str]] = []
    block: list[str] = []
    after_block = False
    widest = 0
    for line in [*text.splitlines(), ""]:
        if line.startswith("\t") and line.count("\t") == 1:
            block.append(line.strip())
            continue
        if len(block) == 1 and not ROW_NUMBER.match(block[0]):
            # A lone tabbed line: a heading if capitalised, else the rest of the row above.
            rows.append([block[0]] if block[0][:1].isupper() else ["", block[0]])
            block = []
        elif block:
            rows.append(block)
            widest = max(widest, len(block))
            block, after_block = [], True
        if not line.strip():
            continue
        if "\t" in line:
            rows.append([cell.strip() for cell in line.split("\t")])
        elif after_block and 1 < len(rows[-1]) < widest:
            rows[-1].append(line.strip())  # a last cell the converter left without its tab
        else:
            rows.append([line.strip()])
        after_block = False
    merged: list[list[str]] = []
    for row in rows:
        if (
            merged
            and len(merged[-1]) == 1
            and ROW_NUMBER.match(merged[-1][0])
            and row
            and not ROW_NUMBER.match(row[0])
        ):
            merged[-1] = merged[-1] + row  # a number cell left alone above its row
        else:
            merged.append(row)
    return merged


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        low = cell.lower()
        for field, words in HEADER_WORDS.items():
            if field not in found and any(w in low for w in words):
                found[field] = i
                break
    return found


def find_plan_rows(text: str) -> list[PlanRow]:
    rows = _rows(text)
    columns: dict[str, int] = {}
    section: str | None = None
    items: list[list[str]] = []
    sections: list[str | None] = []
    for cells in rows:
        found = _columns(cells)
        if {"activity", "due"} <= set(found):
            columns = found
            continue
        if not columns:
            continue
        filled = [c for c in cells if c]
        first = cells[0] if cells else ""
        if ROW_NUMBER.match(first) and len(filled) == 2 and len(cells) == 2:
            section = filled[1]
        elif ROW_NUMBER.match(first) and len(filled) >= 2 and len(cells) > columns["activity"]:
            items.append(cells)
            sections.append(section)
        elif (
            len(filled) == 1
            and not ROW_NUMBER.match(first)
            and len(filled[0]) < 90
            and filled[0][:1].isupper()
            and cells[0] == filled[0]
            and items
        ):
            section = filled[0] if len(cells) == 1 else section
        elif items and not first and len(filled) >= 1:
            # A row broken by a page: its cells continue the previous row's.
            previous = items[-1]
            for i, cell in enumerate(cells):
                if cell and i < len(previous):
                    previous[i] = f"{previous[i]} {cell}".strip()
                elif cell:
                    previous.append(cell)
        elif len(filled) == 1 and len(cells) == 1:
            section = filled[0]

    def value(row: list[str], field: str) -> str | None:
        i = columns.get(field)
        return row[i].strip() or None if i is not None and i < len(row) else None

    return [
        PlanRow(
            row[0].rstrip("."),
            sec,
            value(row, "activity") or "",
            value(row, "result"),
            value(row, "due"),
            value(row, "responsible"),
        )
        for row, sec in zip(items, sections, strict=True)
        if value(row, "activity")
    ]


ROLE_START = re.compile(
    r"\s(?=(?:Руководители|Директора|Методисты|Заместители|Педагоги|"
    r"Учителя)\b)"
)


def split_responsible(cell: str | None) -> list[str]:
    """A responsible cell split into parties; a person keeps the apposition after its comma."""
    if not cell:
        return []
    parts = [p.strip() for p in re.split(r",\s*", cell) if p.strip()]
    merged: list[str] = []
    for part in parts:
        if merged and (
            part[:1].islower()
            and (re.search(r"[А-ЯЁ]\.\s*[А-ЯЁ]\.$", merged[-1]) or part.startswith("ответственн"))
        ):
            merged[-1] = f"{merged[-1]}, {part}"
        else:
            merged.append(part)
    out: list[str] = []
    for party in merged:
        out.extend(p.strip() for p in ROLE_START.split(party) if p.strip())
    return out
