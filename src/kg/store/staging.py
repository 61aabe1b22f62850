"""A build's outputs (store, Turtle, maps) switch together, or not at all.

Everything is written into `out/.staging/`; once all of it is there, a marker naming the
outputs is written, and they are moved into place one rename at a time. A build that dies
before the marker leaves the previous outputs as they were (its staging folder is removed
by the next build); one that dies after it is finished by the next build, or by `recover`.
A lock on `out/` keeps two builds from staging into one folder at once.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

from kg.errors import KgError, WriteFailed, os_problem

try:
    import fcntl
except ImportError:  # not on Windows: there, two builds into one folder are not prevented
    fcntl = None  # type: ignore[assignment]

STAGING = ".staging"
TRASH = ".trash"
MARKER = "COMMITTED"
PREVIOUS = ".previous"
"""Inside the staging folder: the outputs being replaced, until the switch is over."""


class Stage:
    """The staging folder of one build: outputs are written at `path(name)`, under `out/`'s
    names; `staged` seals and switches them into `out/` together."""

    def __init__(self, out: Path):
        self.out, self.folder = out, out / STAGING

    def path(self, name: str) -> Path:
        return self.folder / name

    @contextlib.contextmanager
    def writing(self, name: str) -> Iterator[None]:
        """Turn a failed write (a full disk, a file size limit, a sort that died) into a
        message that names the output, as the user knows it, and says nothing changed."""
        try:
            yield
        except WriteFailed as exc:
            raise WriteFailed(self._public(exc.path, name), exc.reason + UNTOUCHED) from None
        except subprocess.CalledProcessError as exc:
            program = Path(str(exc.cmd[0])).name if isinstance(exc.cmd, list) else str(exc.cmd)
            reason = f"{program} exited with status {exc.returncode}"
            raise WriteFailed(self.out / name, reason + UNTOUCHED) from None
        except OSError as exc:
            raise WriteFailed(self.out / name, os_problem(exc) + UNTOUCHED) from None
        except sqlite3.OperationalError as exc:  # the entity index kept in the store's folder
            while isinstance(exc.__context__, sqlite3.OperationalError):  # failed rollbacks
                exc = exc.__context__
            raise WriteFailed(self.out / name, _sqlite_problem(exc) + UNTOUCHED) from None

    def _public(self, path: Path, name: str) -> Path:
        try:
            return self.out / path.relative_to(self.folder)
        except ValueError:
            return self.out / name

    def seal(self) -> None:
        """The marker: from here on the switch is finished, by this process or the next."""
        names = sorted(p.name for p in self.folder.iterdir() if p.name != PREVIOUS)
        with self.writing(MARKER):
            _write_synced(self.folder / MARKER, "".join(f"{n}\n" for n in names))


UNTOUCHED = "; the previous build is left as it was"


def _sqlite_problem(exc: sqlite3.OperationalError) -> str:
    """SQLite does not pass the system's reason on; say what a failed write there means."""
    name = getattr(exc, "sqlite_errorname", "")
    if name == "SQLITE_FULL":
        return "no space left on the disk"
    if name.startswith("SQLITE_IOERR"):
        return f"{exc} ({name}): the disk is full or a file size limit (ulimit -f) was reached"
    return str(exc)


BUSY = "{out}: another kg build, ingest or update is writing here; wait for it to finish"


@contextlib.contextmanager
def staged(out: Path) -> Iterator[Stage]:
    """A fresh staging folder in `out`, with `out` locked: what an interrupted build left
    there is finished or removed first. Without an exception, what was staged is switched
    into place; with one, it is removed, and the previous outputs are as they were."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteFailed(out, os_problem(exc)) from None
    with _locked(out) as got:
        if not got:
            raise KgError(BUSY.format(out=out))
        _recover(out)
        stage = Stage(out)
        with stage.writing(""):
            stage.folder.mkdir()
        try:
            yield stage
            stage.seal()
        except BaseException:
            shutil.rmtree(stage.folder, ignore_errors=True)
            raise
        for _ in switch(out):
            pass


@contextlib.contextmanager
def exclusive(out: Path) -> Iterator[None]:
    """`out` locked for a change of its store in place (an ingest, an update), after what a
    killed build left there is finished: no build switches the store away meanwhile."""
    with _locked(out) as got:
        if not got:
            raise KgError(BUSY.format(out=out))
        _recover(out)
        yield


def recover(out: Path) -> bool:
    """Finish a switch that a killed build had committed to, unless a build is running
    there now (it will finish it). Cheap when there is nothing to do. True if it did."""
    if not (out / STAGING / MARKER).exists() and not (out / TRASH).exists():
        return False
    with _locked(out) as got:
        return got and _recover(out)


def _recover(out: Path) -> bool:
    """With `out` locked: roll a committed staging forward, remove an uncommitted one."""
    finished = False
    if (out / STAGING / MARKER).exists():
        for _ in switch(out):
            pass
        finished = True
    elif (out / STAGING).exists():
        shutil.rmtree(out / STAGING)
    if (out / TRASH).exists():
        shutil.rmtree(out / TRASH)
    return finished


def switch(out: Path) -> Iterator[str]:
    """Move the committed outputs into place, yielding after each step (a step is one
    rename, so a process killed anywhere leaves a state this same function finishes).
    For each output: the live one goes into the staging folder's PREVIOUS, the staged one
    takes its place; then the staging folder, previous outputs and all, is thrown away."""
    stage = out / STAGING
    previous = stage / PREVIOUS
    names = (stage / MARKER).read_text(encoding="utf-8").split()
    previous.mkdir(exist_ok=True)
    for name in names:
        new, live, old = stage / name, out / name, previous / name
        if not _exists(new):
            continue  # moved in before the process died
        if _exists(live):
            if _exists(old):  # cannot happen by this function; a user's copy, say
                _remove(old)
            live.rename(old)
            yield f"{name} out"
        new.rename(live)
        yield f"{name} in"
    if (out / TRASH).exists():
        shutil.rmtree(out / TRASH)
    stage.rename(out / TRASH)  # the marker goes with it: the switch is over
    yield "committed"
    shutil.rmtree(out / TRASH)
    yield "cleaned"


Version = tuple[int, int, int]


def version(path: Path) -> Version | None:
    """What tells a reader that the output it has open at `path` is no longer what is there:
    a switch renames another file or folder in (a new inode), and a change in place (an
    ingest or update of the store) adds files to its folder (a new ctime, which also tells
    a new folder that reuses the inode of a removed one). None while nothing is at `path`,
    between the two renames of a switch. One stat: cheap enough to ask before each read."""
    try:
        found = path.stat()
    except FileNotFoundError:
        return None
    return found.st_dev, found.st_ino, found.st_ctime_ns


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def _write_synced(path: Path, text: str) -> None:
    """The marker is written whole or not at all, and is on disk before anything moves."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    tmp.rename(path)
    _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # some file systems cannot sync a folder
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


_HELD: set[int] = set()


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[bool]:
    """An exclusive lock on the folder itself (no lock file to leave behind), released when
    the process ends however it ends. Yields whether it was got; it is not waited for."""
    if fcntl is None:
        yield True
        return
    fd = os.open(out, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        _HELD.add(fd)
        yield True
    finally:
        _HELD.discard(fd)
        os.close(fd)


def _forget_locks() -> None:
    """In a forked child (the build's mapping workers): close the inherited lock, so that
    workers left behind by a killed build do not keep its folder locked."""
    for fd in _HELD:
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_locks)
