"""Names to IRIs: every entity of every file, and the lookups that references go through."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from kg.errors import RecordError
from kg.rdf.naming import mint, name_key, slug
from kg.records.base import LoadedFile, Loc
from kg.records.models import RecordFile

KIND_NAMES = {
    "org": "organization",
    "person": "person",
    "cluster": "cluster",
    "event": "event",
    "doc": "document",
    "place": "place",
    "plan": "plan",
    "project": "project",
    "council": "coordination council",
}
MERGEABLE = {"org", "person", "cluster", "council", "place"}
"""Kinds whose entries in several files are one entity when their names agree."""


@dataclass(frozen=True)
class Entry:
    """Where an entity was first defined: a path and line, not the file's records, so that a
    build can let each file's records go once they are indexed."""

    kind: str
    iri: str
    path: Path
    line: int | None

    @property
    def at(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Definition:
    """One entity as one file defines it: what the index keeps beside the store."""

    path: Path
    kind: str
    iri: str
    label: str
    keys: tuple[str, ...]
    org_kind: str | None
    line: int | None


class Index:
    """Every named entity of a build, found by name, alias or id. `trace`, when set, collects
    the keys looked up and the labels used: what a file's triples depend on."""

    def __init__(self, base: str):
        self.base = base
        self.errors: list[RecordError] = []
        self._keys: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._first: dict[str, Entry] = {}
        self._org_kinds: dict[str, tuple[str, Entry]] = {}
        self._labels: dict[str, str] = {}
        self.definitions: list[Definition] = []
        self.trace: set[str] | None = None

    def __getstate__(self) -> dict[str, object]:
        """What a mapper process needs: the lookups, not the definitions the entity index
        is written from."""
        return {**self.__dict__, "definitions": [], "trace": None}

    def define(
        self, kind: str, ident: str, names: Iterable[str | None], file: LoadedFile, loc: Loc
    ) -> str:
        iri = mint(self.base, kind, ident)
        earlier = self.defined_at(iri)
        if earlier is not None and (kind not in MERGEABLE or earlier[0] == file.path):
            self.errors.append(
                file.error(
                    loc,
                    f"{KIND_NAMES[kind]} {ident!r} is already "
                    f"defined at {earlier[1]}; give this one another id",
                )
            )
            return iri
        self._first.setdefault(iri, Entry(kind, iri, file.path, file.line_of(loc)))
        label = next((n for n in names if n), ident)
        self._labels.setdefault(iri, label)
        # the IRI's own slug too: an entry giving it as its id later changes no lookup
        keys = tuple(dict.fromkeys([*(name_key(n) for n in (ident, *names) if n), slug(ident)]))
        for key in keys:
            self._keys[(kind, key)].add(iri)
        self.definitions.append(
            Definition(file.path, kind, iri, label, keys, None, file.line_of(loc))
        )
        return iri

    def defined_at(self, iri: str) -> tuple[Path, str] | None:
        """The file that first defined the IRI, and 'file:line' for messages."""
        entry = self._first.get(iri)
        if entry is None:
            return None
        return entry.path, entry.at

    def org_kind_at(self, iri: str) -> tuple[str, str] | None:
        """The kind first given to an organization, and where."""
        earlier = self._org_kinds.get(iri)
        if earlier is None:
            return None
        return earlier[0], earlier[1].at

    def check_org_kind(self, iri: str, kind: str, file: LoadedFile, loc: Loc) -> None:
        last = self.definitions[-1]
        if last.iri == iri and last.path == file.path:
            self.definitions[-1] = replace(last, org_kind=kind)
        earlier = self.org_kind_at(iri)
        if earlier is None:
            self._org_kinds[iri] = (kind, Entry("org", iri, file.path, file.line_of(loc)))
        elif earlier[0] != kind:
            self.errors.append(
                file.error(
                    (*loc, "kind"),
                    f"{kind!r} contradicts kind {earlier[0]!r} given at {earlier[1]}",
                )
            )

    def label(self, iri: str) -> str:
        """The entity's label: the name the first file to define it gives."""
        if self.trace is not None:
            self.trace.add(f"label\t{iri}")
        return self._labels[iri]

    def lookup(self, kind: str, key: str) -> set[str]:
        return self._keys.get((kind, key), set())

    def find(self, kinds: tuple[str, ...], name: str) -> set[str]:
        found: set[str] = set()
        for kind in kinds:
            for key in dict.fromkeys((name_key(name), slug(name))):
                if self.trace is not None:
                    self.trace.add(f"{kind}\t{key}")
                found |= self.lookup(kind, key)
        return found

    def ref(self, kinds: tuple[str, ...], name: str, file: LoadedFile, loc: Loc) -> str | None:
        """The IRI a reference names; records an error and returns None if it names none or two."""
        found = self.find(kinds, name)
        if len(found) == 1:
            return next(iter(found))
        what = " or ".join(KIND_NAMES[k] for k in kinds)
        if not found:
            problem = (
                f"unknown {what} {name!r}: no {what} in the records has this name, alias or id"
            )
        else:
            problem = f"{name!r} is ambiguous: it names {', '.join(sorted(found))}; use an id"
        self.errors.append(file.error(loc, problem))
        return None

    def maybe(self, kinds: tuple[str, ...], name: str) -> str | None:
        """The IRI a name stands for, if exactly one entity has it; None for plain text."""
        found = self.find(kinds, name)
        return next(iter(found)) if len(found) == 1 else None


Told = tuple[str, str, str, tuple[str | None, ...], Loc, dict[Loc, int]]
"""One call a file makes on the index: what, kind, ident or IRI, names, where, lines."""


class DefinitionLog:
    """Takes a file's definitions as the index would and keeps them to be replayed into it
    (`Index.replay`), so that files can be read on other processes and told to the index in
    their order."""

    def __init__(self, base: str):
        self.base = base
        self.told: list[Told] = []

    def define(
        self, kind: str, ident: str, names: Iterable[str | None], file: LoadedFile, loc: Loc
    ) -> str:
        self.told.append(("define", kind, ident, tuple(names), loc, _lines(file, loc)))
        return mint(self.base, kind, ident)

    def check_org_kind(self, iri: str, kind: str, file: LoadedFile, loc: Loc) -> None:
        lines = {**_lines(file, loc), **_lines(file, (*loc, "kind"))}
        self.told.append(("org_kind", kind, iri, (), loc, lines))


def _lines(file: LoadedFile, loc: Loc) -> dict[Loc, int]:
    line = file.line_of(loc)
    return {} if line is None else {loc: line}


def replay(index: Index, path: Path, told: list[Told]) -> None:
    """Tell the index what a DefinitionLog took from the file at `path`."""
    for what, kind, name, names, loc, lines in told:
        file = LoadedFile(path, RecordFile(), lines)
        if what == "define":
            index.define(kind, name, names, file, loc)
        else:
            index.check_org_kind(name, kind, file, loc)


def event_ident(title: str | None, kind: str, start: object) -> str:
    return f"{start or 'undated'} {title or kind}"


def build_index(files: list[LoadedFile], base: str) -> Index:
    """Define every entity of every file, so references can point across files."""
    index = Index(base)
    define_all(index, files)
    return index


def define_all(index: Index | DefinitionLog, files: list[LoadedFile]) -> None:
    for file in files:
        r = file.records
        for i, doc in enumerate(r.documents):
            index.define("doc", doc.id, [doc.title], file, ("documents", i))
        for i, place in enumerate(r.places):
            index.define("place", place.name, [], file, ("places", i))
        for i, cluster in enumerate(r.clusters):
            ident = cluster.id or cluster.name
            index.define("cluster", ident, [cluster.name, *cluster.aliases], file, ("clusters", i))
            if cluster.council:
                names = [cluster.council.name]
                index.define("council", ident, names, file, ("clusters", i, "council"))
        for i, org in enumerate(r.organizations):
            iri = index.define(
                "org",
                org.id or org.name,
                [org.name, org.full_name, *org.aliases],
                file,
                ("organizations", i),
            )
            index.check_org_kind(iri, org.kind, file, ("organizations", i))
        for i, person in enumerate(r.people):
            index.define(
                "person",
                person.id or person.name,
                [person.name, *person.aliases],
                file,
                ("people", i),
            )
        for i, event in enumerate(r.events):
            ident = event.id or event_ident(event.title, event.kind, event.start)
            index.define("event", ident, [], file, ("events", i))
        for i, project in enumerate(r.projects):
            index.define(
                "project", project.id or project.name, [project.name], file, ("projects", i)
            )
        for i, plan in enumerate(r.plans):
            index.define("plan", plan.id or plan.title, [plan.title], file, ("plans", i))
