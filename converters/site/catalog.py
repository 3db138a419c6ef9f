"""The catalog: every report of the corpus, every cited document, who cites whom.

Built once per site generation from the converted pages (see ``site.py``);
read by the page writers (``site_pages.py``) and written to ``catalog.json``.
Pure data, no file access, no MkDocs.

Identity of a cited document is the citation key computed by
``converters.lexicon.citations`` (``Citation.key``).  A report of the corpus "is" a
cited document when its own ``(number, province)`` gives the same key (see
:func:`report_key`), so a citation of a report we hold links to that report's
page instead of a cited-document page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from converters.lexicon.slugs import fold, slugify

#: No value yet (a term memo's miss: None is a term, "names none").
_NO_TERM = object()

#: Description fields of a cited document, in display order.
DESCRIPTION_FIELDS = ("doc_type", "name", "number", "date", "issuer", "subject")


@dataclass
class ReportEntry:
    """One report of the corpus.

    ``source`` is the raw file (repository-relative), ``path`` its page,
    docs-relative (``bao-cao/kien-giang/2018-bao-cao-111-bc-bdv-bcsd.md``),
    ``meta`` its front matter, ``key`` its citation identity (None without a
    number), ``citations`` the ``Citation`` objects of its body, in order.
    """

    source: str
    path: str
    meta: dict[str, Any]
    key: str | None = None
    citations: list[Any] = field(default_factory=list)
    #: what ``meta`` and ``citations`` are a function of (the page cache key), or None: reports
    #: with one token cite alike, so :meth:`Catalog.build` may reuse merged descriptions
    token: str | None = None


@dataclass
class Mention:
    """One citation of a document by a report: where and how it is cited.

    ``anchor`` is the id of the citing paragraph on the report page
    (``p-12``, ``fn:3``) or None; ``text`` the citation as written;
    ``context`` the citing sentence; ``date`` the ISO date that sentence gives
    the document, or None (each citing sentence keeps its own).
    """

    report: ReportEntry
    text: str
    anchor: str | None
    context: str
    date: str | None = None
    #: ``(report token, index of the citation in the report's citations)`` when the report has a
    #: token (``ReportEntry.token``): the fields above are a function of it; else None
    origin: tuple[str, int] | None = None


@dataclass
class CitedDocument:
    """One identity cited anywhere in the corpus.

    ``key`` is the citation key, ``path`` its docs-relative page
    (``van-ban/<slug>.md``), ``description`` the fullest description gathered
    from its citations (keys of :data:`DESCRIPTION_FIELDS`, values str or
    None, plus ``text``, the one-line form), ``mentions`` every citation of it in corpus order, ``report`` the
    report of the corpus that is this document, if any.
    """

    key: str
    path: str
    description: dict[str, str | None]
    mentions: list[Mention] = field(default_factory=list)
    report: ReportEntry | None = None
    #: the term (khóa) that tells this document from another with its number, or None
    term: str | None = None

    @property
    def dates(self) -> dict[str, list[ReportEntry]]:
        """ISO date -> distinct reports giving the document that date, in corpus order;
        more than one key when the reports disagree (the page shows each with its sources)."""
        out: dict[str, dict[str, ReportEntry]] = {}
        for m in self.mentions:
            if m.date:
                out.setdefault(m.date, {}).setdefault(m.report.path, m.report)
        return {d: list(rs.values()) for d, rs in sorted(out.items())}

    @property
    def citing_reports(self) -> list[ReportEntry]:
        """Distinct reports citing this document, in corpus order."""
        seen: dict[str, ReportEntry] = {}
        for m in self.mentions:
            seen.setdefault(m.report.path, m.report)
        return list(seen.values())

    @property
    def target(self) -> str:
        """Docs-relative path a citation of this document links to."""
        return self.report.path if self.report else self.path

    @property
    def text(self) -> str:
        """The fullest description as one line (``Kết luận số 114-KL/TW, ngày 14-7-2015 của ...``)."""
        fields = {f: self.description.get(f) for f in DESCRIPTION_FIELDS}
        return self.description.get("text") or describe_text(fields, self.key)

    @property
    def label(self) -> str:
        """Short label: ``Kết luận số 114-KL/TW``, ``Luật Đất đai số 31/2024/QH15`` (type, name and
        number as known)."""
        d = self.description
        number = d.get("number") or self.key
        named = f"{d['doc_type']} {d['name']}" if d.get("doc_type") and d.get("name") else d.get("doc_type")
        label = f"{named} số {number}" if named else str(number)
        return f"{label} (khóa {self.term})" if self.term else label


def _get(obj: Any, name: str) -> Any:
    """Attribute or mapping item ``name`` of ``obj`` (None when missing)."""
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


def report_key(meta: dict[str, Any]) -> str | None:
    """Citation identity of a report from its front matter, or None without a number.

    The key a citation of this report would get (``citations.identity`` of
    the canonical number and the report's province): ``114-KL/TW`` for a
    central number, ``kien-giang:1823-TB/TU`` for a provincial one, so the
    report and its citations meet.
    """
    number = meta.get("number")
    if not number:
        return None
    from converters.lexicon.citations import document_key

    return document_key(number, meta.get("doc_type"), meta.get("province"))


def describe(citation: Any) -> dict[str, str | None]:
    """Description fields of one citation (:data:`DESCRIPTION_FIELDS`), from its attributes."""
    return {f: _get(citation, f) for f in DESCRIPTION_FIELDS}


def merge(citations: list[Any]) -> dict[str, str | None]:
    """The fullest description of one identity from all its citations.

    ``citations.merge_descriptions`` is the rule of record (most frequent,
    then longest value per field); its ``description`` (one line) is kept
    under ``"text"``.  Returns the :data:`DESCRIPTION_FIELDS` plus ``text``.
    """
    from converters.lexicon.citations import merge_descriptions

    merged = merge_descriptions(citations)
    out = {f: merged.get(f) for f in DESCRIPTION_FIELDS}
    out["text"] = merged.get("description") or describe_text(out)
    return out


def _merge_memo(citations: list[Any], origins: list[tuple[str | None, int]] | None, store: Any) -> dict[str, str | None]:
    """:func:`merge` of ``citations``, through ``store`` when every citation's origin is known
    (see :meth:`Catalog.build`); always a fresh dict (the caller may change it)."""
    if store is None or not origins or any(token is None for token, _ in origins):
        return merge(citations)
    import hashlib

    name = hashlib.sha256(repr(("merge", origins)).encode("utf-8")).hexdigest()
    hit = store.get(name)
    if isinstance(hit, dict) and set(hit) == {*DESCRIPTION_FIELDS, "text"}:
        return dict(hit)
    out = merge(citations)
    store.put(name, dict(out))
    return out


def _agreed_date(dates: dict[str, list[ReportEntry]]) -> str | None:
    """The date more reports give than any other (None on a tie): when reports disagree, the
    one-line description shows a date only if most of them agree on it."""
    ranked = sorted(((len(rs), d) for d, rs in dates.items()), reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
        return None
    return ranked[0][1]


@functools.lru_cache(maxsize=65536)
def _describe_memo(values: tuple, fallback: str) -> str:
    """:func:`describe_text` of the :data:`DESCRIPTION_FIELDS` ``values`` (in that order), memoized."""
    return describe_text(dict(zip(DESCRIPTION_FIELDS, values)), fallback)


def describe_text(description: dict[str, str | None], fallback: str = "") -> str:
    """One line: ``Kết luận số 114-KL/TW, ngày 14-7-2015 của ... về ...``; a document cited
    by name as well: ``Luật Đất đai số 31/2024/QH15``.

    Dates are shown as the reports write them (``citations.vietnamese_date``: ``14-7-2015``,
    ``03-02-2016``); a subject that
    does not start with a linking word gets ``về`` before it.
    """
    d = description
    parts = []
    if d.get("doc_type"):
        named = f"{d['doc_type']} {d['name']}" if d.get("name") else d["doc_type"]
        parts.append(f"{named} số {d.get('number') or fallback}")
    else:
        parts.append(str(d.get("number") or fallback))
    date = d.get("date")
    if date:
        from converters.lexicon.citations import vietnamese_date

        try:
            parts.append(f", ngày {vietnamese_date(str(date))}")
        except ValueError:
            parts.append(f", ngày {date}")
    if d.get("issuer"):
        parts.append(f" của {d['issuer']}")
    subject = (d.get("subject") or "").strip()
    if subject:
        first = fold(subject.split()[0]) if subject.split() else ""
        link_word = "" if first in {"ve", "thuc", "tiep", "sua", "ban", "quy", "huong"} else "về "
        parts.append(f" {link_word}{subject}")
    return "".join(parts)


class Catalog:
    """All reports and cited documents of one corpus, with the links between them.

    Build it with :meth:`build`; ``reports`` are newest first (date
    descending, undated last, then by path); ``documents`` maps each key to
    its :class:`CitedDocument`, in first-citation order.
    """

    def __init__(self, reports: list[ReportEntry], documents: dict[str, CitedDocument]):
        self.reports = reports
        self.documents = documents
        #: raw citation key -> the key it meets in (variants of one document, see build()).
        self.aliases: dict[str, str] = {}
        #: citation -> key (aliases and term splits, see build()); None: the aliases alone.
        self._route: Callable[[Any], str | None] | None = None
        #: raw key -> (term -> key, date -> key) of the keys split by term (build()); what _route reads
        self._routes: dict[str, tuple[dict[str, str], dict[str, str]]] = {}
        self._by_path = {r.path: r for r in reports}
        self._keys: dict[int, tuple[Any, str | None]] = {}  # id(citation) -> (citation, key_of it)
        self._dates: dict[int, tuple[ReportEntry, dict]] = {}  # id(report) -> (report, _dates_in it)

    @classmethod
    def build(cls, reports: list[ReportEntry], merged: Any = None) -> Catalog:
        """Catalog of ``reports`` (each with ``key`` and ``citations`` set).

        Cited-document paths are ``van-ban/<slug>.md`` from ``Citation.slug``
        (or the slug of the key); two keys with one slug are told apart by
        ``-2``, ``-3``... in key order, so paths are deterministic.

        ``merged``, optional: a store of merged descriptions from earlier
        builds (``get(name) -> dict | None``, ``put(name, dict)``).  A
        document whose citations all come from reports with a ``token`` is
        named by the sequence of ``(token, index of the citation in its
        report)``: the same citations in the same order, so :func:`merge`
        gives the same description, which is taken from the store.
        """
        ordered = sorted(reports, key=newest_first_key)
        by_path = sorted(reports, key=lambda r: r.path)
        by_key: dict[str, ReportEntry] = {}
        for r in by_path:
            if r.key and r.key not in by_key:
                by_key[r.key] = r
        # Variants of one provincial identity meet (citations.variant_keys): one key per document.
        from converters.lexicon.citations import _term_of_issuer, split_by_term, term_of, variant_keys

        # Every citation with a key, in corpus order (reports by path), its fields read once (one
        # attribute read each, not a _get call per field per pass: 44,000 citations at 1,000
        # reports were read field by field in three passes): (report, index in its citations,
        # citation, raw key, date, text, anchor, context, slug, issuer).
        keyed: list[tuple] = []
        counts: dict[str, list] = {}  # raw key -> [number of citations, dates they give]
        for r in by_path:
            for i, c in enumerate(r.citations):
                if isinstance(c, dict):
                    key = c.get("key")
                    if not key:
                        continue
                    row = (r, i, c, key, c.get("date"), c.get("text"), c.get("anchor"), c.get("context"),
                           c.get("slug"), c.get("issuer"))
                else:
                    key = getattr(c, "key", None)
                    if not key:
                        continue
                    row = (r, i, c, key, getattr(c, "date", None), getattr(c, "text", None), getattr(c, "anchor", None),
                           getattr(c, "context", None), getattr(c, "slug", None), getattr(c, "issuer", None))
                keyed.append(row)
                count = counts.get(key)
                if count is None:
                    count = counts[key] = [0, set()]
                count[0] += 1
                if row[4]:
                    count[1].add(row[4])
        seen = {key: (n, dates) for key, (n, dates) in counts.items()}
        aliases = variant_keys(seen, set(by_key))
        # term_of(c) is the term its issuer names: one regex search per distinct issuer text
        issuer_terms: dict[Any, str | None] = {}

        def term_in(issuer: Any) -> str | None:
            term = issuer_terms.get(issuer, _NO_TERM)
            if term is _NO_TERM:
                term = issuer_terms[issuer] = _term_of_issuer(issuer or "")
            return term
        # One central Party number cited with two terms (khóa) is two documents
        # (citations.split_by_term): the citation -> key map carries the split.
        grouped: dict[str, list[tuple]] = {}
        for row in keyed:
            raw_key = row[3]
            grouped.setdefault(aliases.get(raw_key, raw_key), []).append(row)
        # key -> routing of its citations by the term they name, else by their date; a
        # function of the citation's own fields, so the citation objects of a page rendered
        # later (loaded from the cache on their own) route the same way.
        routes: dict[str, tuple[dict[str, str], dict[str, str]]] = {}
        terms: dict[str, str] = {}
        for key, rows in grouped.items():
            # split_by_term splits only a central key whose citations name two terms or more:
            # the others are not parsed (2,500 keys at 1,000 reports, a few split)
            if ":" in key or len({term_in(row[9]) for row in rows} - {None}) < 2:
                continue
            parts = split_by_term(key, [row[2] for row in rows])
            if len(parts) > 1:
                by_term: dict[str, str] = {}
                by_date: dict[str, str] = {}
                for new_key, (term, members) in parts.items():
                    terms[new_key] = term
                    for c in members:
                        if term_of(c):
                            by_term[term_of(c)] = new_key
                        elif _get(c, "date"):
                            by_date[_get(c, "date")] = new_key
                routes[key] = (by_term, by_date)

        def route(c: Any) -> str | None:
            raw_key = _get(c, "key")
            key = aliases.get(raw_key, raw_key) if raw_key else raw_key
            if key in routes:
                by_term, by_date = routes[key]
                return by_term.get(term_of(c)) or by_date.get(_get(c, "date")) or key
            return key
        mentions: dict[str, list[Mention]] = {}
        cites: dict[str, list[Any]] = {}
        routed: dict[int, tuple[Any, str | None]] = {}  # key_of's memo, filled here (see key_of)
        slugs: dict[str, str] = {}
        origins: dict[str, list[tuple[str | None, int]]] = {}  # key -> (token, index) of its citations
        for r, i, c, raw_key, date, text, anchor, context, slug, issuer in keyed:
            key = aliases.get(raw_key, raw_key)  # route(c), its fields already read
            if key in routes:
                by_term, by_date = routes[key]
                key = by_term.get(term_in(issuer)) or by_date.get(date) or key
            routed[id(c)] = (c, key)
            token = r.token
            if merged is not None:
                origins.setdefault(key, []).append((token, i))
            found = mentions.get(key)
            if found is None:
                found = mentions[key] = []
                cites[key] = []
            found.append(Mention(r, text or "", anchor or None, context or "", date, (token, i) if token else None))
            cites[key].append(c)
            if key not in slugs:
                if raw_key == key:
                    slugs[key] = slug or slugify(key)
                elif key in terms:
                    slugs[key] = f"{slug or slugify(raw_key)}-khoa-{terms[key].lower()}"
        for key in mentions:
            slugs.setdefault(key, slugify(key))
        used: dict[str, str] = {}
        documents: dict[str, CitedDocument] = {}
        for key in sorted(mentions, key=lambda k: (slugs[k], k)):
            slug = slugs[key] or "van-ban"
            candidate, n = slug, 1
            while candidate in used:
                n += 1
                candidate = f"{slug}-{n}"
            used[candidate] = key
            doc = CitedDocument(
                key=key,
                path=f"van-ban/{candidate}.md",
                description=_merge_memo(cites[key], origins.get(key), merged),
                mentions=mentions[key],
                report=by_key.get(key),
            )
            dates = doc.dates
            if len(dates) > 1:
                # Reports disagree on the date: the page lists each date with its sources.
                doc.description["date"] = _agreed_date(dates)
                doc.description["text"] = describe_text({f: doc.description.get(f) for f in DESCRIPTION_FIELDS}, key)
            documents[key] = doc
        # First-citation order is friendlier than slug order for iteration.
        first_seen = {k: i for i, k in enumerate(mentions)}
        documents = dict(sorted(documents.items(), key=lambda kv: first_seen[kv[0]]))
        for key, term in terms.items():
            if key in documents and key != key.split(" (khóa ")[0]:
                documents[key].term = term
        catalog = cls(ordered, documents)
        catalog.aliases = aliases
        catalog._route = route
        catalog._routes = routes
        catalog._keys = routed
        return catalog

    def key_of(self, citation: Any) -> str | None:
        """The identity a citation counts under here: its key, the variant key it meets in,
        or the key of its term when one Party number names two terms."""
        # Memoized per citation object (report_sections asks it for every citation of a report
        # once per document the report cites: 600,000 routings at 1,000 reports).  The object is
        # kept in the entry, so its id cannot be reused by another while the entry exists.
        hit = self._keys.get(id(citation))
        if hit is not None and hit[0] is citation:
            return hit[1]
        if self._route is not None:
            key = self._route(citation)
        else:
            key = _get(citation, "key")
            key = self.aliases.get(key, key) if key else key
        self._keys[id(citation)] = (citation, key)
        return key

    def document_of(self, citation: Any) -> CitedDocument | None:
        """The :class:`CitedDocument` of ``citation``, or None."""
        return self.documents.get(self.key_of(citation))

    def description_in(self, report: ReportEntry, doc: CitedDocument) -> str:
        """One-line description of ``doc`` as ``report`` cites it: the corpus-wide
        description with the date this report gives (each citing report keeps its own date);
        without one, the date the reports agree on, if any."""
        from converters.lexicon.citations import choose_value

        own = self._dates_in(report).get(doc.key)
        fields = {f: doc.description.get(f) for f in DESCRIPTION_FIELDS}
        if own:
            # merge(own)["date"], without merging the other fields (a merge per cited document
            # of every report was a quarter of a rebuild's catalog time)
            fields["date"] = choose_value(own)
        try:  # the reports citing one document mostly give it one date: one line made once
            return _describe_memo(tuple(fields.values()), doc.key)
        except TypeError:  # a value that does not hash
            return describe_text(fields, doc.key)

    def _dates_in(self, report: ReportEntry) -> dict[str | None, list[str]]:
        """``{key_of(c): [dates of those citations, in order]}`` of ``report``'s dated citations
        (memoized per report: ``description_in`` asks it once per document the report cites)."""
        hit = self._dates.get(id(report))
        if hit is not None and hit[0] is report:
            return hit[1]
        out: dict[str | None, list[str]] = {}
        for c in report.citations:
            date = _get(c, "date")
            if date:
                out.setdefault(self.key_of(c), []).append(date)
        self._dates[id(report)] = (report, out)
        return out

    def resolve(self, citation: Any) -> str | None:
        """Docs-relative link target of ``citation``: the report we hold, or the cited-document page."""
        doc = self.document_of(citation)
        return doc.target if doc else None

    def outgoing(self, report: ReportEntry) -> list[CitedDocument]:
        """Documents ``report`` cites, distinct, in first-citation order."""
        out: dict[str, CitedDocument] = {}
        for c in report.citations:
            key = self.key_of(c)
            if key in self.documents and key not in out:
                out[key] = self.documents[key]
        return list(out.values())

    def incoming(self, report: ReportEntry) -> list[Mention]:
        """Citations of ``report`` by other reports of the corpus (corpus order)."""
        if not report.key or report.key not in self.documents:
            return []
        return [m for m in self.documents[report.key].mentions if m.report.path != report.path]

    def to_json(self, url_of=None) -> dict[str, Any]:
        """The ``catalog.json`` document (see ``schema/catalog.schema.json``).

        Every page is given twice: ``page``, the docs-relative Markdown path
        (``bao-cao/kon-tum/2016-bao-cao-111-bc-tu.md``), and ``url``, the
        site-relative URL made by ``url_of(page)`` (default: the path).
        Records are :meth:`report_record` and :meth:`document_record`.
        """
        url_of = url_of or (lambda p: p)
        return {
            "version": 1,
            "reports": [self.report_record(r, url_of) for r in self.reports],
            "documents": [self.document_record(d, url_of) for d in self.documents.values()],
        }

    def report_record(self, r: ReportEntry, url_of: Callable[[str], str]) -> dict[str, Any]:
        """The ``reports`` record of ``r`` in :meth:`to_json`: its page, key, front matter, the
        documents it cites (per citation) and its citations by other reports (``cited_by``, last:
        :meth:`report_head` and :func:`mention_record` of each of :meth:`incoming`)."""
        record = self.report_head(r, url_of)
        record["cited_by"] = [mention_record(m, url_of) for m in self.incoming(r)]
        return record

    def report_head(self, r: ReportEntry, url_of: Callable[[str], str]) -> dict[str, Any]:
        """:meth:`report_record` of ``r`` but its ``cited_by`` (the fields before it, in order)."""
        cites = []
        for c in r.citations:
            doc = self.document_of(c)
            if doc is None:
                continue
            cites.append(
                {
                    "key": doc.key,
                    "text": _get(c, "text") or "",
                    "anchor": _get(c, "anchor"),
                    "page": doc.target,
                    "url": url_of(doc.target),
                }
            )
        return {
            "page": r.path,
            "url": url_of(r.path),
            "key": r.key,
            "meta": r.meta,
            "cites": cites,
        }

    def document_record(self, d: CitedDocument, url_of: Callable[[str], str]) -> dict[str, Any]:
        """The ``documents`` record of ``d`` in :meth:`to_json`: its key, page, the report that is
        it, its merged description and every citation of it (``cited_by``, last:
        :meth:`document_head` and :func:`mention_record` of each of ``d.mentions``)."""
        record = self.document_head(d, url_of)
        record["cited_by"] = [mention_record(m, url_of) for m in d.mentions]
        return record

    def document_head(self, d: CitedDocument, url_of: Callable[[str], str]) -> dict[str, Any]:
        """:meth:`document_record` of ``d`` but its ``cited_by`` (the fields before it, in order)."""
        return {
            "key": d.key,
            "page": d.path,
            "url": url_of(d.path),
            "report": d.report.path if d.report else None,
            "description": {f: d.description.get(f) for f in DESCRIPTION_FIELDS},
            "text": d.text,
        }


def mention_record(m: Mention, url_of: Callable[[str], str]) -> dict[str, Any]:
    """One ``cited_by`` item of ``catalog.json``: the citing page, its URL (with the anchor), the citation."""
    return {
        "page": m.report.path,
        "url": url_of(m.report.path) + (f"#{m.anchor}" if m.anchor else ""),
        "text": m.text,
        "anchor": m.anchor,
        "context": m.context,
        "date": m.date,
    }


def newest_first_key(report: ReportEntry) -> tuple:
    """Sort key: dated reports newest first, then undated; ties by page path."""
    date = report.meta.get("date")
    date = str(date) if date else ""
    # Invert the date's characters so that a plain ascending sort puts the newest first.
    inverted = "".join(chr(0x10FFFF - ord(ch)) for ch in date)
    return (0 if date else 1, inverted, report.path)
