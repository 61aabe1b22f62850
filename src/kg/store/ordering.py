"""A query's final ORDER BY done by the client, in SPARQL's order of terms.

Oxigraph 0.5 sorts slowly: each comparison reads both terms back from its dictionary
(10,000 schools, 67,970 rows of positions-as-of: 4.9 s of its 7.4 s went into the
ORDER BY). Sorting the rows it returns takes Python tens of milliseconds. Only an ORDER BY
of plain variables that closes the query is taken over; anything else stays with the store.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from kg.rdf.terms import Term

_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {
    _XSD + name
    for name in [
        "integer",
        "decimal",
        "double",
        "float",
        "long",
        "int",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    ]
}
_KEY = r"(?:(?:ASC|DESC)\s*\(\s*[?$]\w+\s*\)|[?$]\w+)"
_CLOSING_ORDER = re.compile(rf"\bORDER\s+BY((?:\s*{_KEY})+)\s*$", re.IGNORECASE)
_ONE_KEY = re.compile(r"(ASC|DESC)?\s*\(?\s*[?$](\w+)", re.IGNORECASE)
_CLOSING_COMMENTS = re.compile(r"(?:\s*\n[ \t]*#[^\n]*)+\s*$")


@dataclass(frozen=True)
class SortKey:
    variable: str
    descending: bool


def split(sparql: str) -> tuple[str, list[SortKey]] | None:
    """The query without its closing ORDER BY, and that ORDER BY's keys; None if it has no
    such clause (or orders by expressions, or pages with LIMIT/OFFSET after it)."""
    text = _CLOSING_COMMENTS.sub("", sparql).rstrip()
    found = _CLOSING_ORDER.search(text)
    if found is None:
        return None
    keys = [
        SortKey(m.group(2), (m.group(1) or "").upper() == "DESC")
        for m in _ONE_KEY.finditer(found.group(1))
    ]
    return text[: found.start()], keys


def sort_rows(
    variables: Sequence[str], rows: list[tuple[Term | None, ...]], keys: Sequence[SortKey]
) -> list[tuple[Term | None, ...]] | None:
    """The rows in the keys' order (stable: ties keep the store's order); None if a key is
    not one of the answer's variables."""
    at = {v: i for i, v in enumerate(variables)}
    if any(k.variable not in at for k in keys):
        return None
    ordered = list(rows)
    for key in reversed(keys):  # stable sorts, the least significant key first
        i = at[key.variable]
        ordered.sort(key=lambda row: term_order(row[i]), reverse=key.descending)
    return ordered


def term_order(term: Term | None) -> tuple[object, ...]:
    """SPARQL 1.1 §15.1: unbound, blank nodes, IRIs, then literals; numbers by value,
    other literals by their text (code points), then language, then datatype."""
    if term is None:
        return (0,)
    if isinstance(term, ox.BlankNode):
        return (1, term.value)
    if isinstance(term, ox.NamedNode):
        return (2, term.value)
    assert isinstance(term, ox.Literal)
    if term.datatype.value in _NUMERIC:
        try:
            return (3, 0, Decimal(term.value), "")
        except InvalidOperation:  # NaN, INF or ill-typed: after the numbers
            return (3, 1, term.value, term.datatype.value)
    if term.language:  # before the plain text it spells, as Oxigraph orders them
        return (3, 2, term.value, 0, term.language)
    return (3, 2, term.value, 1, term.datatype.value)
