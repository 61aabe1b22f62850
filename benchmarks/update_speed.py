"""Incremental updates in a large built store: one records file changed, added, removed, and
one document ingested, each timed, beside the full build of the same records.

    python benchmarks/update_speed.py --schools 10000 [--work build/bench/update]

Builds `kg synth --schools N` once into the work folder (or reuses a build there), then
times `kg.update` and `kg.ingest` on it. The records end as built; the store keeps the
ingested document's graph. Results: build/bench/update_speed-N.json (also printed as a table).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import yaml

import kg

ROOT = Path(__file__).resolve().parents[1]
DOCUMENT = ROOT / "tests/fixtures/holdout"


def _timed(what: str, results: list[dict[str, Any]], call: Any) -> Any:
    started = time.perf_counter()
    value = call()
    seconds = time.perf_counter() - started
    results.append({"step": what, "seconds": round(seconds, 3)})
    print(f"{what:<48} {seconds:8.2f} s", flush=True)
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=10_000)
    parser.add_argument("--work", type=Path, default=ROOT / "build/bench/update")
    args = parser.parse_args()
    work: Path = args.work / str(args.schools)
    synth, out = work / "synth", work / "out"
    results: list[dict[str, Any]] = []
    if not (out / "store").exists():
        kg.synth(args.schools, out=synth)
        report = _timed("full build (kg.build)", results, lambda: kg.build([synth], out=out,
                        turtle=False, maps=False))  # fmt: skip
        print(f"  {report.triples:,} triples")
    store = out / "store"
    district = sorted(synth.rglob("district-01.yaml"))[0]
    original = district.read_text(encoding="utf-8")
    records = yaml.safe_load(original)
    _timed("update, file unchanged", results, lambda: kg.update([district], store=store))
    records["people"] = records["people"][:-5]
    records["partnerships"] = records["partnerships"][:-5]
    district.write_text(yaml.safe_dump(records, allow_unicode=True), encoding="utf-8")
    changed = _timed("update, 5 people and 5 partnerships fewer", results,
                     lambda: kg.update([district], store=store))  # fmt: skip
    print(f"  {changed.files[0].before:,} -> {changed.files[0].after:,} triples in its graph")
    added = district.with_name("district-new.yaml")
    school = records["organizations"][0]["name"]
    added.write_text(
        yaml.safe_dump(
            {
                "organizations": [{"name": "МКОУ СОШ п. Новый", "kind": "school"}],
                "partnerships": [
                    {"partners": ["МКОУ СОШ п. Новый", school], "kind": "network_interaction"}
                ],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    _timed("update, a new file", results, lambda: kg.update([added], store=store))
    added.unlink()
    _timed("update, that file deleted", results, lambda: kg.update([added], store=store))
    district.write_text(original, encoding="utf-8")
    _timed("update, first file back as built", results, lambda: kg.update([district], store=store))
    document = sorted(DOCUMENT.glob("*.txt"))[0]
    _timed(f"ingest {document.name}", results, lambda: kg.ingest([document], store=store))
    triples = kg.stats(store).triples
    print(f"store: {triples:,} triples")
    target = ROOT / f"build/bench/update_speed-{args.schools}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        json.dumps({"schools": args.schools, "triples": triples, "steps": results}, indent=1),
        encoding="utf-8",
    )
    print(f"written: {target}")


if __name__ == "__main__":
    main()
