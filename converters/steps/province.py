"""Pipeline step: a report's province, as its issuer names it, and the province it is in today.

Rules (issue [2/6] item 7, ``raw-artifacts.md`` family 16):

1. The province is the one the issuing body names (``ỦY BAN NHÂN DÂN TỈNH
   AN GIANG``, ``THUẾ TỈNH QUẢNG TRỊ``), old or new name, read at the
   document's date (``Huế``: a city of Thừa Thiên Huế before 2025, a
   centrally-run city since).  The issuing body is the header's ``issuers``;
   when the header step found none, the lines printed above the national
   heading (NĐ 30/2020/NĐ-CP and HD 36-HD/VPTW put the issuer's name there,
   top left) stand in for them.
2. A central body (``Bộ``, ``Chính phủ``, ``Thủ tướng``, ``Ban ... Trung
   ương``, ...: ``lexicon.provinces.is_central_body``) that names no province
   has none, whatever its place of issue (``Hà Nội``) or the provinces its
   text names.
3. Otherwise the province the header found (from the place of issue) stays;
   without one, the province the text names most (issue [2/6] §8), else
   ``null`` with a warning (a sidecar can set it).  A name right after a
   commune- or district-level unit word (``PHƯỜNG THÁI BÌNH``, ``UBND XÃ HÒA
   BÌNH``, ``HUYỆN ỦY ...``) names that unit, not a province
   (``lexicon.provinces.find_province_in``): since 2025 many wards and
   communes carry a former province's name; the warning then says so.
4. ``province_now``: the province or centrally-run city (Nghị quyết
   202/2025/QH15) that the province is part of today, when that is another
   name (``Kiên Giang`` -> ``An Giang``), so browse pages and search find an
   old report under both names.  A sidecar's ``province`` counts here.
"""

from __future__ import annotations

import re

from converters.lexicon.provinces import (
    find_province_in,
    infer_province,
    is_central_body,
    local_unit_named_like_province,
    province_now,
)
from converters.model import DocState

#: The national heading of a State (NĐ 30/2020) or Party (HD 36) document, in
#: capitals as both standards print it, maybe wrapped and bold across lines.
_GAP = r"[\s*_]+"
_NATIONAL = re.compile(
    _GAP.join(["CỘNG", "HÒA", "XÃ", "HỘI"]).replace("HÒA", "H(?:ÒA|OÀ)")
    + "|"
    + _GAP.join(["ĐẢNG", "CỘNG", "SẢN", "VIỆT", "NAM"])
)
#: Layout debris between the header's lines: cell bars, rules, emphasis marks.
_DEBRIS = re.compile(r"[|*_#\-–—=\s]+")
#: How far above the national heading the issuer's lines can start.
_MAX_ISSUER_LINES = 6


def issuer_lines_above_heading(text: str) -> list[str]:
    """The upper-case lines just above the first national heading, top to bottom.

    ``"BỘ TÀI CHÍNH\\n**CỤC THUẾ**\\n-------\\n|\\n**CỘNG HÒA XÃ HỘI ..."`` ->
    ``["BỘ TÀI CHÍNH", "CỤC THUẾ"]``.  Text before the heading on its own line
    (a tab-separated two-column header) counts as a line.  Stops at a line with
    lower-case letters (web-page text, a portal headline); ``[]`` when the text
    has no national heading in its first 200 lines.

    >>> issuer_lines_above_heading("Trang chủ\\n**ỦY BAN NHÂN DÂN\\nTỈNH AN GIANG**\\n|\\n**CỘNG HÒA XÃ HỘI")
    ['ỦY BAN NHÂN DÂN', 'TỈNH AN GIANG']
    """
    lines = text.split("\n", 200)[:200]
    m = _NATIONAL.search("\n".join(lines))
    if not m:
        return []
    i = text.count("\n", 0, m.start())
    line_start = text.rfind("\n", 0, m.start()) + 1
    out: list[str] = []
    before = _DEBRIS.sub(" ", text[line_start : m.start()]).strip()
    if before:
        out.append(before)
    for prev in reversed(lines[:i]):
        clean = _DEBRIS.sub(" ", prev).strip()
        if not clean:
            continue
        if any(ch.islower() for ch in clean) or len(out) >= _MAX_ISSUER_LINES:
            break
        out.append(clean)
    return out[::-1]


def step(state: DocState) -> None:
    """Set ``meta["province"]`` (and ``meta["province_now"]``) by the rules above."""
    meta = state.meta
    overrides = state.env.get("meta_overrides") or {}
    date = meta.get("date")
    lines = [str(i) for i in meta.get("issuers") or []] or issuer_lines_above_heading(state.text)
    named = next((p for p in (find_province_in(line, date) for line in lines) if p), None)
    if named:
        meta["province"] = named
    elif is_central_body(lines):
        if meta.get("province"):
            state.trace.append("province.central")
        meta["province"] = None
    elif not meta.get("province") and not overrides.get("province"):
        notes = [p for paras in state.env.get("footnotes", {}).values() for p in paras]
        province = infer_province("\n".join([b.text for b in state.blocks] + notes), date)
        if province:
            meta["province"] = province
            state.trace.append("province.inferred")
        else:
            unit = local_unit_named_like_province(lines, date)
            named_unit = f"«{unit[0]}» là tên {unit[1]}, không phải tỉnh {unit[2]}; " if unit else ""
            state.warn(f"không rõ tỉnh: {named_unit}phần đầu văn bản không ghi tỉnh, nội dung cũng không cho biết rõ")
    province = overrides["province"] if "province" in overrides else meta.get("province")
    now = province_now(province)
    if now and now != province:
        meta["province_now"] = now
    else:
        meta.pop("province_now", None)
