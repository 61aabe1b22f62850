"""Record files mapped to N-Quads, on this process or on mapper processes beside it.

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
import signal
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.rdf.inference import Reasoner
from kg.rdf.mapping import FileMapper
from kg.rdf.resolve import Index
from kg.records import sources

Errors = list[tuple[str, int | None, str | None, str]]
Mapped = tuple[bytes, int, bytes, Errors, list[str]]


@dataclass
class Mapping:
    """What mapping needs; pickled once for each mapper process."""

    paths: list[Path]
    index: Index
    names: dict[Path, str]
    reasoner: Reasoner
    inferred: str


def map_file(m: Mapping, i: int) -> Mapped:
    """One file's quads and entailments as N-Quads, their count, its asserted triples that
    other files may entail (N-Triples), the reference errors it found and the names and
    labels its triples depend on."""
    f, known = sources.read(m.paths[i]), len(m.index.errors)  # read again: build._index_all
    m.index.trace = set()
    quads = FileMapper(f, m.index, m.names[f.path]).map()
    uses, m.index.trace = sorted(m.index.trace), None
    inferred, entailable_triples = m.reasoner.infer_split(quads, m.inferred)
    data = ox.serialize([*quads, *inferred], format=ox.RdfFormat.N_QUADS) or b""
    entailable = ox.serialize(entailable_triples, format=ox.RdfFormat.N_TRIPLES) or b""
    errors = [(e.file, e.line, e.field, e.problem) for e in m.index.errors[known:]]
    return data, len(quads), entailable, errors, uses


def _mapper(m: Mapping, first: int, step: int, out: multiprocessing.connection.Connection) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # also where the fork server came before us
    try:
        for i in range(first, len(m.paths), step):
            out.send(map_file(m, i))
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
    """`count` mapper processes; `results` gives each file's mapping in file order."""

    def __init__(self, m: Mapping, count: int):
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        self.files = len(m.paths)
        self.pipes: list[multiprocessing.connection.Connection] = []
        self.processes: list[multiprocessing.process.BaseProcess] = []
        with _sigint_ignored():
            for k in range(count):
                reader, writer = context.Pipe(duplex=False)
                process = context.Process(target=_mapper, args=(m, k, count, writer), daemon=True)
                process.start()
                writer.close()
                self.pipes.append(reader)
                self.processes.append(process)

    def results(self) -> Iterator[Mapped]:
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
