"""Errors that reach the user: each names where the problem is and what was expected."""

from __future__ import annotations

import errno
import os
from pathlib import Path


class KgError(Exception):
    """A problem the user can fix; the CLI prints it without a traceback."""


class RecordError(KgError):
    """A bad record: file, line, field and problem."""

    def __init__(self, file: Path | str, line: int | None, field: str | None, problem: str):
        self.file, self.line, self.field, self.problem = str(file), line, field, problem
        where = self.file if line is None else f"{self.file}:{line}"
        super().__init__(f"{where}: {field}: {problem}" if field else f"{where}: {problem}")

    def __reduce__(self) -> tuple[type[RecordError], tuple[str, int | None, str | None, str]]:
        # to and from mapper processes, which are sent the index with its errors
        return RecordError, (self.file, self.line, self.field, self.problem)


class RecordErrors(KgError):
    """Several bad records, reported together so one run shows them all."""

    def __init__(self, errors: list[RecordError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class ValidationFailed(KgError):
    """The graph does not conform to the SHACL shapes."""

    def __init__(self, report: str):
        self.report = report
        super().__init__(report)


_WRITE_PROBLEMS = {
    errno.ENOSPC: "no space left on the disk",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EFBIG: "the file is larger than the file size limit (ulimit -f)",
}


def os_problem(exc: OSError) -> str:
    """What went wrong, in words. The store's errors carry no errno, only the system's text,
    so that is looked at too."""
    if exc.errno in _WRITE_PROBLEMS:
        return _WRITE_PROBLEMS[exc.errno]
    text = str(exc)
    for code, words in _WRITE_PROBLEMS.items():
        if os.strerror(code) in text:
            return words
    return exc.strerror or text


class WriteFailed(KgError):
    """An output could not be written: a full disk, a file size limit, no permission."""

    def __init__(self, path: Path | str, reason: str):
        self.path, self.reason = Path(path), reason
        super().__init__(f"cannot write {path}: {reason}")
