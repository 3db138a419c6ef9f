"""Where a body writes a word with a capital: the phrases :class:`casing.Caser` learns casing from.

The Caser asks, for a few header words only, which of the body's phrases start with a
capitalized word folding like that word.  The body's words are the tokens of
:data:`WORD` (``\\w+`` runs joined by single ``/`` or ``-``), in order, without those led
by ``_`` (a ``\\w`` that is no letter).  Tokenizing a whole body was 5% of the converter's
time for a few lookups, so :class:`BodyWords` reads the body only around the capitals that
may start an asked word: one C-level search per first letter, then the tokens after each hit.

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
    """First character of :func:`fold` -> every upper-case character folding to it (all of Unicode,
    read once per process: some 2,000 characters)."""
    out: dict[str, list[str]] = {}
    for c in map(chr, range(sys.maxunicode + 1)):
        if c.isupper():
            out.setdefault(fold(c)[:1], []).append(c)
    return {k: "".join(v) for k, v in out.items()}


@lru_cache(maxsize=256)
def _capital_re(first: str) -> re.Pattern | None:
    """A search for the upper-case characters whose fold starts with ``first`` (None: there are none)."""
    chars = _capitals().get(first)
    return re.compile("[" + re.escape(chars) + "]") if chars else None


class BodyWords:
    """The capitalized words of one body and the words after them, found per asked word.

    ``phrases(folded, size)``: for each token of the body (in order) whose first character is
    upper case and whose :func:`fold` is ``folded``, the tuple of it and the tokens after it,
    ``size`` tokens at most (fewer at the body's end) — what ``words[i : i + size]`` gives
    over the body's whole token list ``words`` at each such ``i``.
    """

    __slots__ = ("body", "_skip_underscore", "_hits")

    def __init__(self, body: str) -> None:
        self.body = body
        self._skip_underscore = "_" in body  # a token led by "_" is \w but not a word
        self._hits: dict[str, list[tuple[str, int]]] = {}

    def _starts(self, folded: str) -> list[tuple[str, int]]:
        """``(token, end)`` of the capitalized tokens folding to ``folded``, in body order."""
        found = self._hits.get(folded)
        if found is not None:
            return found
        found = []
        pattern = _capital_re(folded[:1]) if folded else None
        body = self.body
        if pattern is not None:
            for hit in pattern.finditer(body):
                p = hit.start()
                if p and (body[p - 1].isalnum() or body[p - 1] == "_"):
                    continue  # inside a token
                if p > 1 and body[p - 1] in "/-" and (body[p - 2].isalnum() or body[p - 2] == "_"):
                    continue  # "a-B": the token before runs on through the "-"
                m = WORD.match(body, p)
                if m is not None and fold(m.group()) == folded:
                    found.append((m.group(), m.end()))
        self._hits[folded] = found
        return found

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
