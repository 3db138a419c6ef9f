"""Make Word, PDF and scanned copies of real reports, for the format readers.

Usage::

    python benchmarks/make_formats.py [OUT] [--no-pdf] [--no-scan] [--only ID ...]
                                      [--fixtures tests/data/formats]

There are no real ``.docx`` files or scans in the repository, so this writes
them from real text (issue 12): the five samples of ``raw/`` and ten documents
of ``../shared/corpus/real/raw/`` of different shapes (Báo cáo, Kế hoạch,
Công văn, Công điện, Quyết định, Nghị quyết, Thông báo; with and without
footnotes).  Each document is laid out as offices print them (Nghị định
30/2020/NĐ-CP Phụ lục I; Hướng dẫn 36-HD/VPTW): a borderless two-column
header table (issuer | national heading; number | place and date), the
centred bold type and subject, bold headings, justified paragraphs, real Word
footnotes, bullet lists with Word numbering, and the closing two-column table
(Nơi nhận | signature block).

For each document ``OUT`` (default ``benchmarks/out/formats/``, git-ignored)
gets ``<id>.docx``, ``<id>.pdf`` (LibreOffice headless prints the docx),
``<id>-300.png`` / ``<id>-150.tif`` (first pages rendered by pdftoppm, then
rotated by a fraction of a degree and given light noise with Pillow: what a
flatbed scanner gives) and ``manifest.json`` with what each file should yield
(number, date, place, doc_type, footnotes, the plain text for the OCR
character error rate).

Where the truth comes from: for the samples, from the converter's reading of
the text form (the reviewed golden pages); for corpus documents, from their
header cells (the corpus puts each header cell between lone ``|`` lines).

Deterministic: the same input gives the same docx bytes (zip timestamps are
fixed) and the same noise (seeded per document id); the PDF bytes carry
LibreOffice's creation date, their text does not change.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "real", "raw")
#: Corpus documents of different shapes (type, length, footnotes, legal structure).
CORPUS_IDS = (
    "1871c6bc374a0bc4",  # Công văn, V/v subject, Kính gửi
    "a328fbb46798c2b5",  # Công điện of the Prime Minister
    "1095764e502a89b8",  # Công điện with [n] footnotes
    "cd5874640909d75c",  # Quyết định with a footnote
    "8966c59f782e4081",  # with a footnote in a heading
    "386a3bae0faac998",  # Công văn answering a citizen
    "f8fd04822ed1cb70",  # Quyết định of a ministry
    "2f6f80b9918e52de",  # Kế hoạch
    "98be6e047028fade",  # Thông báo
    "ccb7cba554ea36d2",  # Nghị quyết
)


# ---------------------------------------------------------------- models
# A document model: {"id", "issuers": [upper lines], "national": [lines],
# "number_lines": [...], "place_date", "doc_type_line", "title_lines",
# "body": [("heading"|"para"|"item", text)], "footnotes": {label: text},
# "signature": [lines], "recipients": [lines], "truth": {...}}.
# Inline text uses ``**bold**``, ``*italic*`` and ``[^n]`` references.

_LINK = re.compile(r"\[([^\]^][^\]]*)\]\([^)]*\)")
_ESC = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


def _md_plain(text: str) -> str:
    return _ESC.sub(r"\1", _LINK.sub(r"\1", text))


def sample_model(path: str) -> dict:
    """The model of a sample from the converter's page of its text form."""
    from converters import convert_file

    page = convert_file(path, ROOT)
    meta = page.meta
    body, footnotes = [], {}
    lines = page.body.split("\n")
    i = 0
    current_fn = None
    in_end = False
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.startswith("{:") or not line.strip():
            current_fn = None if not line.startswith("    ") else current_fn
            continue
        m = re.match(r"^\[\^(\w+)\]:\s*(.*)$", line)
        if m:
            current_fn = m.group(1)
            footnotes[current_fn] = _md_plain(m.group(2))
            continue
        if line.startswith("    ") and current_fn:
            footnotes[current_fn] += "\n" + _md_plain(line.strip())
            continue
        if line.startswith("# "):
            continue
        if line.startswith("**Nơi nhận") or "{: .chu-ky }" in "\n".join(lines[i : i + 4]) and line.startswith("**"):
            in_end = True
        if in_end:
            continue
        m = re.match(r"^(#{2,6})\s+(.*)$", line)
        if m:
            body.append(("heading", _md_plain(m.group(2))))
        elif line.startswith("- "):
            body.append(("item", _md_plain(line[2:])))
        else:
            body.append(("para", _md_plain(line)))
    signature = []
    for s in meta.get("signers") or []:
        signature += [x.upper() for x in (s.get("role"), s.get("title")) if x] + ["", "", s.get("name") or ""]
        signature.append("")
    recipients = [f"- {r};" for r in meta.get("recipients") or []]
    if recipients:
        recipients[-1] = recipients[-1][:-1] + "."
        recipients.insert(0, "Nơi nhận:")
    number = meta.get("number")
    sym = "Số:" if "/" in (number or "") and re.search(r"/\d{4}/|/[A-Z]+-UBND|/KH-|/QĐ-", number or "") else "Số"
    from converters.dates import vietnamese_date

    place_date = f"{meta['place']}, {vietnamese_date(meta['date'])}" if meta.get("place") and meta.get("date") else ""
    return {
        "id": os.path.splitext(os.path.basename(path))[0],
        "from": os.path.relpath(path, ROOT),
        "issuers": [x.upper() for x in meta.get("issuers") or []],
        "national": list(meta.get("national_heading") or ["ĐẢNG CỘNG SẢN VIỆT NAM"]),
        "number_lines": [f"{sym} {number}"] if number else [],
        "place_date": place_date,
        "doc_type_line": (meta.get("doc_type") or "").upper(),
        "title_lines": [meta.get("title") or ""],
        "body": body,
        "footnotes": footnotes,
        "signature": signature[:-1],
        "recipients": recipients,
        "truth": {k: meta.get(k) for k in ("number", "date", "place", "doc_type", "province")},
    }


_CELL = re.compile(r"^\|\s*$")
_NEW_PARA = re.compile(
    r"^(?:\*\*|[-+•]\s|\d+(?:\.\d+)*[.)]\s|[a-zđ]\)\s|[IVXLC]+[.\-]\s|Điều\s+\d|Chương\s+[IVXLC\d]|Mục\s+\d|Phần\s|\*?Căn cứ|Kính gửi|\[\d+\])"
)
_DOC_TYPES = ("QUYẾT ĐỊNH", "KẾ HOẠCH", "CÔNG ĐIỆN", "BÁO CÁO", "NGHỊ QUYẾT", "THÔNG BÁO", "HƯỚNG DẪN", "CHỈ THỊ", "KẾT LUẬN", "TỜ TRÌNH", "CHƯƠNG TRÌNH", "THÔNG TƯ", "QUY ĐỊNH")


def _unwrap(lines: list[str]) -> list[str]:
    """Hard-wrapped corpus lines to paragraphs (a new one after terminal punctuation or at a label)."""
    paras: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line or re.fullmatch(r"[-_*\s]+", line):
            if paras and paras[-1]:
                paras.append("")
            continue
        whole_bold = bool(paras and re.fullmatch(r"\*\*[^*]+\*\*", paras[-1]))
        # An upper-case title line is not continued by a sentence-case line.
        whole_bold = whole_bold or bool(paras and re.search(r"[A-ZÀ-ỸĐ]", paras[-1]) and paras[-1].upper() == paras[-1] and re.search(r"[a-zà-ỹđ]", line))
        if paras and paras[-1] and not whole_bold and not _NEW_PARA.match(line) and not re.search(r"[.:;!?]\**$|\./\.$", paras[-1]):
            paras[-1] += " " + line
        else:
            paras.append(line)
    return [p for p in paras if p]


def _balance(text: str) -> str:
    """Drop emphasis marks that the wrap left unpaired (the docx needs whole runs)."""
    if text.count("**") % 2:
        text = text.replace("**", "")
    if text.replace("**", "").count("*") % 2:
        text = text.replace("**", "\0").replace("*", "").replace("\0", "**")
    return text


def corpus_model(path: str) -> dict:
    """The model of a corpus document from its ``|``-separated cells."""
    from converters.dates import parse_place_date
    from converters.header import canonical_number, doc_type_from_number

    with open(path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    cells: list[list[str]] = [[]]
    for line in lines:
        if _CELL.match(line):
            cells.append([])
        else:
            cells[-1].append(line)
    cells = [[x for x in c if x.strip()] for c in cells]
    cells = [c for c in cells if c]
    clean = lambda s: re.sub(r"\s+", " ", s.replace("**", "").replace("*", "")).strip()  # noqa: E731
    issuers = [clean(x) for x in cells[0] if clean(x) and not re.fullmatch(r"[-_\s]+", x)]
    national_raw = [clean(x) for x in cells[1] if not re.fullmatch(r"[-_\s]+", x)]
    national = []
    for x in national_raw:  # rejoin "CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM"
        if national and x.isupper() and national[-1].isupper():
            national[-1] += " " + x
        else:
            national.append(x)
    issuers_joined = []
    for x in issuers:
        if issuers_joined and not re.search(r"\b(?:BỘ|ỦY BAN|UBND|CỤC|SỞ|BAN|VĂN PHÒNG|HỘI ĐỒNG|TỈNH|THÀNH)\b", x.split()[0]) and len(issuers_joined[-1]) < 20:
            issuers_joined[-1] += " " + x
        else:
            issuers_joined.append(x)
    number_cell = cells[2]
    number_lines = [clean(number_cell[0])]
    if len(number_cell) > 1:
        number_lines.append(clean(" ".join(number_cell[1:])))
    place_date = clean(" ".join(cells[3]))
    rest = cells[4:]
    body_lines: list[str] = []
    signature: list[str] = []
    recipients: list[str] = []
    footnote_lines: list[str] = []
    stage = "body"
    for cell in rest:
        head = clean(cell[0])
        if stage == "body" and head.lower().startswith("nơi nhận"):
            recipients = _unwrap([clean(x) for x in cell])
            stage = "end"
            continue
        if stage == "body":
            body_lines += cell + [""]
            continue
        if stage == "end" and not signature:
            signature = [clean(x) for x in cell]
            stage = "after"
            continue
        if stage == "after" and re.match(r"^\[\d+\]", head):
            footnote_lines += cell
            continue
        break
    footnotes = {}
    for para in _unwrap(footnote_lines):
        m = re.match(r"^\[(\d+)\]\s*(.*)$", para)
        if m:
            footnotes[m.group(1)] = clean(m.group(2))
    paras = _unwrap(body_lines)
    doc_type_line, title_lines, body = "", [], []
    for para in paras:
        plain = clean(para)
        if not doc_type_line and not body and plain in _DOC_TYPES:
            doc_type_line = plain
            continue
        if doc_type_line and not body and not title_lines and not plain.startswith(("Căn cứ", "Kính gửi")):
            title_lines = [plain]
            continue
        if title_lines and not body and plain.isupper() and not plain.endswith(":"):
            title_lines[-1] += " " + plain  # the subject's upper-case lines, set off by blank lines
            continue
        para = re.sub(r"\[(\d+)\]", lambda m: f"[^{m.group(1)}]" if m.group(1) in footnotes else m.group(0), para)
        para = _balance(para)
        if re.fullmatch(r"\*\*[^*]+\*\*", para) or (plain.isupper() and len(plain) < 120):
            body.append(("heading", para.strip("*")))
        elif re.match(r"^[-+•]\s", para):
            body.append(("item", para[2:].strip()))
        else:
            body.append(("para", para))
    number = re.sub(r"(?i)^số\s*:?\s*", "", number_lines[0])
    pd = parse_place_date(place_date)
    number = canonical_number(number)
    if doc_type_line:
        doc_type = doc_type_line.capitalize()
    elif any(re.match(r"(?i)v/v", x) for x in number_lines[1:]):
        doc_type = "Công văn"  # Nghị định 30/2020/NĐ-CP: a Công văn has "V/v" for its subject
    else:
        doc_type = doc_type_from_number(number)
    return {
        "id": os.path.splitext(os.path.basename(path))[0],
        "from": os.path.relpath(path, os.path.join(ROOT, "..")),
        "issuers": [x.upper() for x in issuers_joined],
        "national": national,
        "number_lines": number_lines,
        "place_date": place_date,
        "doc_type_line": doc_type_line,
        "title_lines": title_lines,
        "body": body,
        "footnotes": footnotes,
        "signature": signature,
        "recipients": recipients,
        "truth": {"number": number, "date": pd[1] if pd else None, "place": pd[0] if pd else None, "doc_type": doc_type},
    }


# ---------------------------------------------------------------- docx
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_INLINE = re.compile(r"(\*\*[^*]+\*\*|\*[^*]+\*|\[\^\w+\])")


def _xml_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _footnote_ref_run(paragraph, fid: int) -> None:
    from docx.oxml import parse_xml

    paragraph._p.append(
        parse_xml(
            f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{fid}"/></w:r>'
        )
    )


def _add_inline(paragraph, text: str, footnote_ids: dict, bold: bool = False) -> None:
    for part in _INLINE.split(text):
        if not part:
            continue
        m = re.fullmatch(r"\[\^(\w+)\]", part)
        if m and m.group(1) in footnote_ids:
            _footnote_ref_run(paragraph, footnote_ids[m.group(1)])
        elif part.startswith("**") and part.endswith("**") and len(part) > 4:
            paragraph.add_run(part[2:-2]).bold = True
        elif part.startswith("*") and part.endswith("*") and len(part) > 2:
            run = paragraph.add_run(part[1:-1])
            run.italic = True
            run.bold = bold or None
        else:
            paragraph.add_run(part.replace("*", "")).bold = bold or None


def _footnotes_xml(footnotes: dict, ids: dict) -> bytes:
    parts = [
        f'<w:footnotes xmlns:w="{W_NS}">',
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
    ]
    for label, fid in ids.items():
        paras = footnotes[label].split("\n")
        body = []
        for k, text in enumerate(paras):
            ref = '<w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="20"/></w:rPr><w:footnoteRef/></w:r>' if k == 0 else ""
            body.append(
                f'<w:p><w:pPr><w:jc w:val="both"/></w:pPr>{ref}<w:r><w:rPr><w:sz w:val="20"/></w:rPr>'
                f'<w:t xml:space="preserve"> {_xml_escape(text)}</w:t></w:r></w:p>'
            )
        parts.append(f'<w:footnote w:id="{fid}">{"".join(body)}</w:footnote>')
    parts.append("</w:footnotes>")
    return "".join(parts).encode("utf-8")


def _no_borders(table) -> None:
    from docx.oxml import parse_xml

    tbl_pr = table._tbl.tblPr
    tbl_pr.append(
        parse_xml(
            f'<w:tblBorders xmlns:w="{W_NS}">'
            + "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
            + "</w:tblBorders>"
        )
    )


def _cell_lines(cell, lines: list[str], *, bold_last: bool = False, bold_all: bool = False, italic: bool = False, size: int = 13, align="center") -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    first = True
    for k, text in enumerate(lines):
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if align == "center" else WD_ALIGN_PARAGRAPH.LEFT
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold_all or (bold_last and k == len(lines) - 1) or None
        run.italic = italic or None


def write_docx(model: dict, path: str) -> None:
    """Write ``model`` as a ``.docx`` in the standard layout (see the module docstring)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    # Page numbers in the footer, as printed reports have them (readers must drop them).
    from docx.oxml import parse_xml

    footer_p = section.footer.paragraphs[0]
    footer_p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer_p._p.append(parse_xml(f'<w:fldSimple xmlns:w="{W_NS}" w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))

    ids = {label: k + 1 for k, label in enumerate(model["footnotes"])}
    header = document.add_table(rows=2, cols=2)
    _no_borders(header)
    header.autofit = False
    header.columns[0].width, header.columns[1].width = Cm(6), Cm(10)
    for row in header.rows:  # the issuer column is the narrower one (Nghị định 30/2020, Phụ lục I)
        row.cells[0].width, row.cells[1].width = Cm(6), Cm(10)
    _cell_lines(header.cell(0, 0), model["issuers"] or [""], bold_last=True)
    _cell_lines(header.cell(0, 1), model["national"], bold_all=True, size=12)
    _cell_lines(header.cell(1, 0), model["number_lines"] or [""])
    _cell_lines(header.cell(1, 1), [model["place_date"]], italic=True, align="center")
    document.add_paragraph()
    for text, bold in [(model["doc_type_line"], True)] + [(t, True) for t in model["title_lines"]]:
        if not text:
            continue
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        p.add_run(text).bold = bold
    document.add_paragraph()
    for kind, text in model["body"]:
        if kind == "item":
            p = document.add_paragraph(style="List Bullet")
            _add_inline(p, text, ids)
        else:
            p = document.add_paragraph()
            p.paragraph_format.first_line_indent = Cm(1)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            _add_inline(p, text, ids, bold=kind == "heading")
        p.paragraph_format.space_after = Pt(6)
    end = document.add_table(rows=1, cols=2)
    _no_borders(end)
    _cell_lines(end.cell(0, 0), model["recipients"] or [""], size=11, align="left")
    if end.cell(0, 0).paragraphs and model["recipients"]:
        first = end.cell(0, 0).paragraphs[0]
        first.runs[0].bold, first.runs[0].italic = True, True
    sig = model["signature"] or [""]
    _cell_lines(end.cell(0, 1), sig, bold_all=True)
    if model["footnotes"]:
        part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, _footnotes_xml(model["footnotes"], ids), document.part.package)
        document.part.relate_to(part, FOOTNOTES_RT)
    tmp = path + ".tmp"
    document.save(tmp)
    _fix_zip_times(tmp, path)
    os.remove(tmp)


def _fix_zip_times(src: str, dst: str) -> None:
    """Rewrite a zip with fixed member timestamps so the same input gives the same bytes."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(fixed, zin.read(info.filename))


# ---------------------------------------------------------------- pdf, scans
def docx_to_pdf(docx_path: str, out_dir: str) -> str:
    """Print ``docx_path`` to PDF with LibreOffice headless; returns the PDF path."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("LibreOffice is missing: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", out_dir, docx_path],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300,
        )
    return os.path.join(out_dir, os.path.splitext(os.path.basename(docx_path))[0] + ".pdf")


def scan(pdf_path: str, out_path: str, dpi: int, seed: str, pages: int = 2) -> None:
    """Render the first ``pages`` pages at ``dpi``, rotate slightly, add noise; one multi-page image."""
    from PIL import Image, ImageFilter

    rnd = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-f", "1", "-l", str(pages), "-png", pdf_path, os.path.join(tmp, "p")], check=True)
        images = []
        for name in sorted(os.listdir(tmp)):
            img = Image.open(os.path.join(tmp, name)).convert("L")
            angle = rnd.uniform(-0.8, 0.8)
            img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
            # Speckles: a few thousand dark dots, seeded; then a slight blur as of a scanner's optics.
            px = img.load()
            w, h = img.size
            for _ in range(w * h // 4000):
                x, y = rnd.randrange(w), rnd.randrange(h)
                px[x, y] = rnd.randrange(0, 120)
            img = img.filter(ImageFilter.GaussianBlur(radius=0.4 * dpi / 300))
            images.append(img)
    if out_path.endswith(".png"):
        if len(images) > 1:  # PNG holds one page: stack them
            w = max(i.size[0] for i in images)
            tall = Image.new("L", (w, sum(i.size[1] for i in images)), 255)
            y = 0
            for i in images:
                tall.paste(i, (0, y))
                y += i.size[1]
            images = [tall]
        images[0].save(out_path, dpi=(dpi, dpi), optimize=True)
    else:
        images[0].save(out_path, dpi=(dpi, dpi), compression="tiff_deflate", save_all=True, append_images=images[1:])


#: The small test fixtures (``--fixtures``): a Word file with footnotes, its PDF, a one-page scan.
FIXTURES = {"docx": "1095764e502a89b8", "pdf": "1095764e502a89b8", "png": "1871c6bc374a0bc4"}


def write_fixtures(out: str, dest: str) -> None:
    """Copy the fixture docx and pdf from ``out`` to ``dest`` and write a small bilevel scan.

    The scan is page 1 at 300 dpi, turned 0.5°, with speckles, stored as a
    1-bit PNG (about 65 KB: what a fax-mode office scanner gives).
    """
    from PIL import Image

    os.makedirs(dest, exist_ok=True)
    for kind in ("docx", "pdf"):
        shutil.copyfile(os.path.join(out, FIXTURES[kind] + "." + kind), os.path.join(dest, f"{FIXTURES[kind]}.{kind}"))
    rnd = random.Random("fixture/" + FIXTURES["png"])
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "300", "-gray", "-f", "1", "-l", "1", "-png", os.path.join(out, FIXTURES["png"] + ".pdf"), os.path.join(tmp, "p")], check=True)
        img = Image.open(os.path.join(tmp, sorted(os.listdir(tmp))[0])).convert("L")
    img = img.rotate(0.5, resample=Image.BICUBIC, fillcolor=255)
    px = img.load()
    w, h = img.size
    for _ in range(w * h // 20000):
        px[rnd.randrange(w), rnd.randrange(h)] = 0
    img.point(lambda v: 255 if v > 160 else 0).convert("1").save(os.path.join(dest, f"{FIXTURES['png']}-scan.png"), dpi=(300, 300), optimize=True)


def plain_text(model: dict) -> str:
    """The document's words in reading order, no markup (for the OCR character error rate)."""
    parts = model["issuers"] + model["national"] + model["number_lines"] + [model["place_date"], model["doc_type_line"]] + model["title_lines"]
    parts += [re.sub(r"\[\^\w+\]|\*", "", t) for _, t in model["body"]]
    return "\n".join(p for p in parts if p)


def models() -> list[dict]:
    """Models of the five samples and the ten corpus documents, in a fixed order."""
    out = []
    raw = os.path.join(ROOT, "raw")
    for folder in sorted(os.listdir(raw)):
        for name in sorted(os.listdir(os.path.join(raw, folder))):
            if name.endswith(".txt"):
                out.append(sample_model(os.path.join(raw, folder, name)))
    for doc_id in CORPUS_IDS:
        path = os.path.join(CORPUS, doc_id + ".txt")
        if os.path.exists(path):
            out.append(corpus_model(path))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write docx/pdf/scan copies of real reports.")
    parser.add_argument("out", nargs="?", default=os.path.join(HERE, "out", "formats"))
    parser.add_argument("--no-pdf", action="store_true", help="only the .docx files")
    parser.add_argument("--no-scan", action="store_true", help="no images")
    parser.add_argument("--only", nargs="*", help="document ids to make")
    parser.add_argument("--fixtures", metavar="DIR", help="also write the small test fixtures to DIR (e.g. tests/data/formats)")
    args = parser.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    manifest = []
    for model in models():
        if args.only and model["id"] not in args.only:
            continue
        base = os.path.join(args.out, model["id"])
        write_docx(model, base + ".docx")
        entry = {"id": model["id"], "from": model["from"], "truth": model["truth"], "footnotes": len(model["footnotes"]), "files": {"docx": base + ".docx"}}
        with open(base + ".txt.ref", "w", encoding="utf-8") as fh:
            fh.write(plain_text(model))
        entry["reference_text"] = base + ".txt.ref"
        if not args.no_pdf:
            entry["files"]["pdf"] = docx_to_pdf(base + ".docx", args.out)
            if not args.no_scan:
                scan(entry["files"]["pdf"], base + "-300.png", 300, model["id"] + "/300")
                scan(entry["files"]["pdf"], base + "-150.tif", 150, model["id"] + "/150")
                entry["files"]["scan300"] = base + "-300.png"
                entry["files"]["scan150"] = base + "-150.tif"
        manifest.append(entry)
        print(model["id"], model["truth"], len(model["footnotes"]), "footnotes")
    for e in manifest:
        e["files"] = {k: os.path.relpath(v, args.out) for k, v in e["files"].items()}
        e["reference_text"] = os.path.relpath(e["reference_text"], args.out)
    manifest_path = os.path.join(args.out, "manifest.json")
    if args.only and os.path.exists(manifest_path):  # keep the entries of the documents not remade
        with open(manifest_path, encoding="utf-8") as fh:
            made = {e["id"] for e in manifest}
            manifest = [e for e in json.load(fh)["documents"] if e["id"] not in made] + manifest
    with open(manifest_path, "w", encoding="utf-8") as fh:
        json.dump({"documents": manifest}, fh, ensure_ascii=False, indent=1)
    if args.fixtures:
        write_fixtures(args.out, args.fixtures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
