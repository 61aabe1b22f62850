"""Catalogue parameters that name entities: the name found among theirs before the query runs.

A query compares names exactly (case aside), so "Белёва" typed as "Белева", or a surname
alone, would find nothing and the answer would be an empty table that looks like a fact.
Here the value is matched as `kg path` matches names (kg.rdf.naming.match_name) against
the labels, full names and aliases of the entities of the parameter's classes, and the label
of the entity it finds is what the query gets; a name that finds no one, or several, is an
error.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.errors import KgError
from kg.rdf.namespaces import PREFIXES
from kg.rdf.naming import match_name
from kg.rdf.terms import Term
from kg.sparql.catalogue import CatalogueQuery, Param
from kg.store import Queryable

_NAMES = """
PREFIX kg: <https://w3id.org/edu-cluster-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?x ?n ?label WHERE {
  VALUES ?class { %s }
  ?x a ?class ; rdfs:label ?label .
  { ?x rdfs:label ?n } UNION { ?x kg:fullName ?n } UNION { ?x kg:alias ?n }
}"""
WHAT = {
    "kg:EducationalCluster": "cluster",
    "kg:Person": "person",
    "kg:Organization": "organization",
    "kg:Event": "event",
}


def resolve(store: Queryable, entry: CatalogueQuery, bindings: dict[str, Term]) -> dict[str, Term]:
    """The bindings with each naming parameter's value replaced by the name it finds."""
    resolved = dict(bindings)
    for param in entry.params:
        value = bindings.get(param.name)
        if param.names and isinstance(value, ox.Literal):
            resolved[param.name] = param.term(_find(store, param, value.value))
    return resolved


def _find(store: Queryable, param: Param, wanted: str) -> str:
    classes = " ".join(str(_iri(curie)) for curie in param.names)
    rows = store.query(_NAMES % classes).rows
    names: list[tuple[str, str]] = []
    labels: dict[str, str] = {}
    for x, n, label in rows:
        if x is not None and isinstance(n, ox.Literal) and isinstance(label, ox.Literal):
            names.append((str(x), n.value))
            labels[str(x)] = min(labels.get(str(x), label.value), label.value)
    what = WHAT.get(param.names[0], "entity") if len(param.names) == 1 else "entity"
    try:
        found = match_name(wanted, names, what)[0]
    except KgError as exc:
        raise KgError(f"parameter {param.name}: {exc}") from None
    return labels[found]  # every query finds an entity by its label


def _iri(curie: str) -> ox.NamedNode:
    prefix, _, local = curie.partition(":")
    return ox.NamedNode(PREFIXES[prefix] + local)
