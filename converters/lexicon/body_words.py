"""Where a body writes a word with a capital: the phrases :class:`casing.Caser` learns casing from.

The Caser asks, for a few header words only, which of the body's phrases start with a
capitalized word folding like that word.  The body's words are the tokens of
:data:`WORD` (``\\w+`` runs joined by single ``/`` or ``-``), in order, without those led
by ``_`` (a ``\\w`` that is no letter).  Tokenizing a whole body (~880k tokens on the real
corpus) for a few lookups was most of the Caser's time, so :class:`BodyWords` reads only the
tokens that start with a capital folding like an asked word's first letter: one C-level search
per first letter, then the few tokens after each one that folds like the word.

The token a position starts is told locally: ``p`` starts a token when ``body[p]`` is a word
character, ``body[p - 1]`` is none, and ``body[p - 1]`` is no single ``/`` or ``-`` after a
word character (the token before would run on through it); the next token after one that
ends at ``e`` is the first match of :data:`WORD` from ``e``, as a left-to-right tokenizer
reads it.  ``tests/test_casing_body_words.py`` checks both against a whole tokenization.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache

from converters.lexicon.slugs import fold

#: The words of a body: what r"\w+(?:[/-]\w+)*|\S" tokenizes, without its one-character
#: punctuation tokens (skipping them leaves the word tokens as they were).
WORD = re.compile(r"\w+(?:[/-]\w+)*", re.UNICODE)


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """First character of :func:`fold` -> every upper-case word character folding to it (all of
    Unicode, read once per process: some 2,000 characters; an upper-case character that is no word
    character, "Ⓐ", starts no token)."""
    out: dict[str, list[str]] = {}
    for c in map(chr, range(sys.maxunicode + 1)):
        if c.isupper() and c.isalnum():
            out.setdefault(fold(c)[:1], []).append(c)
    return {k: "".join(v) for k, v in out.items()}


@lru_cache(maxsize=512)
def _capital_words(first: str, astral: bool = True) -> re.Pattern | None:
    """The tokens that start with an upper-case character folding to ``first`` (None: there are
    none): a start no word character precedes, nor a single ``/`` or ``-`` after one (the
    capital is a word character: the lookbehinds read it as the last of two or three), then
    :data:`WORD` from there.  ``astral``: the text may hold characters past U+FFFF."""
    chars = _capitals().get(first, "")
    if not astral:
        # A text with no character past U+FFFF has none of those capitals (mathematical letters):
        # the class left is one table lookup per character, not a walk over ranges (3x faster).
        chars = "".join(c for c in chars if c <= "\uffff")
    if not chars:
        return None
    # The class first, the start's tests after it as lookbehinds: a search skips to the class.
    return re.compile("[" + re.escape(chars) + r"](?<!\w\w)(?<!\w[/-]\w)\w*(?:[/-]\w+)*")


class BodyWords:
    """The capitalized words of one body and the words after them, found per asked word.

    ``phrases(folded, size)``: for each token of the body (in order) whose first character is
    upper case and whose :func:`fold` is ``folded``, the tuple of it and the tokens after it,
    ``size`` tokens at most (fewer at the body's end) — what ``words[i : i + size]`` gives
    over the body's whole token list ``words`` at each such ``i``.
    """

    __slots__ = ("body", "_skip_underscore", "_astral", "_by_first")

    def __init__(self, body: str) -> None:
        self.body = body
        self._skip_underscore = "_" in body  # a token led by "_" is \w but not a word
        # Characters past U+FFFF take two UTF-16 units (one C-level pass over the text).
        self._astral = len(body.encode("utf-16-le", "surrogatepass")) != 2 * len(body)
        self._by_first: dict[str, dict[str, list[tuple[str, int]]]] = {}

    def _starts(self, folded: str) -> list[tuple[str, int]]:
        """``(token, end)`` of the capitalized tokens folding to ``folded``, in body order (one
        search per first letter, its tokens grouped by their fold for the other words asked)."""
        first = folded[:1]
        groups = self._by_first.get(first)
        if groups is None:
            groups = {}
            pattern = _capital_words(first, self._astral) if first else None
            if pattern is not None:
                for m in pattern.finditer(self.body):
                    token = m.group()
                    groups.setdefault(fold(token), []).append((token, m.end()))
            self._by_first[first] = groups
        return groups.get(folded, [])

    def phrases(self, folded: str, size: int) -> list[tuple[str, ...]]:
        """See the class docstring."""
        body, skip = self.body, self._skip_underscore
        out = []
        for token, end in self._starts(folded):
            chunk = [token]
            while len(chunk) < size:
                m = WORD.search(body, end)
                if m is None:
                    break
                end = m.end()
                word = m.group()
                if skip and not word[0].isalnum():
                    continue
                chunk.append(word)
            out.append(tuple(chunk))
        return out


@lru_cache(maxsize=4)
def body_words(body: str) -> BodyWords:
    """The :class:`BodyWords` of ``body`` (shared by the Casers of one body)."""
    return BodyWords(body)
