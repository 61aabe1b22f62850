"""`kg export --anonymize`: no name of a person survives; everything else stays usable."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

import kg
from kg.sparql.catalogue import catalogue
from kg.sparql.query import prepare, run_on
from kg.sparql.results import to_json
from kg.store import OxigraphStore
from tests.conftest import DATA


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    report = kg.build([DATA], out=tmp_path_factory.mktemp("anon"), maps=False)
    assert report.store is not None
    return report.store


def _surnames() -> set[str]:
    out = set()
    for path in DATA.glob("*.yaml"):
        for person in yaml.safe_load(path.read_text(encoding="utf-8")).get("people", []):
            for name in [person["name"], *person.get("aliases", [])]:
                words = re.findall(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?", name)
                out.add(words[0] if not re.match(r"[А-ЯЁ]\.", name) else words[-1])
    return out


def _loaded(data: bytes) -> OxigraphStore:
    store = OxigraphStore()
    graph = ox.NamedNode("urn:kg:anonymized")
    store.add(
        ox.Quad(t.subject, t.predicate, t.object, graph)
        for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
    )
    return store


def test_no_person_name_survives_in_any_format(store: Path) -> None:
    surnames = _surnames()
    assert len(surnames) >= 40
    for fmt in ("nt", "ttl", "trig", "jsonld", "xml"):
        text = kg.export(fmt, store=store, inferred=True, anonymize=True).decode("utf-8")
        folded = text.lower().replace("ё", "е")
        leaked = sorted(s for s in surnames if s.lower().replace("ё", "е")[:-1] in folded)
        assert leaked == [], (fmt, leaked)


def test_pseudonyms_are_stable_and_everything_else_intact(store: Path) -> None:
    first = kg.export("nt", store=store, anonymize=True)
    assert first == kg.export("nt", store=store, anonymize=True)
    assert b"/person/anon-" in first
    plain, anonymous = _loaded(kg.export("nt", store=store)), _loaded(first)
    for cls in (
        "Organization",
        "School",
        "Event",
        "PlanItem",
        "Decision",
        "Partnership",
        "Person",
        "Position",
    ):
        kind = f"<https://w3id.org/edu-cluster-kg/ontology#{cls}>"
        sparql = f"SELECT (COUNT(?x) AS ?n) WHERE {{ ?x a {kind} }}"
        assert plain.query(sparql).rows == anonymous.query(sparql).rows, cls


def test_the_catalogue_runs_on_the_anonymized_export(store: Path) -> None:
    anonymous = _loaded(kg.export("nt", store=store, inferred=True, ontology=True, anonymize=True))
    original = OxigraphStore(store, read_only=True)
    for name in catalogue():
        result = run_on(anonymous, prepare(name, None, {}))
        assert result.kind == "select", name
        if name in ("organizations-by-kind", "events-per-year", "dq-schools-in-no-cluster"):
            assert to_json(result) == to_json(run_on(original, prepare(name, None, {}))), name
