"""The query catalogue: queries/*.rq, each opening with a YAML header in comments.

    # title:
    #   ru: Состав кластера
    #   en: Composition of a cluster
    # description: Hub school, members and council of a cluster.
    # params:
    #   cluster:
    #     type: text
    #     default: Опаринский образовательный кластер
    #     example: Подосиновский образовательный кластер
    #     description: the cluster's name or alias
    #     names: kg:EducationalCluster

Parameters are bound as typed RDF terms, never pasted into the query text. A parameter
that `names` entities of some classes is looked up among their names first
(kg.sparql.names): a surname finds the one person, "Белева" finds "Белёва", and a name that
finds nothing is an error rather than an empty answer.

A query may also have a form for kg's embedded store, queries/oxigraph/NAME.rq: the same
question written for Oxigraph 0.5's planner (subqueries it scans once and hash-joins),
which Virtuoso 7.2 answers wrongly. Endpoints and rdflib get the portable form; tests hold
the two forms to the same answers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pyoxigraph import Literal, NamedNode

from kg.errors import KgError
from kg.rdf.namespaces import PREFIXES
from kg.rdf.terms import XSD_DATE, XSD_INTEGER, Term
from kg.resources import folder

TYPES = ("text", "ru", "iri", "date", "integer")
_IRI = re.compile(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", re.IGNORECASE)


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str
    example: str
    description: str
    names: tuple[str, ...] = ()
    """The classes (as CURIEs) whose entities the value names, if it names any."""

    def term(self, value: str) -> Term:
        """The value as an RDF term of this parameter's type; KgError if it is not one."""
        try:
            if self.type == "iri":
                if not _IRI.match(value):
                    raise ValueError("expected an absolute IRI such as https://example.org/x")
                return NamedNode(value)
            if self.type == "date":
                return Literal(dt.date.fromisoformat(value).isoformat(), datatype=XSD_DATE)
            if self.type == "integer":
                return Literal(str(int(value)), datatype=XSD_INTEGER)
            if self.type == "ru":
                return Literal(value, language="ru")
            return Literal(value)
        except ValueError as exc:
            raise KgError(
                f"parameter {self.name}: {value!r} is not a valid {self.type} ({exc})"
            ) from None


@dataclass(frozen=True)
class CatalogueQuery:
    name: str
    path: Path
    title_ru: str
    title_en: str
    description: str
    params: tuple[Param, ...]
    text: str
    oxigraph_text: str | None = None
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    """Column titles by variable and language, where this query's differ from columns.yaml."""

    def text_for(self, dialect: str | None) -> str:
        """The form for a store of this dialect ("oxigraph"), else the portable one."""
        if dialect == "oxigraph" and self.oxigraph_text is not None:
            return self.oxigraph_text
        return self.text

    def bindings(self, given: dict[str, str]) -> dict[str, Term]:
        """Every parameter bound: the given value, else its default."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise KgError(
                f"query {self.name} has no parameter {', '.join(unknown)}; "
                f"its parameters: {', '.join(known) or 'none'}"
            )
        return {p.name: p.term(given.get(p.name, p.default)) for p in self.params}


def _header(path: Path, text: str) -> dict[str, Any]:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[2:] if line.startswith("# ") else line[1:])
    try:
        header = yaml.safe_load("\n".join(lines)) or {}
    except yaml.YAMLError as exc:
        raise KgError(f"{path}: the header comment is not valid YAML: {exc}") from None
    if not isinstance(header, dict):
        raise KgError(f"{path}: the header comment must be a YAML mapping")
    return header


def is_plain_query_file(path: Path) -> bool:
    """A .rq file with no YAML header: a query to run as it is, not a catalogue entry."""
    if path.suffix != ".rq" or not path.is_file():
        return False
    try:
        header = _header(path, path.read_text(encoding="utf-8"))
    except KgError:  # comments that are not YAML: a plain query's own notes
        return True
    return "title" not in header and "params" not in header


def parse_query_file(path: Path) -> CatalogueQuery:
    text = path.read_text(encoding="utf-8")
    header = _header(path, text)
    title = header.get("title") or {}
    if not isinstance(title, dict) or not title.get("ru") or not title.get("en"):
        raise KgError(f"{path}: the header needs title: {{ru: ..., en: ...}}")
    params = []
    for name, spec in (header.get("params") or {}).items():
        spec = spec or {}
        kind = spec.get("type", "text")
        if kind not in TYPES:
            raise KgError(
                f"{path}: parameter {name}: type {kind!r}; expected one of {', '.join(TYPES)}"
            )
        if "default" not in spec:
            raise KgError(f"{path}: parameter {name} needs a default")
        default = str(spec["default"])
        names = spec.get("names") or ()
        names = (names,) if isinstance(names, str) else tuple(str(n) for n in names)
        unknown = [n for n in names if n.split(":", 1)[0] not in PREFIXES]
        if unknown:
            raise KgError(f"{path}: parameter {name}: names {unknown[0]!r}, not a known CURIE")
        params.append(
            Param(
                name,
                kind,
                default,
                str(spec.get("example", default)),
                str(spec.get("description", "")),
                names,
            )
        )
    return CatalogueQuery(
        path.stem,
        path,
        str(title["ru"]),
        str(title["en"]),
        str(header.get("description", "")),
        tuple(params),
        text,
        _oxigraph_form(path),
        _columns(path, header.get("columns") or {}),
    )


def _columns(path: Path, given: Any) -> dict[str, dict[str, str]]:
    if not isinstance(given, dict) or not all(isinstance(v, dict) for v in given.values()):
        raise KgError(f"{path}: columns: expected {{variable: {{ru: ..., en: ...}}}}")
    return {str(k): {str(lang): str(t) for lang, t in v.items()} for k, v in given.items()}


def column_titles(
    variables: Sequence[str], entry: CatalogueQuery | None = None, lang: str = "ru"
) -> list[str]:
    """The title of each column in `lang`: the query's own, the catalogue's, else its name."""
    shared = _shared_columns(folder("queries") / "columns.yaml")
    own = entry.columns if entry is not None else {}
    return [(own.get(v) or shared.get(v) or {}).get(lang, v) for v in variables]


@cache
def _shared_columns(path: Path) -> dict[str, dict[str, str]]:
    if not path.is_file():
        return {}
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise KgError(f"{path}: not valid YAML: {exc}") from None
    return _columns(path, loaded)


def _oxigraph_form(path: Path) -> str | None:
    form = path.parent / "oxigraph" / path.name
    return form.read_text(encoding="utf-8") if form.is_file() else None


def catalogue(directory: Path | None = None) -> dict[str, CatalogueQuery]:
    """Every query of the catalogue (kg's own, or the .rq files of `directory`) by name,
    sorted; an empty catalogue is an error, never a silent nothing."""
    directory = directory or folder("queries")
    queries = {p.stem: parse_query_file(p) for p in sorted(directory.glob("*.rq"))}
    if not queries:
        raise KgError(f"{directory}: no queries (*.rq) in the catalogue")
    return queries


def find(name_or_path: str, directory: Path | None = None) -> CatalogueQuery:
    """A catalogue query by name, or a query file by path."""
    path = Path(name_or_path)
    if path.suffix == ".rq" and path.is_file():
        return parse_query_file(path)
    directory = directory or folder("queries")
    queries = catalogue(directory)
    if name_or_path not in queries:
        raise KgError(f"no query named {name_or_path!r} in {directory}; `kg queries` lists them")
    return queries[name_or_path]
