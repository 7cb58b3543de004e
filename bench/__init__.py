"""Benchmarks and quality evaluation for newsbot.

Run `python -m bench [NAME...] [--full]`; each `bench/bench_<name>.py` module returns a Markdown section
that is printed and appended to `bench/RESULTS.md`. See `bench/harness.py` for the contract.
"""
