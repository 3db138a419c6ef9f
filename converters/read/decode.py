"""Bytes of a raw file to text: detect the encoding, refuse what is not text.

Raw reports come from many offices and tools.  :func:`decode` recognizes, in
this order:

1. files too large (over ``max_bytes``), empty files, and binary files (PDF,
   DOCX/ZIP, old Word ``.doc``, RTF, PNG/JPEG/GIF, or many NUL/control bytes;
   the C0 bytes that are letters in TCVN3 or VISCII count only when no
   legacy decoding reads as Vietnamese): :class:`~converters.errors.InputError`;
2. a byte-order mark: UTF-8 (``utf-8-sig``), UTF-16 LE/BE;
3. UTF-16 without BOM, told by its NUL bytes: ASCII characters of UTF-16 text
   have a NUL high byte, so NULs sit at every odd (LE) or even (BE) offset;
4. valid UTF-8 (``utf-8``): legacy 8-bit Vietnamese text is practically never
   valid UTF-8, so UTF-8 wins whenever it decodes (unless it is ASCII plus
   C0 bytes that are TCVN3/VISCII capitals);
5. the legacy 8-bit Vietnamese encodings: Windows-1258 (Python's ``cp1258``
   codec: base letters plus combining tone marks), TCVN3 (ABC, ``.VnTime``
   fonts), VNI (VNI-Windows fonts) and VISCII (RFC 1456), with tables in
   ``data/tcvn3.json``, ``data/vni.json`` and ``data/viscii.json``.  Read as
   Windows-1252 these give mojibake such as ``B¸o c¸o`` (TCVN3) or ``Baùo
   caùo`` (VNI); each candidate decoding is scored by the share of its
   non-ASCII words that are valid Vietnamese syllables
   (:func:`vietnamese_score`) and the clear winner is taken, also for a text
   of one Vietnamese word;
6. text with only a few non-ASCII characters that none of those explains:
   charset-normalizer's best guess, when it has one.

Unicode text (steps 2-4) is then repaired line by line, with a Vietnamese
warning each time: UTF-8 that was read as Windows-1252 and saved again
(``BÃ¡o cÃ¡o``, fixed by ftfy; ``source_encoding`` becomes
``utf-8-double-encoded``), and lines pasted from a TCVN3 or VNI document
(``Céng hoµ``), decoded again from their bytes when that reads as Vietnamese.

Anything else raises :class:`InputError` ("cannot tell the encoding").
Legacy decodings are returned in NFC (their tone marks may come as combining
characters); other text is returned as decoded, for ``normalize`` to fix.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from converters.errors import InputError

#: Default size limit in bytes (20 MiB): far above any real report (the
#: samples are 20-60 KB), low enough that a mistaken dump or log is refused.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

#: Canonical encoding names recorded in ``Decoded.encoding`` / ``source_encoding``.
ENCODINGS = (
    "utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "utf-8-double-encoded",
    "windows-1258", "tcvn3", "vni", "viscii",
)

#: How many bytes the binary and UTF-16 sniffers look at.
_SNIFF_BYTES = 64 * 1024
#: How many characters of each candidate decoding are scored (enough words to
#: decide; keeps detection linear and fast on large files).
_SCORE_CHARS = 200_000

#: Leading bytes of file formats that are not text, with a name for messages.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "một tệp PDF"),
    (b"PK\x03\x04", "một tệp nén ZIP hoặc tệp Word .docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "một tệp Word cũ .doc (hoặc Excel .xls)"),
    (b"{\\rtf", "một tệp RTF"),
    (b"\x89PNG\r\n\x1a\n", "một ảnh PNG"),
    (b"\xff\xd8\xff", "một ảnh JPEG"),
    (b"GIF87a", "một ảnh GIF"),
    (b"GIF89a", "một ảnh GIF"),
)

_SAVE_AS_TEXT = "mở tệp bằng Word, chọn Lưu thành (Save As) > «Plain Text» (.txt), mã «Unicode (UTF-8)»"


@dataclass(frozen=True)
class Decoded:
    """Decoded text of a raw file and the name of the encoding it was in.

    ``encoding`` is one of :data:`ENCODINGS`, or, for text that only
    charset-normalizer could place, the Python codec name it gave.
    ``warnings`` says what decoding had to repair (for the page's
    ``warnings``), e.g. stray non-UTF-8 bytes in UTF-8 text.
    """

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def decode(data: bytes, source: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Decode the raw file ``data`` (bytes) named ``source`` to text.

    Returns :class:`Decoded` (text, canonical encoding name).  Raises
    :class:`InputError` naming ``source`` when the file is over ``max_bytes``
    bytes, empty or blank, binary, damaged UTF-16, or in an encoding that
    cannot be decided.  See the module docstring for the detection order.
    """
    if len(data) > max_bytes:
        raise InputError(
            source,
            f"tệp quá lớn ({_size(len(data))}; giới hạn là {_size(max_bytes)})",
            "kiểm tra đây có đúng là một văn bản không; nếu đúng, nâng giới hạn (--max-bytes)",
        )
    if not data.strip():
        raise InputError(source, "tệp rỗng", "chép lại nội dung văn bản vào tệp này")
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            raise InputError(source, f"tệp không phải chữ mà là {what}", _SAVE_AS_TEXT)

    if data.startswith(b"\xef\xbb\xbf"):
        repaired = _utf8_with_stray_bytes(data[3:])
        if repaired is not None:
            decoded = Decoded(repaired.text, "utf-8-sig", repaired.warnings)
        else:
            decoded = Decoded(_strict(data[3:], "utf-8", source), "utf-8-sig")
    elif data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        encoding = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        decoded = Decoded(_strict(data[2:], encoding, source), encoding)
    elif (bomless := _utf16_without_bom(data)) is not None:
        decoded = Decoded(_strict(data, bomless, source), bomless)
        _refuse_binary_text(decoded.text, source)
    else:
        # Controls that are TCVN3/VISCII capitals decide "binary" only if no legacy reading is Vietnamese.
        maybe_binary = _refuse_binary(data, source)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            decoded = _utf8_with_stray_bytes(data) or _decode_legacy(data, source, maybe_binary)
        else:
            legacy = _best_legacy(data) if _may_be_legacy(data, text) else None
            if legacy is None and maybe_binary:
                _raise_binary(source)
            decoded = legacy or Decoded(text, "utf-8")

    if decoded.encoding in _UNICODE:
        decoded = _repair_lines(decoded)
    if not _has_content(decoded.text):
        raise InputError(source, "tệp chỉ có khoảng trắng", "chép lại nội dung văn bản vào tệp này")
    return decoded


# ---------------------------------------------------------------------------
# sniffers

#: Below this size valid UTF-8 may be legacy text by accident (VISCII "chương" is the
#: UTF-8 of "châ\u07fdng"); above it an accident is practically impossible.
_SHORT_TEXT = 4096


def _may_be_legacy(data: bytes, text: str) -> bool:
    """True when valid UTF-8 ``text`` might rather be legacy 8-bit text: worth scoring the legacy readings.

    ASCII with C0 bytes that are TCVN3/VISCII capitals (``\x11NG`` is ``ỨNG``),
    or a short text whose non-ASCII words are mostly not Vietnamese.
    """
    if text.isascii():
        return data.translate(None, _LETTER_CONTROLS) != data
    if len(data) >= _SHORT_TEXT:
        return False
    share, count = vietnamese_score(text)
    return count > 0 and share < 0.5



def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n} byte"


def _strict(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            source,
            f"tệp có vẻ là chữ mã {encoding.upper()} nhưng bị hỏng ở byte thứ {exc.start}",
            "xuất lại nội dung văn bản, mã «Unicode (UTF-8)»",
        ) from exc


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when NULs sit at one byte parity only, else ``None``.

    In UTF-16 text every ASCII character (spaces, digits, most letters even in
    Vietnamese) has a NUL high byte; 8-bit text has no NULs at all.
    """
    sample = data[:_SNIFF_BYTES]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    sample = sample[: len(sample) // 2 * 2]
    half = len(sample) // 2
    even = sample[0::2].count(0) / half
    odd = sample[1::2].count(0) / half
    if odd >= 0.2 and even <= 0.02:
        return "utf-16-le"
    if even >= 0.2 and odd <= 0.02:
        return "utf-16-be"
    return None


#: C0 controls that text files do not contain (tab, LF, VT, FF, CR, and the
#: DOS end-of-file mark 0x1A excepted), and DEL.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0E, 0x0F, *range(0x10, 0x1A), *range(0x1B, 0x20), 0x7F])
#: C0 bytes that are capital letters in TCVN3 (VN1: Ú Ụ Ừ Ử Ữ Ứ Ự Ỳ Ỷ Ỹ Ý Ỵ) or in
#: VISCII (Ẳ Ẵ Ẫ Ỷ Ỹ Ỵ); see ``data/tcvn3.json`` and ``data/viscii.json``.
_LETTER_CONTROLS = bytes([0x01, 0x02, 0x04, 0x05, 0x06, *range(0x11, 0x18), 0x19, 0x1E])
_OTHER_CONTROLS = bytes(b for b in _CONTROL_BYTES if b not in _LETTER_CONTROLS)


def _refuse_binary(data: bytes, source: str) -> bool:
    """Raise when the first 64 KB hold many NUL or control bytes.

    A few stray control characters are removed by ``normalize``; more than 1%
    NULs or 5% control bytes mean the file is not text at all.  Returns True
    when the file passes only because the C0 bytes that are TCVN3/VISCII
    capitals were not counted: it is binary unless a legacy decoding of it
    reads as Vietnamese (the caller decides).
    """
    sample = data[:_SNIFF_BYTES]
    nul = sample.count(0)
    other = len(sample) - len(sample.translate(None, _OTHER_CONTROLS))
    if nul > len(sample) * 0.01 or other > len(sample) * 0.05:
        _raise_binary(source)
    letters = len(sample) - len(sample.translate(None, _LETTER_CONTROLS))
    return other + letters > len(sample) * 0.05


def _raise_binary(source: str) -> None:
    raise InputError(
        source,
        "tệp chứa dữ liệu nhị phân, không phải chữ (nhiều byte NUL hoặc ký tự điều khiển)",
        _SAVE_AS_TEXT,
    )


#: A character that shows: not a space, control, format or zero-width character.
_VISIBLE = re.compile(r"[^\s\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def _has_content(text: str) -> bool:
    """True when ``text`` holds something other than spaces and invisible characters."""
    return _VISIBLE.search(text) is not None


def _refuse_binary_text(text: str, source: str) -> None:
    """Raise when decoded UTF-16 text is mostly control characters (binary with NULs)."""
    sample = text[: _SNIFF_BYTES // 2]
    control = sum(1 for char in sample if char < " " and char not in "\t\n\r\x0b\x0c")
    if control > len(sample) * 0.05:
        raise InputError(source, "tệp chứa dữ liệu nhị phân, không phải chữ (nhiều ký tự điều khiển)", _SAVE_AS_TEXT)


#: UTF-8 text may hold this share of stray bytes (per non-ASCII character)
#: and still be read as UTF-8; and needs this many valid non-ASCII characters.
_MAX_STRAY_SHARE = 0.01
_MIN_UTF8_CHARS = 50
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def _utf8_with_stray_bytes(data: bytes) -> Decoded | None:
    """UTF-8 text with a few invalid bytes (files pasted together, one bad copy).

    A line whose bytes read as Vietnamese in TCVN3 or VNI (pasted from an old
    document) is decoded so, with a warning (:func:`_legacy_line`).  Other
    invalid bytes are read as Windows-1252 characters rather than U+FFFD,
    which means "lost footnote" in these texts; a warning lists how many.
    Returns ``None`` unless the file, those lines aside, is overwhelmingly
    valid UTF-8 (or valid).
    """
    text = data.decode("utf-8", errors="surrogateescape")
    if not _ESCAPED_BYTE.search(text):
        return Decoded(text, "utf-8")
    escaped = len(_ESCAPED_BYTE.findall(text))
    if len(text) - len(text.encode("ascii", errors="ignore")) - escaped < max(_MIN_UTF8_CHARS, escaped):
        return None  # more bytes that are not UTF-8 than UTF-8 letters: an 8-bit file, not pasted lines
    table = _cp1252_chars()
    lines = text.split("\n")
    pasted: dict[str, list[int]] = {}
    stray = 0
    for number, line in enumerate(lines, start=1):
        escaped = len(_ESCAPED_BYTE.findall(line))
        if not escaped:
            continue
        as_cp1252 = _ESCAPED_BYTE.sub(lambda m: table[ord(m.group()) - 0xDC00], line)
        legacy = _legacy_line(line.encode("utf-8", errors="surrogateescape"), as_cp1252)
        if legacy is not None:
            pasted.setdefault(legacy[0], []).append(number)
            lines[number - 1] = legacy[1]
        else:
            stray += escaped
            lines[number - 1] = as_cp1252
    repaired = {number for numbers in pasted.values() for number in numbers}
    kept = "".join(line for number, line in enumerate(lines, start=1) if number not in repaired)
    valid = len(kept) - len(kept.encode("ascii", errors="ignore")) - stray
    if valid < _MIN_UTF8_CHARS or stray > valid * _MAX_STRAY_SHARE:
        return None
    warnings = [_pasted_warning(name, numbers) for name, numbers in pasted.items()]
    if stray:
        warnings.append(f"{stray} byte không phải UTF-8 đã được đọc theo mã Windows-1252 (thường do chép từ Word)")
    return Decoded("\n".join(lines), "utf-8", tuple(warnings))


# ---------------------------------------------------------------------------
# repairs of Unicode text: double-encoded UTF-8, lines pasted from TCVN3/VNI

#: Encodings whose text :func:`_repair_lines` looks at.
_UNICODE = frozenset({"utf-8", "utf-8-sig", "utf-16-le", "utf-16-be"})
#: Windows-1252's characters for bytes 80-9F (what a UTF-8 continuation byte becomes when
#: UTF-8 is read as Windows-1252).
_CP1252_HIGH = "\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d" \
    "\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178"
#: Those of them that are not punctuation Vietnamese text uses (quotes, dashes, bullet, ellipsis).
_CP1252_LETTERS = "".join(c for c in _CP1252_HIGH if c not in "\u2018\u2019\u201c\u201d\u2013\u2014\u2022\u2026")
#: A UTF-8 lead byte of Vietnamese text (C2-C6 Latin letters, CC-CD combining marks, E1 the
#: U+1Exx block, E2 punctuation) read as Windows-1252, followed by a continuation byte so read:
#: ``Ã¡`` for ``á``, ``á»`` for the start of ``ộ``.  Only a pre-filter: ftfy decides.
_DOUBLE_UTF8 = re.compile("[\u00c2-\u00c6\u00cc\u00cd\u00e1\u00e2][\u0080-\u00bf" + _CP1252_HIGH + "]")
#: Characters of TCVN3 or VNI text read as Windows-1252 that Vietnamese Unicode text does not
#: use: Latin-1 symbols and letters outside Vietnamese (but § « ° ± ² ³ ¹ » that it does), and
#: the C0 bytes that are TCVN3 capitals.
#: Only a pre-filter: the syllable score decides.
_LEGACY_MOJIBAKE = re.compile(
    "[\x01\x02\x04-\x06\x11-\x17\u00a1-\u00a6\u00a8-\u00aa\u00ac-\u00af\u00b4-\u00b8\u00ba\u00bc-\u00bf"
    "\u00c4-\u00c7\u00cb\u00ce-\u00d1\u00d6-\u00d8\u00db\u00dc\u00de\u00df\u00e4-\u00e7\u00eb\u00ee-\u00f1"
    "\u00f6-\u00f8\u00fb\u00fc\u00fe\u00ff" + _CP1252_LETTERS + "]"
)
#: Legacy encodings a line pasted into Unicode text is tried in.
_PASTED_ENCODINGS = ("tcvn3", "vni")
_ENCODING_LABELS = {"tcvn3": "TCVN3 (ABC, phông .VnTime)", "vni": "VNI (phông VNI-Times)"}


def _line_list(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10])
    return shown + (f" và {len(numbers) - 10} dòng khác" if len(numbers) > 10 else "")


def _pasted_warning(encoding: str, numbers: list[int]) -> str:
    return (
        f"{len(numbers)} dòng chép từ văn bản mã {_ENCODING_LABELS[encoding]} đã được chuyển sang Unicode "
        f"(dòng {_line_list(numbers)} của tệp gốc). Xem lại các dòng đó trên trang; nếu còn sai, sửa "
        "tệp gốc bằng Unikey (chuyển mã sang Unicode) rồi lưu dạng «Plain Text», mã «Unicode (UTF-8)»."
    )


def _legacy_line(raw: bytes, current: str) -> tuple[str, str] | None:
    """``(encoding, text)`` when the bytes ``raw`` of one line read as Vietnamese in TCVN3 or VNI.

    ``current`` is the line as it reads now; it must score clearly worse
    (:func:`vietnamese_score`): at least two non-ASCII words, 80% of them
    syllables, and 50 points above the current reading; and two of them
    must be syllables of several letters (a formula's ``×`` reads as the
    word ``ì`` in TCVN3).
    """
    share, _count = vietnamese_score(current)
    best = None
    for name in _PASTED_ENCODINGS:
        text = LEGACY_DECODERS[name](raw)
        score, count = vietnamese_score(text)
        if count >= 2 and score >= 0.8 and score - share >= 0.5 and _words_of_letters(text, lone_lowercase=False) >= 2 and (
            best is None or score > best[0]
        ):
            best = (score, name, text)
    return None if best is None else (best[1], best[2])


@cache
def _cp1252_bytes() -> dict[str, int]:
    """Character -> byte for Windows-1252 (its undefined bytes as the C1 controls)."""
    return {char: byte for byte, char in enumerate(_cp1252_chars())}


def _repair_lines(decoded: Decoded) -> Decoded:
    """Repair double-encoded UTF-8 lines (ftfy) and lines pasted from TCVN3/VNI, with warnings.

    Each line is looked at alone, so a file with one bad line keeps its good
    ones.  Text without the tell-tale characters is returned as is (fast path).
    """
    text = decoded.text
    double = _DOUBLE_UTF8.search(text) is not None
    pasted_chars = _LEGACY_MOJIBAKE.search(text) is not None
    if not (double or pasted_chars):
        return decoded
    lines = text.split("\n")
    fixed_double: list[int] = []
    pasted: dict[str, list[int]] = {}
    to_byte = _cp1252_bytes()
    missed: list[int] = []
    # Only the lines holding a tell-tale are looked at (both patterns match within a line).
    double_lines = _lines_with(_DOUBLE_UTF8, text) if double else set()
    pasted_lines = _lines_with(_LEGACY_MOJIBAKE, text) if pasted_chars else set()
    for number in sorted(double_lines | pasted_lines):
        line = lines[number - 1]
        if number in double_lines:
            repaired = _fix_double_utf8(line)
            if repaired is not None:
                lines[number - 1] = line = repaired
                fixed_double.append(number)
                continue
            missed.append(number)
        if number in pasted_lines:
            try:
                raw = bytes(to_byte[c] for c in line)
            except KeyError:
                continue  # holds characters no 8-bit reading produces: not a pasted line
            legacy = _legacy_line(raw, line)
            if legacy is not None:
                lines[number - 1] = legacy[1]
                pasted.setdefault(legacy[0], []).append(number)
    if fixed_double:
        # ftfy leaves short lines its badness measure cannot call ("Y Má»\xadi"); once it has
        # found the file double-encoded, the same undoing (Windows-1252 bytes, read as UTF-8) is
        # applied to the other lines that show the signature, when it reads as Vietnamese.
        taken = {n for numbers in pasted.values() for n in numbers}
        for number in (n for n in missed if n not in taken):
            repaired = _undo_cp1252(lines[number - 1], to_byte)
            if repaired is not None:
                lines[number - 1] = repaired
                fixed_double.append(number)
        fixed_double.sort()
    if not (fixed_double or pasted):
        return decoded
    warnings = list(decoded.warnings)
    encoding = decoded.encoding
    if fixed_double:
        encoding = "utf-8-double-encoded"
        warnings.append(
            f"{len(fixed_double)} dòng bị mã hóa hai lần (chữ UTF-8 bị đọc nhầm là Windows-1252 rồi lưu lại, "
            f"kiểu «BÃ¡o cÃ¡o») đã được sửa tự động (dòng {_line_list(fixed_double)} của tệp gốc). Xem lại "
            "các dòng đó trên trang; nên lưu lại tệp gốc từ Word dưới dạng «Plain Text», mã «Unicode (UTF-8)»."
        )
    warnings += [_pasted_warning(name, numbers) for name, numbers in pasted.items()]
    return Decoded("\n".join(lines), encoding, tuple(warnings))


def _lines_with(pattern: re.Pattern, text: str) -> set[int]:
    """Numbers (from 1) of the lines of ``text`` where ``pattern`` finds a match, by one search
    over the text: the same lines as a search per line when no match holds a newline (both
    patterns of :func:`_repair_lines`: ``tests/test_search_prefilters.py``)."""
    numbers: set[int] = set()
    line, at = 1, 0
    for m in pattern.finditer(text):
        line += text.count("\n", at, m.start())
        at = m.start()
        numbers.add(line)
    return numbers


def _undo_cp1252(line: str, to_byte: dict[str, int]) -> str | None:
    """``line`` as Windows-1252 bytes read as UTF-8, when that works and reads at least as Vietnamese."""
    try:
        repaired = bytes(to_byte[c] if ord(c) > 0x7F else ord(c) for c in line).decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return None
    before, _ = vietnamese_score(line)
    after, count = vietnamese_score(repaired)
    return repaired if count and after >= before and repaired != line else None


def _fix_double_utf8(line: str) -> str | None:
    """The line repaired by ftfy when it was UTF-8 read as Windows-1252 (or Latin-1), else ``None``.

    ftfy (https://ftfy.readthedocs.io) only changes text its badness measure
    calls mojibake; the repair is kept when it reads at least as Vietnamese.
    """
    import ftfy

    fixed = ftfy.fix_encoding_and_explain(line)
    if not fixed.explanation or fixed.text == line:
        return None
    before, _ = vietnamese_score(line)
    after, count = vietnamese_score(fixed.text)
    return fixed.text if count and after >= before else None


# ---------------------------------------------------------------------------
# legacy 8-bit Vietnamese encodings


@cache
def _table(name: str) -> dict:
    """The JSON mapping table ``converters/read/data/<name>.json``."""
    return json.loads(resources.files("converters.read.data").joinpath(f"{name}.json").read_text("utf-8"))


def _cp1252_chars() -> list[str]:
    """Windows-1252 for every byte; its five undefined bytes as Latin-1 (C1 controls)."""
    return [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]


#: TCVN3 bytes that VN1 gives to capitals (Ặ Ị Ò Ỏ Õ Ó Ọ Ộ) but that Word writes, in text
#: typed with the VN3 fonts, as its Windows-1252 punctuation (VN3 leaves them free).
_WORD_PUNCTUATION = {0x85: "\u2026", 0x91: "\u2018", 0x92: "\u2019", 0x93: "\u201c", 0x94: "\u201d",
                     0x95: "\u2022", 0x96: "\u2013", 0x97: "\u2014"}
#: Private-use stand-ins for those bytes until their context decides (TCVN3 text has no
#: private-use characters of its own: every byte decodes to a table or ASCII character).
_STAND_IN = {byte: chr(0xE000 + byte) for byte in _WORD_PUNCTUATION}
_STAND_INS = "".join(_STAND_IN.values())
#: A word around stand-ins: letters only (digits end it: "2026–2030" is a dash).
_AMBIGUOUS_RUN = re.compile(rf"[^\W\d_{_STAND_INS}]*[{_STAND_INS}][^\W\d_]*(?:[{_STAND_INS}][^\W\d_]*)*")
#: Which of them may stand before a word (opening quotes, bullet, dashes, ellipsis) and after one
#: (closing quotes, ellipsis, dashes).
_OPENING = frozenset(_STAND_IN[b] for b in (0x91, 0x93, 0x95, 0x96, 0x97, 0x85))
_CLOSING = frozenset(_STAND_IN[b] for b in (0x92, 0x94, 0x85, 0x96, 0x97))


@cache
def _tcvn3_decoding_table() -> str:
    chars = [chr(b) for b in range(256)]
    for byte, char in _table("tcvn3")["decode"].items():
        chars[int(byte, 16)] = _STAND_IN.get(int(byte, 16), char)
    return "".join(chars)


@cache
def _stand_in_tables() -> tuple[dict[int, str], dict[int, str]]:
    """Stand-in -> VN1 capital, and stand-in -> Word punctuation (``str.translate`` tables)."""
    vn1 = _table("tcvn3")["decode"]
    letters = {ord(_STAND_IN[b]): vn1[f"{b:02x}"] for b in _WORD_PUNCTUATION}
    punctuation = {ord(_STAND_IN[b]): p for b, p in _WORD_PUNCTUATION.items()}
    return letters, punctuation


def _resolve_ambiguous(match: re.Match) -> str:
    """Letters or Word punctuation for the ambiguous bytes of one word (see :func:`decode_tcvn3`)."""
    run = match.group()
    letters_table, punctuation_table = _stand_in_tables()
    letters, punctuation = run.translate(letters_table), run.translate(punctuation_table)
    n = len(run)
    if all(c in _STAND_INS for c in run):
        return punctuation  # "…", " – ", "“”": no letter beside them
    # How many stand-ins at each edge may be punctuation: an opening mark before the word, a
    # closing one after it ("TƯỚNGPHÓ" ends in a capital: a bullet cannot close a word).
    lead = next(i for i, c in enumerate(run) if c not in _OPENING)
    trail = next(i for i, c in enumerate(reversed(run)) if c not in _CLOSING)
    # Fewest bytes read as punctuation that leave a syllable: “CÓ” is quote + CÓ + quote.
    # A capital stays one only in an upper-case word ("Ỏăn" is “ăn, "H’re" an apostrophe).
    for total in range(lead + trail + 1):
        for i in range(max(0, total - trail), min(lead, total) + 1):
            j = total - i
            core, stand_ins = letters[i : n - j], any(c in _STAND_INS for c in run[i : n - j])
            if (not stand_ins or core.isupper()) and is_vietnamese_syllable(core):
                return punctuation[:i] + core + punctuation[n - j :]
    # No syllable (a name, an acronym, fused words): the edges as punctuation; inside,
    # capitals in an upper-case word ("TƯỚNGPHÓ"), else punctuation ("don’t").
    core = letters[lead : n - trail]
    if not core.isupper():
        core = punctuation[lead : n - trail]
    return punctuation[:lead] + core + punctuation[n - trail :]


def decode_tcvn3(data: bytes) -> str:
    """Decode TCVN3 (TCVN 5712:1993, VN1 table, a superset of ABC's VN3) bytes; NFC.

    The bytes 85 and 91-97 are capitals in VN1 (Ặ Ị Ò Ỏ Õ Ó Ọ Ộ) but Word's
    punctuation (… ‘ ’ “ ” • – —) in text typed with the VN3 fonts, which
    leave them free.  The word around each decides, as converters of Word
    exports do: a capital only inside an upper-case word (``CỘNG``,
    ``TƯỚNGPHÓ``); punctuation when alone, between digits or at a word's
    edge where that mark can stand (``“Dân vận khéo”``, ``vv…``, ``“CÓ”``),
    and inside a word in lower case (``H’re``).

    >>> decode_tcvn3("B¸o c¸o".encode("cp1252"))
    'Báo cáo'
    >>> decode_tcvn3(b"\\x93D\\xa9n v\\xcbn kh\\xd0o\\x94 \\x96 C\\x97NG")
    '“Dân vận khéo” – CỘNG'
    """
    text = unicodedata.normalize("NFC", data.decode("latin-1").translate(_tcvn3_decoding_table()))
    if any(c in text for c in _STAND_INS):
        text = _AMBIGUOUS_RUN.sub(_resolve_ambiguous, text)
    return text


@cache
def _viscii_decoding_table() -> str:
    chars = [chr(b) for b in range(256)]
    for byte, char in _table("viscii")["decode"].items():
        chars[int(byte, 16)] = char
    return "".join(chars)


def decode_viscii(data: bytes) -> str:
    """Decode VISCII (RFC 1456) bytes: one byte per precomposed letter, see ``data/viscii.json``.

    >>> decode_viscii(b"T\\x9bNH \\xd0\\xc4NG")
    'TỈNH ĐẢNG'
    """
    return data.decode("latin-1").translate(_viscii_decoding_table())


@cache
def _vni_decoder() -> tuple[re.Pattern, dict[str, str], str]:
    letters = _table("vni")["letters"]
    reverse = {seq: letter for letter, seq in letters.items()}
    # Longest sequence first so "oâ" (ô) wins over "o", and "ôù" (ớ) over "ô" (ơ).
    alternatives = sorted(reverse, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(seq) for seq in alternatives))
    latin1_to_cp1252 = "".join(_cp1252_chars())
    return pattern, reverse, latin1_to_cp1252


def decode_vni(data: bytes) -> str:
    """Decode VNI-Windows bytes (base letter + mark byte, see ``data/vni.json``); NFC.

    Bytes that are not part of a VNI letter decode as Windows-1252.

    >>> decode_vni("Baùo caùo Vieät Nam".encode("cp1252"))
    'Báo cáo Việt Nam'
    """
    pattern, reverse, cp1252 = _vni_decoder()
    # The table is written in Windows-1252 characters; map bytes to them first.
    text = data.decode("latin-1").translate(cp1252)
    return unicodedata.normalize("NFC", pattern.sub(lambda m: reverse[m.group()], text))


@cache
def _cp1258_decoding_table() -> str:
    # The eight bytes Windows-1258 leaves undefined stay C1 controls (Latin-1),
    # for normalize to drop, rather than becoming U+FFFD (which marks lost
    # footnote anchors in this project's raw texts).
    return "".join(bytes([b]).decode("cp1258", errors="ignore") or chr(b) for b in range(256))


def decode_windows_1258(data: bytes) -> str:
    """Decode Windows-1258 bytes (combining tone marks) and compose to NFC.

    >>> decode_windows_1258(bytes([0x56, 0x69, 0xEA, 0xF2, 0x74]))
    'Việt'
    """
    return unicodedata.normalize("NFC", data.decode("latin-1").translate(_cp1258_decoding_table()))


#: Canonical legacy encoding name -> decoder (bytes -> NFC text).
LEGACY_DECODERS = {
    "windows-1258": decode_windows_1258,
    "tcvn3": decode_tcvn3,
    "vni": decode_vni,
    "viscii": decode_viscii,
}


def encode_legacy(text: str, encoding: str) -> bytes:
    """Encode ``text`` in a legacy encoding (``tcvn3``, ``vni``, ``windows-1258``, ``viscii``).

    The inverse of the decoders, used to make test files and to check the
    tables.  Raises ``ValueError`` for a character the encoding cannot hold.

    >>> encode_legacy("Báo cáo", "tcvn3").decode("cp1252")
    'B¸o c¸o'
    """
    text = unicodedata.normalize("NFC", text)
    if encoding == "windows-1258":
        out = []
        for char in text:
            try:
                out.append(char.encode("cp1258"))
            except UnicodeEncodeError:
                # Base letter (with its circumflex, breve or horn) + combining tone mark.
                base, tones = _split_tone(char)
                out.append(base.encode("cp1258") + tones.encode("cp1258"))
        return b"".join(out)
    if encoding == "tcvn3":
        table = _tcvn3_encoding_table()
        out = bytearray()
        punctuation = {p: b for b, p in _WORD_PUNCTUATION.items()}
        for char in text:
            if char in table and not unicodedata.combining(char):
                out.append(table[char])
            elif char in punctuation:
                out.append(punctuation[char])  # as Word writes it (see decode_tcvn3)
            elif ord(char) < 0x80:
                out.append(ord(char))
            else:
                raise ValueError(f"TCVN3 has no code for {char!r}")
        return bytes(out)
    if encoding == "vni":
        letters, cp1252 = _vni_encoding_tables()
        out = []
        for char in text:
            seq = letters.get(char, char)
            try:
                out.append(b"".join(cp1252[c] for c in seq))
            except KeyError:
                raise ValueError(f"VNI has no code for {char!r}") from None
        return b"".join(out)
    if encoding == "viscii":
        table = {char: byte for byte, char in enumerate(_viscii_decoding_table())}
        try:
            return bytes(table[char] for char in text)
        except KeyError as exc:
            raise ValueError(f"VISCII has no code for {exc.args[0]!r}") from None
    raise ValueError(f"unknown legacy encoding {encoding!r}")


@cache
def _tcvn3_encoding_table() -> dict[str, int]:
    return {char: int(byte, 16) for byte, char in _table("tcvn3")["decode"].items()}



@cache
def _vni_encoding_tables() -> tuple[dict[str, str], dict[str, bytes]]:
    return _table("vni")["letters"], {char: bytes([b]) for b, char in enumerate(_cp1252_chars())}


def _split_tone(char: str) -> tuple[str, str]:
    """``'ấ'`` -> ``('â', '\\u0301')``: the letter without its tone, and the tone mark."""
    decomposed = unicodedata.normalize("NFD", char)
    tones = "".join(c for c in decomposed if c in _TONE_MARKS)
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return base, tones


# ---------------------------------------------------------------------------
# scoring: how Vietnamese does a decoding read?

#: The five tone marks (acute, grave, hook above, tilde, dot below).
_TONE_MARKS = frozenset("\u0301\u0300\u0309\u0303\u0323")

#: Every vowel letter (lowercase) -> (vowel without tone, has a tone).
_VOWELS: dict[str, tuple[str, bool]] = {}
for _base in "aăâeêioôơuưy":
    for _tone in ("", *sorted(_TONE_MARKS)):
        _VOWELS[unicodedata.normalize("NFC", _base + _tone)] = (_base, bool(_tone))

#: Vowel nuclei of Vietnamese syllables (with any final semivowel), untoned.
#: Source: the rhyme inventory of Vietnamese orthography (e.g. Đoàn Thiện
#: Thuật, Ngữ âm tiếng Việt); ``gi``/``qu`` are onsets.
_NUCLEI = (
    "a ă â e ê i o ô ơ u ư y "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê "
    "iêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu yêu"
).split()
_WORD = re.compile(r"[^\s\d.,;:!?()\[\]{}\"'/\\\-\u2013\u2014\u2026*_#<>=+%&|“”‘’]+")


#: Spelling rules of standard orthography (quy tắc chính tả): "k", "gh", "ngh" only before
#: the front vowels i e ê y, "c", "g", "ng" never before them ("gi" is an onset of its own).
_FRONT = frozenset("ieêy")
_ONSET_BEFORE_FRONT = {"k": True, "gh": True, "ngh": True, "c": False, "g": False, "ng": False}
#: Nuclei that never take a final consonant, and those that always do.
_OPEN_NUCLEI = frozenset({"ia", "ua", "ưa", "uya"})
_CLOSED_NUCLEI = frozenset({"iê", "uô", "ươ", "yê", "uyê", "oo"})
#: Checked syllables (final p t c ch) take only the acute or dot-below tone.
_STOP_FINALS = ("p", "t", "c", "ch")
_STOP_TONES = frozenset("\u0301\u0323")
_SYLLABLE_PARTS = re.compile(
    r"(?P<onset>ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?"
    r"(?P<nucleus>" + "|".join(sorted(_NUCLEI, key=len, reverse=True)) + r")"
    r"(?P<final>ch|nh|ng|[cmnpt])?"
)


@lru_cache(maxsize=1 << 16)  # a text repeats a few thousand syllables
def is_vietnamese_syllable(word: str) -> bool:
    """True when ``word`` (NFC) is a well-formed Vietnamese syllable.

    Onset, vowel nucleus from the rhyme inventory, final consonant, at most
    one tone mark; lower, upper or title case (or ASCII capitals with marked
    lowercase letters, as TCVN3 capitals decode); and the rules of standard
    orthography: ``k``/``gh``/``ngh`` only before i e ê y and ``c``/``g``/``ng``
    never, ``ă``/``â`` never end a syllable, a final p t c ch only with the
    acute or dot-below tone, no final after a semivowel or ``ia ua ưa``,
    always one after ``iê uô ươ yê oo``.  Shapes only: ``tớnh`` passes, a word list would
    be needed to reject it.

    >>> [is_vietnamese_syllable(w) for w in ("Báo", "nghiêng", "NGƯỜI", "c¸o", "Baùo", "Vieät")]
    [True, True, True, False, False, False]
    >>> [is_vietnamese_syllable(w) for w in ("kĩ", "ke", "ka", "cê", "tâ", "tẫn", "hoàt", "tHÔNG", "CộNG")]
    [True, True, False, False, False, True, False, False, True]
    >>> [is_vietnamese_syllable(w) for w in ("kiạn", "tiê", "khuya", "huỳnh", "người", "ngườin", "xoong", "gì", "ge")]
    [False, False, True, True, True, False, True, True, False]
    """
    ascii_letters = [c for c in word if c.isascii() and c.isalpha()]
    if not (word.islower() or word.isupper() or word.istitle() or (ascii_letters and "".join(ascii_letters).isupper())):
        # The last case is TCVN3 capitals typed with a .VnTimeH font: lowercase bytes for the
        # marked letters among ASCII capitals ("CộNG"), whose case the bytes cannot give back.
        return False
    tone = ""
    plain = []
    for char in word.lower():
        vowel = _VOWELS.get(char)
        if vowel is None:
            plain.append(char)
        else:
            plain.append(vowel[0])
            if vowel[1]:
                if tone:
                    return False
                tone = next(c for c in unicodedata.normalize("NFD", char) if c in _TONE_MARKS)
    m = _SYLLABLE_PARTS.fullmatch("".join(plain))
    if m is None:
        return False
    onset, nucleus, final = m.group("onset"), m.group("nucleus"), m.group("final")
    if onset in _ONSET_BEFORE_FRONT and (nucleus[0] in _FRONT) != _ONSET_BEFORE_FRONT[onset]:
        if not (onset == "g" and nucleus[0] == "i"):  # "gì", "gìn": the onset "gi" sharing its i
            return False
    if final and (nucleus in _OPEN_NUCLEI or (len(nucleus) > 1 and nucleus[-1] in "iouy" and nucleus not in ("uy", "oo"))):
        return False  # a final semivowel or the open "ia ua ưa uya" take no final consonant
    if not final and (nucleus[-1] in "ăâ" or nucleus in _CLOSED_NUCLEI):
        return False  # "ă", "â", "iê", "uô", "ươ", "yê", "oo" need one
    return not (final in _STOP_FINALS and tone not in _STOP_TONES)


#: An abbreviation with Đ, as in numbers and symbols (``QĐ``, ``HĐND``, ``BCSĐUBND``, ``QĐi``):
#: counted as Vietnamese (Hướng dẫn 36-HD/VPTW and Nghị định 30/2020/NĐ-CP, their appendices).
_ACRONYM = re.compile(r"[A-ZĐ]*Đ[A-ZĐ]*[a-z]?\d*")


def vietnamese_score(text: str) -> tuple[float, int]:
    """Share of the non-ASCII words of ``text`` that are Vietnamese syllables (or abbreviations with Đ).

    Returns ``(share, count)``: ``share`` in 0..1 and ``count`` the number of
    non-ASCII words seen (only the first 200,000 characters are read).  ASCII
    words are skipped: they read the same in every 8-bit encoding (unless a
    control character is left in them: a byte this decoding did not explain).

    >>> vietnamese_score("Báo cáo tổng kết 2020")
    (1.0, 4)
    >>> vietnamese_score("B¸o c¸o tæng hîp")
    (0.0, 4)
    """
    seen = good = 0
    for word in _WORD.findall(text[:_SCORE_CHARS]):
        if word.isascii() and word.isprintable():
            continue  # a control character left in a word counts against the decoding
        seen += 1
        good += is_vietnamese_syllable(word) or _ACRONYM.fullmatch(word) is not None
    return (good / seen if seen else 0.0), seen


#: A legacy decoding is accepted when at least this share of its non-ASCII
#: words are syllables, and it beats the runner-up by this margin.
_MIN_SCORE = 0.6
_MIN_MARGIN = 0.2
#: With fewer non-ASCII words than this, a decoding wins only when every word is a
#: syllable, no other decoding has any, and a word mixes ASCII and other letters ("Ngày").
_MIN_WORDS = 2


def _best_legacy(data: bytes) -> Decoded | None:
    """The legacy decoding (Windows-1258, TCVN3, VNI, VISCII) that clearly reads as Vietnamese, or ``None``.

    Each is scored by :func:`vietnamese_score`; the best needs 60% syllables
    and 20 points over the runner-up.  A short text (one Vietnamese word)
    is decided the same way when its winner is unambiguous (see ``_MIN_WORDS``).
    """
    # Score a prefix (a cut letter at its end does not matter), decode the winner whole.
    sample = data[:_SCORE_CHARS]
    scored, texts = [], set()
    for name, decoder in LEGACY_DECODERS.items():
        text = decoder(sample)
        if text in texts:
            continue  # reads the same as an earlier one ("á" is E1 in Windows-1258 and VISCII): no rival
        texts.add(text)
        share, count = vietnamese_score(text)
        scored.append((share, count, name, text))
    scored.sort(key=lambda item: item[0], reverse=True)
    best, runner_up = scored[0], scored[1] if len(scored) > 1 else (0.0, 0, "", "")
    if best[0] < _MIN_SCORE or best[0] - runner_up[0] < _MIN_MARGIN:
        return None
    if not _mixed_word(best[3]):
        return None  # only lone letters from single bytes ("‘ ‘" is "Ổ Ổ" in VISCII): no evidence
    if best[1] < _MIN_WORDS and not (best[0] == 1.0 and runner_up[0] == 0.0):
        return None
    return Decoded(LEGACY_DECODERS[best[2]](data), best[2])


def _mixed_word(text: str) -> bool:
    """True when ``text`` has a non-ASCII syllable that is a real word (see :func:`_words_of_letters`)."""
    return _words_of_letters(text, 1) >= 1


def _words_of_letters(text: str, stop: int = 2, lone_lowercase: bool = True) -> int:
    """How many non-ASCII syllables (or abbreviations) of ``text``, up to ``stop``, are real words.

    A word of two letters or more (``Céng``), or a lower-case one (``ở``); not
    a lone capital, which one stray byte makes in VISCII or TCVN3 (``–`` read
    as ``Ờ``).  ``lone_lowercase=False``: two letters or more only.
    """
    found = 0
    for word in _WORD.findall(text):
        if not word.isascii() and (len(word) > 1 or (lone_lowercase and word.islower())) and (
            is_vietnamese_syllable(word) or _ACRONYM.fullmatch(word)
        ):
            found += 1
            if found >= stop:
                break
    return found


def _decode_legacy(data: bytes, source: str, maybe_binary: bool = False) -> Decoded:
    """Choose among the legacy encodings (:func:`_best_legacy`), else charset-normalizer, else raise.

    ``maybe_binary``: the file has many C0 bytes that only TCVN3/VISCII read as
    letters; if no legacy decoding reads as Vietnamese it is binary.
    """
    decoded = _best_legacy(data)
    if decoded is not None:
        return decoded
    if maybe_binary:
        _raise_binary(source)
    readings = [decoder(data[:_SCORE_CHARS]) for decoder in LEGACY_DECODERS.values()]
    # charset-normalizer only for text no legacy reading makes Vietnamese words of: where two
    # do ("tế" in TCVN3 is "tạ" in VISCII), its Windows-1252 guess would be silently wrong.
    if max(vietnamese_score(r)[1] for r in readings) < _MIN_WORDS and not any(_mixed_word(r) for r in readings):
        guessed = _charset_normalizer_guess(data)
        if guessed is not None:
            return guessed
    raise InputError(
        source,
        "không xác định được bảng mã chữ của tệp (không phải UTF-8, UTF-16, Windows-1258, TCVN3/ABC, VNI hay VISCII)",
        "mở tệp bằng Word (hoặc chuyển mã bằng Unikey) rồi lưu dạng «Plain Text», mã «Unicode (UTF-8)»",
    )


def _charset_normalizer_guess(data: bytes) -> Decoded | None:
    """charset-normalizer's best decoding for text with few non-ASCII words, or ``None``."""
    from charset_normalizer import from_bytes

    # Only the Windows code pages a Vietnamese office's Word writes: left free,
    # charset-normalizer may pick e.g. a Cyrillic code page for one stray byte.
    match = from_bytes(data, cp_isolation=["cp1252", "cp1258"]).best()
    if match is None:
        return None
    name = match.encoding.replace("_", "-")
    if name.startswith("cp125"):
        name = "windows-" + name[2:]
    return Decoded(str(match), name)
