"""The metadata panel of a report page, written into the page's Markdown (not a template).

Under every engine (MkDocs, ProperDocs, Zensical) Python-Markdown passes a raw
HTML block through unchanged, so the panel is an HTML block right under the
page's ``#`` title.  Templates keep only theme chrome (issue "The site outlives
Material for MkDocs").  Every value is escaped here: front matter comes from
raw text and sidecars.
"""

from __future__ import annotations

import re
from typing import Any

from converters.lexicon.escape import html_text

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
#: A marker the search index and the tests recognise (CSS in docs/assets/baocao.css).
PANEL_CLASS = "baocao-meta"


#: The project's one HTML escaping rule (``lexicon/escape.py``).
esc = html_text


def vi_date(value: Any) -> str:
    """``2018-05-10`` -> ``ngày 10 tháng 5 năm 2018`` (escaped); other values escaped as they are."""
    m = _DATE.match(str(value or ""))
    if not m:
        return esc(value)
    y, mo, d = (int(x) for x in m.groups())
    return f"ngày {d} tháng {mo} năm {y}"


def _unknown() -> str:
    return '<span class="baocao-meta__none">Không rõ</span>'


def panel_html(meta: dict[str, Any]) -> str:
    """The panel as one HTML block (no blank line inside, so Markdown keeps it whole).

    ``meta`` is a page's front matter (page-format.md).  Returns ``""`` for a
    page that is not a report (no ``doc_type``).
    """
    if not meta.get("doc_type"):
        return ""
    rows = [("Loại văn bản", esc(meta["doc_type"]))]
    rows.append(("Số, ký hiệu", esc(meta["number"]) if meta.get("number") else _unknown()))
    rows.append(("Ngày ban hành", vi_date(meta["date"]) if meta.get("date") else _unknown()))
    if meta.get("place"):
        rows.append(("Nơi ban hành", esc(meta["place"])))
    # A central body's report has no province by design: "Trung ương", not "Không rõ".
    from converters.site.pages import CENTRAL, is_central

    province = esc(meta["province"]) if meta.get("province") else (CENTRAL if is_central(meta) else _unknown())
    rows.append(("Tỉnh", province))
    issuers = [i for i in meta.get("issuers") or [] if i]
    if issuers:
        rows.append(("Cơ quan ban hành", "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in issuers) + "</ul>"))
    signers = [s for s in meta.get("signers") or [] if isinstance(s, dict)]
    if signers:
        items = []
        for s in signers:
            text = f"<strong>{esc(s['name'])}</strong>" if s.get("name") else ""
            if s.get("title"):
                text += f", {esc(s['title'])}" if text else esc(s["title"])
            if s.get("role"):
                text += f" ({esc(s['role'])})"
            items.append(f"<li>{text}</li>")
        rows.append(("Người ký", "<ul>" + "".join(items) + "</ul>"))
    received = meta.get("received")
    if isinstance(received, dict) and any(received.values()):
        parts = []
        if received.get("office"):
            parts.append(esc(received["office"]))
        if received.get("number"):
            parts.append(f"số đến {esc(received['number'])}")
        if received.get("date"):
            parts.append(vi_date(received["date"]))
        rows.append(("Dấu đến", "; ".join(parts)))
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<div class="{PANEL_CLASS}" role="group" aria-label="Thông tin văn bản"><dl>{body}</dl></div>'


def insert_panel(markdown: str, meta: dict[str, Any]) -> str:
    """``markdown`` (front matter + body) with the panel right after the first ``#`` heading line."""
    panel = panel_html(meta)
    if not panel:
        return markdown
    m = re.search(r"^# .*$", markdown, re.M)
    if not m:
        return markdown
    return markdown[: m.end()] + "\n\n" + panel + "\n\n" + markdown[m.end():].lstrip("\n")


#: Names of the original formats for the download link (``source_format`` of page-format.md).
FORMAT_NAMES = {"docx": "Word", "doc": "Word", "pdf": "PDF", "scan": "ảnh quét"}


def insert_download(markdown: str, file_name: str, source_format: str) -> str:
    """``markdown`` with a "Tải văn bản gốc" link to ``file_name`` (beside the page) under the panel.

    The link is Markdown, so every engine rewrites it for its URL style and
    checks that the file exists; the file is copied next to the page by
    :func:`converters.site.generate.generate`.

    >>> print(insert_download("# Báo cáo\\n\\nThân bài", "2018-bao-cao-1.docx", "docx"))
    # Báo cáo
    <BLANKLINE>
    [Tải văn bản gốc (Word, .docx)](2018-bao-cao-1.docx){ .baocao-goc download }
    <BLANKLINE>
    Thân bài
    """
    ext = file_name.rsplit(".", 1)[-1].lower()
    label = f"Tải văn bản gốc ({FORMAT_NAMES.get(source_format, source_format)}, .{ext})"
    link = f"[{label}]({file_name}){{ .baocao-goc download }}"
    panel_end = markdown.find("</dl></div>")
    if panel_end >= 0:
        at = panel_end + len("</dl></div>")
    else:
        m = re.search(r"^# .*$", markdown, re.M)
        if not m:
            return markdown.rstrip("\n") + "\n\n" + link + "\n"
        at = m.end()
    return markdown[:at] + "\n\n" + link + "\n\n" + markdown[at:].lstrip("\n")
