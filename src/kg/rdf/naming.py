"""The one authority for names: every entity IRI and every graph IRI is minted here.

Entities: `{base}{kind}/{slug}` from transliterated names, the same on every machine.
Record graphs: `{base}graph/{a}/{b}` from the file's path below the folder it was given
in (`kg build data` names data/x/y.yaml `graph/x/y`), each part slugged on its own, so
`x/y.yaml` and `x-y.yaml` stay apart; two files that would still share a name are refused.
Documents: `{base}graph/doc/{stem}-{hash}`, the hash of the document's text, so two files
named alike in different folders never share a graph (see data/README.md).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from slugify import slugify

from kg.errors import KgError, RecordError

MAX_SLUG = 80
GRAPHS = "graph/"
DOCUMENT_GRAPHS = "graph/doc/"
INFERRED = "graph/inferred"
_QUOTES = re.compile(r"[«»“”„\"'`]")
_SPACE = re.compile(r"\s+")
_DOT = re.compile(r"\s*\.\s*")


@lru_cache(maxsize=1 << 18)  # a name recurs in every reference to it
def slug(text: str) -> str:
    """'КОГОБУ СШ пгт Подосиновец' -> 'kogobu-ssh-pgt-podosinovets'; long ones end in a hash."""
    # The backend named: "auto" tries to import unidecode on every call (a search of the
    # whole path each time when it is not installed); text-unidecode is what it falls back to.
    out = slugify(text.replace("ё", "е").replace("Ё", "Е"), backend="text-unidecode") or "x"
    if len(out) > MAX_SLUG:
        digest = hashlib.sha1(out.encode()).hexdigest()[:8]
        out = out[: MAX_SLUG - 9].rstrip("-") + "-" + digest
    return out


@lru_cache(maxsize=1 << 18)
def name_key(text: str) -> str:
    """The form under which names are compared: case, ё, quotes and spacing do not matter."""
    text = _QUOTES.sub("", text.casefold().replace("ё", "е"))
    text = _DOT.sub(". ", text).replace(" ,", ",")
    return _SPACE.sub(" ", text).strip(" .")


def match_name(
    wanted: str, names: Iterable[tuple[str, str]], what: str = "entity"
) -> tuple[str, str]:
    """The one (entity, name) that `wanted` names: by its whole name (case, ё and spacing
    aside), else by a part of it such as a surname; KgError if none or several."""
    key = name_key(wanted)
    pairs = list(names)
    exact = {e: n for e, n in pairs if name_key(n) == key}
    found = exact or {e: n for e, n in pairs if key and key in name_key(n)}
    if len(found) == 1:
        return next(iter(found.items()))
    if not found:
        raise KgError(f"no {what} named {wanted!r}")
    several = sorted(set(found.values()))[:8]
    raise KgError(f"{wanted!r} names several entities: {'; '.join(several)}")


def mint(base: str, kind: str, key: str) -> str:
    return f"{base}{kind}/{slug(key)}"


# -- graphs ----------------------------------------------------------------------------------
def root_of(path: Path, roots: Sequence[Path]) -> Path | None:
    """The first of the folders given to a build that holds `path` (both resolved)."""
    return next((r for r in roots if path.is_relative_to(r)), None)


def build_roots(given: Iterable[Path]) -> list[Path]:
    """The folders record files are named from: a folder as given, a file's own folder."""
    roots = [p.resolve() if p.is_dir() else p.resolve().parent for p in given]
    return list(dict.fromkeys(roots))


def record_graph(base: str, path: Path, roots: Sequence[Path]) -> str:
    resolved = path.resolve()
    root = root_of(resolved, roots)
    if root is None:
        folders = ", ".join(str(r) for r in roots)
        raise RecordError(path, None, None, f"is not below the folders of the build ({folders})")
    parts = resolved.relative_to(root).with_suffix("").parts
    return base + GRAPHS + "/".join(slug(part) for part in parts)


def record_graphs(
    files: Iterable[Path], roots: Sequence[Path], base: str, taken: Mapping[str, Path] = {}
) -> dict[Path, str]:
    """Each record file's graph; two files that would share one (among `files`, or with a
    file that holds a graph in `taken`) are refused, both named."""
    names: dict[Path, str] = {}
    owners = dict(taken)
    for path in files:
        graph = record_graph(base, path, roots)
        other = owners.setdefault(graph, path)
        if other != path:
            raise RecordError(
                path, None, None, f"would share the graph <{graph}> with {other}; rename one"
            )
        names[path] = graph
    return names


def document_key(name: str, text: str) -> str:
    """A document's id: its file's stem for people to read, its text's hash to tell apart
    documents named alike (the same text read from anywhere is the same document)."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return f"{slug(Path(name).stem)[:40].rstrip('-')}-{digest}"


def document_graph(base: str, key: str) -> str:
    return f"{base}{DOCUMENT_GRAPHS}{key}"


def is_document_graph(base: str, graph: str) -> bool:
    return graph.startswith(base + DOCUMENT_GRAPHS)


def inferred_graph(base: str) -> str:
    """The entailments of the records (a build's)."""
    return base + INFERRED


def inferred_of(graph: str) -> str:
    """The entailments of one document's graph, kept beside it."""
    return f"{graph}/inferred"


def is_inferred(graph: str) -> bool:
    return graph.endswith("/inferred")


def base_of(graphs: Iterable[str], default: str) -> str:
    """The base IRI a store was built with, read off its inferred graph's name."""
    for graph in graphs:
        if graph.endswith("/" + INFERRED):
            return graph.removesuffix(INFERRED)
    return default
