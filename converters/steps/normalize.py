"""Text normalization: small named fixers, each ``str -> str`` and idempotent.

Like ftfy's ``fixes``: each fixer repairs one kind of damage and leaves all
other text alone; :data:`FIXERS` applies them in a fixed order and
:func:`normalize` reports which ones changed the text (shown by
``baocao convert --explain``).

What the fixers deliberately do NOT touch, because later steps or readers
depend on it (see ``raw-artifacts.md``):

- tabs and runs of spaces inside a line: the header and signature parsers
  read them as column separators;
- U+FFFD: it marks lost footnote anchors and definitions;
- tone-mark placement (``hoà``/``hòa``, ``uỷ``/``ủy``): kept as written;
- numbers (``1.580``, ``84,23%``): Vietnamese separators, never "fixed".

Order matters only for the whole run (each fixer is idempotent on its own):
removals come before NFC, because removing a NUL or zero-width character can
bring a base letter and its combining tone mark together.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls other than tab, LF, VT, FF, CR (line ends are fix_line_ends'
# business), DEL, and C1 controls other than NEL (U+0085, a line end).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f]")
_LINE_ENDS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
# Zero-width space/non-joiner/joiner, word joiner, BOM used as ZWNBSP, soft hyphen.
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
# LRE RLE PDF LRO RLO, LRI RLI FSI PDI, LRM RLM, Arabic letter mark.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def fix_line_ends(text: str) -> str:
    r"""CRLF, lone CR, and the other line breaks become ``\n``.

    Word's manual line break (VT, ``\x0b``), the page break (FF), NEL and the
    Unicode line/paragraph separators end a line too; dropping them would
    glue two words together.

    >>> fix_line_ends("a\r\nb\rc\x0bd\u2028e")
    'a\nb\nc\nd\ne'
    """
    return _LINE_ENDS.sub("\n", text)


def fix_leading_bom(text: str) -> str:
    """Drop a byte-order mark at the start of the text.

    >>> fix_leading_bom("\\ufeffBÁO CÁO")
    'BÁO CÁO'
    """
    return text[1:] if text.startswith("\ufeff") else text


def fix_control_chars(text: str) -> str:
    r"""Drop NUL and the C0/C1 control characters; keep tab and line ends.

    >>> fix_control_chars("Báo\x00 cáo\x07\t2020\x9d\n")
    'Báo cáo\t2020\n'
    """
    return _CONTROL.sub("", text)


def fix_zero_width(text: str) -> str:
    """Drop zero-width characters (ZWSP, ZWNJ, ZWJ, word joiner, BOM inside text, soft hyphen).

    They are invisible, split words for search and hide in copied text.

    >>> fix_zero_width("dân\\u200b vận\\u00ad\\ufeff")
    'dân vận'
    """
    return _ZERO_WIDTH.sub("", text)


def fix_bidi_controls(text: str) -> str:
    """Drop bidirectional embedding, override, isolate and mark characters.

    Vietnamese text never needs them, and they can reorder what a reader
    sees (the "Trojan Source" trick), so the page would not show the words
    the raw file holds.

    >>> fix_bidi_controls("Số \\u202e01-KH\\u202c/TU")
    'Số 01-KH/TU'
    """
    return _BIDI.sub("", text)


def fix_nfc(text: str) -> str:
    """Unicode NFC: precomposed Vietnamese letters.

    Tone-mark placement is a spelling choice, not an encoding one, and NFC
    keeps it (``hoà`` and ``hòa`` stay different).

    >>> fix_nfc("Vie\\u0323\\u0302t") == "Việt", fix_nfc("hoà"), fix_nfc("hòa")
    (True, 'hoà', 'hòa')
    """
    return unicodedata.normalize("NFC", text)


def fix_unicode_spaces(text: str) -> str:
    """No-break, thin, figure, ideographic and other Unicode spaces become a plain space.

    One space for one space: runs are not collapsed (wide gaps are column
    separators in headers and signature blocks).

    >>> fix_unicode_spaces("Số:\\u00a0111-BC/TU\\u2003\\u2003ngày")
    'Số: 111-BC/TU  ngày'
    """
    return _SPACES.sub(" ", text)


def fix_trailing_spaces(text: str) -> str:
    """Drop spaces and tabs at the end of each line.

    Markdown's hard break (two trailing spaces) goes too: line structure
    is kept by the ``\\n`` itself.  Spaces and tabs inside a line stay.

    >>> fix_trailing_spaces("TỈNH ỦY  \\nBAN DÂN VẬN\\t\\t\\nSố 1\\t\\tngày ")
    'TỈNH ỦY\\nBAN DÂN VẬN\\nSố 1\\t\\tngày'
    """
    # Per line rather than a regex like "[ \t]+(?=\n)", which is quadratic on a
    # long run of spaces with no line end after it.
    return "\n".join(line.rstrip(" \t") for line in text.split("\n"))


#: The fixers, in the order :func:`normalize` applies them.
FIXERS = [
    ("line_ends", fix_line_ends),
    ("leading_bom", fix_leading_bom),
    ("control_chars", fix_control_chars),
    ("zero_width", fix_zero_width),
    ("bidi_controls", fix_bidi_controls),
    ("nfc", fix_nfc),
    ("unicode_spaces", fix_unicode_spaces),
    ("trailing_spaces", fix_trailing_spaces),
]


#: Any character some fixer other than ``fix_nfc`` or ``fix_trailing_spaces`` changes or
#: removes, as ONE character class (the union of their patterns and the BOM): a class scans
#: the text in a tight loop, an alternation of the patterns would try each at every position.
_ANY_TRIGGER = re.compile(
    "[\r\x0b\x0c\x85\u2028\u2029"  # _LINE_ENDS
    "\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f"  # _CONTROL
    "\u200b-\u200d\u2060\ufeff\u00ad"  # _ZERO_WIDTH (and the leading BOM)
    "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"  # _BIDI
    "\u00a0\u2000-\u200a\u202f\u205f\u3000]"  # _SPACES
)


def _trailing_blank(text: str) -> bool:
    """Whether a line of ``text`` ends with a space or tab (what ``fix_trailing_spaces`` drops)."""
    return " \n" in text or "\t\n" in text or text.endswith((" ", "\t"))


def normalize(text: str) -> tuple[str, list[str]]:
    """Apply :data:`FIXERS` in order.

    Returns ``(text, names)``: the normalized text and the names of the
    fixers that changed it, in order.

    >>> normalize("\\ufeffBa\\u0301o ca\\u0301o \\r\\n")
    ('Báo cáo\\n', ['line_ends', 'leading_bom', 'nfc', 'trailing_spaces'])
    """
    trace = []
    # One scan of the whole text instead of one per fixer: most documents hold no character
    # that any fixer but nfc acts on, and nfc cannot make one (it composes letters and marks;
    # its only space mappings, U+2000/U+2001, are themselves such characters).  A text with
    # one runs every fixer, as before.
    clean = _ANY_TRIGGER.search(text) is None
    for name, fixer in FIXERS:
        if clean and name != "nfc" and (name != "trailing_spaces" or not _trailing_blank(text)):
            continue
        new = fixer(text)
        if new != text:
            trace.append(name)
            text = new
    return text, trace


def step(state) -> None:
    """Pipeline step: normalize ``state.text`` in place; trace ``normalize.<fixer>``."""
    state.text, fixed = normalize(state.text)
    state.trace.extend(f"normalize.{name}" for name in fixed)
