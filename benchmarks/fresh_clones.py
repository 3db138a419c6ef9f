"""Run the README's test command on N fresh clones in a row (issue [6/6], "Done when").

    python benchmarks/fresh_clones.py N [--repo DIR] [--json PATH] [--timeout S] [--no-shared] [--keep]

Each round clones ``--repo`` (default ``/work/main``, else this checkout) into a new temporary
folder, runs the command of the README's "Run the tests" block there with ``bash -e`` (a fresh
venv, the install, ``python -m pytest``), and prints one line: pass or fail, the exit code, the
wall time and pytest's summary line.  The rounds run one after another (the suite uses both cores).
Figures go to ``--json`` (default ``benchmarks/results-fresh-clones.json``): per clone
``{index, ok, returncode, seconds, summary, log}``, plus the commit and the command.

The development corpus is looked for beside a clone (``../shared``), as CI lays it; by default the
repo's own sibling ``shared/`` is linked beside each clone so the corpus tests run too
(``--no-shared``: without it, those tests skip).  Logs stay in the temporary folder, which is
removed after each round unless ``--keep`` or the round failed.

Exit code: 0 when every clone passed, 1 otherwise.  Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def readme_test_command(readme: str) -> str:
    """The shell command of the first ``sh`` block after the line "Run the tests" in ``readme`` (text).

    Raises ``ValueError`` when the README has no such block.

    >>> readme_test_command("Build:\\n```sh\\nmake\\n```\\nRun the tests:\\n\\n```sh\\npython -m pytest\\n```\\n")
    'python -m pytest'
    """
    m = re.search(r"^Run the tests\b.*?^```(?:sh|bash|console)?\n(.*?)^```", readme, re.S | re.M)
    if not m:
        raise ValueError("README has no code block after 'Run the tests'")
    return m.group(1).strip()


def pytest_summary(log: str) -> str:
    """Pytest's last summary line (``1 failed, 491 passed in 312.4s``) in ``log``, or ``""``."""
    found = re.findall(r"^=*\s*(\d+ (?:passed|failed|error|errors|skipped)\b.*?)\s*=*$", log, re.M)
    return found[-1] if found else ""


def default_repo() -> str:
    """``/work/main`` when it is a git repository, else this checkout."""
    return "/work/main" if os.path.isdir("/work/main/.git") else ROOT


def _default_signals() -> None:
    """In the child: SIGINT and SIGQUIT back to their defaults.  Started in the background
    (``cmd &``, nohup), this script inherits them ignored, and so would the suite: its Ctrl-C
    tests (``tests/test_build_safety.py``) then wait for an interrupt that never comes and fail."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)


def one_clone(index: int, repo: str, shared: str | None, timeout: float, keep: bool) -> dict:
    """Clone ``repo`` into a new temporary folder and run the README's test command there.

    Returns ``{index, ok, returncode, seconds, summary, log, command}``; ``seconds`` is the wall
    time of the command (clone excluded).  A timeout is a failure with return code ``None``.
    """
    base = tempfile.mkdtemp(prefix=f"baocao-clone-{index}-")
    clone = os.path.join(base, "repo")
    subprocess.run(["git", "clone", "-q", repo, clone], check=True)
    if shared:
        os.symlink(shared, os.path.join(base, "shared"))
    with open(os.path.join(clone, "README.md"), encoding="utf-8") as fh:
        command = readme_test_command(fh.read())
    log_path = os.path.join(base, "test.log")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    start = time.monotonic()
    with open(log_path, "w", encoding="utf-8") as log:
        try:
            proc = subprocess.run(["bash", "-e", "-c", command], cwd=clone, stdout=log, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, env=env, timeout=timeout, preexec_fn=_default_signals)
            code = proc.returncode
        except subprocess.TimeoutExpired:
            code = None
    seconds = time.monotonic() - start
    with open(log_path, encoding="utf-8", errors="replace") as fh:
        text = fh.read()
    ok = code == 0
    result = {"index": index, "ok": ok, "returncode": code, "seconds": round(seconds, 1),
              "summary": pytest_summary(text), "log": log_path, "command": command}
    if ok and not keep:
        shutil.rmtree(base, ignore_errors=True)
        result["log"] = None
    return result


def write_json(path: str, data: dict) -> None:
    """Write ``data`` to ``path`` as indented UTF-8 JSON (replaced whole, never half-written)."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run the rounds, print a line each and write the JSON; 0 when all passed."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="how many fresh clones, one after another (at least 1)")
    ap.add_argument("--repo", default=default_repo(), help="repository to clone (default: /work/main or this checkout)")
    ap.add_argument("--json", default=os.path.join(HERE, "results-fresh-clones.json"), help="where to write the figures")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds one clone's command may take (default 3600)")
    ap.add_argument("--no-shared", action="store_true", help="do not link the repo's sibling shared/ beside each clone")
    ap.add_argument("--keep", action="store_true", help="keep every clone's folder (failed ones are always kept)")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("N must be at least 1")
    repo = os.path.abspath(args.repo)
    shared = os.path.join(os.path.dirname(repo), "shared")
    shared = None if args.no_shared or not os.path.isdir(shared) else shared
    commit = subprocess.run(["git", "-C", repo, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    print(f"{args.n} fresh clones of {repo} at {commit[:12]}" + (f", corpus from {shared}" if shared else ", no corpus"),
          flush=True)
    rounds: list[dict] = []
    for i in range(1, args.n + 1):
        r = one_clone(i, repo, shared, args.timeout, args.keep)
        rounds.append(r)
        status = "pass" if r["ok"] else "FAIL"
        print(f"clone {i}/{args.n}: {status} (exit {r['returncode']}) {r['seconds']:.0f} s  {r['summary']}"
              + (f"  log: {r['log']}" if r["log"] else ""), flush=True)
        # Written after every round: a long run stopped halfway keeps what it measured.
        write_json(args.json, {"repo": repo, "commit": commit, "shared": shared, "n": args.n,
                               "passed": sum(x["ok"] for x in rounds), "command": rounds[0]["command"],
                               "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
                               "clones": rounds})
    passed = sum(r["ok"] for r in rounds)
    seconds = [r["seconds"] for r in rounds]
    print(f"{passed}/{args.n} passed; {min(seconds):.0f}-{max(seconds):.0f} s per clone")
    print(f"wrote {os.path.relpath(args.json)}")
    return 0 if passed == args.n else 1


if __name__ == "__main__":
    sys.exit(main())
