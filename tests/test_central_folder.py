"""A central body's report is under ``bao-cao/trung-uong/``, browsed as "Trung ương" (issue 16 §4).

A central body (Chính phủ, Văn phòng Chính phủ, a Bộ, Ban ... Trung ương) has no province by
design (``steps/province.py`` rule 2); its report used to land in ``bao-cao/khong-ro/`` (province
unknown) with the provincial reports whose province could not be read.  Those stay there, with
their warning; URLs of reports with a province do not move.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from converters import convert
from converters.cli import add
from converters.frontmatter import split_front_matter
from converters.site import generate as site

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "real" / "raw"

#: A Công văn of Văn phòng Chính phủ, laid out as the corpus' portal texts are (header cells).
CENTRAL = """VĂN PHÒNG CHÍNH PHỦ
-------
|
**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số: 11289/VPCP-KSTT
*V/v: triển khai công tác dân vận năm 2026*
|
*Hà Nội, ngày 19 tháng 11 năm 2025*
|
**Kính gửi:** Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ.
Thực hiện chỉ đạo của Thủ tướng Chính phủ, Văn phòng Chính phủ đề nghị các bộ, cơ quan
triển khai công tác dân vận năm 2026 theo chức năng, nhiệm vụ được giao./.
|
**Nơi nhận:**
- Như trên;
- Lưu: VT, KSTT.
|
**KT. BỘ TRƯỞNG, CHỦ NHIỆM**
**PHÓ CHỦ NHIỆM**
Nguyễn Văn A
|
"""
CENTRAL_PAGE = "bao-cao/trung-uong/2025-cong-van-11289-vpcp-kstt.md"

#: A provincial report that names no province anywhere (no header).
NO_PROVINCE = "BÁO CÁO\nTổng kết công tác dân vận năm 2020\n\nNăm 2020, công tác dân vận được triển khai.\n\nNơi nhận:\n- Lưu VP.\n"
NO_PROVINCE_PAGE = "bao-cao/khong-ro/bao-cao-tong-ket-cong-tac-dan-van-nam-2020.md"

KON_TUM = REPO / "raw" / "kon-tum" / "2016-11-18-bao-cao-111-bc-tu.txt"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("central")
    for name, data in (("raw/trung-uong/vpcp.txt", CENTRAL.encode()), ("raw/x/khong-tinh.txt", NO_PROVINCE.encode()),
                       ("raw/kon-tum/111.txt", KON_TUM.read_bytes())):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    result = site.generate(str(root), cache=False)
    return root / "docs", {d.source: d for d in result.docs}


def test_central_report_page_is_under_trung_uong_without_warning(built):
    docs, by_source = built
    central = by_source["raw/trung-uong/vpcp.txt"]
    assert central.path == CENTRAL_PAGE and not central.error
    assert not any(w.startswith("không rõ tỉnh") for w in central.warnings)
    meta, body = split_front_matter((docs / CENTRAL_PAGE).read_text("utf-8"))
    assert meta["province"] is None and meta["issuers"] == ["Văn phòng Chính phủ"]
    assert "<dt>Tỉnh</dt><dd>Trung ương</dd>" in body  # the metadata panel, not "Không rõ"


def test_unknown_province_stays_under_khong_ro_with_its_warning(built):
    docs, by_source = built
    unknown = by_source["raw/x/khong-tinh.txt"]
    assert unknown.path == NO_PROVINCE_PAGE
    assert any(w.startswith("không rõ tỉnh") for w in unknown.warnings)
    assert by_source["raw/kon-tum/111.txt"].path == "bao-cao/kon-tum/2016-bao-cao-111-bc-tu.md"  # unmoved


def test_browse_by_province_has_trung_uong_first_and_khong_ro_last(built):
    docs, _ = built
    index = (docs / "duyet/tinh/index.md").read_text("utf-8")
    rows = [line for line in index.splitlines() if line.startswith("| [")]
    assert [r.split("]")[0] for r in rows] == ["| [Trung ương", "| [Kon Tum", "| [Quảng Ngãi", "| [Không rõ"]
    central = (docs / "duyet/tinh/trung-uong.md").read_text("utf-8")
    assert "\n# Tỉnh: Trung ương\n" in central
    assert "2025-cong-van-11289-vpcp-kstt" in central and "tong-ket-cong-tac" not in central
    unknown = (docs / "duyet/tinh/khong-ro.md").read_text("utf-8")
    assert "tong-ket-cong-tac" in unknown and "vpcp" not in unknown
    # Report tables name the central report's place as "Trung ương".
    assert "| Trung ương | [triển khai công tác dân vận năm 2026]" in (docs / "duyet/index.md").read_text("utf-8")


def test_add_stores_a_central_report_under_raw_trung_uong():
    meta = convert(CENTRAL, "raw/x.txt").meta
    assert add.stored_name(meta) == "trung-uong/2025-cong-van-11289-vpcp-kstt.txt"
    assert add.stored_name(convert(NO_PROVINCE, "raw/x.txt").meta).startswith("khong-ro/")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="development corpus not beside the clone")
def test_corpus_central_documents_leave_khong_ro():
    """Of the corpus' documents without a province, those the converter read as a central body's
    (no "không rõ tỉnh" warning, an issuer) are under trung-uong; none is left under khong-ro."""
    from converters import convert_file

    folders = {}
    for path in sorted(CORPUS.glob("*.txt")):
        page = convert_file(str(path), root=str(CORPUS))
        if page.meta.get("province") is None and page.meta.get("issuers"):
            warned = any(w.startswith("không rõ tỉnh") for w in page.warnings)
            folders[path.name] = (site.page_path(page.meta).split("/")[1], warned)
    assert len(folders) > 50
    assert {name: f for name, f in folders.items() if f != ("trung-uong", False)} == {}
