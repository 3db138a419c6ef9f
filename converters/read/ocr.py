"""Scans (``.png``, ``.jpg``, ``.tif``, PDFs without a text layer) to text, through Tesseract.

Each page image is straightened (a scan is rarely square to the glass: the
angle within ±3° that makes the rows of ink sharpest, found on a reduced copy
by the projection-profile method), then read by the ``tesseract`` command
with its Vietnamese model (``-l vie``, Debian ``tesseract-ocr-vie``) as hOCR:
every word with its box, confidence and character boxes (the character boxes
and the line's baseline tell a small raised footnote number after a word,
written as a reference).  The words go through the same line
reader as PDF text (:mod:`converters.read.lines`), so header columns,
titles, signature blocks and page-foot footnotes are told apart the same way;
the incoming stamp of a scan is then found by the converter like one pasted
into text.  PDF pages are rendered with pypdfium2 (installed with pdfplumber)
at the resolution of the scan they hold, then take the same clean-up as an
image file (:func:`prepare_page`).

``info`` reports the engine and the mean word confidence (0-1); below
:data:`LOW_CONFIDENCE` the page gets a warning for the editors.  The header's
words that fold to an entry of the lexicon (types, bodies, provinces) are
written as the lexicon does (:mod:`converters.read.respell`), each change a
warning.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import statistics
import subprocess
import tempfile

from converters.errors import InputError
from converters.read import emit
from converters.read.lines import PageWords, Word, layout
from converters.read.respell import respell_header

#: Mean word confidence below which a page is flagged for proof-reading.
LOW_CONFIDENCE = 0.80
#: Resolution PDF pages are rendered at for OCR (Tesseract reads best at 300 dpi).
PDF_DPI = 300
#: Tesseract language: Vietnamese.
LANG = "vie"
#: Page segmentation: automatic (3), so the two columns of the header and of the
#: closing part are found as separate blocks; one-column modes merge their lines.
PSM = "3"

INSTALL_HINT = "cài Tesseract và bộ tiếng Việt: apt-get install tesseract-ocr tesseract-ocr-vie"


def tesseract_path() -> str | None:
    """The ``tesseract`` executable on ``PATH``, or ``None``."""
    return shutil.which("tesseract")


def _check_tesseract(source: str) -> str:
    exe = tesseract_path()
    if not exe:
        raise InputError(source, "tệp là ảnh quét nhưng máy chưa cài Tesseract để nhận dạng chữ", INSTALL_HINT)
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=60).stdout.split()
    except (OSError, subprocess.SubprocessError) as exc:
        raise InputError(source, f"không chạy được Tesseract ({exc})", INSTALL_HINT) from exc
    if LANG not in langs:
        raise InputError(source, "Tesseract chưa có bộ nhận dạng tiếng Việt", "cài thêm: apt-get install tesseract-ocr-vie")
    return exe


def engine_version(exe: str) -> str:
    """``"tesseract 5.3.0"`` (first line of ``tesseract --version``)."""
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60)
        first = (out.stdout or out.stderr).splitlines()[0].strip()
        return first or "tesseract"
    except (OSError, subprocess.SubprocessError, IndexError):
        return "tesseract"


def _images(data: bytes, source: str):
    """The page images of the scan bytes ``data``, each as OCR reads it (:func:`prepare_page`), in order."""
    for img, dpi in _raw_pages(data, source):
        yield prepare_page(img, dpi)


def _raw_pages(data: bytes, source: str):
    """The pages of the scan bytes ``data`` as stored: ``(grey Pillow image, dpi or None)`` pairs, in order.

    An image file: each frame (a TIFF may hold several), cut into its A4
    pages (:func:`split_pages`), with the resolution the file records.  A PDF
    without a text layer: each page rendered at the resolution of the scan it
    holds (:func:`pdf_scan_dpi`, at most :data:`PDF_DPI`), so a 150 dpi scan
    saved as PDF gets the same resampling and clean-up as the same scan saved
    as an image, not pdfium's own enlargement with its speckles.
    """
    try:
        from PIL import Image, ImageSequence
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise InputError(source, "thiếu thư viện Pillow để đọc ảnh quét", "cài phần đọc định dạng: pip install -e '.[formats]'") from exc
    if data.startswith(b"%PDF"):
        try:
            import pypdfium2 as pdfium
        except ImportError as exc:  # pragma: no cover
            raise InputError(source, "thiếu thư viện pypdfium2 để đọc PDF quét", "cài phần đọc định dạng: pip install -e '.[formats]'") from exc
        try:
            doc = pdfium.PdfDocument(data)
        except Exception as exc:  # pdfium raises PdfiumError (and others) for damaged files
            raise InputError(source, f"không mở được tệp PDF ({type(exc).__name__})", "kiểm tra tệp có mở được bằng trình đọc PDF không") from exc
        try:
            for page in doc:
                dpi = pdf_scan_dpi(page) or PDF_DPI
                yield page.render(scale=min(dpi, PDF_DPI) / 72).to_pil().convert("L"), min(dpi, PDF_DPI)
        finally:
            doc.close()
        return
    try:
        img = Image.open(io.BytesIO(data))
    except Exception as exc:  # Pillow raises several kinds for damaged images
        raise InputError(source, f"không mở được tệp ảnh ({type(exc).__name__})", "quét lại hoặc lưu ảnh dạng PNG/TIFF rồi thêm lại") from exc
    dpi = img.info.get("dpi")
    for frame in ImageSequence.Iterator(img):
        for page in split_pages(frame.convert("L")):
            yield page, (float(dpi[0]) if dpi else None)


def pdf_scan_dpi(page) -> float | None:
    """The resolution (dots per inch) of the scan a PDF page holds, or ``None`` when it holds no image.

    ``page`` is a ``pypdfium2.PdfPage``.  The largest image on the page is
    the scan; its pixels across its width on the page (PDF units are 1/72
    inch) give the resolution, the lower of the two directions.
    """
    try:
        import pypdfium2.raw as pdfium_c
    except ImportError:  # pragma: no cover
        return None
    best, best_area = None, 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        left, bottom, right, top = obj.get_bounds()
        pw, ph = obj.get_px_size()
        w, h = (right - left) / 72, (top - bottom) / 72
        if w <= 0 or h <= 0 or not pw or not ph:
            continue
        if w * h > best_area:
            best, best_area = min(pw / w, ph / h), w * h
    return best


def prepare_page(img, dpi: float | None = None):
    """One page image made ready for OCR, the same for every kind of scan (image file or PDF page).

    Grey; below :data:`PDF_DPI` resampled to it and despeckled
    (:func:`upscale`); straightened (:func:`deskew_angle`, a turn of 0.05° or
    more is undone).  ``dpi`` is the page's resolution as stored (``None``:
    unknown, :func:`upscale` guesses it from an A4 page's width).
    """
    from PIL import Image

    img = upscale(img.convert("L"), dpi)
    angle = deskew_angle(img)
    if abs(angle) >= 0.05:
        img = img.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    return img


def upscale(img, dpi: float | None = None):
    """A page scanned below :data:`PDF_DPI` resampled (Lanczos) to it, then cleaned of speckles; others unchanged.

    Tesseract reads best at 300 dpi (its documentation, "Improving the
    quality of the output"); a 150 dpi scan read as it is loses the tone
    marks.  Resampling also enlarges the scanner's speckles to blobs of two
    pixels or more, which Tesseract then reads as marks (``'CỘNG HÒA``, a
    stray ``|`` row in the header; on the 150 dpi benchmark scans one header
    in five was lost that way): a 3 x 3 median filter removes blobs that
    small and keeps strokes and tone marks (three pixels and more at 300
    dpi).  ``dpi`` is the resolution the file records; without one, an
    A4-shaped page's width tells it (210 mm).
    """
    from PIL import Image, ImageFilter

    w, h = img.size
    if not dpi or dpi < 50:
        if not w or abs(h / w - A4_RATIO) > 0.05:
            return img
        dpi = w / (210 / 25.4)
    if dpi >= 0.9 * PDF_DPI:
        return img
    k = PDF_DPI / dpi
    return img.resize((round(w * k), round(h * k)), Image.LANCZOS).filter(ImageFilter.MedianFilter(3))


#: Height / width of an A4 sheet (297 / 210 mm): official documents are printed on A4
#: (Nghị định 30/2020/NĐ-CP Phụ lục I, mục I.2; Hướng dẫn 36-HD/VPTW, mục 1).
A4_RATIO = 297 / 210


def split_pages(img) -> list:
    """One image holding ``n`` A4 pages stacked top to bottom (a PNG or JPEG holds one picture)
    as its ``n`` pages; any other image as itself.

    An image ``n`` times as tall as an A4 page of its width (within 3 %) is
    cut into ``n`` equal pages, so every page gets its own straightening,
    margins and footnote area.
    """
    w, h = img.size
    n = round(h / (w * A4_RATIO)) if w else 1
    if n < 2 or abs(h / (n * w * A4_RATIO) - 1) > 0.03:
        return [img]
    step = h / n
    return [img.crop((0, round(k * step), w, round((k + 1) * step))) for k in range(n)]


def deskew_angle(img, limit: float = 3.0, step: float = 0.1) -> float:
    """The rotation (degrees) that straightens the text lines of a grey page image.

    Projection profile: on a reduced, inverted copy, the angle whose row sums
    vary most is the one where rows of text and the gaps between them line up.
    """
    from PIL import Image, ImageOps

    small = ImageOps.invert(img.convert("L"))
    scale = 800 / max(small.size)
    if scale < 1:
        small = small.resize((int(small.size[0] * scale), int(small.size[1] * scale)), Image.BILINEAR)
    small = small.point(lambda v: 255 if v > 96 else 0)
    best, best_score = 0.0, -1.0
    n = int(limit / step)
    for k in range(-n, n + 1):
        angle = k * step
        rot = small.rotate(angle, resample=Image.BILINEAR)
        small_col = rot.resize((1, rot.size[1]), Image.BOX)
        rows = [small_col.getpixel((0, y)) for y in range(small_col.size[1])]
        mean = sum(rows) / len(rows)
        score = sum((r - mean) ** 2 for r in rows)
        if score > best_score:
            best, best_score = angle, score
    return best


def column_crops(img) -> list[tuple[int, int, int, int]]:
    """Boxes ``(left, top, right, bottom)`` to read one by one, so two columns are never read as one.

    Tesseract's line finder merges the lines of two columns set side by side
    when their baselines do not line up (the header; ``Nơi nhận`` beside the
    signature), giving interleaved words.  Text lines are found from the ink
    of each pixel row (on a reduced copy); a run of lines in which some line
    has a wide blank gap near the middle (a gutter), together with the
    half-width lines next to it, is cut at that gutter into a left and a
    right box; the lines between such runs form one full-width box each.
    """
    from PIL import Image, ImageOps

    w, h = img.size
    scale = min(1.0, 1000 / w)
    small = ImageOps.invert(img.convert("L")).resize((max(1, int(w * scale)), max(1, int(h * scale))), Image.BOX)
    sw, sh = small.size
    ink = small.point(lambda v: 255 if v > 60 else 0)
    px = ink.load()
    rows = [sum(1 for x in range(sw) if px[x, y]) for y in range(sh)]
    lines: list[tuple[int, int]] = []  # runs of inked rows
    y = 0
    while y < sh:
        if rows[y] > 1:
            start = y
            while y < sh and rows[y] > 1:
                y += 1
            lines.append((start, y))
        y += 1
    # A thin run just above a line is its tone marks (the marks over capitals,
    # "BÁO CÁO", can stand clear of the letters): it belongs to that line, else
    # the marks land in another box than their letters.
    if lines:
        tall = statistics.median(b - a for a, b in lines)
        merged: list[tuple[int, int]] = []
        for a, b in reversed(lines):
            if merged and b - a < 0.4 * tall and merged[-1][0] - b <= 0.3 * tall:
                merged[-1] = (a, merged[-1][1])
            else:
                merged.append((a, b))
        lines = merged[::-1]
    min_gap = int(0.05 * sw)
    # Narrower than this (reduced pixels) is a speckle of scanner noise, no text:
    # one speckle beside a centred title made it look like two columns.
    min_span = max(2, int(0.003 * sw))

    def spans(y0: int, y1: int) -> list[tuple[int, int]]:
        cols = [any(px[x, yy] for yy in range(y0, y1)) for x in range(sw)]
        out, x = [], 0
        while x < sw:
            if cols[x]:
                start = x
                while x < sw and (cols[x] or any(cols[x : x + min_gap])):
                    x += 1
                if x - start >= min_span:
                    out.append((start, x))
            x += 1
        return out

    line_spans = [(ln, spans(*ln)) for ln in lines]
    lines = [ln for ln, sp in line_spans if sp]
    kinds = []
    for sp in (sp for _, sp in line_spans if sp):
        if len(sp) >= 2 and sp[0][1] < 0.6 * sw and sp[-1][0] > 0.35 * sw:
            kinds.append(("two", (sp[0][1] + sp[1][0]) // 2))
        elif len(sp) == 1 and (sp[0][1] < 0.53 * sw or sp[0][0] > 0.47 * sw):
            # In one half: a column's line.  A short line across the middle is a centred
            # title ("BÁO CÁO"): cut at the gutter, neither half is readable.
            kinds.append(("half", None))
        else:
            kinds.append(("full", None))
    boxes: list[tuple[int, int, int, int]] = []
    i = 0
    inv = 1 / scale
    while i < len(lines):
        j = i
        if kinds[i][0] in ("two", "half"):
            while j < len(lines) and kinds[j][0] in ("two", "half"):
                j += 1
            gutters = [g for k, g in kinds[i:j] if k == "two"]
            if gutters:
                gutter = int(sorted(gutters)[len(gutters) // 2] * inv)
                top, bottom = int(lines[i][0] * inv) - 4, int(lines[j - 1][1] * inv) + 4
                boxes += [(0, max(0, top), gutter, min(h, bottom)), (gutter, max(0, top), w, min(h, bottom))]
                i = j
                continue
            j = i
        while j < len(lines) and not (kinds[j][0] == "two"):
            j += 1
        j = max(j, i + 1)
        top, bottom = int(lines[i][0] * inv) - 4, int(lines[j - 1][1] * inv) + 4
        boxes.append((0, max(0, top), w, min(h, bottom)))
        i = j
    return boxes or [(0, 0, w, h)]


def _page_words(exe: str, img, source: str) -> tuple[list[Word], list[float]]:
    """Words of one page image, read box by box (:func:`column_crops`), and their confidences (0-100)."""
    words, confs = [], []
    for left, top, right, bottom in column_crops(img):
        if right - left < 8 or bottom - top < 8:
            continue
        from PIL import Image

        crop = Image.new("L", (right - left + 40, bottom - top + 40), 255)  # a white margin helps Tesseract
        crop.paste(img.crop((left, top, right, bottom)), (20, 20))
        w, c = _hocr_words_of(exe, crop, source)
        for word in w:
            word.x0 += left - 20
            word.x1 += left - 20
            word.top += top - 20
            word.bottom += top - 20
        words += w
        confs += c
    return words, confs


def _tesseract(exe: str, img, source: str, *args: str) -> str:
    """``tesseract IMAGE stdout -l vie ARGS...`` on a Pillow image; its output text."""
    with tempfile.TemporaryDirectory() as tmp:
        png = os.path.join(tmp, "page.png")
        img.save(png, dpi=(300, 300))
        try:
            out = subprocess.run([exe, png, "stdout", "-l", LANG, *args], capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.SubprocessError) as exc:
            raise InputError(source, f"Tesseract không nhận dạng được ảnh ({exc})", INSTALL_HINT) from exc
    if out.returncode != 0:
        raise InputError(source, f"Tesseract báo lỗi: {out.stderr.strip()[:200]}", "kiểm tra tệp ảnh có mở được không")
    return out.stdout


_HOCR_LINES = {"ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"}
#: What OCR makes of a raised footnote number it does not read as a digit (its models
#: see few superscripts): quotes, a degree sign, an accented or plain capital I, a bar.  Not
#: the star: a document may mark its notes with one (``nội bộ*``), and it stays as printed.
_RAISED_MARKS = set("'’”\"°`ÌÍìíIl|")


def _title(el) -> dict[str, list[str]]:
    """hOCR ``title`` properties: ``"bbox 1 2 3 4; x_wconf 96"`` -> ``{"bbox": [...], "x_wconf": [...]}``."""
    out = {}
    for part in (el.get("title") or "").split(";"):
        bits = part.split()
        if bits:
            out[bits[0]] = bits[1:]
    return out


def _hocr_words_of(exe: str, img, source: str) -> tuple[list[Word], list[float]]:
    """Words of one page image from ``tesseract ... hocr`` with character boxes, and their confidences (0-100).

    A word's box spans its line (top and bottom of the line), so a line's words
    share one size; a footnote reference set as a small raised number after a
    word becomes a word of its own with ``sup`` (:func:`_raised_tail`).
    """
    import xml.etree.ElementTree as ET

    out = _tesseract(exe, img, source, "--psm", PSM, "-c", "hocr_char_boxes=1", "hocr")
    try:
        root = ET.fromstring(out.encode("utf-8"))
    except ET.ParseError:
        return [], []
    words, confs = [], []
    for line in root.iter():
        if line.get("class") not in _HOCR_LINES:
            continue
        props = _title(line)
        lx0, ly0, lx1, ly1 = (int(v) for v in props["bbox"])
        slope, offset = (float(v) for v in props.get("baseline", ["0", "0"]))
        x_size = float(props.get("x_size", [ly1 - ly0])[0])
        # hOCR's x_size is the line's full height (ascenders + x-height + descenders).
        x_height = x_size - float(props.get("x_ascenders", ["0"])[0]) - float(props.get("x_descenders", ["0"])[0])
        if not 0.3 * x_size <= x_height <= 0.8 * x_size:
            x_height = 0.5 * x_size
        start_line = len(words)
        els = [el for el in line.iter() if el.get("class") == "ocrx_word"]
        after_mark = False
        for n, el in enumerate(els):
            wp = _title(el)
            x0, _, x1, _ = (int(v) for v in wp["bbox"])
            conf = float(wp.get("x_wconf", ["0"])[0])
            chars = [(c.text or "", [int(v) for v in _title(c)["x_bboxes"]]) for c in el.iter() if c.get("class") == "ocrx_cinfo"]
            # Only the last three and a lone short word can be a raised number: their ink is measured.
            look = range(len(chars)) if len(chars) <= 3 else range(len(chars) - 4, len(chars))
            chars = [(t, _ink_box(img, b, ly0, ly1) if k in look else b) for k, (t, b) in enumerate(chars)]
            text = "".join(t for t, _ in chars) if chars else "".join(el.itertext()).strip()
            if not text.strip():
                continue

            def baseline(x: float) -> float:
                return ly1 + offset + slope * (x - lx0)

            if after_mark:
                ink = _ink(img, x0, x1, ly0, ly1)
                (ix0, iy0, ix1, iy1) = ink[0] if ink else (0, 0, 0, 0)
                if max(ix1 - ix0, iy1 - iy0) <= 0.15 * x_height:
                    continue  # nothing printed, or a speck, between a bullet and its text ("se _ Tổng", "® - Nội")
                after_mark = False
            if len(words) == start_line and len(text) <= 3 and any(_has_alnum(_word_text(e)) for e in els[n + 1 :]):
                mark = list_mark(_ink(img, x0, x1, ly0, ly1), baseline((x0 + x1) / 2), x_height, text)
                if mark:
                    # A list's bullet OCR misread ("®", "e", "se" for "•"): the marker, by its shape.
                    words.append(Word(mark, x0, x1, ly0, ly1, size=0.8 * (ly1 - ly0)))
                    confs.append(conf)
                    after_mark = True
                    continue
            if len(words) == start_line and chars and len(chars) <= 3 and all(_is_raised(b, baseline, x_size) for _, b in chars):
                # A raised mark opening a line: a footnote's own number, whatever OCR made of
                # it ("Z" for 2); the line reader numbers it in sequence (lines._note_label).
                words.append(Word(text, x0, x1, min(b[1] for _, b in chars), max(b[3] for _, b in chars), size=0.8 * (ly1 - ly0), sup=True))
                confs.append(conf)
                continue
            a, b = _raised_tail(chars, baseline, x_size)
            if a < b:
                # A reference glued to its word (and maybe the punctuation after it): three words.
                head = "".join(t for t, _ in chars[:a])
                sx0, sx1 = chars[a][1][0], chars[b - 1][1][2]
                if head:
                    words.append(Word(head, x0, sx0, ly0, ly1, size=0.8 * (ly1 - ly0)))
                    confs.append(conf)
                words.append(_sup_word(chars[a:b], sx0, sx1, exe, img, source))
                rest = "".join(t for t, _ in chars[b:])
                if rest:
                    words.append(Word(rest, sx1, x1, ly0, ly1, size=0.8 * (ly1 - ly0)))
                continue
            m = _MARK_TAIL.match(text)
            if not m and chars and chars[-1][1][2] - chars[-1][1][0] > 0.3 * x_size:
                # Punctuation closing the word whose box is too wide for it (a period is about
                # 0.15 of the size): it may hide a raised figure OCR left out ("vận.").
                m = _BARE_TAIL.match(text)
            tail = _raised_ink_tail(img, x0, x1, ly0, ly1, baseline, x_size) if m else None
            if tail:
                # The recogniser's character boxes missed the raised figure (they run into the
                # punctuation after it: "vận”."); the ink shows it.  Only digits read from it
                # make a reference; else the text stays as read, with a warning.
                (rx0, rtop, rx1, rbottom), px0 = tail
                digits = _read_raised_digits(exe, img, rx0, rx1, rtop, rbottom, source)
                if digits:
                    words.append(Word(m.group(1), x0, rx0, ly0, ly1, size=0.8 * (ly1 - ly0)))
                    confs.append(conf)
                    words.append(Word(digits, rx0, rx1, rtop, rbottom, size=0.8 * (rbottom - rtop), sup=True))
                    if m.group(3):
                        words.append(Word(m.group(3), px0, x1, ly0, ly1, size=0.8 * (ly1 - ly0)))
                    continue
                words.append(Word(text, x0, x1, ly0, ly1, size=0.8 * (ly1 - ly0), doubt=f"nhận dạng chữ (OCR): sau «{m.group(1)}» có số nhỏ đặt cao (có thể là số chú thích) không đọc được, để nguyên «{text}»"))
                confs.append(conf)
                continue
            words.append(Word(text, x0, x1, ly0, ly1, size=0.8 * (ly1 - ly0)))
            confs.append(conf)
    return words, confs


#: A word ending in what may be a raised footnote number: a letter, then one to three digits
#: or marks OCR makes of one (:data:`_RAISED_MARKS`), then maybe closing punctuation.
_MARK_TAIL = re.compile(r"^(.*[^\W\d_])([0-9'’”\"°`ÌÍìíIl|]{1,3})([.,;:)!?]{0,2})$")
#: A word then closing punctuation (see :func:`_hocr_words_of`: where the punctuation's box is too wide).
_BARE_TAIL = re.compile(r"^(.*[^\W\d_])()([.,;:)!?]{1,2})$")


def _ink_groups(img, x0: int, x1: int, top: int, bottom: int) -> list[tuple[int, int, int, int]]:
    """The ink of ``img`` in ``x0, top, x1, bottom`` as glyphs: runs of inked columns parted by a blank
    column, each as its ink's box ``(x0, top, x1, bottom)``, left to right; specks (3 px or less) left out."""
    if x1 <= x0 or bottom <= top:
        return []
    region = img.crop((x0, top, x1, bottom)).point(lambda v: 255 if v < 128 else 0)
    px = region.load()
    w, h = region.size
    cols = []
    for x in range(w):
        ys = [y for y in range(h) if px[x, y]]
        cols.append((ys[0], ys[-1] + 1) if ys else None)
    groups, x = [], 0
    while x < w:
        if cols[x] is None:
            x += 1
            continue
        start, gy0, gy1 = x, cols[x][0], cols[x][1]
        while x < w and cols[x] is not None:
            gy0, gy1 = min(gy0, cols[x][0]), max(gy1, cols[x][1])
            x += 1
        if x - start > 3 or gy1 - gy0 > 3:
            groups.append((x0 + start, top + gy0, x0 + x, top + gy1))
    return groups


def _raised_ink_tail(img, x0: int, x1: int, top: int, bottom: int, baseline, x_size: float):
    """A raised small figure at the end of a word, found from the word's ink alone: ``((x0, top, x1, bottom)
    of the figure, where the punctuation after it starts)``, or ``None``.

    The word's glyphs (:func:`_ink_groups`) from the right: up to two marks of
    punctuation on the baseline (``.``, ``,``, ``;``: short, narrow), then one to
    three glyphs raised as :func:`_is_raised` has it (a footnote number), after a
    glyph that is not (the word).  Used where the recogniser's character boxes
    run into each other (:func:`_raised_tail` measures those).
    """
    groups = _ink_groups(img, x0, x1, top, bottom)
    i = len(groups)
    while i > 0 and len(groups) - i < 2:
        gx0, gy0, gx1, gy1 = groups[i - 1]
        on_base = gy1 >= baseline((gx0 + gx1) / 2) - 0.12 * x_size
        if not (on_base and gy1 - gy0 <= 0.55 * x_size and gx1 - gx0 <= 0.3 * x_size):
            break
        i -= 1
    j = i
    while j > 0 and i - j < 3 and _is_raised(list(groups[j - 1]), baseline, x_size) and groups[j - 1][2] - groups[j - 1][0] <= 0.6 * x_size:
        j -= 1
    if not 0 < j < i or _is_raised(list(groups[j - 1]), baseline, x_size):
        return None
    raised = groups[j:i]
    box = (raised[0][0], min(g[1] for g in raised), raised[-1][2], max(g[3] for g in raised))
    return box, (groups[i][0] if i < len(groups) else x1)


def _word_text(el) -> str:
    return "".join(el.itertext()).strip()


def _has_alnum(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


#: List markers OCR reads right; :func:`list_mark` leaves them as read.
_MARKERS = set("-–—+•●▪■◦·*")


def _ink(img, x0: int, x1: int, top: int, bottom: int):
    """The dark pixels of ``img`` in the box ``x0, top, x1, bottom``: ``((x0, top, x1, bottom) of the ink, fill, blob)``,
    fill being the share of dark pixels in that extent and blob that extent (1-bit image, ink 255);
    ``None`` where nothing is printed."""
    if x1 <= x0 or bottom <= top:
        return None
    region = img.crop((x0, top, x1, bottom)).point(lambda v: 255 if v < 128 else 0)
    box = region.getbbox()
    if box is None:
        return None
    blob = region.crop(box)
    fill = blob.histogram()[255] / (blob.size[0] * blob.size[1])
    return (x0 + box[0], top + box[1], x0 + box[2], top + box[3]), fill, blob


def _is_cross(blob) -> bool:
    """Whether a blob of ink (:func:`_ink`) is a plus sign: ink across its middle row and column, none in its corners."""
    w, h = blob.size
    if w < 5 or h < 5:
        return False
    px = blob.load()
    row = sum(1 for x in range(w) if any(px[x, y] for y in range(max(0, h // 2 - 1), min(h, h // 2 + 2))))
    col = sum(1 for y in range(h) if any(px[x, y] for x in range(max(0, w // 2 - 1), min(w, w // 2 + 2))))
    cw, ch = max(1, w // 4), max(1, h // 4)
    corners = [(0, 0), (w - cw, 0), (0, h - ch), (w - cw, h - ch)]
    empty = all(not px[x, y] for cx, cy in corners for x in range(cx, cx + cw) for y in range(cy, cy + ch))
    return row >= 0.8 * w and col >= 0.8 * h and empty


def list_mark(ink, baseline: float, x_height: float, text: str) -> str | None:
    """The list marker a short token opening a scanned line is, told by its ink's shape; ``None`` for text.

    ``ink`` is :func:`_ink` of the token (``None``: nothing printed),
    ``baseline`` the line's baseline under it, ``x_height`` the line's
    (pixels), ``text`` what OCR read.  Word and LibreOffice print a list's
    bullet (``•``, ``▪``) as a filled dot or square standing clear of the
    baseline inside the x-height band, 0.4 to 0.95 x-height tall; OCR, whose
    models see few, reads it as ``®``, ``©``, ``e``, ``se``...  No letter
    fits that: letters stand on the baseline or reach past the band (``e``,
    ``o``, ``©`` printed as text stand on it).  A dash (flat, raised, filled)
    and a plus (a cross: ink through its middle, none in its corners) are
    their markers when OCR made punctuation of them.  A marker read right
    (:data:`_MARKERS`) is left as read; a speck (under 0.4 x-height) is no
    marker.  The line reader then opens a list item at it (``lines._BULLET``).
    Rule from the list styles of Word (``List Bullet``) as the standards'
    documents print them; the misreadings are those of the benchmark scans.
    """
    if ink is None or text in _MARKERS or x_height <= 0:
        return None
    (ix0, iy0, ix1, iy1), fill, blob = ink
    w, h = ix1 - ix0, iy1 - iy0
    raised = baseline - iy1 >= 0.15 * x_height and iy0 >= baseline - 1.2 * x_height
    if not raised or not w or not h:
        return None
    if 0.4 * x_height <= h <= 0.95 * x_height and 0.6 <= w / h <= 1.6 and fill >= 0.6:
        return "•"
    if _has_alnum(text):
        return None  # a dash or a cross read as letters is not told from them here
    if h <= 0.3 * w and 0.3 * x_height <= w <= 1.5 * x_height and h <= 0.3 * x_height and fill >= 0.6:
        return "-"
    if 0.4 * x_height <= h <= 1.0 * x_height and 0.7 <= w / h <= 1.4 and _is_cross(blob):
        return "+"
    return None


def _raised_tail(chars: list[tuple[str, list[int]]], baseline, x_size: float) -> tuple[int, int]:
    """Where a raised footnote number sits at the end of a word: ``(start, end)`` character indices, ``(0, 0)`` for none.

    Raised: the character's ink ends above the line's baseline by more than a
    fifth of the line's size and is at least 0.36 of the size tall (a closing
    quote sits as high but is smaller: 0.25-0.31 of the size on the benchmark
    scans, references 0.42-0.45); a number (Word sets a reference at
    about 60 % size, raised by a third) or a mark OCR makes of one
    (:data:`_RAISED_MARKS`), up to three, before any closing punctuation
    (``vực¹.``).
    """
    end = len(chars)
    while end > 0 and chars[end - 1][0] in ".,;:)!?" and end > len(chars) - 2:
        end -= 1
    start = end
    while start > 0 and end - start < 3:
        text, box = chars[start - 1]
        if not (text.isdigit() or text in _RAISED_MARKS) or not _is_raised(box, baseline, x_size):
            break
        start -= 1
    return (start, end) if start < end else (0, 0)


def _is_raised(box: list[int], baseline, x_size: float) -> bool:
    """Whether the ink of a character box ``[x0, top, x1, bottom]`` is a raised small figure (see :func:`_raised_tail`).

    The box is the ink's extent (:func:`_ink_boxes`): the recogniser's own
    character boxes run down to the baseline whatever the glyph.
    """
    cx0, cy0, cx1, cy1 = box
    return cy1 < baseline((cx0 + cx1) / 2) - 0.2 * x_size and 0.36 * x_size <= cy1 - cy0 <= 0.75 * x_size


def _ink_box(img, box: list[int], top: int, bottom: int) -> list[int]:
    """``box`` (a character's ``[x0, top, x1, bottom]``) shrunk to the dark pixels of ``img`` in its columns,
    from ``top`` (its line's) down to its own bottom; unchanged where there is no ink."""
    x0, _, x1, bottom = box
    if bottom <= top or x1 <= x0:  # a box above its line or of no width: nothing to measure
        return box
    if x1 - x0 > 4:  # a fifth off each side: the neighbours' boxes overlap
        cut = max(1, (x1 - x0) // 5)
        x0, x1 = x0 + cut, x1 - cut
    region = img.crop((x0, top, x1, bottom)).point(lambda v: 255 if v < 128 else 0)
    ink = region.getbbox()
    return box if ink is None else [box[0], top + ink[1], box[2], top + ink[3]]


def _sup_word(chars: list[tuple[str, list[int]]], x0: float, x1: float, exe: str, img, source: str) -> Word:
    """A raised footnote number as a word; its text the digits read.

    Where OCR made a mark of it, the figure alone is read again, enlarged, as
    one word of digits only (``--psm 8``, a whitelist); failing that the text
    is ``""`` and :func:`_number_anchors` numbers it in sequence.
    """
    text = "".join(t for t, _ in chars)
    top = min(b[1] for _, b in chars)
    bottom = max(b[3] for _, b in chars)
    if not text.isdigit():
        text = _read_raised_digits(exe, img, x0, x1, top, bottom, source)
    return Word(text, x0, x1, top, bottom, size=0.8 * (bottom - top), sup=True)


def _read_raised_digits(exe: str, img, x0: float, x1: float, top: int, bottom: int, source: str) -> str:
    """The digits (one to three) of the raised figure in the box ``x0, top, x1, bottom`` of ``img``, read alone,
    enlarged four times, as one word of digits only (``--psm 8``, a whitelist); ``""`` when none are read."""
    from PIL import Image

    pad = max(2, (bottom - top) // 4)
    glyph = img.crop((int(x0) - pad, top - pad, int(x1) + pad, bottom + pad))
    glyph = glyph.resize((glyph.size[0] * 4, glyph.size[1] * 4), Image.LANCZOS)
    canvas = Image.new("L", (glyph.size[0] + 60, glyph.size[1] + 60), 255)
    canvas.paste(glyph, (30, 30))
    read = _tesseract(exe, canvas, source, "--psm", "8", "-c", "tessedit_char_whitelist=0123456789").strip()
    return read if read.isdigit() and len(read) <= 3 else ""


def _number_anchors(pages: list[PageWords]) -> None:
    """Give raised numbers OCR did not read as digits the next number in sequence, in place.

    Word numbers footnote references 1, 2, 3... in the order of the text
    (continuous numbering is the default, and the standards print the notes in
    that order); a reference read as a digit sets the count.
    """
    last = 0
    for page in pages:
        for w in page.words:
            if w.sup and w.text.isdigit():
                last = int(w.text)
            elif w.sup and not w.text:
                last += 1
                w.text = str(last)


def read_scan(data: bytes, source: str) -> tuple[str, dict]:
    """OCR the scan bytes ``data`` (file ``source``: an image or a PDF without text); returns ``(text, info)``.

    ``info`` is ``{"source_format": "scan", "ocr": {"engine", "confidence"},
    "pages": n, "warnings": [...]}``; confidence is the mean word confidence
    in 0-1.  Raises :class:`~converters.errors.InputError` naming ``source``
    when Tesseract or its Vietnamese model is missing (with the command that
    installs them), when the image cannot be opened, or when no text is found.
    """
    exe = _check_tesseract(source)
    pages, confs = [], []
    for img in _images(data, source):
        words, c = _page_words(exe, img, source)
        pages.append(PageWords(words, float(img.size[0]), float(img.size[1])))
        confs += c
    if not confs:
        raise InputError(source, "không nhận dạng được chữ nào trong ảnh quét", "quét lại rõ hơn (300 dpi, thẳng trang) rồi thêm lại")
    confidence = round(sum(confs) / len(confs) / 100, 3)
    _number_anchors(pages)
    doubts = [w.doubt for p in pages for w in p.words if w.doubt]
    items, footnotes = layout(pages)
    # The header's closed lists (types, bodies, provinces) mend the tone marks OCR
    # loses there; each change is a warning, so nothing is changed silently.
    warnings = respell_header(items) + doubts
    if confidence < LOW_CONFIDENCE:
        warnings.append(f"nhận dạng chữ (OCR) kém tin cậy: độ tin cậy trung bình {confidence:.2f} (dưới {LOW_CONFIDENCE:.2f})")
    info = {
        "source_format": "scan",
        "ocr": {"engine": f"{engine_version(exe)} ({LANG})", "confidence": confidence},
        "pages": len(pages),
        "warnings": warnings,
    }
    return emit.text(items, footnotes), info
