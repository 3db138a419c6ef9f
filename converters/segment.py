"""Lines to blocks (placeholder: paragraphs split on blank lines)."""

from __future__ import annotations

from .model import Block


def step(state) -> None:
    """Pipeline step: split ``state.text`` into paragraph blocks."""
    blocks = []
    for i, para in enumerate(p for p in state.text.split("\n\n") if p.strip()):
        blocks.append(Block("paragraph", para.strip(), (i, i)))
    state.blocks = blocks
