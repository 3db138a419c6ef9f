"""Attached documents as sections: later steps run inside each one.

``endmatter.step`` marks the title block of every attached document (a Quy
chế or Quy định the decision issues, an annex ``PHỤ LỤC``) with
``data["attachment"] = k``.  Page-format.md puts each attachment after the
main document's signature and recipients as a ``##`` section titled as in
the source, with its own outline below it.  :func:`per_section` wraps a
block step (``pagebreaks``, ``outline``) so that it runs on the main body and
on each attachment separately: a paragraph never runs on across an
attachment's title, and an attachment's numbering (``Chương I``, ``Điều 1.``,
``I.``) gets depths of its own, one level under its title.
"""

from __future__ import annotations

from collections.abc import Callable

from converters.model import Block, DocState


def split(blocks: list[Block]) -> list[tuple[Block | None, list[Block]]]:
    """``[(title block or None for the main body, blocks of the section), ...]``."""
    sections: list[tuple[Block | None, list[Block]]] = [(None, [])]
    for b in blocks:
        if b.data.get("attachment_title"):
            sections.append((b, []))
        else:
            sections[-1][1].append(b)
    return sections


def _sub_state(state: DocState, blocks: list[Block]) -> DocState:
    # Same meta, env, warnings and trace: only the blocks differ.
    return DocState(
        source=state.source, text=state.text, blocks=blocks, meta=state.meta,
        env=state.env, warnings=state.warnings, trace=state.trace,
    )


def per_section(step: Callable[[DocState], None], outline: bool = False) -> Callable[[DocState], None]:
    """``step`` run on each section; with ``outline``, attachment titles become ``##`` headings.

    An attachment's headings sit one level deeper than the step gives them
    (its title is the ``##``); a heading pushed past ``######`` stays a
    numbered paragraph (page-format.md).  An attachment that was signed
    again gets its signature block at its end (``kind="signature"``,
    ``data["signers"]``).
    """

    def run(state: DocState) -> None:
        sections = split(state.blocks)
        if len(sections) == 1:
            step(state)
            return
        out: list[Block] = []
        for title, blocks in sections:
            sub = _sub_state(state, blocks)
            step(sub)
            if title is None:
                out += sub.blocks
                continue
            k = title.data["attachment"]
            if outline:
                title = Block("heading", title.text, title.lines, level=2, data=dict(title.data))
                for b in sub.blocks:
                    if b.kind == "heading":
                        b.level += 1
                        if b.level > 6:
                            b.kind, b.level = "paragraph", 0
                attachment = (state.meta.get("attachments") or [{}])[k] if k < len(state.meta.get("attachments") or []) else {}
                signers = attachment.get("signers") or []
                if signers:
                    sub.blocks.append(Block("signature", "", sub.blocks[-1].lines if sub.blocks else title.lines, data={"signers": signers}))
            out += [title] + sub.blocks
        state.blocks = out

    run.__doc__ = f"{step.__doc__ or ''} (run per section: main body, then each attached document)"
    return run
