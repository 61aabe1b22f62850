"""Errors that reach the user: each names where the problem is and what was expected."""

from __future__ import annotations

from pathlib import Path


class KgError(Exception):
    """A problem the user can fix; the CLI prints it without a traceback."""


class RecordError(KgError):
    """A bad record: file, line, field and problem."""

    def __init__(self, file: Path | str, line: int | None, field: str | None, problem: str):
        self.file, self.line, self.field, self.problem = str(file), line, field, problem
        where = self.file if line is None else f"{self.file}:{line}"
        super().__init__(f"{where}: {field}: {problem}" if field else f"{where}: {problem}")


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
