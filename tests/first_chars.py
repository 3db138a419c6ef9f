"""What a compiled regex's match may begin with, read from its parsed form (for prefilter tests).

A step that tests a line's first character before trying a regex (``lead in _K_FIRST and
_KINH_GUI.match(...)``) keeps a set that must hold every character the regex's first letter
may be.  :func:`first_chars` reads both sets from the regex itself, so a test fails when the
regex changes and its prefilter does not.  It uses the standard library's regex parser
(``re._parser``, internal: fine in a test, never in the converter).
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache

try:  # Python 3.11+
    from re import _constants as C
    from re import _parser as parser
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as C
    import sre_parse as parser

_CATEGORIES = {C.CATEGORY_SPACE: r"\s", C.CATEGORY_DIGIT: r"\d", C.CATEGORY_WORD: r"\w"}
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT} | ({C.POSSESSIVE_REPEAT} if hasattr(C, "POSSESSIVE_REPEAT") else set())


@lru_cache(maxsize=None)
def _every(pattern: str, flags: int = 0) -> frozenset[str]:
    """Every character ``pattern`` (one character class) matches, all of Unicode tried."""
    match = re.compile(pattern, flags).fullmatch
    return frozenset(ch for ch in map(chr, range(sys.maxunicode + 1)) if match(ch))


def _class(items) -> set[str]:
    out: set[str] = set()
    for op, arg in items:
        if op is C.LITERAL:
            out.add(chr(arg))
        elif op is C.RANGE:
            out.update(map(chr, range(arg[0], arg[1] + 1)))
        elif op is C.CATEGORY and arg in _CATEGORIES:
            out |= _every(_CATEGORIES[arg])
        else:
            raise NotImplementedError(f"first_chars: {op} {arg} in a class")
    return out


def _first(items) -> tuple[set[str], bool]:
    """(characters the sequence ``items`` may begin with, whether it may match nothing)."""
    out: set[str] = set()
    for op, arg in items:
        if op is C.LITERAL:
            return out | {chr(arg)}, False
        if op is C.IN:
            return out | _class(arg), False
        if op is C.AT:
            continue
        if op is C.BRANCH:
            alts = [_first(alt) for alt in arg[1]]
            out |= set().union(*(f for f, _ in alts))
            if not any(empty for _, empty in alts):
                return out, False
        elif op is C.SUBPATTERN:
            if arg[1] or arg[2]:
                raise NotImplementedError("first_chars: inline flags in a group")
            first, empty = _first(arg[3])
            out |= first
            if not empty:
                return out, False
        elif op in _REPEATS:
            first, empty = _first(arg[2])
            out |= first
            if arg[0] and not empty:
                return out, False
        else:
            raise NotImplementedError(f"first_chars: {op}")
    return out, True


def _fold(chars: set[str], flags: int) -> frozenset[str]:
    """``chars`` with every character ``re.IGNORECASE`` takes for one of them (when set)."""
    if not chars or not flags & re.IGNORECASE:
        return frozenset(chars)
    return _every("[" + "".join(map(re.escape, sorted(chars))) + "]", re.IGNORECASE)


def first_chars(regex: re.Pattern) -> tuple[frozenset[str], frozenset[str]]:
    """``(skipped, first)`` of a compiled regex: the characters of the runs it may pass over
    first (``[*_#\\s]*`` after ``^``, in each alternative of a top-level ``|``), and the
    characters its first letter after them may be; both case-folded as its flags fold.

    >>> first_chars(re.compile(r"^[*_]*(?:Ab|c)d")) == ({"*", "_"}, {"A", "c"})
    True
    >>> first_chars(re.compile(r"(?:Joint\\s+)?Law")) == (set(), {"J", "L"})
    True
    >>> first_chars(re.compile("k", re.IGNORECASE))[1] == {"k", "K", "\\u212a"}
    True
    """
    tree = list(parser.parse(regex.pattern, regex.flags))
    alternatives = [tree]
    if len(tree) == 2 and tree[0][0] is C.AT and tree[1][0] is C.BRANCH:
        alternatives = [[tree[0], *alt] for alt in tree[1][1][1]]  # (?:^a)|(?:^b) parses as ^(?:a|b)
    elif len(tree) == 1 and tree[0][0] is C.BRANCH:
        alternatives = tree[0][1][1]
    skipped: set[str] = set()
    first: set[str] = set()
    for items in alternatives:
        k = 0
        while k < len(items):
            op, arg = items[k]
            if op is C.AT:
                k += 1
            elif op in _REPEATS and arg[0] == 0 and len(arg[2]) == 1 and arg[2][0][0] in (C.IN, C.LITERAL):
                # A run of marks or blanks before the first letter ("[~]" parses as a literal).
                skipped |= _class(arg[2][0][1]) if arg[2][0][0] is C.IN else {chr(arg[2][0][1])}
                k += 1
            else:
                break
        chars, empty = _first(items[k:])
        if empty:
            raise NotImplementedError("first_chars: an alternative may match nothing")
        first |= chars
    return _fold(skipped, regex.flags), _fold(first, regex.flags)
