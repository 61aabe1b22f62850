"""What kg writes shares the way the user's umask says, and never changes the umask that other
threads' files get; extraction copes with an empty gazetteer of organizations."""

from __future__ import annotations

import contextlib
import itertools
import os
import queue
import stat
import sys
import threading
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from types import FrameType
from typing import Any

import kg
from kg.files import write_atomic
from tests.conftest import DATA


@contextlib.contextmanager
def umask(mask: int) -> Iterator[None]:
    before = os.umask(mask)
    try:
        yield
    finally:
        os.umask(before)


def test_a_build_under_umask_022_leaves_nothing_world_writable(tmp_path: Path) -> None:
    out = tmp_path / "build"
    with umask(0o022):
        kg.build([DATA], out=out)
    writable = [p for p in out.rglob("*") if p.stat().st_mode & stat.S_IWOTH]
    assert writable == []
    assert stat.S_IMODE((out / "kg.ttl").stat().st_mode) == 0o644  # exports are to share


def test_files_another_thread_creates_during_write_atomic_keep_the_umask(tmp_path: Path) -> None:
    """Each time write_atomic calls into C (where the umask could be set, or be set still),
    it waits while another thread creates a file: each such file gets the process's umask."""
    requests: queue.Queue[Path | None] = queue.Queue()
    modes: queue.Queue[int] = queue.Queue()

    def create_files() -> None:
        while (path := requests.get()) is not None:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            modes.put(stat.S_IMODE(path.stat().st_mode))

    seen: list[int] = []
    names = itertools.count()

    def at_each_call_into_c(frame: FrameType, event: str, arg: Any) -> None:
        if event in ("c_call", "c_return"):
            requests.put(tmp_path / "other" / str(next(names)))
            seen.append(modes.get(timeout=10))

    (tmp_path / "other").mkdir()
    other = threading.Thread(target=create_files)
    other.start()
    try:
        with umask(0o022):
            sys.setprofile(at_each_call_into_c)
            try:
                write_atomic(tmp_path / "out" / "kg.ttl", lambda handle: handle.write(b"data"))
            finally:
                sys.setprofile(None)
            assert stat.S_IMODE((tmp_path / "out" / "kg.ttl").stat().st_mode) == 0o644
    finally:
        requests.put(None)
        other.join()
    assert seen
    assert {oct(m) for m in seen} == {oct(0o644)}


DOCUMENT = "Выступила Иванова Ирина Петровна, директор КОГОБУ СШ пгт Опарино.\n"


def test_extraction_needs_no_list_of_known_organizations(tmp_path: Path) -> None:
    # The gazetteer whose emptying crashed extraction is gone: names come from the grammar
    # and from natasha's NER (kg.extraction.orgs).
    assert not files("kg.extraction").joinpath("data/known_orgs.txt").is_file()
    document = tmp_path / "protocol.txt"
    document.write_text(DOCUMENT, encoding="utf-8")
    facts = kg.extract([document])[0].facts
    assert [o["name"] for o in facts["organizations"]] == ["КОГОБУ СШ пгт Опарино"]
    assert [p["name"] for p in facts["people"]] == ["Иванова Ирина Петровна"]
