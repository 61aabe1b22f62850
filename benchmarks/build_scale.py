"""`kg build` at national scale, beside rdflib and a raw pyoxigraph bulk load of the same triples.

    python benchmarks/build_scale.py --schools 1000 --schools 10000 [--schools 40000]

For each size: `kg synth` writes the records (timed, not counted), `kg.build` builds them
(time, triples/s, peak memory of the main process and, sampled every 0.5 s, the PSS of
it and the processes it starts, store size), every catalogue query runs five times on the
built store (median); then the same triples, as the N-Triples export, are loaded by
rdflib's in-memory Graph (given up after --rdflib-timeout seconds; its catalogue medians
where it finishes) and by `pyoxigraph.Store(path).bulk_load` into an on-disk store, the
floor. Every step runs in a fresh subprocess, so peak memory is that child's ru_maxrss.
Results: build/bench/build_scale.json and build/bench/build_scale.md (also printed).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

CHILD_PRELUDE = """
import json, resource, signal, statistics, sys, time
from pathlib import Path
def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
class Overtime(Exception):
    pass
def _alarm(*_):
    raise Overtime
signal.signal(signal.SIGALRM, _alarm)
def medians(store, runs, limit, stream=False):
    from kg.sparql.catalogue import catalogue
    from kg.sparql.query import Prepared, run_on
    out = {}
    for name, entry in catalogue().items():
        prepared = Prepared(entry.text, entry.bindings({}), entry)
        times, rows = [], None
        for _ in range(runs):
            started = time.perf_counter()
            signal.alarm(limit)
            try:
                rows = len(run_on(store, prepared).rows)
            except Overtime:
                times = None
                break
            finally:
                signal.alarm(0)
            times.append(time.perf_counter() - started)
            if times[-1] > 10:  # a slow one is not repeated: its one run is reported
                break
        out[name] = {"median_s": statistics.median(times) if times else None, "rows": rows}
        if stream:
            print(json.dumps({"query": name, **out[name]}), flush=True)
    return out
args = json.loads(sys.argv[1])
"""

SYNTH = """
import kg
started = time.perf_counter()
report = kg.synth(args["schools"], seed=args["seed"], out=Path(args["records"]))
print(json.dumps({"seconds": time.perf_counter() - started, "files": report.files,
                  "clusters": report.clusters}))
"""

BUILD = """
import os, threading
import kg
def pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            return sum(int(line.split()[1]) for line in handle if line.startswith("Pss:"))
    except OSError:
        return 0
def tree():  # this process and every process its threads started (mappers, sort)
    me, out = os.getpid(), [os.getpid()]
    for task in os.listdir(f"/proc/{me}/task"):
        try:
            with open(f"/proc/{me}/task/{task}/children") as handle:
                out += [int(p) for p in handle.read().split()]
        except OSError:
            pass
    return out
done, peak_pss = threading.Event(), [0]
def sample():
    while not done.wait(0.5):
        peak_pss[0] = max(peak_pss[0], sum(pss_kb(p) for p in tree()))
threading.Thread(target=sample, daemon=True).start()
started = time.perf_counter()
report = kg.build([Path(args["records"])], out=Path(args["out"]))
seconds = time.perf_counter() - started
done.set()
print(json.dumps({"seconds": seconds, "triples": report.triples, "asserted": report.asserted,
                  "inferred": report.inferred, "peak_mb": peak_mb(),
                  "pss_peak_mb": peak_pss[0] / 1024}))
"""

QUERIES = """
from kg.store import OxigraphStore
store = OxigraphStore(Path(args["out"]) / "store", read_only=True)
medians(store, args["runs"], 600, stream=True)
print(json.dumps({"peak_mb": peak_mb()}))
"""

EXPORT = """
import kg
started = time.perf_counter()
kg.export("nt", store=Path(args["out"]) / "store", out=Path(args["nt"]), inferred=True,
          ontology=True)
print(json.dumps({"export_nt_s": time.perf_counter() - started, "peak_mb": peak_mb()}))
"""

BULK = """
import pyoxigraph as ox
started = time.perf_counter()
store = ox.Store(args["path"])
store.bulk_load(path=args["nt"], format=ox.RdfFormat.N_TRIPLES)
store.flush()
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "triples": len(store), "peak_mb": peak_mb()}))
"""

RDFLIB = """
import resource
cap = int(args["rdflib_memory_gb"] * 2**30)
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))  # rdflib needs ~1.2 KB a triple
import rdflib
from kg.store.base import QueryResult
started = time.perf_counter()
graph = rdflib.Graph()
graph.parse(args["nt"], format="nt")
seconds = time.perf_counter() - started
print(json.dumps({"load_s": seconds, "triples": len(graph), "peak_mb": peak_mb()}), flush=True)
class Wrapped:
    def query(self, sparql):
        return QueryResult("select", rows=list(graph.query(sparql)))
medians(Wrapped(), args["runs"], args["query_limit"], stream=True)
print(json.dumps({"peak_mb": peak_mb()}), flush=True)
"""


def child(code: str, args: dict[str, Any], timeout: float | None = None) -> list[dict[str, Any]]:
    """Run `code` in a fresh interpreter; the JSON lines it printed (as far as it got)."""
    command = [sys.executable, "-c", CHILD_PRELUDE + code, json.dumps(args)]
    try:
        done = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
        )
        out, failed = done.stdout, done.returncode != 0
        if failed:
            print(done.stderr[-3000:], file=sys.stderr)
    except subprocess.TimeoutExpired as exc:
        raw = exc.stdout or b""
        out, failed = raw.decode() if isinstance(raw, bytes) else raw, True
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return [*lines, {"failed": True}] if failed else lines


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def run(schools: int, args: argparse.Namespace) -> dict[str, Any]:
    work = args.out / f"schools-{schools}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    common = {"schools": schools, "seed": args.seed, "records": str(work / "records"),
              "out": str(work / "build"), "nt": str(work / "kg.nt"), "runs": args.runs,
              "path": str(work / "bulk-store"), "query_limit": args.rdflib_query_limit,
              "rdflib_memory_gb": args.rdflib_memory_gb}  # fmt: skip
    result: dict[str, Any] = {"schools": schools}
    print(f"[{schools}] synth", file=sys.stderr, flush=True)
    result["synth"] = child(SYNTH, common)[0]
    print(f"[{schools}] kg.build", file=sys.stderr, flush=True)
    build = child(BUILD, common)[0]
    if "triples" not in build:
        raise SystemExit(f"the build of {schools} schools failed")
    build["store_mb"] = size_mb(work / "build" / "store")
    build["triples_per_s"] = build["triples"] / build["seconds"]
    result["build"] = build
    print(f"[{schools}] N-Triples export", file=sys.stderr, flush=True)
    result["export"] = child(EXPORT, common)[0]
    print(f"[{schools}] catalogue on the built store", file=sys.stderr, flush=True)
    lines = child(QUERIES, common, timeout=args.query_timeout)
    result["oxigraph"] = {"queries": {}}
    for line in lines:
        if "query" in line:
            result["oxigraph"]["queries"][line.pop("query")] = line
        else:
            result["oxigraph"] |= line
    result["nt_mb"] = (work / "kg.nt").stat().st_size / 1e6
    print(f"[{schools}] pyoxigraph bulk_load", file=sys.stderr, flush=True)
    bulk = child(BULK, common)[0]
    bulk["store_mb"] = size_mb(work / "bulk-store")
    result["bulk_load"] = bulk
    shutil.rmtree(work / "bulk-store", ignore_errors=True)
    if args.rdflib_up_to and schools > args.rdflib_up_to:
        result["rdflib"] = {"skipped": f"not tried above {args.rdflib_up_to:,} schools"}
        return _clean(result, work, args)
    print(f"[{schools}] rdflib", file=sys.stderr, flush=True)
    started = time.perf_counter()
    lines = child(RDFLIB, common, timeout=args.rdflib_timeout)
    rdflib: dict[str, Any] = {"wall_s": time.perf_counter() - started,
                              "memory_gb": args.rdflib_memory_gb}  # fmt: skip
    for line in lines:
        if "query" in line:
            rdflib.setdefault("queries", {})[line.pop("query")] = line
        else:
            rdflib |= line
    result["rdflib"] = rdflib
    return _clean(result, work, args)


def _clean(result: dict[str, Any], work: Path, args: argparse.Namespace) -> dict[str, Any]:
    if not args.keep:
        shutil.rmtree(work / "records", ignore_errors=True)
        (work / "kg.nt").unlink(missing_ok=True)
    return result


def _s(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


def _gb(build: dict[str, Any]) -> str:
    main = f"{build['peak_mb'] / 1024:.2f} GB"
    return f"{main} ({build['pss_peak_mb'] / 1024:.2f} GB)" if "pss_peak_mb" in build else main


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| schools | triples | synth (not counted) | `kg.build` | triples/s | "
        "peak memory: main process (all processes, PSS) | store on disk | bulk_load (floor) | "
        "build / bulk_load | rdflib load | "
        "rdflib / build | slowest query, Oxigraph |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        b, bulk, rd = r["build"], r["bulk_load"], r["rdflib"]
        queries = {k: v["median_s"] for k, v in r["oxigraph"]["queries"].items()}
        slowest = max(queries, key=lambda k: queries[k] or 0) if queries else None
        if "skipped" in rd:
            rd_load, ratio = rd["skipped"], "—"
        elif "load_s" in rd:
            rd_load, ratio = _s(rd["load_s"]), f"{rd['load_s'] / b['seconds']:.1f}×"
        elif rd.get("wall_s", 0) >= 590:
            rd_load, ratio = "not finished in 10 min", f"> {600 / b['seconds']:.1f}×"
        else:
            rd_load = (
                f"out of memory ({rd.get('memory_gb', 8):.0f} GB cap) after {rd['wall_s']:.0f} s"
            )
            ratio = f"> {rd['wall_s'] / b['seconds']:.1f}×"
        lines.append(
            f"| {r['schools']:,} | {b['triples']:,} | {_s(r['synth']['seconds'])} | "
            f"{_s(b['seconds'])} | {b['triples_per_s']:,.0f} | {_gb(b)} | "
            f"{b['store_mb']:,.0f} MB | {_s(bulk['seconds'])} ({bulk['peak_mb'] / 1024:.2f} GB) | "
            f"{b['seconds'] / bulk['seconds']:.2f} | {rd_load} | {ratio} | "
            f"{slowest} {_s(queries[slowest]) if slowest else '—'} |"
        )
    lines += ["", "Catalogue queries, median of five runs (rdflib: where it loaded):", ""]
    names = sorted({n for r in results for n in r["oxigraph"]["queries"]})
    head = " | ".join(f"{r['schools']:,}: Oxigraph | rdflib" for r in results)
    lines += [f"| query | {head} |", "|---|" + "---:|---:|" * len(results)]
    for name in names:
        cells = []
        for r in results:
            ox = r["oxigraph"]["queries"].get(name, {}).get("median_s")
            rq = r["rdflib"].get("queries", {}).get(name, {})
            rd = _s(rq.get("median_s")) if rq.get("median_s") is not None else (
                "over limit" if rq else "—")  # fmt: skip
            cells.append(f"{_s(ox)} | {rd}")
        lines.append(f"| {name} | {' | '.join(cells)} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--schools", type=int, action="append",
                        help="sizes to measure (repeatable); default 1000 and 10000")  # fmt: skip
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--rdflib-timeout", type=float, default=600.0)
    parser.add_argument("--rdflib-query-limit", type=int, default=30,
                        help="seconds for an rdflib query run, then over limit")  # fmt: skip
    parser.add_argument("--rdflib-memory-gb", type=float, default=8.0,
                        help="address-space cap of the rdflib child")  # fmt: skip
    parser.add_argument("--query-timeout", type=float, default=1800.0,
                        help="seconds for all catalogue queries on the built store")  # fmt: skip
    parser.add_argument("--rdflib-up-to", type=int, default=0,
                        help="no rdflib reference above this many schools (0: always)")  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep records and N-Triples")
    args = parser.parse_args()
    sizes = args.schools or [1000, 10000]
    suffix = "-".join(str(n) for n in sizes)
    results = []
    for n in sizes:  # written after each size, so a long run keeps what it measured
        results.append(run(n, args))
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / f"build_scale-{suffix}.json").write_text(json.dumps(results, indent=2) + "\n")
    text = table(results)
    (args.out / f"build_scale-{suffix}.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
