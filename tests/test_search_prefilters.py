"""Faster searches that stand for a regex's "is there a match": the same answer on any text."""

from __future__ import annotations

import random
import re
import sys

from converters.steps import outline


def _texts(alphabet: list[str], n: int = 20000, seed: int = 16):
    rng = random.Random(seed)
    for _ in range(n):
        yield "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))


def test_outline_has_spaces_is_spaces_search():
    blanks = [c for c in map(chr, range(sys.maxunicode + 1)) if re.match(r"\s", c)]
    for text in _texts(blanks + ["a", "đ", "1", "*"]):
        assert bool(outline._HAS_SPACES.search(text)) == bool(outline._SPACES.search(text)), repr(text)


def test_decode_lines_with_are_the_lines_a_per_line_search_finds():
    from converters.read import decode

    for pattern in (decode._DOUBLE_UTF8, decode._LEGACY_MOJIBAKE):
        assert not pattern.search("\n") and "\n" not in pattern.pattern  # no match holds a newline
        alphabet = ["\n", "a", "Ã", "¡", "á", "»", "\x01", "ß", "€", "ộ", " "]
        for text in _texts(alphabet, n=5000):
            want = {n for n, line in enumerate(text.split("\n"), start=1) if pattern.search(line)}
            assert decode._lines_with(pattern, text) == want, repr(text)
