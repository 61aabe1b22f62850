"""Exports of the built dataset: Turtle (sorted, stable), N-Triples, TriG, JSON-LD, RDF/XML."""

from __future__ import annotations

import heapq
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Literal

import pyoxigraph as ox
import rdflib

from kg.errors import KgError
from kg.publish.anonymize import Anonymizer, resolve_salt
from kg.publish.description import describe, description_graph
from kg.rdf.namespaces import ONTOLOGY_IRI, PREFIXES
from kg.rdf.naming import is_inferred
from kg.rdf.terms import to_graph
from kg.store import OxigraphStore, Store

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
EXTENSIONS: dict[str, Format] = {
    ".ttl": "ttl", ".nt": "nt", ".trig": "trig", ".jsonld": "jsonld", ".json": "jsonld",
    ".xml": "xml", ".rdf": "xml", ".owl": "xml",
}  # fmt: skip
"""The format a file's extension names."""


def format_for(fmt: str | None, out: Path | None) -> Format:
    """`fmt`, else the format `out`'s extension names, else Turtle; a format the extension
    contradicts is refused rather than written under a misleading name."""
    named = EXTENSIONS.get(out.suffix.lower()) if out is not None else None
    if fmt is None:
        return named or "ttl"
    if fmt not in RDFLIB_FORMATS:
        raise KgError(f"unknown export format {fmt!r}; expected one of {', '.join(RDFLIB_FORMATS)}")
    if out is not None and named is not None and named != fmt:
        raise KgError(
            f"{out}: the extension {out.suffix} means {named}, not the {fmt} asked for; "
            f"name the file *{SUFFIXES[fmt]} or drop --format"
        )
    return fmt  # type: ignore[return-value]


def selected_graphs(store: Store, *, inferred: bool, ontology: bool) -> list[str]:
    """The data graphs of the store, plus the inferred and ontology graphs if asked for."""
    out = []
    for graph in store.graphs():
        if graph == ONTOLOGY_IRI:
            if ontology:
                out.append(graph)
        elif is_inferred(graph):  # the build's, and each ingested document's
            if inferred:
                out.append(graph)
        else:
            out.append(graph)
    return out


KINDS = ("org", "person", "cluster", "council", "event", "doc", "place", "district", "region",
         "plan", "project", "position", "partnership")  # fmt: skip
"""Entity kinds whose IRIs get a prefix of their own in Turtle and TriG."""


def prefixes(base: str | None) -> dict[str, str]:
    out = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    if base:
        out |= {kind: f"{base}{kind}/" for kind in KINDS}
    return out


def _bind(graph: rdflib.Graph, base: str | None) -> None:
    for prefix, ns in prefixes(base).items():
        graph.bind(prefix, ns, override=True)


def sorted_triples(store: Store, graphs: list[str], anonymizer: Anonymizer | None = None
                   ) -> Iterator[ox.Triple]:  # fmt: skip
    """The distinct triples of `graphs`, in the order of their N-Triples lines."""
    if anonymizer is None and isinstance(store, OxigraphStore):
        yield from store.sorted_triples(graphs)
        return
    found: set[ox.Triple] = set()
    for name in graphs:
        quads = store.quads(name)
        for q in anonymizer.apply(quads) if anonymizer else quads:
            found.add(ox.Triple(q.subject, q.predicate, q.object))
    yield from sorted(found, key=str)


def write_sorted(store: Store, fmt: Format, output: IO[bytes], *, base: str | None = None,
                 inferred: bool = False, ontology: bool = False, anonymize: bool = False,
                 salt: str | None = None) -> None:  # fmt: skip
    """Turtle or N-Triples, written by pyoxigraph from the sorted triples: equal data,
    equal bytes, in one pass that never holds the whole graph. `salt` keys the pseudonyms
    of `anonymize` (see kg.publish.anonymize.resolve_salt)."""
    graphs = selected_graphs(store, inferred=inferred, ontology=ontology)
    if not anonymize and isinstance(store, OxigraphStore):
        with tempfile.TemporaryDirectory(prefix="kg-export-") as tmp:
            sorted_nt = Path(tmp) / "sorted.nt"
            if store.dump_sorted(graphs, sorted_nt):
                if base is not None:
                    described = describe(store, graphs, base, _lines(sorted_nt))
                    sorted_nt = _sorted_in(sorted_nt, described)
                if fmt == "nt":
                    with sorted_nt.open("rb") as handle:
                        shutil.copyfileobj(handle, output, 1 << 20)
                else:
                    parsed = ox.parse(path=sorted_nt, format=ox.RdfFormat.N_TRIPLES)
                    ox.serialize(
                        parsed, output, format=ox.RdfFormat.TURTLE, prefixes=prefixes(base)
                    )
                return
    anonymizer = Anonymizer(store, base or "", resolve_salt(salt)[0]) if anonymize else None
    listed = list(sorted_triples(store, graphs, anonymizer))
    triples: Iterable[ox.Triple] = listed
    if base is not None:
        described = describe(store, graphs, base, len(listed))
        triples = heapq.merge(listed, described, key=str)
    if fmt == "nt":
        buffer: list[str] = []
        for t in triples:
            buffer.append(f"{t} .\n")
            if len(buffer) >= 100_000:
                output.write("".join(buffer).encode())
                buffer.clear()
        output.write("".join(buffer).encode())
    else:
        ox.serialize(triples, output, format=ox.RdfFormat.TURTLE, prefixes=prefixes(base))


def serialize(
    store: Store,
    fmt: Format,
    *,
    base: str | None = None,
    inferred: bool = False,
    ontology: bool = False,
    anonymize: bool = False,
    salt: str | None = None,
) -> bytes:
    """The dataset in `fmt`; Turtle and N-Triples are sorted: equal data, equal bytes.
    With `anonymize`, people are pseudonyms keyed by `salt` (else $KG_ANONYMIZE_SALT, else
    a random one) and their names are scrubbed from every text and IRI."""
    if fmt not in RDFLIB_FORMATS:
        raise KgError(f"unknown export format {fmt!r}; expected one of {', '.join(RDFLIB_FORMATS)}")
    if fmt in ("ttl", "nt"):
        buffer = io.BytesIO()
        write_sorted(store, fmt, buffer, base=base, inferred=inferred, ontology=ontology,
                     anonymize=anonymize, salt=salt)  # fmt: skip
        return buffer.getvalue()
    graphs = selected_graphs(store, inferred=inferred, ontology=ontology)
    anonymizer = Anonymizer(store, base or "", resolve_salt(salt)[0]) if anonymize else None

    def quads(name: str) -> Iterable[ox.Quad]:
        found = store.quads(name)
        return anonymizer.apply(found) if anonymizer else found

    if fmt == "trig":
        dataset = rdflib.Dataset()
        _bind(dataset, base)
        for name in graphs:
            named = anonymizer.iri(name) if anonymizer else name
            to_graph(quads(name), dataset.graph(rdflib.URIRef(named)))
        if base is not None:
            count = len({t for g in dataset.graphs() for t in g})
            here = dataset.graph(rdflib.URIRef(description_graph(base).value))
            to_graph(_quads(describe(store, graphs, base, count)), here)
        return dataset.serialize(format="trig").encode()
    graph = rdflib.Graph()
    _bind(graph, base)
    for name in graphs:
        to_graph(quads(name), graph)
    if base is not None:
        to_graph(_quads(describe(store, graphs, base, len(graph))), graph)
    if fmt == "jsonld":
        context = {p: ns for p, ns in PREFIXES.items()}
        return graph.serialize(format="json-ld", context=context, sort_keys=True).encode()
    return graph.serialize(format=RDFLIB_FORMATS[fmt]).encode()


def _lines(path: Path) -> int:
    count = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 24):
            count += block.count(b"\n")
    return count


def _sorted_in(sorted_nt: Path, triples: list[ox.Triple]) -> Path:
    """The sorted N-Triples file with these triples merged in, in the same order (`sort -m`,
    the tool that sorted it: a Python merge of 20 million lines takes ten seconds)."""
    extra = sorted_nt.with_name("description.nt")
    extra.write_bytes(b"".join(sorted(f"{t} .\n".encode() for t in triples)))
    merged = sorted_nt.with_name("merged.nt")
    sort = shutil.which("sort") or "sort"
    subprocess.run(
        [sort, "-m", "-u", "-o", str(merged), str(sorted_nt), str(extra)],
        check=True, env={**os.environ, "LC_ALL": "C"},
    )  # fmt: skip
    return merged


def _quads(triples: list[ox.Triple]) -> list[ox.Quad]:
    return [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
