"""Small matplotlib helpers shared by the benchmarks: grouped bar charts and line charts as PNG files.

matplotlib is optional: each helper returns None (and draws nothing) when it is not installed, so a
benchmark still prints its table. The Agg backend is chosen so that no display is ever needed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any


def _pyplot() -> Any | None:
    """matplotlib.pyplot on the Agg backend, or None when matplotlib is missing."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    return plt


def bar_chart(path: Path, title: str, groups: Mapping[str, Mapping[str, float]], ylabel: str) -> Path | None:
    """Draw a grouped bar chart: one group of bars per key of `groups`, one bar per system inside it.

    `groups` maps a group label (e.g. "EASC R-1") to {system: value}. Systems keep their first-seen order
    and colour across groups; a system missing from a group (or a NaN value) leaves a gap.
    Returns the PNG path, or None when matplotlib is not installed.
    """
    plt = _pyplot()
    if plt is None:
        return None
    systems: list[str] = []
    for values in groups.values():
        systems += [s for s in values if s not in systems]
    group_names = list(groups)
    width = 0.8 / max(1, len(systems))
    fig, ax = plt.subplots(figsize=(max(6.0, 1.2 * len(group_names) + 2), 4.2))
    for n, system in enumerate(systems):
        xs, heights = [], []
        for g, group in enumerate(group_names):
            value = groups[group].get(system, math.nan)
            if not math.isnan(value):
                xs.append(g - 0.4 + width * (n + 0.5))
                heights.append(value)
        ax.bar(xs, heights, width=width, label=system)
    ax.set_xticks(range(len(group_names)))
    ax.set_xticklabels(group_names, fontsize=8)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(True, axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    # The legend goes below the axes: with six systems it would otherwise hide the bars.
    ax.legend(fontsize=7, ncol=min(3, max(1, len(systems))), loc="upper center", bbox_to_anchor=(0.5, -0.1))
    return _save(plt, fig, path)


def line_chart(
    path: Path,
    title: str,
    series: Mapping[str, Sequence[tuple[float, float]]],
    xlabel: str,
    ylabel: str,
    logx: bool = False,
) -> Path | None:
    """Draw one line with markers per series of (x, y) points (sorted by x). Returns the PNG path or None."""
    plt = _pyplot()
    if plt is None:
        return None
    fig, ax = plt.subplots(figsize=(6, 4))
    for name, points in series.items():
        if not points:
            continue
        xs, ys = zip(*sorted(points), strict=True)
        ax.plot(xs, ys, marker="o", label=name)
    if logx:
        ax.set_xscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    return _save(plt, fig, path)


def _save(plt: Any, fig: Any, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
