"""SPARQL syntax errors in one line, at the line and column of the user's own text.

Oxigraph's parser says where it stopped and lists every character class it could have
taken there ("expected one of OPTIONAL, Prefix not found, ['%'], ['-' | '0' ..= '9' …"),
over several lines. What a person needs is what went wrong: an unknown query form, an
update sent as a query, a prefix never declared, or the words that could come next.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from kg.errors import KgError

QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
UPDATE_FORMS = (
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
)

_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.S)
_PROLOGUE = re.compile(
    r"(?:\s+|#[^\n]*|(?:PREFIX\s+[\w.-]*:\s*<[^>]*>)|(?:BASE\s*<[^>]*>))*", re.IGNORECASE
)
_WORD = re.compile(r"[A-Za-z_]\w*")
_PREFIXED = re.compile(r"(?<![\w<\"'])([A-Za-z][\w.-]*)?:(?=[\w%\\-]|\s|$)")
_DECLARED = re.compile(r"PREFIX\s+([\w.-]*):", re.IGNORECASE)
_HIDDEN = re.compile(r"<[^>\s]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|#[^\n]*")
"""IRIs, strings and comments, where a colon is no prefix."""
_ITEM = re.compile(r'"[^"]*"|\[[^\]]*\]|[^,\s][^,]*')
_ALTERNATIVE = re.compile(r'^(?:[A-Z][A-Za-z_]*|"[^"]+")$')


def check_syntax(sparql: str, lines_before: int = 0) -> None:
    """Parse the query on an empty store; a one-line KgError if it is not valid SPARQL.

    `lines_before` is how many lines kg put before the user's text (its usual prefixes).
    """
    try:
        ox.Store().query(sparql)
    except SyntaxError as exc:
        raise KgError(explain(sparql, str(exc), lines_before)) from None


def explain(sparql: str, message: str, lines_before: int = 0) -> str:
    """Oxigraph's syntax error message as one line about the user's text."""
    form = _form_problem(sparql, lines_before)
    if form:
        return form
    m = _POSITION.match(message)
    if not m:
        return f"SPARQL syntax error: {_one_line(message)}"
    line, column, problem = int(m.group(1)), int(m.group(2)), m.group(3)
    where = f"SPARQL syntax error at line {line - lines_before}, column {column}"
    if "Prefix not found" in problem:
        undeclared = _undeclared_prefix(sparql)
        if undeclared is not None:
            name, at = undeclared
            where = _place(sparql, at, lines_before)
            return f"{where}: prefix {name}: is not declared (PREFIX {name}: <…>)"
    return f"{where}: {_expected(problem)}"


def _form_problem(sparql: str, lines_before: int) -> str | None:
    """An unknown query form, or an update, named at its own line and column."""
    start = _PROLOGUE.match(sparql)
    at = start.end() if start else 0
    word = _WORD.match(sparql, at)
    if not word or word.group(0).upper() in QUERY_FORMS:
        return None
    where = _place(sparql, at, lines_before)
    found = word.group(0)
    if found.upper() in UPDATE_FORMS:
        return f"{where}: {found} is an update; kg runs queries (SELECT, CONSTRUCT, ASK, DESCRIBE)"
    return f"{where}: {found!r} is not a query form; expected SELECT, CONSTRUCT, ASK or DESCRIBE"


def _undeclared_prefix(sparql: str) -> tuple[str, int] | None:
    """The first prefix used but not declared, and where it stands in the text."""
    declared = set(_DECLARED.findall(sparql))
    blank = _DECLARED.sub(_spaces, _HIDDEN.sub(_spaces, sparql))  # same length, same places
    for m in _PREFIXED.finditer(blank):
        if (m.group(1) or "") not in declared:
            return m.group(1) or "", m.start()
    return None


def _spaces(m: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", m.group(0))


def _place(sparql: str, at: int, lines_before: int) -> str:
    line = sparql.count("\n", 0, at) + 1 - lines_before
    column = at - (sparql.rfind("\n", 0, at) + 1) + 1
    return f"SPARQL syntax error at line {line}, column {column}"


def _expected(problem: str) -> str:
    """ "expected one of …" cut to the words and signs a person would type."""
    text = _one_line(problem)
    if not text.startswith("expected"):
        return text
    listed = text.removeprefix("expected one of").removeprefix("expected").strip()
    words = [w.strip() for w in _ITEM.findall(listed)]
    kept = [w for w in words if _ALTERNATIVE.match(w) and w != "Prefix not found"]
    if not kept:
        return "unexpected text here"
    shown = ", ".join(kept[:12]) + (", …" if len(kept) > 12 else "")
    return f"expected {shown}" if len(kept) == 1 else f"expected one of {shown}"


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]
