"""lexicon/syllables.py: the word finders split_glued_caps reads are the ones it read before."""

from __future__ import annotations

import random
import re
import sys

from converters.lexicon.syllables import _CAPS, _NON_ASCII_WORD, _WORD, split_glued_caps


def test_caps_class_is_the_one_it_was():
    before = re.compile(r"[^\W\d_a-zà-ỹđ]")
    now = re.compile(_CAPS.pattern.split("{")[0])
    assert all(bool(before.match(c)) == bool(now.match(c)) for c in map(chr, range(sys.maxunicode + 1)))


def test_non_ascii_words_are_the_words_with_a_letter_past_ascii():
    rng = random.Random(16)
    pieces = ["ĐỘNG", "NGOÀI", "abc", "Ab", "x", "ĐỊA", " ", "\n", "1", "_", "ǅ", "ﬁ", "ÀB", "BÀ", "a\u0301", "-"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        want = [m.span() for m in _WORD.finditer(text) if not m.group().isascii()]
        assert [m.span() for m in _NON_ASCII_WORD.finditer(text)] == want, text


def test_glued_caps_still_spaced():
    assert split_glued_caps("CỤC QUẢN LÝ LAO ĐỘNGNGOÀI NƯỚC\nabc ĐỘNGNGOÀI") == "CỤC QUẢN LÝ LAO ĐỘNG NGOÀI NƯỚC\nabc ĐỘNGNGOÀI"
    assert split_glued_caps("ĐỘNGNGOÀI NƯỚC") == "ĐỘNG NGOÀI NƯỚC"
