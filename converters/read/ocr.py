"""Scans (``.png``, ``.jpg``, ``.tif``, PDFs without a text layer) to text, through Tesseract.

Each page image is straightened (a scan is rarely square to the glass: the
angle within ±3° that makes the rows of ink sharpest, found on a reduced copy
by the projection-profile method), then read by the ``tesseract`` command
with its Vietnamese model (``-l vie``, Debian ``tesseract-ocr-vie``) as TSV:
every word with its box and confidence.  The words go through the same line
reader as PDF text (:mod:`converters.read.lines`), so header columns,
titles, signature blocks and page-foot footnotes are told apart the same way;
the incoming stamp of a scan is then found by the converter like one pasted
into text.  PDF pages are rendered with pypdfium2 (installed with pdfplumber)
at :data:`PDF_DPI`.

``info`` reports the engine and the mean word confidence (0-1); below
:data:`LOW_CONFIDENCE` the page gets a warning for the editors.  The header's
words that fold to an entry of the lexicon (types, bodies, provinces) are
written as the lexicon does (:mod:`converters.read.respell`), each change a
warning.
"""

from __future__ import annotations

import csv
import io
import os
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
    """The page images of the scan bytes ``data`` as Pillow images (grey), in order."""
    try:
        from PIL import Image, ImageSequence
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise InputError(source, "thiếu thư viện Pillow để đọc ảnh quét", "cài phần đọc định dạng: pip install -e '.[formats]'") from exc
    if data.startswith(b"%PDF"):
        try:
            import pypdfium2 as pdfium
        except ImportError as exc:  # pragma: no cover
            raise InputError(source, "thiếu thư viện pypdfium2 để đọc PDF quét", "cài phần đọc định dạng: pip install -e '.[formats]'") from exc
        doc = pdfium.PdfDocument(data)
        try:
            for page in doc:
                yield page.render(scale=PDF_DPI / 72).to_pil().convert("L")
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
            yield upscale(page, float(dpi[0]) if dpi else None)


def upscale(img, dpi: float | None = None):
    """A page scanned below :data:`PDF_DPI` resampled (Lanczos) to it; others unchanged.

    Tesseract reads best at 300 dpi (its documentation, "Improving the
    quality of the output"); a 150 dpi scan read as it is loses the tone
    marks.  ``dpi`` is the resolution the file records; without one, an
    A4-shaped page's width tells it (210 mm).
    """
    from PIL import Image

    w, h = img.size
    if not dpi or dpi < 50:
        if not w or abs(h / w - A4_RATIO) > 0.05:
            return img
        dpi = w / (210 / 25.4)
    if dpi >= 0.9 * PDF_DPI:
        return img
    k = PDF_DPI / dpi
    return img.resize((round(w * k), round(h * k)), Image.LANCZOS)


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


def _tsv_words(exe: str, img, source: str) -> tuple[list[Word], list[float]]:
    """Words of one page image, read box by box (:func:`column_crops`), and their confidences (0-100)."""
    words, confs = [], []
    for left, top, right, bottom in column_crops(img):
        if right - left < 8 or bottom - top < 8:
            continue
        from PIL import Image

        crop = Image.new("L", (right - left + 40, bottom - top + 40), 255)  # a white margin helps Tesseract
        crop.paste(img.crop((left, top, right, bottom)), (20, 20))
        w, c = _tsv_words_of(exe, crop, source)
        for word in w:
            word.x0 += left - 20
            word.x1 += left - 20
            word.top += top - 20
            word.bottom += top - 20
        words += w
        confs += c
    return words, confs


def _tsv_words_of(exe: str, img, source: str) -> tuple[list[Word], list[float]]:
    """Words of one page image from ``tesseract ... tsv``, and their confidences (0-100)."""
    with tempfile.TemporaryDirectory() as tmp:
        png = os.path.join(tmp, "page.png")
        img.save(png, dpi=(300, 300))
        try:
            out = subprocess.run(
                [exe, png, "stdout", "-l", LANG, "--psm", PSM, "tsv"],
                capture_output=True, text=True, timeout=600,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise InputError(source, f"Tesseract không nhận dạng được ảnh ({exc})", INSTALL_HINT) from exc
    if out.returncode != 0:
        raise InputError(source, f"Tesseract báo lỗi: {out.stderr.strip()[:200]}", "kiểm tra tệp ảnh có mở được không")
    rows = list(csv.DictReader(io.StringIO(out.stdout), delimiter="\t", quoting=csv.QUOTE_NONE))
    line_box: dict[tuple, tuple[int, int]] = {}
    for r in rows:
        if r.get("level") == "4":
            key = (r["block_num"], r["par_num"], r["line_num"])
            line_box[key] = (int(r["top"]), int(r["top"]) + int(r["height"]))
    words, confs = [], []
    for r in rows:
        if r.get("level") != "5" or not (r.get("text") or "").strip():
            continue
        conf = float(r["conf"])
        if conf < 0:
            continue
        top, bottom = line_box.get((r["block_num"], r["par_num"], r["line_num"]), (int(r["top"]), int(r["top"]) + int(r["height"])))
        left = int(r["left"])
        words.append(Word(r["text"], left, left + int(r["width"]), top, bottom, size=0.8 * (bottom - top)))
        confs.append(conf)
    return words, confs


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
        angle = deskew_angle(img)
        if abs(angle) >= 0.05:
            from PIL import Image

            img = img.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
        words, c = _tsv_words(exe, img, source)
        pages.append(PageWords(words, float(img.size[0]), float(img.size[1])))
        confs += c
    if not confs:
        raise InputError(source, "không nhận dạng được chữ nào trong ảnh quét", "quét lại rõ hơn (300 dpi, thẳng trang) rồi thêm lại")
    confidence = round(sum(confs) / len(confs) / 100, 3)
    items, footnotes = layout(pages)
    # The header's closed lists (types, bodies, provinces) mend the tone marks OCR
    # loses there; each change is a warning, so nothing is changed silently.
    warnings = respell_header(items)
    if confidence < LOW_CONFIDENCE:
        warnings.append(f"nhận dạng chữ (OCR) kém tin cậy: độ tin cậy trung bình {confidence:.2f} (dưới {LOW_CONFIDENCE:.2f})")
    info = {
        "source_format": "scan",
        "ocr": {"engine": f"{engine_version(exe)} ({LANG})", "confidence": confidence},
        "pages": len(pages),
        "warnings": warnings,
    }
    return emit.text(items, footnotes), info
