"""Citation recognition and identity (converters/lexicon/citations.py, converters/lexicon/symbols.py).

Labelled cases live in ``tests/cases/citations.yml``; this file adds the sample-wide checks
(every sample cites 114-KL/TW; Kiên Giang's 1823-TB/TU meets across two reports), the
symbol-table functions, descriptions, and properties (offsets, idempotence, no crash).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from converters.lexicon.citations import (
    Citation,
    CitationScanner,
    citation_description,
    identity,
    merge_descriptions,
    split_by_term,
)
from converters.lexicon.symbols import canonical_number, citation_scope, doc_type_from_symbol

ROOT = Path(__file__).resolve().parent.parent
CASES = yaml.safe_load((ROOT / "tests" / "cases" / "citations.yml").read_text("utf-8"))
SAMPLES = sorted((ROOT / "raw").glob("*/*.txt"))
PROVINCE_OF_DIR = {"kien-giang": "Kiên Giang", "kon-tum": "Kon Tum", "binh-thuan": "Bình Thuận"}


def _scan_all(province, blocks):
    scanner = CitationScanner(province)
    found = []
    for block in blocks:
        for c in scanner.scan(block):
            assert block[c.start:c.end] == c.text  # offsets address the scanned text
            found.append(c)
    return scanner, found


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_case(case):
    scanner, found = _scan_all(case["province"], case["blocks"])
    got = [{k: getattr(c, k) for k in want} for c, want in zip(found, case["expect"])]
    assert got == case["expect"], [c.text for c in found]
    assert len(found) == len(case["expect"]), [c.text for c in found]
    if "warnings" in case:
        assert scanner.warnings == case["warnings"]


# ---------------------------------------------------------------- samples
def _plain(text: str) -> str:
    """The samples' inline markup removed, roughly as the pipeline hands blocks over."""
    text = re.sub(r"<sup>.*?</sup>", "", text)
    return re.sub(r"[*#]", "", text)


def _sample_citations(path: Path):
    province = PROVINCE_OF_DIR[path.parent.name]
    scanner = CitationScanner(province)
    cites = []
    for block in _plain(path.read_text("utf-8-sig")).split("\n"):
        cites.extend(scanner.scan(block))
    return scanner, cites


def test_every_sample_cites_114_kl_tw():
    assert len(SAMPLES) == 5
    for path in SAMPLES:
        _, cites = _sample_citations(path)
        assert "114-KL/TW" in {c.key for c in cites}, path


def test_kien_giang_1823_is_one_document_in_two_reports():
    citing = {}
    for path in SAMPLES:
        _, cites = _sample_citations(path)
        for c in cites:
            if c.number == "1823-TB/TU":
                citing.setdefault(path.name, set()).add((c.key, c.doc_type))
    assert len(citing) == 2
    keys = {k for pairs in citing.values() for k, _ in pairs}
    types = {t for pairs in citing.values() for _, t in pairs}
    assert keys == {"kien-giang:1823-TB/TU"}
    assert types == {"Thông báo", "Thông báo kết luận"}


def test_samples_resolve_short_forms_and_restore_symbols():
    by_name = {p.name: _sample_citations(p) for p in SAMPLES}
    scanner, cites = by_name["2021-04-15-ke-hoach-415-kh-bdvtu-bcsdubnd.txt"]
    shorts = [c for c in cites if c.short]
    assert {(c.text, c.number) for c in shorts} == {("Kết luận số 114", "114-KL/TW"), ("Chỉ thị số 16", "16/CT-TTg")}
    assert scanner.warnings == []
    numbers = {c.number for c in cites}
    assert "52-CTr/BDV-BCSĐUBND" in numbers and not any("BCSDUBND" in n for n in numbers if n)
    scanner, cites = by_name["bao-cao-tong-ket-cong-tac-dan-van-nam-2020.txt"]
    # "Nghị quyết 24 khóa IX" is never cited in full in that report
    assert scanner.warnings == ["viện dẫn ghi tắt, không tìm được số, ký hiệu đầy đủ: Nghị quyết 24", "viện dẫn ghi tắt, không tìm được số, ký hiệu đầy đủ: Nghị quyết số 24"]


def test_kon_tum_ocr_variants_meet():
    _, cites = _sample_citations(ROOT / "raw/kon-tum/2016-11-18-bao-cao-111-bc-tu.txt")
    variants = {c.text for c in cites if c.key == "114-KL/TW"}
    assert {"Kết luận số 114- KL/TW, ngày 14-7-2015", "Kết luận 114-KL/TW", "KẾT LUẬN 114- KL/TW"} <= variants


def test_same_number_two_provinces_two_documents():
    a = CitationScanner("Kon Tum").scan("Báo cáo số 111-BC/TU")[0]
    b = CitationScanner("Kiên Giang").scan("Báo cáo số 111-BC/TU")[0]
    assert a.number == b.number == "111-BC/TU"
    assert a.key != b.key and a.slug != b.slug
    c = CitationScanner("Kon Tum").scan("Kết luận số 114-KL/TW")[0]
    d = CitationScanner("Kiên Giang").scan("Kết luận số 114-KL/TW")[0]
    assert c.key == d.key == "114-KL/TW"


def test_tone_placement_of_province_does_not_split_identity():
    assert identity("12-KH/TU", "Khánh Hoà") == identity("12-KH/TU", "Khánh Hòa")
    assert identity("12-KH/TU", "Khánh Hòa")[1] == "khanh-hoa:12-KH/TU"


# ---------------------------------------------------------------- symbols
@pytest.mark.parametrize(
    "raw, canonical",
    [
        ("114- KL/TW", "114-KL/TW"),
        ("114 -KL/ TW", "114-KL/TW"),
        ("52-CTr/BDV-BCSDUBND", "52-CTr/BDV-BCSĐUBND"),
        ("52-ctr/bdv-bcsdubnd", "52-CTr/BDV-BCSĐUBND"),
        ("30/2018/QĐ-UBND", "30/2018/QĐ-UBND"),
        ("30/2018/QD-UBND", "30/2018/QĐ-UBND"),
        ("64/2014/NÐ-CP", "64/2014/NĐ-CP"),
        ("11-QDi/TW", "11-QĐi/TW"),
        ("65/2016/NQ-HDND", "65/2016/NQ-HĐND"),
        ("415-KH/BDVTU-BCSDUBND", "415-KH/BDVTU-BCSĐUBND"),
        ("33-HD/BDVTU", "33-HD/BDVTU"),  # HD = Hướng dẫn: no Đ to restore
        ("1276 /UBND-KGVX", "1276/UBND-KGVX"),
        ("16/CT-TTG", "16/CT-TTg"),
        ("13-HDLT/BDVTU-BCDXYZ", "13-HDLT/BDVTU-BCDXYZ"),  # unknown compound: left as written
    ],
)
def test_canonical_number(raw, canonical):
    assert canonical_number(raw) == canonical
    assert canonical_number(canonical) == canonical  # idempotent


@pytest.mark.parametrize(
    "number, doc_type, scope",
    [
        ("114-KL/TW", "Kết luận", "central"),
        ("111-BC/TU", "Báo cáo", "provincial"),
        ("415-KH/BDVTU-BCSĐUBND", "Kế hoạch", "provincial"),
        ("52-CTr/BDV-BCSĐUBND", "Chương trình", "provincial"),
        ("79-CTr/BDVTW-BCSĐCP", "Chương trình", "central"),
        ("16/CT-TTg", "Chỉ thị", "central"),
        ("64/2014/NĐ-CP", "Nghị định", "central"),
        ("4685/UBND-SNV", "Công văn", "provincial"),
        ("1051-CV/TU", "Công văn", "provincial"),
        ("456-CV/BDVTW", "Công văn", "central"),
        ("03/2007/QĐ-BNV", "Quyết định", "central"),
        ("34/2007/PL-UBTVQH11", "Pháp lệnh", "central"),
        ("25/2004/QH11", "Luật", "central"),
        ("77/NQ-HĐND", "Nghị quyết", "provincial"),
        ("212-HD/STNMT", "Hướng dẫn", "provincial"),
        ("11-QĐi/TW", "Quy định", "central"),
        ("5-TT/TW", "Thông tri", "central"),
        ("5/2019/TT-BTC", "Thông tư", "central"),
    ],
)
def test_doc_type_and_scope_from_symbol(number, doc_type, scope):
    assert doc_type_from_symbol(number) == doc_type
    assert citation_scope(number) == scope


def test_unknown_issuer_is_provincial_so_provinces_never_merge():
    assert citation_scope("7-KH/XYZ") == "provincial"
    assert doc_type_from_symbol("7-XYZ/TU") is None


# ---------------------------------------------------------------- descriptions
def test_merge_descriptions_takes_most_frequent_then_longest():
    s = CitationScanner("Kiên Giang")
    cites = s.scan(
        "Kết luận số 114-KL/TW, ngày 14-7-2015 của Ban Bí thư Trung ương Đảng (khóa XI) về nâng cao hiệu quả "
        "công tác dân vận của cơ quan nhà nước các cấp; Kết luận số 114-KL/TW, ngày 04/7/2015 về nâng cao hiệu quả; "
        "Kết luận số 114-KL/TW ngày 14-7-2015 của Ban Bí thư Trung ương Đảng khoá XI; Kết luận số 114."
    )
    assert [c.key for c in cites] == ["114-KL/TW"] * 4
    merged = merge_descriptions(cites)
    assert merged["date"] == "2015-07-14"  # 2 of 3
    assert merged["issuer"] == "Ban Bí thư Trung ương Đảng (khóa XI)"  # tie on count: the longest
    assert merged["subject"] == "về nâng cao hiệu quả công tác dân vận của cơ quan nhà nước các cấp"
    assert merged["count"] == 4
    assert merged["description"] == (
        "Kết luận số 114-KL/TW, ngày 14-7-2015 của Ban Bí thư Trung ương Đảng (khóa XI) về nâng cao hiệu quả "
        "công tác dân vận của cơ quan nhà nước các cấp"
    )
    assert merge_descriptions(list(reversed(cites))) == merged  # order does not matter


def test_merge_descriptions_empty_raises():
    with pytest.raises(ValueError):
        merge_descriptions([])


def test_description_of_unresolved_short_form_uses_its_text():
    c = CitationScanner(None).scan("theo Nghị quyết số 24 khóa IX")[0]
    assert c.number is None
    assert citation_description(c) == "Nghị quyết số 24"


def test_description_of_a_law_cited_by_name_is_its_noun_phrase():
    s = CitationScanner("Vĩnh Long")
    cites = s.scan("Căn cứ Luật Đất đai số 31/2024/QH15 ngày 18 tháng 01 năm 2024 của Quốc hội; "
                   "Luật số 31/2024/QH15 được sửa đổi, bổ sung bởi Luật số 43/2024/QH15.")
    assert [c.key for c in cites] == ["31/2024/QH15", "31/2024/QH15", "43/2024/QH15"]
    assert citation_description(cites[0]) == "Luật Đất đai số 31/2024/QH15, ngày 18-01-2024 của Quốc hội"
    assert citation_description(cites[2]) == "Luật số 43/2024/QH15"
    merged = merge_descriptions(cites[:2])
    assert merged["name"] == "Đất đai"
    assert merged["description"] == "Luật Đất đai số 31/2024/QH15, ngày 18-01-2024 của Quốc hội"


def test_description_month_padding():
    c = Citation(0, 0, "", "Thông báo kết luận", "158-TB/TW", "2020-01-02", "central", "158-TB/TW", "158-tb-tw",
                 "Ban Bí thư", None)
    assert citation_description(c) == "Thông báo kết luận số 158-TB/TW, ngày 02-01-2020 của Ban Bí thư"


# ---------------------------------------------------------------- properties
_ALPHABET = st.sampled_from(list("Kết luận số Chỉ thị Quyết định 0123456789-/–KLTWĐDÐCTUBND(), ngày tháng năm vềcủa\n"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(_ALPHABET, max_size=80), max_size=4))
def test_scan_never_fails_and_offsets_hold(blocks):
    scanner = CitationScanner("Kiên Giang")
    for block in blocks:
        for c in scanner.scan(block):
            assert block[c.start:c.end] == c.text
            assert c.number is None or canonical_number(c.number) == c.number
            assert (c.number is None) == (c.key == "")


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from(list("0123456789-/ –KLTWQĐDÐCTrUBNDHĐkltwqđd&")), max_size=30))
def test_canonical_number_idempotent(raw):
    once = canonical_number(raw)
    assert canonical_number(once) == once


# ---------------------------------------------------------------- terms (khóa) of Party numbers
def _nq25(issuer, date=None):
    return Citation(0, 0, "", "Nghị quyết", "25-NQ/TW", date, "central", "25-NQ/TW", "25-nq-tw", issuer, None)


def test_one_party_number_with_two_terms_is_two_documents():
    xi = [_nq25("Ban Chấp hành Trung ương Đảng (khóa XI)", "2013-06-03"), _nq25("Ban Chấp hành Trung ương Đảng khoá XI")]
    ix = [_nq25("Ban Chấp hành Trung ương Đảng khóa IX", "2003-03-12")]
    bare = [_nq25(None, "2003-03-12"), _nq25(None)]
    parts = split_by_term("25-NQ/TW", xi + ix + bare)
    assert list(parts) == ["25-NQ/TW", "25-NQ/TW (khóa IX)"]
    assert parts["25-NQ/TW"] == ("XI", xi + [bare[1]])  # no term, no date: the most cited term
    assert parts["25-NQ/TW (khóa IX)"] == ("IX", ix + [bare[0]])  # no term, the IX date


def test_terms_sharing_a_date_stay_one_document_and_provincial_keys_never_split():
    # "290-QĐ/TW, ngày 25/02/2010 của Bộ Chính trị (khóa XI)": the term is miswritten (X).
    a = Citation(0, 0, "", "Quyết định", "290-QĐ/TW", "2010-02-25", "central", "290-QĐ/TW", "290-qd-tw",
                 "Bộ Chính trị (khóa X)", None)
    b = Citation(0, 0, "", "Quyết định", "290-QĐ/TW", "2010-02-25", "central", "290-QĐ/TW", "290-qd-tw",
                 "Bộ Chính trị (khóa XI)", None)
    assert list(split_by_term("290-QĐ/TW", [a, b])) == ["290-QĐ/TW"]
    c = Citation(0, 0, "", "Kế hoạch", "12-KH/TU", None, "provincial", "kg:12-KH/TU", "kg-12-kh-tu",
                 "Ban Thường vụ Tỉnh ủy (khóa IX)", None)
    d = Citation(0, 0, "", "Kế hoạch", "12-KH/TU", None, "provincial", "kg:12-KH/TU", "kg-12-kh-tu",
                 "Ban Thường vụ Tỉnh ủy (khóa X)", None)
    assert list(split_by_term("kg:12-KH/TU", [c, d])) == ["kg:12-KH/TU"]


def test_digit_precheck_covers_every_character_that_folds_to_a_digit():
    """The scan skips blocks without a _DIGIT_LIKE character: that must be every one that folds to 0-9."""
    import unicodedata

    from converters.lexicon import citations as lc

    digits = set("0123456789")
    folding = [
        cp
        for cp in range(0x110000)
        if digits & set(unicodedata.normalize("NFKD", chr(cp))) and lc._fold_char(chr(cp)) in digits
    ]
    matching = [cp for cp in range(0x110000) if lc._DIGIT_LIKE.match(chr(cp))]
    assert folding == matching
    assert [c.key for c in CitationScanner(None).scan("Theo Kết luận số 114-KL/TW của Bộ Chính trị")] == ["114-KL/TW"]
