"""Page breaks: body paragraphs cut in two are one paragraph again.

A page break cuts a paragraph anywhere, even inside a word written as two
syllables (``triển`` ... ``khai``); Word export then shows the pieces as two
paragraphs, often with the page's footnote definitions or a ``---`` between
them (``raw-artifacts.md`` §5).  A paragraph that stops mid-sentence (no
closing punctuation, see ``patterns.ends_open``) is joined with the next
plain paragraph; definitions were already taken out by ``footnotes.step``,
which marks a paragraph that followed them with ``data["continues"]``.
Vietnamese writes syllables apart, so the pieces are joined with a space.
"""

from __future__ import annotations

import re

from converters.model import Block, DocState
from converters.lexicon.casing import is_upper_text
from converters.steps.outline import classify
from converters.lexicon.patterns import ends_open, numbering

_ITEM = re.compile(r"^\s*[-–+•]\s")
#: A line of the legal basis (căn cứ ban hành): "Căn cứ ...", "Xét đề nghị ...", "Theo đề nghị ...",
#: dashed in Party documents. Each is printed as a line of its own, the last one ending with ","
#: before the enacting formula ("Ban Bí thư quy định ... như sau:"; HD 36-HD/VPTW, NĐ 30/2020
#: Phụ lục I): that comma is no cut sentence.
_BASIS = re.compile(r"^[*_\s]*(?:[-–]\s*)?(?:căn\s+cứ|xét\s|theo\s+đề\s+nghị)", re.IGNORECASE)


def is_heading_like(text: str) -> bool:
    """Markdown heading, a numbering label, or a whole line in bold/italic markers."""
    t = text.strip()
    if t.startswith("#") or numbering(t.strip("*_ ")) is not None:
        return True
    return len(t) < 250 and t.startswith("*") and t.endswith("*") and t.strip("*").count("*") == 0


def _joinable(prev: Block, block: Block) -> bool:
    if prev.kind != "paragraph" or block.kind != "paragraph" or block.data.get("attachment"):
        return False  # tables, and the start of an attached document, are never run on into
    # The heading test last: it is the costly one, and most paragraphs end closed anyway
    # (every test is pure, so the order changes no answer).
    return _runs_on(prev, block) and classify(prev.text) is None  # a heading never runs on


def _runs_on(prev: Block, block: Block) -> bool:
    """Whether ``block`` continues ``prev`` (a heading ``prev`` aside)."""
    if block.data.get("continues"):
        return True
    if not ends_open(prev.text):
        return False  # the common case, and the cheapest test: a paragraph that ends closed
    text = block.text.strip()
    if _ITEM.match(text) or is_heading_like(text):
        return False
    if len(prev.text) < 250 and (is_heading_like(prev.text) or is_upper_text(prev.text)):
        return False  # a title line in bold/italic or capitals
    if _BASIS.match(prev.text) and text.lstrip("*_ ")[:1].isupper():
        return False  # the last line of the legal basis, then the enacting formula
    return True


def step(state: DocState) -> None:
    """Pipeline step: join each paragraph cut by a page break with its rest."""
    out: list[Block] = []
    for block in state.blocks:
        if out and _joinable(out[-1], block):
            prev = out[-1]
            nxt = block.text.strip()
            joiner = "" if nxt[:1] in ".,;:!?)" else " "
            prev.text = prev.text.rstrip() + joiner + nxt
            prev.lines = (prev.lines[0], block.lines[1])
            state.trace.append(f"pagebreaks.join@{block.lines[0]}")
            continue
        block.data.pop("continues", None)
        out.append(block)
    state.blocks = out
