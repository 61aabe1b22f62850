"""Every person and organization of the seed documents' gold facts is in the built graph."""

from __future__ import annotations

import pytest
import yaml

import kg
from kg.rdf.naming import name_key
from kg.store import OxigraphStore
from tests.conftest import require_shared

NAMES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX kg: <https://w3id.org/edu-cluster-kg/ontology#>
SELECT ?name WHERE {
  { ?x a kg:Person } UNION { ?x a kg:Organization }
  ?x rdfs:label|kg:fullName|kg:alias ?name
}"""


def _gold() -> list[tuple[str, str, str]]:
    shared = require_shared()
    facts = []
    for path in sorted((shared / "corpus" / "gold").glob("*.yaml")):
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        facts += [(path.name, "person", p["name"]) for p in gold["people"]]
        for org in gold["organizations"]:
            facts += [(path.name, "organization", n) for n in [org["name"], *org["aliases"]]]
    return facts


@pytest.fixture(scope="module")
def labels(built: kg.BuildReport) -> set[str]:
    assert built.store is not None
    rows = OxigraphStore(built.store, read_only=True).query(NAMES).rows
    return {name_key(row[0].value) for row in rows if row[0] is not None}


def test_gold_has_people_and_organizations() -> None:
    facts = _gold()
    assert sum(kind == "person" for _, kind, _ in facts) >= 40
    assert sum(kind == "organization" for _, kind, _ in facts) >= 40


def test_every_gold_person_and_organization_is_found_by_label(labels: set[str]) -> None:
    missing = [
        f"{doc}: {kind} {name}" for doc, kind, name in _gold() if name_key(name) not in labels
    ]
    assert missing == []
