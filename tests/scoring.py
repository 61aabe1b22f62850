"""The corpus scorer, ../shared/tools/score_facts.py, over a folder of documents and their gold."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import kg
from tests.conftest import require_shared


def scorer() -> ModuleType:
    shared = require_shared()
    spec = importlib.util.spec_from_file_location("score_facts", shared / "tools/score_facts.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def scores(documents: list[Path], gold: Path, out: Path) -> dict[str, dict[str, float]]:
    """Precision, recall and F1 per kind of fact, over all `documents` together."""
    kg.extract(documents, out=out)
    score_facts = scorer()
    totals = {k: [0, 0, 0] for k in score_facts.KINDS}
    for _name, expected, predicted in score_facts.pairs(gold, out):
        for kind, counts in score_facts.score_document(expected, predicted).items():
            for i in range(3):
                totals[kind][i] += counts[i]
    return {kind: score_facts.prf(*counts) for kind, counts in totals.items()}
