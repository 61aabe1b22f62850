"""The median time of every catalogue query (default parameters) on a built store.

    python benchmarks/catalogue_medians.py --store build/store [--runs 5] [--json FILE]
        [--only NAME ...] [--answers FILE]

Prints a Markdown table: query, median seconds over the runs, rows. A run over 10 s is not
repeated. --answers writes each query's full answer (rows of N-Triples terms, in the order given) as
JSON, to compare the answers of two versions of the catalogue.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from kg.sparql.catalogue import catalogue
from kg.sparql.query import Prepared, run_on
from kg.store import OxigraphStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--answers", type=Path)
    parser.add_argument("--only", nargs="*", default=[])
    args = parser.parse_args()
    store = OxigraphStore(args.store, read_only=True)
    results, answers = {}, {}
    print("| query | median (s) | rows |\n|---|---:|---:|", flush=True)
    for name, entry in catalogue().items():
        if args.only and name not in args.only:
            continue
        prepared = Prepared(entry.text, entry.bindings({}), entry)
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            result = run_on(store, prepared)
            times.append(time.perf_counter() - started)
            if times[-1] > 10:
                break
        median = statistics.median(times)
        results[name] = {"median_s": median, "rows": len(result.rows)}
        print(f"| {name} | {median:.4f} | {len(result.rows)} |", flush=True)
        rows = [[None if t is None else str(t) for t in row] for row in result.rows]
        answers[name] = {"variables": result.variables, "rows": rows}
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    if args.answers:
        args.answers.write_text(json.dumps(answers, ensure_ascii=False, indent=0), encoding="utf-8")


if __name__ == "__main__":
    main()
