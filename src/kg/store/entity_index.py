"""The build's entity index, kept beside the store (SQLite), so that one record file can be
mapped again without reading all the others: which file defines which entity under which
names, and which names and labels each file's triples depend on."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path

from kg.errors import KgError
from kg.rdf.resolve import Definition, Index

INDEX_FILE = "kg-index.sqlite"

SCHEMA = """
CREATE TABLE files (path TEXT PRIMARY KEY, graph TEXT NOT NULL);
CREATE TABLE defs (path TEXT, kind TEXT, iri TEXT, label TEXT, org_kind TEXT, line INTEGER);
CREATE TABLE keys (path TEXT, kind TEXT, key TEXT, iri TEXT);
CREATE TABLE uses (path TEXT, key TEXT);
CREATE TABLE pending (path TEXT PRIMARY KEY);
CREATE TABLE roots (position INTEGER PRIMARY KEY, path TEXT NOT NULL);
CREATE TABLE documents (path TEXT PRIMARY KEY, graph TEXT NOT NULL);
CREATE INDEX defs_by_iri ON defs (iri);
CREATE INDEX defs_by_path ON defs (path);
CREATE INDEX keys_by_key ON keys (kind, key);
CREATE INDEX keys_by_path ON keys (path);
CREATE INDEX uses_by_key ON uses (key);
CREATE INDEX uses_by_path ON uses (path);
"""


def _where_not(paths: Iterable[str]) -> tuple[str, list[str]]:
    listed = sorted(paths)
    return f"path NOT IN ({', '.join('?' * len(listed))})", listed


class EntityIndex:
    """The SQLite file in the store's folder; every change is one SQLite transaction."""

    def __init__(self, connection: sqlite3.Connection, path: Path):
        self.db, self.path = connection, path

    @classmethod
    def create(cls, store: Path, roots: Iterable[Path] = ()) -> EntityIndex:
        """A new index for a build whose record files were given in `roots` (the folders
        their graphs are named from: kg.rdf.naming)."""
        path = store / INDEX_FILE
        path.unlink(missing_ok=True)
        db = sqlite3.connect(
            path, isolation_level=None, check_same_thread=False
        )  # a build's side thread
        db.executescript(SCHEMA)
        db.executemany("INSERT INTO roots VALUES (?, ?)", enumerate(map(str, roots)))
        return cls(db, path)

    @classmethod
    def open(cls, store: Path) -> EntityIndex:
        path = store / INDEX_FILE
        if not path.exists():
            raise KgError(f"{store}: no entity index beside the store; run `kg build` once")
        db = sqlite3.connect(path, isolation_level=None)
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
        if not {"roots", "documents"} <= tables:
            db.close()
            raise KgError(f"{store}: built by an older kg; run `kg build` again")
        return cls(db, path)

    def close(self) -> None:
        self.db.close()

    # -- writing ----------------------------------------------------------------------------
    def replace(
        self,
        files: Mapping[Path, str | None],
        definitions: Iterable[Definition],
        uses: Mapping[Path, Iterable[str]],
    ) -> None:
        """Forget what the files defined and used, then record it anew (None: the file is
        gone); clears the pending marks, all in one transaction."""
        paths = [str(p.resolve()) for p in files]
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for table in ("files", "defs", "keys", "uses", "pending"):
                self.db.executemany(f"DELETE FROM {table} WHERE path = ?", [(p,) for p in paths])
            self.db.executemany(
                "INSERT INTO files VALUES (?, ?)",
                [(str(p.resolve()), g) for p, g in files.items() if g is not None],
            )
            self._insert(definitions, uses)
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:  # an I/O error may have ended it already
                self.db.execute("ROLLBACK")
            raise

    def _insert(
        self, definitions: Iterable[Definition], uses: Mapping[Path, Iterable[str]]
    ) -> None:
        rows, keys = [], []
        resolved: dict[Path, str] = {}
        for d in definitions:
            path = resolved.get(d.path) or resolved.setdefault(d.path, str(d.path.resolve()))
            rows.append((path, d.kind, d.iri, d.label, d.org_kind, d.line))
            keys += [(path, d.kind, k, d.iri) for k in d.keys]
        self.db.executemany("INSERT INTO defs VALUES (?, ?, ?, ?, ?, ?)", rows)
        self.db.executemany("INSERT INTO keys VALUES (?, ?, ?, ?)", keys)
        self.db.executemany(
            "INSERT INTO uses VALUES (?, ?)",
            [
                (path, k)
                for p, used in uses.items()
                for path in [str(p.resolve())]
                for k in sorted(used)
            ],
        )

    def record_uses(self, uses: Mapping[Path, Iterable[str]]) -> None:
        self.db.execute("BEGIN")
        self._insert((), uses)
        self.db.execute("COMMIT")

    def set_documents(self, documents: Mapping[Path, str | None]) -> None:
        """Record (or, with None, forget) the graph each document file was ingested into."""
        self.db.execute("BEGIN IMMEDIATE")
        rows = [(str(p), g) for p, g in documents.items()]
        self.db.executemany("DELETE FROM documents WHERE path = ?", [(p,) for p, _ in rows])
        self.db.executemany(
            "INSERT INTO documents VALUES (?, ?)", [(p, g) for p, g in rows if g is not None]
        )
        self.db.execute("COMMIT")

    def mark_pending(self, paths: Iterable[Path]) -> None:
        """Note files whose update is under way: if the process dies before `replace`, the
        next update maps them again."""
        self.db.executemany("INSERT OR IGNORE INTO pending VALUES (?)", [(str(p),) for p in paths])

    # -- reading ----------------------------------------------------------------------------
    def files(self) -> dict[Path, str]:
        return {Path(p): g for p, g in self.db.execute("SELECT path, graph FROM files")}

    def roots(self) -> list[Path]:
        return [Path(p) for (p,) in self.db.execute("SELECT path FROM roots ORDER BY position")]

    def documents(self) -> dict[Path, str]:
        """The graph of each ingested document, by the file it was read from."""
        return {Path(p): g for p, g in self.db.execute("SELECT path, graph FROM documents")}

    def pending(self) -> list[Path]:
        return [Path(p) for (p,) in self.db.execute("SELECT path FROM pending ORDER BY path")]

    def lookup(self, kind: str, key: str, without: Iterable[str] = ()) -> set[str]:
        where, args = _where_not(without)
        rows = self.db.execute(
            f"SELECT iri FROM keys WHERE kind = ? AND key = ? AND {where}", [kind, key, *args]
        )
        return {iri for (iri,) in rows}

    def keys_from(self, kind: str, prefix: str) -> list[tuple[str, str]]:
        """(key, IRI) of the keys of `kind` that start with `prefix`."""
        end = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        rows = self.db.execute(
            "SELECT key, iri FROM keys WHERE kind = ? AND key >= ? AND key < ?", [kind, prefix, end]
        )
        return list(rows)

    def definitions(self, iri: str, without: Iterable[str] = ()) -> list[tuple[Path, Definition]]:
        """The files defining the IRI, in build order (by path)."""
        where, args = _where_not(without)
        rows = self.db.execute(
            f"SELECT path, kind, label, org_kind, line FROM defs WHERE iri = ? AND {where}",
            [iri, *args],
        )
        found = [
            (Path(p), Definition(Path(p), kind, iri, label, (), org_kind, line))
            for p, kind, label, org_kind, line in rows
        ]
        return sorted(found, key=lambda pair: pair[0])

    def defined_by(self, path: Path) -> list[Definition]:
        rows = self.db.execute(
            "SELECT kind, iri, label, org_kind, line FROM defs WHERE path = ?", [str(path)]
        )
        out = []
        for kind, iri, label, org_kind, line in rows:
            keys = self.db.execute(
                "SELECT key FROM keys WHERE path = ? AND kind = ? AND iri = ?",
                [str(path), kind, iri],
            )
            out.append(
                Definition(path, kind, iri, label, tuple(k for (k,) in keys), org_kind, line)
            )
        return out

    def users(self, keys: Iterable[str], without: Iterable[str] = ()) -> list[tuple[Path, str]]:
        """(file, key) for every file, but the ones left out, whose triples depend on a key."""
        where, args = _where_not(without)
        out: set[tuple[Path, str]] = set()
        for key in keys:
            rows = self.db.execute(f"SELECT path FROM uses WHERE key = ? AND {where}", [key, *args])
            out.update((Path(p), key) for (p,) in rows)
        return sorted(out)


class OverlayIndex(Index):
    """The entities of the files being updated, in memory, over the stored entities of every
    other file: resolves references exactly as a full build would."""

    def __init__(self, base: str, stored: EntityIndex, replaced: Iterable[Path]):
        super().__init__(base)
        self.stored = stored
        self.replaced = {str(p) for p in replaced}

    def defined_at(self, iri: str) -> tuple[Path, str] | None:
        mine = super().defined_at(iri)
        if mine is not None:
            return mine
        found = self.stored.definitions(iri, self.replaced)
        return (found[0][0], f"{found[0][0]}:{found[0][1].line}") if found else None

    def org_kind_at(self, iri: str) -> tuple[str, str] | None:
        mine = super().org_kind_at(iri)
        if mine is not None:
            return mine
        for path, d in self.stored.definitions(iri, self.replaced):
            if d.org_kind:
                return d.org_kind, f"{path}:{d.line}"
        return None

    def lookup(self, kind: str, key: str) -> set[str]:
        return super().lookup(kind, key) | self.stored.lookup(kind, key, self.replaced)

    def label(self, iri: str) -> str:
        if self.trace is not None:
            self.trace.add(f"label\t{iri}")
        return self.current_label(iri)

    def current_label(self, iri: str) -> str:
        """The label of the first file (by path) to define the IRI, updated files included."""
        first = self._first.get(iri)
        mine = [(first.path, self._labels[iri])] if first else []
        stored = [(p, d.label) for p, d in self.stored.definitions(iri, self.replaced)][:1]
        return min(mine + stored)[1]
