"""Stores behind one interface: embedded Oxigraph (default) or rdflib in memory."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from kg.errors import KgError
from kg.store.base import Queryable, QueryResult, Store
from kg.store.memory import MemoryStore
from kg.store.oxigraph import OxigraphStore

Backend = Literal["oxigraph", "memory"]


def open_store(
    path: Path | None, backend: Backend = "oxigraph", *, read_only: bool = False
) -> Store:
    if backend == "oxigraph":
        return OxigraphStore(path, read_only=read_only)
    if backend == "memory":
        return MemoryStore()
    raise KgError(f"unknown store backend {backend!r}; expected oxigraph or memory")


__all__ = [
    "Backend",
    "MemoryStore",
    "OxigraphStore",
    "QueryResult",
    "Queryable",
    "Store",
    "open_store",
]
