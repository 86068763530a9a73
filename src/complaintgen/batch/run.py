"""Packets for many clients at once.

The input is a folder of case files or a spreadsheet (see `batch.table`). Each case becomes one
packet folder under the output folder, made by the same code as `complaintgen build`. Rendering
runs in long-lived worker processes, one per core, each importing WeasyPrint once; every case is
loaded and rendered from scratch (compiled templates are shared, rendered state never is).

The parent process writes: each packet goes to a hidden folder that is renamed into place only
when all its files are written, so an interrupted or failed batch leaves no half-written packet.
A ``--force`` rebuild of an existing client folder moves the new files in only once they are all
written, and replaces only the files complaintgen makes: whatever else the lawyer keeps there
(notes, scans) stays. A case that fails, for whatever reason, does not stop the others; it is
listed in ``failures.csv`` with a one-line error. The outgoing register (``register.csv``, or
the file ``--register`` names) numbers the new documents (исх. №) in input order, so the numbers
do not depend on which worker finished first, and keeps every number given before (`register`).
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime as dt
import io
import multiprocessing
import multiprocessing.connection
import os
import re
import shutil
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from complaintgen.batch import register as ledger
from complaintgen.errors import CaseError, ComplaintgenError, OutputError
from complaintgen.messages import render
from complaintgen.messages.language import said
from complaintgen.privacy.wipe import OUTPUT_NAME
from complaintgen.storage import casestore
from complaintgen.storage.atomic import DIR_MODE, write_atomic

CASE_SUFFIXES = (".yaml", ".yml", ".age")
TABLE_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class Job:
    """One client: where the facts come from, and the name of the packet folder."""

    key: str
    source: str
    path: str | None = None  # a case file
    data: dict[str, Any] | None = None  # a spreadsheet row, already nested


# The outgoing register the letters are numbered in, and the first number of a new one.
Numbering = tuple[Path, int]
# What a worker is given: the job, today, the documents' date, the numbering.
Task = tuple[Job, dt.date, dt.date | None, Numbering | None]


@dataclass
class Outcome:
    key: str
    source: str
    files: dict[str, bytes] = field(default_factory=dict)
    # The filed documents for the register; each `file` relative to the packet's folder.
    documents: list[ledger.Filed] = field(default_factory=list)
    date: dt.date | None = None  # the documents' date
    error: str | None = None
    # Every problem of a case that breaks the format, one line each (`error` is the first).
    problems: tuple[str, ...] = ()
    # The worker's peak resident memory so far, for the benchmark's "flat over a long run".
    peak_rss_kb: int = 0


@dataclass(frozen=True)
class Progress:
    """How far a batch has come, after each case: for a progress line."""

    done: int
    failed: int
    total: int
    eta_seconds: float

    def line(self) -> str:
        return f"{self.done}/{self.total} done, {self.failed} failed, ETA {self.eta_seconds:.0f} s "


@dataclass(frozen=True)
class Finished:
    """A whole batch: every outcome in input order, and the reports written beside the packets."""

    output: Path
    outcomes: tuple[Outcome, ...]
    reports: tuple[Path, ...]

    @property
    def failed(self) -> tuple[Outcome, ...]:
        return tuple(outcome for outcome in self.outcomes if outcome.error is not None)

    def summary(self, language: str = "en") -> str:
        written = len(self.outcomes) - len(self.failed)
        return render("batch.written", language, output=self.output, count=written)

    def failure(self, language: str = "en") -> str | None:
        """One line pointing at failures.csv when a case failed; None when none did."""
        if not self.failed:
            return None
        return render(
            "batch.failed",
            language,
            failed=len(self.failed),
            total=len(self.outcomes),
            path=self.output / "failures.csv",
        )


def make_packets(
    source: Path,
    out: Path,
    *,
    today: dt.date,
    date: dt.date | None = None,
    jobs: int | None = None,
    register_start: int = 1,
    register: Path | None = None,
    force: bool = False,
    ask_passphrase: Callable[[], str] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> Finished:
    """Every client's packet from `source` under `out`, then their lines in the register
    (`register`, default ``out/register.csv``) and failures.csv when a case failed.

    `jobs`: worker processes (default: one per core). `ask_passphrase` is called once when an
    input is encrypted and ``COMPLAINTGEN_PASSPHRASE`` is not set; `on_progress` after each case.
    """
    work = jobs_from(source)
    book = register if register is not None else out / ledger.DEFAULT_NAME
    encrypted = any(job.path and job.path.endswith(casestore.ENCRYPTED_SUFFIX) for job in work)
    # Workers cannot ask: one passphrase, asked here once, opens every encrypted case.
    if encrypted and ask_passphrase and not os.environ.get(casestore.PASSPHRASE_VARIABLE):
        os.environ[casestore.PASSPHRASE_VARIABLE] = ask_passphrase()
    workers = min(jobs or os.cpu_count() or 1, len(work))
    started, failed = time.monotonic(), 0
    outcomes: list[Outcome] = []
    numbering = (book, register_start)
    for outcome in run(
        work, out, workers=workers, today=today, date=date, force=force, numbering=numbering
    ):
        outcomes.append(outcome)
        failed += outcome.error is not None
        if on_progress is not None:
            done = len(outcomes)
            eta = (time.monotonic() - started) / done * (len(work) - done)
            on_progress(Progress(done, failed, len(work), eta))
    reports = write_reports(out, outcomes, start=register_start, register=book)
    return Finished(out, tuple(outcomes), tuple(reports))


def jobs_from(source: Path) -> list[Job]:
    """The clients in a folder of case files, or in a CSV/XLSX file."""
    if not source.exists():
        raise said("batch.missing", path=source)
    if source.is_dir():
        # Backups (CASE.yaml.bak, CASE.yaml.bak.age) are earlier versions, not more clients.
        paths = sorted(
            p
            for p in source.iterdir()
            if p.suffix.lower() in CASE_SUFFIXES and ".bak" not in p.suffixes
        )
        if not paths:
            raise said("batch.no_cases", path=source)
        return [Job(key=client_key(p.name), source=str(p), path=str(p)) for p in paths]
    if source.suffix.lower() in TABLE_SUFFIXES:
        from complaintgen.batch.table import read_rows, row_to_case
        from complaintgen.messages import render
        from complaintgen.messages.language import user_language

        jobs = []
        for number, row in read_rows(source):
            where = render("sheet.row", user_language(), path=source, row=number)
            row_id, data = row_to_case(row, where)
            key = client_key(row_id) if row_id else f"row{number:04d}"
            jobs.append(Job(key=key, source=where, data=data))
        if not jobs:
            raise said("batch.no_rows", path=source)
        return jobs
    raise said("batch.not_a_source", path=source)


def client_key(name: str) -> str:
    stem = name
    for suffix in (".age", ".yaml", ".yml"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    safe = re.sub(r"[^\w.-]+", "_", stem).strip("._")
    return safe or "case"


def run(
    jobs: list[Job],
    out: Path,
    *,
    workers: int,
    today: dt.date,
    date: dt.date | None = None,
    force: bool = False,
    numbering: Numbering | None = None,
) -> Iterator[Outcome]:
    """Make every job's packet under `out`, yielding each outcome in input order as it is
    written. Packets are written by this process only. With `numbering`, each worker takes
    its client's numbers from that register (and its first number) and prints them on the
    letters: in input order with one worker, in the order the workers get to them with more."""
    counts = Counter(job.key for job in jobs)
    duplicates = {key for key, count in counts.items() if count > 1}
    if duplicates:
        raise ComplaintgenError(
            f"two clients would share the packet folder {sorted(duplicates)[0]}; give them "
            "distinct file names or ids"
        )
    out.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    tasks: list[Task] = [(job, today, date, numbering) for job in jobs]
    pool = _Workers(min(workers, len(tasks))) if workers > 1 and len(tasks) > 1 else None
    results: Iterator[Outcome] = map(_work, tasks) if pool is None else pool.outcomes(tasks)
    try:
        for job in jobs:
            try:
                outcome = next(results)
            except StopIteration:
                break
            except Exception as error:  # e.g. a case too deep to pickle on its way to a worker
                outcome = Outcome(key=job.key, source=job.source, error=_reason(job, error))
            if outcome.error is None:
                try:
                    _write_packet(out / outcome.key, outcome.files, force=force)
                except ComplaintgenError as error:
                    outcome.error = str(error)
                except OSError as error:
                    outcome.error = f"{out / outcome.key}: cannot be written ({error.strerror})"
            yield outcome
    finally:
        if pool is not None:
            pool.stop()
        for leftover in out.glob(".partial-*"):
            shutil.rmtree(leftover, ignore_errors=True)


class _Workers:
    """Long-lived worker processes, one job at a time each, that the parent watches.

    Not multiprocessing.Pool: when one of its workers is killed (kill -9, the OOM killer, a
    crash in a C library), Pool starts another but the job it held is never answered, and the
    batch waits forever. Here each worker has its own pipe, so the parent knows which job a
    dead worker held: that client is listed as failed, with the reason, a new worker takes its
    place, and the others go on. A worker dies with the batch (`die_with_parent`), and stops
    when its pipe closes.
    """

    def __init__(self, count: int) -> None:
        # spawn, not forkserver: a worker must be the batch's own child for the kernel to end
        # it with the batch; a forkserver outlives a batch killed with -9, and its workers too.
        self._context: Any = multiprocessing.get_context("spawn")
        self._idle = [self._start() for _ in range(count)]
        self._running: dict[Any, tuple[Any, int]] = {}  # pipe → (process, job index)

    def _start(self) -> tuple[Any, Any]:
        mine, theirs = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(theirs,), daemon=True)
        process.start()
        theirs.close()
        return process, mine

    def outcomes(self, tasks: list[Task]) -> Iterator[Outcome]:
        """Each task's outcome, in input order, as soon as it and those before it are done."""
        waiting = list(range(len(tasks)))[::-1]
        done: dict[int, Outcome] = {}
        for index in range(len(tasks)):
            while index not in done:
                while self._idle and waiting:
                    self._hand_out(tasks, waiting.pop(), done)
                if index not in done:
                    self._collect(tasks, done)
            yield done.pop(index)

    def _hand_out(self, tasks: list[Any], index: int, done: dict[int, Outcome]) -> None:
        process, pipe = self._idle.pop()
        job = tasks[index][0]
        try:
            pipe.send(tasks[index])  # pickled whole before a byte is sent
        except (OSError, EOFError):  # the worker died while idle: the job goes to a new one
            pipe.close()
            process.join()
            self._idle.append(self._start())
            self._hand_out(tasks, index, done)
            return
        except Exception as error:  # e.g. a case too deep to pickle on its way to a worker
            done[index] = Outcome(key=job.key, source=job.source, error=_reason(job, error))
            self._idle.append((process, pipe))
            return
        self._running[pipe] = (process, index)

    def _collect(self, tasks: list[Any], done: dict[int, Outcome]) -> None:
        """Wait for a worker to answer or to die, and take what it did."""
        ready = set(
            multiprocessing.connection.wait(
                [*self._running, *(process.sentinel for process, _ in self._running.values())]
            )
        )
        for pipe, (process, index) in list(self._running.items()):
            if pipe not in ready and process.sentinel not in ready:
                continue
            del self._running[pipe]
            try:
                done[index] = pipe.recv()
                self._idle.append((process, pipe))
                continue
            except (OSError, EOFError):
                pass
            pipe.close()
            process.join()
            job = tasks[index][0]
            done[index] = Outcome(key=job.key, source=job.source, error=_died(job, process))
            self._idle.append(self._start())

    def stop(self) -> None:
        for process, pipe in [*self._idle, *((p, pipe) for pipe, (p, _) in self._running.items())]:
            pipe.close()  # a worker between jobs ends on its own when it sees this
            process.kill()
            process.join()
        self._idle, self._running = [], {}


def _died(job: Job, process: Any) -> str:
    code = process.exitcode
    how = f"was killed ({signal.Signals(-code).name})" if code and code < 0 else "ended"
    return (
        f"{job.source}: the worker process making it {how} before it finished; the others "
        "were made: try this one alone with complaintgen build"
    )


def _serve(pipe: Any) -> None:
    """A worker: jobs from `pipe`, outcomes back, until the pipe closes or the parent dies."""
    from complaintgen.packet.build import die_with_parent

    die_with_parent(os.getppid())
    # Ctrl-C reaches every process of the terminal: the parent stops the batch and its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _warm_up()
    while True:
        try:
            task = pipe.recv()
        except (OSError, EOFError):
            return
        pipe.send(_work(task))


def _warm_up() -> None:
    """Pay the imports once per worker, not once per case."""
    import complaintgen.render.rendering
    import complaintgen.writers.docx_writer  # noqa: F401
    from complaintgen.writers import pdf_writer

    pdf_writer.warm_up()


def _work(task: Task) -> Outcome:
    job, today, date, numbering = task
    from complaintgen.batch.register import ledger_entries, numbered
    from complaintgen.case.casefile import case_from_data, load_case
    from complaintgen.packet.build import make_packet, packet_files

    outcome = Outcome(key=job.key, source=job.source)
    try:
        if job.path is not None:
            case = load_case(job.path, date=date, today=today)
        else:
            assert job.data is not None
            case = case_from_data(job.data, path=job.source, date=date, today=today)
        outcome.date = case.date
        packet = make_packet(case)
        if numbering is not None:
            register, start = numbering
            packet = numbered(register, job.key, case, packet, start=start)
        outcome.files = packet_files(case, packet)
        outcome.documents = ledger_entries(case, packet, outcome.files, Path())
    except CaseError as error:
        outcome.problems = tuple(line for p in error.problems for line in p.splitlines()[:1])
        outcome.error, outcome.files = outcome.problems[0], {}
    except ComplaintgenError as error:
        outcome.error = str(error).splitlines()[0]
        outcome.files = {}
    except Exception as error:  # one bad case must not end the batch, whatever it breaks
        outcome.error = _reason(job, error)
        outcome.files, outcome.documents = {}, []
    outcome.peak_rss_kb = _peak_rss_kb()
    return outcome


def _reason(job: Job, error: Exception) -> str:
    """One line for failures.csv about an error that is not ours. Its own message may quote the
    case's data (a name, a diagnosis), so only its kind is named."""
    if isinstance(error, RecursionError):
        what = "is nested too deeply to read; check the structure of the case"
    elif isinstance(error, MemoryError):
        what = "is too large to process; check the case and its attachments"
    else:
        what = (
            f"could not be made ({type(error).__name__}); check the case and its attachments, "
            "then try it alone with complaintgen build"
        )
    return f"{job.source}: {what}"


def _peak_rss_kb() -> int:
    """This process's peak resident memory in KB. On Linux from /proc (VmHWM): `ru_maxrss`
    keeps the peak of the process a spawned worker was forked from across its exec, so a
    worker started by a parent holding 300 MB would report 300 MB however little it used."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    try:
        import resource
    except ImportError:  # not on Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS, KB elsewhere


def _write_packet(folder: Path, files: dict[str, bytes], *, force: bool) -> None:
    if folder.is_symlink():
        raise OutputError(f"{folder}: is a symbolic link; remove it or choose another -o folder")
    if folder.exists() and not force:
        raise OutputError(f"{folder}: already exists; use --force to replace it")
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: exists and is not a folder; move it away")
    partial = folder.with_name(f".partial-{folder.name}")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(mode=DIR_MODE)
    for name, data in files.items():
        write_atomic(partial / name, data)
    if not folder.exists():
        os.replace(partial, folder)
        return
    # Every new file is on disk before an old one goes; then the old outputs are swapped for the
    # new ones file by file, and nothing complaintgen did not make is touched.
    for old in folder.iterdir():
        if OUTPUT_NAME.match(old.name) and old.name not in files and _is_plain_file(old):
            old.unlink()
    for name in files:
        os.replace(partial / name, folder / name)
    partial.rmdir()


def _is_plain_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def write_reports(
    out: Path, outcomes: list[Outcome], *, start: int, register: Path | None = None
) -> list[Path]:
    """The clients' lines in the register (`register`, default ``out/register.csv``) always;
    failures.csv when a case failed (removed when none did)."""
    book = register if register is not None else out / ledger.DEFAULT_NAME
    clients = [
        (o.key, [dataclasses.replace(d, file=out / o.key / (d.file or "")) for d in o.documents])
        for o in outcomes
        if o.error is None
    ]
    ledger.record_many(book, clients, start=start)
    written = [book]
    # One line per problem: a row with three mistakes gets three lines, each fixed in turn.
    failures: list[tuple[str, ...]] = [
        (o.key, o.source, problem)
        for o in outcomes
        if o.error is not None
        for problem in (o.problems or (o.error,))
    ]
    failures_path = out / "failures.csv"
    if failures:
        written.append(_write_csv(failures_path, ("client", "source", "error"), failures))
    elif failures_path.exists():
        failures_path.unlink()
    return written


def _write_csv(path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(tuple(spreadsheet_safe(cell) for cell in row) for row in rows)
    # utf-8-sig, so that Excel opens the Cyrillic correctly.
    return write_atomic(path, buffer.getvalue().encode("utf-8-sig"))


spreadsheet_safe = ledger.spreadsheet_safe
