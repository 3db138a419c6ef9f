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
from converters.steps.tables import data_table_spans, is_table_text

_ITEM = re.compile(r"^\s*[-–+•]\s")
_RULE = re.compile(r"^-{3,}$")
_LOST_BREAK_NEXT = re.compile(r"^(?:\s*[.,;:!?)]|\s+\S)")


def _starts_unit(line: str) -> bool:
    s = line.strip()
    return bool(
        _ITEM.match(s)
        or definition_label(s)
        or s.startswith("\ufffd")
        or s.startswith("#")
        or numbering(s.strip("*_ ")) is not None
        or _RULE.match(s)
    )


def _lower_start(line: str) -> bool:
    t = line.lstrip("*_ \u00a0")
    return bool(t) and t[0].isalpha() and t[0].islower() and not _starts_unit(line)


def _wrapped_on(line: str, nxt: str, width: int | None) -> bool:
    """A line that starts with a label runs on into ``nxt``: it was cut by a hard wrap.

    It stops open (no closing punctuation) and either reaches the document's
    wrap width (``env["layout"]["width"]``, the layout step's estimate), stops
    on a word no title ends on (``của``, ``các``, ``với`` ...), or the next line
    carries on in lower case.  A short labelled line before a capital (a
    heading in a one-paragraph-per-line export) still ends at its break.
    """
    from converters.steps.outline import is_fragment

    if line.rstrip().rstrip("*_ ")[-1:] in TERMINAL or _starts_unit(nxt):
        return False
    t = nxt.lstrip("*_ \u00a0")
    if t[:1].isalpha() and t[:1].islower():
        return True
    if is_fragment(line.strip().strip("*_ ")):
        return True
    return bool(width) and width <= 130 and len(line.rstrip()) >= width - max(8, width // 6)


def split_chunk(text: str, lost_mode: bool, width: int | None = None) -> list[tuple[str, int, int]]:
    """Split one chunk into paragraphs: ``[(text, first_line_offset, last_line_offset)]``.

    ``width`` is the document's hard-wrap width when known (lines that reach
    it were cut by the wrap, see :func:`_wrapped_on`).

    >>> [p for p, _, _ in split_chunk("I. MỤC ĐÍCH\\n1. Tình hình\\nNăm qua tốt.\\nTuy nhiên", False)]
    ['I. MỤC ĐÍCH', '1. Tình hình', 'Năm qua tốt.', 'Tuy nhiên']
    >>> [p for p, _, _ in split_chunk("chiếm 54%\\n; có 09 huyện", True)] == ["chiếm 54%" + LOST + "; có 09 huyện"]
    True
    """
    if "\n" not in text:
        # One line (most chunks once layout joined the wraps): the loop below keeps it stripped.
        line = text.strip()
        return [(line, 0, 0)] if line else []
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
        labelled_ends = _starts_unit(prev) and not hard_break and not prev_end.count("**") % 2
        if labelled_ends and _wrapped_on(lines[i - 1], line, width):
            labelled_ends = False  # "b) Đối với các công trình" cut at the wrap width: it runs on
        runs_on = _lower_start(line) and not lost_mode  # a paragraph never starts in lower case
        if not runs_on and (_starts_unit(line) or prev_end[-1:] in TERMINAL or labelled_ends):
            out.append([line.strip(), i, i])
            continue
        nxt = line.strip()
        joiner = "" if nxt[:1] in ".,;:!?)" else " "
        out[-1][0] = prev_end + joiner + nxt
        out[-1][2] = i
    return [(t, a, b) for t, a, b in out if t]


def step(state: DocState) -> None:
    """Pipeline step: raw chunks -> paragraph blocks (``kind="paragraph"``).

    A chunk that is a table (``tables.is_table_text``) becomes one ``table``
    block with its text as is: its line breaks are rows, not wraps.  Blocks an
    earlier step already gave a kind (not ``raw``) pass through unchanged.
    """
    lost_mode = has_lost_anchors(state.blocks)
    state.env["lost_anchor_mode"] = lost_mode
    spans = data_table_spans(state)
    width = (state.env.get("layout") or {}).get("width")
    out: list[Block] = []
    for block in state.blocks:
        if block.kind != "raw":
            out.append(block)  # an attachment title or a signature block (endmatter)
            continue
        if is_table_text(block.text, block.lines, spans):
            out.append(Block("table", block.text, block.lines, data=dict(block.data)))
            continue
        parts = split_chunk(block.text, lost_mode, width)
        for n, (text, a, b) in enumerate(parts):
            data = dict(block.data) if n == 0 else {"gap": 0}
            out.append(Block("paragraph", text, (block.lines[0] + a, block.lines[0] + b), data=data))
    state.blocks = out
