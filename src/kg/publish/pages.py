"""A page for every entity: what the graph says about it, in Russian (or English), for
people; Turtle or JSON-LD of the same, for machines.

`kg serve` answers an entity's IRI path (/id/person/…) with its page, or with its triples
to a client that asks for text/turtle or application/ld+json; `kg site` writes the pages as
static HTML to publish. Every name and text goes through Jinja2's autoescaping, and only
http(s) IRIs become links.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2
import pyoxigraph as ox

from kg.errors import KgError
from kg.files import write_atomic
from kg.rdf.namespaces import FOAF, KG, RDF, RDFS, SCHEMA
from kg.sparql.query import bind
from kg.sparql.results import compact

LANGUAGES = ("ru", "en")
TEXT = {
    "ru": {"kind": "Вид", "facts": "Сведения", "incoming": "Связи с другими",
           "positions": "Должности", "sources": "Источники", "map": "на карте",
           "other": "English", "holder": "Кто", "title": "Должность", "body": "Где",
           "from": "С", "to": "По", "more": "показаны первые {n}"},
    "en": {"kind": "Kind", "facts": "Facts", "incoming": "Referred to by",
           "positions": "Positions", "sources": "Sources", "map": "on the map",
           "other": "Русский", "holder": "Who", "title": "Title", "body": "Where",
           "from": "From", "to": "To", "more": "the first {n} shown"},
}  # fmt: skip
HIDDEN = {str(p) for p in (RDF.type, RDFS.label, SCHEMA.name, FOAF.name, KG.quote, KG.statedIn)}
"""Shown elsewhere on the page (the title, the kind, the sources)."""
LIMIT = 500
"""Rows of one section a page shows: a region's page would otherwise list every school."""

ASSERTED = 'FILTER (!STRENDS(STR(?g), "/inferred"))'
"""Facts as the records and documents state them; the inferred graphs repeat them under
their super-properties (kg:alias as skos:altLabel and schema:alternateName)."""
_OUT = f"SELECT DISTINCT ?p ?o WHERE {{ GRAPH ?g {{ $X ?p ?o }} {ASSERTED} }}"
_TYPES = "SELECT DISTINCT ?t WHERE { $X a ?t }"
_IN = f"""SELECT DISTINCT ?s ?p WHERE {{
  GRAPH ?g {{ ?s ?p $X }} {ASSERTED}
}} ORDER BY ?p ?s LIMIT {LIMIT + 1}"""
_POSITIONS = f"""PREFIX kg: <{KG._NS}>
SELECT DISTINCT ?holder ?title ?body ?start ?end WHERE {{
  {{ ?pos kg:holder $X }} UNION {{ ?pos kg:postIn $X }}
  ?pos kg:holder ?holder ; kg:title ?title .
  OPTIONAL {{ ?pos kg:postIn ?body }} OPTIONAL {{ ?pos kg:startDate ?start }}
  OPTIONAL {{ ?pos kg:endDate ?end }}
}} ORDER BY ?start ?title LIMIT {LIMIT}"""
_SOURCES = f"""PREFIX kg: <{KG._NS}>
SELECT DISTINCT ?fact ?doc ?date ?quote WHERE {{
  {{ $X kg:statedIn ?doc BIND ($X AS ?fact) }}
  UNION {{ GRAPH ?g {{ ?fact ?rel $X }} {ASSERTED} ?fact kg:statedIn ?doc }}
  OPTIONAL {{ ?fact kg:quote ?quote }} OPTIONAL {{ ?doc kg:documentDate ?date }}
}} ORDER BY ?date ?doc ?fact LIMIT {LIMIT}"""
_ONTOLOGY_LABELS = "SELECT ?t ?l WHERE { ?t rdfs:label ?l FILTER (LANG(?l) = ?lang) }"
_SUPER = "SELECT ?sub ?super WHERE { ?sub rdfs:subClassOf+ ?super }"


@dataclass
class Value:
    text: str
    href: str | None = None


@dataclass
class EntityPage:
    iri: str
    label: str
    kinds: list[str]
    facts: dict[str, list[Value]] = field(default_factory=dict)
    incoming: dict[str, list[Value]] = field(default_factory=dict)
    positions: list[dict[str, Value]] = field(default_factory=list)
    sources: list[dict[str, Value | str]] = field(default_factory=list)
    cut: bool = False


Link = Callable[[str], str | None]
"""An IRI's link on a page: to the page of an entity of the graph, to the IRI itself where
it is on the web, or None."""


def entity(store: ox.Store, iri: str, lang: str, link: Link) -> EntityPage | None:
    """What the graph says about `iri`, labelled in `lang`; None if it says nothing."""
    node = ox.NamedNode(iri)
    out = _rows(store, _OUT, node)
    if not out:
        return None
    words = _words(store, lang)
    incoming = _rows(store, _IN, node)
    named = {r[0] for r in out if isinstance(r[0], ox.NamedNode)}
    named |= {r[1] for r in out if isinstance(r[1], ox.NamedNode)}
    named |= {r[0] for r in incoming if isinstance(r[0], ox.NamedNode)}
    positions = _rows(store, _POSITIONS, node)
    sources = _rows(store, _SOURCES, node)
    named |= {t for row in positions + sources for t in row if isinstance(t, ox.NamedNode)}
    labels = _labels(store, named | {node}, lang)

    def value(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Value:
        if isinstance(term, ox.NamedNode):
            shown = labels.get(term.value) or words.get(term.value) or compact(term)
            return Value(shown, link(term.value))
        return Value("" if term is None else term.value)

    types = [t.value for (t,) in _rows(store, _TYPES, node) if isinstance(t, ox.NamedNode)]
    supers = _superclasses(store)
    specific = [t for t in types if not any(t in supers.get(o, ()) for o in types)]
    page = EntityPage(
        iri, labels.get(iri, compact(node)), sorted(words.get(t, t) for t in specific)
    )
    for p, o in out:
        if p.value not in HIDDEN:
            page.facts.setdefault(words.get(p.value, compact(p)), []).append(value(o))
    for s, p in incoming[:LIMIT]:
        page.incoming.setdefault(words.get(p.value, compact(p)), []).append(value(s))
    page.cut = len(incoming) > LIMIT
    names = ("holder", "title", "body", "start", "end")
    page.positions = [dict(zip(names, map(value, row), strict=True)) for row in positions]
    for fact, doc, date, quote in sources:
        page.sources.append(
            {"fact": value(fact), "doc": value(doc), "date": value(date).text,
             "quote": value(quote).text}
        )  # fmt: skip
    for group in (*page.facts.values(), *page.incoming.values()):
        group.sort(key=lambda v: v.text)
    return page


def render(page: EntityPage, lang: str, *, other_lang: str, map_href: str | None,
           data_hrefs: dict[str, str]) -> str:  # fmt: skip
    return _template().render(
        page=page, lang=lang, t=TEXT[lang], other_lang=other_lang, map_href=map_href,
        data_hrefs=data_hrefs,
    )  # fmt: skip


def triples(store: ox.Store, iri: str, fmt: ox.RdfFormat) -> bytes:
    """The entity's own triples and those that point at it, in `fmt`."""
    node = ox.NamedNode(iri)
    query = "CONSTRUCT { $X ?p ?o . ?s ?q $X } WHERE { { $X ?p ?o } UNION { ?s ?q $X } }"
    result = store.query(query.replace("$X", str(node)), use_default_graph_as_union=True)
    return ox.serialize(result, format=fmt) or b""  # type: ignore[arg-type]


def entities(store: ox.Store, base: str) -> list[str]:
    """Every subject of the graph under `base`: the entities that get a page."""
    query = "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER (STRSTARTS(STR(?s), ?base)) }"
    return sorted(row[0].value for row in _select(store, query, base=ox.Literal(base)))


def write_site(store: ox.Store, base: str, out: Path, lang: str = "ru") -> list[Path]:
    """A static page for every entity under `base` (out/<the IRI's path below base>.html)
    and an index of them by kind (out/index.html); the index first, then the pages."""
    if lang not in LANGUAGES:
        raise KgError(f"unknown language {lang!r}; expected ru or en")
    written: list[Path] = []
    listed: dict[str, list[tuple[str, Path]]] = {}
    for iri in entities(store, base):
        target = out / f"{iri.removeprefix(base)}.html"

        def link(other: str, here: Path = target) -> str | None:
            if other.startswith(base):
                return os.path.relpath(out / f"{other.removeprefix(base)}.html", here.parent)
            return other if other.startswith(("http://", "https://")) else None

        page = entity(store, iri, lang, link)
        if page is None:
            continue
        html = render(page, lang, other_lang="", map_href=None, data_hrefs={})
        write_atomic(target, html.encode("utf-8"))
        written.append(target)
        listed.setdefault(", ".join(page.kinds), []).append((page.label, target))
    index = out / "index.html"
    groups = {
        kind: sorted((label, os.path.relpath(path, out)) for label, path in pages)
        for kind, pages in sorted(listed.items())
    }
    write_atomic(index, _INDEX.render(lang=lang, groups=groups).encode("utf-8"))
    return [index, *written]


Row = tuple[Any, ...]


def _select(store: ox.Store, sparql: str, **given: ox.NamedNode | ox.Literal) -> list[Row]:
    """The solutions of a SELECT, its variables bound to `given` terms (written by
    pyoxigraph into a VALUES block, so a term stays a term)."""
    bound = bind(sparql, dict(given)) if given else sparql
    result = store.query(bound, use_default_graph_as_union=True, prefixes={"rdfs": str(RDFS)})
    assert isinstance(result, ox.QuerySolutions)
    return [tuple(solution) for solution in result]


def _rows(store: ox.Store, sparql: str, node: ox.NamedNode) -> list[Row]:
    """The query about one entity: $X is its IRI as pyoxigraph writes it, a checked IRI in
    angle brackets that no character of it can close."""
    return _select(store, sparql.replace("$X", str(node)))


def _labels(store: ox.Store, iris: set[ox.NamedNode], lang: str) -> dict[str, str]:
    """Each IRI's label, in `lang` where it has one."""
    if not iris:
        return {}
    values = " ".join(str(i) for i in iris)
    rows = _select(store, f"SELECT ?e ?l WHERE {{ VALUES ?e {{ {values} }} ?e rdfs:label ?l }}")
    found: dict[str, str] = {}
    for e, label in rows:
        if label.language == lang or e.value not in found:
            found[e.value] = label.value
    return found


_INDEX = jinja2.Environment(autoescape=True).from_string(
    """<!DOCTYPE html><html lang="{{ lang }}"><head><meta charset="utf-8">
<title>kg</title><style>body { font: 16px/1.45 system-ui, sans-serif; max-width: 60rem;
margin: 2rem auto; padding: 0 1rem; }</style></head><body>
{% for kind, pages in groups.items() %}<h2>{{ kind }}</h2><ul>
{% for label, href in pages %}<li><a href="{{ href }}">{{ label }}</a></li>
{% endfor %}</ul>{% endfor %}</body></html>
"""
)


@cache
def _template() -> jinja2.Template:
    text = files("kg.publish").joinpath("page.html").read_text(encoding="utf-8")
    return jinja2.Environment(autoescape=True).from_string(text)


def _words(store: ox.Store, lang: str) -> dict[str, str]:
    """The ontology's labels of classes and properties in `lang`."""
    rows = _select(store, _ONTOLOGY_LABELS, lang=ox.Literal(lang))
    return {t.value: label.value for t, label in rows}


def _superclasses(store: ox.Store) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for sub, sup in _select(store, _SUPER):
        found[sub.value].add(sup.value)
    return found
