"""SPARQL results as text: table, CSV, TSV, SPARQL 1.1 JSON, Markdown; graphs as Turtle."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Literal

import pyoxigraph as ox
import rdflib

from kg.rdf.namespaces import DEFAULT_BASE, PREFIXES
from kg.rdf.terms import Term, to_rdflib
from kg.store import QueryResult

Format = Literal["table", "csv", "tsv", "json", "md"]
FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json", "md")


def plain(term: Term | None) -> str:
    """A term as a person reads it: the IRI or the literal's text."""
    return "" if term is None else term.value


_SHORT = sorted(
    [(ns, prefix) for prefix, ns in PREFIXES.items()] + [(DEFAULT_BASE, "id")],
    key=lambda pair: -len(pair[0]),
)


def compact(term: Term | None) -> str:
    """A term as a table shows it: an IRI as a prefixed name where a prefix fits
    (kg:Person, id:person/…), else as plain() gives it."""
    if isinstance(term, ox.NamedNode):
        for ns, prefix in _SHORT:
            if term.value.startswith(ns) and len(term.value) > len(ns):
                return f"{prefix}:{term.value[len(ns) :]}"
    return plain(term)


def json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def to_json(result: QueryResult) -> str:
    if result.kind == "ask":
        doc: dict[str, Any] = {"head": {}, "boolean": result.boolean}
    else:
        bindings = [
            {v: json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.rows
        ]
        doc = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def to_delimited(result: QueryResult, delimiter: str) -> str:
    buffer = io.StringIO()
    if delimiter == ",":
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(result.variables)
        writer.writerows([plain(t) for t in row] for row in result.rows)
    else:  # SPARQL TSV: variables with '?', terms in N-Triples syntax
        buffer.write("\t".join(f"?{v}" for v in result.variables) + "\n")
        for row in result.rows:
            buffer.write("\t".join("" if t is None else str(t) for t in row) + "\n")
    return buffer.getvalue()


def to_markdown(result: QueryResult) -> str:
    def cell(t: Term | None) -> str:
        return compact(t).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(result.variables) + " |", "|" + "---|" * len(result.variables)]
    lines += ["| " + " | ".join(cell(t) for t in row) + " |" for row in result.rows]
    return "\n".join(lines) + "\n"


def to_turtle(triples: list[ox.Triple]) -> str:
    graph = rdflib.Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    for t in triples:
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return graph.serialize(format="turtle")


def render(result: QueryResult, fmt: str) -> str:
    """The result in `fmt`; graphs are always Turtle and ASK answers are true/false in text."""
    if result.kind == "graph":
        return to_turtle(result.triples)
    if fmt == "json":
        return to_json(result)
    if result.kind == "ask":
        return "true\n" if result.boolean else "false\n"
    if fmt == "csv":
        return to_delimited(result, ",")
    if fmt == "tsv":
        return to_delimited(result, "\t")
    return to_markdown(result)
