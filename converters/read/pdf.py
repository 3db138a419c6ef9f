"""PDF files with a text layer to the converter's input text (through pdfplumber).

pdfplumber (on pdfminer.six) gives every character with its box, font name
and size.  This reader builds words from the characters itself rather than
with ``extract_words``: Word and LibreOffice print Vietnamese letters that the
main font lacks from a fallback font, and words must not break at a font
change.  Bold and italic come from the font name, a raised smaller digit is a
footnote reference.  :mod:`converters.read.lines` then tells the header
columns, titles, paragraphs, signature blocks and page-foot footnotes apart.

A PDF without a text layer (a scan saved as PDF) is handed to the OCR reader
by the dispatcher: :func:`has_text_layer` tells which.
"""

from __future__ import annotations

import io
import re
import unicodedata

from converters.errors import InputError
from converters.read import emit
from converters.read.lines import PageWords, Word, layout

#: Fewer letters than this per page on average: no usable text layer (a scan).
MIN_CHARS_PER_PAGE = 40


def _open(data: bytes, source: str):
    try:
        import pdfplumber
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise InputError(source, "thiếu thư viện pdfplumber để đọc tệp PDF", "cài phần đọc định dạng: pip install -e '.[formats]'") from exc
    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many kinds for damaged files
        raise InputError(source, f"không mở được tệp PDF ({type(exc).__name__})", "kiểm tra tệp có mở được bằng trình đọc PDF không; nếu tệp có mật khẩu, hãy lưu bản không mật khẩu") from exc


def has_text_layer(data: bytes, source: str) -> bool:
    """``True`` when the PDF bytes ``data`` carry text (on average ``MIN_CHARS_PER_PAGE`` letters a page)."""
    with _open(data, source) as pdf:
        if not pdf.pages:
            return False
        letters = sum(sum(1 for c in page.chars if c["text"].isalnum()) for page in pdf.pages)
        return letters >= MIN_CHARS_PER_PAGE * len(pdf.pages)


def _words(chars: list[dict]) -> list[Word]:
    """Characters to words: same line, no gap wider than a fifth of the size, same superscript state."""
    if not chars:
        return []
    rows: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: (round(c["bottom"]), c["x0"])):
        if not c["text"].strip():
            continue
        for row in reversed(rows[-3:]):
            r = row[0]
            if abs((c["top"] + c["bottom"]) / 2 - (r["top"] + r["bottom"]) / 2) < 0.5 * max(c["size"], r["size"]):
                row.append(c)
                break
        else:
            rows.append([c])
    words: list[Word] = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        line_size = max(c["size"] for c in row)
        line_bottom = max(c["bottom"] for c in row if c["size"] >= 0.9 * line_size)
        cur: list[dict] = []
        for c in row:
            sup = c["size"] < 0.75 * line_size and c["bottom"] < line_bottom - 0.15 * line_size
            if cur:
                p = cur[-1]
                psup = p.get("_sup", False)
                if c["x0"] - p["x1"] > 0.2 * min(c["size"], p["size"]) or sup != psup:
                    words.append(_word(cur))
                    cur = []
            c = dict(c, _sup=sup)
            cur.append(c)
        if cur:
            words.append(_word(cur))
    return words


def _word(chars: list[dict]) -> Word:
    text = unicodedata.normalize("NFC", "".join(c["text"] for c in chars))
    main = max(chars, key=lambda c: c["size"])
    fonts = [c.get("fontname", "") for c in chars]
    bold = sum(bool(re.search(r"(?i)bold|black|heavy", f)) for f in fonts) * 2 > len(fonts)
    italic = sum(bool(re.search(r"(?i)italic|oblique", f)) for f in fonts) * 2 > len(fonts)
    return Word(
        text=text,
        x0=min(c["x0"] for c in chars),
        x1=max(c["x1"] for c in chars),
        top=min(c["top"] for c in chars),
        bottom=max(c["bottom"] for c in chars),
        size=main["size"],
        bold=bold,
        italic=italic,
        sup=bool(chars[0].get("_sup")),
    )


def _footnote_rule(page) -> float | None:
    """Top of the footnote separator: a short horizontal rule at the left, in the lower part of the page.

    Word and LibreOffice draw it about a third of the text width long, from
    the left margin, just above the first footnote.
    """
    found = None
    for obj in list(page.objects.get("rect", ())) + list(page.objects.get("line", ())):
        w = obj["x1"] - obj["x0"]
        h = obj["bottom"] - obj["top"]
        if h < 2 and 0.08 * float(page.width) < w < 0.45 * float(page.width) and obj["x0"] < 0.3 * float(page.width) and obj["top"] > 0.3 * float(page.height):
            found = obj["top"] if found is None else min(found, obj["top"])
    return found


def read_pdf(data: bytes, source: str) -> tuple[str, dict]:
    """Read the text layer of the PDF bytes ``data`` (file ``source``); returns ``(text, info)``.

    ``info`` is ``{"source_format": "pdf", "pages": n}``.  Raises
    :class:`~converters.errors.InputError` naming ``source`` when the file
    cannot be opened or carries no text layer (the dispatcher sends such files
    to OCR first).
    """
    with _open(data, source) as pdf:
        pages = [PageWords(_words(page.chars), float(page.width), float(page.height), _footnote_rule(page)) for page in pdf.pages]
    if sum(len(p.words) for p in pages) == 0:
        raise InputError(source, "tệp PDF không có lớp chữ (là ảnh quét)", "cài Tesseract để nhận dạng chữ: apt-get install tesseract-ocr tesseract-ocr-vie")
    items, footnotes = layout(pages)
    return emit.text(items, footnotes), {"source_format": "pdf", "pages": len(pages)}
