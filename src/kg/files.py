"""Files written whole or not at all."""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import IO

from kg.errors import WriteFailed, os_problem

_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
_NEW_FILE |= getattr(os, "O_BINARY", 0)


def write_atomic(path: Path, data: bytes | Callable[[IO[bytes]], None]) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file.
    `data` is the bytes, or a function that writes them to the file it is given. A failed
    write (a full disk, say) leaves what was at `path` and is a WriteFailed naming it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _new_file_beside(path)
    except OSError as exc:
        raise WriteFailed(path, os_problem(exc)) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            if callable(data):
                data(handle)
            else:
                handle.write(data)
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise WriteFailed(path, os_problem(exc)) from exc
        raise


def _new_file_beside(path: Path) -> tuple[int, Path]:
    """A new, hidden file in `path`'s folder, with the mode any new file gets (0o666 less the
    umask, or what the folder's default ACL says), for outputs are to share. Not mkstemp's
    private 0o600 and a chmod: the mode to chmod to is only learnt by setting the umask,
    which is the whole process's, and files other threads create meanwhile would get it."""
    for _ in range(100):
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}")
        try:
            return os.open(tmp, _NEW_FILE, 0o666), tmp
        except FileExistsError:
            continue  # O_EXCL: never another's file, nor a planted symlink
    raise FileExistsError(errno.EEXIST, "no unused temporary name", str(path.parent))
