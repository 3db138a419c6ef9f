"""The fidelity benchmark's scoring (benchmarks/fidelity.py): fair comparisons, body counts."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def fid():
    spec = importlib.util.spec_from_file_location("fidelity", ROOT / "benchmarks" / "fidelity.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["fidelity"] = module
    spec.loader.exec_module(module)
    return module


PORTAL = {"number": "02144/QĐ-UBND", "doc_type": "Quyết định", "date": "2025-11-20",
          "signer": "Phạm Thị Minh Hiền", "issuer": "Tỉnh Hà Tĩnh"}


def test_fields_compared_fairly(fid):
    meta = {"number": "02144/ QĐ-UBND", "doc_type": "quyết định", "date": "2025-11-20",
            "signers": [{"role": "KT. Chủ tịch", "title": "Phó Chủ tịch", "name": "Phạm  Thị Minh Hiền"}],
            "province": "Hà Tĩnh", "issuers": ["Ủy ban nhân dân", "Tỉnh Hà Tĩnh"]}
    assert {k: v[0] for k, v in fid.compare(meta, PORTAL).items()} == dict.fromkeys(
        ["number", "doc_type", "date", "signer", "issuer", "province"], True)
    wrong = dict(meta, number="2144/QĐ-UBND", date=None, signers=[], province="Hà Nội")
    assert not any(v[0] for k, v in fid.compare(wrong, PORTAL).items() if k != "doc_type")


def test_central_issuer_is_matched_on_issuers_and_wants_no_province(fid):
    portal = dict(PORTAL, issuer="Cục Thuế")
    meta = {"issuers": ["Bộ Tài chính", "Cục thuế"], "province": None}
    fields = fid.compare(meta, portal)
    assert fields["issuer"][0] and fields["province"][0]
    fields = fid.compare({"issuers": ["Bộ Tài chính"], "province": "Quảng Trị"}, portal)
    assert not fields["issuer"][0] and not fields["province"][0]


def test_old_province_matches_through_province_now(fid):
    assert fid.compare({"province": "Kiên Giang", "province_now": "An Giang"}, {"issuer": "Tỉnh An Giang"})["issuer"][0]
    assert fid.compare({"province": "Thành phố Hồ Chí Minh"}, {"issuer": "Thành phố Hồ Chí Minh"})["province"][0]


def test_body_stats(fid):
    body = "\n".join([
        "# Quyết định về việc X", "",
        "## Điều 1. Phạm vi", "",
        "Nghị quyết này quy định[^1] một số nội dung chi.", "{: #p-1 }", "",
        "diện Ban Thường vụ quản lý.", "",
        "a) đối tượng thứ nhất;", "",
        "- các sở, ngành;", "",
        "| TT | Nội dung |", "|---|---|", "| 1 | a |", "",
        "**CHỦ TỊCH**  ", "Phùng Thị Hồng Hà", "{: .chu-ky }", "",
        "**Nơi nhận:**", "", "- như trên", "- Lưu: VT", "",
        "## PHỤ LỤC 01", "",
        "[^1]: Các văn bản của Văn phòng Trung ương Đảng.", "", "    tiếp theo của chú thích.", "",
    ])
    s = fid.body_stats(body)
    assert (s["blocks"], s["lower"], s["headings"], s["tables"], s["footnotes"], s["attachments"]) == (4, 2, 2, 1, 1, 1)
    assert s["footnote_labels"] == ["1"]
    assert s["lower_examples"][0].startswith("diện Ban")
