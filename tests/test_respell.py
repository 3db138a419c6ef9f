"""OCR'd header words put back in the lexicon's spelling (``converters/read/respell.py``).

Tesseract loses tone marks on the header's capitals (``BẢO CAO``) and on place
names (``Bác Ninh``); those words come from closed lists (types, issuing
bodies, provinces), so one that folds to exactly one entry is respelled, for
scans only, and every change is a warning.
"""

from __future__ import annotations

import pytest

from converters.read import emit
from converters.read.respell import respell, respell_header


@pytest.mark.parametrize(
    "line, expected",
    [
        ("BẢO CAO", "BÁO CÁO"),  # the type line (bold capitals) of two scanned samples
        ("QUYẾT ĐINH", "QUYẾT ĐỊNH"),
        ("TỈNH ỦY BÁC NINH", "TỈNH ỦY BẮC NINH"),  # an issuer: the province part
        ("ỦY BAN NHÂN DẪN", "ỦY BAN NHÂN DÂN"),  # an issuing body of casing.yml
    ],
)
def test_a_header_line_is_written_as_the_lexicon_writes_it(line, expected):
    assert respell(line)[0] == expected


@pytest.mark.parametrize(
    "line",
    [
        "TỈNH UỶ KIÊN GIANG",  # tone on the other vowel: a spelling of its own, kept
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "TỈNH DAK LAK",  # an alias the lexicon lists
        "BAN DÂN VẬN TỈNH ỦY",
        "BẢO VỆ",  # one word of a longer line is never compared alone
    ],
)
def test_a_spelling_the_lexicon_allows_or_does_not_know_is_kept(line):
    assert respell(line) == (line, [])


def test_a_place_is_compared_whole_with_the_provinces_and_their_seats():
    assert respell("Bác Ninh", ("province",), whole=True) == ("Bắc Ninh", ["province"])
    assert respell("Rạch Gia", ("province",), whole=True) == ("Rạch Giá", ["province"])  # a seat
    assert respell("Phường Bác Ninh", ("province",), whole=True) == ("Phường Bác Ninh", [])  # not a whole entry


def test_only_the_header_is_respelled_and_every_change_is_a_warning():
    items = [
        emit.Item("columns", cells=[["TỈNH ỦY BÁC NINH", "Số 12-BC/TU"], ["ĐẢNG CỘNG SẢN VIỆT NAM", "Bác Ninh, ngày 20 tháng 11 năm 2025"]]),
        emit.Item("para", lines=["BẢO CAO", "tổng kết công tác dân vận"]),
        emit.Item("para", text="BẢO CAO của các huyện gửi về đúng hạn."),
        emit.Item("para", lines=["BẢO CAO"]),  # after the body began: not the header
    ]
    warnings = respell_header(items)
    assert items[0].cells == [["TỈNH ỦY BẮC NINH", "Số 12-BC/TU"], ["ĐẢNG CỘNG SẢN VIỆT NAM", "Bắc Ninh, ngày 20 tháng 11 năm 2025"]]
    assert items[1].lines == ["BÁO CÁO", "tổng kết công tác dân vận"]
    assert items[2].text.startswith("BẢO CAO") and items[3].lines == ["BẢO CAO"]
    assert len(warnings) == 3
    assert "«BẢO CAO» thành «BÁO CÁO»" in warnings[2] and "tên loại văn bản" in warnings[2]
    assert all(w.startswith("nhận dạng chữ (OCR): đã sửa «") for w in warnings)


def _line(text, x, top, size=30.0):
    from converters.read.lines import Word

    out = []
    for t in text.split():
        out.append(Word(t, x, x + 15 * len(t), top, top + size, size))
        x += 15 * len(t) + 9
    return out


def test_a_scan_gets_the_lexicon_spelling_and_a_text_file_keeps_its_own(monkeypatch):
    """The reader knows the input was a scan: text input is never respelled."""
    from PIL import Image

    from converters import convert
    from converters.read import ocr

    body = _line("Năm 2025, công tác dân vận của tỉnh đạt nhiều kết quả, được nhân dân đồng tình ủng hộ và", 250, 560)
    mid = (150 + body[-1].x1) / 2

    def centred(text, top):
        width = sum(15 * len(t) + 9 for t in text.split()) - 9
        return _line(text, mid - width / 2, top)

    words = (
        _line("TỈNH ỦY BÁC NINH", 150, 200) + _line("ĐẢNG CỘNG SẢN VIỆT NAM", mid + 100, 200)
        + _line("Số 12-BC/TU", 200, 250) + _line("Bác Ninh, ngày 20 tháng 11 năm 2025", mid + 50, 250)
        + centred("BẢO CAO", 400) + centred("tổng kết công tác dân vận năm 2025", 440)
        + body + _line("tham gia tích cực.", 150, 600)
    )
    monkeypatch.setattr(ocr, "_check_tesseract", lambda source: "tesseract")
    monkeypatch.setattr(ocr, "engine_version", lambda exe: "tesseract 5")
    monkeypatch.setattr(ocr, "_images", lambda data, source: iter([Image.new("L", (2480, 3508), 255)]))
    monkeypatch.setattr(ocr, "_page_words", lambda exe, img, source: (words, [95.0] * len(words)))
    text, info = ocr.read_scan(b"", "scan.png")
    assert "BÁO CÁO" in text and "Bắc Ninh, ngày" in text and "BẢO CAO" not in text
    assert [w for w in info["warnings"] if "«BẢO CAO» thành «BÁO CÁO»" in w]
    page = convert(text.replace("BÁO CÁO", "BẢO CAO"), "bao-cao.txt")
    assert "BẢO CAO" in page.markdown or page.meta["doc_type"] == "Báo cáo"
    assert not [w for w in page.warnings if w.startswith("nhận dạng chữ (OCR): đã sửa")]


def test_the_editors_page_explains_a_respelled_line_in_vietnamese():
    from converters.site.editors import explain

    from .vietnamese import is_vietnamese

    [warning] = respell_header([emit.Item("para", lines=["BẢO CAO"])])
    assert is_vietnamese(warning)
    text = explain(warning, "raw/x/scan.png")
    assert "ảnh quét" in text and "BÁO CÁO" in text and "raw/x/scan.meta.yml" in text
