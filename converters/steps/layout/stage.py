"""The layout step itself: the sub-steps run in order over one document's text.

Glued upper-case syllables spaced (``lexicon/syllables.split_glued_caps``),
the document's bounds inside the web page (:mod:`webtext`), its tables
(:mod:`cells`, :mod:`fused`, :mod:`pipes`, classified by :mod:`classify`),
the wrap statistics of the text outside them (:mod:`wraps`), the portal's
metadata (:mod:`portal`); then the body is joined into logical lines
(:mod:`wraps`, :mod:`addressee`, :mod:`emphasis`) and each table is written
back (layout tables one block per cell, data tables one TAB-separated line
per row), with a line map to the source lines.
"""

from __future__ import annotations

import re
from functools import partial

from converters.lexicon.syllables import split_glued_caps
from converters.steps.layout.addressee import split_addressee
from converters.steps.layout.cells import find_tables
from converters.steps.layout.classify import _classify, _is_signature_cell
from converters.steps.layout.common import _bar_lines, _is_bar
from converters.steps.layout.emphasis import _marks_cut, mend_emphasis
from converters.steps.layout.fused import find_fused_tables
from converters.steps.layout.pipes import find_pipe_tables
from converters.steps.layout.portal import _evidence
from converters.steps.layout.webtext import _document_end, _document_number, _document_start
from converters.steps.layout.wraps import _body_break, _cell_break, cut_word, logical_lines, measure


#: A rule drawn under a cell's text (``-------`` under a form's issuer, ``---------------``
#: under the motto, NĐ 30/2020/NĐ-CP Phụ lục I §I.1-2), emphasis marks around it or not.
_RULE_LINE = re.compile(r"^[\s*]*(?:-{3,}|_{3,}|={3,})[\s*]*$")


def _cell_text(lines: list[str], state) -> str:
    """A data table cell's logical lines as one text, the rules under its text left out.

    A form attached to a document (biểu mẫu) opens with the header of NĐ 30/2020
    in a table: its rules are drawing, not text, and glued to the cell's words
    (``**TÊN CƠ QUAN** -------``) they end up in a table row or a paragraph.  A rule that
    is a cell's only line stays (a cell may mark "nothing" by dashes).  Rules left out
    go to ``env["noise"]``.

    >>> _cell_text(["**TÊN CƠ QUAN**", "-------"], type("S", (), {"env": {}})())
    '**TÊN CƠ QUAN**'
    """
    if len(lines) < 2:
        return lines[0] if lines else ""
    if not any(_RULE_LINE.match(l) for l in lines):
        return " ".join(lines)
    kept = [l for l in lines if not _RULE_LINE.match(l)]
    if not kept:
        return " ".join(lines)
    state.env.setdefault("noise", []).extend(l.strip() for l in lines if _RULE_LINE.match(l))
    return " ".join(kept)


def step(state) -> None:
    """Pipeline step: rewrite ``state.text`` as clean logical lines.

    Sets ``state.env["layout"]`` = ``{"wrapped", "width", "line_map",
    "tables": [{"kind", "span", "rows"}], "removed": [{"span", "where",
    "lines", "text"}], "evidence": {...}}`` (see the package's docstring and
    ``layout-contract.md``); warns once with the count of removed lines.
    """
    # Two upper-case syllables run together ("LAO ĐỘNGNGOÀI NƯỚC"): the space goes back before any
    # rule reads the words (the line count stays, so the line map below is unchanged).
    spaced = split_glued_caps(state.text)
    if spaced != state.text:
        state.text = spaced
        state.trace.append("layout.glued_caps")
    lines = state.text.split("\n")
    lo = _document_start(lines)
    number = _document_number(lines, lo)
    hi = _document_end(lines, lo, number)
    removed = []
    for a, b, where in ((0, lo, "before"), (hi, len(lines), "after")):
        chunk = lines[a:b]
        if any(l.strip() and not _is_bar(l) for l in chunk):
            removed.append({"span": (a + 1, b), "where": where, "lines": sum(1 for l in chunk if l.strip()), "text": "\n".join(chunk)})
    with_bar = _bar_lines(lines, lo, hi)
    tables = find_tables(lines, lo, hi, with_bar)
    # Rows of cells on single lines ("CHÍNH PHỦ | CỘNG HÒA ... |"): a header's, and those whose cell
    # structure is evident (a row of two cells or more, next to the lone | lines of the cell layout,
    # or the closing row of recipients | signature, NĐ 30/2020 Phụ lục I §I.8-9);
    # a body sentence with " | " is text.  They replace what the lone-| finder made of the same lines.
    fused = []
    for t in find_fused_tables(lines, lo, hi, with_bar):
        kind = _classify(t, lo, lo + 40)
        cells_side_by_side = any(len(r) >= 2 for r in t.rows)
        if kind == "header" or cells_side_by_side and (kind == "endmatter" or _is_bar(lines[t.start]) or _is_bar(lines[t.end])):
            fused.append(t)
    if fused:
        tables = [t for t in tables if not any(f.start <= t.end and t.start <= f.end for f in fused)] + fused
        tables.sort(key=lambda t: t.start)
    spans = [(t.start, t.end) for t in tables]
    # "| a | b |" rows: only the header's and the end matter's are layout this step rebuilds;
    # a data table in that form stays as written for the tables step.
    for t in find_pipe_tables(lines, lo, hi, with_bar):
        if not any(a <= t.start <= b for a, b in spans) and _classify(t, lo, lo + 40) != "data":
            tables.append(t)
    tables.sort(key=lambda t: t.start)
    in_table = bytearray(len(lines))
    for t in tables:
        in_table[t.start : t.end + 1] = b"\x01" * (t.end + 1 - t.start)
    # Cells are narrow: only text outside tables tells the wrap width.
    stats = measure([lines[k] for k in range(lo, hi) if not in_table[k]])
    has_layout = bool(tables)
    info = {"wrapped": stats.wrapped, "width": stats.width, "tables": [], "removed": removed, "evidence": {}}
    state.env["layout"] = info
    if removed:
        info["evidence"] = _evidence([l for r in removed for l in r["text"].split("\n")])
        count = sum(r["lines"] for r in removed)
        state.warn(f"đã bỏ {count} dòng văn bản của trang web quanh văn bản (không thuộc văn bản); xem --explain")
        state.trace.extend(f"layout.web_text@{r['span'][0]}-{r['span'][1]}" for r in removed)
    # Emphasis cut inside words (family 11's marks, also in texts that are not wrapped).
    cut_marks = "**" in state.text and any("**" in l and _marks_cut(l) for l in lines[lo:hi])
    if not stats.wrapped and not has_layout and not removed and not cut_marks:
        info["line_map"] = list(range(1, len(lines) + 1))
        return

    out: list[tuple[str, int]] = []

    def blank(number: int) -> None:
        if out and out[-1][0] != "":
            out.append(("", number))

    def emit_body(a: int, b: int) -> None:
        span = [(lines[k], k + 1) for k in range(a, b)]
        if not stats.wrapped:
            for text, number in span:
                if cut_marks and "**" in text and _marks_cut(text):
                    text = mend_emphasis(text)  # "v****à hư****ớng": the line's marks mended as a wrap's are
                # A word cut by a break (blank lines between): the seam goes, the word is whole.
                if text.strip() and out:
                    k = len(out) - 1
                    while k >= 0 and not out[k][0].strip() and len(out) - k <= 3:
                        k -= 1
                    if k >= 0 and out[k][0].strip() and k >= len(out) - 3:
                        joined = cut_word(out[k][0], text)
                        if joined is not None:
                            out[k] = (joined, out[k][1])
                            del out[k + 1 :]
                            continue
                out.append((text, number))
            return
        # Paragraph boundaries: blank lines, then the joining rules inside each run.
        body_break = partial(_body_break, stats=stats)  # no Python frame of its own per line pair
        run: list[tuple[str, int]] = []
        for text, number in span + [("", b)]:
            if text.strip():
                run.append((text, number))
                continue
            for logical, src in (pair for piece in split_addressee(run) for pair in logical_lines(piece, body_break)):
                prev = len(out) - 2 if out and out[-1][0] == "" else len(out) - 1
                joined = cut_word(out[prev][0], logical) if prev >= 0 and out[prev][0] else None
                if joined is not None:
                    out[prev] = (joined, out[prev][1])
                    del out[prev + 1 :]
                    continue
                blank(src)
                out.append((logical, src))
            run = []
        blank(b)

    first_body = None
    pos = lo
    for t in tables:
        t.kind = _classify(t, lo, first_body)
        emit_body(pos, t.start)
        blank(t.start + 1)
        # Each cell is joined once: its lines here, their source lines below.
        joined_rows = [[logical_lines(cell, _cell_break) for cell in row] for row in t.rows]
        rows_out = [[[text for text, _ in joined] for joined in row] for row in joined_rows]
        info["tables"].append({"kind": t.kind, "span": (t.start + 1, t.end + 1), "rows": rows_out})
        if t.kind == "data":
            for row, cells in zip(t.rows, rows_out):
                src = next((c[0][1] for c in row if c), t.start + 1)
                out.append(("\t".join(_cell_text(c, state) for c in cells), src))
        else:
            for row, cells, joined_row in zip(t.rows, rows_out, joined_rows):
                sig_cells = [c for c, raw in zip(cells, row) if _is_signature_cell(raw)]
                if t.kind == "endmatter" and len(sig_cells) >= 2 and len(sig_cells) == len(cells):
                    height = max(len(c) for c in cells)
                    src = next((c[0][1] for c in row if c), t.start + 1)
                    for k in range(height):
                        out.append(("\t".join(c[k] if k < len(c) else "" for c in cells).rstrip("\t"), src + k))
                    blank(src)
                    continue
                for cell, joined in zip(cells, joined_row):
                    if not cell:
                        continue
                    src_lines = [n for _, n in joined]
                    for text, n in zip(cell, src_lines):
                        out.append((text, n))
                    blank(src_lines[-1])
        blank(t.end + 1)
        pos = t.end + 1
        if first_body is None and t.kind != "header":
            first_body = t.start
    emit_body(pos, hi)
    while out and out[-1][0] == "":
        out.pop()
    if not out:
        info["line_map"] = list(range(1, len(lines) + 1))
        return
    new_text = "\n".join(text for text, _ in out)
    if new_text != state.text:
        state.trace.append("layout.lines")
    state.text = new_text
    info["line_map"] = [n for _, n in out]
