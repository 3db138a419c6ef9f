"""Bytes of a raw file to text (placeholder: UTF-8 only; see issue [4/6])."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import InputError


@dataclass(frozen=True)
class Decoded:
    """Decoded text of a raw file and the name of the encoding it was in."""

    text: str
    encoding: str


def decode(data: bytes, source: str, **options) -> Decoded:
    """Decode ``data``; raises :class:`InputError` naming ``source``."""
    if data.startswith(b"\xef\xbb\xbf"):
        return Decoded(data[3:].decode("utf-8"), "utf-8-sig")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(source, "not UTF-8 text", "save it as UTF-8") from exc
