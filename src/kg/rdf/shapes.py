"""SHACL validation of the built graph against ontology/shapes.ttl, with a readable report.

The shapes are compiled into SPARQL queries that run on Oxigraph: one scan per property
and constraint finds the offending values, and only those are checked against the shape's
targets. It implements the part of SHACL Core that shapes.ttl uses (targetClass,
targetSubjectsOf, minCount, maxCount, datatype, class, nodeKind, in, maxLength, or, node,
SPARQL constraints, messages and severities) and refuses a shapes file that needs more, so
it cannot silently check less than the shapes say. Its report is pySHACL's: the same
results with the same messages (tests/test_validate.py holds it to that).

The data graph is the union of the store's named graphs; like pySHACL run on the data
alone, `sh:class` sees the types the data states (the build's inferred graph holds the
RDFS closure), and it does not reject ill-formed typed literals, which the mapping never
writes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib import BNode, URIRef
from rdflib.collection import Collection

from kg.errors import KgError
from kg.rdf.namespaces import RDF, RDFS, SH
from kg.rdf.ontology import shapes_graph
from kg.rdf.terms import from_rdflib, to_rdflib


@dataclass(frozen=True)
class Violation:
    focus: str
    label: str | None
    path: str | None
    message: str
    severity: str

    def __str__(self) -> str:
        who = f"{self.focus} ({self.label})" if self.label else self.focus
        where = f" {self.path}:" if self.path else ""
        return f"{self.severity}: {who}:{where} {self.message}"


Term = ox.NamedNode | ox.BlankNode | ox.Literal
PARAMETERS = {SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.nodeKind, SH["in"],
              SH.maxLength, SH["or"], SH.node}  # fmt: skip
"""The constraint parameters compiled here; any other sh: term in a shape is refused."""
IGNORED = {SH.path, SH.message, SH.severity, SH.name, SH.description, RDF.type, RDFS.comment,
           SH.property, SH.sparql, SH.targetClass, SH.targetSubjectsOf}  # fmt: skip
NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNode: "isBlank({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}


def _iri(term: object) -> str:
    return f"<{term}>"


# -- how pySHACL writes terms in its messages -------------------------------------------------
def _data_names() -> rdflib.namespace.NamespaceManager:
    """The prefixes of a fresh data graph, as pySHACL's report saw them."""
    names = rdflib.Graph().namespace_manager
    names.bind("sh", SH, override=False, replace=False)
    return names


DATA_NAMES = _data_names()


def show(node: rdflib.term.Node, graph: rdflib.Graph, names: rdflib.namespace.NamespaceManager,
         depth: int = 0) -> str:  # fmt: skip
    """A term as pySHACL's messages write it."""
    if isinstance(node, rdflib.Literal):
        lexical, value = str(node), None if node.value is None else str(node.value)
        text = (
            f'"{lexical}" = {value}' if value is not None and value != lexical else f'"{lexical}"'
        )
        lang = f", lang={node.language}" if node.language else ""
        datatype = f", datatype={show(node.datatype, graph, names)}" if node.datatype else ""
        return f"Literal({text}{lang}{datatype})"
    if isinstance(node, BNode):
        if depth >= 12:
            return "<http://recursion.too.deep>"
        predicates = list(graph.predicates(node))
        if not predicates:
            return "[ ]"
        if RDF.first in predicates:
            items = (show(i, graph, names, depth + 1) for i in graph.items(node))
            return "( {} )".format(" ".join(items))
        parts = {}
        for p in predicates:
            objects = sorted(show(o, graph, names, depth + 1) for o in graph.objects(node, p))
            parts[p.n3(namespace_manager=names)] = ", ".join(objects)
        return "[ {} ]".format(" ; ".join(f"{p} {o}" for p, o in sorted(parts.items())))
    if isinstance(node, URIRef):
        return node.n3(namespace_manager=names)
    return str(node)


# -- the compiled shapes -------------------------------------------------------------------------
@dataclass
class Constraint:
    """One constraint of a property shape: a query finds offenders, a function words them."""

    kind: str  # "min", "max" or "value"
    path: URIRef
    count: int = 0
    test: str = ""  # for "value": a SPARQL expression over ?v that holds when the value conforms
    classes: list[URIRef] | None = None  # or, when that is having one of these classes, them
    messages: list[str] = field(default_factory=list)  # the shape's sh:message, if any
    generic: str = ""  # the message pySHACL writes when the shape has none; {value} is filled in
    node: URIRef | BNode | None = None  # for sh:node: the shape whose failures are details


@dataclass
class Shape:
    iri: URIRef | BNode
    focus: str  # a SPARQL group binding ?this to each focus node
    severity: str
    constraints: list[Constraint] = field(default_factory=list)
    sparql: list[tuple[str, list[str]]] = field(default_factory=list)  # (select, messages)


class Shapes:
    """ontology/shapes.ttl, compiled into SPARQL."""

    def __init__(self, graph: rdflib.Graph):
        self.graph = graph
        self.names = graph.namespace_manager
        self.names.bind("sh", SH, override=False, replace=False)
        self.shapes: list[Shape] = []
        targeted: set[Any] = {*graph.subjects(SH.targetClass), *graph.subjects(SH.targetSubjectsOf)}
        for shape in sorted(targeted, key=str):
            self.shapes.append(self._node_shape(shape))

    def _severity(self, shape: rdflib.term.Node) -> str:
        return str(self.graph.value(shape, SH.severity) or SH.Violation).rsplit("#", 1)[-1]

    def _node_shape(self, shape: URIRef | BNode) -> Shape:
        g = self.graph
        groups = [
            f"{{ ?this a {_iri(c)} }}" for c in sorted(g.objects(shape, SH.targetClass), key=str)
        ]
        subjects_of = sorted(g.objects(shape, SH.targetSubjectsOf), key=str)
        groups += [f"{{ ?this {_iri(p)} [] }}" for p in subjects_of]
        out = Shape(shape, " UNION ".join(groups), self._severity(shape))
        for p, _ in g.predicate_objects(shape):
            if p not in IGNORED:
                raise KgError(f"shapes: {p} on the node shape {shape} is not supported here")
        for prop in g.objects(shape, SH.property):
            out.constraints += self._property(prop)
        for sparql in g.objects(shape, SH.sparql):
            select = g.value(sparql, SH.select)
            if select is None:
                raise KgError(f"shapes: the SPARQL constraint of {shape} has no sh:select")
            messages = [str(m) for m in g.objects(sparql, SH.message)]
            out.sparql.append((str(select).replace("$this", "?this"), messages))
        return out

    def _property(self, prop: Any) -> list[Constraint]:
        g = self.graph
        path = g.value(prop, SH.path)
        if not isinstance(path, URIRef):
            raise KgError(f"shapes: only IRI paths are supported, not {path}")
        messages = [str(m) for m in g.objects(prop, SH.message)]
        out = []
        pairs: list[tuple[Any, Any]] = sorted(g.predicate_objects(prop))
        for p, o in pairs:
            if p in IGNORED:
                continue
            if p not in PARAMETERS:
                raise KgError(f"shapes: {p} is not supported here (property {path})")
            if p in (SH.minCount, SH.maxCount):
                out.append(Constraint("min" if p == SH.minCount else "max", path,
                                      count=int(o), messages=messages))  # fmt: skip
                continue
            test, generic = self._value_test(p, o, "?v")
            out.append(Constraint("value", path, test=test, messages=messages, generic=generic,
                                  classes=self._classes(p, o),
                                  node=o if p == SH.node else None))  # fmt: skip
        return out

    def _value_test(self, p: URIRef, o: Any, v: str) -> tuple[str, str]:
        """A SPARQL expression that holds when the value `v` meets the constraint `p o`, and
        pySHACL's message when it does not."""
        g, names = self.graph, self.names
        if p == SH["class"]:
            return f"EXISTS {{ {v} a {_iri(o)} }}", f"Value does not have class {show(o, g, names)}"
        if p == SH.datatype:
            return (
                f"(isLiteral({v}) && DATATYPE({v}) = {_iri(o)})",
                f"Value is not Literal with datatype {show(o, g, names)}",
            )
        if p == SH.nodeKind:
            if o not in NODE_KINDS:
                raise KgError(f"shapes: unknown sh:nodeKind {o}")
            return NODE_KINDS[o].format(v=v), f"Value is not of Node Kind {show(o, g, names)}"
        if p == SH.maxLength:
            return (
                f"(!isBlank({v}) && STRLEN(STR({v})) <= {int(o)})",
                f"String length not <= {show(o, DATA_NAMES_GRAPH, DATA_NAMES)}",
            )
        if p == SH["in"]:
            items = list(Collection(g, o))
            tests = " || ".join(f"sameTerm({v}, {from_rdflib(i)})" for i in items)  # type: ignore[arg-type]
            listed = str([show(i, g, names) for i in items]).replace("{", "{{").replace("}", "}}")
            return f"({tests or 'false'})", "Value {value} not in list " + listed
        if p == SH["or"]:
            members = list(Collection(g, o))
            alternatives = [self._shape_test(m, v) for m in members]
            listed = " , ".join(show(m, g, names) for m in members)
            message = "Node {value} must conform to one or more shapes in " + listed
            return f"({' || '.join(alternatives) or 'false'})", message
        if p == SH.node:
            return (
                self._shape_test(o, v),
                f"Value does not conform to Shape {show(o, g, names)}. "
                "See details for more information.",
            )
        raise KgError(f"shapes: {p} is not supported here")

    def _classes(self, p: rdflib.term.Node, o: rdflib.term.Node) -> list[URIRef] | None:
        """The classes a value must have one of, if that is all the constraint asks: such
        checks run as MINUS (one anti-join), far faster on Oxigraph than NOT EXISTS per row."""
        if p == SH["class"] and isinstance(o, URIRef):
            return [o]
        if p == SH["or"]:
            out: list[URIRef] = []
            for member in Collection(self.graph, o):
                pairs = [(mp, mo) for mp, mo in self.graph.predicate_objects(member)
                         if mp not in IGNORED]  # fmt: skip
                if len(pairs) != 1 or (found := self._classes(*pairs[0])) is None:
                    return None
                out += found
            return out
        return None

    def _shape_test(self, shape: rdflib.term.Node, v: str) -> str:
        """The conjunction of a value shape's constraints (one without a path)."""
        tests = []
        for p, o in sorted(self.graph.predicate_objects(shape)):
            if p in IGNORED:
                continue
            if p not in PARAMETERS or p in (SH.minCount, SH.maxCount):
                raise KgError(f"shapes: {p} is not supported in the value shape {shape}")
            tests.append(self._value_test(p, o, v)[0])  # type: ignore[arg-type]
        return f"({' && '.join(tests) or 'true'})"

    def details(self, shape: rdflib.term.Node) -> list[tuple[str, str]]:
        """Each constraint of a value shape as (test on ?v, message): pySHACL reports the
        ones a value fails as results of their own, with the value as focus."""
        out = []
        for p, o in sorted(self.graph.predicate_objects(shape)):
            if p not in IGNORED:
                out.append(self._value_test(p, o, "?v"))  # type: ignore[arg-type]
        return out


DATA_NAMES_GRAPH = rdflib.Graph()


@cache
def compiled() -> Shapes:
    return Shapes(shapes_graph())


# -- running them ----------------------------------------------------------------------------
class Run:
    """One validation of one store: queries and their caches."""

    def __init__(self, store: ox.Store, graphs: Sequence[str] | None):
        self.store = store
        self.dataset: dict[str, object] = (
            {"use_default_graph_as_union": True}
            if graphs is None
            else {"default_graph": [ox.NamedNode(g) for g in graphs]}
        )
        self._focus: dict[str, set[Term]] = {}
        self._rows: dict[str, list[tuple[Term, ...]]] = {}
        self.variables: dict[str, list[str]] = {}

    def select(self, sparql: str) -> list[tuple[Term, ...]]:
        if sparql not in self._rows:
            result = self.store.query(sparql, **self.dataset)  # type: ignore[arg-type]
            assert isinstance(result, ox.QuerySolutions)
            names = self.variables[sparql] = [v.value for v in result.variables]
            self._rows[sparql] = [tuple(s[n] for n in names) for s in result]
        return self._rows[sparql]

    def focus(self, shape: Shape) -> set[Term]:
        if shape.focus not in self._focus:
            rows = self.select(f"SELECT DISTINCT ?this WHERE {{ {shape.focus} }}")
            self._focus[shape.focus] = {r[0] for r in rows}
        return self._focus[shape.focus]

    def label(self, focus: Term) -> str | None:
        if isinstance(focus, ox.Literal):
            return None
        rows = self.select(f"SELECT ?l WHERE {{ {focus} <{RDFS.label}> ?l }}")
        return min((r[0].value for r in rows), default=None)


def _path(path: URIRef) -> str:
    return DATA_NAMES.normalizeUri(path)


def _focus_text(term: Term) -> str:
    return show(to_rdflib(term), DATA_NAMES_GRAPH, DATA_NAMES)


def _query(shape: Shape, c: Constraint) -> str:
    """The query whose rows are the constraint's violations (before the focus is checked)."""
    p = _iri(c.path)
    if c.kind == "min":
        if c.count == 1:
            return f"SELECT DISTINCT ?this WHERE {{ {shape.focus} MINUS {{ ?this {p} [] }} }}"
        return (
            f"SELECT ?this WHERE {{ {{ SELECT DISTINCT ?this WHERE {{ {shape.focus} }} }} "
            f"OPTIONAL {{ ?this {p} ?v }} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {c.count})"
        )
    if c.kind == "max":
        return (
            f"SELECT ?this WHERE {{ ?this {p} ?v }} GROUP BY ?this "
            f"HAVING (COUNT(DISTINCT ?v) > {c.count})"
        )
    if c.classes is not None:
        test = " ".join(f"MINUS {{ ?v a {_iri(k)} }}" for k in c.classes)
    else:
        test = f"FILTER (!{c.test})"
    return f"SELECT DISTINCT ?this ?v WHERE {{ ?this {p} ?v {test} }}"


def _offenders(run: Run, shape: Shape, c: Constraint) -> list[tuple[Term, Term | None]]:
    """(focus, value) of each violation of the constraint; value None for counts."""
    rows = run.select(_query(shape, c))
    if c.kind == "min":
        return [(row[0], None) for row in rows]
    targets = run.focus(shape) if rows else set()
    if c.kind == "max":
        return [(row[0], None) for row in rows if row[0] in targets]
    return [(row[0], row[1]) for row in rows if row[0] in targets]


def _prefetch(run: Run, shapes: Shapes) -> None:
    """Run every shape's query up front on two threads: Oxigraph evaluates a query without
    Python's lock, so two cores take the 130 queries of a check in about half the time."""
    queries = [_query(shape, c) for shape in shapes.shapes for c in shape.constraints]
    queries += [select for shape in shapes.shapes for select, _ in shape.sparql]
    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        list(pool.map(run.select, dict.fromkeys(queries)))


def check_store(store: ox.Store, graphs: Sequence[str] | None = None) -> list[Violation]:
    """Every shape violation in the union of `graphs` of the store (all named graphs if
    None); an empty list means it conforms."""
    shapes = compiled()
    run = Run(store, graphs)
    _prefetch(run, shapes)
    found: list[tuple[Term, str | None, str, str]] = []  # focus, path, message, severity
    for shape in shapes.shapes:
        for c in shape.constraints:
            path = show(c.path, shapes.graph, shapes.names)
            for this, value in _offenders(run, shape, c):
                if c.kind == "value":
                    assert value is not None
                    text = c.generic.format(value=_focus_text(value))
                else:
                    more = "Less" if c.kind == "min" else "More"
                    text = f"{more} than {c.count} values on {_focus_text(this)}->{path}"
                found += [(this, _path(c.path), m, shape.severity) for m in c.messages or [text]]
                if c.node is not None and value is not None:
                    found += _details(run, shapes, c.node, value)
        for select, messages in shape.sparql:
            rows = run.select(select)
            names = run.variables[select]
            targets = run.focus(shape) if rows else set()
            for row in rows:
                solution = dict(zip(names, row, strict=True))
                this = solution["this"]
                if this not in targets:
                    continue
                for message in messages:
                    for name, value in solution.items():
                        text = "" if value is None else value.value
                        for form in (f"{{?{name}}}", f"{{${name}}}"):
                            message = message.replace(form, text)
                    found.append((this, None, message, shape.severity))
    out = [
        Violation(
            focus=this.value,
            label=run.label(this),
            path=path,
            message=message,
            severity=severity,
        )
        for this, path, message, severity in found
    ]
    return sorted(out, key=lambda v: (v.focus, v.path or "", v.message))


def _details(
    run: Run, shapes: Shapes, node: rdflib.term.Node, value: Term
) -> list[tuple[Term, str | None, str, str]]:
    out: list[tuple[Term, str | None, str, str]] = []
    severity = shapes._severity(node)
    for test, generic in shapes.details(node):
        rows = run.select(f"SELECT ?v WHERE {{ VALUES ?v {{ {value} }} FILTER (!{test}) }}")
        if rows:
            out.append((value, None, generic.format(value=_focus_text(value)), severity))
    return out


def _quads(data: rdflib.Graph | Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    graph = ox.NamedNode("urn:kg:data")
    if isinstance(data, rdflib.Graph):
        for s, p, o in data:
            yield ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o), graph)  # type: ignore[arg-type]
    else:
        for q in data:
            yield ox.Quad(q.subject, q.predicate, q.object, graph)


def check(data: rdflib.Graph | Iterable[ox.Quad]) -> list[Violation]:
    """Every shape violation in a graph (rdflib's, or quads of any graphs, taken together);
    an empty list means it conforms."""
    store = ox.Store()
    store.extend(_quads(data))
    return check_store(store)
