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



# Letter fragments joined by empty bold pairs with no space: Word's formatting runs cut inside
# a word ("BỘ C****ÔNG THƯƠNG", "v****à hư****ớng dẫn", "GIÁM Đ****Ố****C").
_GLUED_CHAIN = re.compile(r"(?<![^\W\d_])[^\W\d_]+(?:\*\*\*\*[^\W\d_]+)+")


def join_glued_fragments(text: str) -> str:
    """Drop the empty bold pairs ``****`` that cut one word; other text is unchanged.

    ``text``: any text (lines of Markdown-ish raw text).  A chain of letter runs joined by
    ``****`` with no space is a word processor's formatting run boundaries; the pairs are
    dropped when the runs together make one Vietnamese syllable (:func:`is_syllable`), so
    two words glued by bold marks ("Bộ****Bộ", "CÔNG TÁC****1.") stay apart (the emphasis
    step reads such a pair as a space).  Seen across the corpus's Word exports in headers,
    signatures, titles, table cells and body text.  Linear and idempotent.

    >>> join_glued_fragments("**BỘ C****ÔNG THƯƠNG**"), join_glued_fragments("**KT. CH****Ủ TỊCH **")
    ('**BỘ CÔNG THƯƠNG**', '**KT. CHỦ TỊCH **')
    >>> join_glued_fragments("**GIÁM Đ****Ố****C**"), join_glued_fragments("chi tiết v****à hư****ớng dẫn")
    ('**GIÁM ĐỐC**', 'chi tiết và hướng dẫn')
    >>> join_glued_fragments("**Bộ****Bộ Xây dựng**"), join_glued_fragments("**Quy ****định**")
    ('**Bộ****Bộ Xây dựng**', '**Quy ****định**')
    """
    if "****" not in text:
        return text

    def join(m: re.Match) -> str:
        word = m.group(0).replace("****", "")
        return word if is_syllable(word) else m.group(0)

    return _GLUED_CHAIN.sub(join, text)
