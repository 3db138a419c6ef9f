"""The outline: headings found by their numbering, depth from the numbering scheme.

Reports number their parts ``Phần thứ nhất`` > ``A.`` > ``I.`` > ``1.`` >
``1.1.`` > ``a)`` (Hướng dẫn 36-HD/VPTW §2.6; ``raw-artifacts.md`` §3).  The
markup around a heading (``**``, ``##``, italics) is unreliable: the
numbering, not the markup, tells the depth.  The schemes a document uses, in
that order, get ``##``, ``###``, ... (the ``#`` is the page title).

A numbered line is a heading when it reads like one: short, not closed by
sentence punctuation (a bold or ``#`` line may end with a comma).  A long
numbered sentence that ends like a paragraph stays a numbered paragraph.  A
part label alone (``Phần thứ hai``) takes the unnumbered title line after it.
"""

from __future__ import annotations

import re

from converters.model import Block, DocState
from converters.lexicon.patterns import SCHEME_ORDER, numbering

_ITEM = re.compile(r"^\s*[-–+•]\s+")
MAX_HEADING_CHARS = 250


def _strip(text: str) -> str:
    t = re.sub(r"^#{1,6}\s*", "", text.strip())
    t = t.replace("**", "").replace("__", "")
    return re.sub(r"\s+", " ", t.strip().strip("*_").strip())


def _marked(text: str) -> bool:
    t = text.strip()
    return t.startswith("#") or (t.startswith("*") and t.rstrip().endswith("*"))


def classify(text: str) -> tuple[str, str, str] | None:
    """``(scheme, label, title)`` when ``text`` is a numbered heading, else ``None``.

    >>> classify("**1- Tình hình liên quan, tác động đến công tác dân vận**")
    ('decimal', '1-', 'Tình hình liên quan, tác động đến công tác dân vận')
    >>> classify("1. Triển khai thực hiện có hiệu quả Nghị quyết Đại hội; Kết luận số 114-KL/TW.") is None
    True
    """
    clean = _strip(text)
    n = numbering(clean)
    if not n:
        return None
    scheme, label, rest = n
    if scheme == "part":
        return scheme, label, rest
    if len(clean) > MAX_HEADING_CHARS:
        return None
    last = clean[-1:]
    if last in ".;!?" and not clean.endswith("..."):
        if not (_marked(text) and len(clean) < 200 and last == "."):
            return None
    if last == ":" and not _marked(text):
        return None
    if last == "," and not _marked(text):
        return None
    return scheme, label, rest


def step(state: DocState) -> None:
    """Pipeline step: paragraph blocks -> ``heading`` / ``list_item`` / ``paragraph``."""
    blocks = state.blocks
    found: list[tuple[int, str, str, str]] = []
    for i, b in enumerate(blocks):
        c = classify(b.text)
        if c:
            found.append((i, *c))
    schemes = [s for s in SCHEME_ORDER if any(f[1] == s for f in found)]
    level_of = {s: min(2 + k, 6) for k, s in enumerate(schemes)}
    heads = {i: (scheme, label, title) for i, scheme, label, title in found}
    out: list[Block] = []
    skip = set()
    for i, b in enumerate(blocks):
        if i in skip:
            continue
        if i in heads:
            scheme, label, title = heads[i]
            if scheme == "part" and not title and i + 1 < len(blocks) and i + 1 not in heads:
                nxt = _strip(blocks[i + 1].text)
                if nxt and len(nxt) < 200 and nxt[-1:] not in ".;:!?":
                    title = nxt
                    skip.add(i + 1)
            text = (f"{label} – {title}" if scheme == "part" else f"{label} {title}") if title else label
            out.append(Block("heading", text, b.lines, level=level_of[scheme], label=label, data=b.data))
            continue
        if _ITEM.match(b.text):
            out.append(Block("list_item", _ITEM.sub("", b.text, count=1), b.lines, data=b.data))
            continue
        text = b.text
        if text.lstrip().startswith("#"):
            # A Markdown heading with no numbering: a heading at the outermost level in use.
            title = _strip(text)
            if title and len(title) < 200 and title[-1:] not in ".;:!?":
                top = min(level_of.values(), default=2)
                level = top + 1 if "part" in level_of else top
                out.append(Block("heading", title, b.lines, level=min(level, 6), data=b.data))
                continue
            text = re.sub(r"^#{1,6}\s*", "", text.strip())
        out.append(Block("paragraph", text, b.lines, data=b.data))
    state.blocks = out
