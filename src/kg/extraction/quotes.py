"""The words of a document that state a fact: the sentence holding the name it goes by."""

from __future__ import annotations

from razdel import sentenize

QUOTE_MAX = 500
NAME_PREFIX = 80
"""A long name (a plan item's activity) is looked for by its beginning: lines wrap."""


def _norm(text: str) -> str:
    return text.lower().replace("ё", "е")


class Quoter:
    """Finds, in one document, the sentence naming each fact."""

    def __init__(self, text: str):
        self.lines = [line.strip() for line in text.splitlines() if line.strip()]
        self.normalized = [_norm(line) for line in self.lines]

    def __call__(self, name: str | None) -> str | None:
        """The first sentence naming `name`; the whole line if the name spans sentences."""
        wanted = _norm(name or "").strip()[:NAME_PREFIX]
        if not wanted:
            return None
        for line, normalized in zip(self.lines, self.normalized, strict=True):
            if wanted in normalized:
                sentence = next((s.text for s in sentenize(line) if wanted in _norm(s.text)), line)
                return sentence[:QUOTE_MAX]
        return None
