"""Vietnamese syllables: telling OCR-fused words apart ("CÁNSỰ" -> "CÁN SỰ").

A Vietnamese syllable is (initial consonant) + vowel nucleus + (final
consonant), written without spaces inside and with spaces between syllables.
OCR sometimes drops the space; a token that is not one syllable but splits
into exactly two is re-spaced.  Only letters with Vietnamese diacritics are
touched, so acronyms (``BCSĐUBND``) and foreign words stay.
"""

from __future__ import annotations

import re

from converters.lexicon.slugs import fold

_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?"
    r"(?:[aeiouy]{1,3})"
    r"(?:ng|nh|ch|[cmnpt])?$"
)


def is_syllable(word: str) -> bool:
    """True when ``word`` has the shape of one Vietnamese syllable.

    >>> is_syllable("cán"), is_syllable("sự"), is_syllable("cánsự"), is_syllable("UBND")
    (True, True, False, False)
    """
    return bool(_SYLLABLE.match(fold(word)))


def split_fused_syllables(word: str) -> str:
    """Insert the space OCR lost between two syllables, else return ``word``.

    >>> split_fused_syllables("CÁNSỰ"), split_fused_syllables("BCSĐUBND"), split_fused_syllables("ĐẢNG")
    ('CÁN SỰ', 'BCSĐUBND', 'ĐẢNG')
    """
    if not word.isalpha() or is_syllable(word) or word == fold(word):
        return word
    for i in range(1, len(word)):
        left, right = word[:i], word[i:]
        if is_syllable(left) and is_syllable(right) and fold(left) != left.lower() or (
            is_syllable(left) and is_syllable(right) and fold(right) != right.lower()
        ):
            return f"{left} {right}"
    return word
