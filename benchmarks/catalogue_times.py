"""Median time of every catalogue query on a built store, Oxigraph beside rdflib's memory store.

python benchmarks/catalogue_times.py [--store build/store] [--runs 5]
"""

from __future__ import annotations

import argparse
import signal
import statistics
import time
from pathlib import Path

from kg.sparql.catalogue import catalogue
from kg.sparql.query import Prepared, run_on
from kg.store import MemoryStore, OxigraphStore


def median_ms(store: object, prepared: Prepared, runs: int, limit_s: int = 0) -> float | None:
    """Median milliseconds; None if one run outlasts `limit_s` (rdflib is pure Python, so an
    alarm can interrupt it)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        signal.alarm(limit_s)
        try:
            run_on(store, prepared)  # type: ignore[arg-type]
        except Overtime:
            return None
        finally:
            signal.alarm(0)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


class Overtime(Exception):
    """Not an OSError (as TimeoutError is), so kg's error handling lets it through."""


def _timeout(_signum: int, _frame: object) -> None:
    raise Overtime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, default=Path("build/store"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--limit", type=int, default=30, help="seconds per rdflib run")
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _timeout)
    oxigraph = OxigraphStore(args.store, read_only=True)
    memory = MemoryStore()
    memory.add(oxigraph.quads())
    print(f"{len(oxigraph)} triples; median of {args.runs} runs, milliseconds\n")
    print("| query | rows | Oxigraph | rdflib | rdflib / Oxigraph |")
    print("|---|---:|---:|---:|---:|")
    for entry in catalogue().values():
        prepared = Prepared(entry.text, entry.bindings({}), entry)
        rows = len(run_on(oxigraph, prepared).rows)
        fast = median_ms(oxigraph, prepared, args.runs) or 0.0
        slow = median_ms(memory, prepared, args.runs, args.limit)
        if slow is None:
            print(f"| {entry.name} | {rows} | {fast:.1f} | > {args.limit} s | |")
        else:
            print(f"| {entry.name} | {rows} | {fast:.1f} | {slow:.1f} | {slow / fast:.0f}× |")


if __name__ == "__main__":
    main()
