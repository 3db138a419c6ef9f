"""Rendering: the only place that writes Markdown (placeholder)."""

from __future__ import annotations

import html


def step(state) -> None:
    """Pipeline step: blocks to ``state.env['markdown']``; fills required meta keys."""
    meta = state.meta
    first = state.blocks[0].text if state.blocks else ""
    meta.setdefault("title", first[:80])
    meta.setdefault("doc_type", "Báo cáo")
    for key in ("number", "date", "place", "province", "received"):
        meta.setdefault(key, None)
    for key in ("issuers", "signers", "recipients", "cites"):
        meta.setdefault(key, [])
    meta["source"] = state.source
    meta["warnings"] = state.warnings
    lines = [f"# {meta['doc_type']} {meta['title']}", ""]
    for b in state.blocks:
        lines += [html.escape(b.text, quote=False), ""]
    state.env["markdown"] = "\n".join(lines)
