"""Every namespace kg uses, declared once.

`KG` is closed: a misspelt term raises AttributeError at import time of the caller,
and tests check that every term here is defined in ontology/kg.ttl and vice versa.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    TIME,
    VOID,
    XSD,
    DefinedNamespace,
)

ONTOLOGY_IRI = "https://w3id.org/edu-cluster-kg/ontology"
DEFAULT_BASE = "https://w3id.org/edu-cluster-kg/id/"
SCHEMA = SDO


class KG(DefinedNamespace):
    """The kg ontology's own terms."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # clusters and councils
    EducationalCluster: URIRef
    CoordinationCouncil: URIRef
    hasMember: URIRef
    hasHub: URIRef
    hasCouncil: URIRef
    # organizations
    Organization: URIRef
    School: URIRef
    College: URIRef
    SupplementaryEducation: URIRef
    CultureOrganization: URIRef
    Library: URIRef
    Museum: URIRef
    Business: URIRef
    Bank: URIRef
    GovernmentBody: URIRef
    MethodologicalCentre: URIRef
    University: URIRef
    PublicAssociation: URIRef
    fullName: URIRef
    alias: URIRef
    locatedIn: URIRef
    # people and positions
    Person: URIRef
    Position: URIRef
    CouncilRole: URIRef
    holder: URIRef
    postIn: URIRef
    title: URIRef
    role: URIRef
    startDate: URIRef
    endDate: URIRef
    # partnerships
    Partnership: URIRef
    PartnershipKind: URIRef
    partner: URIRef
    partnershipKind: URIRef
    since: URIRef
    evidence: URIRef
    description: URIRef
    # events
    Event: URIRef
    Meeting: URIRef
    Seminar: URIRef
    Conference: URIRef
    RoundTable: URIRef
    Workshop: URIRef
    Visit: URIRef
    Competition: URIRef
    Olympiad: URIRef
    Excursion: URIRef
    Forum: URIRef
    Camp: URIRef
    Survey: URIRef
    Monitoring: URIRef
    organizer: URIRef
    participant: URIRef
    venue: URIRef
    eventPlace: URIRef
    cluster: URIRef
    subEventOf: URIRef
    AgendaItem: URIRef
    agendaOf: URIRef
    agendaNumber: URIRef
    speaker: URIRef
    topic: URIRef
    Decision: URIRef
    decisionOf: URIRef
    decisionNumber: URIRef
    # plans
    Plan: URIRef
    Roadmap: URIRef
    PlanItem: URIRef
    itemOf: URIRef
    itemNumber: URIRef
    section: URIRef
    expectedResult: URIRef
    dueText: URIRef
    due: URIRef
    responsible: URIRef
    responsibleText: URIRef
    plannedEvent: URIRef
    approvedBy: URIRef
    # projects
    Project: URIRef
    SpecialisedClass: URIRef
    direction: URIRef
    projectMember: URIRef
    projectPartner: URIRef
    # places
    Place: URIRef
    Settlement: URIRef
    MunicipalDistrict: URIRef
    Region: URIRef
    SettlementKind: URIRef
    settlementKind: URIRef
    inDistrict: URIRef
    inRegion: URIRef
    # sources
    SourceDocument: URIRef
    Protocol: URIRef
    Order: URIRef
    PlanDocument: URIRef
    NewsReport: URIRef
    documentDate: URIRef
    documentNumber: URIRef
    fileName: URIRef
    statedIn: URIRef
    quote: URIRef

    # individuals: council roles, partnership kinds, settlement kinds
    chair: URIRef
    councilMember: URIRef
    curator: URIRef
    socialPartnership: URIRef
    networkInteraction: URIRef
    dualEducation: URIRef
    agreement: URIRef
    jointProject: URIRef
    careerGuidance: URIRef
    methodologicalSupport: URIRef
    supervision: URIRef
    city: URIRef
    urbanSettlement: URIRef
    settlement: URIRef
    selo: URIRef
    village: URIRef


__all__ = [
    "DCAT",
    "DCTERMS",
    "DEFAULT_BASE",
    "FOAF",
    "KG",
    "ONTOLOGY_IRI",
    "ORG",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SH",
    "SKOS",
    "TIME",
    "VOID",
    "XSD",
]

PREFIXES: dict[str, str] = {
    "kg": str(KG._NS),
    "org": str(ORG),
    "schema": str(SDO),
    "foaf": str(FOAF),
    "prov": str(PROV),
    "time": str(TIME),
    "skos": str(SKOS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "dcterms": str(DCTERMS),
    "sh": str(SH),
    "dcat": str(DCAT),
    "void": str(VOID),
}
"""Prefixes bound in every serialization and prepended to catalogue queries."""
