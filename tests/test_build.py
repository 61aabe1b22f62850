"""Building data/: deterministic, idempotent, valid, and queryable at superclass level."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.compare import isomorphic

import kg
from kg.publish.serialize import serialize
from kg.rdf.terms import to_graph
from kg.store import MemoryStore, OxigraphStore
from tests.conftest import DATA, ROOT


def _build_in_subprocess(out: Path, seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run(
        [sys.executable, "-m", "kg", "build", str(DATA), "--out", str(out)],
        check=True,
        env=env,
        cwd=ROOT,
        capture_output=True,
    )
    return (out / "kg.ttl").read_bytes()


def test_two_builds_write_byte_identical_turtle(tmp_path: Path) -> None:
    first = _build_in_subprocess(tmp_path / "a", "1")
    second = _build_in_subprocess(tmp_path / "b", "2")
    assert first == second
    assert len(first) > 10_000


def test_loading_twice_adds_nothing(built: kg.BuildReport) -> None:
    dataset = kg.load([DATA])
    again = kg.load([DATA, DATA])
    assert set(dataset.all_quads()) == set(again.all_quads())
    store = OxigraphStore()
    store.add(dataset.all_quads())
    size = len(store)
    store.add(dataset.all_quads())
    assert len(store) == size == built.triples


def test_built_store_conforms_to_the_shapes(built: kg.BuildReport) -> None:
    assert built.store is not None
    assert kg.validate(store=built.store) == []


def test_exported_turtle_reparses_to_the_asserted_graph(built: kg.BuildReport) -> None:
    assert built.turtle is not None
    parsed = rdflib.Graph().parse(built.turtle, format="turtle")
    dataset = kg.load([DATA])
    expected = to_graph(q for quads in dataset.graphs.values() for q in quads)
    description = rdflib.URIRef("https://w3id.org/edu-cluster-kg/id/dataset")
    for t in list(parsed):  # the export's own DCAT/VoID description (test_dataset_description)
        if t[0] == description or str(t[0]).startswith(f"{description}/"):
            parsed.remove(t)
    assert len(parsed) == len(expected)
    assert isomorphic(parsed, expected)


def test_every_export_format_parses(built: kg.BuildReport) -> None:
    assert built.store is not None
    store = OxigraphStore(built.store, read_only=True)
    distinct = len(
        to_graph(
            q
            for g in store.graphs()
            if "/graph/" in g and not g.endswith("inferred")
            for q in store.quads(g)
        )
    )
    for fmt, rdflib_format in [
        ("ttl", "turtle"),
        ("nt", "nt"),
        ("xml", "xml"),
        ("jsonld", "json-ld"),
    ]:
        graph = rdflib.Graph().parse(data=serialize(store, fmt), format=rdflib_format)  # type: ignore[arg-type]
        assert len(graph) == distinct, fmt
    trig = rdflib.Dataset().parse(data=serialize(store, "trig"), format="trig")
    names = {str(g.identifier) for g in trig.graphs() if len(g)}
    assert names == {g for g in store.graphs() if "/graph/" in g and not g.endswith("inferred")}
    assert len(names) == len(built.files)


def test_a_query_for_org_organization_finds_schools(built: kg.BuildReport) -> None:
    assert built.store is not None
    store = OxigraphStore(built.store, read_only=True)
    result = store.query("""
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX kg: <https://w3id.org/edu-cluster-kg/ontology#>
        SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a org:Organization , kg:School }""")
    assert result.rows[0][0] is not None
    assert int(result.rows[0][0].value) >= 10


def test_base_iri_is_configurable(tmp_path: Path) -> None:
    report = kg.build([DATA / "podosinovets.yaml"], out=tmp_path, base="http://example.org/kg/")
    assert report.store is not None
    subjects = {
        q.subject.value
        for q in OxigraphStore(report.store, read_only=True).quads()
        if isinstance(q.subject, ox.NamedNode)
    }
    data = {
        s
        for s in subjects
        if "ontology" not in s
        and not s.startswith("http://www.w3.org")
        and not s.startswith("https://schema.org")
        and not s.startswith("http://xmlns")
    }
    assert data and all(s.startswith("http://example.org/kg/") for s in data)


def test_memory_backend_builds_the_same_graph(tmp_path: Path, built: kg.BuildReport) -> None:
    report = kg.build([DATA], out=tmp_path, backend="memory")
    assert report.store is None
    assert report.triples == built.triples
    assert built.turtle is not None and report.turtle is not None
    assert report.turtle.read_bytes() == built.turtle.read_bytes()


def test_memory_and_oxigraph_stores_answer_alike(built: kg.BuildReport) -> None:
    dataset = kg.load([DATA])
    query = """PREFIX kg: <https://w3id.org/edu-cluster-kg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?name WHERE { ?p a kg:Person ; rdfs:label ?name } ORDER BY ?name"""
    answers = []
    for store in (MemoryStore(), OxigraphStore()):
        store.add(dataset.all_quads())
        answers.append(store.query(query).rows)
    assert answers[0] == answers[1]
    assert len(answers[0]) >= 40
