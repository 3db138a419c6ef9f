"""slugs.fold drops combining characters with a translate table: the same as the generator it replaced."""

from __future__ import annotations

import sys
import unicodedata

from converters.lexicon.slugs import fold


def _reference(text: str) -> str:
    if text.isascii():
        return text.lower()
    text = text.replace("đ", "d").replace("Đ", "D").replace("Ð", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def test_fold_is_the_generator_fold_over_all_of_unicode():
    chars = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    for i in range(0, len(chars), 97):  # pieces, so that combining marks also follow letters
        piece = chars[i : i + 97]
        assert fold.__wrapped__(piece) == _reference(piece), hex(i)
    assert fold("Ủy ban Dân vận khéo") == "uy ban dan van kheo"
