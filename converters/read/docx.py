"""Word ``.docx`` files to the converter's input text (through python-docx).

What the file knows and a text export loses (issue 12): the header's table
cells, bold and italic runs, Word's own footnotes and endnotes with their
anchors, list labels that Word generates, tables.  This reader walks the
body in order (paragraphs and tables) and hands :mod:`converters.read.emit`
a list of items:

- a table before the first body paragraph is the header (Nghị định 30/2020/
  NĐ-CP Phụ lục I; Hướng dẫn 36-HD/VPTW: issuer | national heading, number |
  place and date): its columns are kept side by side;
- a table holding ``Nơi nhận`` or a signature authority (``T/M``, ``KT.``...)
  is the closing part: signature cells, then the recipients;
- any other table is a data table, every cell kept;
- a footnote or endnote reference becomes a numbered reference, its text a
  definition (endnotes are numbered after the footnotes so labels stay unique);
  in a file with such notes a ``[n]`` typed in the text is escaped
  (``emit.literal_brackets``): it is text, not one of those references;
- numbering (``w:numPr`` on the paragraph or its style) becomes the label Word
  prints: ``-`` for bullets, ``1.``/``a)``/``I.`` from the level's ``numFmt``
  and ``lvlText`` in ``numbering.xml``, counted per list and level.

python-docx has no API for footnotes, endnotes or computed list labels, so
those few parts are read from the package's XML with python-docx's own
parts and ``lxml`` (a python-docx dependency).
"""

from __future__ import annotations

import io
import re

from converters.errors import InputError
from converters.read import emit

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + W + "}"
RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
RT_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"

#: A cell that opens the closing part (recipients or a signature authority).
_END_CELL = re.compile(r"(?i)^\W*(?:n[ơo]i\s+nh[ậa]n|T/M|K/T|TM\.|KT\.|TL\.|TUQ\.)")


def _need_library():
    try:
        import docx  # noqa: F401  (python-docx)
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise InputError(
            "",
            "thiếu thư viện python-docx để đọc tệp Word (.docx)",
            "cài phần đọc định dạng: pip install -e '.[formats]'",
        ) from exc
    return docx


def read_docx(data: bytes, source: str) -> tuple[str, dict]:
    """Read the bytes ``data`` of the ``.docx`` file ``source``; returns ``(text, info)``.

    ``text`` is in the encodings of :mod:`converters.read.emit`; ``info`` is
    ``{"source_format": "docx", "footnotes": n}``.  Raises
    :class:`~converters.errors.InputError` naming ``source`` when the file is
    not a readable Word document or python-docx is missing.
    """
    docx = _need_library()
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for damaged packages
        raise InputError(
            source,
            f"không mở được tệp Word ({type(exc).__name__})",
            "mở tệp bằng Word, lưu lại dạng .docx rồi thêm lại",
        ) from exc
    notes: dict[str, list[str]] = {}
    labels = {}
    for reltype, kind in ((RT_FOOTNOTES, "footnote"), (RT_ENDNOTES, "endnote")):
        for note_id, paras in _notes(document, reltype, kind):
            label = str(len(labels) + 1)
            labels[(kind, note_id)] = label
            # A "[2]" typed in a note's own text is no reference either (see _paragraph_text).
            notes[label] = [emit.literal_brackets(p) for p in paras]
    numbering = _Numbering(document)
    items: list[emit.Item] = []
    seen_body = False  # any text yet (a table before it is the header)
    title: emit.Item | None = None  # the centred type and subject lines, one block
    in_body = False  # past the title
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            cells = _table_cells(block, labels, numbering)
            flat = [line for row in cells for c in row for line in c]
            if not seen_body and max(len(r) for r in cells) >= 2:
                for row in cells:  # each header row: its columns side by side
                    items.append(emit.Item("columns", cells=[list(c) for c in row]))
            elif any(_END_CELL.match(x) for x in flat):
                sig, rec = [], []
                for row in cells:
                    for c in row:
                        (rec if c and re.match(r"(?i)^\W*n[ơo]i\s+nh[ậa]n", c[0]) else sig).extend(c)
                items.append(emit.Item("end", cells=[*emit.signature_blocks(sig), rec]))
            else:
                items.append(emit.Item("table", rows=[[" ".join(c) for c in row] for row in cells]))
            seen_body = seen_body or bool(flat)
            in_body = in_body or (title is not None and bool(flat))
            continue
        text = _paragraph_text(block, labels, numbering)
        if not text.strip():
            continue
        seen_body = True
        if not in_body and _centred(block):
            # Type and subject print centred below the header (Nghị định 30/2020 Phụ lục I):
            # one block, one printed line per paragraph, as header.py reads them.
            if title is None:
                title = emit.Item("para", lines=[])
                items.append(title)
            title.lines.append(text)
            continue
        in_body = in_body or title is not None
        items.append(emit.Item("para", text=text))
    return emit.text(items, notes), {"source_format": "docx", "footnotes": len(notes)}


def _centred(paragraph) -> bool:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    style = paragraph.style
    align = paragraph.alignment
    while align is None and style is not None:
        align = style.paragraph_format.alignment
        style = style.base_style
    return align == WD_ALIGN_PARAGRAPH.CENTER


def _table_cells(table, labels, numbering) -> list[list[list[str]]]:
    """``rows -> cells -> paragraph texts`` of a table (merged cells once)."""
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append([t for p in cell.paragraphs if (t := _paragraph_text(p, labels, numbering).strip())])
        rows.append(cells)
    return rows or [[]]


def _paragraph_text(paragraph, labels, numbering) -> str:
    """A paragraph's text with ``**``/``*`` emphasis, footnote references and its list label."""
    pieces: list[tuple[str, bool, bool]] = []  # (text, bold, italic); references as ("\0label", ...)
    for run_el in paragraph._p.iter(_W + "r"):
        if run_el.getparent().tag not in (_W + "p", _W + "hyperlink", _W + "ins", _W + "smartTag"):
            continue
        note = run_el.find(_W + "footnoteReference")
        kind = "footnote"
        if note is None:
            note = run_el.find(_W + "endnoteReference")
            kind = "endnote"
        if note is not None:
            label = labels.get((kind, note.get(_W + "id")))
            if label:
                pieces.append(("\0" + label, False, False))
            continue
        from docx.text.run import Run

        run = Run(run_el, paragraph)
        txt = "".join(
            "\t" if el.tag == _W + "tab" else "\n" if el.tag in (_W + "br", _W + "cr") else (el.text or "")
            for el in run_el
            if el.tag in (_W + "t", _W + "tab", _W + "br", _W + "cr")
        )
        if txt:
            pieces.append((txt, bool(run.bold), bool(run.italic)))
    style_bold = _style_flag(paragraph, "bold")
    merged: list[list] = []
    for txt, b, i in pieces:
        if txt.startswith("\0"):
            merged.append([txt, None, None])
            continue
        b = b or style_bold
        if merged and merged[-1][1] == b and merged[-1][2] == i:
            merged[-1][0] += txt
        else:
            merged.append([txt, b, i])
    if labels:
        # The file has Word footnotes, written as "[n]" references: a "[3]" typed in the text
        # is text, escaped so that the footnotes step does not take it for one of them.
        merged = [[t if b is None else emit.literal_brackets(t), b, i] for t, b, i in merged]
    out = "".join(emit.ref(t[1:]) if b is None else emit.emphasis(t, b, i) for t, b, i in merged)
    out = out.replace("\n", " ").strip()
    label = numbering.label(paragraph)
    if label and out:
        out = f"{label} {out}"
    return out


def _style_flag(paragraph, name: str) -> bool:
    style = paragraph.style
    while style is not None:
        value = getattr(style.font, name)
        if value is not None:
            return bool(value)
        style = style.base_style
    return False


def _notes(document, reltype: str, kind: str):
    """``(id, [paragraph texts])`` of every real footnote or endnote (separators skipped)."""
    from lxml import etree

    for rel in document.part.rels.values():
        if rel.reltype != reltype or rel.is_external:
            continue
        root = etree.fromstring(rel.target_part.blob)
        for note in root.iter(_W + kind):
            if note.get(_W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            paras = []
            for p in note.iter(_W + "p"):
                parts = []
                for r in p.iter(_W + "r"):
                    if r.find(_W + "footnoteRef") is not None or r.find(_W + "endnoteRef") is not None:
                        continue
                    parts.append("".join(t.text or "" for t in r.iter(_W + "t")))
                text = re.sub(r"\s+", " ", "".join(parts)).strip()
                if text:
                    paras.append(text)
            yield note.get(_W + "id"), paras


class _Numbering:
    """List labels Word generates, from ``numbering.xml`` (ECMA-376 §17.9)."""

    _ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))

    def __init__(self, document) -> None:
        self.levels: dict[tuple[str, str], tuple[str, str, int]] = {}
        self.counters: dict[tuple[str, str], int] = {}
        try:
            part = document.part.numbering_part
        except (KeyError, NotImplementedError, AttributeError):
            return
        root = part.element
        abstract = {}
        for an in root.iter(_W + "abstractNum"):
            lvls = {}
            for lvl in an.iter(_W + "lvl"):
                fmt = lvl.find(_W + "numFmt")
                txt = lvl.find(_W + "lvlText")
                start = lvl.find(_W + "start")
                lvls[lvl.get(_W + "ilvl")] = (
                    fmt.get(_W + "val") if fmt is not None else "decimal",
                    txt.get(_W + "val") if txt is not None else "",
                    int(start.get(_W + "val")) if start is not None else 1,
                )
            abstract[an.get(_W + "abstractNumId")] = lvls
        for num in root.iter(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            if ref is None:
                continue
            for ilvl, spec in abstract.get(ref.get(_W + "val"), {}).items():
                self.levels[(num.get(_W + "numId"), ilvl)] = spec

    def _num_pr(self, paragraph):
        pPr = paragraph._p.pPr
        if pPr is not None and pPr.numPr is not None:
            return pPr.numPr
        style = paragraph.style
        while style is not None:
            spPr = style.element.pPr
            if spPr is not None and spPr.numPr is not None:
                return spPr.numPr
            style = style.base_style
        return None

    def label(self, paragraph) -> str:
        """The printed label of ``paragraph`` (``"-"``, ``"2."``, ``"b)"``...), or ``""``."""
        num_pr = self._num_pr(paragraph)
        if num_pr is None or num_pr.numId is None:
            return ""
        num_id = str(num_pr.numId.val)
        ilvl = str(num_pr.ilvl.val) if num_pr.ilvl is not None else "0"
        spec = self.levels.get((num_id, ilvl))
        if spec is None or num_id == "0":
            return ""
        fmt, text, start = spec
        if fmt == "bullet" or fmt == "none":
            return "-" if fmt == "bullet" else ""
        key = (num_id, ilvl)
        self.counters[key] = self.counters.get(key, start - 1) + 1
        for (nid, lv) in list(self.counters):  # a higher level restarts the deeper ones
            if nid == num_id and int(lv) > int(ilvl):
                del self.counters[(nid, lv)]

        def value(level: str) -> str:
            n = self.counters.get((num_id, level), self.levels.get((num_id, level), ("decimal", "", 1))[2])
            f = self.levels.get((num_id, level), ("decimal", "", 1))[0]
            return self._format(n, f)

        return re.sub(r"%(\d)", lambda m: value(str(int(m.group(1)) - 1)), text).strip()

    def _format(self, n: int, fmt: str) -> str:
        if fmt in ("lowerLetter", "upperLetter"):
            s = chr(ord("a") + (n - 1) % 26)
            return s.upper() if fmt == "upperLetter" else s
        if fmt in ("lowerRoman", "upperRoman"):
            out = ""
            for v, r in self._ROMAN:
                while n >= v:
                    out, n = out + r, n - v
            return out.lower() if fmt == "lowerRoman" else out
        return str(n)
