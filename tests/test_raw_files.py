"""Only regular files inside raw/ are read (issue [0/6] 4).

A symlink to ``/etc/passwd`` or to the checkout's ``.git/config``, a FIFO
(``check`` and ``build`` used to hang on one), a folder named ``.txt``, a
device: each is refused with a message naming it, and the other files still
build.  Every test runs under a ``faulthandler`` timeout, so a hang fails.
"""

from __future__ import annotations

import faulthandler
import os
import shutil
from pathlib import Path

import pytest

from converters import convert_file
from converters.cli.check import check_paths
from converters.errors import InputError
from converters.read.files import read_regular
from converters.site import generate as site

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "raw" / "kon-tum" / "2016-11-18-bao-cao-111-bc-tu.txt"


@pytest.fixture(autouse=True)
def no_hang():
    faulthandler.dump_traceback_later(120, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture
def project(tmp_path) -> Path:
    """raw/ with one good report and every kind of entry that must be refused."""
    raw = tmp_path / "raw"
    (raw / "good").mkdir(parents=True)
    shutil.copy(SAMPLE, raw / "good" / "report.txt")
    (raw / "leak").mkdir()
    (raw / "leak" / "passwd.txt").symlink_to("/etc/passwd")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text('[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n')
    (raw / "leak" / "git-config.txt").symlink_to("../../.git/config")
    os.mkfifo(raw / "leak" / "fifo.txt")
    (raw / "leak" / "folder.txt").mkdir()
    (tmp_path / "outside").mkdir()
    shutil.copy(SAMPLE, tmp_path / "outside" / "report.txt")
    (raw / "linked-folder").symlink_to(tmp_path / "outside", target_is_directory=True)
    if os.geteuid() == 0:
        os.mknod(raw / "leak" / "device.txt", 0o600 | __import__("stat").S_IFCHR, os.makedev(1, 5))  # /dev/zero
    return tmp_path


REFUSED = ("raw/leak/passwd.txt", "raw/leak/git-config.txt", "raw/leak/fifo.txt", "raw/leak/folder.txt")


def test_generate_refuses_every_non_regular_entry_and_builds_the_rest(project):
    (project / "docs").mkdir()
    result = site.generate(str(project), cache=False)
    by_source = {d.source: d for d in result.docs}
    assert by_source["raw/good/report.txt"].path and not by_source["raw/good/report.txt"].error
    expected = REFUSED + (("raw/leak/device.txt",) if os.geteuid() == 0 else ())
    for source in expected:
        doc = by_source[source]
        assert doc.path is None and doc.error and source in doc.error, source
    assert "liên kết" in by_source["raw/leak/passwd.txt"].error
    assert "ống dẫn" in by_source["raw/leak/fifo.txt"].error
    assert "thư mục" in by_source["raw/leak/folder.txt"].error
    assert not any(s.startswith("raw/linked-folder/") for s in by_source)  # a symlinked folder is not entered
    published = "".join(p.read_text("utf-8", errors="replace") for p in (project / "docs").rglob("*") if p.is_file())
    assert "root:x:0:0" not in published and "c2VjcmV0" not in published
    editors = (project / "docs" / "bien-tap.md").read_text("utf-8")
    assert "raw/leak/fifo.txt" in editors and "ống dẫn" in editors


def test_cached_generate_does_not_hang_on_a_fifo(project):
    (project / "docs").mkdir()
    result = site.generate(str(project))  # the page cache reads raw bytes for its key
    assert {d.source for d in result.failed} >= set(REFUSED)


def test_check_refuses_them_with_the_reason(project):
    os.chdir(project)
    results = {r.path: r for r in check_paths(["raw"], root=str(project))}
    assert results["raw/good/report.txt"].ok
    for source in REFUSED:
        assert not results[source].ok and "không phải tệp" in results[source].error, source
    # Named explicitly, too (a symlink, a FIFO, a file reached through a symlinked folder).
    named = check_paths(["raw/leak/passwd.txt", "raw/leak/fifo.txt", "raw/linked-folder/report.txt"], root=str(project))
    assert [r.ok for r in named] == [False, False, False]
    assert "ngoài thư mục raw/" in named[2].error


def test_convert_file_refuses_a_symlinked_raw_file(project):
    with pytest.raises(InputError, match="liên kết"):
        convert_file(str(project / "raw" / "leak" / "passwd.txt"), str(project))


def test_read_regular_reads_a_regular_file_and_limits_it(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(b"x" * 100)
    assert read_regular(str(f), "a.txt") == b"x" * 100
    with pytest.raises(InputError, match="quá lớn"):
        read_regular(str(f), "a.txt", limit=99)
    with pytest.raises(FileNotFoundError):
        read_regular(str(tmp_path / "missing.txt"), "missing.txt")
