"""``baocao add``: show what was understood, store original bytes under a metadata name, never clobber.

Each test works in a temporary project directory (``tmp_path``) holding a
``raw/`` of its own; the repository's ``raw/`` is only read.
"""

from __future__ import annotations

import io
import re
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from converters.cli import add
from converters.__main__ import main
from converters.read.decode import encode_legacy

REPO = Path(__file__).resolve().parent.parent
KON_TUM = REPO / "raw/kon-tum/2016-11-18-bao-cao-111-bc-tu.txt"
KIEN_GIANG = REPO / "raw/kien-giang/2018-05-10-bao-cao-111-bc-bdv-bcsd.txt"
#: A made-up report that names no province anywhere (no header, no "tỉnh X").
NO_PROVINCE_TEXT = (
    "BÁO CÁO\nTổng kết công tác dân vận năm 2020\n\n"
    "Năm 2020, công tác dân vận của cơ quan được triển khai đồng bộ, đạt nhiều kết quả.\n\n"
    "Nơi nhận:\n- Lưu VP.\n"
)


class _Tty(io.StringIO):
    """A stdin that says it is a terminal, with a prepared answer."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A working directory with an empty ``raw/`` and an ``inbox/`` of new files; non-interactive stdin."""
    (tmp_path / "raw").mkdir()
    (tmp_path / "inbox").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    return tmp_path


def _tcvn3_ok(char: str) -> bool:
    try:
        encode_legacy(char, "tcvn3")
    except ValueError:
        return False
    return True


def raw_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in (root / "raw").rglob("*") if p.is_file())


def test_dry_run_shows_metadata_and_writes_nothing(project, capsys):
    shutil.copy(KON_TUM, project / "inbox/moi.txt")
    code = main(["add", "--dry-run", "inbox/moi.txt"])
    out = capsys.readouterr().out
    assert code == 0
    assert raw_files(project) == []
    for expected in ("Báo cáo", "111-BC/TU", "2016-11-18", "Kon Tum", "Y Mửi", "Chú thích", "Viện dẫn",
                     "raw/kon-tum/2016-bao-cao-111-bc-tu.txt", "Chạy thử"):
        assert expected in out, expected
    assert "1 tệp: 0 đã lưu, 0 đã có, 0 lỗi, 1 chưa lưu" in out


def test_legacy_encoding_is_stored_byte_for_byte(project, capsys):
    """A TCVN3 file is understood (Vietnamese metadata) and stored unchanged, not re-encoded."""
    data = encode_legacy("".join(c for c in KON_TUM.read_text(encoding="utf-8") if _tcvn3_ok(c)), "tcvn3")
    (project / "inbox/tcvn3.txt").write_bytes(data)
    code = main(["add", "--yes", "inbox/tcvn3.txt"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "tcvn3" in out and "Kon Tum" in out
    stored = project / "raw/kon-tum/2016-bao-cao-111-bc-tu.txt"
    assert stored.read_bytes() == data
    assert raw_files(project) == ["raw/kon-tum/2016-bao-cao-111-bc-tu.txt"]


def test_same_report_twice_is_recognized(project, capsys):
    shutil.copy(KON_TUM, project / "inbox/a.txt")
    shutil.copy(KON_TUM, project / "inbox/b.txt")
    # Both copies in one run: the second is the first's duplicate.
    assert main(["add", "--yes", "inbox/a.txt", "inbox/b.txt"]) == 0
    out = capsys.readouterr().out
    assert raw_files(project) == ["raw/kon-tum/2016-bao-cao-111-bc-tu.txt"]
    assert "2 tệp: 1 đã lưu, 1 đã có" in out
    # A later run: already there, nothing written, file untouched.
    before = os.stat(project / "raw/kon-tum/2016-bao-cao-111-bc-tu.txt").st_mtime_ns
    assert main(["add", "--yes", "inbox/a.txt"]) == 0
    out = capsys.readouterr().out
    assert "Đã có" in out and "Không có văn bản mới" in out
    assert raw_files(project) == ["raw/kon-tum/2016-bao-cao-111-bc-tu.txt"]
    assert os.stat(project / "raw/kon-tum/2016-bao-cao-111-bc-tu.txt").st_mtime_ns == before


def test_different_report_with_same_name_gets_a_suffix(project, capsys):
    shutil.copy(KON_TUM, project / "inbox/a.txt")
    assert main(["add", "--yes", "inbox/a.txt"]) == 0
    changed = KON_TUM.read_bytes() + "\nMột đoạn thêm vào bản sửa.\n".encode()
    (project / "inbox/b.txt").write_bytes(changed)
    assert main(["add", "--yes", "inbox/b.txt"]) == 0
    assert (project / "raw/kon-tum/2016-bao-cao-111-bc-tu.txt").read_bytes() == KON_TUM.read_bytes()
    assert (project / "raw/kon-tum/2016-bao-cao-111-bc-tu-2.txt").read_bytes() == changed


def test_unknown_province_goes_to_khong_ro_and_warning_is_shown(project, capsys):
    (project / "inbox/x.txt").write_text(NO_PROVINCE_TEXT, encoding="utf-8")
    assert main(["add", "--yes", "inbox/x.txt"]) == 0
    out = capsys.readouterr().out
    files = raw_files(project)
    # No number, no date: the name comes from the type and the subject, as the page URL does.
    assert files == ["raw/khong-ro/bao-cao-tong-ket-cong-tac-dan-van-nam-2020.txt"]
    assert "không rõ tỉnh" in out


def test_sidecar_is_honoured_and_copied(project, capsys):
    (project / "inbox/x.txt").write_text(NO_PROVINCE_TEXT, encoding="utf-8")
    (project / "inbox/x.meta.yml").write_text("province: Kiên Giang\ndate: 2020-12-15\n", encoding="utf-8")
    assert main(["add", "--yes", "inbox/x.txt"]) == 0
    files = raw_files(project)
    assert files == ["raw/kien-giang/2020-bao-cao-tong-ket-cong-tac-dan-van-nam-2020.meta.yml",
                     "raw/kien-giang/2020-bao-cao-tong-ket-cong-tac-dan-van-nam-2020.txt"]


def test_non_interactive_stdin_declines(project, capsys):
    shutil.copy(KON_TUM, project / "inbox/a.txt")
    assert main(["add", "inbox/a.txt"]) == 2
    out = capsys.readouterr().out
    assert "--yes" in out
    assert raw_files(project) == []


@pytest.mark.parametrize("answer, stored", [("c\n", True), ("có\n", True), ("k\n", False), ("\n", False)])
def test_prompt_answer(project, capsys, monkeypatch, answer, stored):
    shutil.copy(KON_TUM, project / "inbox/a.txt")
    monkeypatch.setattr(sys, "stdin", _Tty(answer))
    code = main(["add", "inbox/a.txt"])
    assert (raw_files(project) != []) is stored
    assert code == (0 if stored else 2)
    assert "Lưu 1 văn bản mới" in capsys.readouterr().out


def test_bad_file_is_reported_and_others_still_stored(project, capsys):
    (project / "inbox/rong.txt").write_bytes(b"   \n")
    shutil.copy(KON_TUM, project / "inbox/a.txt")
    assert main(["add", "--yes", "inbox/rong.txt", "inbox/a.txt", "inbox/khong-co.txt"]) == 1
    out = capsys.readouterr().out
    assert "tệp rỗng" in out or "tệp chỉ có khoảng trắng" in out
    assert "3 tệp: 1 đã lưu, 0 đã có, 2 lỗi" in out
    assert raw_files(project) == ["raw/kon-tum/2016-bao-cao-111-bc-tu.txt"]


def test_stored_name_agrees_with_page_url(project, capsys):
    """The raw name and the page URL come from the same metadata: the site publishes it there."""
    from converters.site import generate as site

    shutil.copy(KIEN_GIANG, project / "inbox/whatever-name.txt")
    assert main(["add", "--yes", "inbox/whatever-name.txt"]) == 0
    result = site.generate(str(project), docs_dir=str(project / "docs"))
    [doc] = result.docs
    assert doc.error is None
    assert doc.source == "raw/kien-giang/2018-bao-cao-111-bc-bdv-bcsd.txt"
    assert doc.path == "bao-cao/kien-giang/2018-bao-cao-111-bc-bdv-bcsd.md"
    assert (project / "docs" / doc.path).exists()


def test_progress_and_summary_for_many_files(project):
    """Several files through the real command line (a pipe, so no prompt): one summary line at the end."""
    for i in range(4):
        (project / f"inbox/{i}.txt").write_bytes(KON_TUM.read_bytes() + f"\nĐoạn {i}.\n".encode())
    proc = subprocess.run([sys.executable, "-m", "converters", "add", "--yes", "--raw-dir", "../raw", *sorted(os.listdir(project / "inbox"))],
                          cwd=project / "inbox", capture_output=True, text=True, env={**os.environ, "COLUMNS": "120"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "4 tệp: 4 đã lưu, 0 đã có, 0 lỗi, 0 chưa lưu"


def test_free_path_skips_taken_names(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x/a.txt").write_text("1")
    (tmp_path / "x/a-2.txt").write_text("2")
    assert add.free_path(str(tmp_path), "x/a.txt") == str(tmp_path / "x/a-3.txt")
    assert add.free_path(str(tmp_path), "x/b.txt", {os.path.normpath(str(tmp_path / "x/b.txt"))}) == str(tmp_path / "x/b-2.txt")


@pytest.mark.parametrize("command", ["add", "check", "build", "bundle", "convert"])
def test_every_command_help_has_an_example(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert re.search(r"^(examples?|ví dụ):\n  baocao " + command + r"\b", out, re.M), out


@pytest.mark.parametrize("command", [None, "add", "check", "build", "bundle", "convert"])
def test_every_command_help_is_vietnamese(command, capsys):
    """Issue 16 §4: ``--help`` of every command in Vietnamese for staff (argparse's own words too)."""
    from .vietnamese import english_words

    with pytest.raises(SystemExit) as exc:
        main(([command] if command else []) + ["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Cách dùng: baocao")
    assert english_words(out) == [], out


def test_argument_errors_are_vietnamese(capsys):
    from .vietnamese import english_words

    with pytest.raises(SystemExit) as exc:
        main(["convert"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "baocao convert: lỗi: thiếu tham số bắt buộc: TỆP" in err and "baocao convert --help" in err
    assert english_words(err) == [], err


# ------------------------------------------------------- issue [0/6] 5-6, issue 16 §4


def flat(out: str) -> str:
    """Console output with table borders and line wrapping taken out (one space between words)."""
    return re.sub(r"[\s│┃]+", " ", out)


def test_a_file_stored_meanwhile_is_never_replaced(project, capsys, monkeypatch):
    """Two clerks, one derived name: the other's file lands while this one reads the table."""
    shutil.copy(KON_TUM, project / "inbox/a.txt")
    target = project / "raw/kon-tum/2016-bao-cao-111-bc-tu.txt"
    other = KON_TUM.read_bytes() + "\nBản của người khác.\n".encode()

    def other_clerk(console, question, stdin=None):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(other)
        return True

    monkeypatch.setattr(add, "confirm", other_clerk)
    assert main(["add", "inbox/a.txt"]) == 0
    assert target.read_bytes() == other
    assert (project / "raw/kon-tum/2016-bao-cao-111-bc-tu-2.txt").read_bytes() == KON_TUM.read_bytes()
    assert "→ raw/kon-tum/2016-bao-cao-111-bc-tu-2.txt" in capsys.readouterr().out


def test_store_creates_exclusively_even_after_planning(project):
    """The name is free when planned and taken at the instant of storing: the next name is used."""
    shutil.copy(KON_TUM, project / "inbox/a.txt")
    cand = add.examine("inbox/a.txt")
    add.plan([cand], "raw")
    Path(cand.target).parent.mkdir(parents=True)
    Path(cand.target).write_bytes(b"taken")
    add.store(cand, "raw")
    assert Path("raw/kon-tum/2016-bao-cao-111-bc-tu.txt").read_bytes() == b"taken"
    assert cand.target.endswith("2016-bao-cao-111-bc-tu-2.txt") and Path(cand.target).read_bytes() == KON_TUM.read_bytes()
    assert [p.name for p in Path("raw/kon-tum").iterdir() if p.name.startswith(".")] == []  # no temporary left


def test_a_leftover_sidecar_is_never_adopted(project, capsys):
    from converters.site import generate as site

    (project / "raw/khong-ro").mkdir(parents=True)
    leftover = project / "raw/khong-ro/bao-cao-tong-ket-cong-tac-dan-van-nam-2020.meta.yml"
    leftover.write_text("province: Kon Tum\ntitle: báo cáo cũ đã xóa\n", encoding="utf-8")
    (project / "inbox/x.txt").write_text(NO_PROVINCE_TEXT, encoding="utf-8")
    assert main(["add", "--yes", "inbox/x.txt"]) == 0
    assert raw_files(project) == ["raw/khong-ro/bao-cao-tong-ket-cong-tac-dan-van-nam-2020-2.txt",
                                  "raw/khong-ro/bao-cao-tong-ket-cong-tac-dan-van-nam-2020.meta.yml"]
    [doc] = site.generate(str(project), docs_dir=str(project / "docs")).docs
    text = (project / "docs" / doc.path).read_text("utf-8")
    assert "Kon Tum" not in text and "báo cáo cũ" not in text


def test_same_bytes_with_a_different_sidecar_is_not_silently_already_there(project, capsys):
    shutil.copy(KON_TUM, project / "inbox/a.txt")
    assert main(["add", "--yes", "inbox/a.txt"]) == 0
    capsys.readouterr()
    (project / "inbox/a.meta.yml").write_text("title: trích yếu đã sửa\n", encoding="utf-8")
    assert main(["add", "--yes", "inbox/a.txt"]) == 1
    out = flat(capsys.readouterr().out)
    assert "Không lưu" in out and "tệp bổ sung khác" in out and "raw/kon-tum/2016-bao-cao-111-bc-tu.txt" in out
    assert "Đã có" not in out
    assert raw_files(project) == ["raw/kon-tum/2016-bao-cao-111-bc-tu.txt"]


@pytest.mark.parametrize("variant", ["tcvn3", "crlf", "spacing"])
def test_same_text_in_another_form_is_a_duplicate_naming_the_report(project, capsys, variant):
    """Issue 16 §4: a text identical to a stored report (other encoding, line ends, spacing) is "đã có"."""
    text = "".join(c for c in KON_TUM.read_text(encoding="utf-8") if _tcvn3_ok(c))
    (project / "raw/kon-tum").mkdir(parents=True)
    (project / "raw/kon-tum/ban-goc.txt").write_text(text, encoding="utf-8")
    data = {"tcvn3": encode_legacy(text, "tcvn3"), "crlf": text.replace("\n", "\r\n").encode("utf-8"),
            "spacing": text.replace(" ", "  ").replace("\n", " \n").encode("utf-8")}[variant]
    (project / "inbox/copy.txt").write_bytes(data)
    assert main(["add", "--yes", "inbox/copy.txt"]) == 0
    out = flat(capsys.readouterr().out)
    assert "Đã có" in out and "raw/kon-tum/ban-goc.txt" in out and "cùng nội dung chữ" in out
    assert raw_files(project) == ["raw/kon-tum/ban-goc.txt"]
