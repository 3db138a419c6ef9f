"""The site-wide pages, as Markdown text: home, browse, cited documents, glossary.

Each function takes the :class:`~converters.site.catalog.Catalog` (and what else
it needs) and returns ``{docs-relative path: Markdown text}``; ``site.py``
writes them.  Reader-facing text is Vietnamese.  Every value coming from a
report goes through :func:`md_text` (no raw HTML, no accidental Markdown).
Links are relative ``.md`` paths, which MkDocs (and Zensical) resolve in both
directory-URL and ``.html`` (offline) modes.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable
from typing import Any

from converters.site.catalog import Catalog, CitedDocument, ReportEntry, newest_first_key
from converters.frontmatter import dump_front_matter
from converters.lexicon.citations import vietnamese_date
from converters.lexicon.escape import md_text  # noqa: F401 - the one escaping rule, re-exported
from converters.lexicon.provinces import is_central_body
from converters.lexicon.symbols import citation_scope
from converters.lexicon.slugs import fold, slugify
from converters.render import heading_anchor

#: Shown for a missing facet value (province, year, type, issuer).
UNKNOWN = "Không rõ"
UNKNOWN_SLUG = "khong-ro"
#: Shown instead of a province for a central body's report (it has none by design).
CENTRAL = "Trung ương"
CENTRAL_SLUG = "trung-uong"

#: How many reports the home page lists (all of them are on the browse pages ``duyet/``).
HOME_LATEST = 50

#: How many reports ``duyet/index.md`` lists, newest first; past them it links to the year pages
#: (``duyet/nam/``), which list every report (issue #14: the whole list was 2.4 MB at 10,000
#: reports, rewritten and rendered again after every added report).
ALL_LATEST = 100

#: How many cited documents the "most cited" table of ``van-ban/index.md`` shows; every cited
#: document is listed on a page of its type and year (:data:`CITED_LISTS`, issue #14: the two full
#: tables were 8.5 MB at 10,000 reports, their counts changed by nearly every added report).
CITED_TOP = 100

#: Folder of the list pages of cited documents by type and year (``<type slug>-<year>.md``).
CITED_LISTS = "van-ban/danh-muc"

#: How many citing reports, newest first, a cited-document page shows with their citing
#: sentences; past them every citing report is one line, grouped by year (issue [5/6]: with every
#: sentence of every citing report, ``van-ban/114-kl-tw.md`` was 25.6 MB at 10,000 reports).
CITED_EXCERPTS = 30

def rel(target: str, from_page: str) -> str:
    """Relative link from docs-relative page ``from_page`` to ``target`` (``#frag`` kept).

    >>> rel("van-ban/114-kl-tw.md", "bao-cao/kon-tum/2016-bao-cao-111-bc-tu.md")
    '../../van-ban/114-kl-tw.md'
    >>> rel("index.md#x", "index.md")
    'index.md#x'
    """
    path, _, frag = target.partition("#")
    # the folder of a relative page is the text before its last "/" (posixpath.dirname, which
    # also strips repeated slashes that _relpath drops anyway, was a fifth of report_sections)
    start = from_page.rpartition("/")[0] if not from_page.startswith("/") else posixpath.dirname(from_page)
    out = _relpath(path, start)
    return f"{out}#{frag}" if frag else out


@functools.lru_cache(maxsize=4096)
def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath(path, start or ".")`` for clean docs-relative paths, without its
    ``abspath``/``getcwd`` calls (the site's ~100k links spent seconds there)."""
    if path.startswith("/") or start.startswith("/") or ".." in path.split("/") or ".." in start.split("/"):
        return posixpath.relpath(path, start or ".")
    a = [p for p in path.split("/") if p and p != "."]
    b = [p for p in start.split("/") if p and p != "."]
    i = 0
    while i < len(a) and i < len(b) and a[i] == b[i]:
        i += 1
    return "/".join([".."] * (len(b) - i) + a[i:]) or "."


def _date_parts(iso: Any) -> tuple[str, str, str] | None:
    """``(year, month, day)`` of ``YYYY-MM-DD`` text, None when ``iso`` is not three dash-separated parts."""
    parts = str(iso).split("-")
    return (parts[0], parts[1], parts[2]) if len(parts) == 3 else None


def vi_date(iso: Any) -> str:
    """``2018-05-10`` -> ``ngày 10 tháng 5 năm 2018``; ``""`` for None; other text as is."""
    if not iso:
        return ""
    ymd = _date_parts(iso)
    try:
        return f"ngày {int(ymd[2])} tháng {int(ymd[1])} năm {int(ymd[0])}" if ymd else str(iso)
    except ValueError:
        return str(iso)


def short_date(iso: Any) -> str:
    """``2018-05-10`` -> ``10/05/2018`` (table cells); ``""`` for None; other text as is."""
    if not iso:
        return ""
    ymd = _date_parts(iso)
    return f"{ymd[2]}/{ymd[1]}/{ymd[0]}" if ymd else str(iso)


def report_label(r: ReportEntry) -> str:
    """``Báo cáo số 111-BC/TU`` or just the type for a report without a number."""
    doc_type = r.meta.get("doc_type") or "Văn bản"
    return f"{doc_type} số {r.meta['number']}" if r.meta.get("number") else doc_type


def report_name(r: ReportEntry) -> str:
    """How an editor names a report in a list: ``Báo cáo số 111-BC/TU: kết quả ...`` (type,
    number, subject), ``Báo cáo tổng kết ...`` without a number (the type and subject, as its
    heading reads), the label alone without a subject.  The same rule as the page title
    (``overrides/partials/bc-page-title.html``)."""
    title = " ".join(str(r.meta.get("title") or "").split())
    if not title:
        return report_label(r)
    if r.meta.get("number"):
        return f"{report_label(r)}: {title}"
    return f"{r.meta.get('doc_type') or 'Văn bản'} {title}"


def issuer_facets(meta: dict[str, Any]) -> list[str]:
    """Issuing bodies of a report as facet values, made unique across provinces.

    ``Ban Dân vận Tỉnh ủy`` exists in every province, so an issuer that does
    not name the report's province gets it appended: ``Ban Dân vận Tỉnh ủy
    Kiên Giang`` (the way Vietnamese names such bodies in full).
    """
    province = meta.get("province")
    out = []
    for issuer in meta.get("issuers") or []:
        name = " ".join(str(issuer).split()).strip(" -–—")
        if not name:
            continue
        if province and fold(province) not in fold(name):
            name = f"{name} {province}"
        if name not in out:
            out.append(name)
    return out


def province_facets(meta: dict[str, Any]) -> list[str]:
    """Provinces a report is browsed under: its own and, for a province merged in 2025, today's.

    Rule of issue [2/6] item 7: an old report of Kiên Giang is found under
    ``Kiên Giang`` and under ``An Giang`` (``province_now``, Nghị quyết
    202/2025/QH15).  ``[]`` for a central body or an unknown province.

    >>> province_facets({"province": "Kiên Giang", "province_now": "An Giang"}), province_facets({"province": None})
    (['Kiên Giang', 'An Giang'], [])
    """
    out = []
    for key in ("province", "province_now"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip() and value not in out:
            out.append(value)
    return out


def is_central(meta: dict[str, Any]) -> bool:
    """Whether a report without a province is a central body's (Chính phủ, a Bộ, Ban ... Trung ương).

    Such a report has no province by design (``steps/province.py`` rule 2), unlike a
    provincial report whose province could not be read (which carries the ``không rõ tỉnh``
    warning).  Central: no ``province`` and either the issuers name a central body
    (:func:`~converters.lexicon.provinces.is_central_body`, HD 36-HD/VPTW, NĐ 30/2020/NĐ-CP
    Phụ lục I) or the number is a central one (``/TW``, ``/NĐ-CP``:
    :func:`~converters.lexicon.citations.citation_scope`).

    >>> is_central({"province": None, "issuers": ["Văn phòng Chính phủ"]}), is_central({"number": "45-HD/BTCTW"})
    (True, True)
    >>> is_central({"province": None, "issuers": ["Ban Dân vận Tỉnh ủy"], "number": "12-BC/TU"})
    False
    >>> is_central({"province": "Kiên Giang", "issuers": ["Bộ Tài chính"]})
    False
    """
    if meta.get("province"):
        return False
    if is_central_body([str(i) for i in meta.get("issuers") or []]):
        return True
    number = meta.get("number")
    return bool(number) and citation_scope(str(number)) == "central"


def province_folder(meta: dict[str, Any]) -> str:
    """The folder of a report's page under ``bao-cao/``: its province's slug, else
    :data:`CENTRAL_SLUG` for a central body's report (:func:`is_central`), else
    :data:`UNKNOWN_SLUG` (province really unknown).

    >>> province_folder({"province": "Kiên Giang"}), province_folder({"issuers": ["Bộ Nội vụ"]}), province_folder({})
    ('kien-giang', 'trung-uong', 'khong-ro')
    """
    return slugify(meta.get("province") or "") or (CENTRAL_SLUG if is_central(meta) else UNKNOWN_SLUG)


def province_label(meta: dict[str, Any]) -> str:
    """The province as a report table shows it: ``Kiên Giang (nay thuộc An Giang)``,
    ``Trung ương`` for a central body's report, ``Không rõ`` when unknown.

    >>> province_label({"province": "Kiên Giang", "province_now": "An Giang"}), province_label({})
    ('Kiên Giang (nay thuộc An Giang)', 'Không rõ')
    """
    names = province_facets(meta)
    if not names:
        return province_fallback(meta)
    return names[0] + (f" (nay thuộc {names[1]})" if len(names) > 1 else "")


def province_fallback(meta: dict[str, Any]) -> str:
    """What stands for the province of a report that has none: :data:`CENTRAL` or :data:`UNKNOWN`."""
    return CENTRAL if is_central(meta) else UNKNOWN


#: facet slug -> (page title, index title, function meta -> list of values)
FACETS: dict[str, tuple[str, str, Callable[[dict], list[str]]]] = {
    "tinh": ("Tỉnh", "Báo cáo theo tỉnh", lambda m: province_facets(m) or [province_fallback(m)]),
    "nam": ("Năm", "Báo cáo theo năm", lambda m: [str(m["date"])[:4] if m.get("date") else UNKNOWN]),
    "loai": ("Loại văn bản", "Báo cáo theo loại văn bản", lambda m: [m.get("doc_type") or UNKNOWN]),
    "co-quan": ("Cơ quan ban hành", "Báo cáo theo cơ quan ban hành", lambda m: issuer_facets(m) or [UNKNOWN]),
}


def facet_slug(value: str) -> str:
    """Slug of a facet value (``Kiên Giang`` -> ``kien-giang``, ``Không rõ`` -> ``khong-ro``)."""
    return slugify(value) or UNKNOWN_SLUG


def reports_table(reports: list[ReportEntry], from_page: str) -> str:
    """Markdown table of ``reports`` (in the order given): date, type, number, province, subject."""
    if not reports:
        return "_Chưa có báo cáo nào._\n"
    lines = ["| Ngày | Loại | Số | Tỉnh | Trích yếu |", "|---|---|---|---|---|"]
    for r in reports:
        m = r.meta
        title = md_text(m.get("title")) or md_text(report_label(r))
        lines.append(
            f"| {md_text(short_date(m.get('date')))} | {md_text(m.get('doc_type'))} | {md_text(m.get('number'))} "
            f"| {md_text(province_label(m))} | [{title}]({rel(r.path, from_page)}) |"
        )
    return "\n".join(lines) + "\n"


#: Front matter of a list page (browse lists, the lists of cited documents): left out of search
#: (``search_index.excluded``, Material's own key), since every report and every cited document
#: it lists has its own page there; a title search would otherwise find each one again on its
#: four browse lists, and one addition re-indexed lists that grow with the collection.
LIST_PAGE = {"search": {"exclude": True}}


def _page(title: str, body: str, **meta) -> str:
    return dump_front_matter({"title": title, **meta}) + "\n" + f"# {md_text(title)}\n\n" + body


def _browse_links(from_page: str) -> str:
    return "".join(
        f"- [{index_title}]({rel(f'duyet/{slug}/index.md', from_page)})\n"
        for slug, (_, index_title, _) in FACETS.items()
    )


def home_page(catalog: Catalog) -> dict[str, str]:
    """``index.md``: what the site is, browse links, the latest reports (newest first)."""
    p = "index.md"
    n = len(catalog.reports)
    body = (
        "Trang này tập hợp các báo cáo, kế hoạch về công tác dân vận, được chuyển từ văn bản gốc "
        "thành trang web dễ đọc: mỗi văn bản có phần thông tin (loại, số, ngày, nơi ban hành, "
        "người ký), mục lục theo bố cục của văn bản, chú thích và liên kết đến các văn bản được viện dẫn.\n\n"
        "## Duyệt báo cáo\n\n"
        + _browse_links(p)
        + f"- [Tất cả báo cáo ({n})]({rel('duyet/index.md', p)})\n"
        + f"- [Văn bản được viện dẫn ({len(catalog.documents)})]({rel('van-ban/index.md', p)})\n"
        + f"- [Chữ viết tắt]({rel('viet-tat.md', p)})\n"
        + f"- [Theo dõi văn bản mới (nguồn tin Atom)]({rel('feed.xml', p)})\n\n"
        + "## Báo cáo mới nhất\n\n"
        + reports_table(catalog.reports[:HOME_LATEST], p)
    )
    # feed_link: the template puts the feed's <link rel=alternate> on this page only
    # (a front matter flag works under every engine; Zensical has no page.is_homepage).
    return {p: _page("Báo cáo công tác dân vận", body, feed_link=True)}


def browse_pages(catalog: Catalog) -> dict[str, str]:
    """``duyet/index.md`` (all reports) and, per facet, an index and one page per value."""
    return {path: render() for path, _inputs, render in browse_plan(catalog)}


def browse_plan(catalog: Catalog) -> list[tuple[str, tuple, Callable[[], str]]]:
    """The pages of :func:`browse_pages`, not rendered: ``[(path, inputs, render)]``.

    ``inputs`` says what the page's text is made of, for its input key
    (``generate``): ``("all", reports, total, [(year, page path, count)])``
    (``duyet/index.md``: the :data:`ALL_LATEST` newest reports, how many there
    are, the year pages when there are more), ``("group", facet slug, value,
    reports)`` (the reports listed, in order: their paths and front matter),
    ``("index", facet slug, [(value, page path, count)])``.  ``render()`` gives
    the Markdown.  Grouping is cheap; rendering the tables is what a rebuild
    saves for the pages whose inputs did not change.
    """
    plan: list[tuple[str, tuple, Callable[[], str]]] = []
    facet_rows: dict[str, list[tuple[str, str, int]]] = {}
    for slug, (facet_title, index_title, values_of) in FACETS.items():
        # Spelling variants of one value (tone-mark placement, case: "Tỉnh uỷ" / "Tỉnh ủy")
        # are one group, shown with the spelling seen first.
        groups: dict[str, list[ReportEntry]] = {}
        spelling: dict[str, str] = {}
        members: set[tuple[str, int]] = set()  # (value, id(report)): a list scan per report was quadratic
        for r in catalog.reports:  # already newest first
            for value in values_of(r.meta):
                value = spelling.setdefault(" ".join(fold(value).split()), value)
                if (value, id(r)) not in members:
                    members.add((value, id(r)))
                    groups.setdefault(value, []).append(r)
        paths: dict[str, str] = {}
        taken: set[str] = set()
        for value in groups:
            base = facet_slug(value)
            candidate, n = base, 1
            while f"duyet/{slug}/{candidate}.md" in taken or candidate == "index":
                n += 1
                candidate = f"{base}-{n}"
            paths[value] = f"duyet/{slug}/{candidate}.md"
            taken.add(paths[value])
        index = f"duyet/{slug}/index.md"
        # Years newest first, other facets alphabetically; "Trung ương" first, "Không rõ" last.
        order = sorted(groups, key=lambda v: (v == UNKNOWN, v != CENTRAL, -int(v) if v.isdigit() else 0, fold(v)))
        rows = [(value, paths[value], len(groups[value])) for value in order]
        facet_rows[slug] = rows

        def render_index(facet_title=facet_title, index_title=index_title, index=index, rows=rows) -> str:
            lines = [f"| {facet_title} | Số báo cáo |", "|---|---|"]
            for value, path, count in rows:
                lines.append(f"| [{md_text(value)}]({rel(path, index)}) | {count} |")
            return _page(index_title, "\n".join(lines) + "\n", **LIST_PAGE)
        plan.append((index, ("index", slug, rows), render_index))
        for value, reports in groups.items():
            path = paths[value]

            def render_group(facet_title=facet_title, index_title=index_title, index=index, value=value,
                             path=path, reports=reports) -> str:
                return _page(
                    f"{facet_title}: {value}",
                    f"[← {index_title}]({rel(index, path)})\n\n" + reports_table(reports, path),
                    **LIST_PAGE,
                )
            plan.append((path, ("group", slug, value, reports), render_group))
    latest = catalog.reports[:ALL_LATEST]
    years = facet_rows.get("nam", []) if len(catalog.reports) > len(latest) else []
    plan.insert(0, ("duyet/index.md", ("all", latest, len(catalog.reports), years),
                    functools.partial(_all_reports_page, latest, len(catalog.reports), years)))
    return plan


def _all_reports_page(latest: list[ReportEntry], total: int, years: list[tuple[str, str, int]]) -> str:
    """``duyet/index.md``: the browse links, then the ``latest`` reports (newest first) and, when the
    collection has more than those (``years`` not empty: the year pages' ``(year, page, count)``),
    a link to each year's page, which lists every report of that year."""
    p = "duyet/index.md"
    body = f"Có {total} báo cáo. Duyệt theo:\n\n" + _browse_links(p)
    if not years:
        return _page("Tất cả báo cáo", body + "\n## Tất cả báo cáo, mới nhất trước\n\n" + reports_table(latest, p),
                     **LIST_PAGE)
    links = " · ".join(f"[{md_text(year)}]({rel(path, p)}) ({count})" for year, path, count in years)
    body += (f"\n## {len(latest)} báo cáo mới nhất\n\n" + reports_table(latest, p)
             + f"\n## Mọi báo cáo, theo năm\n\nMỗi năm một trang, liệt kê mọi báo cáo của năm đó "
             f"(số báo cáo trong ngoặc): {links}.\n")
    return _page("Tất cả báo cáo", body, **LIST_PAGE)


def _doc_rows(docs: list[CitedDocument], from_page: str, counts: dict[int, int]) -> str:
    """Table rows of ``docs``; ``counts``: ``{id(d): number of citing reports}``."""
    lines = ["| Văn bản | Mô tả | Số báo cáo viện dẫn |", "|---|---|---|"]
    for d in docs:
        lines.append(
            f"| [{md_text(d.label)}]({rel(d.path, from_page)}) | {md_text(d.text)} "
            f"| {counts[id(d)]} |"
        )
    return "\n".join(lines) + "\n"


def cited_document_pages(catalog: Catalog) -> dict[str, str]:
    """``van-ban/index.md``, the list pages by type and year, and one page per cited document."""
    pages = cited_document_index(catalog)
    for d in catalog.documents.values():
        pages[d.path] = cited_document_page(d)
    return pages


def cited_document_index(catalog: Catalog) -> dict[str, str]:
    """``{path: text}`` of ``van-ban/index.md`` and the list pages (:func:`cited_index_plan`)."""
    return {path: render() for path, _docs, _rows, render in cited_index_plan(catalog)}


def cited_type(d: CitedDocument) -> str:
    """The type a cited document is listed under: its ``doc_type``, else :data:`UNKNOWN`."""
    return " ".join(str(d.description.get("doc_type") or "").split()) or UNKNOWN


def cited_year(d: CitedDocument) -> str | None:
    """The year a cited document is listed under: of its date of issue (``YYYY-MM-DD``), else the
    year its number carries (``308/2025/NĐ-CP``: the number of a legal document holds its year,
    Nghị định 30/2020/NĐ-CP Phụ lục I), else None (``Không rõ năm``).

    >>> cited_year(CitedDocument("k", "van-ban/k.md", {"date": "2015-07-14"})), cited_year(CitedDocument("k", "k", {"number": "308/2025/NĐ-CP"}))
    ('2015', '2025')
    """
    date = str(d.description.get("date") or "")[:4]
    if len(date) == 4 and date.isdigit():
        return date
    m = re.search(r"/((?:19|20)\d\d)/", str(d.description.get("number") or ""))
    return m.group(1) if m else None


def cited_index_plan(catalog: Catalog) -> list[tuple[str, list[CitedDocument], tuple, Callable[[], str]]]:
    """The pages listing cited documents, not rendered: ``[(path, documents, rows, render)]``.

    ``van-ban/index.md``: the :data:`CITED_TOP` documents cited by the most reports (ties by
    name), then per type (alphabetical, :data:`UNKNOWN` last) a link to each of its years
    (newest first, ``Không rõ năm`` last) with how many documents; ``documents`` are those of the
    table, ``rows`` ``(total, [(type, year, page, count)])``.  One page per type and year
    (``van-ban/danh-muc/<type slug>-<year or khong-ro-nam>.md``): its documents by name, each with
    how many reports cite it; ``rows`` ``(type, year)``.  Spelling variants of a type
    (``fold``) are one type.  A page's text is a function of its ``documents`` (key, path, term,
    description, number of citing reports) and ``rows``: ``generate`` keys it by those, so after
    one added report only the pages listing a document it cites are rendered.
    """
    index = "van-ban/index.md"
    docs = list(catalog.documents.values())
    counts = {id(d): len(d.citing_reports) for d in docs}  # each a scan of the document's mentions: once
    labels = {id(d): fold(d.label) for d in docs}
    top = sorted(docs, key=lambda d: (-counts[id(d)], labels[id(d)]))[:CITED_TOP]
    groups: dict[tuple[str, str | None], list[CitedDocument]] = {}
    spelling: dict[str, str] = {}
    for d in docs:
        kind = cited_type(d)
        kind = spelling.setdefault(" ".join(fold(kind).split()), kind)
        groups.setdefault((kind, cited_year(d)), []).append(d)
    order = sorted(groups, key=lambda ty: (ty[0] == UNKNOWN, fold(ty[0]), ty[1] is None, -int(ty[1] or 0)))
    paths: dict[tuple[str, str | None], str] = {}
    for kind, year in order:
        base = f"{slugify(kind) or UNKNOWN_SLUG}-{year or 'khong-ro-nam'}"
        candidate, n = base, 1
        while f"{CITED_LISTS}/{candidate}.md" in paths.values():
            n += 1
            candidate = f"{base}-{n}"
        paths[(kind, year)] = f"{CITED_LISTS}/{candidate}.md"
    rows = [(kind, year, paths[(kind, year)], len(groups[(kind, year)])) for kind, year in order]
    plan: list[tuple[str, list[CitedDocument], tuple, Callable[[], str]]] = [
        (index, top, (len(docs), rows), functools.partial(_cited_index_text, top, len(docs), rows, counts))]
    for kind, year in order:
        listed = sorted(groups[(kind, year)], key=lambda d: (labels[id(d)], d.key))
        plan.append((paths[(kind, year)], listed, (kind, year),
                     functools.partial(_cited_list_text, paths[(kind, year)], kind, year, listed, counts)))
    return plan


def _cited_index_text(top: list[CitedDocument], total: int, rows: list[tuple[str, str | None, str, int]],
                      counts: dict[int, int]) -> str:
    """``van-ban/index.md`` (:func:`cited_index_plan`)."""
    index = "van-ban/index.md"
    if not total:
        return _page("Văn bản được viện dẫn", "_Chưa có văn bản nào được viện dẫn._\n", **LIST_PAGE)
    lines = []
    by_type: dict[str, list[tuple[str | None, str, int]]] = {}
    for kind, year, path, count in rows:
        by_type.setdefault(kind, []).append((year, path, count))
    for kind, years in by_type.items():
        links = " · ".join(f"[{year or 'không rõ năm'}]({rel(path, index)}) ({count})" for year, path, count in years)
        lines.append(f"- **{md_text(kind)}** ({sum(c for _y, _p, c in years)} văn bản): {links}")
    more = (f"{len(top)} văn bản được nhiều báo cáo viện dẫn nhất, rồi danh mục đầy đủ theo loại văn bản và năm "
            "ban hành" if total > len(top) else "xếp theo số báo cáo viện dẫn, rồi danh mục theo loại văn bản và "
            "năm ban hành")
    body = (
        f"Các văn bản được các báo cáo viện dẫn ({total} văn bản): {more}.\n\n"
        "## Nhiều báo cáo viện dẫn nhất\n\n"
        + _doc_rows(top, index, counts)
        + "\n## Theo loại văn bản và năm ban hành\n\n"
        + "Mỗi loại văn bản, mỗi năm một trang, xếp theo tên văn bản (số văn bản trong ngoặc).\n\n"
        + "\n".join(lines) + "\n"
    )
    return _page("Văn bản được viện dẫn", body, **LIST_PAGE)


def _cited_list_text(path: str, kind: str, year: str | None, docs: list[CitedDocument], counts: dict[int, int]) -> str:
    """One list page of cited documents of type ``kind`` and ``year`` (:func:`cited_index_plan`)."""
    when = f"năm {year}" if year else "không rõ năm"
    body = (f"[← Văn bản được viện dẫn]({rel('van-ban/index.md', path)})\n\n"
            f"{len(docs)} văn bản, xếp theo tên.\n\n" + _doc_rows(docs, path, counts))
    return _page(f"Văn bản được viện dẫn: {kind}, {when}", body, **LIST_PAGE)


def cited_document_page(d: CitedDocument) -> str:
    """The page of one cited document (Markdown at ``d.path``): its description, the report that is it
    (if in the collection), disagreeing dates, and every citing report once, newest first
    (:func:`~converters.site.catalog.newest_first_key`): with its citing sentences when there are at
    most :data:`CITED_EXCERPTS`, else the newest :data:`CITED_EXCERPTS` with them and the others one
    line each by year (:func:`_citing_bounded`), so the page stays readable at any corpus size
    (page-format.md: the cited-document page "lists every report citing it").

    Its text depends only on ``d`` (key, path, merged description) and on
    the reports in ``d.report`` / ``d.mentions`` (their paths, metadata and
    citations): ``generate`` keys it by those to skip it when they did not change.
    """
    p = d.path
    # the description under the title only when it says more than the title (the label)
    parts = [f"{md_text(d.text)}\n"] if d.text != d.label else []
    if d.report:
        parts.append(
            f'!!! note "Văn bản này có trong kho"\n\n    [{md_text(report_name(d.report))}]'
            f"({rel(d.report.path, p)})\n"
        )
    if len(d.dates) > 1:
        parts.append(_date_conflict(d, p))
    reports = sorted(d.citing_reports, key=newest_first_key)
    # Mentions grouped by citing report once (a scan of all mentions per report was quadratic).
    by_report: dict[int, list] = {}
    for x in d.mentions:
        by_report.setdefault(id(x.report), []).append(x)
    parts.append(f"## Được viện dẫn bởi {len(reports)} báo cáo\n")
    if len(reports) <= CITED_EXCERPTS:
        for r in reports:
            parts += _citing_with_sentences(r, by_report.get(id(r), ()), p)
    else:
        parts += _citing_bounded(reports, by_report, p)
    return _page(d.label, "\n".join(parts) + "\n")


def _citing_with_sentences(r: ReportEntry, mentions: Any, p: str) -> list[str]:
    """Lines of one citing report on page ``p`` with its citing sentences: the report's name and
    (province, date), then each distinct citing sentence linked to its paragraph."""
    m = r.meta
    where = ", ".join(x for x in (m.get("province"), vi_date(m.get("date"))) if x)
    head = f"- [{md_text(report_name(r))}]({rel(r.path, p)})"
    lines = [head + (f" ({md_text(where)})" if where else "")]
    shown = set()
    for mention in mentions:
        # One line per citing sentence: a sentence citing the document twice is shown once.
        if (mention.anchor, mention.context or mention.text) in shown:
            continue
        shown.add((mention.anchor, mention.context or mention.text))
        target = r.path + (f"#{mention.anchor}" if mention.anchor else "")
        sentence = md_text(mention.context or mention.text)
        lines.append(f"    - [{sentence}]({rel(target, p)})")
    lines.append("")
    return lines


def citing_year(r: ReportEntry) -> str | None:
    """The year a citing report is listed under on a cited-document page: the first four
    characters of its ``date`` when they are digits, else None (``Không rõ năm``).

    >>> citing_year(ReportEntry("a", "a.md", {"date": "2018-05-10"})), citing_year(ReportEntry("b", "b.md", {}))
    ('2018', None)
    """
    year = str(r.meta.get("date") or "")[:4]
    return year if len(year) == 4 and year.isdigit() else None


def citing_line(r: ReportEntry, mentions: Any, p: str) -> str:
    """One citing report as one line of page ``p``, the way a Vietnamese text names a document:
    ``- [Báo cáo số 5-BC/TU](link), ngày 12/03/2025 của Tỉnh ủy Kon Tum, Ban Dân vận Tỉnh ủy``.

    The link goes to the first citing paragraph that has an anchor (else the page); the name is
    the type and number (:func:`report_label`), the type and subject without a number
    (:func:`report_name`); then the date (``dd/mm/yyyy``), the issuers as the header lists them
    (as the feed's summary gives them, ``feed.py``), and the province in brackets when no issuer
    names it (``Trung ương`` for a central body's report without issuers).
    """
    m = r.meta
    anchor = next((x.anchor for x in mentions if x.anchor), None)
    target = r.path + (f"#{anchor}" if anchor else "")
    name = report_label(r) if m.get("number") else report_name(r)
    line = f"- [{md_text(name)}]({rel(target, p)})"
    if m.get("date"):
        line += f", ngày {md_text(short_date(m.get('date')))}"
    issuers = [" ".join(str(i).split()) for i in m.get("issuers") or [] if str(i).strip()]
    if issuers:
        line += f" của {md_text(', '.join(issuers))}"
    provinces = province_facets(m)
    if provinces and not any(fold(provinces[0]) in fold(i) for i in issuers):
        line += f" ({md_text(province_label(m))})"
    elif not provinces and not issuers and is_central(m):
        line += f" ({CENTRAL})"
    return line


def _citing_bounded(reports: list[ReportEntry], by_report: dict[int, list], p: str) -> list[str]:
    """Lines listing more than :data:`CITED_EXCERPTS` citing ``reports`` (newest first) on page
    ``p``: the newest :data:`CITED_EXCERPTS` with their sentences (:func:`_citing_with_sentences`),
    then every other one as one line (:func:`citing_line`) under a heading per year, newest first,
    reports of no known year last; a line of links to the years leads the list."""
    latest, rest = reports[:CITED_EXCERPTS], reports[CITED_EXCERPTS:]
    years: dict[str | None, list[ReportEntry]] = {}
    for r in rest:  # newest first already: the years come in descending order
        years.setdefault(citing_year(r), []).append(r)
    if None in years:
        years[None] = years.pop(None)  # no known year: last
    heads = {y: f"Năm {y}" if y else "Không rõ năm" for y in years}
    jump = " · ".join(f"[{y or 'không rõ năm'}](#{heading_anchor(heads[y])})" for y in years)
    lines = [
        f"Xếp theo ngày ban hành, mới nhất trước. {len(latest)} báo cáo mới nhất có kèm các câu viện dẫn "
        f"văn bản này; {len(rest)} báo cáo khác được liệt kê mỗi báo cáo một dòng, theo năm ban hành: {jump}.\n",
        f"### {len(latest)} báo cáo mới nhất\n",
    ]
    for r in latest:
        lines += _citing_with_sentences(r, by_report.get(id(r), ()), p)
    lines.append("### Các báo cáo khác, theo năm\n")
    for y, group in years.items():
        lines.append(f"#### {heads[y]}\n")
        lines.append(f"{len(group)} báo cáo.\n")
        lines += [citing_line(r, by_report.get(id(r), ()), p) for r in group]
        lines.append("")
    return lines


def _date_conflict(d: CitedDocument, p: str) -> str:
    """Admonition listing the dates the reports give ``d`` when they disagree, each with the
    reports (linked to the citing sentence) that give it: at most :data:`CITED_EXCERPTS` of
    them per date, then how many more (all are in the list of citing reports below)."""
    lines = ['!!! warning "Các báo cáo ghi ngày ban hành khác nhau"\n']
    anchors: dict[tuple[int, str], str] = {}  # (id(report), date) -> first anchor giving that date
    for m in d.mentions:
        if m.date and m.anchor:
            anchors.setdefault((id(m.report), m.date), m.anchor)
    for date, reports in d.dates.items():
        sources = []
        for r in reports[:CITED_EXCERPTS]:
            anchor = anchors.get((id(r), date))
            target = r.path + (f"#{anchor}" if anchor else "")
            sources.append(f"[{md_text(report_label(r))}]({rel(target, p)})")
        more = f" và {len(reports) - CITED_EXCERPTS} báo cáo khác" if len(reports) > CITED_EXCERPTS else ""
        lines.append(f"    - ngày {md_text(vietnamese_date(date))}: theo " + ", ".join(sources) + more)
    return "\n".join(lines) + "\n"


def report_sections(catalog: Catalog, report: ReportEntry) -> str:
    """Markdown appended to a report page: ``Văn bản viện dẫn`` and ``Được viện dẫn bởi``.

    The incoming citations are one line per citing sentence (corpus order) while at most
    :data:`CITED_EXCERPTS` reports cite this one; past that they are bounded as on a
    cited-document page (:func:`_citing_bounded`: the newest :data:`CITED_EXCERPTS` reports with
    their sentences, every other one as one line under its year; issue #14: the list of a report
    cited by many was 487 kB at 10,000 reports)."""
    p = report.path
    out = catalog.outgoing(report)
    inc = catalog.incoming(report)
    parts = []
    if out:
        parts.append("## Văn bản viện dẫn\n")
        for d in out:
            parts.append(f"- [{md_text(catalog.description_in(report, d))}]({rel(d.target, p)})")
        parts.append("")
    if inc:
        parts.append("## Được viện dẫn bởi\n")
        by_report: dict[int, list] = {}
        for m in inc:
            by_report.setdefault(id(m.report), []).append(m)
        if len(by_report) <= CITED_EXCERPTS:
            for m in inc:
                r = m.report
                target = r.path + (f"#{m.anchor}" if m.anchor else "")
                where = ", ".join(x for x in (r.meta.get("province"), vi_date(r.meta.get("date"))) if x)
                parts.append(
                    f"- [{md_text(report_label(r))}]({rel(target, p)})" + (f" ({md_text(where)})" if where else "")
                    + (f": {md_text(m.context)}" if m.context else "")
                )
            parts.append("")
        else:  # bounded as on a cited-document page: the newest with their sentences, the rest one line each
            reports = sorted({id(m.report): m.report for m in inc}.values(), key=newest_first_key)
            parts.append(f"{len(reports)} báo cáo viện dẫn văn bản này.\n")
            parts += _citing_bounded(reports, by_report, p)
    return ("\n" + "\n".join(parts)) if parts else ""


def glossary_page(glossary: dict[str, str]) -> dict[str, str]:
    """``viet-tat.md``: the abbreviations of ``mkdocs.yml`` (``abbr: glossary``) as a table."""
    lines = ["| Viết tắt | Nghĩa |", "|---|---|"]
    for abbr in sorted(glossary, key=fold):
        lines.append(f"| {md_text(abbr)} | {md_text(glossary[abbr])} |")
    body = (
        "Các chữ viết tắt thường gặp trong báo cáo. Trên mọi trang, đưa chuột (hoặc chạm) vào "
        "chữ viết tắt để xem nghĩa.\n\n" + "\n".join(lines) + "\n"
    )
    return {"viet-tat.md": _page("Chữ viết tắt", body)}
