"""Every export describes itself in DCAT and VoID: title, licence, date, size, classes, sources."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

import kg
from kg.rdf import namespaces as ns

DATASET = rdflib.URIRef("https://w3id.org/edu-cluster-kg/id/dataset")


def test_the_turtle_export_says_what_it_holds(
    built: kg.BuildReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert built.store is not None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    graph = rdflib.Graph().parse(data=kg.export("ttl", store=built.store), format="turtle")
    assert (DATASET, ns.RDF.type, ns.DCAT.Dataset) in graph and (
        DATASET,
        ns.RDF.type,
        ns.VOID.Dataset,
    ) in graph
    titles = {t.language: str(t) for t in graph.objects(DATASET, ns.DCTERMS.title)}  # type: ignore[union-attr]
    assert titles["ru"] == "Образовательные кластеры и их партнёрства" and "en" in titles
    assert graph.value(DATASET, ns.DCTERMS.created) == rdflib.Literal(
        "2026-01-01", datatype=ns.XSD.date
    )
    assert str(graph.value(DATASET, ns.DCTERMS.license)).startswith("https://creativecommons.org/")
    described = {t for t in graph if t[0] == DATASET or str(t[0]).startswith(f"{DATASET}/")}
    assert int(graph.value(DATASET, ns.VOID.triples)) == len(graph) - len(described)  # type: ignore[arg-type]
    schools = {s for s in graph.subjects(ns.RDF.type, ns.KG.School)}
    partition = next(
        p
        for p in graph.objects(DATASET, ns.VOID.classPartition)
        if (p, ns.VOID["class"], ns.KG.School) in graph
    )
    assert int(graph.value(partition, ns.VOID.entities)) == len(schools) > 0  # type: ignore[arg-type]
    documents = set(graph.objects(DATASET, ns.DCTERMS.source))
    assert len(documents) == 5  # data/'s five source documents
    assert all(str(d).startswith("https://w3id.org/edu-cluster-kg/id/doc/") for d in documents)


def test_exports_stay_the_same_bytes_and_trig_keeps_the_description_apart(
    built: kg.BuildReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert built.store is not None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    for fmt in ("ttl", "nt"):
        assert kg.export(fmt, store=built.store) == kg.export(fmt, store=built.store)
    lines = kg.export("nt", store=built.store).decode().splitlines()
    assert lines == sorted(lines)  # the description sorted in with the data
    trig = rdflib.Dataset().parse(data=kg.export("trig", store=built.store), format="trig")
    where = {g.identifier for g in trig.graphs() if (DATASET, ns.RDF.type, ns.DCAT.Dataset) in g}
    assert where == {rdflib.URIRef("https://w3id.org/edu-cluster-kg/id/graph/dataset-description")}
