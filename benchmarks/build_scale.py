"""`kg build` at national scale, beside baselines that do the same work.

    python benchmarks/build_scale.py --schools 1000 --schools 10000 [--schools 40000]
        [--rdflib-up-to 10000] [--virtuoso-up-to 10000]

For each size, every step in a fresh subprocess (peak memory is the child's ru_maxrss):
`kg synth` writes the records (timed, not counted); `kg.build` builds them into Oxigraph
(validation and Turtle; maps off, as in every build here): time, triples/s, peak memory
of the main process and, sampled every 0.5 s, the PSS of it and its descendants, store
size; every catalogue query runs --runs times on the built store (median). Then the
baselines, each set beside that build:

- kg build, rdflib backend: the same `kg.build` with backend="memory" (rdflib's Dataset),
  up to --rdflib-up-to schools, given up after --rdflib-timeout seconds;
- pyoxigraph bulk_load of the built store's quads (its N-Quads dump, every graph) into a
  new on-disk store: the floor, which the first table divides the build's time by;
- rdflib parse of the N-Triples (reference): rdflib's in-memory Graph parsing that export,
  then the catalogue on it (each run given --rdflib-query-limit s), as far as --rdflib-up-to;
- Virtuoso, the server users would pick (Debian's virtuoso-opensource), up to
  --virtuoso-up-to: its bulk loader (ld_dir, rdf_loader_run, checkpoint, through isql)
  loads the export into one graph, then every catalogue query runs through its SPARQL
  endpoint, each run given --virtuoso-query-limit s (a query given up on runs on in the
  server); peak memory is the server's, most of it the page cache --virtuoso-buffers sizes.

The catalogue table sets Oxigraph (kg's store), rdflib and Virtuoso side by side: the
same query text and parameters (the catalogue's defaults); a row count unlike Oxigraph's
is shown in its cell. Results: OUT/build_scale-SIZES.json and .md (also printed).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from build_scale_steps import BUILD, BULK, CHILD_PRELUDE, EXPORT, QUERIES, RDFLIB, SYNTH, VIRTUOSO

ROOT = Path(__file__).resolve().parents[1]
GRAPH = "urn:kg:benchmark:build-scale"
"""The one Virtuoso graph the N-Triples go into (they name none)."""
STORES = {"oxigraph": "Oxigraph (kg)", "rdflib": "rdflib", "virtuoso": "Virtuoso"}


def child(code: str, args: dict[str, Any], timeout: float | None = None) -> list[dict[str, Any]]:
    """Run `code` in a fresh interpreter; the JSON lines it printed (as far as it got).

    The child leads a process group of its own, so that over time it is killed with all
    it started (the build's mappers, a Virtuoso server).
    """
    command = [sys.executable, "-c", CHILD_PRELUDE + code, json.dumps(args)]
    with subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as process:
        try:
            out, err = process.communicate(timeout=timeout)
        except BaseException as exc:
            os.killpg(process.pid, signal.SIGKILL)
            out, err = process.communicate()
            if not isinstance(exc, subprocess.TimeoutExpired):
                raise
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    if process.returncode == 0:
        return lines
    print(err[-3000:], file=sys.stderr)
    last = [line for line in err.splitlines() if line.strip()][-1:] or ["killed"]
    return [*lines, {"failed": True, "error": last[0][:300]}]


def step(
    schools: int, title: str, code: str, args: dict[str, Any], **limits: Any
) -> dict[str, Any]:
    """A step's JSON lines in one dict (its queries under "queries"), with its wall time."""
    print(f"[{schools}] {title}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    result: dict[str, Any] = {}
    for line in child(code, args, limits.get("timeout")):
        if "query" in line:
            result.setdefault("queries", {})[line.pop("query")] = line
        else:
            result |= line
    return result | {"wall_s": time.perf_counter() - started} | limits


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def run(schools: int, args: argparse.Namespace) -> dict[str, Any]:
    work = args.out / f"schools-{schools}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    common = {"schools": schools, "seed": args.seed, "records": str(work / "records"),
              "out": str(work / "build"), "nt": str(work / "kg.nt"), "nq": str(work / "kg.nq"),
              "runs": args.runs,
              "path": str(work / "bulk-store"), "query_limit": args.rdflib_query_limit,
              "rdflib_memory_gb": args.rdflib_memory_gb}  # fmt: skip
    result: dict[str, Any] = {"schools": schools, "runs": args.runs}
    result["synth"] = step(schools, "synth", SYNTH, common)
    build = step(schools, "kg.build", BUILD, common | {"backend": "oxigraph"})
    if "triples" not in build:
        raise SystemExit(f"the build of {schools} schools failed")
    build["store_mb"] = size_mb(work / "build" / "store")
    build["triples_per_s"] = build["triples"] / build["seconds"]
    result["build"] = build
    result["export"] = step(schools, "N-Triples export", EXPORT, common)
    result["oxigraph"] = step(
        schools, "catalogue on the built store", QUERIES, common, timeout=args.query_timeout
    )
    result["nt_mb"] = (work / "kg.nt").stat().st_size / 1e6
    result["bulk_load"] = step(schools, "pyoxigraph bulk_load", BULK, common)
    result["bulk_load"]["store_mb"] = size_mb(work / "bulk-store")
    shutil.rmtree(work / "bulk-store", ignore_errors=True)
    if _within(schools, args.rdflib_up_to):
        memory = common | {"backend": "memory", "out": str(work / "build-memory")}
        result["build_memory"] = step(
            schools, "kg.build, rdflib backend", BUILD, memory,
            timeout=args.rdflib_timeout, memory_gb=args.rdflib_memory_gb,
        )  # fmt: skip
        shutil.rmtree(work / "build-memory", ignore_errors=True)
        result["rdflib"] = step(
            schools, "rdflib parse of the N-Triples", RDFLIB, common,
            timeout=args.rdflib_timeout, memory_gb=args.rdflib_memory_gb,
        )  # fmt: skip
    else:
        skipped = {"skipped": f"not tried above {args.rdflib_up_to:,} schools"}
        result["build_memory"] = result["rdflib"] = skipped
    if not _within(schools, args.virtuoso_up_to):
        result["virtuoso"] = {"skipped": f"not tried above {args.virtuoso_up_to:,} schools"}
    elif shutil.which("virtuoso-t") is None:
        result["virtuoso"] = {"skipped": "virtuoso-t not installed"}
    else:
        virtuoso = common | {"folder": str(work / "virtuoso"), "graph": GRAPH,
                             "buffers": args.virtuoso_buffers,
                             "query_limit": args.virtuoso_query_limit}  # fmt: skip
        result["virtuoso"] = step(
            schools, "Virtuoso bulk load and catalogue", VIRTUOSO, virtuoso,
            timeout=args.virtuoso_timeout,
        )  # fmt: skip
        shutil.rmtree(work / "virtuoso", ignore_errors=True)
    if not args.keep:
        shutil.rmtree(work / "records", ignore_errors=True)
        (work / "kg.nt").unlink(missing_ok=True)
        (work / "kg.nq").unlink(missing_ok=True)
    return result


def _within(schools: int, up_to: int) -> bool:
    return not up_to or schools <= up_to


def _s(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


def _gb(mb: float) -> str:
    return f"{mb / 1024:.2f} GB"


def _baseline(r: dict[str, Any], key: str, seconds: str) -> tuple[str, str]:
    """A baseline's cell (time, peak memory, anything amiss) and its time ÷ kg.build's."""
    done, build_s = r[key], r["build"]["seconds"]
    if "skipped" in done:
        return done["skipped"], "—"
    if seconds in done:
        notes = [_gb(done["peak_mb"])] if "peak_mb" in done else []
        expected = r["export"].get("nt_triples")
        if key == "virtuoso" and done.get("triples") != expected:
            notes.append(f"{done.get('triples', 0):,} of {expected:,} triples")
        if done.get("errors"):
            notes.append(f"{len(done['errors'])} load errors")
        cell = _s(done[seconds]) + (f" ({'; '.join(notes)})" if notes else "")
        return cell, f"{done[seconds] / build_s:.2f}×"
    wall, timeout = done["wall_s"], done.get("timeout")
    if timeout and wall >= timeout - 1:
        return f"not finished in {timeout:.0f} s", f"> {wall / build_s:.1f}×"
    cap = f", {done['memory_gb']:.0f} GB cap" if "memory_gb" in done else ""
    return f"failed after {wall:.0f} s{cap}: {done.get('error', '?')}", f"> {wall / build_s:.1f}×"


def _query_cell(r: dict[str, Any], store: str, name: str) -> str:
    q = r[store].get("queries", {}).get(name)
    if q is None:
        return "—"
    if "error" in q:
        return "failed (below)"
    if q["median_s"] is None:
        return "over limit"
    own = r["oxigraph"].get("queries", {}).get(name, {}).get("rows")
    if store == "oxigraph" or own is None or q["rows"] == own:
        return _s(q["median_s"])
    return f"{_s(q['median_s'])} (rows differ: {q['rows']:,} vs {own:,})"


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| schools | triples | synth (not counted) | `kg.build` | triples/s | "
        "peak memory: main process (all processes, PSS) | store on disk | "
        "slowest query, Oxigraph | bulk_load of the same quads (floor) | build ÷ floor |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        b = r["build"]
        queries = {k: v["median_s"] for k, v in r["oxigraph"].get("queries", {}).items()}
        slowest = max(queries, key=lambda k: queries[k] or 0) if queries else None
        lines.append(
            f"| {r['schools']:,} | {b['triples']:,} | {_s(r['synth']['seconds'])} | "
            f"{_s(b['seconds'])} | {b['triples_per_s']:,.0f} | "
            f"{_gb(b['peak_mb'])} ({_gb(b['pss_peak_mb'])}) | {b['store_mb']:,.0f} MB | "
            f"{slowest} {_s(queries[slowest]) if slowest else '—'} | "
            f"{_s(r['bulk_load']['seconds'])} | {b['seconds'] / r['bulk_load']['seconds']:.2f}× |"
        )
    lines += [
        "",
        "The same work by others (time, peak memory; Virtuoso's is the server's, mostly its page"
        " cache, up to --virtuoso-buffers × 8 KB); × is the time ÷ `kg.build`'s:",
        "",
        "| schools | kg build, rdflib backend | × | pyoxigraph bulk_load of the same quads | × | "
        "rdflib parse of the N-Triples (reference) | × | Virtuoso bulk load | × |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        baselines = [
            _baseline(r, "build_memory", "seconds"),
            _baseline(r, "bulk_load", "seconds"),
            _baseline(r, "rdflib", "load_s"),
            _baseline(r, "virtuoso", "load_s"),
        ]
        lines.append(f"| {r['schools']:,} | " + " | ".join(" | ".join(c) for c in baselines) + " |")
    runs = {r["runs"] for r in results}
    lines += [
        "",
        f"Catalogue queries, median of {'/'.join(map(str, sorted(runs)))} runs (a run over"
        " 10 s is not repeated); the same text on each store, where it loaded:",
        "",
    ]
    names = sorted({n for r in results for n in r["oxigraph"].get("queries", {})})
    head = " | ".join(f"{r['schools']:,}: rows | " + " | ".join(STORES.values()) for r in results)
    lines += [f"| query | {head} |", "|---|" + "---:|" * (len(STORES) + 1) * len(results)]
    for name in names:
        cells = []
        for r in results:
            rows = r["oxigraph"].get("queries", {}).get(name, {}).get("rows")
            cells += [f"{rows:,}" if rows is not None else "—"]
            cells += [_query_cell(r, store, name) for store in STORES]
        lines.append(f"| {name} | {' | '.join(cells)} |")
    failures = [
        f"- {r['schools']:,} schools, {label}, {name}: {q['error']}"
        for r in results
        for store, label in STORES.items()
        for name, q in r[store].get("queries", {}).items()
        if "error" in q
    ]
    if failures:
        lines += ["", "Failed queries:", "", *failures]
    return "\n".join(lines) + "\n"


def _baseline_options(
    parser: argparse.ArgumentParser, store: str, *, timeout: float, query_limit: int, step: str
) -> None:
    """--STORE-up-to, --STORE-timeout and --STORE-query-limit for a baseline store."""
    parser.add_argument(f"--{store}-up-to", type=int, default=0,
                        help=f"no {store} above this many schools (0: always)")  # fmt: skip
    parser.add_argument(f"--{store}-timeout", type=float, default=timeout,
                        help=f"seconds for {step}")  # fmt: skip
    parser.add_argument(f"--{store}-query-limit", type=int, default=query_limit,
                        help=f"seconds for a {store} query run, then over limit")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--schools", type=int, action="append",
                        help="sizes to measure (repeatable); default 1000 and 10000")  # fmt: skip
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--query-timeout", type=float, default=1800.0,
                        help="seconds for all catalogue queries on the built store")  # fmt: skip
    _baseline_options(parser, "rdflib", timeout=600.0, query_limit=30,
                      step="each rdflib step (build; parse, queries)")  # fmt: skip
    parser.add_argument("--rdflib-memory-gb", type=float, default=8.0,
                        help="address-space cap of the rdflib children")  # fmt: skip
    _baseline_options(parser, "virtuoso", timeout=3600.0, query_limit=300,
                      step="Virtuoso's load and queries, then killed")  # fmt: skip
    parser.add_argument("--virtuoso-buffers", type=int, default=340_000,
                        help="Virtuoso's NumberOfBuffers, 8 KB each (its 4 GB advice)")  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep records, N-Triples, N-Quads")
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
