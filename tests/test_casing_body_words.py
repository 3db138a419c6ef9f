"""lexicon/body_words.py: the phrases found per asked word are those of a whole tokenization."""

from __future__ import annotations

import random
import re
import sys

from converters.lexicon.body_words import WORD, BodyWords, _capitals
from converters.lexicon.slugs import fold


def _reference(body: str, folded: str, size: int) -> list[tuple[str, ...]]:
    """What the Caser read before: every token, then ``words[i : i + size]`` at each capital."""
    words = WORD.findall(body)
    if "_" in body:
        words = [w for w in words if w[0].isalnum()]
    return [tuple(words[i : i + size]) for i, w in enumerate(words) if w[0].isupper() and fold(w) == folded]


def test_word_character_is_alnum_or_underscore():
    # The token-start test reads "\w" as str.isalnum() or "_" (both are Unicode's alphanumerics).
    word = re.compile(r"\w")
    for c in map(chr, range(sys.maxunicode + 1)):
        assert bool(word.match(c)) == (c.isalnum() or c == "_"), hex(ord(c))


def test_every_capital_has_a_first_folded_character():
    # fold(token)[:1] is fold(token[0])[:1] only when the first character folds to something.
    caps = _capitals()
    assert all(k for k in caps), "an upper-case character folds to nothing"
    assert sum(map(len, caps.values())) == sum(1 for c in map(chr, range(sys.maxunicode + 1)) if c.isupper() and c.isalnum())


def test_phrases_match_a_whole_tokenization():
    rng = random.Random(7)
    pieces = ["Ban", "BAN", "bàn", "Bàn", "Dân", "vận", "-", "/", "--", "_", "_Ban", "a", "B", "Ủy", "ủy",
              "Đảng", "ĐẢNG", "dang", "x-Ban", "Ban/Dân", "1", "2025", ",", ".", " ", "\n", "ǅa", "İ", "Σ", "ﬁ", "Ｂan", "Ⓑan", "ǲa", "Ǳ", "𝐁an", "𝐁"]
    for _ in range(400):
        body = "".join(rng.choice(pieces) + rng.choice(["", " ", " ", "\n", ", "]) for _ in range(rng.randint(0, 40)))
        index = BodyWords(body)
        for folded in ("ban", "dan", "uy", "dang", "b", "x", "i", "σ", ""):
            for size in (1, 2, 3, 4):
                assert index.phrases(folded, size) == _reference(body, folded, size), (body, folded, size)
