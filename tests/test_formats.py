"""Format readers (``converters/read/``): Word, PDF, scans and old Word files in, the same page out.

The fixtures in ``tests/data/formats/`` are made by ``benchmarks/make_formats.py
--fixtures tests/data/formats`` from real documents of the corpus: a Công điện
of the Prime Minister (224/CĐ-TTg, five Word footnotes) as ``.docx`` and as the
PDF LibreOffice prints from it, and the first page of a Công văn (5253/CT-CS)
as a slightly turned, speckled 1-bit 300 dpi scan.  Tests needing Tesseract
or LibreOffice skip, saying so, where those are not installed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from converters import InputError, convert_file
from converters.read import emit, formats

pytest.importorskip("docx", reason="python-docx missing: pip install -e '.[formats]'")
pytest.importorskip("pdfplumber", reason="pdfplumber missing: pip install -e '.[formats]'")

DATA = Path(__file__).resolve().parent / "data" / "formats"
DOCX = DATA / "1095764e502a89b8.docx"
PDF = DATA / "1095764e502a89b8.pdf"
SCAN = DATA / "1871c6bc374a0bc4-scan.png"
SCHEMA = json.loads(resources.files("converters.schema").joinpath("page.schema.json").read_text("utf-8"))

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract missing: apt-get install tesseract-ocr tesseract-ocr-vie")
needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice missing (not installed in CI: too big): apt-get install libreoffice-writer-nogui",
)


def _footnotes(body: str) -> dict[str, str]:
    return dict(re.findall(r"^\[\^(\w+)\]: (.*)$", body, re.M))


def _assert_cong_dien(page) -> None:
    """What both the Word file and its PDF must give: header fields, footnotes with anchors, end matter."""
    meta = page.meta
    jsonschema.validate(meta, SCHEMA)
    assert meta["number"] == "224/CĐ-TTg"
    assert meta["date"] == "2025-11-20"
    assert meta["place"] == "Hà Nội"
    assert meta["doc_type"] == "Công điện"
    assert meta["issuers"][0] == "Thủ tướng Chính phủ"
    assert meta["national_heading"] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert meta["title"].startswith("về việc khẩn trương chuẩn bị tổ chức lễ khánh thành")  # trích yếu in running-text case
    # The end table's cells: the signature (right) and the recipients (left).
    [signer] = meta["signers"]
    assert signer["name"] == "Phạm Minh Chính" and "Thủ tướng" in (signer["role"], signer["title"])
    assert "Văn phòng Trung ương Đảng" in meta["recipients"]
    assert meta["recipients"][-1] == "Lưu: VT, CN (2b)"  # the typist's initials after the copy count
    assert meta["typist_initials"] == ["THH"]
    notes = _footnotes(page.body)
    assert sorted(notes) == ["1", "2", "3", "4", "5"]
    assert notes["2"] == "Bộ Giáo dục và Đào tạo, Bộ Ngoại giao, Ngân hàng Nhà nước Việt Nam."
    assert notes["3"].startswith("UBND các tỉnh: Tuyên Quang, Cao Bằng")
    # Each anchor sits where Word put it, after the word it explains.
    assert "còn 03 bộ, cơ quan[^2] và 09 địa phương[^3]" in page.body
    assert not page.warnings, page.warnings


def test_docx_fixture_gives_header_footnotes_and_end_matter():
    page = convert_file(str(DOCX))
    assert page.meta["source_format"] == "docx"
    assert "source_encoding" not in page.meta
    _assert_cong_dien(page)


def test_docx_emits_header_cells_side_by_side_and_bold_headings():
    from converters.read.docx import read_docx

    text, info = read_docx(DOCX.read_bytes(), "x.docx")
    assert info == {"source_format": "docx", "footnotes": 5}
    lines = text.splitlines()
    # The header table's cells as the layout stage reads them: one "| a | b |" row per printed line.
    assert lines[0] == "| **THỦ TƯỚNG CHÍNH PHỦ** | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM** |"
    assert "| Số: 224/CĐ-TTg | *Hà Nội, ngày 20 tháng 11 năm 2025* |" in lines
    # Word's footnotes: "[n]" anchors in the text, "[n] text" definitions.
    assert re.search(r"nhiều văn bản\[1\] chỉ đạo", text) and re.search(r"^\[1\] \S", text, re.M)
    assert "**CÔNG ĐIỆN**" in lines
    assert "- Tổng biên tập Báo Nhân dân;" in lines  # a Word bullet made explicit


def test_pdf_fixture_gives_the_same_metadata_as_the_docx():
    page = convert_file(str(PDF))
    assert page.meta["source_format"] == "pdf"
    _assert_cong_dien(page)
    # Page numbers printed in the footer are dropped, nothing else of the page foot is.
    assert not re.search(r"^\d{1,2}$", page.body, re.M)


def test_pdf_body_text_matches_the_docx_body():
    docx_page, pdf_page = convert_file(str(DOCX)), convert_file(str(PDF))
    words = lambda body: re.findall(r"\w+", re.sub(r"\]\([^)]*\)", "]", body))  # noqa: E731
    assert words(pdf_page.body) == words(docx_page.body)


def _docx_with_table_and_numbering(path: Path) -> None:
    import docx

    d = docx.Document()
    header = d.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "UBND TỈNH KIÊN GIANG"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    header.cell(0, 1).add_paragraph("Độc lập - Tự do - Hạnh phúc")
    header.cell(1, 0).text = "Số: 120/KH-UBND"
    header.cell(1, 1).text = "Rạch Giá, ngày 27 tháng 10 năm 2016"
    for text in ("KẾ HOẠCH", "Thực hiện công tác dân vận năm 2017"):
        p = d.add_paragraph()
        p.alignment = 1  # centred
        p.add_run(text).bold = True
    p = d.add_paragraph()
    p.add_run("I. MỤC ĐÍCH").bold = True
    d.add_paragraph("Nâng cao chất lượng công tác dân vận của ").add_run("cơ quan hành chính").italic = True
    d.add_paragraph("Tuyên truyền sâu rộng", style="List Number")
    d.add_paragraph("Kiểm tra, giám sát", style="List Number")
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate([("STT", "Đơn vị", "Số cuộc"), ("1", "Huyện Hòn Đất", "12"), ("2", "Thị xã Hà Tiên", "1.580")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_paragraph("Triển khai thực hiện nghiêm túc./.")
    end = d.add_table(rows=1, cols=2)
    end.cell(0, 0).text = "Nơi nhận:"
    end.cell(0, 0).add_paragraph("- Lưu: VT.")
    end.cell(0, 1).text = "KT. CHỦ TỊCH"
    for line in ("PHÓ CHỦ TỊCH", "", "Nguyễn Văn An"):
        end.cell(0, 1).add_paragraph(line)
    d.save(str(path))


def test_docx_data_table_numbering_and_emphasis(tmp_path):
    path = tmp_path / "ke-hoach.docx"
    _docx_with_table_and_numbering(path)
    page = convert_file(str(path), str(tmp_path))
    meta = page.meta
    assert (meta["number"], meta["date"], meta["place"], meta["doc_type"]) == ("120/KH-UBND", "2016-10-27", "Rạch Giá", "Kế hoạch")
    assert meta["title"] == "Thực hiện công tác dân vận năm 2017"
    assert meta["signers"] == [{"role": "KT. Chủ tịch", "title": "Phó Chủ tịch", "name": "Nguyễn Văn An"}]
    assert meta["recipients"] == ["Lưu: VT"]
    body = page.body
    assert "*cơ quan hành chính*" in body
    assert "## I. MỤC ĐÍCH" in body
    # Word's generated list labels are written out.
    assert re.search(r"^(?:#+ )?1\. Tuyên truyền sâu rộng$", body, re.M) and re.search(r"^(?:#+ )?2\. Kiểm tra, giám sát$", body, re.M)
    # Every cell of the data table is kept, in order.
    cells = re.findall(r"Huyện Hòn Đất|Thị xã Hà Tiên|1\.580|Số cuộc", body)
    assert cells == ["Số cuộc", "Huyện Hòn Đất", "Thị xã Hà Tiên", "1.580"]


def _docx_with_footnote_and_typed_brackets(path: Path) -> None:
    """A small Word file with one real Word footnote and a ``[3]`` typed in its text."""
    import docx
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    d = docx.Document()
    for text in ("BÁO CÁO", "Kết quả công tác dân vận năm 2025"):
        p = d.add_paragraph()
        p.alignment = 1  # centred
        p.add_run(text).bold = True
    p = d.add_paragraph("Thực hiện Kết luận số 114-KL/TW")
    ref = p.add_run()._r
    ref.append(parse_xml(f'<w:footnoteReference xmlns:w="{w}" w:id="1"/>'))
    p.add_run(", các cơ quan đã triển khai theo điểm [3] của Phụ lục và mục [12].")
    d.add_paragraph("Đề nghị các đơn vị thực hiện./.")
    notes = (
        f'<w:footnotes xmlns:w="{w}">'
        f'<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        f'<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
        f"<w:r><w:t xml:space=\"preserve\"> Kết luận của Ban Bí thư ngày 14/7/2015 (xem [2] của văn bản).</w:t></w:r></w:p></w:footnote>"
        "</w:footnotes>"
    )
    part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, notes.encode("utf-8"), d.part.package)
    d.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    d.save(str(path))


def test_docx_typed_bracket_number_is_text_when_the_file_has_word_footnotes(tmp_path):
    """A ``[3]`` typed in a Word file that has real footnotes is text, not a reference to note 3."""
    path = tmp_path / "bao-cao.docx"
    _docx_with_footnote_and_typed_brackets(path)
    page = convert_file(str(path), str(tmp_path))
    body = page.body
    assert "Kết luận số 114-KL/TW" in body and "[^1]" in body
    assert "[^1]: Kết luận của Ban Bí thư ngày 14/7/2015 (xem \\[2\\] của văn bản)." in body
    assert "theo điểm \\[3\\] của Phụ lục và mục \\[12\\]." in body  # shown as typed: [3], [12]
    assert "[^3]" not in body and "[^12]" not in body
    assert not [w for w in page.meta["warnings"] if "chú thích" in w], page.meta["warnings"]


def test_emission_can_switch_to_the_layout_stage_forms(monkeypatch):
    monkeypatch.setattr(emit, "CELL_FORM", "pipes")
    monkeypatch.setattr(emit, "FOOTNOTE_FORM", "brackets")
    text = emit.text(
        [emit.Item("columns", cells=[["BỘ TÀI CHÍNH"], ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]]), emit.Item("para", text="Nội dung" + emit.ref("1")),
         emit.Item("table", rows=[["STT", "Đơn vị"], ["1", "Sở Nội vụ"]])],
        {"1": ["Chú thích."]},
    )
    assert text.splitlines() == ["| BỘ TÀI CHÍNH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |", "", "Nội dung[1]", "", "| STT | Đơn vị |", "| 1 | Sở Nội vụ |", "", "[1] Chú thích."]


@pytest.fixture(scope="module")
def scan_page():
    if shutil.which("tesseract") is None:
        pytest.skip("Tesseract missing: apt-get install tesseract-ocr tesseract-ocr-vie")
    return convert_file(str(SCAN))


@needs_tesseract
def test_scan_is_read_by_ocr_with_its_header(scan_page):
    meta = scan_page.meta
    jsonschema.validate(meta, SCHEMA)
    assert meta["source_format"] == "scan"
    assert meta["ocr"]["engine"].startswith("tesseract") and meta["ocr"]["engine"].endswith("(vie)")
    assert 0.8 < meta["ocr"]["confidence"] <= 1
    assert (meta["number"], meta["date"], meta["place"]) == ("5253/CT-CS", "2025-11-17", "Hà Nội")
    assert meta["issuers"][:2] == ["Bộ tài chính", "Cục Thuế"] or meta["issuers"][-1] == "Cục Thuế"
    assert "Nghị định số 103/2024/NĐ-CP" in re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", scan_page.body)
    assert meta["signers"] and meta["signers"][-1]["name"] == "Phạm Thị Minh Hiền"


@needs_tesseract
def test_a_scan_saved_as_pdf_is_read_like_the_scan_saved_as_an_image(tmp_path, scan_page):
    """The fixture page as an office's scanner may save it: a PDF holding a 150 dpi grey image
    (made here from the PNG fixture: halved, speckled with a fixed seed).  It takes the image
    path's clean-up (``ocr.prepare_page``) and gives the same header."""
    import random

    from PIL import Image

    img = Image.open(SCAN).convert("L")
    img = img.resize((img.size[0] // 2, img.size[1] // 2), Image.BOX)
    rnd = random.Random("scan-pdf")
    px = img.load()
    for _ in range(img.size[0] * img.size[1] // 4000):
        px[rnd.randrange(img.size[0]), rnd.randrange(img.size[1])] = rnd.randrange(0, 120)
    pdf = tmp_path / "cong-van-quet.pdf"
    img.save(pdf, "PDF", resolution=150)
    page = convert_file(str(pdf), str(tmp_path))
    meta = page.meta
    jsonschema.validate(meta, SCHEMA)
    assert meta["source_format"] == "scan" and 0.8 < meta["ocr"]["confidence"] <= 1
    for key in ("number", "date", "place", "doc_type"):
        assert meta[key] == scan_page.meta[key], key
    assert meta["signers"] and meta["signers"][-1]["name"] == "Phạm Thị Minh Hiền"
    # Speckles read as marks broke this paragraph in two ("Điều 48," / "—" / "khoản 5").
    assert "Điều 48, khoản 5 Điều 51" in page.body and "\n—\n" not in page.body


@needs_tesseract
def test_low_ocr_confidence_is_a_warning_explained_in_vietnamese(monkeypatch):
    from converters.site.editors import explain
    from converters.read import ocr

    monkeypatch.setattr(ocr, "LOW_CONFIDENCE", 0.999)
    page = convert_file(str(SCAN))
    warning = [w for w in page.warnings if w.startswith("nhận dạng chữ (OCR) kém tin cậy")]
    assert len(warning) == 1 and f"{page.meta['ocr']['confidence']:.2f}" in warning[0]
    assert "ảnh quét" in explain(warning[0], "raw/x/scan.png")


def test_scan_without_tesseract_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract on this PATH
    with pytest.raises(InputError) as err:
        convert_file(str(SCAN), str(DATA.parent.parent.parent))
    message = str(err.value)
    assert "tests/data/formats/1871c6bc374a0bc4-scan.png" in message
    assert "Tesseract" in message and "apt-get install tesseract-ocr tesseract-ocr-vie" in message


def test_old_word_without_libreoffice_says_to_save_as_docx(tmp_path, monkeypatch):
    doc = tmp_path / "cu.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(InputError) as err:
        convert_file(str(doc), str(tmp_path))
    assert "cu.doc" in str(err.value) and ".docx" in str(err.value) and "LibreOffice" in str(err.value)


@needs_soffice
def test_old_word_is_read_through_libreoffice(tmp_path):
    subprocess.run(
        [shutil.which("soffice") or "libreoffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "doc", "--outdir", str(tmp_path), str(DOCX)],
        check=True, capture_output=True, timeout=300,
    )
    page = convert_file(str(tmp_path / (DOCX.stem + ".doc")), str(tmp_path))
    assert page.meta["source_format"] == "doc"
    assert (page.meta["number"], page.meta["date"]) == ("224/CĐ-TTg", "2025-11-20")
    assert len(_footnotes(page.body)) == 5


def test_content_decides_the_reader_not_the_name(tmp_path):
    misnamed = tmp_path / "bao-cao.pdf"
    shutil.copyfile(DOCX, misnamed)
    assert formats.sniff(misnamed.read_bytes()) == "docx"
    assert convert_file(str(misnamed), str(tmp_path)).meta["number"] == "224/CĐ-TTg"
    archive = tmp_path / "ho-so.docx"
    import zipfile

    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a.txt", "không phải Word")
    with pytest.raises(InputError, match="ZIP"):
        convert_file(str(archive), str(tmp_path))
    text = tmp_path / "a.txt"
    text.write_text("BÁO CÁO\nTổng kết công tác năm 2020\n\nNăm 2020, công tác dân vận đạt kết quả.\n", "utf-8")
    meta = convert_file(str(text), str(tmp_path)).meta
    assert (meta["source_format"], meta["source_encoding"]) == ("txt", "utf-8")


def test_check_add_and_the_site_pick_up_every_format(tmp_path, monkeypatch, capsys):
    from converters.cli.main import main
    from converters.cli.check import find_raw_files
    from converters.site.generate import raw_files

    (tmp_path / "raw" / "x").mkdir(parents=True)
    (tmp_path / "inbox").mkdir()
    shutil.copyfile(DOCX, tmp_path / "raw" / "x" / "cong-dien.docx")
    # The same document twice would be two files claiming one page (an error, issue [0/6] 7):
    # the PDF stands for another Công điện here, its number set by its sidecar.
    shutil.copyfile(PDF, tmp_path / "raw" / "x" / "cong-dien-khac.pdf")
    (tmp_path / "raw" / "x" / "cong-dien-khac.meta.yml").write_text("number: 225/CĐ-TTg\n", "utf-8")
    found = [os.path.basename(p) for p in raw_files(str(tmp_path))]
    assert found == ["cong-dien-khac.pdf", "cong-dien.docx"]
    assert [os.path.basename(p) for p in find_raw_files([str(tmp_path / "raw")])[0]] == found
    monkeypatch.chdir(tmp_path)
    assert main(["check", "raw"]) == 0
    out = capsys.readouterr().out
    assert "2 văn bản: 2 đạt, 0 lỗi" in out
    # baocao add keeps the original file and its suffix.
    shutil.copyfile(DOCX, tmp_path / "inbox" / "moi.docx")
    assert main(["add", "--yes", "--raw-dir", "raw2", "inbox/moi.docx"]) == 0
    out = capsys.readouterr().out
    assert "Word (.docx)" in out
    stored = [p for p in (tmp_path / "raw2").rglob("*") if p.is_file()]
    assert len(stored) == 1 and stored[0].suffix == ".docx" and stored[0].read_bytes() == DOCX.read_bytes()


def test_site_offers_the_original_file_beside_its_page(tmp_path):
    from converters.site.generate import generate

    (tmp_path / "raw" / "x").mkdir(parents=True)
    shutil.copyfile(DOCX, tmp_path / "raw" / "x" / "cong-dien.docx")
    result = generate(str(tmp_path))
    [page] = (tmp_path / "docs" / "bao-cao").rglob("*224-cd-ttg.md")
    copy = page.with_suffix(".docx")
    assert copy.read_bytes() == DOCX.read_bytes()
    assert f"[Tải văn bản gốc (Word, .docx)]({copy.name})" in page.read_text("utf-8")
    assert copy.relative_to(tmp_path / "docs").as_posix() in result.written
    # The copy goes with its report: removed when the raw file is.
    (tmp_path / "raw" / "x" / "cong-dien.docx").unlink()
    (tmp_path / "raw" / "x" / "a.txt").write_text("BÁO CÁO\nTổng kết năm 2020\n\nNăm 2020, công tác dân vận đạt kết quả.\n", "utf-8")
    generate(str(tmp_path))
    assert not copy.exists() and not page.exists()
