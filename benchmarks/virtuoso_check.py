"""Push a graph to Virtuoso and to an Oxigraph server, run every catalogue query on both, and
check each answer against the local store; print push times and query medians.

    python benchmarks/virtuoso_check.py [--schools 1000] [--data] [--runs 5]

--schools N: a synthetic network of N schools (`kg synth`, built without validation or maps)
with parameters that find something in it; --data: the build of data/ with the catalogue's
defaults. Both servers run on 127.0.0.1 in a temporary folder and stop at the end, Oxigraph
with --union-default-graph (without it kg names every graph in each query, and Oxigraph
answers 10 to 40 times slower). Exits 1 if any answer differs from the local one. Needs
virtuoso-opensource and the oxigraph server. The local column is kg's embedded store.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import kg  # noqa: E402
from kg.sparql.catalogue import catalogue  # noqa: E402
from kg.sparql.results import to_json  # noqa: E402
from tests.servers import USER, oxigraph, virtuoso, virtuoso_version  # noqa: E402
from tests.test_virtuoso import synth_params  # noqa: E402


def median_ms(runs: int, name: str, params: dict[str, str], **where: Any) -> float:
    """Median milliseconds of `kg.query(name, params=params, **where)`."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        kg.query(name, params=params, **where)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def check(
    title: str, store: Path, values: dict[str, str], runs: int, pushes: int, work: Path
) -> int:
    """Push and compare on both servers; the number of answers that differ."""
    triples = kg.stats(store).triples
    print(f"\n## {title}: {triples:,} triples, median of {runs} runs\n")
    differ = 0
    with (
        virtuoso(work / "virtuoso", max_rows=10_000_000, buffers=100_000) as vt,
        oxigraph(work / "oxigraph", union_default_graph=True) as ox_base,
    ):
        stores = {
            "Virtuoso": (kg.Endpoint(vt.sparql_auth, user=USER, password=vt.password), vt.sparql),
            "Oxigraph server": (kg.Endpoint(f"{ox_base}/sparql"), f"{ox_base}/sparql"),
        }
        for name, (pusher, _) in stores.items():
            times = []
            for _ in range(pushes):  # each push replaces the graphs of the one before
                started = time.perf_counter()
                report = kg.push(pusher, store=store)
                times.append(time.perf_counter() - started)
            seconds = statistics.median(times)
            print(
                f"push to {name}: {seconds:.2f} s (median of {pushes}),"
                f" {sum(report.graphs.values()):,} triples in {len(report.graphs)} graphs,"
                f" {triples / seconds:,.0f} triples/s"
            )
        print("\n| query | rows | local (ms) | Oxigraph server (ms) | Virtuoso (ms) | same |")
        print("|---|---:|---:|---:|---:|---|")
        for name, entry in catalogue().items():
            params = {p.name: values[p.name] for p in entry.params if p.name in values}
            local = kg.query(name, params=params, store=store)
            cells = []
            same = True
            for server in ("Oxigraph server", "Virtuoso"):
                url = stores[server][1]
                same &= to_json(kg.query(name, params=params, endpoint=url)) == to_json(local)
                cells.append(median_ms(runs, name, params, endpoint=url))
            own = median_ms(runs, name, params, store=store)
            differ += not same
            print(
                f"| {name} | {len(local.rows)} | {own:.1f} | {cells[0]:.1f} | {cells[1]:.1f}"
                f" | {'yes' if same else 'NO'} |"
            )
    return differ


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schools", type=int, default=1000, help="0: no synthetic network")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", action="store_true", help="also the build of data/")
    parser.add_argument("--runs", type=int, default=5, help="runs of each query")
    parser.add_argument("--pushes", type=int, default=3, help="pushes to each server")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop the servers on a kill too
    print(virtuoso_version())
    differ = 0
    with tempfile.TemporaryDirectory(prefix="kg-virtuoso-") as tmp:
        work = Path(tmp)
        if args.data:
            built = kg.build([ROOT / "data"], out=work / "data", maps=False)
            assert built.store is not None
            differ += check("data/", built.store, {}, args.runs, args.pushes, work / "data-servers")
        if args.schools:
            started = time.perf_counter()
            kg.synth(args.schools, seed=args.seed, out=work / "synth")
            built = kg.build([work / "synth"], out=work / "built", validate=False, maps=False)
            assert built.store is not None
            seconds = time.perf_counter() - started
            print(f"\nsynth and build of {args.schools} schools: {seconds:.1f} s")
            values = synth_params(built.store)
            title = f"{args.schools:,} synthetic schools"
            differ += check(
                title, built.store, values, args.runs, args.pushes, work / "synth-servers"
            )
    print(
        f"\n{differ} answer(s) differ from the local store's." if differ else "\nAll answers agree."
    )
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
