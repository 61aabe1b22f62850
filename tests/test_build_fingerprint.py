"""The build's store, quad for quad, as it was before the build was made faster."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox

import kg
from kg.rdf.namespaces import ONTOLOGY_IRI

SCHOOLS, SEED = 1_000, 1
FINGERPRINT = "061c5d60b7e5e775a882bbd963bf32855d92523b60c9c1eb2d3c5ffd663e4aa5"
"""sha256 of the sorted N-Quads lines of every quad but the ontology's, of `kg synth
--schools 1000 --seed 1` built by main at f39729c (the two-pass build, index read on the
building process). A change to what records map to changes it: say so and record the new one."""
QUADS = 501_291


def test_the_store_of_a_thousand_schools_is_the_one_the_build_made_before(
    tmp_path: Path,
) -> None:
    kg.synth(SCHOOLS, seed=SEED, out=tmp_path / "records")
    report = kg.build([tmp_path / "records"], out=tmp_path / "out", maps=False, turtle=False)
    assert report.store is not None
    store = ox.Store.read_only(str(report.store))
    ontology = ox.NamedNode(ONTOLOGY_IRI)
    lines = sorted(f"{q} .\n" for q in store if q.graph_name != ontology)
    del store
    assert len(lines) == QUADS
    digest = hashlib.sha256("".join(lines).encode()).hexdigest()
    assert digest == FINGERPRINT
