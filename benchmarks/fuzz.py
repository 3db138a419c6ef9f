"""Fuzz job: the property tests with a large budget and random seeds (issue [6/6] §1).

Usage::

    python benchmarks/fuzz.py [--examples 10000] [--seed S] [--json FILE] [-k EXPR] [TEST_PATHS...]

CI runs the property tests derandomized with small budgets (the ``ci``
profile of ``tests/conftest.py``), so it is deterministic; exploring is done
here.  Every Hypothesis test under ``tests/`` (or under TEST_PATHS) runs with
``--examples`` examples (default 10,000), random generation and the seed
``--seed`` (default: a fresh random one, printed so that a run can be
repeated).  Non-property tests are deselected.

It prints one row per test (outcome, seconds) and, for each failure, the
falsifying example Hypothesis reports (shrunk) and the error; then writes
the same as JSON (default ``benchmarks/fuzz.json``).  A failure found here is
a bug: fix it and keep the example as an ``@example`` on the test.

Exit status: 0 when nothing was found, 1 when some test failed, 2 on usage errors.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
#: Must match ``tests/conftest.py``'s FUZZ_ENV.
FUZZ_ENV = "BAOCAO_FUZZ_EXAMPLES"
#: How Hypothesis introduces the shrunk input in a failure (wording of 6.1xx and older).
_CASE_START = re.compile(r"^(?:Failing test case|Falsifying (?:explicit )?example)s?:")


class Collector:
    """pytest plugin: one record per test call (node id, outcome, seconds, failure text)."""

    def __init__(self) -> None:
        self.records: list[dict] = []

    def pytest_runtest_logreport(self, report) -> None:  # noqa: D102 - pytest hook
        if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
            record = {"test": report.nodeid, "outcome": report.outcome, "seconds": round(report.duration, 2)}
            if report.failed:
                lines = _error_lines(report.longreprtext)
                record["error"] = lines[0] if lines else report.longreprtext.strip()[-300:]
                record["falsifying"] = _cases(lines)
            self.records.append(record)


def _error_lines(text: str) -> list[str]:
    """The ``E   ...`` lines of a pytest failure, dedented (the exception, then Hypothesis' notes)."""
    lines = [line[1:] for line in text.splitlines() if line.startswith("E ") or line == "E"]
    indent = min((len(line) - len(line.lstrip()) for line in lines if line.strip()), default=0)
    return [line[indent:].rstrip() for line in lines]


def _cases(lines: list[str]) -> list[str]:
    """The failing inputs Hypothesis printed (each ``Failing test case: test(...)`` block)."""
    cases, current = [], None
    for line in lines:
        if _CASE_START.match(line):
            current = [line]
            cases.append(current)
        elif current is not None:
            if not line.strip():
                current = None
            else:
                current.append(line)
    return ["\n".join(c) for c in cases]


def run(examples: int, seed: int, paths: list[str], keyword: str | None = None) -> dict:
    """Run the property tests in-process; returns ``{"examples", "seed", "seconds", "tests": [...]}``."""
    import pytest

    os.environ[FUZZ_ENV] = str(examples)
    collector = Collector()
    args = ["-q", "-p", "no:cacheprovider", "--no-header", "-rN", f"--hypothesis-seed={seed}",
            "--hypothesis-show-statistics", "-o", "addopts=--import-mode=importlib", *paths]
    if keyword:
        args += ["-k", keyword]
    start = time.perf_counter()
    status = pytest.main(args, plugins=[collector])
    return {
        "examples": examples,
        "seed": seed,
        "pytest_status": int(status),
        "seconds": round(time.perf_counter() - start, 1),
        "tests": collector.records,
    }


def report(result: dict) -> None:
    """Print a table of tests and what each failure found."""
    tests = result["tests"]
    print()
    print(f"fuzz: {len(tests)} property tests, {result['examples']} examples each, seed {result['seed']}, "
          f"{result['seconds']} s")
    width = max((len(t["test"]) for t in tests), default=10)
    for t in tests:
        print(f"  {t['test']:<{width}}  {t['outcome']:<7} {t['seconds']:>8.1f} s")
    failed = [t for t in tests if t["outcome"] == "failed"]
    if not failed:
        print("found nothing")
        return
    print(f"found {len(failed)} failing test(s); add each example as @example(...) once fixed:")
    for t in failed:
        print(f"\n- {t['test']}: {t.get('error', '')}")
        for f in t.get("falsifying", []):
            print("    " + f.replace("\n", "\n    "))
    print(f"\nrepeat with: python benchmarks/fuzz.py --examples {result['examples']} --seed {result['seed']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=[os.path.join(ROOT, "tests")], help="test files or folders")
    parser.add_argument("--examples", type=int, default=10_000, help="examples per property test (default 10000)")
    parser.add_argument("--seed", type=int, default=None, help="Hypothesis seed (default: random, printed)")
    parser.add_argument("-k", dest="keyword", default=None, help="pytest -k expression to pick tests")
    parser.add_argument("--json", default=os.path.join(HERE, "fuzz.json"), help="where to write the results")
    args = parser.parse_args(argv)
    if args.examples < 1:
        parser.error("--examples must be at least 1")
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    os.chdir(ROOT)
    result = run(args.examples, seed, args.paths, args.keyword)
    report(result)
    with open(args.json, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    print(f"wrote {os.path.relpath(args.json)}")
    return 1 if any(t["outcome"] == "failed" for t in result["tests"]) else 0


if __name__ == "__main__":
    sys.exit(main())
