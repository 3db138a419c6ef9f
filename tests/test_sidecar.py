"""Metadata sidecars (<raw name>.meta.yml) and the province of headerless reports on the site."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from converters import convert_file
from converters.site import generate as site
from converters.errors import InputError
from converters.frontmatter import split_front_matter
from converters.steps.sidecar import apply_overrides, read_sidecar, sidecar_path

REPO = Path(__file__).resolve().parent.parent
HEADERLESS = REPO / "raw" / "binh-thuan" / "bao-cao-so-ket-05-nam-ket-luan-114-kl-tw.txt"


def _raw(tmp_path: Path, sidecar: str | None, name: str = "x/report.txt") -> Path:
    raw = tmp_path / "raw" / name
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_bytes(HEADERLESS.read_bytes())
    if sidecar is not None:
        Path(sidecar_path(str(raw))).write_text(sidecar, encoding="utf-8")
    return raw


def test_sidecar_path():
    assert sidecar_path("raw/x/a.b.txt") == "raw/x/a.b.meta.yml"


def test_no_sidecar_is_no_override(tmp_path):
    raw = _raw(tmp_path, None)
    assert read_sidecar(str(raw), "raw/x/report.txt") == {}


def test_sidecar_values_are_front_matter_values(tmp_path):
    raw = _raw(tmp_path, "province: Lâm Đồng\ndate: 2020-03-05\nnumber: 123\nreceived: {date: 2020-03-09}\n")
    assert read_sidecar(str(raw), "raw/x/report.txt") == {
        "province": "Lâm Đồng",
        "date": "2020-03-05",
        "number": "123",
        "received": {"date": "2020-03-09"},
    }


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("province: [unclosed\n", "sai cú pháp YAML (dòng"),
        ("- a\n- b\n", "không phải danh sách các mục"),
        ("source: raw/y.txt\n", "không được đặt mục «source»"),
        ("cites: [1-NQ/TW]\n", "không được đặt mục «cites»"),
        # Material's template keys are never taken from input (issue [0/6] 1).
        ("description: '\"><script>alert(1)</script>'\n", "mục «description» không được phép"),
        ("author: '<img src=x onerror=alert(1)>'\n", "mục «author» không được phép"),
        ("revision_date: '<script>alert(1)</script>'\n", "mục «revision_date» không được phép"),
        ("template: redirect.html\nlocation: javascript:alert(5)\n", "mục «template» không được phép"),
        ("location: javascript:alert(5)\n", "mục «location» không được phép"),
        ("template: /etc/passwd\n", "mục «template» không được phép"),
        ("hide: [navigation, toc]\n", "mục «hide» không được phép"),
        ("tags: [x]\n", "mục «tags» không được phép"),
        ("1: x\n", "mục «1» không được phép"),
        # Each value against its property in page.schema.json.
        ("issuers: 5\n", "mục «issuers» có giá trị sai"),
        ("issuers: [Tỉnh ủy, 5]\n", "mục «issuers[1]» có giá trị sai"),
        ("date: '<img src=x onerror=\"alert(2)\">'\n", "mục «date» có giá trị sai"),
        ("date: 2018-05\n", "mục «date» có giá trị sai"),
        ("title: \"a\\nb\"\n", "mục «title» có giá trị sai"),
        ("title: [a]\n", "mục «title» có giá trị sai"),
        ("number: 'a b'\n", "mục «number» có giá trị sai"),
        ("signers: [{role: 5}]\n", "mục «signers[0].role» có giá trị sai"),
        ("signers: [x]\n", "mục «signers[0]» có giá trị sai"),
        ("received: {office: x, evil: y}\n", "mục «received» có giá trị sai"),
        ("received: {date: 11/06/2018}\n", "mục «received» có giá trị sai"),
        ("recipients: ['- Lưu,']\n", "mục «recipients[0]» có giá trị sai"),
        # No anchors or aliases (alias bomb), no oversized file.
        ("a: &a [x, x]\n", "tham chiếu YAML"),
        ("issuers: &a [x]\nrecipients: *a\n", "tham chiếu YAML"),
        ("title: ok\n" + "# filler\n" * 10000, "quá lớn"),
    ],
)
def test_bad_sidecar_is_an_input_error_naming_it(tmp_path, text, reason):
    raw = _raw(tmp_path, text)
    with pytest.raises(InputError) as info:
        read_sidecar(str(raw), "raw/x/report.txt")
    assert info.value.source == "raw/x/report.meta.yml"
    assert reason in info.value.reason


#: The 253-byte "billion laughs" of issue [0/6] 1: 113 s and 1.9 GB before aliases were refused.
ALIAS_BOMB = (
    "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "title: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
)


def test_alias_bomb_is_refused_before_it_expands(tmp_path):
    raw = _raw(tmp_path, ALIAS_BOMB)
    with pytest.raises(InputError) as info:
        read_sidecar(str(raw), "raw/x/report.txt")
    assert "tham chiếu YAML" in info.value.reason and "(dòng 1)" in info.value.reason


def test_sidecar_that_is_not_utf8_or_not_a_file_is_refused(tmp_path):
    raw = _raw(tmp_path, None)
    side = Path(sidecar_path(str(raw)))
    side.write_bytes("province: Kiên Giang\n".encode("cp1258"))
    with pytest.raises(InputError, match="UTF-8"):
        read_sidecar(str(raw), "raw/x/report.txt")
    side.unlink()
    (tmp_path / "elsewhere.yml").write_text("province: Kiên Giang\n", encoding="utf-8")
    side.symlink_to(tmp_path / "elsewhere.yml")
    with pytest.raises(InputError, match="liên kết"):
        read_sidecar(str(raw), "raw/x/report.txt")


def test_every_documented_key_is_accepted(tmp_path):
    text = (
        "title: kết quả <b>một</b> năm\ndoc_type: Báo cáo\nnumber: 12-BC/TU\ndate: 2020-03-05\nplace: Rạch Giá\n"
        "province: Kiên Giang\nissuers: [Tỉnh ủy Kiên Giang]\nsigners: [{name: Nguyễn Văn A}]\n"
        "recipients: [Lưu]\nreceived: {date: 2020-03-09}\naddressees: [UBND tỉnh]\n"
    )
    out = read_sidecar(str(_raw(tmp_path, text)), "raw/x/report.txt")
    assert out["signers"] == [{"role": None, "title": None, "name": "Nguyễn Văn A"}]
    assert out["title"] == "kết quả <b>một</b> năm"  # kept as text: escaped where printed
    assert set(out) == {"title", "doc_type", "number", "date", "place", "province", "issuers", "signers",
                        "recipients", "received", "addressees"}


def test_apply_overrides_completes_the_stamp_and_replaces_the_rest():
    meta = {"province": None, "received": {"office": "UBND huyện", "number": "1", "date": None}, "source": "raw/a.txt"}
    changed = apply_overrides(meta, {"province": "Kiên Giang", "received": {"date": "2018-06-11"}, "source": "x"})
    assert changed == ["province", "received"]
    assert meta == {
        "province": "Kiên Giang",
        "received": {"office": "UBND huyện", "number": "1", "date": "2018-06-11"},
        "source": "raw/a.txt",
    }


def test_sidecar_holds_in_the_converted_page(tmp_path):
    raw = _raw(tmp_path, "province: Lâm Đồng\ndate: 2020-03-05\n")
    page = convert_file(str(raw), str(tmp_path))
    meta, _ = split_front_matter(page.markdown)
    assert meta["province"] == "Lâm Đồng"
    assert meta["date"] == "2020-03-05"
    assert meta["source"] == "raw/x/report.txt"
    assert not any("meta.yml" in w or "sidecar" in w for w in meta["warnings"])  # the page says nothing of it


def test_sidecar_holds_on_the_site_and_a_bad_one_is_reported(tmp_path):
    _raw(tmp_path, "province: Lâm Đồng\ndate: 2020-03-05\n", "a/one.txt")
    _raw(tmp_path, "province: [broken\n", "a/two.txt")
    (tmp_path / "docs").mkdir()
    result = site.generate(str(tmp_path))
    by_source = {d.source: d for d in result.docs}
    one = by_source["raw/a/one.txt"]
    assert one.error is None
    assert one.path.startswith("bao-cao/lam-dong/2020-")
    meta, _ = split_front_matter((tmp_path / "docs" / one.path).read_text(encoding="utf-8"))
    assert meta["province"] == "Lâm Đồng"
    assert "two.meta.yml" in (by_source["raw/a/two.txt"].error or "")


@pytest.mark.parametrize(
    ("source", "province"),
    [
        ("raw/binh-thuan/bao-cao-so-ket-05-nam-ket-luan-114-kl-tw.txt", "Bình Thuận"),
        ("raw/kien-giang/bao-cao-tong-ket-cong-tac-dan-van-nam-2020.txt", "Kiên Giang"),
    ],
)
def test_headerless_report_province_is_inferred_and_shown(built_site, source, province):
    data = json.loads((built_site.docs / "catalog.json").read_text(encoding="utf-8"))
    report = next(r for r in data["reports"] if r["meta"]["source"] == source)
    assert report["meta"]["province"] == province
    slug = {"Bình Thuận": "binh-thuan", "Kiên Giang": "kien-giang"}[province]
    assert report["page"].startswith(f"bao-cao/{slug}/")
    html = built_site.site / report["page"][:-3] / "index.html"
    panel = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select_one(".baocao-meta")
    assert province in panel.get_text(" ")
