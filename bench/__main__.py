"""`python -m bench [NAME...] [--full] [--no-save]`: run benchmarks, print and record their sections."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from bench.harness import Context, append_results, discover, find_shared_data, run_header, run_one, select


def main(argv: list[str] | None = None) -> int:
    """Run the selected benchmarks; exit 1 if any failed."""
    args_list = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", help="benchmarks to run (e.g. stories); default: all")
    parser.add_argument("--full", action="store_true", help="large sizes and FULL_ONLY benchmarks")
    parser.add_argument("--shared", type=Path, default=None, help="the shared/data folder")
    parser.add_argument("--no-save", action="store_true", help="print only, leave RESULTS.md alone")
    args = parser.parse_args(args_list)

    shared = args.shared if args.shared is not None else find_shared_data()
    ctx = Context(full=args.full, shared=shared)
    ctx.plots_dir.mkdir(parents=True, exist_ok=True)
    chosen = select(discover(), args.names, args.full)
    command = " ".join(["python -m bench", *(shlex.quote(a) for a in args_list)])
    header = run_header(command)
    print(header, flush=True)

    sections, failed = [], 0
    for bench in chosen:
        print(f"... {bench.name}", file=sys.stderr, flush=True)
        section, ok = run_one(bench, ctx)
        failed += not ok
        sections.append(section)
        print(section, flush=True)
        if not args.no_save:
            # Record each section as soon as it exists so a later crash keeps earlier figures.
            append_results(header + "\n" + section if len(sections) == 1 else section)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
