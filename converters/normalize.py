"""Text normalization: small named fixers, each ``str -> str`` and idempotent."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def fix_line_ends(text: str) -> str:
    """CRLF and lone CR become ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def fix_nfc(text: str) -> str:
    """Unicode NFC (precomposed Vietnamese letters)."""
    return unicodedata.normalize("NFC", text)


def fix_control_chars(text: str) -> str:
    """Drop C0 control characters other than tab and newline."""
    return _CONTROL.sub("", text)


FIXERS = [("line_ends", fix_line_ends), ("control_chars", fix_control_chars), ("nfc", fix_nfc)]


def normalize(text: str) -> tuple[str, list[str]]:
    """Apply :data:`FIXERS` in order; returns the text and the names of fixers that changed it."""
    trace = []
    for name, fixer in FIXERS:
        new = fixer(text)
        if new != text:
            trace.append(name)
            text = new
    return text, trace


def step(state) -> None:
    """Pipeline step: normalize ``state.text`` in place."""
    state.text, fixed = normalize(state.text)
    state.trace.extend(f"normalize.{name}" for name in fixed)
