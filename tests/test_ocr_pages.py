"""Page images before OCR (stacked A4 pages, low resolution) and the line reader's list items."""

from __future__ import annotations

import pytest

from converters.read import emit
from converters.read.lines import PageWords, Word, layout

Image = pytest.importorskip("PIL.Image")


def test_two_stacked_a4_pages_are_read_as_two_pages():
    from converters.read.ocr import split_pages

    tall = Image.new("L", (1240, 3508), 255)  # two A4 pages of 150 dpi, one above the other
    tall.paste(0, (100, 1700, 200, 1760))  # ink near the seam stays on the first page
    pages = split_pages(tall)
    assert [p.size for p in pages] == [(1240, 1754), (1240, 1754)]
    assert pages[0].getpixel((150, 1730)) == 0 and pages[1].getpixel((150, 10)) == 255


@pytest.mark.parametrize("size", [(1240, 1754), (1240, 2400), (2000, 1000)])
def test_one_page_or_another_shape_stays_whole(size):
    from converters.read.ocr import split_pages

    assert [p.size for p in split_pages(Image.new("L", size, 255))] == [size]


def test_a_page_below_300_dpi_is_resampled_to_300():
    from converters.read.ocr import upscale

    a4_150 = Image.new("L", (1240, 1754), 255)
    assert upscale(a4_150, 150.0).size == (2480, 3508)
    assert upscale(a4_150).size == (2480, 3508)  # no dpi recorded: the A4 width tells it
    assert upscale(Image.new("L", (2480, 3508), 255), 300.0).size == (2480, 3508)
    assert upscale(Image.new("L", (900, 300), 255)).size == (900, 300)  # not a page: unknown dpi, kept


def _line(text: str, x: float, top: float, size: float = 10.0) -> list[Word]:
    """Words of ``text`` set from ``x`` at 5 units a letter, 3 between words."""
    out = []
    for t in text.split():
        out.append(Word(t, x, x + 5 * len(t), top, top + size, size))
        x += 5 * len(t) + 3
    return out


def test_a_list_item_hanging_under_its_text_is_one_item():
    # "- Chủ tịch ... trực thuộc Trung" / "ương;" hanging under "Chủ" (Word's hanging indent),
    # then the next item at the bullet again.
    words = (
        _line("Mở đầu của đoạn văn bản dài này viết đến hết dòng.", 50, 100)
        + _line("- Chủ tịch các tỉnh, thành phố trực thuộc Trung", 50, 114)
        + _line("ương;", 58, 128)
        + _line("- Tổng biên tập.", 50, 142)
    )
    items, _ = layout([PageWords(words, 600.0, 800.0, None)])
    paras = [i.text for i in items if i.kind == "para"]
    assert paras[1:] == ["- Chủ tịch các tỉnh, thành phố trực thuộc Trung ương;", "- Tổng biên tập."]


def test_a_reference_touching_punctuation_keeps_no_space():
    w = _line("báo cáo", 50, 100) + [Word("4", 86, 90, 98, 104, 6, sup=True), Word(";", 90.5, 93, 100, 110, 10)]
    items, _ = layout([PageWords(w + _line("Tiếp theo.", 50, 120), 600.0, 800.0, None)])
    assert items[0].text == "báo cáo" + emit.ref("4") + ";"


def test_a_centred_title_with_a_speckle_beside_it_is_read_whole_with_its_tone_marks():
    """Scanner noise next to ``BÁO CÁO`` once made the title a two-column line (cut at the
    gutter, Tesseract then dropped it), and its tone marks, standing clear of the capitals,
    a line of their own in another box than their letters."""
    from converters.read.ocr import column_crops

    page = Image.new("L", (1000, 1414), 255)
    page.paste(0, (100, 100, 400, 130))  # issuer | national heading
    page.paste(0, (550, 100, 900, 130))
    page.paste(0, (480, 240, 560, 246))  # tone marks over the title's capitals
    page.paste(0, (470, 250, 580, 290))  # the title
    page.paste(0, (680, 270, 681, 271))  # a speckle
    page.paste(0, (100, 330, 900, 360))  # the subject and body, full width
    boxes = column_crops(page)
    title = [b for b in boxes if b[1] <= 240 and b[3] >= 290]
    assert len(title) == 1 and title[0][0] == 0 and title[0][2] == 1000
    assert [b for b in boxes if b[3] < 240 and b[2] < 1000]  # the header is still cut in two


def _hocr(words: list[tuple[str, list[tuple[str, tuple[int, int, int, int]]]]]) -> str:
    """A one-line hOCR page (bbox 10 10 590 60, baseline 10 px above its bottom, size 40)."""
    spans = []
    for k, (_, chars) in enumerate(words):
        xs = [b for _, b in chars]
        cinfo = "".join(f"<span class='ocrx_cinfo' title='x_bboxes {b[0]} {b[1]} {b[2]} {b[3]}; x_conf 99'>{t}</span>" for t, b in chars)
        spans.append(f"<span class='ocrx_word' id='w{k}' title='bbox {xs[0][0]} 10 {xs[-1][2]} 60; x_wconf 95'>{cinfo}</span>")
    return (
        "<?xml version='1.0' encoding='UTF-8'?><html xmlns='http://www.w3.org/1999/xhtml'><body>"
        "<div class='ocr_page' title='bbox 0 0 600 100'><span class='ocr_line' title=\"bbox 10 10 590 60; baseline 0 -10; x_size 40\">"
        + "".join(spans) + "</span></div></body></html>"
    )


def _page_with_ink(words) -> "Image.Image":
    img = Image.new("L", (600, 100), 255)
    for _, chars in words:
        for _, (x0, y0, x1, y1) in chars:
            img.paste(0, (x0, y0, x1, y1))
    return img


def test_a_small_raised_figure_after_a_word_is_a_footnote_reference(monkeypatch):
    """Tesseract reads a raised footnote number glued to its word as a mark ("vực'."): the ink of
    that character ends well above the baseline and is too tall for a quote, so it is read
    again as digits only and becomes a reference; a closing quote sits as high but is smaller."""
    from converters.read import ocr
    from converters.read.lines import layout

    # Letters sit on the baseline (y 50); the raised figure ends at 30 and is 18 tall (0.45 of
    # the size); the closing quote ends at 24 and is 10 tall (0.25).
    words = [
        ("lĩnh", [("l", (12, 10, 20, 50)), ("ĩ", (22, 14, 30, 50)), ("n", (32, 25, 44, 50)), ("h", (46, 10, 58, 50))]),
        ("vực'.", [("v", (70, 25, 82, 50)), ("ự", (84, 14, 96, 50)), ("c", (98, 25, 110, 50)), ("'", (112, 12, 120, 30)), (".", (122, 46, 126, 50))]),
        ("“khéo”", [("“", (140, 14, 150, 24)), ("k", (152, 10, 164, 50)), ("h", (166, 10, 178, 50)), ("é", (180, 14, 192, 50)),
                    ("o", (194, 25, 206, 50)), ("”", (208, 14, 218, 24))]),
    ]
    calls = []

    def tesseract(exe, img, source, *args):
        calls.append(args)
        return "1\n" if "8" in args else _hocr(words)

    monkeypatch.setattr(ocr, "_tesseract", tesseract)
    got, _ = ocr._hocr_words_of("tesseract", _page_with_ink(words), "scan.png")
    assert [(w.text, w.sup) for w in got] == [("lĩnh", False), ("vực", False), ("1", True), (".", False), ("“khéo”", False)]
    assert len(calls) == 2  # the page, then the raised figure alone
    items, _ = layout([PageWords(got, 600.0, 100.0)])
    assert items[0].text == "lĩnh vực" + emit.ref("1") + ". “khéo”"


def test_raised_marks_not_read_again_are_numbered_in_sequence():
    from converters.read.lines import Word
    from converters.read.ocr import _number_anchors

    sup = lambda t: Word(t, 0, 1, 0, 1, 1, sup=True)  # noqa: E731
    pages = [PageWords([sup("1"), sup("")], 10, 10), PageWords([sup(""), sup("7"), sup("")], 10, 10)]
    _number_anchors(pages)
    assert [w.text for p in pages for w in p.words] == ["1", "2", "3", "7", "8"]


def test_a_star_stays_a_star():
    """A document may mark its notes with ``*``: OCR reads it right, it is printed as it is."""
    from converters.read.ocr import _RAISED_MARKS

    assert "*" not in _RAISED_MARKS


def test_a_resampled_page_loses_its_speckles_and_keeps_its_strokes():
    from converters.read.ocr import upscale

    page = Image.new("L", (1240, 1754), 255)  # A4 at 150 dpi
    page.putpixel((600, 600), 0)  # a speckle
    page.paste(0, (100, 100, 102, 140))  # a stroke two pixels wide (four at 300 dpi)
    big = upscale(page, 150.0)
    assert big.size == (2480, 3508)
    assert big.crop((1196, 1196, 1206, 1206)).getextrema()[0] > 128  # the speckle is gone
    assert big.crop((202, 210, 204, 270)).getextrema()[1] < 128  # the stroke stays


def test_a_footnote_whose_number_makes_its_line_taller_is_still_a_footnote():
    """On a scan the area is told by its smaller lines: a definition's number, set larger than
    its text, makes its first line nearly body-sized, and a noise line ("⁄;") may close the page."""
    words = []
    for k in range(12):
        words += _line("Nội dung của báo cáo viết đến hết dòng này thì xuống dòng tiếp theo.", 50, 100 + 14 * k)
    words += _line("1 Như: mở hội nghị quán triệt riêng hoặc lồng ghép.", 50, 700, size=9.2)
    words += _line("tại các cuộc họp cơ quan.", 50, 712, size=7.0)
    words += _line("⁄;", 50, 780, size=7.0)
    _, footnotes = layout([PageWords(words, 600.0, 800.0)])
    assert list(footnotes) == ["1"] and footnotes["1"][0].startswith("Như: mở hội nghị")


def _pdf_and_png(img, dpi: int) -> tuple[bytes, bytes]:
    import io

    pdf, png = io.BytesIO(), io.BytesIO()
    img.save(pdf, "PDF", resolution=dpi)
    img.save(png, "PNG", dpi=(dpi, dpi))
    return pdf.getvalue(), png.getvalue()


def test_a_scan_saved_as_pdf_gets_the_clean_up_of_the_same_scan_saved_as_an_image():
    """A PDF of a 150 dpi scan was rendered at 300 dpi by pdfium and read as it came: its
    speckles, enlarged, were read as marks.  Now both kinds of file take one path
    (``ocr.prepare_page``): the page at its scan's resolution, resampled and despeckled."""
    pytest.importorskip("pypdfium2")
    from converters.read import ocr

    page = Image.new("1", (1240, 1754), 1)  # A4 at 150 dpi, 1-bit (kept losslessly in the PDF)
    for k in range(20):  # lines of text, square to the page
        page.paste(0, (150, 800 + 30 * k, 1100, 812 + 30 * k))
    page.putpixel((600, 600), 0)  # a speckle
    page.paste(0, (100, 100, 102, 140))  # a stroke two pixels wide
    pdf, png = _pdf_and_png(page, 150)
    [(from_pdf, pdf_dpi)] = list(ocr._raw_pages(pdf, "scan.pdf"))
    [(from_png, png_dpi)] = list(ocr._raw_pages(png, "scan.png"))
    assert round(pdf_dpi) == round(png_dpi) == 150
    for img in (next(ocr._images(pdf, "scan.pdf")), next(ocr._images(png, "scan.png"))):
        assert abs(img.size[0] - 2480) <= 2 and img.size[1] == 3508
        assert img.crop((1194, 1194, 1208, 1208)).getextrema()[0] > 128  # the speckle is gone
        assert img.crop((202, 210, 204, 270)).getextrema()[1] < 128  # the stroke stays


def test_a_pdf_scan_at_300_dpi_or_more_is_read_at_300_and_a_pdf_without_images_too():
    pytest.importorskip("pypdfium2")
    from converters.read import ocr

    pdf, _ = _pdf_and_png(Image.new("1", (4960, 7016), 1), 600)  # A4 at 600 dpi
    [(img, dpi)] = list(ocr._raw_pages(pdf, "scan.pdf"))
    assert dpi == 300 and img.size[1] == 3508
    blank = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF"
    [(img, dpi)] = list(ocr._raw_pages(blank, "blank.pdf"))
    assert dpi == 300 and abs(img.size[1] - 3508) <= 2


def _one_line(tokens: list[tuple[str, tuple[int, int, int, int]]], draw=None) -> tuple[str, "Image.Image"]:
    """A one-line hOCR page (as :func:`_hocr`; baseline y 50, size 40, x-height 20) of whole words
    ``(text, word box)``, and its image: each box inked, or drawn by ``draw(img, k, box)`` when it returns True."""
    words = [(t, [(t, b)]) for t, b in tokens]
    img = Image.new("L", (600, 100), 255)
    for k, (t, b) in enumerate(tokens):
        if not (draw and draw(img, k, b)):
            img.paste(0, b)
    return _hocr(words).replace("x_size 40", "x_size 40; x_descenders 10; x_ascenders 10"), img


def _ocr_words(monkeypatch, hocr: str, img) -> list[Word]:
    from converters.read import ocr

    monkeypatch.setattr(ocr, "_tesseract", lambda exe, im, source, *args: hocr)
    return ocr._hocr_words_of("tesseract", img, "scan.png")[0]


def _read_line(monkeypatch, hocr: str, img) -> list[str]:
    return [w.text for w in _ocr_words(monkeypatch, hocr, img)]


# Word boxes: a bullet (filled, 12 px tall: 0.6 of the x-height, standing 10 px clear of the
# baseline) at x 14-26, the item's text from x 60 on (letters on the baseline, y 50).
_TEXT = [("Bộ", (60, 18, 84, 50)), ("trưởng;", (92, 18, 170, 50))]


@pytest.mark.parametrize("misread", ["®", "©", "e", "se", "e-"])
def test_a_bullet_misread_by_ocr_is_the_list_marker(monkeypatch, misread):
    hocr, img = _one_line([(misread, (14, 28, 26, 40))] + _TEXT)
    words = _ocr_words(monkeypatch, hocr, img)
    assert [w.text for w in words] == ["•", "Bộ", "trưởng;"]
    items, _ = layout([PageWords(words, 600.0, 100.0)])
    assert items[0].text == "- Bộ trưởng;"


def test_nothing_printed_between_a_bullet_and_its_text_is_dropped(monkeypatch):
    """OCR reads the blank of the hanging indent as ``_`` ("se _ Tổng giám đốc")."""
    hocr, img = _one_line([("se", (14, 28, 26, 40)), ("_", (34, 45, 48, 50))] + _TEXT, draw=lambda img, k, b: k == 1)
    assert _read_line(monkeypatch, hocr, img) == ["•", "Bộ", "trưởng;"]
    speck = lambda img, k, b: k == 1 and img.putpixel((40, 34), 0) is None  # noqa: E731
    hocr, img = _one_line([("®", (14, 28, 26, 40)), ("-", (34, 30, 48, 40))] + _TEXT, draw=speck)
    assert _read_line(monkeypatch, hocr, img) == ["•", "Bộ", "trưởng;"]  # a speck read as "-"
    hocr, img = _one_line([("®", (14, 28, 26, 40)), ("-", (34, 33, 48, 36))] + _TEXT)  # a printed dash stays
    assert _read_line(monkeypatch, hocr, img) == ["•", "-", "Bộ", "trưởng;"]


def test_a_plus_and_a_dash_read_as_marks_are_their_markers(monkeypatch):
    def cross(img, k, b):
        if k == 0:
            img.paste(0, (14, 32, 28, 35))  # the bar
            img.paste(0, (20, 26, 23, 41))  # the stem
            return True
        return False

    hocr, img = _one_line([("‡", (14, 26, 28, 41))] + _TEXT, draw=cross)
    assert _read_line(monkeypatch, hocr, img) == ["+", "Bộ", "trưởng;"]
    hocr, img = _one_line([("_", (14, 36, 26, 39))] + _TEXT)  # flat, mid-height: a dash
    assert _read_line(monkeypatch, hocr, img) == ["-", "Bộ", "trưởng;"]


def test_text_starting_with_the_misread_letters_or_marks_stays_as_printed(monkeypatch):
    """Letters stand on the baseline: ``e ngại``, ``se lạnh``, ``© 2025`` printed as text stay;
    a marker read right stays; a speck, or a bullet with no text after it, is no list item."""
    rest = [("ngại", (40, 18, 84, 50))]
    for token in [("e", (14, 30, 26, 50)), ("se", (14, 30, 34, 50)), ("©", (14, 16, 30, 50)), ("o", (14, 30, 26, 50))]:
        hocr, img = _one_line([token] + rest, draw=lambda img, k, b: k == 0 and _ring(img, b))
        assert _read_line(monkeypatch, hocr, img)[0] == token[0], token
        hocr, img = _one_line([token] + rest)  # filled, but standing on the baseline
        assert _read_line(monkeypatch, hocr, img)[0] == token[0], token
    for token in [("-", (14, 36, 26, 39)), ("+", (14, 26, 28, 41)), ("•", (14, 28, 26, 40)), (".", (14, 36, 17, 39))]:
        hocr, img = _one_line([token] + rest)
        assert _read_line(monkeypatch, hocr, img)[0] == token[0], token
    hocr, img = _one_line([("®", (14, 28, 26, 40))])  # nothing after it
    assert _read_line(monkeypatch, hocr, img) == ["®"]
    hocr, img = _one_line([("Bộ", (14, 18, 38, 50)), ("®", (60, 28, 72, 40)), ("trưởng", (80, 18, 150, 50))])
    assert _read_line(monkeypatch, hocr, img) == ["Bộ", "®", "trưởng"]  # not at the line's start


def _ring(img, box) -> bool:
    x0, y0, x1, y1 = box
    img.paste(0, box)
    img.paste(255, (x0 + 3, y0 + 3, x1 - 3, y1 - 3))
    return True


def test_a_ragged_right_list_item_wrapped_before_a_long_word_is_one_item():
    """A list item is set ragged right: its line stops short where the next word did not fit
    ("... trực thuộc Trung" / "ương;"); a short last line followed by a word that would have
    fitted still ends its paragraph."""
    body = [_line("Mở đầu của đoạn văn bản dài này viết đến hết dòng ở lề phải.", 50, 100 + 14 * k) for k in range(3)]
    words = [w for ln in body for w in ln]
    words += _line("• Chủ tịch các tỉnh, thành phố trực thuộc", 50, 142)  # ends at 275, the margin at 348
    words += [Word("Trungươngxx;", 58, 140, 156, 166, 10.0)]  # 82 wide: would not fit after 275
    words += _line("• Tổng biên tập.", 50, 170)
    words += _line("Hết.", 50, 184)  # 20 wide: would have fitted after "tập."
    items, _ = layout([PageWords(words, 600.0, 800.0, None)])
    paras = [i.text for i in items if i.kind == "para"]
    assert paras[1:] == ["- Chủ tịch các tỉnh, thành phố trực thuộc Trungươngxx;", "- Tổng biên tập.", "Hết."]


def _word_with_a_tail(tail_ink: list[tuple[int, int, int, int]], read_digits: str):
    """``vận”.`` as Tesseract gives it when a raised figure touches the period: its character
    boxes run into each other (the quote's box over the ``n``, the period's over the figure).
    The page's ink: the letters on the baseline (y 50), then ``tail_ink``, then the period."""
    chars = [("v", (70, 25, 82, 50)), ("ậ", (84, 14, 96, 50)), ("n", (98, 25, 108, 50)), ("”", (100, 12, 112, 50)), (".", (112, 10, 130, 50))]
    img = Image.new("L", (600, 100), 255)
    for box in [(70, 25, 82, 50), (84, 14, 96, 50), (98, 25, 108, 50), *tail_ink, (124, 46, 128, 50)]:
        img.paste(0, box)
    calls = []

    def tesseract(exe, im, source, *args):
        calls.append(args)
        return read_digits + "\n" if "8" in args else _hocr([("vận”.", chars)])

    return img, tesseract, calls


def test_a_raised_figure_the_character_boxes_miss_is_found_from_the_ink(monkeypatch):
    from converters.read import ocr

    img, tesseract, calls = _word_with_a_tail([(112, 14, 120, 32)], "2")  # 18 tall, ending 18 above the baseline
    monkeypatch.setattr(ocr, "_tesseract", tesseract)
    got, _ = ocr._hocr_words_of("tesseract", img, "scan.png")
    assert [(w.text, w.sup) for w in got] == [("vận", False), ("2", True), (".", False)]
    assert not any(w.doubt for w in got) and len(calls) == 2


def test_a_raised_figure_whose_digits_are_not_read_is_a_warning_not_a_guess(monkeypatch):
    from converters.read import ocr

    img, tesseract, _ = _word_with_a_tail([(112, 14, 120, 32)], "")
    monkeypatch.setattr(ocr, "_tesseract", tesseract)
    got, _ = ocr._hocr_words_of("tesseract", img, "scan.png")
    assert [(w.text, w.sup) for w in got] == [("vận”.", False)]
    assert got[0].doubt.startswith("nhận dạng chữ (OCR): sau «vận» có số nhỏ đặt cao")


def test_a_closing_quote_after_a_word_stays_a_quote(monkeypatch):
    """A closing quote sits as high as a raised figure but is smaller (two strokes, 0.25 of
    the size): no reference, no second reading, no warning."""
    from converters.read import ocr

    img, tesseract, calls = _word_with_a_tail([(111, 14, 114, 24), (116, 14, 119, 24)], "2")
    monkeypatch.setattr(ocr, "_tesseract", tesseract)
    got, _ = ocr._hocr_words_of("tesseract", img, "scan.png")
    assert [(w.text, w.sup, w.doubt) for w in got] == [("vận”.", False, "")] and len(calls) == 1


def test_the_editors_page_explains_an_unread_raised_figure_in_vietnamese():
    from converters.site.editors import explain

    from .vietnamese import is_vietnamese

    text = explain("nhận dạng chữ (OCR): sau «vận» có số nhỏ đặt cao (có thể là số chú thích) không đọc được, để nguyên «vận”.»", "raw/x/scan.png")
    assert is_vietnamese(text) and "«vận»" in text and "chú thích" in text


def test_a_word_the_reader_doubts_gives_the_page_a_warning(monkeypatch):
    from converters.read import ocr

    doubt = "nhận dạng chữ (OCR): sau «vận» có số nhỏ đặt cao (có thể là số chú thích) không đọc được, để nguyên «vận”.»"
    words = _line("Nội dung công tác dân", 50, 100) + [Word("vận”.", 160, 190, 100, 110, 10.0, doubt=doubt)]
    monkeypatch.setattr(ocr, "_check_tesseract", lambda source: "tesseract")
    monkeypatch.setattr(ocr, "engine_version", lambda exe: "tesseract 5")
    monkeypatch.setattr(ocr, "_images", lambda data, source: iter([Image.new("L", (600, 800), 255)]))
    monkeypatch.setattr(ocr, "_page_words", lambda exe, img, source: (words, [95.0] * len(words)))
    text, info = ocr.read_scan(b"", "scan.png")
    assert "vận”." in text and info["warnings"] == [doubt]


def test_a_raised_figure_ocr_left_out_is_found_behind_a_period_box_too_wide_for_a_period(monkeypatch):
    """At 150 dpi OCR may read ``vận.`` and leave the figure out; the period's box then spans
    the figure too (18 px: a period is about 0.15 of the size, 6 px here)."""
    from converters.read import ocr

    chars = [("v", (70, 25, 82, 50)), ("ậ", (84, 14, 96, 50)), ("n", (98, 25, 108, 50)), (".", (111, 10, 129, 50))]
    img, _, _ = _word_with_a_tail([(112, 14, 120, 32)], "2")

    def tesseract(exe, im, source, *args):
        return "2\n" if "8" in args else _hocr([("vận.", chars)])

    monkeypatch.setattr(ocr, "_tesseract", tesseract)
    got, _ = ocr._hocr_words_of("tesseract", img, "scan.png")
    assert [(w.text, w.sup) for w in got] == [("vận", False), ("2", True), (".", False)]
    # A period of its own size, after a word with nothing raised: no second look.
    chars[-1] = (".", (124, 44, 129, 50))
    plain = Image.new("L", (600, 100), 255)
    for box in [(70, 25, 82, 50), (84, 14, 96, 50), (98, 25, 108, 50), (124, 46, 128, 50)]:
        plain.paste(0, box)
    got, _ = ocr._hocr_words_of("tesseract", plain, "scan.png")
    assert [(w.text, w.sup) for w in got] == [("vận.", False)]
