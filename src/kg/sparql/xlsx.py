"""A SELECT answer as an Excel workbook: typed cells, titled columns, links for IRIs.

Analysts sort and filter answers in Excel; text that looks like a number or a date sorts
wrongly there, so numbers, dates and booleans go in as such: by their datatype, and a plain
text that is an ISO date (what STR() of an xsd:date gives, as most catalogue queries
return their dates) as a date too.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence

import pyoxigraph as ox
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from kg.errors import KgError
from kg.rdf.terms import Term
from kg.sparql.results import compact
from kg.store import QueryResult

XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBERS = {f"{XSD}{t}" for t in ("integer", "int", "long", "short", "nonNegativeInteger")}
_DECIMALS = {f"{XSD}{t}" for t in ("decimal", "double", "float")}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_FORMAT = "DD.MM.YYYY"
MAX_WIDTH = 60
SHEET_ROWS = 1_048_575
"""Rows a sheet holds below its header."""


def to_xlsx(result: QueryResult, titles: Sequence[str], sheet: str = "kg") -> bytes:
    """The answer as .xlsx bytes, one header row of `titles` above one row per solution."""
    if result.kind != "select":
        raise KgError("--format xlsx takes the answer of a SELECT query")
    if len(result.rows) > SHEET_ROWS:
        raise KgError(f"{len(result.rows):,} rows: more than an Excel sheet holds; use csv")
    book = Workbook()
    page = book.active
    assert page is not None
    page.title = sheet[:31]
    page.append(list(titles))
    for cell in page[1]:
        cell.font = Font(bold=True)
    widths = [len(t) for t in titles]
    for number, row in enumerate(result.rows, start=2):
        page.append([_value(term) for term in row])
        for i, (cell, term) in enumerate(zip(page[number], row, strict=True)):
            _style(cell, term)
            if term is not None:
                widths[i] = max(widths[i], min(len(compact(term)), MAX_WIDTH))
    for i, width in enumerate(widths, start=1):
        page.column_dimensions[get_column_letter(i)].width = width + 2
    page.freeze_panes = "A2"
    if result.rows:
        page.auto_filter.ref = page.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _value(term: Term | None) -> object:
    if term is None:
        return None
    if not isinstance(term, ox.Literal):
        return compact(term)
    datatype = term.datatype.value if not term.language else ""
    try:
        if datatype in _NUMBERS:
            return int(term.value)
        if datatype in _DECIMALS:
            return float(term.value)
        if datatype == f"{XSD}boolean":
            return term.value in ("true", "1")
        if datatype == f"{XSD}dateTime":
            return dt.datetime.fromisoformat(term.value.replace("Z", "+00:00")).replace(tzinfo=None)
        if datatype == f"{XSD}date" or (not term.language and _ISO_DATE.match(term.value)):
            return dt.date.fromisoformat(term.value[:10])
    except ValueError:
        pass  # not what its datatype says: kept as the text it is
    return term.value


def _style(cell: Cell, term: Term | None) -> None:
    if isinstance(cell.value, dt.datetime):
        cell.number_format = f"{DATE_FORMAT} hh:mm"
    elif isinstance(cell.value, dt.date):
        cell.number_format = DATE_FORMAT
    elif isinstance(term, ox.NamedNode):
        cell.hyperlink = term.value
        cell.style = "Hyperlink"
