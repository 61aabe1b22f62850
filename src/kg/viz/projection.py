"""The RDF graph as a NetworkX network: entities as nodes, relations as typed edges.

Nodes carry `kind` (school, person, event, cluster, ...), `label`, `details` (lines for a
tooltip), `documents` and `clusters` (the clusters whose map shows them). Edges carry
`kind` (position, membership, partnership, participation, organizing, project, cluster)
and a `label` naming the relation in Russian ("директор", "выступала: тема").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from kg.rdf.namespaces import KG
from kg.store import Queryable

KG_NS = str(KG._NS)
NODE_KINDS = ("cluster", "school", "college", "supplementary", "culture", "library", "museum",
              "business", "government", "methodological", "university", "public", "other",
              "person", "event", "project")  # fmt: skip
EDGE_KINDS = ("membership", "position", "partnership", "participation", "organizing",
              "project", "cluster", "shared")  # fmt: skip
CLASS_KIND = {
    "EducationalCluster": "cluster", "School": "school", "College": "college",
    "SupplementaryEducation": "supplementary", "CultureOrganization": "culture",
    "Library": "library", "Museum": "museum", "Bank": "business", "Business": "business",
    "GovernmentBody": "government", "MethodologicalCentre": "methodological",
    "University": "university", "PublicAssociation": "public", "Person": "person",
    "Event": "event", "Project": "project", "Organization": "other",
}  # fmt: skip
"""Classes to node kinds, most specific first: the first class an entity has decides."""
ORGANIZATION_KINDS = frozenset(NODE_KINDS[1:13])

PREFIXES = f"""PREFIX kg: <{KG_NS}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
NODES = """SELECT ?n ?label ?type WHERE {
  VALUES ?top { kg:Organization kg:Person kg:Event kg:Project kg:EducationalCluster }
  ?n a ?top ; a ?type ; rdfs:label ?label .
}"""
EDGES = {
    "position": """SELECT ?a ?b ?label ?from ?to WHERE {
      ?pos kg:holder ?a ; kg:title ?label ; kg:postIn ?body .
      OPTIONAL { ?cluster kg:hasCouncil ?body }
      OPTIONAL { ?pos kg:startDate ?start } OPTIONAL { ?pos kg:endDate ?end }
      BIND (COALESCE(?cluster, ?body) AS ?b)
      BIND (COALESCE(SUBSTR(STR(?start), 1, 4), "") AS ?from)
      BIND (COALESCE(SUBSTR(STR(?end), 1, 4), "") AS ?to)
    }""",
    "membership": """SELECT ?a ?b ?label WHERE {
      ?a kg:hasMember ?b .
      BIND (IF(EXISTS { ?a kg:hasHub ?b }, "опорная школа", "участник") AS ?label)
    }""",
    "partnership": """SELECT ?a ?b ?label ?from ?to WHERE {
      ?p a kg:Partnership ; kg:partner ?a , ?b ; kg:partnershipKind/skos:prefLabel ?label .
      FILTER (STR(?a) < STR(?b) && LANG(?label) = "ru")
      OPTIONAL { ?p kg:since ?since } OPTIONAL { ?p kg:endDate ?end }
      BIND (COALESCE(SUBSTR(STR(?since), 1, 4), "") AS ?from)
      BIND (COALESCE(SUBSTR(STR(?end), 1, 4), "") AS ?to)
    }""",
    "participation": """SELECT ?a ?b ?label WHERE {
      { ?b kg:participant ?a . BIND ("участник" AS ?label) }
      UNION
      { ?item kg:agendaOf ?b ; kg:speaker ?a .
        OPTIONAL { ?item kg:topic ?topic }
        BIND (IF(BOUND(?topic), CONCAT("выступление: ", STR(?topic)), "выступление") AS ?label) }
    }""",
    "organizing": """SELECT ?a ?b ?label WHERE {
      { ?b kg:organizer ?a . BIND ("организатор" AS ?label) }
      UNION { ?b kg:venue ?a . BIND ("на базе" AS ?label) }
    }""",
    "project": """SELECT ?a ?b ?label WHERE {
      { ?b kg:projectMember ?a . BIND ("участник проекта" AS ?label) }
      UNION { ?b kg:projectPartner ?a . BIND ("партнёр проекта" AS ?label) }
    }""",
    "cluster": """SELECT ?a ?b ?label WHERE {
      ?a kg:cluster ?b . FILTER EXISTS { ?b a kg:EducationalCluster }
      BIND ("кластер" AS ?label)
    }""",
}
DOCUMENTS = """SELECT ?n ?label WHERE { ?n kg:statedIn ?d . ?d rdfs:label ?label }"""
YEARS = """SELECT ?n ?start WHERE { ?n a kg:Event ; kg:startDate ?start }"""
PLACES = """SELECT ?c ?district ?region WHERE {
  ?c a kg:EducationalCluster ; kg:locatedIn ?place .
  OPTIONAL { ?place kg:inDistrict/rdfs:label ?d } OPTIONAL { ?place kg:inRegion/rdfs:label ?r }
  BIND (COALESCE(STR(?d), "") AS ?district) BIND (COALESCE(STR(?r), "") AS ?region)
}"""
DECISIONS = """SELECT ?e ?number ?text WHERE {
  ?d kg:decisionOf ?e ; rdfs:label ?text .
  OPTIONAL { ?d kg:decisionNumber ?n }
  BIND (COALESCE(STR(?n), "") AS ?number)
}"""


@dataclass(frozen=True)
class Options:
    """Which node kinds to keep, whether to fold people and events into weighted
    organization-to-organization edges, and whether nodes carry what maps show on hover
    (their relations in words and their source documents): figures do without."""

    kinds: frozenset[str] = frozenset(NODE_KINDS)
    fold: bool = False
    hover: bool = True


def _rows(store: Queryable, sparql: str) -> Iterable[tuple[str, ...]]:
    for row in store.query(PREFIXES + sparql).rows:
        if all(term is not None for term in row):
            yield tuple(term.value for term in row if term is not None)


def project(store: Queryable, options: Options = Options()) -> nx.MultiGraph:
    """The store's entities and relations as a MultiGraph, ordered by IRI for stable layouts."""
    types: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for iri, label, cls in _rows(store, NODES):
        labels[iri] = label
        if cls.startswith(KG_NS):
            types[iri].add(cls.removeprefix(KG_NS))
    graph = nx.MultiGraph()
    for iri in sorted(labels):
        kind = next((k for c, k in CLASS_KIND.items() if c in types[iri]), "other")
        if kind != "event" and "Event" in types[iri]:
            kind = "event"
        graph.add_node(iri, label=labels[iri], kind=kind, details=[], documents=[], clusters=[])
    edges = sorted(
        (row[0], row[1], kind, row[2], *row[3:])
        for kind, sparql in EDGES.items()
        for row in _rows(store, sparql)
        if row[0] in graph and row[1] in graph
    )
    for a, b, kind, label, *span in edges:
        key = graph.add_edge(a, b, kind=kind, label=label, source=a)
        if span and any(span):  # the years a position or partnership held, where known
            graph[a][b][key].update({"from": span[0], "to": span[1]})
    for iri, label in sorted(_rows(store, DOCUMENTS)) if options.hover else ():
        if iri in graph and label not in graph.nodes[iri]["documents"]:
            graph.nodes[iri]["documents"].append(label)
    for iri, start in _rows(store, YEARS):
        if iri in graph:
            graph.nodes[iri]["year"] = start[:4]
            graph.nodes[iri]["date"] = start[:10]
    for cluster, district, region in sorted(_rows(store, PLACES)):
        if cluster in graph:  # the overview groups clusters by region and district
            graph.nodes[cluster].setdefault("district", district)
            graph.nodes[cluster].setdefault("region", region)
    decisions = sorted(_rows(store, DECISIONS), key=lambda r: (r[0], int(r[1] or 0), r[2]))
    for event, number, text in decisions if options.hover else ():
        if event in graph:
            graph.nodes[event].setdefault("decisions", []).append(
                f"{number}. {text}" if number else text
            )
    if options.hover:
        _describe(graph)
    _assign_clusters(graph)
    if options.fold:
        _fold(graph)
    graph.remove_nodes_from([n for n, k in graph.nodes(data="kind") if k not in options.kinds])
    return graph


def _describe(graph: nx.MultiGraph) -> None:
    """Tooltip lines: positions of people, members of clusters, partners, speeches."""
    for a, b, data in graph.edges(data=True):
        kind, label = data["kind"], data["label"]
        first, second = (a, b) if data["source"] == a else (b, a)
        name_a, name_b = graph.nodes[first]["label"], graph.nodes[second]["label"]
        if kind in ("position", "participation", "organizing", "project", "membership"):
            graph.nodes[first]["details"].append(f"{label}: {name_b}")
            graph.nodes[second]["details"].append(f"{name_a} — {label}")
        elif kind == "partnership":
            graph.nodes[first]["details"].append(f"партнёрство ({label}): {name_b}")
            graph.nodes[second]["details"].append(f"партнёрство ({label}): {name_a}")


def _assign_clusters(graph: nx.MultiGraph) -> None:
    """A cluster's map: the cluster, its direct neighbours, and the neighbours of its members,
    events and projects; a partner's other ties and other clusters stay out."""
    for cluster in sorted(n for n, k in graph.nodes(data="kind") if k == "cluster"):
        scope = {cluster}
        for neighbour in graph.neighbors(cluster):
            scope.add(neighbour)
            relations = {d["kind"] for d in graph.get_edge_data(cluster, neighbour).values()}
            if relations & {"membership", "cluster", "position"}:
                scope.update(
                    n for n in graph.neighbors(neighbour) if graph.nodes[n]["kind"] != "cluster"
                )
        for node in sorted(scope):
            graph.nodes[node]["clusters"].append(graph.nodes[cluster]["label"])


def _fold(graph: nx.MultiGraph) -> None:
    """Replace people and events by organization-to-organization edges, weighted by how many
    people or events two organizations share."""
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for middle, kind in list(graph.nodes(data="kind")):
        if kind not in ("person", "event"):
            continue
        orgs = sorted(
            {n for n in graph.neighbors(middle) if graph.nodes[n]["kind"] in ORGANIZATION_KINDS}
        )
        for i, a in enumerate(orgs):
            for b in orgs[i + 1 :]:
                shared[(a, b)] += 1
    for (a, b), weight in sorted(shared.items()):
        graph.add_edge(
            a, b, kind="shared", label=f"общие люди и мероприятия: {weight}", weight=weight
        )


def simple(graph: nx.MultiGraph) -> nx.Graph:
    """One edge per pair, weighted by how many relations join them: for centrality."""
    out = nx.Graph()
    out.add_nodes_from(graph.nodes(data=True))
    for a, b, data in graph.edges(data=True):
        weight = data.get("weight", 1)
        if out.has_edge(a, b):
            out[a][b]["weight"] += weight
        else:
            out.add_edge(a, b, weight=weight)
    return out
