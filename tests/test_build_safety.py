"""One build per checkout; pool workers end with their parent; names printed literally (issue [0/6] 9-10)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from converters.cli.main import main
from converters.site.lock import BuildLocked, acquire, build_lock, release

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "raw" / "kon-tum" / "2016-11-18-bao-cao-111-bc-tu.txt"

HOLD = "import sys, time\nfrom converters.site.lock import acquire\nacquire(sys.argv[1])\nprint('held', flush=True)\ntime.sleep(60)\n"


@pytest.fixture
def holder(tmp_path):
    """A process of its own holding the build lock of ``tmp_path``."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path)], stdout=subprocess.PIPE, text=True, cwd=REPO)
    assert proc.stdout.readline().strip() == "held"
    yield proc
    proc.kill()
    proc.wait()


def test_second_build_of_a_checkout_stops_with_a_clear_message(tmp_path, holder, capsys):
    (tmp_path / "raw" / "a").mkdir(parents=True)
    shutil.copy(SAMPLE, tmp_path / "raw" / "a" / "r.txt")
    assert main(["build", "--root", str(tmp_path), "--no-mkdocs"]) == 1
    err = capsys.readouterr().err
    assert "Một lần dựng trang khác đang chạy" in err and f"tiến trình {holder.pid}" in err
    assert not (tmp_path / "docs").exists()  # nothing was generated
    with pytest.raises(BuildLocked):
        acquire(str(tmp_path))


def test_plain_mkdocs_build_takes_the_lock_too(tmp_path, holder):
    from .hostile_corpus import build_project

    (tmp_path / "raw" / "a").mkdir(parents=True)
    shutil.copy(SAMPLE, tmp_path / "raw" / "a" / "r.txt")
    result = build_project(tmp_path, tmp_path / "raw", strict=False)
    assert result.returncode != 0 and "Một lần dựng trang khác đang chạy" in result.log


def test_the_lock_dies_with_its_process(tmp_path, holder):
    holder.kill()
    holder.wait()
    with build_lock(str(tmp_path)):  # a killed build leaves no stale lock
        with pytest.raises(BuildLocked):
            acquire(str(tmp_path))
    release(acquire(str(tmp_path)))


WORKERS = textwrap.dedent('''
    import os, sys, time
    from converters.site.generate import process_pool
    pool = process_pool(2)
    futures = [pool.submit(time.sleep, 60) for _ in range(4)]
    time.sleep(1.0)
    try:  # entered before the pids are printed: the test's Ctrl-C may come at once
        print(" ".join(str(p) for p in pool._processes), flush=True)
        if sys.argv[1] == "die":
            os._exit(9)   # the parent vanishes (kill -9, OOM): no cleanup of ours runs
        time.sleep(60)
    except KeyboardInterrupt:
        from converters.site.generate import stop_pool
        stop_pool(pool)
        raise
''')

SEARCH = textwrap.dedent('''
    import os, sys, time
    from converters.site import search_index
    def slow(html, src):
        print(os.getpid(), flush=True)  # a worker says it is at work
        time.sleep(60)
    search_index._analyze = slow
    root = sys.argv[2]
    for i in range(search_index.PARALLEL_MIN + 10):
        os.makedirs(f"{root}/site/p{i}", exist_ok=True)
        open(f"{root}/docs/p{i}.md", "w").write("# x\\n")
        open(f"{root}/site/p{i}/index.html", "w").write("<h1>x</h1>")
    print(os.getpid(), flush=True)
    list(search_index.iter_site(root + "/site", root + "/docs", True, jobs=2))
''')


def _alive(pids: list[int]) -> list[int]:
    out = []
    for pid in pids:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            continue
        try:  # a zombie (exited, not yet reaped by a dead parent's reaper) is gone for our purpose
            with open(f"/proc/{pid}/stat") as fh:
                if fh.read().split(") ", 1)[1].startswith("Z"):
                    continue
        except OSError:
            continue
        out.append(pid)
    return out


def _wait_gone(pids: list[int], seconds: float = 10.0) -> list[int]:
    end = time.monotonic() + seconds
    while _alive(pids) and time.monotonic() < end:
        time.sleep(0.1)
    return _alive(pids)


def _sigint_default() -> None:
    """Child set-up: Ctrl-C acts as in a terminal even when the suite itself runs with SIGINT
    ignored (under ``nohup`` or a shell's ``&``, whose children inherit the ignore, and Python
    then installs no KeyboardInterrupt handler)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("how", ["die", "interrupt"])
def test_pool_workers_end_with_their_parent(how):
    proc = subprocess.Popen([sys.executable, "-c", WORKERS, how], stdout=subprocess.PIPE, text=True, cwd=REPO,
                            start_new_session=True, preexec_fn=_sigint_default)
    pids = [int(p) for p in proc.stdout.readline().split()]
    assert len(pids) == 2
    if how == "interrupt":
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
    proc.wait(timeout=20)
    assert _wait_gone(pids) == []


def test_ctrl_c_during_the_search_index_stage_leaves_no_worker(tmp_path):
    (tmp_path / "docs").mkdir()
    proc = subprocess.Popen([sys.executable, "-c", SEARCH, "x", str(tmp_path)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=REPO, start_new_session=True,
                            preexec_fn=_sigint_default)
    def pid_line() -> int:  # forked workers share the pipe: a line may come empty under load
        while not (line := proc.stdout.readline()).strip():
            assert line, "the script ended early"
        return int(line)

    parent = pid_line()
    pids = {pid_line(), pid_line()}
    assert parent not in pids and len(pids) == 2  # two workers at work
    pids = sorted(pids)
    os.killpg(proc.pid, signal.SIGINT)
    proc.wait(timeout=20)
    assert "KeyboardInterrupt" in proc.stderr.read()
    assert _wait_gone(pids) == []


def test_build_prints_file_names_literally(tmp_path, capsys):
    """``[du thao] bao cao.txt`` shows whole; a name forming ``[/red]`` does not crash the build."""
    raw = tmp_path / "raw" / "a"
    raw.mkdir(parents=True)
    (raw / "[du thao] bao cao.txt").write_bytes(b"")
    (raw / "x [").mkdir()
    (raw / "x [" / "red] y.txt").write_bytes(b"")  # the path reads "x [/red] y.txt"
    (raw / "[bold]w[red].txt").write_text("BÁO CÁO\n\nthử\n\nNội dung có chú thích<sup>7</sup>.\n", "utf-8")
    assert main(["build", "--root", str(tmp_path), "--no-mkdocs"]) == 1
    err = capsys.readouterr().err
    assert "raw/a/[du thao] bao cao.txt" in err and "raw/a/x [/red] y.txt" in err
    assert "raw/a/[bold]w[red].txt: chú thích 7" in err
