"""Names to IRIs: every entity of every file, and the lookups that references go through."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kg.errors import RecordError
from kg.iris import mint, name_key, slug
from kg.sources.base import LoadedFile, Loc

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
    kind: str
    iri: str
    file: LoadedFile
    loc: Loc


class Index:
    """Every named entity of a build, found by name, alias or id."""

    def __init__(self, base: str):
        self.base = base
        self.errors: list[RecordError] = []
        self._keys: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._first: dict[str, Entry] = {}
        self._org_kinds: dict[str, tuple[str, Entry]] = {}
        self.labels: dict[str, str] = {}

    def define(
        self, kind: str, ident: str, names: Iterable[str | None], file: LoadedFile, loc: Loc
    ) -> str:
        iri = mint(self.base, kind, ident)
        entry = Entry(kind, iri, file, loc)
        earlier = self._first.get(iri)
        if earlier is not None and (kind not in MERGEABLE or earlier.file.path == file.path):
            where = f"{earlier.file.path}:{earlier.file.line_of(earlier.loc)}"
            self.errors.append(
                file.error(
                    loc,
                    f"{KIND_NAMES[kind]} {ident!r} is already "
                    f"defined at {where}; give this one another id",
                )
            )
            return iri
        self._first.setdefault(iri, entry)
        self.labels.setdefault(iri, next((n for n in names if n), ident))
        for name in (ident, *names):
            if name:
                self._keys[(kind, name_key(name))].add(iri)
        return iri

    def check_org_kind(self, iri: str, kind: str, file: LoadedFile, loc: Loc) -> None:
        earlier = self._org_kinds.setdefault(iri, (kind, Entry("org", iri, file, loc)))
        if earlier[0] != kind:
            where = f"{earlier[1].file.path}:{earlier[1].file.line_of(earlier[1].loc)}"
            self.errors.append(
                file.error(
                    (*loc, "kind"), f"{kind!r} contradicts kind {earlier[0]!r} given at {where}"
                )
            )

    def find(self, kinds: tuple[str, ...], name: str) -> set[str]:
        key = name_key(name)
        found: set[str] = set()
        for kind in kinds:
            found |= self._keys.get((kind, key), set())
            found |= self._keys.get((kind, slug(name)), set())
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


def event_ident(title: str | None, kind: str, start: object) -> str:
    return f"{start or 'undated'} {title or kind}"


def build_index(files: list[LoadedFile], base: str) -> Index:
    """Define every entity of every file, so references can point across files."""
    index = Index(base)
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
    return index
