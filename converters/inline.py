"""Inline content of a block: plain text, emphasis spans and footnote references.

Raw text carries bold/italic markers (``**``, ``*``, ``***``, and the web page's
``__`` for bold: raw-artifacts.md §11), often unbalanced after export damage, and footnote placeholders (``footnotes.REF_OPEN``...).
:func:`parse` separates them: the plain text is what citation recognition and
search read; the spans are what ``render`` writes back as Markdown.  Markers
that do not pair are debris and dropped (they are not words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from converters.model import REF_CLOSE, REF_OPEN

#: ``__`` pairs only with ``__`` and only at a word's edge (``a__b`` is text), and a longer run of
#: underscores is a form's blank to fill in (``Họ tên: ______``), never a marker.
_TOKEN = re.compile(r"\*+|(?<!_)__(?!_)|" + REF_OPEN + r"[^" + REF_CLOSE + r"]*" + REF_CLOSE)
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
    >>> p = parse("__Ghi chú:__ số liệu, Họ tên: ______, a__b")
    >>> p.plain, p.marks
    ('Ghi chú: số liệu, Họ tên: ______, a__b', [(0, 8, 'strong')])
    >>> parse("(Mã: **1.003999**__)__").marks
    [(5, 14, 'strong')]
    """
    text = text.replace("\n", " ")
    if "  " in text or "\t" in text or "\u00a0" in text:  # else the sub would change nothing
        text = _SPACES.sub(" ", text)
    text = text.strip()
    if "*" not in text and "__" not in text and REF_OPEN not in text:
        return Inline(text)  # no marker, no reference: nothing to pair (most blocks)
    plain: list[str] = []
    length = 0
    runs: list[tuple[int, int, bool, bool, str]] = []  # (pos, size, can_open, can_close, marker char)
    refs: list[tuple[int, str]] = []
    last = 0
    for m in _TOKEN.finditer(text):
        chunk = text[last : m.start()]
        plain.append(chunk)
        length += len(chunk)
        tok = m.group(0)
        if tok == "__" and 0 < m.start() and m.end() < len(text) and text[m.start() - 1].isalnum() and text[m.end()].isalnum():
            plain.append(tok)  # "a__b": underscores inside a word are text
            length += 2
        elif tok.startswith(REF_OPEN):
            refs.append((length, tok[1:-1]))
        else:
            before = text[m.start() - 1] if m.start() > 0 else " "
            after = text[m.end()] if m.end() < len(text) else " "
            if tok == "__":  # no emphasis inside a word (CommonMark's rule for "_")
                runs.append((length, 2, not after.isspace() and not before.isalnum(),
                             not before.isspace() and not after.isalnum(), "_"))
            else:
                runs.append((length, len(tok), not after.isspace(), not before.isspace(), "*"))
        last = m.end()
    plain.append(text[last:])
    joined = "".join(plain)
    marks: list[tuple[int, int, str]] = []
    stack: list[tuple[int, int, str]] = []
    for pos, size, can_open, can_close, ch in runs:
        size = min(size, 3)
        if can_close and stack and stack[-1][1:] == (size, ch) and pos > stack[-1][0]:
            start, _, _ = stack.pop()
            kind = {1: "em", 2: "strong", 3: "strongem"}[size]
            marks.append((start, pos, kind))
        elif can_open:
            stack.append((pos, size, ch))
    # Leading/trailing spaces left by dropped markers.
    stripped = joined.strip()
    shift = len(joined) - len(joined.lstrip())
    if shift or stripped != joined:
        n = len(stripped)
        marks = [(max(0, a - shift), min(n, b - shift), k) for a, b, k in marks if min(n, b - shift) > max(0, a - shift)]
        refs = [(min(n, max(0, p - shift)), lab) for p, lab in refs]
    marks.sort()
    if len(marks) > 1:
        # Two spans of one kind that touch are one ("**1.003999**__)__": bold up to ")"), so the
        # page gets one "**...**", not "**a****b**".
        merged = [marks[0]]
        for a, b, kind in marks[1:]:
            pa, pb, pk = merged[-1]
            if pk == kind and pb == a:
                merged[-1] = (pa, b, kind)
            else:
                merged.append((a, b, kind))
        marks = merged
    return Inline(stripped, marks, refs)
