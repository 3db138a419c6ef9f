"""Vietnamese syllables: telling OCR-fused words apart ("CÁNSỰ" -> "CÁN SỰ").

A Vietnamese syllable is (initial consonant) + vowel nucleus + (final
consonant), written without spaces inside and with spaces between syllables.
OCR sometimes drops the space; a token that is not one syllable but splits
into exactly two is re-spaced.  Only letters with Vietnamese diacritics are
touched, so acronyms (``BCSĐUBND``) and foreign words stay.
"""

from __future__ import annotations

import functools
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


_WORD = re.compile(r"[^\W\d_]+")
#: The words of ``_WORD`` with a letter past ASCII, whole: a match starts only where a word does
#: (so an ASCII word costs one pass, not one per letter), runs its ASCII letters, then needs one
#: that is not.
_NON_ASCII_WORD = re.compile(r"(?<![^\W\d_])[a-zA-Z]*[^\W\d_\x00-\x7f][^\W\d_]*")
#: An upper-case word of four letters or more: the only kind a glued pair can be.
#: (The lower-case ranges first: most characters of a text are those, and a class is tried in order.)
_CAPS = re.compile(r"[^a-zà-ỹđ\W\d_]{4,}")


@functools.lru_cache(maxsize=1 << 16)
def _glued_ways(word: str) -> tuple[tuple[str, str], ...]:
    """Every split of ``word`` into two syllables, one of them with a diacritic; memoized.

    A document repeats its upper-case words (issuer, headings), and the
    corpus shares most of them: the split test is the cost, not the lookup.
    """
    if not word.isupper() or fold(word) == word.lower() or is_syllable(word):
        return ()
    return tuple(
        (word[:i], word[i:])
        for i in range(1, len(word))
        if is_syllable(word[:i]) and is_syllable(word[i:])
        and (fold(word[:i]) != word[:i].lower() or fold(word[i:]) != word[i:].lower())
    )


def glued_splits(word: str, known: frozenset[str] | set[str] = frozenset()) -> str | None:
    """``word`` with the space between two glued syllables put back, else ``None``.

    Only an upper-case word with Vietnamese diacritics that is no syllable
    and splits into two syllables (one of them with diacritics).  When it
    splits in several ways (``ĐỊACHẤT``: ``ĐỊA CHẤT``, ``ĐỊAC HẤT``,
    ``ĐỊACH ẤT``), the one whose two parts the document uses as words
    (``known``: lower-case words of the text) is taken; with no such
    evidence, or two such ways, the word stays as written.

    >>> glued_splits("ĐỘNGNGOÀI"), glued_splits("ĐỊACHẤT", {"địa", "chất"}), glued_splits("ĐỊACHẤT")
    ('ĐỘNG NGOÀI', 'ĐỊA CHẤT', None)
    >>> glued_splits("OCOP"), glued_splits("ASEAN"), glued_splits("NGHIÊNG"), glued_splits("BCSĐUBND")
    (None, None, None, None)
    """
    ways = _glued_ways(word)
    if len(ways) > 1:
        ways = [(a, b) for a, b in ways if a.lower() in known and b.lower() in known]
    return f"{ways[0][0]} {ways[0][1]}" if len(ways) == 1 else None


def split_glued_caps(text: str) -> str:
    """Every glued pair of syllables in an upper-case run of ``text`` spaced (:func:`glued_splits`).

    A word is looked at only next to another upper-case word (a heading, a
    title, an issuer line): ``LAO ĐỘNGNGOÀI NƯỚC`` -> ``LAO ĐỘNG NGOÀI
    NƯỚC``.  Acronyms and foreign words (no diacritics) stay.

    >>> split_glued_caps("CỤC QUẢN LÝ LAO ĐỘNGNGOÀI NƯỚC"), split_glued_caps("Chương trình OCOP")
    ('CỤC QUẢN LÝ LAO ĐỘNG NGOÀI NƯỚC', 'Chương trình OCOP')
    """
    if not _CAPS.search(text):
        return text
    known: set[str] | None = None
    edits: list[tuple[int, int, str]] = []
    done = -1
    # only the lines with an upper-case run are read: one search over the text, not one per line
    for hit in _CAPS.finditer(text):
        if hit.start() < done:
            continue
        first = text.rfind("\n", 0, hit.start()) + 1
        done = text.find("\n", hit.end())
        if done < 0:
            done = len(text)
        # Only a word with a letter past ASCII can be glued (fold changes nothing else); its
        # neighbours are read only for the few that split.
        for m in _NON_ASCII_WORD.finditer(text, first, done):
            w = m.group()
            if len(w) < 4 or not w.isupper():
                continue
            ways = _glued_ways(w)
            if not ways:
                continue
            before = [b.group() for b in _WORD.finditer(text, first, m.start())][-1:]
            after = _WORD.search(text, m.end(), done)
            neighbours = before + ([after.group()] if after else [])
            if not any(n.isupper() and len(n) > 1 for n in neighbours):
                continue  # an upper-case word alone in a sentence: an acronym's place, not a heading
            if len(ways) > 1 and known is None:
                # the text's own words decide between two splits; built only then
                known = {x.lower() for x in _WORD.findall(text) if len(x) <= 7}
            split = glued_splits(w, known or frozenset())
            if split:
                edits.append((m.start(), m.end(), split))
    if not edits:
        return text
    parts, at = [], 0
    for a, b, split in edits:
        parts += [text[at:a], split]
        at = b
    parts.append(text[at:])
    return "".join(parts)
