"""Every catalogue query, run as is on data/, gives exactly the rows in tests/expected/.

The expected files were written from a run and then checked row by row against the
records. After a deliberate change to data/ or a query, rewrite them with
`KG_WRITE_EXPECTED=1 pytest tests/test_queries_expected.py` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import kg
from kg.sparql.catalogue import catalogue
from kg.sparql.results import render

EXPECTED = Path(__file__).parent / "expected" / "queries"


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_catalogue_query_gives_the_expected_rows(name: str, built: kg.BuildReport) -> None:
    assert built.store is not None
    answer = render(kg.query(name, store=built.store), "csv")
    path = EXPECTED / f"{name}.csv"
    if os.environ.get("KG_WRITE_EXPECTED"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(answer, encoding="utf-8", newline="")
    expected = path.read_bytes().decode("utf-8") if path.exists() else "(no expected file)"
    if not name.startswith("dq-"):  # a data-quality check may rightly find nothing
        assert answer.count("\r\n") > 1, f"{name} returns no rows on data/"
    assert answer == expected
