"""``baocao check``: a folder mixing good, legacy-encoded, broken and hostile raw files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import converters
from converters.cli import check
from converters.__main__ import main
from converters.read.decode import encode_legacy

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "raw").rglob("*.txt"))

HOSTILE_LINES = (
    "<script>alert('xss')</script> <img src=x onerror=alert(1)> [bấm](javascript:alert(1))\n\n"
    "{{ config }} --8<-- \"/etc/passwd\" [TOC] [bold red]rich markup[/] \u202eTU\u202c\n\n"
)


def hostile_report() -> str:
    """A real report with hostile paragraphs in the middle of its body."""
    lines = SAMPLES[3].read_text("utf-8").split("\n")
    middle = len(lines) // 2
    return "\n".join(lines[:middle]) + "\n\n" + HOSTILE_LINES + "\n".join(lines[middle:])


@pytest.fixture
def mixed(tmp_path, monkeypatch):
    """raw/ with 2 samples, a TCVN3 and a VNI copy, an empty, a fake PDF and a hostile file."""
    monkeypatch.setenv("COLUMNS", "250")  # wide table: file names on one line
    raw = tmp_path / "raw"
    (raw / "a").mkdir(parents=True)
    (raw / "b").mkdir()
    shutil.copy(SAMPLES[0], raw / "a" / "good-1.txt")
    shutil.copy(SAMPLES[1], raw / "b" / "good-2.txt")
    text = SAMPLES[2].read_text("utf-8")
    for enc in ("tcvn3", "vni"):
        # Another number for the VNI copy: two files of one document are an error (issue 15 item 7).
        legacy = "".join(c for c in (text if enc == "tcvn3" else text.replace("Số 415-KH/", "Số 416-KH/", 1))
                         if _encodable(c, enc))
        (raw / "b" / f"legacy-{enc}.txt").write_bytes(encode_legacy(legacy, enc))
    (raw / "a" / "empty.txt").write_bytes(b" \r\n\r\n")
    (raw / "a" / "scan.txt").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 4)
    (raw / "b" / "hostile.txt").write_text(hostile_report(), "utf-8")
    (raw / "b" / "notes.md").write_text("not a raw report", "utf-8")  # ignored: not a raw suffix
    monkeypatch.chdir(tmp_path)
    return raw


def _encodable(char, encoding):
    try:
        encode_legacy(char, encoding)
    except ValueError:
        return False
    return True


NAMES = ("good-1.txt", "good-2.txt", "legacy-tcvn3.txt", "legacy-vni.txt", "empty.txt", "scan.txt", "hostile.txt")


def by_name(results):
    return {Path(r.path).name: r for r in results}


def test_check_paths_reports_every_file_and_never_stops(mixed):
    results = check.check_paths(["raw"])
    names = by_name(results)
    assert sorted(names) == sorted(
        ["good-1.txt", "good-2.txt", "legacy-tcvn3.txt", "legacy-vni.txt", "empty.txt", "scan.txt", "hostile.txt"]
    )
    for ok in ("good-1.txt", "good-2.txt", "legacy-tcvn3.txt", "legacy-vni.txt", "hostile.txt"):
        assert names[ok].ok, names[ok].error
    assert names["legacy-tcvn3.txt"].encoding == "tcvn3"
    assert names["legacy-vni.txt"].encoding == "vni"
    assert names["good-1.txt"].encoding == "utf-8"
    assert names["good-1.txt"].doc_type  # metadata from the page
    empty, scan = names["empty.txt"], names["scan.txt"]
    assert not empty.ok and not empty.internal and "raw/a/empty.txt" in empty.error and "tệp rỗng" in empty.error
    assert not scan.ok and "PDF" in scan.error and "raw/a/scan.txt" in scan.error


def test_cli_prints_table_and_summary_and_exits_1_on_failure(mixed, capsys):
    code = main(["check"])
    out = capsys.readouterr().out
    assert code == 1
    for name in ("good-1.txt", "legacy-tcvn3.txt", "legacy-vni.txt", "empty.txt", "scan.txt", "hostile.txt"):
        assert name in out
    assert "Tệp" in out and "Cảnh báo / lỗi" in out
    rows = {name: line for line in out.splitlines() for name in NAMES if f"/{name} " in line}
    for name in ("good-1.txt", "good-2.txt", "legacy-tcvn3.txt", "legacy-vni.txt", "hostile.txt"):
        assert "Đạt" in rows[name], rows[name]
    for name in ("empty.txt", "scan.txt"):
        assert "Lỗi" in rows[name] and "Đạt" not in rows[name], rows[name]
    assert "không mở được tệp PDF" in out  # content decides: a damaged PDF, whatever its name
    assert re.search(r"^7 văn bản: 5 đạt, 2 lỗi, \d+ có cảnh báo$", out, re.M)
    assert "notes.md" not in out


def test_cli_exit_0_when_all_good(mixed, capsys):
    assert main(["check", "raw/a/good-1.txt", "raw/b/good-2.txt", "raw/b/legacy-vni.txt"]) == 0
    assert re.search(r"^3 văn bản: 3 đạt, 0 lỗi, \d+ có cảnh báo$", capsys.readouterr().out, re.M)


def test_missing_path_is_an_error(mixed, capsys):
    assert main(["check", "raw/a/good-1.txt", "raw/nowhere"]) == 1
    out = capsys.readouterr().out
    assert "raw/nowhere" in out and "không có tệp hoặc thư mục này" in out


def test_max_bytes_is_passed_to_the_decoder(mixed, capsys):
    assert main(["check", "raw/a/good-1.txt", "--max-bytes", "1000"]) == 1
    assert "quá lớn" in capsys.readouterr().out


def _with_warning(monkeypatch, name="good-2.txt", warning="footnote 7 is referenced but never defined"):
    """Make ``name`` the only document with a warning (whatever the converter finds today)."""
    real = converters.convert_file

    def convert_file(path, root=".", **options):
        page = real(path, root, **options)
        page.warnings[:] = [warning] if Path(path).name == name else []
        return page

    monkeypatch.setattr(converters, "convert_file", convert_file)


def test_strict_fails_on_warnings(mixed, capsys, monkeypatch):
    _with_warning(monkeypatch)
    args = ["check", "raw/a/good-1.txt", "raw/b/good-2.txt"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Đạt, 1 cảnh báo" in out and "footnote 7 is referenced but never defined" in out
    assert "2 văn bản: 2 đạt, 0 lỗi, 1 có cảnh báo" in out
    assert main([*args, "--strict"]) == 1


def test_unexpected_exception_is_an_internal_error_for_that_file_only(mixed, capsys, monkeypatch):
    real = converters.convert_file

    def convert_file(path, root=".", **options):
        if Path(path).name == "good-1.txt":
            raise RuntimeError("boom")
        return real(path, root, **options)

    monkeypatch.setattr(converters, "convert_file", convert_file)
    results = by_name(check.check_paths(["raw/a/good-1.txt", "raw/b/good-2.txt"]))
    assert results["good-1.txt"].internal
    assert results["good-1.txt"].error == ("raw/a/good-1.txt: lỗi nội bộ của bộ chuyển đổi: RuntimeError: boom "
                                           "(báo cho người phát triển, kèm tệp gốc)")
    assert results["good-2.txt"].ok
    assert main(["check", "raw/a/good-1.txt", "raw/b/good-2.txt"]) == 1
    assert "Lỗi nội bộ" in capsys.readouterr().out


def test_rich_markup_in_documents_is_printed_literally(mixed, capsys, monkeypatch):
    _with_warning(monkeypatch, "hostile.txt", "unknown symbol [bold]X[/bold]")
    (mixed / "b" / "[red]x.txt").write_text(hostile_report(), "utf-8")
    main(["check", "raw/b"])
    out = capsys.readouterr().out
    assert "raw/b/[red]x.txt" in out
    assert "unknown symbol [bold]X[/bold]" in out


def test_nothing_is_written(mixed):
    before = sorted(p for p in mixed.parent.rglob("*"))
    check.check_paths(["raw"])
    assert sorted(p for p in mixed.parent.rglob("*")) == before


def test_summary_and_exit_code():
    ok = check.CheckResult(path="a.txt")
    warned = check.CheckResult(path="b.txt", warnings=["w"])
    bad = check.CheckResult(path="c.txt", error="c.txt: tệp rỗng")
    assert check.summary([ok, warned, bad, ok, ok]) == "5 văn bản: 4 đạt, 1 lỗi, 1 có cảnh báo"
    assert check.exit_code([ok, warned]) == 0
    assert check.exit_code([ok, warned], strict=True) == 1
    assert check.exit_code([ok, bad]) == 1


def test_progress_bar_on_a_terminal_does_not_change_results(mixed, capsys, monkeypatch):
    monkeypatch.setattr(check, "PROGRESS_FROM", 2)
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich then treats stdout as a terminal
    monkeypatch.setattr(check, "check_paths", _counting(check.check_paths))
    assert main(["check"]) == 1
    assert _counting.on_file_given
    out = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", capsys.readouterr().out)
    assert re.search(r"^7 văn bản: 5 đạt, 2 lỗi, \d+ có cảnh báo$", out, re.M)


def _counting(real):
    def wrapper(*args, **kwargs):
        _counting.on_file_given = kwargs.get("on_file") is not None
        return real(*args, **kwargs)

    return wrapper


def test_table_is_readable_in_80_columns(mixed, monkeypatch, capsys):
    """Issue 16 §4: at 80 columns each document is one row of two columns (file and what was
    read; result and warnings), no line is wider than the terminal, words are not cut."""
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "Tệp" in out and "Kết quả, cảnh báo / lỗi" in out
    rows = {name: i for i, line in enumerate(lines) for name in NAMES if name in line}
    assert set(rows) == set(NAMES)  # every file name whole on one line
    # The result is on the row's first line, beside the folder.
    for name, i in rows.items():
        status = lines[i - 1]
        assert re.search(r"raw/[ab]/", status), (name, status)
        assert ("Lỗi" if name in ("empty.txt", "scan.txt") else "Đạt") in status, (name, status)


@pytest.mark.parametrize("command", [None, "add", "check", "build", "bundle", "convert"])
def test_usage_names_arguments_in_vietnamese(command, capsys, monkeypatch):
    """Issue 16 §4: the usage line's placeholders are Vietnamese words (``TỆP``, ``THƯ_MỤC``), not
    argparse's English defaults from option names (``FILE``, ``SITE_DIR``)."""
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit):
        main(([command] if command else []) + ["--help"])
    out = capsys.readouterr().out
    usage = out[: out.index("\n\n")]
    placeholders = re.findall(r"\b[^\W\d_a-z]{2,}(?:[_-][^\W\d_a-z]+)*\b", usage.replace("Cách dùng", ""))
    assert placeholders, usage
    assert [p for p in placeholders if p.isascii()] == [], usage


def test_every_message_of_the_check_is_vietnamese(mixed, capsys, monkeypatch):
    """Issue 16 §4: what ``baocao check`` prints for office staff (warnings, errors of bad files,
    a missing path) is Vietnamese."""
    from .vietnamese import english_words

    monkeypatch.setenv("COLUMNS", "200")
    results = check.check_paths(["raw", "raw/nowhere"])
    messages = [m for r in results for m in [r.error, *r.warnings] if m]
    assert sum(not r.ok for r in results) >= 3 and len(messages) >= 4
    assert {m: english_words(m) for m in messages if english_words(m)} == {}
    main(["check", "raw"])
    assert english_words(capsys.readouterr().out) == []


@pytest.mark.parametrize("command", [None, "add", "check", "build", "bundle", "convert"])
def test_every_command_help_fits_80_columns(command, capsys, monkeypatch):
    """Issue 16 §4: in an 80-column terminal no line of any ``--help`` is wider than the terminal
    (counted in characters: Vietnamese letters are one column each, not their UTF-8 bytes).
    Argparse wraps option help to ``COLUMNS`` itself; descriptions and epilogs are laid out by hand,
    so this guards those."""
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit) as exc:
        main(([command] if command else []) + ["--help"])
    assert exc.value.code == 0
    wide = [line for line in capsys.readouterr().out.splitlines() if len(line) > 80]
    assert wide == [], "\n".join(wide)
