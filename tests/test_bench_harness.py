"""The benchmark harness: selection, progress bar, failure isolation, the RESULTS.md writer."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bench.harness import Benchmark, Context, append_results, progress_bar, run_header, run_one, select


def _bench(name: str, full_only: bool = False) -> Benchmark:
    return Benchmark(name=name, title=name.title(), full_only=full_only, run=lambda ctx: f"| {name} |")


def test_select_skips_full_only_unless_full_or_named() -> None:
    benches = [_bench("stories"), _bench("huge", full_only=True)]
    assert [b.name for b in select(benches, [], full=False)] == ["stories"]
    assert [b.name for b in select(benches, [], full=True)] == ["stories", "huge"]
    assert [b.name for b in select(benches, ["bench_huge"], full=False)] == ["huge"]
    with pytest.raises(SystemExit, match="unknown benchmark"):
        select(benches, ["nope"], full=False)


def test_progress_bar_passes_items_through_and_stays_quiet_off_a_terminal() -> None:
    stream = io.StringIO()  # not a TTY
    assert list(progress_bar(range(5), label="x", stream=stream)) == [0, 1, 2, 3, 4]
    assert stream.getvalue() == ""


def test_progress_bar_draws_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    assert list(progress_bar([1, 2, 3], label="work", stream=stream)) == [1, 2, 3]
    assert "work" in stream.getvalue() and "3/3" in stream.getvalue()


def test_a_failing_benchmark_becomes_a_failed_section() -> None:
    def broken(ctx: Context) -> str:
        raise RuntimeError("no data")

    section, ok = run_one(Benchmark("broken", "Broken", False, broken), Context(shared=None))
    assert not ok and "FAILED: RuntimeError: no data" in section and section.startswith("### Broken")
    section, ok = run_one(_bench("fine"), Context(shared=None))
    assert ok and "| fine |" in section


def test_results_file_gets_a_preface_once_and_runs_appended(tmp_path: Path) -> None:
    path = tmp_path / "RESULTS.md"
    header = run_header("python -m bench stories")
    assert "machine:" in header and "Python" in header and "`python -m bench stories`" in header
    append_results(header + "\nfirst", path)
    append_results("second", path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark results") and text.count("# Benchmark results") == 1
    assert text.index("first") < text.index("second")


def test_quick_and_full_runs_draw_separate_plot_files(tmp_path: Path) -> None:
    quick = Context(full=False, shared=None, plots_dir=tmp_path)
    full = Context(full=True, shared=None, plots_dir=tmp_path)
    assert quick.plot_path("quality_stories") == tmp_path / "quality_stories.png"
    assert full.plot_path("quality_stories") == tmp_path / "quality_stories-full.png"
