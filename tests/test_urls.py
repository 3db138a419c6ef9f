"""A published report keeps its URL; two files claiming one document are an error (issue [0/6] 7)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from converters.cli.check import check_paths
from converters.site import generate as site

REPO = Path(__file__).resolve().parent.parent
KON_TUM = REPO / "raw" / "kon-tum" / "2016-11-18-bao-cao-111-bc-tu.txt"
ORIGINAL = "raw/kon-tum/2016-11-18-bao-cao-111-bc-tu.txt"
#: Sorts before the original: by source order alone it took the URL.
TAKEOVER = "raw/kon-tum/0-ban-gia.txt"
URL = "bao-cao/kon-tum/2016-bao-cao-111-bc-tu.md"


def _write(root: Path, source: str, data: bytes) -> None:
    (root / source).parent.mkdir(parents=True, exist_ok=True)
    (root / source).write_bytes(data)


def _forged() -> bytes:
    return KON_TUM.read_bytes().replace("Kính gửi".encode(), "Kính  gửi".encode()) + "\nNội dung giả mạo.\n".encode()


def _by_source(result):
    return {d.source: d for d in result.docs}


def test_a_second_file_for_a_published_document_is_an_error_and_the_url_stays(tmp_path):
    _write(tmp_path, ORIGINAL, KON_TUM.read_bytes())
    first = _by_source(site.generate(str(tmp_path), cache=False))
    assert first[ORIGINAL].path == URL
    _write(tmp_path, TAKEOVER, _forged())
    docs = _by_source(site.generate(str(tmp_path), cache=False))
    assert docs[ORIGINAL].path == URL  # not moved to -2
    assert docs[TAKEOVER].path is None
    assert ORIGINAL in docs[TAKEOVER].error and TAKEOVER in docs[TAKEOVER].error
    assert "Nội dung giả mạo" not in (tmp_path / "docs" / URL).read_text("utf-8")
    assert not list((tmp_path / "docs" / "bao-cao" / "kon-tum").glob("*-2.md"))
    editors = (tmp_path / "docs" / "bien-tap.md").read_text("utf-8")
    assert "0-ban-gia.txt" in editors and "hai tệp cho một văn bản" in editors


def test_check_names_both_files(tmp_path, monkeypatch):
    _write(tmp_path, ORIGINAL, KON_TUM.read_bytes())
    _write(tmp_path, TAKEOVER, _forged())
    monkeypatch.chdir(tmp_path)
    results = {r.path: r for r in check_paths(["raw"], root=str(tmp_path))}
    bad = [r for r in results.values() if not r.ok]
    assert len(bad) == 1 and ORIGINAL in bad[0].error and TAKEOVER in bad[0].error


def test_without_a_previous_build_git_history_says_who_came_first(tmp_path):
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    _write(tmp_path, ORIGINAL, KON_TUM.read_bytes())
    env = {**os.environ, "GIT_AUTHOR_DATE": "2020-01-01T00:00:00", "GIT_COMMITTER_DATE": "2020-01-01T00:00:00"}
    subprocess.run([*git, "add", "-A"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "original"], cwd=tmp_path, check=True, env=env)
    _write(tmp_path, TAKEOVER, _forged())
    subprocess.run([*git, "add", "-A"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "forged"], cwd=tmp_path, check=True)
    docs = _by_source(site.generate(str(tmp_path), cache=False))  # a fresh checkout: no docs/ yet
    assert docs[ORIGINAL].path == URL and docs[TAKEOVER].error


NO_NUMBER = "BÁO CÁO\nTổng kết công tác dân vận năm 2020\n\nNăm 2020, công tác dân vận được triển khai.\n\nNơi nhận:\n- Lưu VP.\n"


def test_reports_without_a_number_keep_their_url_when_a_namesake_arrives(tmp_path):
    _write(tmp_path, "raw/x/z-first.txt", NO_NUMBER.encode())
    path = _by_source(site.generate(str(tmp_path), cache=False))["raw/x/z-first.txt"].path
    _write(tmp_path, "raw/x/a-later.txt", NO_NUMBER.replace("triển khai", "thực hiện").encode())
    docs = _by_source(site.generate(str(tmp_path), cache=False))
    assert docs["raw/x/z-first.txt"].path == path
    assert docs["raw/x/a-later.txt"].path == path[:-3] + "-2.md" and not docs["raw/x/a-later.txt"].error
