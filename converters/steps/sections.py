"""Attached documents and signature blocks as boundaries that block steps never cross.

``endmatter.step`` puts, after the main body, an ``attachment`` block (the
title of a Quy chế or Quy định the decision issues, of an annex ``PHỤ LỤC``)
before each attached document, and a ``signature`` block where an
attachment is signed again.  Page-format.md makes each attachment a ``##``
section after the main document's signature and recipients.  A step that
joins neighbouring paragraphs (``pagebreaks``) must not run a paragraph on
into a title or a signature: :func:`per_section` runs it on each run of
``paragraph`` blocks separately and keeps the other blocks where they are.
(The outline step outlines each attachment on its own, ``steps/outline.py``.)
"""

from __future__ import annotations

from collections.abc import Callable

from converters.model import Block, DocState


def runs(blocks: list[Block]) -> list[tuple[bool, list[Block]]]:
    """``[(is a run of paragraphs, blocks), ...]`` in order; other blocks one per entry."""
    out: list[tuple[bool, list[Block]]] = []
    for b in blocks:
        if b.kind == "paragraph":
            if out and out[-1][0]:
                out[-1][1].append(b)
            else:
                out.append((True, [b]))
        else:
            out.append((False, [b]))
    return out


def _sub_state(state: DocState, blocks: list[Block]) -> DocState:
    # Same meta, env, warnings and trace: only the blocks differ.
    return DocState(
        source=state.source, text=state.text, blocks=blocks, meta=state.meta,
        env=state.env, warnings=state.warnings, trace=state.trace,
    )


def per_section(step: Callable[[DocState], None]) -> Callable[[DocState], None]:
    """``step`` run on each run of paragraph blocks; attachment and signature blocks stay put."""

    def run(state: DocState) -> None:
        parts = runs(state.blocks)
        if all(is_run for is_run, _ in parts):
            step(state)
            return
        out: list[Block] = []
        for is_run, blocks in parts:
            if is_run:
                sub = _sub_state(state, blocks)
                step(sub)
                blocks = sub.blocks
            out += blocks
        state.blocks = out

    run.__doc__ = f"{step.__doc__ or ''} (run on each run of paragraphs, never across an attachment or signature)"
    return run
