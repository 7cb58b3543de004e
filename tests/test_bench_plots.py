"""The shared benchmark plot helpers write real PNG files."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

from bench.plots import bar_chart, line_chart

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_bar_chart_writes_a_png_and_tolerates_gaps(tmp_path: Path) -> None:
    groups = {
        "EASC R-1": {"lead": 31.5, "newsbot": 36.2, "sumy LexRank": 33.0},
        "BBC R-1": {"lead": 40.1, "newsbot": math.nan},  # a missing value leaves a gap, not an error
    }
    path = bar_chart(tmp_path / "sub" / "bars.png", "quality", groups, "ROUGE F1 x100")
    assert path == tmp_path / "sub" / "bars.png"
    assert path.read_bytes()[:8] == PNG_MAGIC
    assert path.stat().st_size > 1000


def test_line_chart_writes_a_png_on_a_log_axis(tmp_path: Path) -> None:
    series = {"p50": [(100_000, 15.9), (20_000, 12.0)], "p95": [(20_000, 25.0), (100_000, 32.9)], "none": []}
    path = line_chart(tmp_path / "lines.png", "latency", series, "articles", "ms", logx=True)
    assert path is not None
    assert path.read_bytes()[:8] == PNG_MAGIC
