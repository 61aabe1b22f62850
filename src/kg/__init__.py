"""kg: a knowledge graph of educational clusters and their partnerships.

The API mirrors the CLI: `kg build` is `kg.build(...)`, `kg export` is `kg.export(...)`.
"""

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
    serve,
    stats,
    synth,
    update,
    validate,
)
from kg.errors import KgError, RecordError, RecordErrors, ValidationFailed
from kg.pipeline.build import BuildReport, build, load
from kg.sparql.remote import Endpoint

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
    "serve",
    "stats",
    "synth",
    "update",
    "validate",
]
