"""Ctrl-C in a terminal reaches the whole process group: a build says one line and keeps
the previous build; its mapper processes print nothing."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import kg
from kg.store import staging


@pytest.mark.parametrize("after", [0.0, 0.5, 1.2], ids=["mappers starting", "mapping", "later"])
def test_ctrl_c_during_a_build_prints_one_line_and_keeps_the_previous_build(
    tmp_path: Path, after: float
) -> None:
    records = tmp_path / "synth"
    kg.synth(300, out=records)
    out = tmp_path / "build"
    kg.build([records], out=out, maps=False)
    before = (out / "kg.ttl").read_bytes()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(records), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a group of its own, as a terminal's foreground job
    )
    try:
        deadline = time.monotonic() + 60
        while not (out / staging.STAGING / "store").exists():
            assert process.poll() is None and time.monotonic() < deadline, process.stderr
            time.sleep(0.005)
        time.sleep(after)
        os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130, err
    assert err == "interrupted; the previous build is kept\n"
    assert (out / "kg.ttl").read_bytes() == before


def test_a_build_on_a_hosts_thread_maps_on_processes_it_did_not_fork(tmp_path: Path) -> None:
    records = tmp_path / "synth"
    kg.synth(300, out=records)
    on_main = kg.build([records], out=tmp_path / "main", maps=False)
    outcome: list[kg.BuildReport | BaseException] = []

    def host() -> None:  # a web server's or Jupyter's thread, holding a lock meanwhile
        with threading.Lock():
            try:
                outcome.append(kg.build([records], out=tmp_path / "thread", maps=False))
            except BaseException as exc:
                outcome.append(exc)

    thread = threading.Thread(target=host)
    thread.start()
    thread.join(timeout=120)
    [report] = outcome
    assert isinstance(report, kg.BuildReport), report
    assert len(report.files) >= 8  # enough files for mapper processes
    assert (tmp_path / "thread" / "kg.ttl").read_bytes() == (
        tmp_path / "main" / "kg.ttl"
    ).read_bytes()
    assert report.triples == on_main.triples
