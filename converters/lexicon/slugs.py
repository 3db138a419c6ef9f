"""The one slugify of the project: headings, citation targets and URLs.

Like ``pymdownx.slugs``: Unicode-normalize, drop the combining marks (so
Vietnamese letters lose their tones), map ``đ``/``Đ`` to ``d`` (it is a letter
of its own, not a letter with a mark, so NFKD does not decompose it), lower
the case and join the remaining ASCII words with ``-``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 16)  # pure; the same words are folded again and again per document
def fold(text: str) -> str:
    """Return ``text`` without diacritics, ``đ`` as ``d``, lower case.

    Tone-mark placement variants fold to the same string, which is what
    search and identity matching need (``raw-artifacts.md`` §9).

    >>> fold("Ủy ban Dân vận khéo") == fold("Uỷ Ban dân Vận Khéo")
    True
    >>> fold("Đảng đoàn")
    'dang doan'
    """
    if text.isascii():
        return text.lower()  # NFKD leaves ASCII as it is: nothing to strip
    text = text.replace("đ", "d").replace("Đ", "D").replace("Ð", "D")
    return unicodedata.normalize("NFKD", text).translate(_NO_COMBINING).lower()


class _NoCombining(dict):
    """``str.translate`` table dropping the combining characters (``unicodedata.combining``),
    filled per code point on first sight: one C-level pass instead of a generator step per
    character (a long heading's slug was mostly that loop)."""

    def __missing__(self, code: int) -> int | None:
        value = self[code] = None if unicodedata.combining(chr(code)) else code
        return value


_NO_COMBINING = _NoCombining()


def slugify(text: str, sep: str = "-", max_length: int = 80) -> str:
    """ASCII slug of ``text``: folded, non-alphanumerics collapsed to ``sep``.

    ``max_length`` (characters) cuts at a word boundary so URLs stay readable.

    >>> slugify("I. TÌNH HÌNH KÝ KẾT VÀ TRIỂN KHAI")
    'i-tinh-hinh-ky-ket-va-trien-khai'
    >>> slugify("114-KL/TW")
    '114-kl-tw'
    >>> slugify("Đắk Lắk")
    'dak-lak'
    """
    slug = _NON_WORD.sub(sep, fold(text)).strip(sep)
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut.rsplit(sep, 1)[0] if sep in cut else cut
    return slug


def markdown_slugify(value: str, separator: str) -> str:
    """``toc.slugify`` for Python-Markdown: heading anchors in ASCII (đ → d)."""
    return slugify(value, sep=separator, max_length=120)
