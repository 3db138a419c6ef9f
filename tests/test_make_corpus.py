"""The benchmark corpus synthesizer (benchmarks/make_corpus.py): deterministic, consistent, convertible."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "make_corpus.py"


def _load():
    spec = importlib.util.spec_from_file_location("make_corpus", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


mc = _load()


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("corpus") / "c"
    manifest = mc.make_corpus(20, str(out), seed=7, other_encodings=0.3)
    return out, manifest


def test_same_seed_gives_identical_bytes_in_another_process(corpus, tmp_path):
    # a second run in a fresh interpreter with another hash seed: same files, byte for byte
    out, _ = corpus
    again = tmp_path / "again"
    env = dict(os.environ, PYTHONHASHSEED="12345")
    subprocess.run(
        [sys.executable, str(SCRIPT), "20", str(again), "--seed", "7", "--other-encodings", "0.3"],
        check=True, env=env, capture_output=True,
    )
    assert _digest(again) == _digest(out)


def test_another_seed_gives_another_corpus(corpus, tmp_path):
    out, _ = corpus
    other = tmp_path / "other"
    mc.make_corpus(20, str(other), seed=8, other_encodings=0.3)
    assert _digest(other) != _digest(out)


def test_n_files_and_manifest_agree(corpus):
    out, manifest = corpus
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*.txt"))
    assert len(files) == 20 == manifest["n"] == len(manifest["reports"])
    assert sorted(r["file"] for r in manifest["reports"]) == files
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8")) == manifest
    assert manifest["total_bytes"] == sum((out / f).stat().st_size for f in files)


def _text(out: Path, entry: dict) -> str:
    data = (out / entry["file"]).read_bytes()
    if entry["encoding"] == "cp1258":
        import unicodedata

        return unicodedata.normalize("NFC", data.decode("cp1258"))
    return data.decode({"utf-16": "utf-16"}.get(entry["encoding"], entry["encoding"]))


def test_manifest_describes_each_file(corpus):
    out, manifest = corpus
    files = {r["file"] for r in manifest["reports"]}
    for entry in manifest["reports"]:
        if entry.get("kind") == "real":
            continue  # real-document variants: test_real_documents_are_mixed_in
        text = _text(out, entry)
        assert entry["bytes"] == (out / entry["file"]).stat().st_size
        assert entry["file"].split("/")[0] == mc.slugify(entry["province"])
        if entry["number"] is not None:
            assert entry["number"] in text
            y, m, d = (int(x) for x in entry["date"].split("-"))
            assert re.search(rf"ngày 0?{d} tháng 0?{m} năm {y}", text)
        for number in entry["cites"]:
            loose = re.escape(number).replace("\\-", r"-\s?").replace("Đ", "[ĐD]")
            assert re.search(loose, text), (entry["file"], number)
        assert entry["true_number"] not in entry["cites"]
        for cited in entry["cites_in_corpus"]:
            assert cited in files and cited != entry["file"]
        enc, count = entry["footnotes"]["encoding"], entry["footnotes"]["count"]
        if enc == "sup":
            assert len(re.findall(r"<sup>\d+</sup>", text)) == 2 * count
        elif enc == "sup-paren":
            assert len(re.findall(r"<sup>\(\d+\)</sup>", text)) == count
            assert len(re.findall(r"<sup>\d+</sup>", text)) == count
        elif enc == "unicode":
            assert len(re.findall(r"⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾", text)) == 2 * count
        elif enc == "lost":
            assert len(re.findall(r"(?m)^\ufffd ", text)) == count
        else:
            assert count == 0 and "<sup>" not in text
        for heading in entry["headings"]:
            assert heading["text"] in text
        assert entry["title"].split(" ")[-1] in text
        for signer in entry["signers"]:
            assert signer["name"] in text
        for recipient in entry["recipients"]:
            assert recipient in text


def test_citations_among_reports_point_backwards_in_time_and_province(corpus):
    _, manifest = corpus
    by_file = {r["file"]: r for r in manifest["reports"]}
    for entry in manifest["reports"]:
        for cited in entry["cites_in_corpus"]:
            target = by_file[cited]
            assert target["province"] == entry["province"]
            assert target["true_date"] <= entry["true_date"]
            assert target["true_number"] in entry["cites"]


def test_corpus_converts_without_exceptions(corpus):
    from converters import InputError, convert_file

    out, manifest = corpus
    for entry in manifest["reports"]:
        try:
            page = convert_file(str(out / entry["file"]), root=str(out))
        except InputError:
            # the decoder may not know every encoding yet; UTF-8 files must convert
            assert entry["encoding"] not in ("utf-8", "utf-8-sig")
            continue
        assert page.body.strip()
        assert page.meta["source"] == entry["file"]


@pytest.mark.skipif(not os.path.isdir(mc.REAL_DIR), reason="shared/corpus/real/ is not beside the repository")
def test_real_documents_are_mixed_in(corpus, tmp_path):
    out, manifest = corpus
    real = [e for e in manifest["reports"] if e.get("kind") == "real"]
    assert len(real) == round(20 * mc.REAL_SHARE) == manifest["real"]["files"]
    for entry in real:
        source = (Path(mc.REAL_DIR) / f"{entry['source']}.txt").read_text(encoding="utf-8")
        text = (out / entry["file"]).read_text(encoding="utf-8")
        assert text == source  # first use of each document: unchanged
    # Reused documents become distinct documents: their number changes, nothing else.
    many = mc.make_corpus(2 * len(os.listdir(mc.REAL_DIR)) + 10, str(tmp_path / "m"), seed=7, real_share=0.9,
                          target_kb=5)
    copies = [e for e in many["reports"] if e.get("kind") == "real" and e["copy"] == 1 and e["number_digits"]]
    assert copies
    for entry in copies[:20]:
        first = next(e for e in many["reports"] if e.get("source") == entry["source"] and e.get("copy") == 0)
        a = (tmp_path / "m" / first["file"]).read_text(encoding="utf-8")
        b = (tmp_path / "m" / entry["file"]).read_text(encoding="utf-8")
        assert a != b and entry["number_digits"] == str(int(first["number_digits"]) + 1000)
        def masked(text):
            return mc._REAL_NUMBER.sub(lambda m: m.group(1) + "#", text, count=1)

        assert masked(a) == masked(b)


def test_real_documents_with_the_same_bytes_are_taken_once(tmp_path):
    # Two ids for one document (as in the real corpus) would be two files claiming one page.
    real = tmp_path / "real"
    real.mkdir()
    # a sample of the repository stands for a real document (the real corpus may be absent, as in CI)
    doc = next(p for p in sorted(Path(mc.ROOT, "raw").rglob("*.txt"))).read_text(encoding="utf-8")
    (real / "a.txt").write_text(doc, encoding="utf-8")
    (real / "b.txt").write_text(doc, encoding="utf-8")
    (real / "c.txt").write_text(doc.replace("Số", "Số", 1) + "\nkhác\n", encoding="utf-8")
    manifest = mc.make_corpus(10, str(tmp_path / "out"), seed=3, real=str(real), real_share=0.4, target_kb=5)
    entries = [e for e in manifest["reports"] if e.get("kind") == "real"]
    assert {e["source"] for e in entries} == {"a", "c"}
    assert manifest["real"]["documents"] == 2
