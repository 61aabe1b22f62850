"""Development corpus of real Russian web pages: check the local texts, or list what to fetch.

    python benchmarks/pages.py check
    python benchmarks/pages.py list
    python benchmarks/pages.py score [--split dev|blind|all] [--out DIR]

The corpus (tests/fixtures/pages/) holds real pages of the project's genre: news of meetings,
seminars, conferences and forums in education, methodological associations (РМО/ГМО/ШМО),
cluster, network and partnership pages, and protocols, plans and orders published as web pages,
from many regions of the Russian Federation. Only `index.tsv` (and gold facts, when written)
enter the repository; the web text itself never does: it lives in the git-ignored folder
`tests/fixtures/pages/texts/`, one `<id>.txt` per index row.

The pages come from the search tool's stored `pages` corpus (there is no internet access). The
fetch steps for one row: search the `pages` corpus with QUERY, take the result at RANK whose
address is URL, and save its excerpt (the decoded JSON string, UTF-8, exactly as returned, no
trailing newline added) as texts/ID.txt. `list` prints these steps for every row whose text is
missing or does not match; `check` verifies every text against its recorded sha256.

The sha256 is taken over a normalised text, so that line endings do not matter: "\\r\\n" and
"\\r" become "\\n", trailing whitespace is stripped from each line, the whole is stripped at both
ends, and the result is encoded as UTF-8.

No page may be one whose address is held out for evaluation: `check` also recomputes the sha256
of every URL (UTF-8, exactly as the search tool shows it) and fails if it appears in
shared/corpus/heldout-urls.sha256 beside the repository.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "tests/fixtures/pages"
HELDOUT = ROOT.parent / "shared/corpus/heldout-urls.sha256"
COLUMNS = ["id", "split", "query", "rank", "url", "sha256", "region", "genre", "chars"]


@dataclass(frozen=True)
class Page:
    """One row of index.tsv."""

    id: str
    split: str
    query: str
    rank: int
    url: str
    sha256: str
    region: str
    genre: str
    chars: int


def normalised_sha256(text: str) -> str:
    """sha256 hex of the text with unified line ends, lines right-stripped, ends stripped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def url_sha256(url: str) -> str:
    """sha256 hex of the address exactly as the search tool shows it."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def read_index(path: Path) -> list[Page]:
    """The rows of index.tsv, in order."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        if reader.fieldnames != COLUMNS:
            raise SystemExit(f"{path}: header is {reader.fieldnames}, expected {COLUMNS}")
        return [
            Page(
                id=row["id"],
                split=row["split"],
                query=row["query"],
                rank=int(row["rank"]),
                url=row["url"],
                sha256=row["sha256"],
                region=row["region"],
                genre=row["genre"],
                chars=int(row["chars"]),
            )
            for row in reader
        ]


def read_heldout(path: Path) -> set[str]:
    """The held-out URL hashes (comment lines start with '#')."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def text_status(page: Page, texts: Path) -> str:
    """'ok', 'missing' or 'mismatch' for the page's local text."""
    path = texts / f"{page.id}.txt"
    if not path.is_file():
        return "missing"
    text = path.read_bytes().decode("utf-8")
    return "ok" if normalised_sha256(text) == page.sha256 else "mismatch"


def check(pages: list[Page], texts: Path, heldout_path: Path) -> int:
    """Report missing or mismatching texts and held-out URLs; 0 when all is well."""
    failed = False
    for page in pages:
        status = text_status(page, texts)
        if status != "ok":
            print(f"{page.id}: {status} ({texts / (page.id + '.txt')})")
            failed = True
    if not heldout_path.is_file():
        print(f"held-out list not found: {heldout_path}")
        return 1
    heldout = read_heldout(heldout_path)
    for page in pages:
        if url_sha256(page.url) in heldout:
            print(f"{page.id}: address is held out, remove it: {page.url}")
            failed = True
    if failed:
        return 1
    print(f"{len(pages)} texts, all match")
    return 0


def list_fetches(pages: list[Page], texts: Path) -> int:
    """Print the fetch step of every page whose text is missing or mismatching."""
    todo = [page for page in pages if text_status(page, texts) != "ok"]
    for page in todo:
        print(
            f"{page.id}: search the `pages` corpus with {page.query!r}, take the result at "
            f"rank {page.rank} whose address is {page.url}, save its text as "
            f"{texts / (page.id + '.txt')}"
        )
    if not todo:
        print(f"{len(pages)} texts present and matching; nothing to fetch")
    return 0


def score(pages: list[Page], texts: Path, gold: Path, split: str, out: Path) -> int:
    """Extract the pages of `split` with kg and score them against their gold with
    shared/tools/score_facts.py. The blind split is for the end: develop on dev only."""
    chosen = [p for p in pages if split in ("all", p.split)]
    missing = [p.id for p in chosen if text_status(p, texts) != "ok"]
    if missing:
        print(f"texts missing or changed: {' '.join(missing)}; run `list`", file=sys.stderr)
        return 1
    facts, golds = out / "facts", out / "gold"
    for folder in (facts, golds):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    for page in chosen:
        shutil.copy(gold / f"{page.id}.yaml", golds)
    kg = Path(sys.executable).parent / "kg"
    paths = [str(texts / f"{p.id}.txt") for p in chosen]
    subprocess.run(
        [str(kg), "extract", *paths, "--out", str(facts)], check=True, stdout=subprocess.DEVNULL
    )
    scorer = ROOT.parent / "shared/tools/score_facts.py"
    return subprocess.run([sys.executable, str(scorer), str(golds), str(facts)]).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check the pages corpus, or list what to fetch.")
    parser.add_argument("command", choices=["check", "list", "score"])
    parser.add_argument("--split", choices=["dev", "blind", "all"], default="dev")
    parser.add_argument("--out", type=Path, default=ROOT / "build/pages", help="for `score`")
    parser.add_argument("--pages", type=Path, default=PAGES, help="folder with index.tsv")
    parser.add_argument("--heldout", type=Path, default=HELDOUT, help="held-out URL hashes")
    args = parser.parse_args(argv)
    pages = read_index(args.pages / "index.tsv")
    texts = args.pages / "texts"
    if args.command == "check":
        return check(pages, texts, args.heldout)
    if args.command == "score":
        return score(pages, texts, args.pages / "gold", args.split, args.out)
    return list_fetches(pages, texts)


if __name__ == "__main__":
    sys.exit(main())
