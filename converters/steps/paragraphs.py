"""Raw chunks to paragraphs: soft wraps joined, hard breaks kept, lost anchors marked.

Word exports separate paragraphs by blank lines, or (in some exports and
OCR) put one paragraph per line.  Inside a chunk a line break starts a new
paragraph when the line before ends a sentence or the line after starts with
a numbering label, a list dash or a footnote definition; otherwise it is a
soft wrap and the lines are joined with a space.

When the document's footnote anchors were lost (definitions led by U+FFFD at
the end, ``raw-artifacts.md`` §4), a line break inside a sentence before
punctuation or before a space and the next word *is* the lost reference: the
lines are joined with a placeholder there (``footnotes.LOST``).
"""

from __future__ import annotations

import re

from converters.steps.footnotes import LOST, definition_label, has_lost_anchors
from converters.model import Block, DocState
from converters.lexicon.patterns import TERMINAL, numbering

_ITEM = re.compile(r"^\s*[-–+•]\s")
_LOST_BREAK_NEXT = re.compile(r"^(?:\s*[.,;:!?)]|\s+\S)")


def _starts_unit(line: str) -> bool:
    s = line.strip()
    return bool(
        _ITEM.match(s)
        or definition_label(s)
        or s.startswith("\ufffd")
        or s.startswith("#")
        or numbering(s.strip("*_ ")) is not None
        or re.match(r"^-{3,}$", s)
    )


def split_chunk(text: str, lost_mode: bool) -> list[tuple[str, int, int]]:
    """Split one chunk into paragraphs: ``[(text, first_line_offset, last_line_offset)]``.

    >>> [p for p, _, _ in split_chunk("I. MỤC ĐÍCH\\n1. Tình hình\\nNăm qua tốt.\\nTuy nhiên", False)]
    ['I. MỤC ĐÍCH', '1. Tình hình', 'Năm qua tốt.', 'Tuy nhiên']
    >>> [p for p, _, _ in split_chunk("chiếm 54%\\n; có 09 huyện", True)] == ["chiếm 54%" + LOST + "; có 09 huyện"]
    True
    """
    lines = text.split("\n")
    out: list[list] = []
    raw_prev = ""
    for i, line in enumerate(lines):
        hard_break = raw_prev.endswith("  ")
        raw_prev = line
        if not out:
            out.append([line.strip(), i, i])
            continue
        prev = out[-1][0]
        prev_end = prev.rstrip()
        heading_before = _starts_unit(prev) and len(prev) < 200 and not line[:1].strip() == "" and False
        if (
            lost_mode
            and prev_end
            and prev_end[-1] not in TERMINAL
            and _LOST_BREAK_NEXT.match(line)
            and not line.strip().startswith(("-", "\ufffd"))
            and not (line[:1].isspace() and _starts_unit(prev) and len(prev) < 200)
            and not heading_before
        ):
            nxt = line.strip()
            joiner = "" if nxt[:1] in ".,;:!?)" else " "
            out[-1][0] = prev_end + LOST + joiner + nxt
            out[-1][2] = i
            continue
        if _starts_unit(line) or prev_end[-1:] in TERMINAL or _starts_unit(prev) and not hard_break and not prev_end.count("**") % 2:
            out.append([line.strip(), i, i])
            continue
        nxt = line.strip()
        joiner = "" if nxt[:1] in ".,;:!?)" else " "
        out[-1][0] = prev_end + joiner + nxt
        out[-1][2] = i
    return [(t, a, b) for t, a, b in out if t]


def step(state: DocState) -> None:
    """Pipeline step: raw chunks -> paragraph blocks (``kind="paragraph"``)."""
    lost_mode = has_lost_anchors(state.blocks)
    state.env["lost_anchor_mode"] = lost_mode
    out: list[Block] = []
    for block in state.blocks:
        if block.kind != "raw":
            out.append(block)  # an attachment title or a signature block (endmatter)
            continue
        parts = split_chunk(block.text, lost_mode)
        for n, (text, a, b) in enumerate(parts):
            data = dict(block.data) if n == 0 else {"gap": 0}
            out.append(Block("paragraph", text, (block.lines[0] + a, block.lines[0] + b), data=data))
    state.blocks = out
