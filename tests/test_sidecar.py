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
    [("province: [unclosed\n", "not valid YAML (line"), ("- a\n- b\n", "not a mapping"), ("source: raw/y.txt\n", "cannot set source")],
)
def test_bad_sidecar_is_an_input_error_naming_it(tmp_path, text, reason):
    raw = _raw(tmp_path, text)
    with pytest.raises(InputError) as info:
        read_sidecar(str(raw), "raw/x/report.txt")
    assert info.value.source == "raw/x/report.meta.yml"
    assert reason in info.value.reason


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
