"""The ontology: every term labelled in Russian and English, and every produced class shaped."""

from __future__ import annotations

import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SH

import kg
from kg.rdf.namespaces import KG
from kg.rdf.ontology import ontology_graph, shapes_graph
from kg.store import OxigraphStore

KG_NS = str(KG._NS)


def _kg_terms(graph: rdflib.Graph) -> set[rdflib.URIRef]:
    return {
        s for s in graph.subjects() if isinstance(s, rdflib.URIRef) and str(s).startswith(KG_NS)
    }


def test_namespace_and_ontology_declare_the_same_terms() -> None:
    declared = {rdflib.URIRef(KG_NS + name) for name in KG.__annotations__}
    assert declared == _kg_terms(ontology_graph())


def test_every_term_has_russian_and_english_labels_and_comments() -> None:
    graph = ontology_graph()
    for term in _kg_terms(graph):
        for prop in (RDFS.label, RDFS.comment):
            langs = {o.language for o in graph.objects(term, prop) if isinstance(o, rdflib.Literal)}
            assert {"ru", "en"} <= langs, f"{term} lacks {prop} in ru or en"


def test_classes_align_with_the_w3c_and_schema_org_vocabularies() -> None:
    graph = ontology_graph()
    superclasses = {
        c: set(graph.transitive_objects(c, RDFS.subClassOf))
        for c in (KG.Person, KG.School, KG.Museum, KG.Meeting, KG.EducationalCluster)
    }
    assert {
        rdflib.URIRef("http://xmlns.com/foaf/0.1/Person"),
        rdflib.URIRef("https://schema.org/Person"),
    } <= superclasses[KG.Person]
    assert {
        rdflib.URIRef("http://www.w3.org/ns/org#Organization"),
        rdflib.URIRef("https://schema.org/Organization"),
    } <= superclasses[KG.School]
    assert rdflib.URIRef("https://schema.org/Organization") in superclasses[KG.Museum]
    assert rdflib.URIRef("https://schema.org/Event") in superclasses[KG.Meeting]
    assert (
        rdflib.URIRef("http://www.w3.org/ns/org#OrganizationalCollaboration")
        in superclasses[KG.EducationalCluster]
    )


def test_every_property_and_class_is_typed_in_owl() -> None:
    graph = ontology_graph()
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}
    for term in _kg_terms(graph):
        types = set(graph.objects(term, RDF.type))
        assert types & kinds or types & {KG.CouncilRole, KG.PartnershipKind, KG.SettlementKind}, (
            term
        )


def test_every_class_the_loader_produces_has_a_shape(built: kg.BuildReport) -> None:
    assert built.store is not None
    store = OxigraphStore(built.store, read_only=True)
    produced = {
        row[0].value
        for row in store.query(
            "SELECT DISTINCT ?c WHERE { GRAPH ?g { ?s a ?c } "
            "FILTER(CONTAINS(STR(?g), '/graph/') && !STRENDS(STR(?g), 'inferred')) }"
        ).rows
        if row[0] is not None
    }
    ontology, shapes = ontology_graph(), shapes_graph()
    targeted = {str(c) for c in shapes.objects(None, SH.targetClass)}
    for cls in produced:
        lineage = {cls} | {
            str(c) for c in ontology.transitive_objects(rdflib.URIRef(cls), RDFS.subClassOf)
        }
        assert lineage & targeted, f"no shape covers {cls}"
