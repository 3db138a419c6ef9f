"""The converter's prefilters and shortcuts (speed work) give exactly the answers of the full tests.

Each shortcut rests on a fact about characters or patterns; these tests check
the fact against this Python's Unicode database and compare the shortcut with
the plain computation on made-up lines.
"""

from __future__ import annotations

import random

from converters.lexicon import casing


def _upper_share(text: str, threshold: float = 0.8) -> bool:
    letters = sum(map(str.isalpha, text))
    return bool(letters) and sum(map(str.isupper, text)) / letters >= threshold


def test_cased_are_letters_in_the_ranges():
    """Every upper- or lower-case character the shortcut's ranges admit is a letter."""
    admitted = [chr(cp) for cp in range(0x110000) if casing._CASED_ARE_LETTERS.fullmatch(chr(cp))]
    assert len(admitted) > 800
    assert not [c for c in admitted if (c.isupper() or c.islower()) and not c.isalpha()]
    assert casing._CASED_ARE_LETTERS.fullmatch("Ⅷ") is None and casing._CASED_ARE_LETTERS.fullmatch("ⓐ") is None


def test_is_upper_text_as_the_plain_share():
    rng = random.Random(7)
    alphabet = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXYáàảãạÁÀẢÃẠỹỸ 0123456789.,;:-–()*_\"“”ⅧⓐⒶ一"
    texts = ["", "BAN DÂN VẬN", "Ban Dân vận", "a" * 40, "A" * 40, "A" * 32 + "a" * 8, "A" * 33 + "a" * 8 + "1" * 39]
    for _ in range(3000):
        n = rng.randrange(0, 200)
        upper_bias = rng.random()
        texts.append("".join(
            (c.upper() if rng.random() < upper_bias else c) for c in rng.choices(alphabet, k=n)
        ))
    for text in texts:
        for threshold in (0.8, 0.5, 0.95):
            casing.is_upper_text.cache_clear()
            assert casing.is_upper_text(text, threshold) == _upper_share(text, threshold), (text, threshold)


def test_numbering_patterns_by_first_character():
    """A pattern left out for a first character cannot match a label starting with it."""
    from converters.lexicon import patterns

    examples = {
        "part": ["Phần I", "Phần thứ hai", "phần 2"], "chapter": ["Chương II", "CHƯƠNG 3 "], "section": ["Mục 1 ", "MỤC IV."],
        "article": ["Điều 5.", "điều 10a:"], "alpha": ["A. X", "H- Y"], "roman": ["IV. X", "X- Y", "VII.Z"],
        "decimal3": ["1.2.3. x"], "decimal2": ["1.2 x"], "decimal": ["1. x", "9) y"], "letter": ["a) x", "đ. y"],
    }
    for scheme, pat in patterns.LABEL_PATTERNS:
        for example in examples[scheme]:
            m = pat.match(example)
            assert m and m.group(1), (scheme, example)
            for c in patterns._PATTERNS_AT:
                if (scheme, pat) not in patterns._PATTERNS_AT[c]:
                    m = pat.match(c + example[1:])
                    assert not (m and m.group(1)), (scheme, c + example[1:])
    lines = ["I. TÌNH HÌNH", "1- Tình hình", "1.1. Kết quả", "Phần thứ hai", "a) điểm", "Điều 3. Hiệu lực", "C. Nhiệm vụ",
             "Chương II", "Mục 2 QUY ĐỊNH", "X. KIẾN NGHỊ", "VI- x", "٣. số", "b. Tiếp", "D- Việc", "M. y", "1.580 người"]
    for line in lines:
        patterns.numbering.cache_clear()
        fast = patterns.numbering(line)
        saved = patterns._PATTERNS_AT
        patterns._PATTERNS_AT = {}
        try:
            patterns.numbering.cache_clear()
            assert patterns.numbering(line) == fast, line
        finally:
            patterns._PATTERNS_AT = saved
    patterns.numbering.cache_clear()


def test_odd_blanks_are_not_printable():
    """endmatter._strip searches for a blank other than " " only in a text that is not printable."""
    import re
    import sys

    from converters.steps import endmatter

    space = re.compile(r"\s")
    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        if space.match(c) and c != " ":
            assert not c.isprintable(), hex(cp)
    for text in ["a  b", "a\tb", "a\u00a0b", "**a** b", "a\u3000b", "a b", "|  x |", "a\nb"]:
        endmatter._strip.cache_clear()
        plain = text.strip().strip("|").strip().replace("**", "").replace("__", "").strip("*_ ")
        assert endmatter._strip(text) == re.sub(r"\s+", " ", plain).strip(), text


def test_blank_prefilters_as_the_searches():
    """outline._strip and symbols._close_separators skip their regex exactly when it finds nothing."""
    import re

    from converters.lexicon import symbols
    from converters.steps import outline

    samples = ["a b", "a  b", "a\tb", "a\u00a0b", "a \u2003b", "**1. Tiêu đề**", "114 - KL/TW", "114-KL/TW", "12 /UBND",
               "a\u3000b", "a\nb", "x\x1cy", "", " ", "1386 –qđ/tu"]
    for text in samples:
        outline._strip.cache_clear()
        t = text.strip()
        t = t.replace("**", "").replace("__", "").strip().strip("*_").strip()
        assert outline._strip(text) == (outline._SPACES.sub(" ", t) if outline._HAS_SPACES.search(t) else t), text
        assert symbols._close_separators(text) == symbols._SPACES_AROUND.sub(r"\1", text), text


def test_type_words_grouped_by_first_letter_match_as_the_plain_alternation():
    """citations._alt's grouped alternation finds what the plain longest-first alternation finds."""
    import re

    from converters.lexicon import citations as lc

    def plain(words):
        return "|".join(re.escape(w).replace(r"\ ", "[ ]{1,3}") for w in sorted(words, key=len, reverse=True))

    old_type = re.compile(
        r"(?<![a-z0-9])(?<!phap )(" + plain(lc._TYPE_BY_FOLD) + r")(?:[ ]{1,3}(" + plain(lc._QUAL_BY_FOLD) + r"))?(?![a-z0-9])"
    )
    old_words = re.compile(plain(lc._TYPE_BY_FOLD))
    rng = random.Random(11)
    pieces = list(lc._TYPE_BY_FOLD) + list(lc._QUAL_BY_FOLD) + ["phap ", "so ", "12/kh-ubnd", " ", "  ", "a", "x", "thong", "quy", "ke", "luat"]
    texts = [" ".join(rng.choices(pieces, k=rng.randrange(1, 12))) for _ in range(4000)]
    texts += [t.replace(" ", "  ") for t in texts[:500]]
    for text in texts:
        for pos in range(0, len(text), 3):
            a, b = old_words.search(text, pos), lc._TYPE_WORDS_RE.search(text, pos)
            assert (a and a.span()) == (b and b.span()), (text, pos)
            a, b = old_type.search(text, pos), lc._TYPE_RE.search(text, pos)
            assert (a and (a.span(), a.span(1), a.span(2))) == (b and (b.span(), b.span(1), b.span(2))), (text, pos)


def test_footnote_kinds_prefilter():
    """A paragraph whose first character past its blanks is not in footnotes._MARK_STARTS matches none of the three."""
    from converters.steps import footnotes as fn

    rng = random.Random(5)
    alphabet = list("ab1 \t\u00a0*-_[]<>()⁽⁾¹²\ufffdsup/") + ["<sup>", "</sup>", "**", "[1]", "---"]
    texts = ["".join(rng.choices(alphabet, k=rng.randrange(0, 12))) for _ in range(20000)]
    texts += ["<sup>1</sup> Chú thích", "⁽²⁾ Quyết định", "¹ x", "[3] y", "\ufffd z", "---", "  ***  ", "Năm 2020", ""]
    for text in texts:
        if text.lstrip()[:1] not in fn._MARK_STARTS:
            assert not (fn._SEPARATOR.match(text) or fn._LOST_DEF.match(text) or fn._DEF.match(text)), text
