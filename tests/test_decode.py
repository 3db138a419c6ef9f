"""Decoding raw files: every encoding Vietnamese offices produce, and clear errors."""

from __future__ import annotations

import codecs
import json
import unicodedata
from importlib import resources
from pathlib import Path

import pytest

from converters.read.decode import (
    DEFAULT_MAX_BYTES,
    ENCODINGS,
    Decoded,
    decode,
    decode_tcvn3,
    decode_vni,
    encode_legacy,
    is_vietnamese_syllable,
)
from converters.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "raw").rglob("*.txt"))

TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
VOWELS = "aăâeêioôơuưy"


def all_letters() -> str:
    """Every Vietnamese letter, with every tone on each vowel, lowercase then uppercase."""
    lower = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES]
    lower += list("bcdđghklmnpqrstvx")
    return "".join(lower) + "".join(lower).upper()


LETTERS = all_letters()
#: The same letters as two words, one per case: a TCVN3 capital at bytes 85/91-97 is a
#: letter only after capitals (those bytes are Word's punctuation otherwise, see decode_tcvn3).
LETTER_WORDS = LETTERS[: len(LETTERS) // 2] + " " + LETTERS[len(LETTERS) // 2 :]


def syllable(letter: str) -> str:
    """A well-formed syllable holding ``letter``, in its case: ``tăn``, ``TỌN``, ``ty``, ``đa``."""
    if letter.lower() in "bcdđghklmnpqrstvx":
        word = letter + "a"
    elif unicodedata.normalize("NFD", letter.lower())[0] == "y":
        word = "t" + letter
    else:
        word = "t" + letter + "n"
    return word.upper() if letter.isupper() else word


#: Each letter in a syllable of its own case.
SYLLABLES = " ".join(syllable(c) for c in LETTERS)
#: A text with every letter in words, punctuation, numbers and line breaks.
TEXT = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\r\nĐộc lập - Tự do - Hạnh phúc\r\n\r\n"
    "BÁO CÁO\r\nsơ kết công tác dân vận năm 2020; tỷ lệ 84,23% (1.580 hộ).\r\n"
    "Người dân được hướng dẫn, khuyến khích tham gia xây dựng nông thôn mới.\r\n"
    + SYLLABLES
    + "\r\n"
)


def test_every_letter_is_in_the_test_text():
    assert len(set(LETTERS)) == 2 * (12 * 6 + 17)
    assert set(LETTERS) <= set(TEXT)


LEGACY = ["tcvn3", "vni", "windows-1258", "viscii"]


@pytest.mark.parametrize("encoding", LEGACY)
def test_every_letter_round_trips_through_each_legacy_table(encoding):
    from converters.read.decode import LEGACY_DECODERS

    encoded = encode_legacy(LETTER_WORDS, encoding)
    assert LEGACY_DECODERS[encoding](encoded) == LETTER_WORDS


@pytest.mark.parametrize("encoding", LEGACY)
def test_legacy_file_is_detected_and_decoded(encoding):
    data = encode_legacy(TEXT, encoding)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    decoded = decode(data, "raw/x.txt")
    assert decoded == Decoded(unicodedata.normalize("NFC", TEXT), encoding)


@pytest.mark.parametrize("encoding", LEGACY)
def test_a_sample_report_in_a_legacy_encoding_is_detected(encoding):
    # Drop the few characters (superscripts, dashes) the 8-bit encoding cannot hold.
    text = "".join(c for c in SAMPLES[0].read_text("utf-8") if _encodable(c, encoding))
    assert len(text) > 10_000
    decoded = decode(encode_legacy(text, encoding), "raw/x.txt")
    assert decoded.encoding == encoding
    assert decoded.text == unicodedata.normalize("NFC", text)


def _encodable(char: str, encoding: str) -> bool:
    try:
        encode_legacy(char, encoding)
    except (ValueError, UnicodeEncodeError):
        return False
    return True


def test_tcvn3_mojibake_from_the_issue():
    assert decode_tcvn3("B¸o c¸o".encode("cp1252")) == "Báo cáo"
    assert decode_tcvn3("Céng hoµ x· héi chñ nghÜa ViÖt Nam".encode("cp1252")) == "Cộng hoà xã hội chủ nghĩa Việt Nam"


def test_vni_mojibake():
    assert decode_vni("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam".encode("cp1252")) == "Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert decode_vni("ÑAÛNG COÄNG SAÛN VIEÄT NAM".encode("cp1252")) == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert decode_vni("ngöôøi".encode("cp1252")) == "người"


def test_tcvn3_combining_tone_marks_are_composed():
    # B0-B4 are combining tone marks in TCVN 5712:1993: "a" + acute (B3) is "á".
    assert decode_tcvn3(b"a\xb3") == "á"


def test_tcvn3_vn3_subset_covers_every_lowercase_letter():
    table = json.loads(resources.files("converters.read.data").joinpath("tcvn3.json").read_text("utf-8"))
    vn3 = {table["decode"][b] for b in table["vn3"]}
    lower = {c for c in LETTERS if c.islower() and not c.isascii()}
    assert lower <= vn3
    assert table["source"].startswith("TCVN 5712:1993")


def test_vni_table_names_its_source():
    table = json.loads(resources.files("converters.read.data").joinpath("vni.json").read_text("utf-8"))
    assert "VNI" in table["source"]
    assert len(table["letters"]) == 2 * (12 * 6 + 1 - 6)  # toned vowels + đ, minus plain a e i o u y


# --- Unicode encodings -----------------------------------------------------------------------


def test_utf8_without_bom():
    assert decode(TEXT.encode("utf-8"), "x") == Decoded(TEXT, "utf-8")


def test_utf8_with_bom():
    assert decode(codecs.BOM_UTF8 + TEXT.encode("utf-8"), "x") == Decoded(TEXT, "utf-8-sig")


@pytest.mark.parametrize("codec, name", [("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")])
def test_utf16_with_bom(codec, name):
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    assert decode(bom + TEXT.encode(codec), "x") == Decoded(TEXT, name)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_told_by_its_nul_bytes(codec):
    assert decode(TEXT.encode(codec), "x") == Decoded(TEXT, codec)


def test_decomposed_utf8_is_left_for_normalize():
    nfd = unicodedata.normalize("NFD", "Việt Nam")
    assert decode(nfd.encode("utf-8"), "x").text == nfd


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_samples_decode_as_utf8(path):
    decoded = decode(path.read_bytes(), str(path))
    assert decoded.encoding in ("utf-8", "utf-8-sig")


def test_encoding_names_are_canonical():
    assert set(ENCODINGS) == {
        "utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "utf-8-double-encoded", "windows-1258", "tcvn3", "vni", "viscii"
    }


# --- errors ------------------------------------------------------------------------------------


def error(data: bytes, **options) -> InputError:
    with pytest.raises(InputError) as info:
        decode(data, "raw/tinh/bad.txt", **options)
    assert info.value.source == "raw/tinh/bad.txt"
    assert str(info.value).startswith("raw/tinh/bad.txt: ")
    assert info.value.hint
    return info.value


@pytest.mark.parametrize("data", [b"", b"   \r\n\t\n", codecs.BOM_UTF8 + b" \n", codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"),
                                  "\u00a0\u200b \n".encode("utf-8")])
def test_empty_or_blank_file(data):
    exc = error(data)
    assert exc.reason in ("tệp rỗng", "tệp chỉ có khoảng trắng")


@pytest.mark.parametrize(
    "data, what",
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), ".doc"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"GIF89a\x01\x00\x01\x00", "GIF"),
        (b"{\\rtf1\\ansi B\\'e1o c\\'e1o}", "RTF"),
    ],
)
def test_binary_formats_are_named(data, what):
    exc = error(data)
    assert what in exc.reason
    assert "Plain Text" in exc.hint


def test_many_nul_or_control_bytes_are_binary():
    exc = error(b"abc\x00\x01\x02\x03def\x00\x00ghi" * 100)
    assert "nhị phân" in exc.reason


def test_few_control_bytes_still_decode():
    data = ("Báo cáo\x00 tổng kết\x07\n" + "Nội dung báo cáo. " * 50).encode("utf-8")
    assert decode(data, "x").encoding == "utf-8"


def test_file_over_the_size_limit():
    exc = error(b"a" * 1001, max_bytes=1000)
    assert "quá lớn" in exc.reason and "1000 byte" in exc.reason
    assert "--max-bytes" in exc.hint
    assert decode(b"a" * 1000, "x", max_bytes=1000).text == "a" * 1000
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024


def test_damaged_utf16():
    exc = error(codecs.BOM_UTF16_LE + "Báo cáo".encode("utf-16-le") + b"\x00\xd8")  # lone surrogate
    assert "UTF-16" in exc.reason


def test_undecidable_encoding():
    # Random high bytes: no legacy decoding reads as Vietnamese words.
    exc = error(bytes([0x80 + (i * 37) % 127 for i in range(400)]) + b" xyz \xa5\xbf\x99 qq\x8e\x8e")
    assert "bảng mã" in exc.reason
    assert "UTF-8" in exc.hint


def test_utf8_with_a_few_stray_bytes_is_still_utf8_with_a_warning():
    data = TEXT.encode("utf-8") + b"\x96 2020\n" + TEXT.encode("utf-8")
    decoded = decode(data, "x")
    assert decoded.encoding == "utf-8"
    assert decoded.text == TEXT + "\u2013 2020\n" + TEXT
    assert decoded.warnings == ("1 byte không phải UTF-8 đã được đọc theo mã Windows-1252 (thường do chép từ Word)",)
    assert decode(TEXT.encode("utf-8"), "x").warnings == ()
    with_bom = decode(codecs.BOM_UTF8 + data, "x")
    assert (with_bom.encoding, with_bom.text) == ("utf-8-sig", decoded.text)
    assert with_bom.warnings == decoded.warnings


def test_mostly_ascii_text_with_a_stray_windows_1252_byte():
    # Too few non-ASCII words to score: charset-normalizer places it.
    decoded = decode(b"Report 2020 \x96 final version\n", "x")
    assert decoded == Decoded("Report 2020 \u2013 final version\n", "windows-1252")


def test_syllables():
    for word in ("nghiêng", "khuỷu", "người", "quốc", "giữ", "thuở", "Đảng", "XÃ"):
        assert is_vietnamese_syllable(word), word
    for word in ("c¸o", "Baùo", "hîp", "tiếnnn", "ááá", "báó"):
        assert not is_vietnamese_syllable(word), word


# --- properties ----------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=400, deadline=None)
@given(data=st.binary(max_size=600))
def test_random_bytes_decode_or_raise_input_error(data):
    try:
        decoded = decode(data, "raw/random.txt")
    except InputError as exc:
        assert exc.source == "raw/random.txt" and exc.reason and exc.hint
    else:
        assert isinstance(decoded.text, str) and decoded.text.strip()
        assert decoded.encoding


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(LETTERS + " ,.\n0123456789"), min_size=1, max_size=300))
def test_vietnamese_text_round_trips_through_utf8_and_utf16(text):
    if not text.strip():
        return
    for codec in ("utf-8", "utf-16"):
        assert decode(text.encode(codec), "x").text == text
