"""Exports of the built dataset: Turtle (sorted, stable), N-Triples, TriG, JSON-LD, RDF/XML."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import pyoxigraph as ox
import rdflib

from kg.anonymize import Anonymizer
from kg.errors import KgError
from kg.namespaces import ONTOLOGY_IRI, PREFIXES
from kg.stores import Store
from kg.terms import to_graph

Format = Literal["ttl", "nt", "trig", "jsonld", "xml"]
RDFLIB_FORMATS: dict[str, str] = {
    "ttl": "turtle",
    "nt": "nt",
    "trig": "trig",
    "jsonld": "json-ld",
    "xml": "pretty-xml",
}
SUFFIXES: dict[str, str] = {
    "ttl": ".ttl",
    "nt": ".nt",
    "trig": ".trig",
    "jsonld": ".jsonld",
    "xml": ".rdf",
}


def inferred_graph(base: str) -> str:
    return f"{base}graph/inferred"


def selected_graphs(store: Store, *, inferred: bool, ontology: bool) -> list[str]:
    """The data graphs of the store, plus the inferred and ontology graphs if asked for."""
    out = []
    for graph in store.graphs():
        if graph == ONTOLOGY_IRI:
            if ontology:
                out.append(graph)
        elif graph.endswith("/inferred"):  # the build's, and each ingested document's
            if inferred:
                out.append(graph)
        else:
            out.append(graph)
    return out


def _bind(graph: rdflib.Graph, base: str | None) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    if base:
        for kind in (
            "org",
            "person",
            "cluster",
            "council",
            "event",
            "doc",
            "place",
            "district",
            "region",
            "plan",
            "project",
            "position",
            "partnership",
        ):
            graph.bind(kind, f"{base}{kind}/")


def serialize(
    store: Store,
    fmt: Format,
    *,
    base: str | None = None,
    inferred: bool = False,
    ontology: bool = False,
    anonymize: bool = False,
) -> bytes:
    """The dataset in `fmt`; Turtle and N-Triples are sorted: equal data, equal bytes.
    With `anonymize`, people are pseudonyms and their names are scrubbed from every text."""
    if fmt not in RDFLIB_FORMATS:
        raise KgError(f"unknown export format {fmt!r}; expected one of {', '.join(RDFLIB_FORMATS)}")
    graphs = selected_graphs(store, inferred=inferred, ontology=ontology)
    anonymizer = Anonymizer(store, base or "") if anonymize else None

    def quads(name: str) -> Iterable[ox.Quad]:
        found = store.quads(name)
        return anonymizer.apply(found) if anonymizer else found

    if fmt == "trig":
        dataset = rdflib.Dataset()
        _bind(dataset, base)
        for name in graphs:
            to_graph(quads(name), dataset.graph(rdflib.URIRef(name)))
        return dataset.serialize(format="trig").encode()
    graph = rdflib.Graph()
    _bind(graph, base)
    for name in graphs:
        to_graph(quads(name), graph)
    if fmt == "nt":
        lines = graph.serialize(format="nt").splitlines()
        return ("\n".join(sorted(line for line in lines if line)) + "\n").encode()
    if fmt == "jsonld":
        context = {p: ns for p, ns in PREFIXES.items()}
        return graph.serialize(format="json-ld", context=context, sort_keys=True).encode()
    return graph.serialize(format=RDFLIB_FORMATS[fmt]).encode()


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; exports are to share
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
