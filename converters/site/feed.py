"""The Atom feed of reports (``docs/feed.xml``), so other offices can follow new publications.

Atom (RFC 4287) rather than RSS 2.0: it has a defined date format (RFC 3339),
mandatory ids and a real namespace, and every feed reader reads it.  The feed
is a static file that :func:`converters.site.generate.generate` writes into ``docs/``;
MkDocs copies it to the site.  Pure Python (``xml.etree``), no MkDocs.

Rules:

- one entry per report, dated reports newest first (date of issue), then
  undated ones by page path; the newest :data:`FEED_ENTRIES` only (issue #14:
  every report made the feed 8 MB at 10,000 reports, rewritten by every added
  report).  RFC 4287 asks for no minimum, and feed documents commonly hold
  only the most recent entries (RFC 5005, section 1); a subscribed reader
  sees every new report while it polls before :data:`FEED_ENTRIES` more are
  published, and the site lists every report (``duyet/``);
- entry title ``<doc_type> <number>: <subject>`` (``<doc_type>: <subject>``
  without a number), link to the report page, ``updated`` = its date at
  midnight Vietnam time (UTC+07:00), a plain-text summary;
- an undated report's ``updated`` is the feed's (the newest date), as Atom
  requires one on every entry;
- links are absolute when ``site_url`` is known (Atom wants absolute IRIs;
  readers resolve relative ones against the feed's own URL, so without
  ``site_url`` they are relative to the site root, where ``feed.xml`` is);
- ids are the absolute link, or ``urn:baocao:<page path>`` without ``site_url``;
- the output depends only on the reports (no clock), so rebuilding an
  unchanged corpus does not rewrite the file.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from typing import Any

import yaml

ATOM_NS = "http://www.w3.org/2005/Atom"

#: Docs-relative path of the feed (also the link in templates and on the home page).
FEED_PATH = "feed.xml"

#: Time zone of the dates of issue (Vietnam, no daylight saving).
TZ = "+07:00"

#: How many reports the feed carries, newest first (the order of :func:`sorted_reports`).
FEED_ENTRIES = 100

#: Date used for ``updated`` when no report has a date (Atom requires one).
EPOCH = "1970-01-01"


class _ConfigLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser: ~10x faster, same data
    """Reads ``mkdocs.yml``: ``!ENV`` resolved as MkDocs does, other tags (``!!python/...``) as None."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``: first variable set, else the last item (MkDocs' rule)."""
    items = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else loader.construct_sequence(node)
    names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    for name in names:
        if isinstance(name, str) and os.environ.get(name):
            return os.environ[name]
    return default


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def config_site_url(root: str) -> str | None:
    """``site_url`` of ``<root>/mkdocs.yml`` (``!ENV`` resolved), ending in ``/``; None when unset."""
    path = os.path.join(root, "mkdocs.yml")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as fh:
        config = yaml.load(fh, Loader=_ConfigLoader) or {}  # noqa: S506 - SafeLoader subclass
    url = config.get("site_url")
    if not url or not isinstance(url, str):
        return None
    return url if url.endswith("/") else url + "/"


def entry_title(meta: dict[str, Any]) -> str:
    """``Báo cáo 111-BC/TU: kết quả ...``; the parts that are missing are left out.

    >>> entry_title({"doc_type": "Báo cáo", "number": "111-BC/TU", "title": "kết quả thực hiện"})
    'Báo cáo 111-BC/TU: kết quả thực hiện'
    >>> entry_title({"doc_type": "Kế hoạch", "number": None, "title": None})
    'Kế hoạch'
    """
    head = " ".join(str(v) for v in (meta.get("doc_type") or "Văn bản", meta.get("number")) if v)
    subject = " ".join(str(meta.get("title") or "").split())
    return f"{head}: {subject}" if subject else head


def entry_summary(meta: dict[str, Any]) -> str:
    """Plain-text summary: type, number, date, issuers, province, subject (Vietnamese)."""
    parts = [meta.get("doc_type") or "Văn bản"]
    if meta.get("number"):
        parts.append(f"số {meta['number']}")
    if meta.get("date"):
        y, m, d = (str(meta["date"]).split("-") + ["", ""])[:3]
        parts.append(f"ngày {d}/{m}/{y}" if d else str(meta["date"]))
    issuers = [str(i) for i in meta.get("issuers") or [] if i]
    if issuers:
        parts.append("của " + ", ".join(issuers))
    if meta.get("province"):
        now = f", nay thuộc {meta['province_now']}" if meta.get("province_now") else ""
        parts.append(f"(tỉnh {meta['province']}{now})")
    text = " ".join(parts)
    subject = " ".join(str(meta.get("title") or "").split())
    return f"{text}: {subject}" if subject else text


def _iso_date(value: Any) -> str | None:
    """``YYYY-MM-DD`` of a front matter date, None when missing or malformed."""
    text = str(value or "")[:10]
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and (text[:4] + text[5:7] + text[8:]).isdigit():
        return text
    return None


def sorted_reports(reports: Iterable[Any]) -> list[Any]:
    """Reports (objects with ``.meta`` and ``.path``): dated newest first, then undated by path."""
    reports = list(reports)
    dated = sorted((r for r in reports if _iso_date(r.meta.get("date"))), key=lambda r: r.path)
    dated.sort(key=lambda r: _iso_date(r.meta.get("date")), reverse=True)
    undated = sorted((r for r in reports if not _iso_date(r.meta.get("date"))), key=lambda r: r.path)
    return dated + undated


def page_url(path: str, directory_urls: bool = True) -> str:
    """Site-relative URL of docs-relative page ``path``: ``a/b.md`` -> ``a/b/`` (or ``a/b.html``)."""
    base = path[:-3] if path.endswith(".md") else path
    if not directory_urls:
        return base + ".html"
    if base == "index" or base.endswith("/index"):
        return base[: -len("index")]
    return base + "/"


def feed_xml(
    reports: Iterable[Any],
    *,
    site_name: str = "Báo cáo",
    site_url: str | None = None,
    directory_urls: bool = True,
    url_of: Callable[[str], str] | None = None,
) -> str:
    """The Atom feed (UTF-8 XML text) of ``reports``.

    ``reports`` are objects with ``.path`` (docs-relative page, ``.md``) and
    ``.meta`` (front matter), e.g. :class:`converters.site.catalog.ReportEntry`.
    ``site_url`` (ending in ``/``) makes links and ids absolute.
    ``url_of(path)`` overrides :func:`page_url` for the link.  Only the first
    :data:`FEED_ENTRIES` of :func:`sorted_reports` are entries.  See the module
    docstring for the rules.
    """
    ET.register_namespace("", ATOM_NS)
    q = lambda tag: f"{{{ATOM_NS}}}{tag}"  # noqa: E731 - local shorthand
    url_of = url_of or (lambda p: page_url(p, directory_urls))
    base = site_url or ""
    ordered = sorted_reports(reports)[:FEED_ENTRIES]
    newest = next((_iso_date(r.meta.get("date")) for r in ordered if _iso_date(r.meta.get("date"))), None)
    feed_updated = f"{newest or EPOCH}T00:00:00{TZ}"

    feed = ET.Element(q("feed"), {"{http://www.w3.org/XML/1998/namespace}lang": "vi"})
    ET.SubElement(feed, q("title")).text = site_name
    ET.SubElement(feed, q("subtitle")).text = "Các báo cáo, kế hoạch mới công bố, mới nhất trước."
    ET.SubElement(feed, q("id")).text = base or "urn:baocao:feed"
    ET.SubElement(feed, q("updated")).text = feed_updated
    ET.SubElement(feed, q("link"), {"rel": "self", "href": base + FEED_PATH, "type": "application/atom+xml"})
    ET.SubElement(feed, q("link"), {"rel": "alternate", "href": base or "./", "type": "text/html"})
    author = ET.SubElement(feed, q("author"))
    ET.SubElement(author, q("name")).text = site_name
    ET.SubElement(feed, q("generator")).text = "baocao"

    for r in ordered:
        meta = r.meta
        link = base + url_of(r.path)
        date = _iso_date(meta.get("date"))
        entry = ET.SubElement(feed, q("entry"))
        ET.SubElement(entry, q("title")).text = entry_title(meta)
        ET.SubElement(entry, q("link"), {"rel": "alternate", "href": link, "type": "text/html"})
        ET.SubElement(entry, q("id")).text = link if site_url else f"urn:baocao:{r.path[:-3] if r.path.endswith('.md') else r.path}"
        ET.SubElement(entry, q("updated")).text = f"{date}T00:00:00{TZ}" if date else feed_updated
        if date:
            ET.SubElement(entry, q("published")).text = f"{date}T00:00:00{TZ}"
        issuers = [str(i) for i in meta.get("issuers") or [] if i]
        if issuers:
            entry_author = ET.SubElement(entry, q("author"))
            ET.SubElement(entry_author, q("name")).text = issuers[0]
        for key in ("province", "province_now"):  # an old report also under today's province
            if meta.get(key):
                ET.SubElement(entry, q("category"), {"term": str(meta[key])})
        ET.SubElement(entry, q("summary"), {"type": "text"}).text = entry_summary(meta)

    ET.indent(feed, space=" ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
