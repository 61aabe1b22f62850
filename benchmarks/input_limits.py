"""Peak memory and time of kg on the largest inputs it is meant to take (issue #7, limits).

    python benchmarks/input_limits.py [--rows 100000] [--entries 100000] [--doc-mb 1 --doc-mb 5]
                                      [--only csv-people,csv-orgs,yaml,doc] [--timeout 900]

Inputs, generated with a fixed seed into build/bench/limits/:
- csv-orgs:   an organizations table of --rows rows (название, тип, полное название, ...);
- csv-people: a people table of --rows rows (ФИО, должность, организация, начало), beside a
              YAML file of the organizations it names;
- yaml:       one records file of --entries entries (places, organizations, people with
              positions), in the format of data/;
- doc:        a Russian text document of each --doc-mb megabytes (council protocols one after
              another), ingested with `kg ingest` into a store built from data/.
Each run is `kg build` or `kg ingest` in a fresh subprocess; its peak memory is the ru_maxrss
that wait4 reports for it (the largest of the process and its workers), its time is wall
clock, input generation not included. A run over --timeout seconds is killed and reported
as such; a refusal (a limit) is reported with kg's message.

Measured on 2 cores shared with other work (so times vary by a third or more), 2025-11:

    input                   seconds  peak MB  result
    csv-orgs 100,000           59.9     2882  built: 500 000 asserted, 1 200 000 inferred
    csv-orgs 100,001            1.2      251  refused: more than 100,000 rows (line 100002)
    csv-people 100,000        104.3     2874  built: 820 000 asserted, 1 070 000 inferred
    yaml 100,000              108.3     2840  built: 759 705 asserted, 989 407 inferred
    yaml 100,001               18.0      834  refused: more than 100,000 entries
    doc 1 MB                    5.8      319  ingested: 12 485 triples
    doc 5 MB                   33.8      830  ingested: 46 946 triples
    doc 5.3 MB                 33.4      869  ingested: 49 264 triples (2.98 M characters)
    doc 50 MB                   2.1      387  refused: 28 M characters, over 3,000,000

The limits (kg.sources.base.MAX_ENTRIES, MAX_BYTES; kg.documents.readers.MAX_TEXT,
MAX_BYTES) are set from these: one record file's mapping and entailments are held in memory
at once, so a file is capped at 100,000 entries; extraction grows faster than the text
(5 MB took 6 times as long as 1 MB), so a document's text is capped at 3 million characters.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from extraction_speed import document  # noqa: E402  (a sibling script, not a package)

SURNAMES = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов",
            "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Лебедев", "Козлов"]  # fmt: skip
KINDS = ["school", "college", "supplementary", "culture", "library", "museum", "business"]
PREFIXES = {"school": "МКОУ СОШ", "college": "КОГПОАУ Техникум", "supplementary": "МКУ ДО ДДТ",
            "culture": "МКУК Дом культуры", "library": "МКУК Библиотека",
            "museum": "МБУК Музей", "business": "ООО Агрофирма"}  # fmt: skip
TITLES = ["директор", "заместитель директора по УВР", "методист", "учитель истории"]


def _org(i: int) -> tuple[str, str, str]:
    kind = KINDS[i % len(KINDS)]
    name = f"{PREFIXES[kind]} п. Лесной-{i}"
    full = f"Муниципальное учреждение «{name}» Лесного района Кировской области"
    return name, kind, full


def _person(rng: random.Random, i: int) -> str:
    female = rng.random() < 0.75
    surname = rng.choice(SURNAMES) + ("а" if female else "")
    return f"{surname} {'АБВГДЕИКЛМНОПРСТ'[i % 16]}.{'АБВГДЕИКЛМНОПРСТ'[i // 16 % 16]}. ({i})"


def write_csv_orgs(folder: Path, rows: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "orgs.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["название", "тип", "полное название", "другие названия"])
        for i in range(rows):
            name, kind, full = _org(i)
            out.writerow([name, kind, full, f"Учреждение {i}; Организация №{i}"])
    return folder


def write_csv_people(folder: Path, rows: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    orgs = max(1, rows // 10)
    with (folder / "orgs.yaml").open("w", encoding="utf-8") as handle:
        handle.write("organizations:\n")
        for i in range(orgs):
            name, kind, _ = _org(i)
            handle.write(f"  - name: {name}\n    kind: {kind}\n")
    rng = random.Random(7)
    with (folder / "people.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["ФИО", "должность", "организация", "начало"])
        for i in range(rows):
            out.writerow([_person(rng, i), rng.choice(TITLES), _org(i % orgs)[0], "2020-09"])
    return folder


def write_yaml(folder: Path, entries: int) -> Path:
    """Entries: a hundred places, a tenth organizations, the rest people with a position."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    places = 100
    orgs = entries // 10
    people = entries - orgs - places
    lines = ["places:"]
    lines += [f"  - name: п. Лесной-{p}\n    kind: settlement\n    district: Лесной район\n"
              f"    region: Кировская область" for p in range(places)]  # fmt: skip
    lines.append("organizations:")
    for i in range(orgs):
        name, kind, full = _org(i)
        lines.append(f"  - name: {name}\n    full_name: {full}\n    kind: {kind}\n"
                     f"    place: п. Лесной-{i % places}")  # fmt: skip
    lines.append("people:")
    for i in range(people):
        lines.append(f"  - name: {_person(rng, i)}\n    positions:\n"
                     f"      - title: {rng.choice(TITLES)}\n        org: {_org(i % orgs)[0]}\n"
                     f"        start: '2020-09'")  # fmt: skip
    (folder / "records.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def write_document(path: Path, megabytes: float) -> Path:
    """Protocols one after another, cut at the last whole line within `megabytes` MiB."""
    rng = random.Random(7)
    target, size, parts = int(megabytes * 1024 * 1024), 0, []
    while size < target:
        text = document(rng)
        parts.append(text)
        size += len(text.encode("utf-8"))
    data = "".join(parts).encode("utf-8")[:target]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data[: data.rfind(b"\n") + 1])
    return path


def measure(args: list[str], timeout: float, log: Path) -> dict[str, object]:
    """Run `kg ARGS` in a fresh process: seconds, peak MB (wait4's ru_maxrss: the largest of
    the process and the workers it waited for), exit code, and what it said."""
    started = time.perf_counter()
    with log.open("wb") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "kg", *args], stdout=handle, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                os.killpg(process.pid, signal.SIGKILL)
                os.wait4(process.pid, 0)
                return {"seconds": None, "peak_mb": None, "said": f"over {timeout:.0f} s"}
            time.sleep(0.05)
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    seconds = time.perf_counter() - started
    lines = [ln for ln in log.read_text("utf-8", "replace").splitlines() if ln.strip()]
    said = next((ln for ln in lines if ln.startswith(("Built", "error", "Error"))), "")
    said = said or (lines[-1] if lines else "")
    if process.returncode:
        said = f"exit {process.returncode}: {said}"
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "said": said[:200]}


def _one(kind: str, size: float, folder: Path, timeout: float) -> dict[str, object]:
    log = folder / f"{kind}.log"
    if kind in ("csv-orgs", "csv-people", "yaml"):
        write = {"csv-orgs": write_csv_orgs, "csv-people": write_csv_people, "yaml": write_yaml}
        source = write[kind](folder / f"{kind}-{int(size)}", int(size))
        return measure(["build", str(source), "--out", str(folder / "out")], timeout, log)
    store = folder / "data-build" / "store"
    if not store.exists():
        built = measure(["build", str(ROOT / "data"), "--out", str(store.parent)], timeout, log)
        assert store.exists(), built
    doc = write_document(folder / f"doc-{size:g}mb.txt", size)
    copy = folder / "doc-store"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(store, copy)
    return measure(["ingest", str(doc), "--store", str(copy)], timeout, log)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--doc-mb", type=float, action="append")
    parser.add_argument("--only", default="csv-orgs,csv-people,yaml,doc")
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument(
        "--over", action=argparse.BooleanOptionalAction, default=True,
        help="also one row or entry over the size given: what a refusal costs",
    )  # fmt: skip
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench" / "limits")
    args = parser.parse_args()
    runs: list[tuple[str, float]] = []
    for kind in args.only.split(","):
        if kind in ("csv-orgs", "csv-people"):
            runs.append((kind, args.rows))
        elif kind == "yaml":
            runs.append((kind, args.entries))
        elif kind == "doc":
            runs += [("doc", mb) for mb in args.doc_mb or [1, 5, 50]]
        if kind in ("csv-orgs", "yaml") and args.over:
            runs.append((kind, (args.rows if kind == "csv-orgs" else args.entries) + 1))
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"{'input':<22} {'seconds':>8} {'peak MB':>8}  result")
    for kind, size in runs:
        result = _one(kind, size, args.out, args.timeout)
        label = f"{kind} {size:g} MB" if kind == "doc" else f"{kind} {int(size):,}"
        seconds = f"{result['seconds']:.1f}" if result["seconds"] is not None else "-"
        peak = f"{result['peak_mb']:.0f}" if result["peak_mb"] is not None else "-"
        print(f"{label:<22} {seconds:>8} {peak:>8}  {result['said']}", flush=True)


if __name__ == "__main__":
    main()
