"""complaintgen's speed, measured against its own floor and against the usual alternative.

Run it with `make bench` (or `.venv/bin/python benchmarks/run.py [--quick]`). It prints a table
and writes the numbers as JSON to benchmarks/results/. Every ratio compares two things measured
in this same run on this same machine; nothing here is a pass/fail test.

What is measured:
- `complaintgen --help` (a new process each time);
- one six-document packet of the reference example, DOCX and PDF: cold (a new process, as a user
  runs it) and warm (in one process, after a first packet);
- the pipeline's overhead over WeasyPrint's own render of the same HTML (our floor);
- `batch` throughput in PDF pages per second on generated cases, with 2 workers;
- peak resident memory of a batch worker over a long run, early and late (is it flat?);
- the usual alternative, when LibreOffice is installed: the same documents as DOCX filled with
  python-docx, converted with `soffice --headless --convert-to pdf`, cold.

Targets (issue 6, 2-core machine): --help < 150 ms; cold packet < 2.5 s; warm < 1 s;
batch >= 35 pages/s with 2 workers; overhead <= 15 %; >= 5x faster than DOCX + LibreOffice;
peak RSS per worker < 250 MB over 500 cases.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "smirnov.yaml"
BIN = Path(sys.executable).parent
DATE = dt.date(2026, 11, 20)


def timed(command: list[str], runs: int) -> float:
    """Median wall time of `command` in seconds, over `runs` fresh processes."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def help_time(runs: int) -> float:
    return timed([str(BIN / "complaintgen"), "--help"], runs)


# The same job LibreOffice is timed on below: the six letters of the reference case as PDF, in
# a new process, with nothing else of the packet.
SIX_PDFS = """
import datetime as dt, sys
from pathlib import Path
from complaintgen.case.casefile import load_case
from complaintgen.packet.build import make_packet
from complaintgen.writers.pdf_writer import pdf_bytes
case = load_case(sys.argv[1], today=dt.date(2026, 11, 20))
for letter in make_packet(case).letters:
    Path(sys.argv[2], letter.doc_id + ".pdf").write_bytes(pdf_bytes(letter, date=case.date))
"""


def cold_six_pdfs(work: Path, runs: int) -> float:
    out = work / "six"
    out.mkdir(exist_ok=True)
    return timed([sys.executable, "-c", SIX_PDFS, str(EXAMPLE), str(out)], runs)


def cold_packet(work: Path, runs: int) -> float:
    out = work / "cold"
    return timed(
        [str(BIN / "complaintgen"), "build", str(EXAMPLE), "-o", str(out), "--force"], runs
    )


def warm_packet(runs: int) -> tuple[float, int]:
    from complaintgen.case.casefile import load_case
    from complaintgen.packet.build import make_packet, packet_files

    def one() -> dict[str, bytes]:
        case = load_case(EXAMPLE, today=DATE)
        return packet_files(case, make_packet(case))

    one()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        files = one()
        times.append(time.perf_counter() - start)
    return statistics.median(times), len(files)


def renders_per_packet() -> tuple[int, int]:
    """(WeasyPrint layouts, distinct letters) of one whole packet, all in this process.

    A layout (`HTML.render`) is what a PDF costs; the copies' process is kept out (one core
    claimed) so that every layout is counted here.
    """
    import weasyprint

    from complaintgen.case.casefile import load_case
    from complaintgen.packet import build

    render = weasyprint.HTML.render
    count = 0

    def counted(self: object, *args: object, **kwargs: object) -> object:
        nonlocal count
        count += 1
        return render(self, *args, **kwargs)  # type: ignore[arg-type]

    cores = os.cpu_count
    weasyprint.HTML.render = counted  # type: ignore[method-assign]
    os.cpu_count = lambda: 1
    try:
        case = load_case(EXAMPLE, today=DATE)
        packet = build.make_packet(case)
        build.packet_files(case, packet)
    finally:
        weasyprint.HTML.render = render  # type: ignore[method-assign]
        os.cpu_count = cores
    return count, len(packet.letters) + len(packet.readings)


def overhead_over_weasyprint(runs: int) -> tuple[float, float]:
    """(our PDF pipeline, WeasyPrint alone on the same HTML), seconds per packet.

    Ours: case → templates → letters → HTML → PDF. The floor: only HTML → PDF, with the same
    stylesheet and fonts, the HTML made beforehand.
    """
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from complaintgen.case.casefile import load_case
    from complaintgen.packet.build import make_packet
    from complaintgen.writers import pdf_writer

    case = load_case(EXAMPLE, today=DATE)
    letters = make_packet(case).letters
    pages = [pdf_writer.letter_html(letter, case.date) for letter in letters]

    def ours() -> None:
        fresh = load_case(EXAMPLE, today=DATE)
        for letter in make_packet(fresh).letters:
            pdf_writer.pdf_bytes(letter, date=fresh.date)

    # The floor gets what the pipeline has: one font configuration and one parsed stylesheet
    # for the whole run.
    fonts = FontConfiguration()
    css = weasyprint.CSS(
        string=pdf_writer.stylesheet_text(), font_config=fonts, url_fetcher=pdf_writer._fetcher()
    )

    def floor() -> None:
        for html in pages:
            weasyprint.HTML(string=html, url_fetcher=pdf_writer._fetcher()).write_pdf(
                stylesheets=[css], font_config=fonts
            )

    results = []
    for function in (ours, floor):
        function()
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            function()
            samples.append(time.perf_counter() - start)
        results.append(statistics.median(samples))
    return results[0], results[1]


def generated_cases(folder: Path, count: int) -> Path:
    """`count` variations of the reference case: other names, ranks, units, dates."""
    base = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    surnames = ["Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов"]
    names = ["Алексей", "Иван", "Сергей", "Андрей", "Дмитрий", "Павел", "Олег"]
    ranks = ["рядовой", "ефрейтор", "младший сержант", "сержант", "старший сержант"]
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        case = json.loads(json.dumps(base, default=str))
        case["serviceman"]["surname"] = surnames[n % len(surnames)]
        case["serviceman"]["name"] = names[(n // 7) % len(names)]
        case["serviceman"]["rank"] = ranks[n % len(ranks)]
        case["unit"]["number"] = str(10000 + n)
        (folder / f"case{n:04d}.yaml").write_text(
            yaml.safe_dump(case, allow_unicode=True), encoding="utf-8"
        )
    return folder


def batch_run(work: Path, count: int, workers: int) -> dict[str, float]:
    from complaintgen.batch import run as batch

    source = generated_cases(work / f"cases{count}", count)
    out = work / f"batch{count}"
    shutil.rmtree(out, ignore_errors=True)
    jobs = batch.jobs_from(source)
    start = time.perf_counter()
    outcomes = list(batch.run(jobs, out, workers=workers, today=DATE))
    elapsed = time.perf_counter() - start
    failures = [o for o in outcomes if o.error]
    if failures:
        raise SystemExit(f"batch failed on {failures[0].source}: {failures[0].error}")
    pages = sum(filed.pages or 0 for o in outcomes for filed in o.documents)
    rendered = sum(
        _pages(data)
        for o in outcomes
        for name, data in o.files.items()
        # 00_packet.pdf is put together from pages rendered already: not counted again.
        if name.endswith(".pdf") and name != "00_packet.pdf"
    )
    rss = [o.peak_rss_kb for o in outcomes]
    tenth = max(1, len(rss) // 10)
    return {
        "cases": count,
        "workers": workers,
        "seconds": elapsed,
        "pdf_pages": pages,
        "pages_per_second": pages / elapsed,
        "rendered_pages_per_second": rendered / elapsed,
        "peak_rss_mb_first_tenth": max(rss[:tenth]) / 1024,
        "peak_rss_mb": max(rss) / 1024,
    }


def _pages(pdf: bytes) -> int:
    import io

    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def libreoffice_packet(work: Path, *, one_call: bool) -> float | None:
    """The usual way: DOCX filled with python-docx, then LibreOffice converts it, cold.

    Generator scripts usually start `soffice` once per document (`one_call=False`); given all
    six files at once, LibreOffice starts only once (`one_call=True`), its best case.
    """
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    from complaintgen.case.casefile import load_case
    from complaintgen.packet.build import make_packet
    from complaintgen.writers.docx_writer import docx_bytes

    folder = work / "libreoffice"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    profile = work / "lo-profile"
    start = time.perf_counter()
    case = load_case(EXAMPLE, today=DATE)
    sources = []
    for letter in make_packet(case).letters:
        path = folder / f"{letter.doc_id}.docx"
        path.write_bytes(docx_bytes(letter, date=case.date))
        sources.append(str(path))
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(folder),
    ]
    for group in [sources] if one_call else [[source] for source in sources]:
        subprocess.run([*command, *group], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and cases (a smoke run)")
    args = parser.parse_args()
    runs = 3 if args.quick else 10
    throughput_cases, memory_cases = (20, 50) if args.quick else (100, 500)

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        results: dict[str, object] = {
            "when": dt.datetime.now().isoformat(timespec="seconds"),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}",
        }
        results["help_s"] = help_time(runs)
        results["cold_packet_s"] = cold_packet(work, max(3, runs // 3))
        results["cold_six_pdfs_s"] = cold_six_pdfs(work, max(3, runs // 3))
        results["warm_packet_s"], results["files_per_packet"] = warm_packet(runs)
        results["renders_per_packet"], results["letters_per_packet"] = renders_per_packet()
        ours, floor = overhead_over_weasyprint(max(3, runs // 2))
        results["pdf_pipeline_s"], results["weasyprint_floor_s"] = ours, floor
        results["overhead"] = ours / floor - 1
        # LibreOffice's first start in a fresh profile is slower still; measure a second,
        # fairer start after one that sets the profile up.
        libreoffice_packet(work, one_call=True)
        for key, one_call in (("libreoffice_per_document", False), ("libreoffice_one_call", True)):
            seconds = libreoffice_packet(work, one_call=one_call)
            results[f"{key}_s"] = seconds
            results[f"{key}_ratio"] = seconds / results["cold_six_pdfs_s"] if seconds else None
        results["batch"] = batch_run(work, throughput_cases, workers=2)
        results["batch_memory"] = batch_run(work, memory_cases, workers=2)

    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    path = out / f"{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print_table(results)
    print(f"\nwritten: {path}")


def print_table(r: dict) -> None:
    b, m = r["batch"], r["batch_memory"]

    def lo(key: str) -> str:
        seconds = r[f"{key}_s"]
        if seconds is None:
            return "LibreOffice not installed"
        return f"{seconds:.2f} s = {r[f'{key}_ratio']:.1f}x our six PDFs"

    rows = [
        ("complaintgen --help", f"{r['help_s'] * 1000:.0f} ms", "< 150 ms"),
        ("whole packet (all files), cold", f"{r['cold_packet_s']:.2f} s", "< 2.5 s"),
        ("the six letters as PDF, cold", f"{r['cold_six_pdfs_s']:.2f} s", "(vs LibreOffice)"),
        ("whole packet (all files), warm", f"{r['warm_packet_s']:.2f} s", "< 1 s"),
        (
            "WeasyPrint layouts per packet",
            f"{r['renders_per_packet']} for {r['letters_per_packet']} letters",
            "letters + constant",
        ),
        ("overhead over WeasyPrint alone", f"{r['overhead'] * 100:.0f} %", "<= 15 %"),
        (
            f"batch, {b['cases']} cases, {b['workers']} workers",
            f"{b['rendered_pages_per_second']:.1f} pages/s rendered "
            f"({b['pages_per_second']:.1f} of letters)",
            ">= 35 pages/s",
        ),
        (
            f"peak RSS per worker, {m['cases']} cases",
            f"{m['peak_rss_mb']:.0f} MB (first tenth {m['peak_rss_mb_first_tenth']:.0f} MB)",
            "< 250 MB, flat",
        ),
        ("DOCX + LibreOffice per document, cold", lo("libreoffice_per_document"), ">= 5x"),
        ("DOCX + LibreOffice, one call for all", lo("libreoffice_one_call"), "its best case"),
    ]
    width = max(len(row[0]) for row in rows)
    print(f"{r['machine']}; {r['files_per_packet']} files per packet")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:<34} target {target}")


if __name__ == "__main__":
    main()
