"""Running SPARQL: a catalogue query, a file or a text, on the built store or an endpoint."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError
from kg.rdf.namespaces import PREFIXES
from kg.rdf.terms import Term
from kg.sparql.catalogue import CatalogueQuery, find, is_plain_query_file
from kg.sparql.names import resolve
from kg.sparql.syntax import check_syntax
from kg.store import Queryable, QueryResult, open_store

_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_COMMENT = re.compile(r"(?:^|(?<=\s))#")  # a comment, not the # of an IRI such as kg:'s
_XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")
_GROUP_CONCAT = re.compile(r"\bGROUP_CONCAT\s*\(", re.IGNORECASE)
_SEPARATOR = re.compile(r';\s*SEPARATOR\s*=\s*"([^"\\]*)"\s*$', re.IGNORECASE)
_AS = re.compile(r"\s*AS\s+[?$](\w+)", re.IGNORECASE)


def bind(sparql: str, bindings: dict[str, Term]) -> str:
    """The query with its parameters bound by a VALUES block opening each WHERE clause.

    Each value is written by pyoxigraph as an RDF term (quotes and newlines escaped), so a
    value can only ever be that term: it cannot change the query's structure. VALUES works
    the same on every SPARQL 1.1 store, local or remote; opening the WHERE clause, it is in
    scope for the clause's FILTERs. Text is written typed, "…"^^xsd:string (the same term in
    RDF 1.1): Virtuoso 7 turns the non-ASCII letters of a simple literal in a query into "?"
    when STR() is applied to it.

    Every WHERE clause gets the block, a subquery's too (a subquery written without the
    keyword does not), so that a subquery can use the parameters; one that also selects a
    parameter is joined with the outer block first, which is where Oxigraph 0.5 then starts
    (it starts from the smallest part, and knows nothing of a FILTER's selectivity).
    """
    if not bindings:
        return sparql
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(_sparql_term(term) for term in bindings.values())
    block = f"\n  VALUES ({names}) {{ ({values}) }}"
    lines, found = [], 0
    for line in sparql.splitlines(keepends=True):
        comment = _COMMENT.search(line)
        code, rest = (line[: comment.start()], line[comment.start() :]) if comment else (line, "")
        code, n = _WHERE.subn(lambda m: m.group(0) + block, code)
        lines.append(code + rest)
        found += n
    if not found:
        raise KgError("a query with parameters needs a WHERE clause to bind them in")
    return "".join(lines)


def _sparql_term(term: Term) -> str:
    if isinstance(term, ox.Literal) and not term.language and term.datatype == _XSD_STRING:
        return f"{term}^^{_XSD_STRING}"
    return str(term)


def lists(sparql: str) -> dict[str, str]:
    """The variables bound to `(GROUP_CONCAT(...) AS ?v)`, with their separators."""
    found: dict[str, str] = {}
    for m in _GROUP_CONCAT.finditer(sparql):
        depth, at = 1, m.end()
        while depth and at < len(sparql):
            depth += {"(": 1, ")": -1}.get(sparql[at], 0)
            at += 1
        separator = _SEPARATOR.search(sparql, m.end(), at - 1)
        if name := _AS.match(sparql, at):
            found[name.group(1)] = separator.group(1) if separator else " "
    return found


def sort_lists(result: QueryResult, separators: dict[str, str]) -> QueryResult:
    """Each GROUP_CONCAT list with its items in order, and an empty list unbound.

    SPARQL leaves the order of a list's items to the store (Oxigraph and Virtuoso differ),
    and where every value is unbound Virtuoso writes "" and Oxigraph leaves the list unbound.
    """
    columns = {i: separators[v] for i, v in enumerate(result.variables) if v in separators}
    if result.kind != "select" or not columns:
        return result

    def tidy(term: Term | None, separator: str) -> Term | None:
        if not isinstance(term, ox.Literal) or not separator:
            return term
        if not term.value:
            return None
        text = separator.join(sorted(term.value.split(separator)))
        if term.language:
            return ox.Literal(text, language=term.language)
        return ox.Literal(text, datatype=term.datatype)

    rows = [
        tuple(tidy(t, columns[i]) if i in columns else t for i, t in enumerate(row))
        for row in result.rows
    ]
    return QueryResult("select", variables=result.variables, rows=rows)


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
    if is_plain_query_file(Path(name_or_path)):
        if params:
            raise KgError(f"{name_or_path}: parameters go with catalogue queries (a YAML header)")
        sparql, added = with_prefixes(Path(name_or_path).read_text(encoding="utf-8"))
        return Prepared(sparql, {}, None, added)
    entry = find(name_or_path)
    return Prepared(entry.text, entry.bindings(params), entry)


def run_on(store: Queryable, prepared: Prepared) -> QueryResult:
    text = prepared.sparql
    if prepared.entry is not None and text == prepared.entry.text:
        text = prepared.entry.text_for(getattr(store, "dialect", None))
    sparql = bind(text, prepared.bindings)
    check_syntax(sparql, prepared.lines_before)
    try:
        return sort_lists(store.query(sparql), lists(sparql))
    except (OSError, RuntimeError, ValueError) as exc:
        raise KgError(f"query failed: {exc}") from None


def run(store: Queryable, prepared: Prepared) -> QueryResult:
    """run_on, with the parameters that name entities found among their names first."""
    if prepared.entry is not None and prepared.bindings:
        found = resolve(store, prepared.entry, prepared.bindings)
        prepared = replace(prepared, bindings=found)
    return run_on(store, prepared)


def run_local(prepared: Prepared, *, store: Path) -> QueryResult:
    if not store.exists():
        raise KgError(f"{store}: no store here; run `kg build` first")
    opened = open_store(store, read_only=True)
    try:
        return run(opened, prepared)
    finally:
        opened.close()
