"""Lines to raw blocks: blank-line separated chunks, fused pieces split apart.

A chunk keeps its line breaks (``\\n``) for the header and footnote steps;
``data["gap"]`` is the number of blank lines before it (a page break in Word
exports often shows as a wider gap).  Headings and title parts that Word
export fused onto one line with bold markers (``A. KẾT QUẢ**I. CÔNG TÁC**``,
``BÁO CÁO**sơ kết ...**``; ``raw-artifacts.md`` §1, §3) become separate
chunks here, so later steps see one part per chunk.
"""

from __future__ import annotations

import re

from converters.model import Block
from converters.lexicon.patterns import doc_type_of, numbering

_STAR_RUN = re.compile(r"\*{2,}")
# Lines that carry no words: a lone "*" under the issuer, an underline under the subject.
_NOISE_LINE = re.compile(r"^[ \t]*(?:\*|_{3,}|\*{3,}|={3,}|\.{5,})[ \t]*$")


def _clean_piece(text: str) -> str:
    return text.strip().lstrip("#").strip().strip("*").strip()


def split_fused(line: str) -> list[str]:
    """Split a line where bold markers glue a title or heading to what follows.

    A run of two or more ``*`` with text on both sides splits the line when
    the text after it starts with a numbering label, or the text before it is
    a bare document type or part label.  Markers are kept on each piece.

    >>> split_fused("A. KẾT QUẢ**I. CÔNG TÁC****1. Công tác tuyên truyền**")
    ['A. KẾT QUẢ', '**I. CÔNG TÁC**', '**1. Công tác tuyên truyền**']
    >>> split_fused("BÁO CÁO**sơ kết 05 năm**")
    ['BÁO CÁO', '**sơ kết 05 năm**']
    >>> split_fused("các **từ** khác (**x**)")
    ['các **từ** khác (**x**)']
    """
    # One pass over the line, no copies of the remainder (issue [0/6] 8: re-folding the
    # prefix and the rest at every "**" took 164 s on an 88 KB line).  A bare type or
    # label is short, so text before a run is looked at only up to _BARE_MAX characters
    # and text after it up to _AFTER_MAX (a numbering label starts right there).
    pieces: list[str] = []
    base = 0  # start of the current piece
    last_word = len(line.rstrip("* ")) - 1  # "after.strip('* ')" is non-empty iff a word char lies beyond
    for m in _STAR_RUN.finditer(line):
        if m.end() > last_word:
            continue
        long_before = m.start() - base > _BARE_MAX
        before = "" if long_before else line[base : m.start()]
        if not long_before and not _clean_piece(before):
            continue
        after = line[m.end() : m.end() + _AFTER_MAX]
        tail = line[max(base, m.start() - 16) : m.start()].rstrip()
        ok = numbering(after.lstrip("*").lstrip()) is not None and not tail.endswith(("số", "Số"))
        if not long_before:
            bare_before = _clean_piece(before)
            ok = ok or doc_type_of(bare_before) is not None
            label = numbering(bare_before) or ("", "", "x")
            ok = ok or label[0] == "part" and not label[2]
        if not ok:
            continue
        before = line[base : m.start()] if long_before else before
        run = m.group(0)
        # A run like "****" is a closing "**" then an opening "**"; give each piece its own.
        opened = before.count("*") % 4 != 0 and before.lstrip().startswith("*")
        close = run[: len(run) // 2] if len(run) >= 4 or opened else ""
        pieces.append(before + close)
        base = m.start() + len(close)  # the rest of the run opens the next piece
    if not pieces:
        return [line.strip()] if line.strip() else []
    return [p.strip() for p in pieces + [line[base:]] if p.strip("* ")]


#: Longest text before a "**" that can be a bare document type or part label (characters).
_BARE_MAX = 200
#: How much text after a "**" is read for a numbering label (characters).
_AFTER_MAX = 400


def step(state) -> None:
    """Pipeline step: ``state.text`` -> ``state.blocks`` of kind ``raw``."""
    blocks: list[Block] = []
    current: list[str] = []
    first = 0
    gap = 0
    if "\ue000" in state.text or "\ue001" in state.text:
        # These private-use characters are the converter's own footnote placeholders.
        state.text = state.text.replace("\ue000", "").replace("\ue001", "")
        state.warn("đã bỏ các ký tự dùng riêng U+E000/U+E001 khỏi văn bản")
    lines = state.text.split("\n")

    def flush(end: int) -> None:
        nonlocal current, gap
        if current:
            text = "\n".join(current)
            parts = [text]
            if "**" in text and "\n" not in text:
                parts = split_fused(text)
            for part in parts:
                blocks.append(Block("raw", part, (first, end), data={"gap": gap}))
                gap = 0
        current = []

    for number, line in enumerate(lines, start=1):
        if _NOISE_LINE.match(line):
            state.env.setdefault("noise", []).append(line.strip())
            line = ""
        if line.strip():
            if not current:
                first = number
            current.append(line)
        else:
            flush(number - 1)
            gap += 1
    flush(len(lines))
    line_map = state.env.get("layout", {}).get("line_map")
    if line_map and len(line_map) == len(lines):
        # The layout step rewrote the text: spans name lines of the raw file again.
        for block in blocks:
            a, b = block.lines
            block.lines = (line_map[a - 1] if a else a, line_map[b - 1] if b else b)
    state.blocks = blocks
