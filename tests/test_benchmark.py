"""The benchmark still runs against the code it measures (nothing here is timed).

`make bench` is run by hand, so a change to what `batch` returns broke it unnoticed once (a
register entry became a record). This runs its batch step on two generated cases and checks
that it counts the filed pages and the rendered ones.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _benchmark():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "benchmarks" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_benchmarks_batch_step_counts_filed_and_rendered_pages(tmp_path: Path) -> None:
    found = _benchmark().batch_run(tmp_path, 2, workers=1)
    assert found["cases"] == 2
    # Each case files at least its рапорт; the rendered pages add copies and inventories.
    assert found["pdf_pages"] >= 2
    assert found["rendered_pages_per_second"] > found["pages_per_second"] > 0
