"""What an export says about itself: a DCAT and VoID description of the dataset.

Open-data portals (CKAN, data.gov.ru's DCAT-AP harvesting) and LOD tools read a dataset's
title, licence, date, size, classes and sources from these two vocabularies. The
description sits beside the data, in every export format: its own triples, sorted in with
the rest in Turtle and N-Triples, its own named graph in TriG.

Deterministic: the date is that of $SOURCE_DATE_EPOCH (the reproducible-builds convention)
or else today's, so two exports of one store on one day are the same bytes; class
partitions are IRIs, not blank nodes.
"""

from __future__ import annotations

import datetime as dt
import os

import pyoxigraph as ox

from kg.rdf.namespaces import DCAT, DCTERMS, KG, PREFIXES, RDF, VOID, XSD
from kg.store import Store

LICENSE = "https://creativecommons.org/licenses/by/4.0/"
TITLE = {
    "ru": "Образовательные кластеры и их партнёрства",
    "en": "Educational clusters and their partnerships",
}
DESCRIPTION = {
    "ru": "Кластеры, организации, люди и их должности, партнёрства, события, решения и планы, "
    "с документами, из которых они взяты.",
    "en": "Clusters, organizations, people and their positions, partnerships, events, "
    "decisions and plans, with the documents they were taken from.",
}
VOCABULARIES = ("kg", "org", "schema", "foaf", "prov", "time", "skos", "dcterms")

_CLASSES = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  VALUES ?g { %s }
  GRAPH ?g { ?s a ?class }
} GROUP BY ?class"""
_DOCUMENTS = """
SELECT DISTINCT ?d WHERE {
  VALUES ?g { %s }
  GRAPH ?g { ?d a ?class }
  ?class <http://www.w3.org/2000/01/rdf-schema#subClassOf>* <%s>
}"""


def dataset_iri(base: str) -> ox.NamedNode:
    return ox.NamedNode(f"{base}dataset")


def description_graph(base: str) -> ox.NamedNode:
    return ox.NamedNode(f"{base}graph/dataset-description")


def created() -> dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.datetime.now(dt.UTC).date()


def describe(
    store: Store, graphs: list[str], base: str, triples: int, *, license: str = LICENSE
) -> list[ox.Triple]:
    """The description of an export of `graphs` holding `triples` triples, sorted."""
    dataset = dataset_iri(base)
    found: list[ox.Triple] = []

    def add(s: ox.NamedNode, p: object, o: ox.NamedNode | ox.Literal) -> None:
        found.append(ox.Triple(s, ox.NamedNode(str(p)), o))

    add(dataset, RDF.type, ox.NamedNode(str(VOID.Dataset)))
    add(dataset, RDF.type, ox.NamedNode(str(DCAT.Dataset)))
    for lang, text in TITLE.items():
        add(dataset, DCTERMS.title, ox.Literal(text, language=lang))
    for lang, text in DESCRIPTION.items():
        add(dataset, DCTERMS.description, ox.Literal(text, language=lang))
    add(dataset, DCTERMS.license, ox.NamedNode(license))
    add(dataset, DCTERMS.created, _typed(created().isoformat(), XSD.date))
    add(dataset, VOID.triples, _typed(str(triples), XSD.integer))
    add(dataset, VOID.uriSpace, ox.Literal(base))
    for prefix in VOCABULARIES:
        add(dataset, VOID.vocabulary, ox.NamedNode(PREFIXES[prefix]))
    values = " ".join(f"<{g}>" for g in graphs)
    counts = _class_counts(store, values) if graphs else {}
    add(dataset, VOID.classes, _typed(str(len(counts)), XSD.integer))
    for cls, n in sorted(counts.items()):
        part = ox.NamedNode(f"{dataset.value}/class/{cls.rsplit('#', 1)[-1].rsplit('/', 1)[-1]}")
        add(dataset, VOID.classPartition, part)
        add(part, VOID["class"], ox.NamedNode(cls))
        add(part, VOID.entities, _typed(str(n), XSD.integer))
    for document in _documents(store, values) if graphs else []:
        add(dataset, DCTERMS.source, document)
    return sorted(set(found), key=str)


def _class_counts(store: Store, values: str) -> dict[str, int]:
    rows = store.query(_CLASSES % values).rows
    return {
        row[0].value: int(row[1].value)
        for row in rows
        if isinstance(row[0], ox.NamedNode) and row[1] is not None
    }


def _documents(store: Store, values: str) -> list[ox.NamedNode]:
    rows = store.query(_DOCUMENTS % (values, KG.SourceDocument)).rows
    return sorted({row[0] for row in rows if isinstance(row[0], ox.NamedNode)}, key=str)


def _typed(value: str, datatype: object) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(str(datatype)))
