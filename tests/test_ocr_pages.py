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
