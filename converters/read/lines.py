"""Positioned words of printed pages to the parts of a document.

Shared by the PDF reader (words from the text layer) and the OCR reader
(words from Tesseract).  Positions are in any unit (points or pixels) as long
as a page's words and its size use the same one; every threshold is relative
to the body text's size or the page width, so the rules hold at any dpi.

What a printed report looks like (Nghị định 30/2020/NĐ-CP Phụ lục I;
Hướng dẫn 36-HD/VPTW), and how each part is told apart:

- the header is two columns side by side (issuer | national heading; number |
  place and date): a line whose words fall into the left and the right half
  with a wide gap between them opens a two-column region; lines that sit in
  one half only continue it;
- the type and subject are centred lines below it; other centred lines
  (``Chương I``, ``Phần thứ nhất``) are paragraphs of their own;
- the closing part is again two columns: the recipients (``Nơi nhận:``) on the
  left, the signature block(s) on the right;
- body paragraphs start with a first-line indent, after a wider vertical gap,
  or after a line that stops short of the right margin;
- footnotes sit at the page foot in a smaller size, each led by its number;
  one that runs onto the next page continues at the top of that page's area;
- page numbers and running headers or footers (the same text in the top or
  bottom band of several pages) are dropped.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from converters.read import emit


@dataclass
class Word:
    """One word on a page: text, box (``x0 < x1``, ``top < bottom``), font size, style."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False
    italic: bool = False
    sup: bool = False
    #: What the reader could not tell about this word, as a warning for the page ("" none).
    doubt: str = ""


@dataclass
class Line:
    """Words on one printed line, left to right, cut into segments at wide gaps."""

    words: list[Word]
    page: int = 0
    segments: list[list[Word]] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words if not w.sup) if any(not w.sup for w in self.words) else self.words[0].top

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def size(self) -> float:
        sizes = [w.size for w in self.words if not w.sup] or [w.size for w in self.words]
        return statistics.median(sizes)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass
class PageWords:
    """The words of one page and its size (same unit)."""

    words: list[Word]
    width: float
    height: float
    #: Top of the footnote separator rule when the format shows it (PDF vector
    #: graphics): ``None`` = no rule on this page; unset (``...``) = unknown
    #: (OCR), then the footnote area is told by its smaller size alone.
    rule: float | None | type(Ellipsis) = ...


_PAGE_NUMBER = re.compile(r"^\W*(?:trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?\W*$", re.IGNORECASE)
_BULLET = re.compile(r"^[•●▪■◦○·\u2022\uf0b7\uf0a7]$")
_RECIPIENTS = re.compile(r"(?i)^\W*n[ơo]i\s+nh[ậa]n")
_AUTHORITY = re.compile(r"^\W*(?:T/M|K/T|TM\.|KT\.|TL\.|TUQ\.)")


#: What OCR reads a raised footnote number as when it misses the digit (Tesseract's models
#: see few superscripts): quotes, a degree sign, an accented or plain capital I, a bar; and a
#: lone letter outside the Vietnamese alphabet, which no word is (F, J, W, Z: "Z" for 2).
_MISREAD_LABEL = re.compile(r"^['’”\"°*ÌÍìíIl|FJWZ]$")
_SUP_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def _label(text: str, last: str | None, ocr: bool = False) -> str | None:
    """The footnote number a definition line starts with (``"3"``), else ``None``.

    ``3``, ``(3)`` and ``³`` are numbers; on a scan (``ocr``) a lone mark that
    OCR makes of a raised number (:data:`_MISREAD_LABEL`) is the next number
    in sequence after ``last``, since Word numbers footnotes 1, 2, 3...

    >>> _label("(12)", "11"), _label("”", "4", ocr=True), _label("”", "4"), _label("Ban", None, ocr=True)
    ('12', '5', None, None)
    >>> _label("Z", "1", ocr=True)
    '2'

    """
    m = re.fullmatch(r"\(?(\d{1,3})\)?", text.translate(_SUP_DIGITS))
    if m:
        return str(int(m.group(1)))
    if ocr and _MISREAD_LABEL.match(text):
        return str(int(last) + 1) if last else "1"
    return None


def _note_label(line: "Line", last: str | None, ocr: bool = False) -> str | None:
    """The footnote number a page-foot line opens with (:func:`_label`); on a scan also a raised
    mark of any kind at its start (the reader marks it ``sup``: OCR read "Z" for a raised 2), as
    the next number in sequence."""
    first = line.words[0]
    label = _label(first.text, last, ocr)
    if label is None and ocr and first.sup and len(first.text) <= 3:
        label = str(int(last) + 1) if last else "1"
    return label


def group_lines(words: list[Word], page: int = 0) -> list[Line]:
    """Words to printed lines, top to bottom; a raised smaller word (superscript) joins its line.

    Two words are on one line when their vertical middles are closer than
    half the larger size; segments split where the gap exceeds 1.5 sizes.
    """
    lines: list[Line] = []
    for w in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        mid = (w.top + w.bottom) / 2
        for line in reversed(lines[-3:]):
            ref = [x for x in line.words if not x.sup] or line.words
            lmid = statistics.median((x.top + x.bottom) / 2 for x in ref)
            if abs(mid - lmid) < 0.5 * max(w.size, line.size) or (w.sup and w.bottom > min(x.top for x in ref) and w.top < max(x.bottom for x in ref)):
                line.words.append(w)
                break
        else:
            lines.append(Line([w], page))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
        segs: list[list[Word]] = [[line.words[0]]]
        for prev, w in zip(line.words, line.words[1:]):
            if w.x0 - prev.x1 > 1.5 * line.size:
                segs.append([w])
            else:
                segs[-1].append(w)
        line.segments = segs
    lines.sort(key=lambda ln: ln.top)
    return lines


def _join(words: list[Word]) -> str:
    """Words to text with ``**``/``*`` runs and ``<sup>n</sup>`` references (via :mod:`emit`)."""
    out: list[str] = []
    run: list[str] = []
    style: tuple[bool, bool] | None = None
    prev: Word | None = None

    def flush() -> None:
        if run:
            out.append(emit.emphasis(" ".join(run), *style))  # type: ignore[misc]
            run.clear()

    for w in words:
        if w.sup and re.fullmatch(r"\(?\d{1,3}\)?", w.text):
            flush()
            out.append(emit.ref(w.text.strip("()")))
            prev = w
            continue
        text = "-" if _BULLET.match(w.text) else w.text
        st = (w.bold, w.italic)
        # No space where a reference touches the word after it ("báo cáo<sup>4</sup>;").
        glued = prev is not None and prev.sup and w.x0 - prev.x1 < 0.15 * w.size
        if style != st:
            flush()
            style = st
            if out and prev is not None and not glued:
                out.append(" ")
        elif run:
            pass
        elif out and prev is not None and not glued:
            out.append(" ")
        run.append(text)
        prev = w
    flush()
    return re.sub(r" {2,}", " ", "".join(out)).strip()


def _repeated_bands(pages: list[list[Line]], heights: list[float]) -> set[str]:
    """Texts that recur in the top or bottom 8 % of two or more pages (running headers/footers)."""
    seen: dict[str, int] = {}
    for lines, h in zip(pages, heights):
        keys = {re.sub(r"\d+", "#", ln.text) for ln in lines if ln.top < 0.08 * h or ln.bottom > 0.92 * h}
        for k in keys:
            seen[k] = seen.get(k, 0) + 1
    return {k for k, n in seen.items() if n >= 2} if len(pages) >= 2 else set()


def layout(pages: list[PageWords]) -> tuple[list[emit.Item], dict[str, list[str]]]:
    """The document's parts from its pages: ``(items, footnotes)`` for :func:`emit.text`."""
    page_lines = [group_lines(p.words, i) for i, p in enumerate(pages)]
    all_lines = [ln for lines in page_lines for ln in lines]
    if not all_lines:
        return [], {}
    body_size = statistics.median(ln.size for ln in all_lines)
    lefts = sorted(ln.x0 for ln in all_lines)
    rights = sorted(ln.x1 for ln in all_lines)
    left = lefts[len(lefts) // 20]
    right = rights[len(rights) * 19 // 20]
    repeated = _repeated_bands(page_lines, [p.height for p in pages])

    body: list[Line] = []
    footnotes: dict[str, list[str]] = {}
    last_label: str | None = None
    for lines, page in zip(page_lines, pages):
        kept = []
        for ln in lines:
            in_band = ln.top < 0.08 * page.height or ln.bottom > 0.92 * page.height
            if in_band and (_PAGE_NUMBER.match(ln.text) or re.sub(r"\d+", "#", ln.text) in repeated):
                continue
            kept.append(ln)
        # The footnote area: below the separator rule when the page shows one,
        # else the run of smaller lines at the page foot that starts with a number.
        if page.rule is not ...:
            k = len(kept) if page.rule is None else sum(1 for ln in kept if ln.top < page.rule)
        else:
            k = len(kept)
            # A line with no letter or digit at the foot (scanner noise read as marks, "⁄;")
            # does not end the footnote area above it, nor does a definition's first line
            # that its number, set larger than the note's text, makes taller ("1 Như: ...").
            while k > 0 and kept[k - 1].top > 0.5 * page.height and (
                kept[k - 1].size < 0.88 * body_size
                or not any(ch.isalnum() for ch in kept[k - 1].text)
                or (kept[k - 1].size < 0.95 * body_size and _label(kept[k - 1].words[0].text, None) is not None)
            ):
                k -= 1
            while k < len(kept) and _note_label(kept[k], last_label, ocr=True) is None and last_label is None:
                k += 1
        body.extend(kept[:k])
        for ln in kept[k:]:
            first = ln.words[0]
            label = _note_label(ln, last_label, ocr=page.rule is ...)
            # A number opens the next definition only in sequence: a continuation line
            # may start with a number too ("... 18 UBND xã và" / "12 doanh nghiệp").
            expected = last_label is None or (label and 0 < int(label) - int(last_label) <= 2)
            if label and expected:
                last_label = label
                footnotes[last_label] = [_join(ln.words[1:])] if len(ln.words) > 1 else [""]
            elif last_label is not None:
                footnotes[last_label][-1] = (footnotes[last_label][-1] + " " + _join(ln.words)).strip()
            else:  # smaller text with no number: keep it as body (nothing is lost)
                body.append(ln)
    # Margins page by page where a page has enough lines: a scanner places each
    # sheet a little differently (and a turned page shifts its text).
    margins = {}
    for lines in page_lines:
        if len(lines) >= 12:
            xs0, xs1 = sorted(ln.x0 for ln in lines), sorted(ln.x1 for ln in lines)
            margins[lines[0].page] = (xs0[len(xs0) // 20], xs1[len(xs1) * 19 // 20])
    return _parts(body, body_size, left, right, pages, margins), footnotes


def _rejoin_cell(lines: list[str], bold_joins: bool = False) -> list[str]:
    """Header cell lines wrapped by a narrow column, joined again.

    A line continues the one above when it starts with a digit or in lower
    case (a cell line of the header never does: ``... tháng 11 năm`` /
    ``2025``), or when the line above ends inside a symbol (``415-KH/BDVTU-``
    / ``BCSĐUBND``).  With ``bold_joins`` (the issuer column), consecutive
    bold lines are one name: the issuing body prints in bold, its parent body
    above it not (Nghị định 30/2020/NĐ-CP Phụ lục I, mục 3).
    """
    out: list[str] = []
    for line in lines:
        bare = line.strip("*_ ")
        if out:
            prev = out[-1].rstrip("*_ ")
            if prev.endswith(("-", "/")):
                out[-1] = _merge(out[-1], line, "")
                continue
            if bare[:1].isdigit() or bare[:1].islower():
                out[-1] = _merge(out[-1], line, " ")
                continue
            if bold_joins and out[-1].startswith("**") and line.startswith("**") and not line.startswith("***"):
                out[-1] = _merge(out[-1], line, " ")
                continue
        out.append(line)
    return out


def _merge(a: str, b: str, sep: str) -> str:
    """Join two lines, fusing their emphasis when both carry the same marks."""
    for mark in ("***", "**", "*"):
        if a.endswith(mark) and b.startswith(mark):
            return a[: -len(mark)] + sep + b[len(mark) :]
    return a + sep + b


def _rejoin_items(lines: list[str]) -> list[str]:
    """Recipient lines wrapped by a narrow column: a line not led by ``-`` continues the one above."""
    out: list[str] = []
    for line in lines:
        if out and out[-1].lstrip("*").startswith("-") and not re.match(r"^\W*[-–+•]", line) and not _RECIPIENTS.match(line):
            out[-1] += " " + line
        else:
            out.append(line)
    return out


def _parts(
    lines: list[Line], size: float, left: float, right: float, pages: list[PageWords], margins: dict[int, tuple[float, float]] | None = None
) -> list[emit.Item]:
    """Lines of the body (footnotes taken out) to items; ``margins``: ``{page: (left, right)}`` where known, else ``left``/``right``."""
    margins = margins or {}
    doc_margins = (left, right)
    width = right - left
    mid = (left + right) / 2
    items: list[emit.Item] = []
    region: list[list[str]] | None = None  # printed lines as [left text, right text]
    para: list[Word] = []
    prev: Line | None = None
    title: emit.Item | None = None
    seen_body = False
    hang: float | None = None  # where the text after an item's label starts (hanging indent)

    def close_para() -> None:
        nonlocal para
        if para:
            items.append(emit.Item("para", text=_join(para)))
            para = []

    def close_region() -> None:
        nonlocal region, seen_body
        if region is None:
            return
        rows = region
        left_col = _rejoin_items([a for a, _ in rows if a])
        right_col = [b for _, b in rows if b]
        region = None
        text = left_col + right_col
        if not seen_body and not any(_RECIPIENTS.match(x) for x in text):
            items.append(emit.Item("columns", cells=[_rejoin_cell(left_col, bold_joins=True), _rejoin_cell(right_col)]))
        elif any(_RECIPIENTS.match(x) or _AUTHORITY.match(x) for x in text) or not left_col:
            items.append(emit.Item("end", cells=[*emit.signature_blocks(right_col), left_col]))
        else:
            items.append(emit.Item("table", rows=rows))
        seen_body = True

    boundary = mid  # between the two columns of the open region
    right_min = mid  # where the right column's text starts (the left one may run up to it)
    for ln in lines:
        left, right = margins.get(ln.page, doc_margins)
        width, mid = right - left, (left + right) / 2
        segs = ln.segments
        two_col = len(segs) >= 2 and not (segs[0][0].x0 > mid or segs[-1][-1].x1 < mid)
        centre = (ln.x0 + ln.x1) / 2
        # Centred: clear of both margins (a justified line reaches the right one).
        centred = abs(centre - mid) < 0.03 * width and ln.x0 > left + 0.6 * size and ln.x1 < right - 0.6 * size and not two_col
        # A line in one half continues an open two-column part: on the left only
        # when close below (a paragraph after the header is set off by space),
        # on the right also after the blank space left for a signature.
        near = prev is not None and (ln.page != prev.page or ln.top - prev.bottom < 0.9 * size)
        tol = 0.02 * width
        left_only = len(segs) == 1 and ln.x1 < right_min + tol
        right_only = len(segs) == 1 and ln.x0 > boundary - tol and not centred
        opens_right = len(segs) == 1 and ln.x0 > mid - tol and not centred
        continues = region is not None and ((left_only and near) or right_only)
        if two_col or continues or opens_right:
            close_para()
            title = None
            if region is None:
                region = []
                boundary = right_min = mid
            if two_col:
                if not any(b for _, b in region):
                    right_min = segs[1][0].x0
                right_min = min(right_min, segs[1][0].x0)
                boundary = (segs[0][-1].x1 + segs[1][0].x0) / 2
                region.append([_join(segs[0]), " ".join(_join(sg) for sg in segs[1:])])
            elif ln.x1 < right_min + tol and not (right_only and ln.x0 > boundary - tol):
                region.append([_join(ln.words), ""])
            else:
                region.append(["", _join(ln.words)])
            prev = ln
            continue
        close_region()
        if centred:
            close_para()
            if title is None or prev is None or ln.top - prev.bottom > 1.2 * size or ln.page != prev.page:
                title = emit.Item("para", lines=[])
                items.append(title)
            title.lines.append(_join(ln.words))
            seen_body = True
            prev = ln
            continue
        if (
            title is not None
            and prev is not None
            and abs(centre - mid) < 0.03 * width
            and ln.page == prev.page
            and ln.top - prev.bottom < 0.6 * size
        ):  # a centred title line too long to clear the margins
            title.lines.append(_join(ln.words))
            prev = ln
            continue
        title = None
        # A list item's later lines hang under its text, not under its bullet
        # (Word's hanging indent): aligned with the first word after the label.
        hanging = (
            bool(para)
            and prev is not None
            and hang is not None
            and ln.page == prev.page
            and abs(ln.x0 - hang) < 0.3 * size
        )
        new = (
            not para
            or prev is None
            or (ln.x0 > left + 0.6 * size and not hanging)
            or (ln.page == prev.page and ln.top - prev.bottom > 0.9 * size)
            # A line stopping short of the margin ends its paragraph, unless the next
            # line's first word would not have fitted after it (a ragged-right list
            # item, "... trực thuộc Trung" / "ương;").
            or (prev.x1 < right - 2.5 * size and prev.x1 + 0.3 * size + (ln.words[0].x1 - ln.words[0].x0) < right)
            or _BULLET.match(ln.words[0].text)
            or re.match(r"^[-–+]$", ln.words[0].text)
        )
        if new:
            close_para()
            label = ln.words[0].text
            is_label = bool(_BULLET.match(label) or re.fullmatch(r"[-–+]|\(?[0-9a-zđ]{1,3}[.)]", label))
            hang = ln.words[1].x0 if is_label and len(ln.words) > 1 else None
        para.extend(ln.words)
        seen_body = True
        prev = ln
    close_para()
    close_region()
    return items
