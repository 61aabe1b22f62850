"""`kg export --anonymize`: no name of a person survives, in text or IRIs; pseudonyms are
keyed by a salt; everything else stays usable."""

from __future__ import annotations

import hashlib
import logging
import os
import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import yaml
from slugify import slugify

import kg
from kg.publish.serialize import Format
from kg.rdf.naming import mint
from kg.sparql.catalogue import catalogue
from kg.sparql.query import prepare, run_on
from kg.sparql.results import to_json
from kg.store import OxigraphStore
from tests.conftest import DATA, SHARED

BASE = "https://w3id.org/edu-cluster-kg/id/"
FORMATS: tuple[Format, ...] = ("nt", "ttl", "trig", "jsonld", "xml")
PSEUDONYM = re.compile(rb"/person/(anon-[0-9a-f]+)")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    report = kg.build([DATA], out=tmp_path_factory.mktemp("anon"), maps=False)
    assert report.store is not None
    return report.store


@pytest.fixture
def no_salt_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KG_ANONYMIZE_SALT", raising=False)


def _people(path: Path) -> list[dict[str, Any]]:
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(records.get("people") or []) if isinstance(records, dict) else []


def _names() -> list[str]:
    """Every person's name in the gold of ../shared/corpus and in data/, with aliases."""
    gold = SHARED / "corpus" / "gold"
    if not gold.is_dir() and os.environ.get("CI"):
        pytest.fail(f"{gold} is missing under CI")
    names: list[str] = []
    for path in sorted(gold.glob("*.yaml")) + sorted(DATA.glob("*.yaml")):
        for person in _people(path):
            names += [person["name"], *(person.get("aliases") or [])]
    return names


def _surname(name: str) -> str:
    """'Грязева Елена Борисовна', 'С.В. Тобохов', 'Ирина Викторовна Белёва' -> the surname."""
    words = re.findall(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?", name)
    if re.match(r"\s*[А-ЯЁ]\.", name):
        return str(words[-1])
    if len(words) == 3 and re.search(r"(?:ич|вна|чна)$", words[1]):
        return str(words[2])
    return str(words[0])


def _surnames() -> set[str]:
    return {_surname(name) for name in _names()}


def _translit(word: str) -> str:
    return str(slugify(word.replace("ё", "е").replace("Ё", "Е"), backend="text-unidecode"))


def _leaks(text: str, surnames: set[str]) -> list[str]:
    """Surnames found in Cyrillic (stem, any case and ё) or transliterated (the whole slug
    as a token: a short stem would match inside unrelated words)."""
    folded = text.lower().replace("ё", "е")
    found = []
    for surname in sorted(surnames):
        stem = surname.lower().replace("ё", "е")[:-1]
        latin = re.compile(rf"(?<![a-z]){re.escape(_translit(surname))}(?![a-z])")
        if stem in folded or latin.search(folded):
            found.append(surname)
    return found


def _loaded(data: bytes) -> OxigraphStore:
    store = OxigraphStore()
    graph = ox.NamedNode("urn:kg:anonymized")
    store.add(
        ox.Quad(t.subject, t.predicate, t.object, graph)
        for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
    )
    return store


def test_no_person_name_survives_in_any_format_in_text_or_iris(store: Path) -> None:
    surnames = _surnames()
    assert len(surnames) >= 40
    plain = kg.export("nt", store=store, inferred=True, ontology=True).decode("utf-8")
    assert len(_leaks(plain, surnames)) >= 40  # the check finds names where there are some
    for fmt in FORMATS:
        text = kg.export(
            fmt, store=store, inferred=True, ontology=True, anonymize=True, salt="s"
        ).decode("utf-8")
        assert "кластер" in text  # Cyrillic is written as such, not escaped
        assert _leaks(text, surnames) == [], fmt


def test_positions_of_people_get_iris_without_their_names(store: Path) -> None:
    text = kg.export("nt", store=store, anonymize=True, salt="s").decode("utf-8")
    positions = set(re.findall(r"<https://w3id\.org/edu-cluster-kg/id/position/([^>]+)>", text))
    assert len(positions) > 40
    assert all(p.startswith("anon-") for p in positions), sorted(positions)[:3]


def test_pseudonyms_are_stable_with_a_salt_and_everything_else_intact(store: Path) -> None:
    first = kg.export("nt", store=store, anonymize=True, salt="secret")
    assert first == kg.export("nt", store=store, anonymize=True, salt="secret")
    assert PSEUDONYM.search(first)
    assert PSEUDONYM.findall(first) != PSEUDONYM.findall(
        kg.export("nt", store=store, anonymize=True, salt="other")
    )
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


def test_the_salt_can_come_from_the_environment(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_ANONYMIZE_SALT", "from-env")
    assert kg.export("nt", store=store, anonymize=True) == kg.export(
        "nt", store=store, anonymize=True, salt="from-env"
    )


def test_without_a_salt_pseudonyms_are_random_and_a_warning_says_so(
    store: Path, no_salt_env: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="kg"):
        first = kg.export("nt", store=store, anonymize=True)
    assert "anonymized with a random salt" in caplog.text
    second = kg.export("nt", store=store, anonymize=True)
    assert set(PSEUDONYM.findall(first)).isdisjoint(PSEUDONYM.findall(second))


def test_pseudonyms_cannot_be_found_by_hashing_names(store: Path, no_salt_env: None) -> None:
    """The old pseudonym was sha256("kg:" + the IRI minted from the name): anyone with a list
    of candidate names could recompute it."""
    names = [p["name"] for path in DATA.glob("*.yaml") for p in _people(path)]
    exported: set[bytes] = set()
    for salt in (None, "kg"):
        found = set(PSEUDONYM.findall(kg.export("nt", store=store, anonymize=True, salt=salt)))
        assert len(found) == len(set(names)) >= 40
        exported |= found
    guessed = {
        "anon-" + hashlib.sha256(f"{salt}:{mint(BASE, 'person', name)}".encode()).hexdigest()[:12]
        for name in names
        for salt in ("kg", "")
    }
    assert {p.decode() for p in exported}.isdisjoint(guessed)


def test_the_catalogue_runs_on_the_anonymized_export(store: Path) -> None:
    anonymous = _loaded(
        kg.export("nt", store=store, inferred=True, ontology=True, anonymize=True, salt="s")
    )
    original = OxigraphStore(store, read_only=True)
    for name in catalogue():
        result = run_on(anonymous, prepare(name, None, {}))
        assert result.kind == "select", name
        if name in ("organizations-by-kind", "events-per-year", "dq-schools-in-no-cluster"):
            assert to_json(result) == to_json(run_on(original, prepare(name, None, {}))), name
