"""Bad records get one clear line each: file, line, field, and what was expected; and a build
that fails for any reason (a bad record, a killed process, a full disk) leaves the previous
build as it was."""

from __future__ import annotations

import contextlib
import itertools
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.errors import KgError, RecordErrors, ValidationFailed
from kg.store import staging
from tests.conftest import DATA

CASES = {
    "invalid_yaml": (
        "organizations:\n  - name: A\n    kind: school\n   bad: [\n",
        "{f}:4: invalid YAML: expected <block end>, but found '<block mapping start>'",
    ),
    "control_character": (
        "organizations:\n  - name: A\x08\n    kind: school\n",
        "{f}:2: invalid YAML: control character U+0008 is not allowed",
    ),
    "duplicate_key": (
        "organizations:\n  - name: A\n    kind: school\n    kind: college\n",
        "{f}:4: kind: duplicate key (each field may appear once)",
    ),
    "unknown_field": (
        "organizations:\n  - name: A\n    kind: school\n    fullname: B\n",
        "{f}:4: organizations[0].fullname: unknown field; expected one of: id, name, full_name, "
        "aliases, kind, place, source, quote",
    ),
    "missing_field": (
        "organizations:\n  - name: A\n",
        "{f}:2: organizations[0].kind: required field is missing",
    ),
    "unknown_kind": (
        "organizations:\n  - name: A\n    kind: cafe\n",
        "{f}:3: organizations[0].kind: got 'cafe'; expected one of 'school', 'college', "
        "'supplementary', 'culture', 'library', 'museum', 'business', 'bank', 'government', "
        "'methodological', 'university', 'public' or 'other'",
    ),
    "impossible_date": (
        "events:\n  - kind: meeting\n    start: 2025-02-30\n",
        "{f}:3: events[0].start: day is out of range for month; got '2025-02-30'",
    ),
    "russian_date_format": (
        "events:\n  - kind: meeting\n    start: 26.02.2025\n",
        "{f}:3: events[0].start: expected a date as YYYY-MM-DD, YYYY-MM or YYYY; got '26.02.2025'",
    ),
    "unknown_reference": (
        "organizations:\n  - name: A\n    kind: school\npeople:\n  - name: Иванова И.И.\n"
        "    positions:\n      - title: директор\n        org: Школа Б\n",
        "{f}:8: people[0].positions[0].org: unknown organization 'Школа Б': no organization in "
        "the records has this name, alias or id",
    ),
    "ambiguous_reference": (
        "organizations:\n  - name: A\n    aliases: [СОШ]\n    kind: school\n  - name: B\n"
        "    aliases: [СОШ]\n    kind: school\nclusters:\n  - name: К\n    hub: СОШ\n",
        "{f}:10: clusters[0].hub: 'СОШ' is ambiguous: it names "
        "https://w3id.org/edu-cluster-kg/id/org/a, https://w3id.org/edu-cluster-kg/id/org/b; "
        "use an id",
    ),
    "not_a_list": (
        "organizations:\n  - name: A\n    kind: school\n    aliases: 5\n",
        "{f}:4: organizations[0].aliases: got 5; expected a list",
    ),
    "not_a_mapping": (
        "- name: A\n",
        "{f}:1: expected a mapping of sections (documents, places, clusters, organizations, "
        "people, partnerships, events, projects, plans)",
    ),
    "duplicate_id": (
        "events:\n  - id: e1\n    kind: meeting\n  - id: e1\n    kind: seminar\n",
        "{f}:4: events[1]: event 'e1' is already defined at {f}:2; give this one another id",
    ),
    "id_not_a_slug": (
        "organizations:\n  - id: Школа 1\n    name: A\n    kind: school\n",
        "{f}:2: organizations[0].id: got 'Школа 1'; expected lower-case latin letters, digits "
        "and hyphens",
    ),
    "single_partner": (
        "organizations:\n  - name: A\n    kind: school\npartnerships:\n  - partners: [A]\n"
        "    kind: agreement\n",
        "{f}:5: partnerships[0].partners: got 1 item(s); expected at least 2",
    ),
    "blank_name": (
        "organizations:\n  - name: '  '\n    kind: school\n",
        "{f}:2: organizations[0].name: expected text; got an empty value",
    ),
    "unknown_document": (
        "organizations:\n  - name: A\n    kind: school\n    source: protocol-1\n",
        "{f}:4: organizations[0].source: unknown document 'protocol-1': no document in the "
        "records has this name, alias or id",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_record_is_reported_with_file_line_and_field(tmp_path: Path, name: str) -> None:
    text, expected = CASES[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RecordErrors) as caught:
        kg.load([path])
    assert str(caught.value) == expected.format(f=path)


def test_errors_of_every_file_are_reported_together(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("organizations:\n  - name: A\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("people:\n  - nam: B\n", encoding="utf-8")
    with pytest.raises(RecordErrors) as caught:
        kg.load([tmp_path])
    assert len(caught.value.errors) == 3  # kind missing; name missing; nam unknown
    assert {e.file for e in caught.value.errors} == {
        str(tmp_path / "a.yaml"),
        str(tmp_path / "b.yaml"),
    }


def test_conflicting_kinds_of_one_organization_across_files_are_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "organizations:\n  - name: ДДТ\n    kind: supplementary\n", encoding="utf-8"
    )
    (tmp_path / "b.yaml").write_text(
        "organizations:\n  - name: ДДТ\n    kind: culture\n", encoding="utf-8"
    )
    with pytest.raises(RecordErrors) as caught:
        kg.load([tmp_path])
    assert str(caught.value) == (
        f"{tmp_path / 'b.yaml'}:3: organizations[0].kind: 'culture' "
        f"contradicts kind 'supplementary' given at "
        f"{tmp_path / 'a.yaml'}:2"
    )


def test_unsupported_file_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_bytes(b"PK")
    with pytest.raises(kg.RecordError, match=r"notes\.docx: unsupported file type '\.docx'"):
        kg.load([path])


EMPTY_FILES = {
    "empty.yaml": ("", "{f}: empty file; expected a mapping of sections (documents, "),
    "blank.yml": ("\n  \n\t\n", "{f}: empty file; expected a mapping of sections (documents, "),
    "comments.yaml": ("# organizations to come\n\n", "{f}: empty file; expected a mapping "),
    "document-marker.yaml": ("---\n", "{f}: empty file; expected a mapping of sections "),
    "empty.csv": ("", "{f}:1: empty file; expected a header row"),
    "blank.csv": ("\n \n", "{f}:1: empty file; expected a header row"),
}


@pytest.mark.parametrize("name", EMPTY_FILES)
def test_empty_records_file_is_refused_by_name(tmp_path: Path, name: str) -> None:
    text, expected = EMPTY_FILES[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    message = expected.format(f=path)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert message in result.output
    with pytest.raises(KgError) as caught:
        kg.build([path], out=tmp_path / "build")
    assert str(caught.value).startswith(message)
    assert not (tmp_path / "build" / "store").exists()


RECORDS = "organizations:\n  - name: Школа\n    kind: school\n"
OUTPUTS = ["kg.ttl", "maps", "store"]
UNTOUCHED = "; the previous build is left as it was"


@dataclass
class Case:
    """What a failing build is given: the previous build's records and its folder."""

    records: Path
    out: Path


def _rebuilt_with(added: str, error: type[Exception], message: str) -> Callable[[Case], None]:
    def run(case: Case) -> None:
        case.records.write_text(RECORDS + added, encoding="utf-8")
        with pytest.raises(error, match=message):
            kg.build([case.records], out=case.out)

    return run


def _kg(*args: str, file_size_limit: int | None = None) -> subprocess.Popen[str]:
    """`kg ARGS` in a process of its own, with a file size limit if given: writes past it
    fail with EFBIG as on a full disk (SIGXFSZ, which would kill the process, is ignored).
    `resource.prlimit` sets one later, when the disk is to fill in a later phase."""

    def limit() -> None:
        os.nice(10)  # on a busy machine the test, polling for its phases, gets there first
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        if file_size_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    return subprocess.Popen(
        [sys.executable, "-m", "kg", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=limit,
        start_new_session=True,  # its own group, so that nothing it started outlives the test
    )


def _finish(process: subprocess.Popen[str]) -> str:
    try:
        _, err = process.communicate(timeout=120)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    return err


def _wait_for(phase: str, out: Path, process: subprocess.Popen[str]) -> None:
    """Poll (every millisecond) until the build, staging in out/.staging, is in `phase`."""
    stage = out / staging.STAGING
    reached: Callable[[], bool] = {
        "store": lambda: (stage / "store").exists(),
        "turtle": lambda: any(stage.glob(".kg.ttl.*")),
        "turtle written": lambda: (stage / "kg.ttl").exists(),
        "maps": lambda: (stage / "maps").exists(),
    }[phase]
    deadline = time.monotonic() + 60
    while not reached():
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"the build never reached {phase}: {_finish(process)}")
        time.sleep(0.001)


def _killed(signum: signal.Signals, phase: str) -> Callable[[Case], None]:
    def run(case: Case) -> None:
        process = _kg("build", str(DATA), "--out", str(case.out))
        _wait_for(phase, case.out, process)
        os.kill(process.pid, signum)
        err = _finish(process)
        assert process.returncode != 0, err
        assert not (case.out / staging.STAGING / staging.MARKER).exists(), (
            f"the build had committed before {signum.name} reached it: kill it earlier"
        )
        assert "Traceback" not in err

    return run


def _disk_full(limit: int, target: str, phase: str = "") -> Callable[[Case], None]:
    """A build that finds no room to write `target`: from its start, or from `phase` on."""

    def run(case: Case) -> None:
        process = _kg(
            "build", str(DATA), "--out", str(case.out), file_size_limit=None if phase else limit
        )
        if phase:
            _wait_for(phase, case.out, process)
            resource.prlimit(process.pid, resource.RLIMIT_FSIZE, (limit, limit))
        err = _finish(process)
        assert process.returncode == 2, err
        assert err.startswith(f"error: cannot write {case.out / target}"), err
        assert err.rstrip().endswith(UNTOUCHED) and "file size limit (ulimit -f)" in err, err

    return run


def _while_another_build_writes(case: Case) -> None:
    with (
        staging.staged(case.out),
        pytest.raises(KgError, match="another kg build, ingest or update is writing here"),
    ):
        kg.build([case.records], out=case.out)


BROKEN_BUILDS: dict[str, Callable[[Case], None]] = {
    "a bad record": _rebuilt_with(
        "  - name: Колледж\n    kind: college\n    place: Нигде\n", RecordErrors, "Нигде"
    ),
    "a broken shape": _rebuilt_with(
        "  - name: ДДТ\n    kind: supplementary\nclusters:\n  - name: Кластер\n    hub: ДДТ\n",
        ValidationFailed,
        "at most one hub, and it is a school",
    ),
    "another build writing": _while_another_build_writes,
    "SIGKILL while the store is written": _killed(signal.SIGKILL, "store"),
    "SIGKILL while the Turtle is written": _killed(signal.SIGKILL, "turtle"),
    "SIGKILL while the maps are drawn": _killed(signal.SIGKILL, "maps"),
    "SIGTERM while the store is written": _killed(signal.SIGTERM, "store"),
    "SIGINT while the Turtle is written": _killed(signal.SIGINT, "turtle"),
    # of data/'s outputs the store's files are the largest (its options, its log): a limit
    # from the start stops the store; for the Turtle and the maps the disk fills later
    "disk full as the store opens": _disk_full(20_000, "store"),
    "disk full while the store is written": _disk_full(300_000, "store"),
    "disk full while the Turtle is written": _disk_full(10_000, "kg.ttl", "turtle"),
    "disk full while the maps are drawn": _disk_full(10_000, "maps/", "turtle written"),
}


def _outputs(out: Path) -> dict[str, object]:
    """What a build leaves, by content: the store's quads (sorted) and triple count, the
    Turtle's bytes and each map's."""
    store = ox.Store.read_only(str(out / "store"))
    quads = sorted(map(str, store))
    del store
    maps = {f"maps/{p.name}": p.read_bytes() for p in sorted((out / "maps").iterdir())}
    return {
        "store": quads,
        "triples": kg.stats(out / "store").triples,
        "kg.ttl": (out / "kg.ttl").read_bytes(),
        **maps,
    }


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("previous") / "build"
    records = out.parent / "records.yaml"
    records.write_text(RECORDS, encoding="utf-8")
    kg.build([records], out=out)
    return out


@pytest.mark.parametrize("cause", list(BROKEN_BUILDS))
def test_failed_build_leaves_the_previous_store_and_exports_untouched(
    tmp_path: Path, cause: str, previous: Path
) -> None:
    case = Case(previous.parent / "records.yaml", tmp_path / "build")
    case.records.write_text(RECORDS, encoding="utf-8")  # as built: graphs are named by path
    shutil.copytree(previous, case.out)
    before = _outputs(case.out)

    BROKEN_BUILDS[cause](case)
    assert _outputs(case.out) == before

    case.records.write_text(RECORDS, encoding="utf-8")
    kg.build([case.records], out=case.out)  # whatever was left behind is cleared away
    assert sorted(os.listdir(case.out)) == OUTPUTS
    assert _outputs(case.out) == before  # the same records: the same bytes


def test_a_switch_cut_short_at_any_step_is_finished_not_lost(
    tmp_path: Path, previous: Path
) -> None:
    records = tmp_path / "records.yaml"
    records.write_text(RECORDS + "  - name: Музей\n    kind: museum\n", encoding="utf-8")
    new = tmp_path / "new"
    kg.build([records], out=new)
    before, after = _outputs(previous), _outputs(new)
    total = 2 * len(OUTPUTS) + 2  # each output out and in; the staging away, then removed
    for step in range(total + 1):
        out = tmp_path / f"cut-{step}"
        shutil.copytree(previous, out)
        stage = staging.Stage(out)  # as a build leaves it once all is staged and sealed
        stage.folder.mkdir()
        for name in OUTPUTS:
            copy = shutil.copytree if (new / name).is_dir() else shutil.copy2
            copy(new / name, stage.path(name))
        stage.seal()
        steps = staging.switch(out)
        for _ in itertools.islice(steps, step):
            pass
        if step == total:
            assert next(steps, None) is None
        del steps  # the process dies here, `step` renames into the switch
        committed = (out / staging.STAGING / staging.MARKER).exists()
        assert staging.recover(out) == committed
        assert sorted(os.listdir(out)) == OUTPUTS
        assert _outputs(out) == after, f"cut after {step} steps"
        if step % 3 == 1:  # and a build after it starts from there as from any build
            (previous.parent / "records.yaml").write_text(RECORDS, encoding="utf-8")
            kg.build([previous.parent / "records.yaml"], out=out)
            assert _outputs(out) == before


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1251", "koi8-r"])
def test_records_in_any_cyrillic_encoding_load_like_utf8(tmp_path: Path, encoding: str) -> None:
    text = "organizations:\n  - name: Школа п. Лесной\n    kind: school\n"
    utf8, other = tmp_path / "a.yaml", tmp_path / "b" / "a.yaml"
    other.parent.mkdir()
    utf8.write_text(text, encoding="utf-8")
    other.write_bytes(text.encode(encoding))

    def triples(path: Path) -> set[tuple[str, str, str]]:
        return {
            (str(q.subject), str(q.predicate), str(q.object)) for q in kg.load([path]).all_quads()
        }

    assert triples(utf8) == triples(other)
