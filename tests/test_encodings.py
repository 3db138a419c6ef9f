"""Encodings checked against independent references (issue [6/6] §2): right or refused, never silently wrong.

References: glibc iconv's ``TCVN5712-1`` and ``VISCII`` converters (when this
machine's iconv has them), Python's ``cp1258`` codec, ftfy for double-encoded
UTF-8.  Inputs are the sample reports of ``raw/`` made into what offices send:
legacy 8-bit files, Word exports with Windows-1252 punctuation, UTF-8 read as
Windows-1252 and saved again, a UTF-8 file with a line pasted from a TCVN3
document, and short texts.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from importlib import resources
from pathlib import Path

import pytest

from converters.errors import InputError
from converters.read.decode import (
    LEGACY_DECODERS,
    decode,
    decode_tcvn3,
    decode_viscii,
    decode_vni,
    encode_legacy,
    is_vietnamese_syllable,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "raw").rglob("*.txt"))
KON_TUM = next(p for p in SAMPLES if "kon-tum" in str(p))
#: Word's Windows-1252 punctuation, the characters TCVN3 bytes 85 and 91-97 stand for in Word exports.
WORD_PUNCTUATION = "…‘’“”•–—"


def _iconv_has(charset: str) -> bool:
    if shutil.which("iconv") is None:
        return False
    listed = subprocess.run(["iconv", "-l"], capture_output=True, text=True).stdout
    return any(name.strip().rstrip("/").upper() == charset for name in listed.replace(",", "\n").split())


def iconv(data: bytes, source: str, target: str) -> bytes:
    return subprocess.run(["iconv", "-f", source, "-t", target], input=data, capture_output=True, check=True).stdout


needs_viscii = pytest.mark.skipif(not _iconv_has("VISCII"), reason="glibc iconv without VISCII")
needs_tcvn = pytest.mark.skipif(not _iconv_has("TCVN5712-1"), reason="glibc iconv without TCVN5712-1")


def encodable(text: str, encoding: str) -> str:
    """``text`` without the characters (superscripts, some dashes) ``encoding`` cannot hold."""
    out = []
    for char in text:
        try:
            encode_legacy(char, encoding)
        except ValueError:
            continue
        out.append(char)
    return "".join(out)


def sloppy_cp1252(data: bytes) -> str:
    """Bytes read as Windows-1252 the way Windows does (its 5 undefined bytes as C1 controls)."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


# --- VISCII ---------------------------------------------------------------------------------------


def test_viscii_table_names_its_source():
    table = json.loads(resources.files("converters.read.data").joinpath("viscii.json").read_text("utf-8"))
    assert "RFC 1456" in table["source"] and "glibc" not in table["source"].lower()
    assert "GNU C Library charmap VISCII" in table["source"]


@needs_viscii
def test_viscii_decodes_every_byte_as_glibc_iconv():
    data = bytes(range(256))
    assert decode_viscii(data) == iconv(data, "VISCII", "UTF-8").decode("utf-8")


@needs_viscii
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.parent.name + "/" + p.name[:20])
def test_a_viscii_report_is_detected_not_read_as_tcvn3(path):
    # The issue's case: VISCII was read as TCVN3 ("TỈNH" -> "TỚNH") without a warning.
    text = encodable(path.read_text("utf-8"), "viscii")
    data = iconv(text.encode("utf-8"), "UTF-8", "VISCII")
    assert data == encode_legacy(text, "viscii")
    decoded = decode(data, "raw/x.txt")
    assert (decoded.encoding, decoded.warnings) == ("viscii", ())
    assert decoded.text == text
    assert "TỈNH" in decoded.text or "Tỉnh" in decoded.text


def test_viscii_uses_six_control_positions_for_capitals():
    assert decode_viscii(bytes([0x02, 0x05, 0x06, 0x14, 0x19, 0x1E])) == "ẲẴẪỶỸỴ"
    text = "ẲNG ẴNG ẪNG ỶNG ỸNG ỴNG " * 3 + "Báo cáo tổng kết"
    decoded = decode(encode_legacy(text, "viscii"), "raw/x.txt")
    assert (decoded.encoding, decoded.text) == ("viscii", text)


# --- TCVN3 against glibc's TCVN5712-1, Windows-1258 against Python's cp1258 ---------------------------


@needs_tcvn
def test_tcvn3_letters_decode_as_glibc_iconv():
    # Every byte alone, but the eight that Word uses for punctuation (decided by context below).
    for byte in range(256):
        if byte in (0x85, *range(0x91, 0x98)):
            continue
        assert decode_tcvn3(bytes([byte])) == iconv(bytes([byte]), "TCVN5712-1", "UTF-8").decode("utf-8"), hex(byte)


@needs_tcvn
def test_a_report_written_by_glibc_as_tcvn5712_decodes_back():
    text = encodable(KON_TUM.read_text("utf-8"), "tcvn3")
    text = "".join(c for c in text if c not in WORD_PUNCTUATION)  # glibc's table has no punctuation
    data = iconv(text.encode("utf-8"), "UTF-8", "TCVN5712-1")
    decoded = decode(data, "raw/x.txt")
    assert decoded.encoding == "tcvn3"
    assert decoded.text == unicodedata.normalize("NFC", text)


@needs_tcvn
@pytest.mark.parametrize("word", ["CỘNG", "HỌC", "HÒA", "CÓ", "TỎ", "ĐẶT", "LỊCH", "NGÕ"])
def test_vn1_capitals_in_words_are_letters_as_in_glibc(word):
    data = iconv(word.encode("utf-8"), "UTF-8", "TCVN5712-1")
    assert any(b in data for b in (0x85, *range(0x91, 0x98)))
    assert decode_tcvn3(data) == word == iconv(data, "TCVN5712-1", "UTF-8").decode("utf-8")


def test_windows_1258_is_pythons_cp1258_composed():
    text = encodable(KON_TUM.read_text("utf-8"), "windows-1258")
    data = encode_legacy(text, "windows-1258")
    decoded = decode(data, "raw/x.txt")
    assert decoded.encoding == "windows-1258"
    assert decoded.text == unicodedata.normalize("NFC", data.decode("cp1258")) == unicodedata.normalize("NFC", text)


# --- Word's punctuation in TCVN3 and VNI text -------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_word_punctuation_in_a_legacy_report(encoding):
    text = encodable(KON_TUM.read_text("utf-8"), encoding)
    text += "\nPhong trào “Dân vận khéo” – ‘thi đua’ — các nội dung… • Hội nghị “CỘNG ĐỒNG” (“CÓ”).\n"
    assert text.count("“") > 10
    data = encode_legacy(text, encoding)
    assert b"\x93" in data and b"\x85" in data
    decoded = decode(data, "raw/x.txt")
    assert decoded.encoding == encoding
    assert decoded.text == unicodedata.normalize("NFC", text)


@pytest.mark.parametrize(
    "raw, text",
    [
        (b"\x93D\xa9n v\xcbn kh\xd0o\x94", "“Dân vận khéo”"),  # quotes at a word's edges
        (b"C\x97NG H\x92A", "CỘNG HÒA"),  # capitals inside words
        (b"\x93C\x95\x94", "“CÓ”"),  # both at once: the fewest punctuation bytes that leave a syllable
        (b"n\xa8m 2020 \x96 2025", "năm 2020 – 2025"),  # alone: a dash
        (b"v.v\x85", "v.v…"),
        (b"\x95 N\xe9i dung", "• Nội dung"),
        (b"\x93UBND\x94", "“UBND”"),  # an acronym in quotes
        (b"don\x92t", "don’t"),  # after a lowercase letter: never a capital
        # Cases the corpus's reports showed (encoded as Word writes them):
        (b"H\x92re", "H’re"),  # the ethnic group Hrê, written with an apostrophe
        (b"\x93\xa8n tranh th\xf1", "“ăn tranh thủ"),  # not the syllable "Ỏăn": a capital needs an upper-case word
        (b"\x93a) C\xb8c c\xac quan", "“a) Các cơ quan"),
        (b"2026\x962030", "2026–2030"),  # between digits
        (b"S\xe8: \x85PKS", "Số: …PKS"),
        (b"T\xa6\x9bNGPH\x95 TH\x9e", "TƯỚNGPHÓ THỦ"),  # fused words: a bullet never closes a word
    ],
)
def test_word_punctuation_is_decided_by_context(raw, text):
    assert decode_tcvn3(raw) == text


def test_vni_reads_those_bytes_as_punctuation():
    assert decode_vni(b"\x93Co\xe4ng\x94 \x96 vv\x85") == "“Cộng” – vv…"


# --- double-encoded UTF-8 ---------------------------------------------------------------------------------


def test_double_encoded_report_is_repaired_and_recorded():
    text = KON_TUM.read_text("utf-8")
    data = sloppy_cp1252(text.encode("utf-8")).encode("utf-8")
    assert "BÃ¡o cÃ¡o".lower() in data.decode("utf-8").lower() or "Ã¡" in data.decode("utf-8")
    decoded = decode(data, "raw/x.txt")
    assert decoded.text == text
    assert decoded.encoding == "utf-8-double-encoded"
    (warning,) = decoded.warnings
    assert "mã hóa hai lần" in warning and "UTF-8" in warning


def test_one_double_encoded_line_is_repaired_alone():
    lines = KON_TUM.read_text("utf-8").split("\n")
    target = next(i for i, line in enumerate(lines) if len(line) > 80)
    broken = list(lines)
    broken[target] = sloppy_cp1252(lines[target].encode("utf-8"))
    decoded = decode("\n".join(broken).encode("utf-8"), "raw/x.txt")
    assert decoded.text == "\n".join(lines)
    assert decoded.encoding == "utf-8-double-encoded"
    assert f"dòng {target + 1} của tệp gốc" in decoded.warnings[0]


def test_issue_example_bao_cao():
    decoded = decode("BÃ¡o cÃ¡o tá»•ng káº¿t cÃ´ng tÃ¡c dÃ¢n váº­n\n".encode("utf-8"), "raw/x.txt")
    assert decoded.text == "Báo cáo tổng kết công tác dân vận\n"
    assert decoded.encoding == "utf-8-double-encoded"


# --- a UTF-8 file with a line pasted from a TCVN3 (or VNI) document ---------------------------------------


def _with_pasted_line(encoding: str, as_bytes: bool) -> tuple[bytes, str, int]:
    lines = KON_TUM.read_text("utf-8").split("\n")
    target = next(i for i, line in enumerate(lines) if len(line) > 80 and encodable(line, encoding) == line)
    encoded = [line.encode("utf-8") for line in lines]
    legacy = encode_legacy(lines[target], encoding)
    # Pasted as bytes (files joined) or as the mojibake a Windows-1252 editor showed and saved.
    encoded[target] = legacy if as_bytes else sloppy_cp1252(legacy).encode("utf-8")
    return b"\n".join(encoded), "\n".join(lines), target + 1


@pytest.mark.parametrize("as_bytes", [False, True], ids=["mojibake", "bytes"])
@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_a_pasted_legacy_line_is_repaired_with_a_warning(encoding, as_bytes):
    data, text, number = _with_pasted_line(encoding, as_bytes)
    decoded = decode(data, "raw/x.txt")
    assert decoded.text == text
    assert decoded.encoding == "utf-8"
    (warning,) = decoded.warnings
    assert f"dòng {number} của tệp gốc" in warning
    assert ("TCVN3" if encoding == "tcvn3" else "VNI") in warning


def test_issue_example_cong_hoa():
    text = "Báo cáo tổng kết công tác dân vận năm 2020 của Ban Thường vụ Tỉnh ủy.\n" * 3
    decoded = decode((text + "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n").encode("utf-8"), "raw/x.txt")
    assert decoded.text == text + "Cộng hoà xã hội chủ nghĩa Việt Nam\n"
    assert len(decoded.warnings) == 1


# --- short texts and TCVN3 capitals at C0 bytes -----------------------------------------------------------


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
@pytest.mark.parametrize(
    "text", ["Ngày 12 tháng 3 năm 2020", "Ngày", "Ý kiến", "Ứng dụng công nghệ", "ỨNG DỤNG", "Báo cáo tổng kết"]
)
def test_short_legacy_texts(encoding, text):
    data = encode_legacy(text, encoding)
    decoded = decode(data, "raw/x.txt")
    assert (decoded.encoding, decoded.text) == (encoding, text)


def test_tcvn3_capitals_at_c0_bytes_are_not_binary():
    text = "Ý KIẾN CỦA ỨNG VIÊN\nỨng dụng công nghệ thông tin, Ý kiến nhân dân.\n"
    data = encode_legacy(text, "tcvn3")
    assert sum(b < 0x20 and b not in b"\n" for b in data) > len(data) * 0.05
    assert decode(data, "raw/x.txt") == decode(data, "raw/x.txt")
    assert decode(data, "raw/x.txt").text == text


def test_binary_control_bytes_are_still_binary():
    with pytest.raises(InputError, match="nhị phân"):
        decode(bytes([0x01, 0x11, 0x16, 0x17, 0x41, 0x42]) * 100, "raw/x.txt")


def test_an_ambiguous_short_text_is_refused_not_guessed():
    # VN1 capitals "TỈNH ỦY" are also the VISCII "TỆNH ỤY": both read as Vietnamese.
    data = encode_legacy("TỈNH ỦY", "tcvn3")
    assert is_vietnamese_syllable(decode_viscii(data).split()[0])
    with pytest.raises(InputError, match="bảng mã"):
        decode(data, "raw/x.txt")


# --- what must stay unchanged -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.parent.name + "/" + p.name[:20])
def test_samples_are_left_as_they_are(path):
    data = path.read_bytes()
    decoded = decode(data, str(path))
    assert decoded.text == data.decode("utf-8-sig")
    assert decoded.warnings == ()


@pytest.mark.parametrize(
    "line",
    [
        "× rd,F + DD × rd,D",  # a formula: "×" is "ì" in TCVN3
        "Hội nghị tại Côte d'Ivoire và München, ông Müller phát biểu.",
        "«Dân vận khéo» đạt 25°C, tăng ±2%, diện tích 12 m² (§3).",
        "Cộng hoà xã hội chủ nghĩa Việt Nam – Độc lập – Tự do – Hạnh phúc…",
        "TÃ ng ÃÃ",
    ],
)
def test_unicode_lines_that_only_look_odd_stay(line):
    text = "Báo cáo tổng kết công tác dân vận năm 2020 của Ban Thường vụ Tỉnh ủy.\n" * 3 + line + "\n"
    decoded = decode(text.encode("utf-8"), "raw/x.txt")
    assert (decoded.text, decoded.encoding, decoded.warnings) == (text, "utf-8", ())


def test_every_legacy_decoder_is_tried():
    assert set(LEGACY_DECODERS) == {"windows-1258", "tcvn3", "vni", "viscii"}


# --- property: right or refused ---------------------------------------------------------------------------

from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

#: Words of a sample report (its syllables, numbers, symbols) and Word's punctuation.
WORDS = sorted(set(KON_TUM.read_text("utf-8").split()))[:3000] + list(WORD_PUNCTUATION) + ["\n"]


@settings(max_examples=150, deadline=None)
@given(
    encoding=st.sampled_from(["tcvn3", "vni", "viscii", "windows-1258"]),
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=30),
)
# Found by benchmarks/fuzz.py: charset-normalizer's guess for a word TCVN3 and VISCII both read.
@example(encoding="tcvn3", words=["tế"])
@example(encoding="viscii", words=["chương"])  # valid UTF-8 by accident
@example(encoding="tcvn3", words=["1408-QĐ/TU,"])  # an abbreviation with Đ is Vietnamese too
@example(encoding="tcvn3", words=["‘", "‘"])  # VISCII's "Ổ Ổ": lone letters are no evidence
@example(encoding="windows-1258", words=["/UBND-KGVX,", "đã"])
@example(encoding="tcvn3", words=["ở"])  # one byte, one lower-case letter: TCVN3, not a Windows-1252 guess
@example(encoding="tcvn3", words=["gì"])  # "gì" is a syllable (onset gi); VISCII reads "gừ": refused
def test_legacy_text_decodes_right_or_is_refused(encoding, words):
    text = encodable(" ".join(words), encoding)
    if not text.strip() or text.isascii():
        return
    data = encode_legacy(text, encoding)
    try:
        decoded = decode(data, "raw/x.txt")
    except InputError:
        return  # refused: too short or ambiguous to tell, said so
    assert decoded.text == unicodedata.normalize("NFC", text), decoded.encoding
