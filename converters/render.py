"""Rendering: the only place that writes Markdown and the only place that escapes.

Input: the front matter, the body blocks (``heading``, ``paragraph``,
``list_item``; each with ``data["inline"]`` and ``data["cites"]``) and the
footnote definitions.  Output: the page body as ``page-format.md`` has it —
one ``#`` title, the outline, paragraphs, lists, links for citations, the
signature block, the recipients, then ``[^n]:`` definitions.

Everything that came from the raw text is escaped: HTML special characters
become entities and Markdown's punctuation is backslash-escaped, so raw HTML,
links, images, attribute lists, snippet markers or front-matter fences in a
source appear as the literal text they are (issue [4/6] §3).
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable

from converters.frontmatter import dump_front_matter
from converters.inline import Inline, parse
from converters.lexicon.escape import md_escape
from converters.lexicon.slugs import slugify

Resolve = Callable[[object], "str | None"]

# Special only at the start of a block: headings, lists, admonitions, tabs, fences, tables.
_BLOCK_START = re.compile(r"^(?:(\d+)([.)])(?=\s|$)|([#\-+=!~|:]))")

#: The one escaping rule (``lexicon/escape.py``), under the name the steps use.
escape = md_escape

#: Python-Markdown's inline pass costs (markup in a paragraph) x (its length), and its
#: footnotes extension (footnotes on a page)^2 (``footnote_order.index`` per reference;
#: upstream Python-Markdown/markdown#798 and #161 for the inline pass): a small hostile page
#: took minutes (issue [0/6] 8).  Above these bounds, far beyond any report of the corpus, the
#: paragraph is written as plain HTML text and the footnotes as numbered paragraphs: every
#: word kept, rendered in linear time.
MAX_INLINE_MARKUP = 600  # the corpus's densest paragraph has 372; cost per MB grows with this bound
MAX_FOOTNOTES = 500
_MARKUP = re.compile(r"\\.|&(?:amp|lt|gt);|\[\^|\]\(|\*+")


def _plain_html(inl: Inline, anchor: str | None = None) -> str:
    """A paragraph as a raw HTML block of its text (references as plain superscripts)."""
    import html

    out, pos = [], 0
    for at, label in sorted(inl.refs):
        out += [html.escape(inl.plain[pos:at], quote=False), f"<sup>{html.escape(str(label))}</sup>"]
        pos = at
    out.append(html.escape(inl.plain[pos:], quote=False))
    text = " ".join("".join(out).split())
    attr = f' id="{html.escape(anchor)}"' if anchor else ""
    return f"<p{attr}>{text}</p>"


def _escape_para_start(md: str) -> str:
    """Escape what would make a block of the paragraph's first character.

    "1. Text" would start an ordered list that renumbers: the label stays as written.

    >>> print(_escape_para_start("1. Tình hình"), _escape_para_start("!!! note"), _escape_para_start("=== x"))
    1\\. Tình hình \\!!! note \\=== x
    """
    m = _BLOCK_START.match(md)
    if not m:
        return md
    if m.group(1):
        return m.group(1) + "\\" + m.group(2) + md[m.end() :]
    return "\\" + md


@functools.lru_cache(maxsize=4096)
def relative_link(target: str, page_path: str | None) -> str:
    """Link from the page at docs-relative ``page_path`` to docs-relative ``target``.

    Cached: a page links many times to the same few documents, and ``posixpath.relpath``
    (two ``abspath`` calls) is the cost of a link.

    >>> relative_link("van-ban/114-kl-tw.md", "bao-cao/kon-tum/2016-bao-cao-111.md")
    '../../van-ban/114-kl-tw.md'
    """
    base = posixpath.dirname(page_path or "bao-cao/trang.md")
    fragment = ""
    if "#" in target:
        target, fragment = target.split("#", 1)
        fragment = "#" + fragment
    # Both paths are docs-relative: anchored at "/", relpath needs no os.getcwd() call.
    return posixpath.relpath("/" + target, "/" + base) + fragment


class Renderer:
    """Writes one page; ``resolve(citation) -> docs-relative path | None`` picks link targets."""

    def __init__(self, page_path: str | None = None, resolve: Resolve | None = None) -> None:
        self.page_path = page_path
        self.resolve = resolve
        self.plain_refs = False

    def target(self, cite) -> str | None:
        if not getattr(cite, "key", ""):
            return None  # an unresolved short form: nothing to link to
        path = self.resolve(cite) if self.resolve else None
        return relative_link(path or f"van-ban/{cite.slug}.md", self.page_path)

    def inline(self, inl: Inline, cites: list) -> str:
        """Markdown for one inline run: escaped text, emphasis, links, ``[^n]`` references."""
        if not inl.marks and not inl.refs and not cites:
            # Most runs are plain text: one escaped piece (the general path gives the same).
            return escape(inl.plain) if inl.plain else ""
        # Each citation's target once: a link's text and its closer use the same target.
        links = [(c.start, c.end, t) for c in cites for t in (self.target(c),) if t]
        # A link never cuts an emphasis pair: a pair that crosses a link's edge is dropped.
        marks = [m for m in inl.marks if not any(s < m[0] < e < m[1] or m[0] < s < m[1] < e for s, e, _ in links)]
        # Spans (start, end, rank, opener, closer); at a shared position they nest: openers
        # outer (later end) first, closers inner (later start) first, so a pair that starts or
        # ends with a link's text stays inside or outside it whole ("[... 20**25**](...)").
        # A pair over exactly a link's text stays outside it ("*[Kết luận ...](...)*").
        spans = [(a, b, 0, tok, tok) for a, b, kind in marks for tok in ({"em": "*", "strong": "**", "strongem": "***"}[kind],)]
        spans += [(s, e, 1, "[", f"]({t})") for s, e, t in links]
        events: dict[int, list[tuple[tuple[int, int], str]]] = {}
        closers: dict[int, list[tuple[tuple[int, int], str]]] = {}
        for a, b, rank, opener, closer in spans:
            events.setdefault(a, []).append(((-b, rank), opener))
            closers.setdefault(b, []).append(((-a, -rank), closer))
        ends_at = {pos: [tok for _, tok in sorted(items, key=lambda t: t[0])] for pos, items in closers.items()}
        refs: dict[int, list[str]] = {}
        for pos, label in inl.refs:
            # Past MAX_FOOTNOTES a reference is a plain superscript (see body()).
            refs.setdefault(pos, []).append(f"<sup>{escape(str(label))}</sup>" if self.plain_refs else f"[^{label}]")
        cuts = sorted(set(events) | set(ends_at) | set(refs) | {0, len(inl.plain)})
        out: list[str] = []
        for i, pos in enumerate(cuts):
            # Closers first (inner before outer), then references, then openers.
            for tok in ends_at.get(pos, []):
                out.append(tok)
            out.extend(refs.get(pos, []))
            for _, tok in sorted(events.get(pos, []), key=lambda t: t[0]):
                out.append(tok)
            if i + 1 < len(cuts):
                out.append(escape(inl.plain[pos : cuts[i + 1]]))
        # (A re.sub here put every "*"-run and its spaces back unchanged: removed, it cost
        # a third of this function's time.)
        return "".join(out)

    def cell(self, text: str, parsed: tuple | None = None) -> str:
        """One table cell: inline Markdown on one line, pipes escaped (``\\|``).

        ``parsed`` is the cell's ``(inline, citations)`` from the citations step
        (links to cited documents); without it the raw text is parsed here.
        """
        inl, cites = parsed if parsed else (parse(text), [])
        md = self.inline(inl, cites)
        return md.replace("|", "\\|").replace("\n", " ") or " "

    def table(self, rows: list[list[str]], cells: list | None = None) -> str:
        """A pipe table (Python-Markdown ``tables``): the first row as its head, every cell kept.

        >>> print(Renderer().table([["TT", "Nội dung"], ["1", "a | b"]]))
        | TT | Nội dung |
        | --- | --- |
        | 1 | a \\| b |
        """
        width = max(len(r) for r in rows)
        out = []
        for n, row in enumerate(rows):
            parsed = cells[n] if cells and n < len(cells) else [None] * len(row)
            cells_md = [self.cell(c, p) for c, p in zip(row, parsed)] + [" "] * (width - len(row))
            out.append("| " + " | ".join(cells_md) + " |")
            if n == 0:
                out.append("| " + " | ".join(["---"] * width) + " |")
        return "\n".join(out)

    def body(self, meta: dict, blocks: list, footnotes: dict, unreferenced: list[str], signers_md: str) -> str:
        """The page body (everything after the front matter)."""
        lines = [f"# {escape(meta.get('doc_type') or '')} {escape(meta.get('title') or '')}".strip(), ""]
        in_list = False
        closing_written = False
        recipients = meta.get("recipients") or []
        plain_refs = self.plain_refs = len(footnotes) > MAX_FOOTNOTES
        for b in blocks:
            if b.kind == "signature":
                lines += [signature_markdown(b.data.get("signers") or []), ""]
                continue
            if b.data.get("attachment_title") and not closing_written:
                # The main document's signature and recipients close it, before what it attaches.
                lines += _closing(signers_md, recipients)
                closing_written = True
            inl: Inline = b.data["inline"]
            md = self.inline(inl, b.data.get("cites", []))
            anchor = b.data.get("anchor")
            if b.kind == "table":
                in_list = False
                lines += [self.table(b.data["rows"], b.data.get("cells")), ""]
            elif b.kind == "heading":
                if in_list:
                    in_list = False
                lines += [f"{'#' * b.level} {md}", ""]
            elif b.kind == "list_item":
                # attr_list takes a block's attributes from a line of their own at its end.
                # A "+" item under a "-" item (legal texts, raw-artifacts.md §13) nests one level.
                pad = "    " * b.data.get("depth", 0)
                lines += [f"{pad}- {md}" + (f"\n{pad}    {{: #{anchor} }}" if anchor else ""), ""]
                in_list = True
            elif not md.strip():
                in_list = False  # nothing but markers ("__" left of a rule line): no paragraph
            elif len(md) > MAX_INLINE_MARKUP and len(_MARKUP.findall(md)) > MAX_INLINE_MARKUP:
                # (Each piece of markup is one character or more: a shorter paragraph has fewer.)
                in_list = False
                lines += [_plain_html(inl, anchor), ""]
            else:
                in_list = False
                lines += [_escape_para_start(md) + (f"\n{{: #{anchor} }}" if anchor else ""), ""]
        if unreferenced and not plain_refs:
            refs = ", ".join(f"[^{label}]" for label in unreferenced)
            lines += [f"*Chú thích không rõ vị trí dẫn trong bản gốc:* {refs}", ""]
        if not closing_written:
            lines += _closing(signers_md, recipients)
        if plain_refs:  # too many for the footnotes extension: numbered paragraphs under a heading
            lines += ["## Chú thích", ""]
            for label, paras in footnotes.items():
                for n, (inl, _cites) in enumerate(paras):
                    head = Inline(inl.plain, [], [(0, label)] if n == 0 else [])
                    lines += [_plain_html(head), ""]
            return "\n".join(lines).rstrip() + "\n"
        for label, paras in footnotes.items():
            first, *rest = paras
            lines.append(f"[^{label}]: {self.inline(*first)}")
            for inl, cites in rest:
                lines += ["", "    " + _escape_para_start(self.inline(inl, cites))]
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"


def _closing(signers_md: str, recipients: list[str]) -> list[str]:
    """Markdown lines of the signature blocks and the "Nơi nhận" list."""
    lines: list[str] = []
    if signers_md:
        lines += [signers_md, ""]
    if recipients:
        lines += ["**Nơi nhận:**", ""]
        lines += [f"- {escape(r)}" for r in recipients]
        lines += [""]
    return lines


def _note_parts(note: str) -> tuple[str, str]:
    """A signer's note cut into the label above the block and the bracketed notes in it.

    >>> _note_parts("Xác thực văn bản hợp nhất"), _note_parts("(Đã ký)"), _note_parts("A (Đã ký) B")
    (('Xác thực văn bản hợp nhất', ''), ('', '(Đã ký)'), ('A B', '(Đã ký)'))
    """
    bracketed = re.findall(r"\([^()]*\)", note)
    label = re.sub(r"\s+", " ", re.sub(r"\([^()]*\)", " ", note)).strip()
    return label, " ".join(bracketed)


#: Where a role joins stacked authority lines (``endmatter`` joins them with ``", "``): a comma
#: before the next authority prefix (NĐ 30/2020/NĐ-CP Phụ lục I §7: ``TM.``, ``KT.``, ``TL.``,
#: ``TUQ.``, ``Q.``, ``PP.``; HD 36-HD/VPTW: ``T/M``, ``K/T``, ``T/L``), dot optional as the
#: end matter reads it.  A comma inside a body's name ("BAN CHÍNH SÁCH, THUẾ QUỐC TẾ") is no such place.
_ROLE_LINES = re.compile(r",\s+(?=(?:T/M|K/T|T/L|P/P|TM|KT|TL|TUQ|PP|Q)(?:\.\s*|\s+)\S)")


def role_lines(role: str) -> list[str]:
    """A signer's ``role`` as its printed authority lines, top to bottom.

    NĐ 30/2020/NĐ-CP Phụ lục I (mẫu chữ ký) prints each authority on a line of its own,
    ``TM. ỦY BAN NHÂN DÂN`` over ``KT. CHỦ TỊCH``; the front matter keeps them as one
    string joined with ``", "``.

    >>> role_lines("TM. Ủy ban nhân dân, KT. Chủ tịch")
    ['TM. Ủy ban nhân dân', 'KT. Chủ tịch']
    >>> role_lines("TL. Cục trưởng, KT. Trưởng ban Ban Chính sách, Thuế quốc tế")
    ['TL. Cục trưởng', 'KT. Trưởng ban Ban Chính sách, Thuế quốc tế']
    >>> role_lines("KT. Bộ trưởng, Chủ nhiệm"), role_lines("TL Bộ trưởng, KT Cục trưởng")
    (['KT. Bộ trưởng, Chủ nhiệm'], ['TL Bộ trưởng', 'KT Cục trưởng'])
    """
    return [line for line in _ROLE_LINES.split(role) if line]


def signature_markdown(signers: list[dict]) -> str:
    """Signature blocks as printed (authority and title in capitals, then the name).

    Each block is a paragraph with the class ``chu-ky`` (attr_list), so the
    theme's CSS can set blocks side by side at the end of the page.

    A signer's ``note`` goes where the source prints it: a label without
    brackets heads the block, above the authority line (``XÁC THỰC VĂN BẢN
    HỢP NHẤT`` over a consolidated text's signature: Pháp lệnh hợp nhất văn
    bản quy phạm pháp luật 2012, Điều 6; Thông tư 01/2013/TT-BTP mẫu số 01),
    a note in brackets (``(Đã ký)``) stands where the signature is, between
    the title and the name.

    >>> print(signature_markdown([{"role": "KT. Bộ trưởng", "title": "Thứ trưởng", "name": "Võ Minh Lương",
    ...                            "note": "Xác thực văn bản hợp nhất (Đã ký)"}]))
    **XÁC THỰC VĂN BẢN HỢP NHẤT**  
    **KT. BỘ TRƯỞNG**  
    **THỨ TRƯỞNG**  
    *(Đã ký)*  
    Võ Minh Lương
    {: .chu-ky }
    """
    parts = []
    for s in signers:
        rows = []
        label, signed = _note_parts(s.get("note") or "")
        if label:
            rows.append(f"**{escape(label.upper())}**")  # printed in capitals like the authority line
        for line in role_lines(s.get("role") or ""):
            rows.append(f"**{escape(line.upper())}**")  # one authority a line, as printed
        if s.get("title"):
            rows.append(f"**{escape(s['title'].upper())}**")
        if signed:
            rows.append(f"*{escape(signed)}*")
        if s.get("name"):
            rows.append(escape(f"{s['rank']} {s['name']}" if s.get("rank") else s["name"]))
        if rows:
            parts.append("  \n".join(rows) + "\n{: .chu-ky }")
    return "\n\n".join(parts)


def heading_anchor(text: str) -> str:
    """The id Python-Markdown's toc gives a heading (same ``slugify`` as ``mkdocs.yml``)."""
    return slugify(text, max_length=120)


class PageWriter:
    """How a :class:`~converters.model.Page` writes itself (set as ``page.writer``).

    A class of static methods so that a pickled page (the page cache) refers to
    it by name.
    """

    @staticmethod
    def front_matter(meta: dict) -> str:
        """The YAML front matter block (``---`` fenced) of ``meta``."""
        return dump_front_matter(meta)

    @staticmethod
    def page(page, page_path: str | None = None, resolve: Callable | None = None) -> str:
        """Front matter + body, the body written again for ``page_path`` and ``resolve``."""
        body = Renderer(page_path, resolve).body(page.meta, **page.parts) if page.parts else page.body
        return dump_front_matter(page.meta) + "\n" + body
