"""The benchmark harness: discovery, context, progress bar and the RESULTS.md writer.

A benchmark is a module `bench/bench_<name>.py` that defines:

    TITLE: str                      # section heading
    FULL_ONLY: bool                 # True: only with --full (make bench-full)
    def run(ctx: Context) -> str    # a Markdown section: a table plus a line or two of notes

`ctx.shared` is the `shared/data` folder, or None when it is absent (then a benchmark returns one line
saying it was skipped). Timing lives here, never in unit tests.
"""

from __future__ import annotations

import importlib
import os
import platform
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Protocol, TextIO, TypeVar

T = TypeVar("T")

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
RESULTS_PATH = BENCH_DIR / "RESULTS.md"
PLOTS_DIR = BENCH_DIR / "plots"


class ProgressFn(Protocol):
    def __call__(self, it: Iterable[T], total: int | None = None, label: str = "") -> Iterator[T]: ...


def progress_bar(
    it: Iterable[T], total: int | None = None, label: str = "", *, stream: TextIO | None = None
) -> Iterator[T]:
    """Yield the items of `it`, drawing a one-line progress bar on stderr when stderr is a terminal.

    Off a terminal (CI, pipes, redirected logs) the items pass through untouched and nothing is printed.
    """
    out = stream if stream is not None else sys.stderr
    if not out.isatty():
        yield from it
        return
    if total is None and hasattr(it, "__len__"):
        total = len(it)  # type: ignore[arg-type]
    started = time.perf_counter()
    last_draw = 0.0
    for count, item in enumerate(it, start=1):
        yield item
        now = time.perf_counter()
        # Redraw at most ~10 times a second so the bar never costs more than the work it reports.
        if now - last_draw >= 0.1 or count == total:
            last_draw = now
            out.write("\r" + _bar_line(label, count, total, now - started))
            out.flush()
    out.write("\r" + " " * 79 + "\r")
    out.flush()


def _bar_line(label: str, count: int, total: int | None, elapsed: float) -> str:
    """Render one progress line, e.g. `stories [#######.......]  120/300  4.1s`."""
    prefix = f"{label[:20]:<20} " if label else ""
    if total:
        width = 30
        filled = min(width, int(width * count / total))
        return f"{prefix}[{'#' * filled}{'.' * (width - filled)}] {count}/{total} {elapsed:5.1f}s"
    return f"{prefix}{count} {elapsed:5.1f}s"


def find_shared_data(start: Path = REPO_ROOT) -> Path | None:
    """Locate the evaluation sets: `../shared/data` beside the repository, or None when absent."""
    for candidate in (start.parent / "shared" / "data", start / "shared" / "data"):
        if candidate.is_dir():
            return candidate
    return None


@dataclass
class Context:
    """What every benchmark receives."""

    full: bool = False
    shared: Path | None = field(default_factory=find_shared_data)
    progress: ProgressFn = progress_bar
    plots_dir: Path = PLOTS_DIR

    def plot_path(self, stem: str) -> Path:
        """Where a benchmark draws its plot. Default and --full runs measure different sizes, so they keep
        separate files (`stem.png`, `stem-full.png`): a quick run never redraws the plot a full run's
        section links to. Each file shows the latest run of its kind."""
        return self.plots_dir / (f"{stem}-full.png" if self.full else f"{stem}.png")


@dataclass(frozen=True)
class Benchmark:
    name: str
    title: str
    full_only: bool
    run: Callable[[Context], str]


def discover(bench_dir: Path = BENCH_DIR, package: str = "bench") -> list[Benchmark]:
    """Import every `bench_*.py` module in `bench_dir`, sorted by name."""
    found = []
    for path in sorted(bench_dir.glob("bench_*.py")):
        module = importlib.import_module(f"{package}.{path.stem}")
        found.append(_as_benchmark(path.stem.removeprefix("bench_"), module))
    return found


def _as_benchmark(name: str, module: ModuleType) -> Benchmark:
    return Benchmark(
        name=name,
        title=str(getattr(module, "TITLE", name)),
        full_only=bool(getattr(module, "FULL_ONLY", False)),
        run=module.run,
    )


def select(benchmarks: Sequence[Benchmark], names: Sequence[str], full: bool) -> list[Benchmark]:
    """Pick what to run: named ones (`stories` or `bench_stories`) or all, FULL_ONLY ones only with --full.

    A benchmark named explicitly runs even when it is FULL_ONLY: asking for it by name is the intent.
    """
    if not names:
        return [b for b in benchmarks if full or not b.full_only]
    wanted = {n.removeprefix("bench_").removesuffix(".py") for n in names}
    unknown = wanted - {b.name for b in benchmarks}
    if unknown:
        known = ", ".join(b.name for b in benchmarks)
        raise SystemExit(f"unknown benchmark(s): {', '.join(sorted(unknown))} (known: {known})")
    return [b for b in benchmarks if b.name in wanted]


def machine_description() -> str:
    """CPU model, core count and RAM, read from /proc where available."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f", {int(line.split()[1]) / 1024 / 1024:.1f} GiB RAM"
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores{ram}"


def run_header(command: str, now: datetime | None = None) -> str:
    """The Markdown header that opens one run's block in RESULTS.md."""
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"## Run {stamp}\n\n"
        f"- machine: {machine_description()}\n"
        f"- Python: {platform.python_implementation()} {platform.python_version()} ({sys.platform})\n"
        f"- command: `{command}`\n"
    )


def run_one(bench: Benchmark, ctx: Context) -> tuple[str, bool]:
    """Run a benchmark; a failure becomes a section saying so, never a crash of the whole run."""
    started = time.perf_counter()
    try:
        body = bench.run(ctx).strip()
        ok = True
    except Exception as error:  # a broken benchmark must not hide the others' figures
        import traceback

        traceback.print_exc()
        body = f"FAILED: {type(error).__name__}: {error}"
        ok = False
    elapsed = time.perf_counter() - started
    section = f"### {bench.title}\n\n{body}\n\n_(bench_{bench.name}, {elapsed:.1f} s)_\n"
    return section, ok


def append_results(text: str, path: Path = RESULTS_PATH) -> None:
    """Append a run block to RESULTS.md, creating it with a short preface if needed."""
    if not path.exists():
        path.write_text(
            "# Benchmark results\n\nAppended by `python -m bench` (`make bench`, `make bench-full`); "
            "newest runs at the bottom. Plots are in [plots/](plots/).\n\n",
            encoding="utf-8",
        )
    with path.open("a", encoding="utf-8") as out:
        out.write("\n" + text.rstrip() + "\n")
