"""The portal's labelled metadata read from the web-page text cut off (``raw-artifacts.md`` family 15).

Legal portals print a table of the document's properties around it
(``Số hiệu:``, ``Loại văn bản:``, ``Nơi ban hành:``, ``Người ký:``,
``Ngày ban hành:``); :func:`_evidence` reads it into
``env["layout"]["evidence"]``, evidence the header step may check its own
reading against.
"""

from __future__ import annotations

import re

from converters.lexicon.slugs import fold
from converters.steps.layout.common import _bare, _is_bar


_PORTAL_LABELS = {
    "so hieu": "number",
    "loai van ban": "doc_type",
    "noi ban hanh": "issuer",
    "nguoi ky": "signer",
    "ngay ban hanh": "date",
}
_LABEL_LINE = re.compile(r"^[*_ ]*(Số hiệu|Loại văn bản|Nơi ban hành|Người ký|Ngày ban hành)[*_ ]*:[*_ ]*(.*)$", re.IGNORECASE)


def _evidence(removed: list[str]) -> dict:
    """A portal's labelled metadata (``Số hiệu:`` ...) read from removed web-page text."""
    from converters.lexicon.dates import parse_date

    found: dict = {}
    for idx, line in enumerate(removed):
        m = _LABEL_LINE.match(line.strip())
        if not m:
            continue
        key = _PORTAL_LABELS[fold(m.group(1))]
        value = _bare(m.group(2))
        if not value:
            for nxt in removed[idx + 1 : idx + 4]:
                if nxt.strip() and not _is_bar(nxt):
                    value = _bare(nxt)
                    break
        if not value or key in found or _LABEL_LINE.match(value):
            continue
        if key == "date":
            value = parse_date(value) or None
            if not value:
                continue
        found[key] = value
    return found
