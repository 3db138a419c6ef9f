"""Inline content of a block: plain text, emphasis spans and footnote references.

Raw text carries bold/italic markers (``**``, ``*``, ``***``), often unbalanced
after export damage, and footnote placeholders (``footnotes.REF_OPEN``...).
:func:`parse` separates them: the plain text is what citation recognition and
search read; the spans are what ``render`` writes back as Markdown.  Markers
that do not pair are debris and dropped (they are not words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from converters.model import REF_CLOSE, REF_OPEN

_TOKEN = re.compile(r"\*+|" + REF_OPEN + r"[^" + REF_CLOSE + r"]*" + REF_CLOSE)
_SPACES = re.compile(r"[ \t\u00a0]+")


@dataclass
class Inline:
    """``plain`` text; ``marks``: ``(start, end, "strong"|"em"|"strongem")`` spans over
    ``plain``; ``refs``: ``(position, label)`` footnote references, each placed right
    after ``plain[:position]``."""

    plain: str
    marks: list[tuple[int, int, str]] = field(default_factory=list)
    refs: list[tuple[int, str]] = field(default_factory=list)


def parse(text: str) -> Inline:
    """Split ``text`` into plain text, paired emphasis and footnote references.

    >>> p = parse("*Tuy nhiên*, nhận thức **một số** cấp ủy**")
    >>> p.plain, p.marks
    ('Tuy nhiên, nhận thức một số cấp ủy', [(0, 9, 'em'), (21, 27, 'strong')])
    >>> parse("vận" + REF_OPEN + "1" + REF_CLOSE + ".").refs
    [(3, '1')]
    """
    text = text.replace("\n", " ")
    if "  " in text or "\t" in text or "\u00a0" in text:  # else the sub would change nothing
        text = _SPACES.sub(" ", text)
    text = text.strip()
    if "*" not in text and REF_OPEN not in text:
        return Inline(text)  # no marker, no reference: nothing to pair (most blocks)
    plain: list[str] = []
    length = 0
    runs: list[tuple[int, int, bool, bool]] = []  # (pos, size, can_open, can_close)
    refs: list[tuple[int, str]] = []
    last = 0
    for m in _TOKEN.finditer(text):
        chunk = text[last : m.start()]
        plain.append(chunk)
        length += len(chunk)
        tok = m.group(0)
        if tok.startswith(REF_OPEN):
            refs.append((length, tok[1:-1]))
        else:
            before = text[m.start() - 1] if m.start() > 0 else " "
            after = text[m.end()] if m.end() < len(text) else " "
            runs.append((length, len(tok), not after.isspace(), not before.isspace()))
        last = m.end()
    plain.append(text[last:])
    joined = "".join(plain)
    marks: list[tuple[int, int, str]] = []
    stack: list[tuple[int, int]] = []
    for pos, size, can_open, can_close in runs:
        size = min(size, 3)
        if can_close and stack and stack[-1][1] == size and pos > stack[-1][0]:
            start, _ = stack.pop()
            kind = {1: "em", 2: "strong", 3: "strongem"}[size]
            marks.append((start, pos, kind))
        elif can_open:
            stack.append((pos, size))
    # Leading/trailing spaces left by dropped markers.
    stripped = joined.strip()
    shift = len(joined) - len(joined.lstrip())
    if shift or stripped != joined:
        n = len(stripped)
        marks = [(max(0, a - shift), min(n, b - shift), k) for a, b, k in marks if min(n, b - shift) > max(0, a - shift)]
        refs = [(min(n, max(0, p - shift)), lab) for p, lab in refs]
    marks.sort()
    return Inline(stripped, marks, refs)
