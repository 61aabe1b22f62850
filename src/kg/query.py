"""Running SPARQL: a catalogue query, a file or a text, on the built store or an endpoint."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.catalogue import CatalogueQuery, find
from kg.errors import KgError
from kg.namespaces import PREFIXES
from kg.stores import Queryable, QueryResult, open_store
from kg.terms import Term

_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.S)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bind(sparql: str, bindings: dict[str, Term]) -> str:
    """The query with its parameters bound by a VALUES block opening the WHERE clause.

    Each value is written by pyoxigraph as an RDF term (quotes and newlines escaped), so a
    value can only ever be that term: it cannot change the query's structure. VALUES works
    the same on every SPARQL 1.1 store, local or remote; opening the WHERE clause, it is in
    scope for the clause's FILTERs.
    """
    if not bindings:
        return sparql
    offset = 0
    for line in sparql.splitlines(keepends=True):
        code = "" if line.lstrip().startswith("#") else line
        if m := _WHERE.search(code):
            at = offset + m.end()
            names = " ".join(f"?{name}" for name in bindings)
            values = " ".join(str(term) for term in bindings.values())
            return f"{sparql[:at]}\n  VALUES ({names}) {{ ({values}) }}{sparql[at:]}"
        offset += len(line)
    raise KgError("a query with parameters needs a WHERE clause to bind them in")


def check_syntax(sparql: str, lines_before: int = 0) -> None:
    """Parse the query (on an empty store); a KgError names the line and column of an error.

    `lines_before` is the number of lines kg put before the user's text.
    """
    try:
        ox.Store().query(sparql)
    except SyntaxError as exc:
        message = str(exc)
        if m := _POSITION.match(message):
            line, column, problem = m.groups()
            raise KgError(
                f"SPARQL syntax error at line {int(line) - lines_before}, "
                f"column {column}: "
                f"{problem.strip()}"
            ) from None
        raise KgError(f"SPARQL syntax error: {message}") from None


def with_prefixes(sparql: str) -> tuple[str, int]:
    """Declare kg's usual prefixes for inline queries; also how many lines that added."""
    declared = set(re.findall(r"PREFIX\s+(\w*):", sparql, re.IGNORECASE))
    missing = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p not in declared]
    return "\n".join([*missing, sparql]), len(missing)


@dataclass(frozen=True)
class Prepared:
    """A query ready to run: its text, its bound parameters, and where it came from."""

    sparql: str
    bindings: dict[str, Term]
    entry: CatalogueQuery | None = None
    lines_before: int = 0


def prepare(name_or_path: str | None, text: str | None, params: dict[str, str]) -> Prepared:
    """The query from a catalogue name, a .rq file, or inline text, with parameters bound."""
    if text is not None:
        if name_or_path:
            raise KgError("give a query name or file, or -e TEXT, not both")
        if params:
            raise KgError("parameters go with catalogue queries, not with -e TEXT")
        sparql, added = with_prefixes(text)
        return Prepared(sparql, {}, None, added)
    if not name_or_path:
        raise KgError("give a query name (see `kg queries`), a .rq file, or -e TEXT")
    entry = find(name_or_path)
    return Prepared(entry.text, entry.bindings(params), entry)


def run_on(store: Queryable, prepared: Prepared) -> QueryResult:
    sparql = bind(prepared.sparql, prepared.bindings)
    check_syntax(sparql, prepared.lines_before)
    try:
        return store.query(sparql)
    except (OSError, RuntimeError, ValueError) as exc:
        raise KgError(f"query failed: {exc}") from None


def run_local(prepared: Prepared, *, store: Path) -> QueryResult:
    if not store.exists():
        raise KgError(f"{store}: no store here; run `kg build` first")
    opened = open_store(store, read_only=True)
    try:
        return run_on(opened, prepared)
    finally:
        opened.close()
