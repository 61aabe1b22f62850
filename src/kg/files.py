"""Files written whole or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from kg.errors import WriteFailed, os_problem


def write_atomic(path: Path, data: bytes | Callable[[IO[bytes]], None]) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file.
    `data` is the bytes, or a function that writes them to the file it is given. A failed
    write (a full disk, say) leaves what was at `path` and is a WriteFailed naming it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise WriteFailed(path, os_problem(exc)) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            if callable(data):
                data(handle)
            else:
                handle.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; exports are to share
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise WriteFailed(path, os_problem(exc)) from exc
        raise
