"""Pipeline step: the province of a report whose header did not name it.

Rule of issue [2/6] §8: without a header, the province is the one the text
names most as "tỉnh X" / "Tỉnh ủy X"; when no province stands out it stays
``null`` and the page says so in a warning (a sidecar can set it).
"""

from __future__ import annotations

from converters.model import DocState
from converters.lexicon.provinces import infer_province


def step(state: DocState) -> None:
    """Fill ``meta["province"]`` from the body text when the header gave none."""
    if state.meta.get("province"):
        return
    overrides = state.env.get("meta_overrides") or {}
    if overrides.get("province"):
        return
    notes = [p for paras in state.env.get("footnotes", {}).values() for p in paras]
    text = "\n".join([b.text for b in state.blocks] + notes)
    province = infer_province(text)
    if province:
        state.meta["province"] = province
        state.trace.append("province.inferred")
    else:
        state.warn("province unknown: the header names none and the text does not make it clear")
