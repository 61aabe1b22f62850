"""Record files mapped to N-Quads, on this process or on mapper processes beside it.

A mapper goes over its files twice: first for what they define, which the building
process tells the index in file order, then, given the whole index, to map them. Between
the two it keeps each file's records pickled, up to KEEP_BYTES (a pickle loads in a quarter
of the time the YAML takes to read again, and takes 1.6 times its bytes); past that, it
reads the files again.

Mappers are started by a fork server, not forked from the building process: a host's
threads (Jupyter's, a web server's) may hold locks a fork would copy held. Each mapper
gets every n-th file and answers on a pipe of its own, so no lock is shared between
processes and stopping them at any moment (Ctrl-C) leaves nothing waiting on a lock that
a killed process held, as multiprocessing.Pool's shared result queue can. Mappers ignore
SIGINT, inherited from the moment they start: a terminal's Ctrl-C, sent to the whole
process group, is the building process's to handle.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import pickle
import signal
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import RecordError, RecordErrors
from kg.rdf.inference import Reasoner
from kg.rdf.mapping import FileMapper
from kg.rdf.resolve import DefinitionLog, Index, Told, define_all
from kg.records import sources
from kg.records.base import LoadedFile

Errors = list[tuple[str, int | None, str | None, str]]
Mapped = tuple[bytes, int, bytes, Errors, list[str]]
Defined = tuple[list[Told], Errors]


@dataclass
class Mapping:
    """What mapping needs; pickled once for each mapper process."""

    paths: list[Path]
    index: Index
    names: dict[Path, str]
    reasoner: Reasoner
    inferred: str


KEEP_BYTES = 150_000_000
"""The pickled records a mapper keeps between its two passes (about 16,000 schools')."""


def map_file(m: Mapping, i: int, kept: bytes | None = None) -> Mapped:
    """One file's quads and entailments as N-Quads, their count, its asserted triples that
    other files may entail (N-Triples), the reference errors it found and the names and
    labels its triples depend on. `kept`: its records as the first pass pickled them."""
    f = pickle.loads(kept) if kept is not None else sources.read(m.paths[i])
    known = len(m.index.errors)
    m.index.trace = set()
    quads = FileMapper(f, m.index, m.names[f.path]).map()
    uses, m.index.trace = sorted(m.index.trace), None
    inferred, entailable_triples = m.reasoner.infer_split(quads, m.inferred)
    data = ox.serialize([*quads, *inferred], format=ox.RdfFormat.N_QUADS) or b""
    entailable = ox.serialize(entailable_triples, format=ox.RdfFormat.N_TRIPLES) or b""
    errors = [(e.file, e.line, e.field, e.problem) for e in m.index.errors[known:]]
    return data, len(quads), entailable, errors, uses


def define_file(path: Path, base: str) -> tuple[Defined, LoadedFile | None]:
    """What the file defines, to be replayed into the index, or the errors reading it; and
    its records."""
    log = DefinitionLog(base)
    try:
        loaded = sources.read(path)
    except RecordErrors as exc:
        return ([], [_told(e) for e in exc.errors]), None
    except RecordError as exc:
        return ([], [_told(exc)]), None
    define_all(log, [loaded])
    return (log.told, []), loaded


def _told(e: RecordError) -> tuple[str, int | None, str | None, str]:
    return (str(e.file), e.line, e.field, e.problem)


def _mapper(
    paths: list[Path], base: str, first: int, step: int, out: multiprocessing.connection.Connection
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # also where the fork server came before us
    try:
        mine = range(first, len(paths), step)
        kept: dict[int, bytes] = {}
        room = KEEP_BYTES
        for i in mine:
            defined, loaded = define_file(paths[i], base)
            out.send(defined)
            if loaded is not None and room > 0:
                kept[i] = pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL)
                room -= len(kept[i])
        m = out.recv()
        for i in mine:
            out.send(map_file(m, i, kept.pop(i, None)))
    except (BrokenPipeError, EOFError):
        pass  # the build stopped listening (interrupted): nobody to tell
    except BaseException:
        with suppress(BrokenPipeError, EOFError):
            out.send(traceback.format_exc())
    finally:
        out.close()


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """SIGINT ignored while processes start, so they inherit it (a Python process started
    so never installs its KeyboardInterrupt handler). Only the main thread may do this; a
    build on another thread leaves Ctrl-C to its host."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class Mappers:
    """`count` mapper processes over `paths`: `definitions` gives what each file defines,
    in file order; then, once `map` has given them the whole index, `results` gives each
    file's mapping in file order."""

    def __init__(self, paths: list[Path], base: str, count: int):
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        self.files = len(paths)
        self.pipes: list[multiprocessing.connection.Connection] = []
        self.processes: list[multiprocessing.process.BaseProcess] = []
        with _sigint_ignored():
            for k in range(count):
                ours, theirs = context.Pipe()
                process = context.Process(
                    target=_mapper, args=(paths, base, k, count, theirs), daemon=True
                )
                process.start()
                theirs.close()
                self.pipes.append(ours)
                self.processes.append(process)

    def definitions(self) -> Iterator[Defined]:
        return self._answers()

    def map(self, m: Mapping) -> None:
        """Give the mappers the whole index: they map their files."""
        for pipe in self.pipes:
            pipe.send(m)

    def results(self) -> Iterator[Mapped]:
        return self._answers()

    def _answers(self) -> Iterator[Any]:
        for i in range(self.files):
            try:
                answer = self.pipes[i % len(self.pipes)].recv()
            except EOFError:
                raise RuntimeError("a mapper process ended before its files were mapped") from None
            if isinstance(answer, str):
                raise RuntimeError(f"a mapper process failed:\n{answer}")
            yield answer

    def stop(self) -> None:
        """End the mappers wherever they are; their memory back at once."""
        for process in self.processes:
            process.kill()
        for process in self.processes:
            process.join()
        for pipe in self.pipes:
            pipe.close()
        self.processes, self.pipes = [], []
