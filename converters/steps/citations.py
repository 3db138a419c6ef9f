"""Pipeline step: find the citations in every block and give their paragraphs anchors.

Recognition and identity live in ``citations.py``; this step runs one
:class:`~converters.lexicon.citations.CitationScanner` over the document in reading
order — each body block, then the footnotes it references for the first
time — so short forms resolve to the full citation written earlier.  A
paragraph or list item that cites something gets the id ``p-<n>`` (``n`` its
position among body blocks) so cited-document pages can link to it; a
heading keeps its own anchor and a footnote definition its ``fn:<label>``.
Fills ``meta["cites"]`` (canonical numbers, first appearance, no duplicates).

A document never cites itself: a citation with the document's own identity (its
attachments' "Ban hành kèm theo Nghị quyết số <its number> ...") is dropped, so it
neither links (the reader is on that page) nor enters ``cites``; its words stay.
"""

from __future__ import annotations

import bisect
import re

from converters.lexicon.citations import CitationScanner, document_key
from converters.lexicon.symbols import dfold
from converters.model import REF_CLOSE, REF_OPEN
from converters.inline import parse
from converters.model import DocState
from converters.render import heading_anchor

_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÀ-Ỹ\"“(])")


def sentence_bounds(plain: str) -> list[int]:
    """Offsets where sentences of ``plain`` start, plus ``len(plain)`` (computed once per block)."""
    return [0] + [m.end() for m in _SENTENCE_END.finditer(plain)] + [len(plain)]


def citing_sentence(plain: str, start: int, end: int, limit: int = 400, bounds: list[int] | None = None) -> str:
    """The sentence of ``plain`` around ``[start, end)``, at most ``limit`` characters.

    ``bounds`` (from :func:`sentence_bounds`) lets a block with many citations
    find each one's sentence by bisection, so the step stays linear.

    >>> citing_sentence("Mở đầu. Thực hiện Kết luận số 114-KL/TW, tỉnh đã làm. Sau đó.", 17, 39)
    'Thực hiện Kết luận số 114-KL/TW, tỉnh đã làm.'
    """
    bounds = bounds if bounds is not None else sentence_bounds(plain)
    s = bounds[max(0, bisect.bisect_right(bounds, start) - 1)]
    i = bisect.bisect_left(bounds, end)
    e = bounds[i] if i < len(bounds) else len(plain)
    sentence = plain[s:e].strip()
    if len(sentence) > limit:
        a = max(0, start - s - limit // 2)
        sentence = ("…" if a else "") + sentence[a : a + limit].strip() + "…"
    return sentence


def step(state: DocState) -> None:
    """Pipeline step: ``data["inline"]``/``data["cites"]`` on blocks and footnotes; ``meta["cites"]``."""
    meta = state.meta
    scanner = CitationScanner(meta.get("province"))
    own = dfold(document_key(meta["number"], meta.get("doc_type"), meta.get("province"))) if meta.get("number") else None

    def scan(plain: str) -> list:
        """The citations of ``plain`` but those of the document itself."""
        cites = scanner.scan(plain)
        return [c for c in cites if dfold(c.key) != own] if own and cites else cites
    footnotes = state.env.get("footnotes", {})
    parsed_notes: dict[str, list] = {}
    all_cites: list = []

    def scan_note(label: str) -> None:
        if label in parsed_notes or label not in footnotes:
            return
        paras = []
        for text in footnotes[label]:
            inl = parse(text)
            cites = scan(inl.plain)
            bounds = sentence_bounds(inl.plain) if cites else []
            for c in cites:
                c.anchor = f"fn:{label}"
                c.context = citing_sentence(inl.plain, c.start, c.end, bounds=bounds)
            all_cites.extend(cites)
            paras.append((inl, cites))
        parsed_notes[label] = paras

    heading_anchor_now = ""  # a table cell's citations point at the heading above the table
    def scan_cell(text: str, anchor: str) -> tuple:
        """One table cell: ``(inline, citations)``; its footnotes are read after it."""
        inl = parse(text)
        cites = scan(inl.plain)
        for c in cites:
            c.anchor = anchor
            c.context = citing_sentence(inl.plain, c.start, c.end)
        all_cites.extend(cites)
        for _, label in inl.refs:
            scan_note(label)
        return inl, cites

    for n, block in enumerate(state.blocks, start=1):
        if block.kind == "table":
            block.data["cells"] = [[scan_cell(text, heading_anchor_now) for text in row] for row in block.data["rows"]]
        inl = parse(block.text)
        block.data["inline"] = inl
        cites = scan(inl.plain)
        if block.kind == "heading":
            heading_anchor_now = heading_anchor(inl.plain)
        if cites:
            anchor = heading_anchor(inl.plain) if block.kind == "heading" else f"p-{n}"
            if block.kind != "heading":
                block.data["anchor"] = anchor
            bounds = sentence_bounds(inl.plain)
            for c in cites:
                c.anchor = anchor
                c.context = citing_sentence(inl.plain, c.start, c.end, bounds=bounds)
            all_cites.extend(cites)
        block.data["cites"] = cites
        for _, label in inl.refs:
            scan_note(label)
    for label in footnotes:
        scan_note(label)
    state.env["footnotes_parsed"] = {label: parsed_notes[label] for label in footnotes}
    for w in getattr(scanner, "warnings", []):
        state.warn(w)
    state.env["citations"] = all_cites
    state.meta["cites"] = list(dict.fromkeys(c.number for c in all_cites if c.number))
    # Placeholders never reach the page.
    assert not any(REF_OPEN in b.data["inline"].plain or REF_CLOSE in b.data["inline"].plain for b in state.blocks)
