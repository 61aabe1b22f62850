"""kg: a knowledge graph of educational clusters and their partnerships.

The API mirrors the CLI: `kg build` is `kg.build(...)`, `kg export` is `kg.export(...)`.
Names are imported on first use, so `import kg.rdf.naming` loads neither the stores nor
the extractor.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.api import (
        Stats,
        analyze,
        docs,
        export,
        extract,
        ingest,
        map,
        open_built,
        path,
        push,
        query,
        report,
        save,
        serve,
        site,
        sources,
        stats,
        synth,
        update,
        validate,
    )
    from kg.errors import KgError, RecordError, RecordErrors, ValidationFailed
    from kg.pipeline.build import BuildReport, build, load
    from kg.sparql.remote import Endpoint

_HOMES = {
    "kg.api": (
        "Stats analyze docs export extract ingest map open_built path push query report save "
        "serve "
        "site sources "
        "stats synth update validate"
    ),
    "kg.pipeline.build": "BuildReport build load",
    "kg.errors": "KgError RecordError RecordErrors ValidationFailed",
    "kg.sparql.remote": "Endpoint",
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names.split()}

__all__ = [
    "BuildReport",
    "Endpoint",
    "KgError",
    "RecordError",
    "RecordErrors",
    "Stats",
    "ValidationFailed",
    "analyze",
    "build",
    "docs",
    "export",
    "extract",
    "ingest",
    "load",
    "map",
    "open_built",
    "path",
    "push",
    "query",
    "report",
    "save",
    "serve",
    "site",
    "sources",
    "stats",
    "synth",
    "update",
    "validate",
]


def __getattr__(name: str) -> Any:
    if name not in _HOME_OF:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(import_module(_HOME_OF[name]), name)
    globals()[name] = value  # once found, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
