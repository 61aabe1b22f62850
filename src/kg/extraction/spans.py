"""Choosing among overlapping candidate mentions."""

from __future__ import annotations

from typing import Protocol, TypeVar


class Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=Span)


def leftmost_longest(candidates: list[S]) -> list[S]:
    """Non-overlapping mentions, in text order; where candidates overlap, the earlier one
    wins, and of two starting together, the longer."""
    chosen: list[S] = []
    for span in sorted(candidates, key=lambda s: (s.start, -(s.end - s.start))):
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)
