"""Faults from outside: signals and kill -9, a full disk, two commands on one case at once.

These run the real command in its own process (a terminal's Ctrl-C reaches a whole process
group; kill -9 gives no chance to clean up) and look at what is left on disk and in the process
table. They are marked `faults`; the full-disk ones need root to mount a small tmpfs and skip
with that reason elsewhere (CI runs as root, so `make test` runs them all). They wait for real
events (a file appearing, a process ending), with generous limits, and never assert a duration.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT

pytestmark = [
    pytest.mark.faults,
    pytest.mark.skipif(sys.platform != "linux", reason="reads /proc and uses Linux signals"),
]

SMIRNOV = EXAMPLES / "smirnov.yaml"
DATE = "2026-11-20"
TODAY = "2026-11-25"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "complaintgen", *(str(a) for a in args)]


def start(logs: Path, *args: str | Path) -> subprocess.Popen[bytes]:
    """The command in a session of its own, as a terminal would run it: its pid is the group's.
    Its output goes to files in `logs`, not pipes: an orphan holding a pipe open would make
    the wait for the command wait for the orphan instead."""
    logs.mkdir(exist_ok=True)
    with open(logs / "stdout", "wb") as out, open(logs / "stderr", "wb") as err:
        return subprocess.Popen(
            command(*args), env=ENV, cwd=ROOT, stdout=out, stderr=err, start_new_session=True
        )


def stderr_of(logs: Path) -> str:
    return (logs / "stderr").read_text(encoding="utf-8")


def _stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent, session) of a live process, from /proc; None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return fields[0], int(fields[1]), int(fields[3])


def in_session(session: int) -> list[int]:
    """The processes still running in `session` (zombies excluded: they hold no memory)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat is not None and stat[2] == session and stat[0] != "Z":
                found.append(int(entry.name))
    return found


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat is not None and stat[1] == pid and stat[0] != "Z":
                found.append(int(entry.name))
    return found


def wait_for(condition, what: str, limit: float = 180.0) -> None:
    """Poll `condition` until it holds; fail naming `what` if it never does."""
    end = time.monotonic() + limit
    while not condition():
        if time.monotonic() > end:
            pytest.fail(f"never happened: {what}")
        time.sleep(0.05)


@pytest.fixture
def reaped() -> Iterator[list[int]]:
    """Sessions a test started; whatever is left of them is killed afterwards, so that a test
    that finds an orphan does not leave it running."""
    sessions: list[int] = []
    yield sessions
    for session in sessions:
        for pid in in_session(session):
            with_suppressed_kill(pid)


def with_suppressed_kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def no_orphans(session: int) -> None:
    """Every process of the killed command ends with it: none lives on with case data. (The
    limit is what the kernel needs to deliver a signal on a loaded machine; an orphan renders
    for far longer.)"""
    wait_for(lambda: not in_session(session), f"every process of session {session} ended", 5)


def visible(folder: Path) -> set[str]:
    return (
        {p.name for p in folder.iterdir() if not p.name.startswith(".")}
        if folder.exists()
        else set()
    )


def full_packet(tmp_path: Path) -> set[str]:
    """The names of a complete packet of the example, made once per test that needs it."""
    reference = tmp_path / "reference"
    done = subprocess.run(
        command("build", SMIRNOV, "-o", reference, "--date", DATE, "--format", "pdf"),
        env=ENV,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return visible(reference)


def build_until_it_forks(out: Path, reaped: list[int]) -> subprocess.Popen[bytes]:
    """`build` started, and running far enough to have forked its second renderer."""
    child = start(
        out.with_name("logs"), "build", SMIRNOV, "-o", out, "--date", DATE, "--format", "pdf"
    )
    reaped.append(child.pid)
    wait_for(
        lambda: children_of(child.pid) or child.poll() is not None,
        "build forked its renderer",
    )
    assert child.poll() is None, stderr_of(out.with_name("logs"))
    return child


# Signals and kill -9 during a build


@pytest.mark.parametrize("how", ["SIGINT to the group (Ctrl-C)", "SIGTERM"])
def test_an_interrupted_build_says_one_line_and_leaves_nothing_half_made(
    how: str, tmp_path: Path, reaped: list[int]
) -> None:
    complete = full_packet(tmp_path)
    out = tmp_path / "out"
    child = build_until_it_forks(out, reaped)
    if how.startswith("SIGINT"):
        os.killpg(child.pid, signal.SIGINT)
        code = 130
    else:
        child.send_signal(signal.SIGTERM)
        code = 143
    child.wait(timeout=120)
    stderr = stderr_of(tmp_path / "logs")
    assert child.returncode == code, stderr
    assert "Traceback" not in stderr
    assert stderr.splitlines()[-1] == "interrupted; nothing half-written was left", stderr
    no_orphans(child.pid)
    assert visible(out) in (set(), complete)
    assert not (out.exists() and [p for p in out.iterdir() if p.name.startswith(".")])


def test_kill_9_of_a_build_leaves_no_partial_packet_and_no_orphan(
    tmp_path: Path, reaped: list[int]
) -> None:
    # 12 of 14 runs left the forked renderer, holding the case, running with parent 1.
    complete = full_packet(tmp_path)
    out = tmp_path / "out"
    child = build_until_it_forks(out, reaped)
    child.kill()
    child.wait()
    no_orphans(child.pid)
    # Its temporaries may stay (wipe finds them), but never a visible part of a packet.
    assert visible(out) in (set(), complete)


# kill -9 during a batch


def batch_source(tmp_path: Path) -> Path:
    source = tmp_path / "clients"
    source.mkdir()
    for name in ("smirnov.yaml", "smirnova_mother.yaml", "volunteer.yaml"):
        (source / name).write_bytes((EXAMPLES / name).read_bytes())
    return source


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def workers_of(batch: int) -> list[int]:
    """The batch's worker processes: its children that are not its resource tracker."""
    return [pid for pid in children_of(batch) if b"resource_tracker" not in cmdline(pid)]


def warm(pid: int) -> bool:
    try:
        return b"pango" in Path(f"/proc/{pid}/maps").read_bytes()
    except OSError:
        return False


def test_a_killed_batch_worker_fails_its_client_and_the_batch_goes_on(
    tmp_path: Path, reaped: list[int]
) -> None:
    # multiprocessing.Pool lost the killed worker's job and waited for it forever.
    out = tmp_path / "out"
    logs = tmp_path / "logs"
    child = start(logs, "batch", batch_source(tmp_path), "-o", out, "--jobs", "2", "--date", DATE)
    reaped.append(child.pid)
    wait_for(lambda: len(workers_of(child.pid)) >= 2 or child.poll() is not None, "two workers")
    victim = workers_of(child.pid)[0]
    os.kill(victim, signal.SIGKILL)
    child.wait(timeout=600)
    stderr = stderr_of(logs)
    assert child.returncode == 1, stderr
    assert "Traceback" not in stderr
    assert stderr.splitlines()[-1] == f"1 of 3 cases failed: see {out / 'failures.csv'}", stderr
    failures = (out / "failures.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(failures) == 2
    assert "the worker process making it was killed (SIGKILL)" in failures[1]
    failed = failures[1].split(",")[0]
    made = {p.name for p in out.iterdir() if p.is_dir()}
    assert made == {"smirnov", "smirnova_mother", "volunteer"} - {failed}
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    no_orphans(child.pid)


def test_kill_9_of_a_batch_leaves_no_partial_packet_and_no_orphan(
    tmp_path: Path, reaped: list[int]
) -> None:
    out = tmp_path / "out"
    logs = tmp_path / "logs"
    child = start(logs, "batch", batch_source(tmp_path), "-o", out, "--jobs", "2", "--date", DATE)
    reaped.append(child.pid)
    # Once a worker has loaded WeasyPrint (its Pango is mapped) it has asked to die with the
    # batch; a worker still starting up checks its parent itself when its imports are done.
    wait_for(
        lambda: sum(map(warm, workers_of(child.pid))) >= 2 or child.poll() is not None,
        "two workers ready",
    )
    assert child.poll() is None, stderr_of(logs)
    child.kill()
    child.wait()
    no_orphans(child.pid)
    # Packets are renamed into place whole: a visible client folder is a complete one.
    complete = full_packet(tmp_path)
    for folder in (p for p in out.iterdir() if not p.name.startswith(".")):
        assert visible(folder) == complete, folder


# A full disk


def _can_mount() -> str | None:
    """Why a small tmpfs cannot be mounted here, or None if it can."""
    if os.geteuid() != 0:
        return "needs root to mount a small tmpfs (CI runs as root)"
    return None


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """`mount(size)`: a fresh tmpfs of that size; unmounted afterwards."""
    reason = _can_mount()
    if reason:
        pytest.skip(reason)
    mounted: list[Path] = []

    def mount(size: str) -> Path:
        point = tmp_path / f"disk{len(mounted)}"
        point.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(point)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
        mounted.append(point)
        return point

    yield mount
    for point in mounted:
        subprocess.run(["umount", "-l", str(point)], check=False)


def build_into(out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command("build", SMIRNOV, "-o", out, "--format", "pdf", *extra),
        env=ENV,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_a_build_on_a_full_disk_writes_nothing(small_disk, tmp_path: Path) -> None:
    # 4 of 33 files remained on a 400 KB filesystem.
    disk = small_disk("400k")
    done = build_into(disk / "out", "--date", DATE)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    # output.failed in ru.yaml: the example case is Russian, so the refusal is too.
    assert "не удалось записать" in done.stderr and "ничего не заменено" in done.stderr
    assert list(disk.iterdir()) == []  # not a file, not a temporary, not the folder


def test_a_force_rebuild_on_a_full_disk_keeps_the_old_packet_whole(
    small_disk, tmp_path: Path
) -> None:
    # A --force rebuild that filled the disk left one new file among 32 old ones.
    complete = full_packet(tmp_path)
    size = sum(p.stat().st_size for p in (tmp_path / "reference").iterdir())
    disk = small_disk(f"{size * 3 // 2 // 1024}k")  # room for one packet, not for two
    out = disk / "out"
    assert build_into(out, "--date", DATE).returncode == 0
    old = {p.name: p.read_bytes() for p in out.iterdir()}
    done = build_into(out, "--date", "2026-11-21", "--force")
    now = {p.name: p.read_bytes() for p in out.iterdir()}
    assert "Traceback" not in done.stderr
    if done.returncode == 0:  # it fitted after all: then the new packet is whole
        assert set(now) == complete and now != old
    else:
        assert done.returncode == 1 and now == old, done.stderr
    assert set(now) == complete


# Two records at once


def test_twenty_rounds_of_two_records_at_once_lose_no_filing(tmp_path: Path) -> None:
    # Two at once: both printed «added», one filing was gone, in 20 of 20 rounds.
    import datetime as dt

    case = tmp_path / "smirnov.yaml"
    case.write_bytes(SMIRNOV.read_bytes())
    documents = ("prosecutor_complaint", "ministry_appeal")
    days = [dt.date(2026, 11, 20) + dt.timedelta(days=i) for i in range(20)]
    for day in days:
        pair = [
            subprocess.Popen(
                command(
                    "record", case, "--document", document, "--sent", day.isoformat(),
                    "--channel", "post", "--today", "2026-12-31",
                ),
                env=ENV, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )
            for document in documents
        ]  # fmt: skip
        for process in pair:
            _, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
    from complaintgen.case.casefile import load_case

    loaded = load_case(case, date=dt.date(2026, 11, 20), today=dt.date(2026, 12, 31))
    recorded = {(f.document, f.sent_on) for f in loaded.filings}
    assert {(document, day) for document in documents for day in days} <= recorded
