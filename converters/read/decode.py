"""Bytes of a raw file to text: detect the encoding, refuse what is not text.

Raw reports come from many offices and tools.  :func:`decode` recognizes, in
this order:

1. files too large (over ``max_bytes``), empty files, and binary files (PDF,
   DOCX/ZIP, old Word ``.doc``, RTF, PNG/JPEG/GIF, or many NUL/control bytes):
   :class:`~converters.errors.InputError`;
2. a byte-order mark: UTF-8 (``utf-8-sig``), UTF-16 LE/BE;
3. UTF-16 without BOM, told by its NUL bytes: ASCII characters of UTF-16 text
   have a NUL high byte, so NULs sit at every odd (LE) or even (BE) offset;
4. valid UTF-8 (``utf-8``): legacy 8-bit Vietnamese text is practically never
   valid UTF-8, so UTF-8 wins whenever it decodes;
5. the legacy 8-bit Vietnamese encodings: Windows-1258 (Python's ``cp1258``
   codec: base letters plus combining tone marks), TCVN3 (ABC, ``.VnTime``
   fonts) and VNI (VNI-Windows fonts), with tables in ``data/tcvn3.json`` and
   ``data/vni.json``.  Read as Windows-1252 these give mojibake such as
   ``B¸o c¸o`` (TCVN3) or ``Baùo caùo`` (VNI); each candidate decoding is
   scored by the share of its non-ASCII words that are valid Vietnamese
   syllables (:func:`vietnamese_score`) and the clear winner is taken;
6. text with only a few non-ASCII characters that none of those explains:
   charset-normalizer's best guess, when it has one.

Anything else raises :class:`InputError` ("cannot tell the encoding").
Legacy decodings are returned in NFC (their tone marks may come as combining
characters); other text is returned as decoded, for ``normalize`` to fix.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from converters.errors import InputError

#: Default size limit in bytes (20 MiB): far above any real report (the
#: samples are 20-60 KB), low enough that a mistaken dump or log is refused.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

#: Canonical encoding names recorded in ``Decoded.encoding`` / ``source_encoding``.
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "windows-1258", "tcvn3", "vni")

#: How many bytes the binary and UTF-16 sniffers look at.
_SNIFF_BYTES = 64 * 1024
#: How many characters of each candidate decoding are scored (enough words to
#: decide; keeps detection linear and fast on large files).
_SCORE_CHARS = 200_000

#: Leading bytes of file formats that are not text, with a name for messages.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or Word .docx document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word .doc (or Excel .xls) document"),
    (b"{\\rtf", "an RTF (rich text) document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
)

_SAVE_AS_TEXT = "open it in Word and use Save As > Plain Text (.txt), encoding Unicode (UTF-8)"


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
            f"file is too large ({_size(len(data))}; the limit is {_size(max_bytes)})",
            "check that this is really one report; if it is, raise the limit (--max-bytes)",
        )
    if not data.strip():
        raise InputError(source, "file is empty", "export the report text into this file again")
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            raise InputError(source, f"file is not text but {what}", _SAVE_AS_TEXT)

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
        _refuse_binary(data, source)
        try:
            decoded = Decoded(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            decoded = _utf8_with_stray_bytes(data) or _decode_legacy(data, source)

    if not _has_content(decoded.text):
        raise InputError(source, "file holds only blank space", "export the report text into this file again")
    return decoded


# ---------------------------------------------------------------------------
# sniffers


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def _strict(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            source,
            f"file looks like {encoding.upper()} text but is damaged at byte {exc.start}",
            "export the report text again, as Unicode (UTF-8)",
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


def _refuse_binary(data: bytes, source: str) -> None:
    """Raise when the first 64 KB hold many NUL or control bytes.

    A few stray control characters are removed by ``normalize``; more than 1%
    NULs or 5% control bytes mean the file is not text at all.
    """
    sample = data[:_SNIFF_BYTES]
    nul = sample.count(0)
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if nul > len(sample) * 0.01 or control > len(sample) * 0.05:
        raise InputError(
            source,
            "file holds binary data, not text (many NUL or control bytes)",
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
        raise InputError(source, "file holds binary data, not text (many control characters)", _SAVE_AS_TEXT)


#: UTF-8 text may hold this share of stray bytes (per non-ASCII character)
#: and still be read as UTF-8; and needs this many valid non-ASCII characters.
_MAX_STRAY_SHARE = 0.01
_MIN_UTF8_CHARS = 50
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def _utf8_with_stray_bytes(data: bytes) -> Decoded | None:
    """UTF-8 text with a few invalid bytes (files pasted together, one bad copy).

    Those bytes are read as Windows-1252 characters rather than U+FFFD,
    which means "lost footnote" in these texts; a warning lists how many.
    Returns ``None`` unless the file is overwhelmingly valid UTF-8 (or valid).
    """
    text = data.decode("utf-8", errors="surrogateescape")
    stray = len(_ESCAPED_BYTE.findall(text))
    if not stray:
        return Decoded(text, "utf-8")
    valid = len(text) - len(text.encode("ascii", errors="ignore")) - stray
    if valid < _MIN_UTF8_CHARS or stray > valid * _MAX_STRAY_SHARE:
        return None
    table = _cp1252_chars()
    repaired = _ESCAPED_BYTE.sub(lambda m: table[ord(m.group()) - 0xDC00], text)
    return Decoded(repaired, "utf-8", (f"{stray} byte không phải UTF-8 đã được đọc theo mã Windows-1252 (thường do chép từ Word)",))


# ---------------------------------------------------------------------------
# legacy 8-bit Vietnamese encodings


@cache
def _table(name: str) -> dict:
    """The JSON mapping table ``converters/read/data/<name>.json``."""
    return json.loads(resources.files("converters.read.data").joinpath(f"{name}.json").read_text("utf-8"))


def _cp1252_chars() -> list[str]:
    """Windows-1252 for every byte; its five undefined bytes as Latin-1 (C1 controls)."""
    return [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]


@cache
def _tcvn3_decoding_table() -> str:
    chars = [chr(b) for b in range(256)]
    for byte, char in _table("tcvn3")["decode"].items():
        chars[int(byte, 16)] = char
    return "".join(chars)


def decode_tcvn3(data: bytes) -> str:
    """Decode TCVN3 (TCVN 5712:1993, VN1 table, a superset of ABC's VN3) bytes; NFC.

    >>> decode_tcvn3("B¸o c¸o".encode("cp1252"))
    'Báo cáo'
    """
    return unicodedata.normalize("NFC", data.decode("latin-1").translate(_tcvn3_decoding_table()))


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
}


def encode_legacy(text: str, encoding: str) -> bytes:
    """Encode ``text`` in a legacy encoding (``tcvn3``, ``vni``, ``windows-1258``).

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
        for char in text:
            if char in table and not unicodedata.combining(char):
                out.append(table[char])
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
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?"
    r"(?:" + "|".join(sorted(_NUCLEI, key=len, reverse=True)) + r")"
    r"(?:ch|nh|ng|[cmnpt])?"
)
_WORD = re.compile(r"[^\s\d.,;:!?()\[\]{}\"'/\\\-\u2013\u2014\u2026*_#<>=+%&|“”‘’]+")


def is_vietnamese_syllable(word: str) -> bool:
    """True when ``word`` (any case, NFC) is a well-formed Vietnamese syllable.

    Onset, vowel nucleus from the rhyme inventory, final consonant, and at
    most one tone mark.

    >>> [is_vietnamese_syllable(w) for w in ("Báo", "nghiêng", "NGƯỜI", "c¸o", "Baùo", "Vieät")]
    [True, True, True, False, False, False]
    """
    tones = 0
    plain = []
    for char in word.lower():
        vowel = _VOWELS.get(char)
        if vowel is None:
            plain.append(char)
        else:
            plain.append(vowel[0])
            tones += vowel[1]
    return tones <= 1 and _SYLLABLE.fullmatch("".join(plain)) is not None


def vietnamese_score(text: str) -> tuple[float, int]:
    """Share of the non-ASCII words of ``text`` that are Vietnamese syllables.

    Returns ``(share, count)``: ``share`` in 0..1 and ``count`` the number of
    non-ASCII words seen (only the first 200,000 characters are read).  ASCII
    words are skipped: they read the same in every 8-bit encoding.

    >>> vietnamese_score("Báo cáo tổng kết 2020")
    (1.0, 4)
    >>> vietnamese_score("B¸o c¸o tæng hîp")
    (0.0, 4)
    """
    seen = good = 0
    for word in _WORD.findall(text[:_SCORE_CHARS]):
        if word.isascii():
            continue
        seen += 1
        good += is_vietnamese_syllable(word)
    return (good / seen if seen else 0.0), seen


#: A legacy decoding is accepted when at least this share of its non-ASCII
#: words are syllables, and it beats the runner-up by this margin.
_MIN_SCORE = 0.6
_MIN_MARGIN = 0.2
#: Fewer non-ASCII words than this cannot tell the encodings apart.
_MIN_WORDS = 2


def _decode_legacy(data: bytes, source: str) -> Decoded:
    """Choose among Windows-1258, TCVN3 and VNI by :func:`vietnamese_score`."""
    # Score a prefix (a cut letter at its end does not matter), decode the winner whole.
    sample = data[:_SCORE_CHARS]
    scored = []
    for name, decoder in LEGACY_DECODERS.items():
        share, count = vietnamese_score(decoder(sample))
        scored.append((share, count, name))
    scored.sort(key=lambda item: item[0], reverse=True)
    best, runner_up = scored[0], scored[1]
    if best[1] >= _MIN_WORDS and best[0] >= _MIN_SCORE and best[0] - runner_up[0] >= _MIN_MARGIN:
        return Decoded(LEGACY_DECODERS[best[2]](data), best[2])
    if best[1] < _MIN_WORDS:
        guessed = _charset_normalizer_guess(data)
        if guessed is not None:
            return guessed
    raise InputError(
        source,
        "cannot tell the text encoding (not UTF-8, UTF-16, Windows-1258, TCVN3/ABC or VNI)",
        "open the file in Word (or convert it with Unikey) and save it as Plain Text, encoding Unicode (UTF-8)",
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
