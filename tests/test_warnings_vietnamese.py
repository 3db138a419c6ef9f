"""Every warning the converter gives is Vietnamese (issue 16 §4).

Warnings are what office staff read in ``baocao check`` and on the editors' page, so the
converter writes them in Vietnamese at their source.  Checked on what it really emits: the
five samples, the development corpus (``../shared/corpus/real``, when it is there) and small
texts made to raise each warning the samples do not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from converters import convert, convert_file
from converters.errors import InputError
from converters.read.decode import decode

from .vietnamese import english_words, is_vietnamese

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted((REPO / "raw").glob("*/*.txt"))
CORPUS = REPO.parent / "shared" / "corpus" / "real" / "raw"

#: Texts that raise the warnings the samples do not (footnotes, header, province, PUA).
MADE_UP = {
    "footnote defined twice, never referenced, referenced without definition": (
        "TỈNH ỦY KIÊN GIANG\nSố 7-BC/TU\nBÁO CÁO\nvề công tác dân vận\n\n"
        "Nội dung thứ nhất có chú thích<sup>1</sup> và chú thích<sup>3</sup>.\n\n"
        "<sup>1</sup> Chú thích một.\n<sup>1</sup> Chú thích một lần nữa.\n<sup>2</sup> Chú thích hai.\n"
    ),
    "no type, no subject, no province": "Nội dung không có phần đầu văn bản, chỉ một đoạn văn ngắn.\n",
    "private-use characters": "TỈNH ỦY KIÊN GIANG\nSố 7-BC/TU\nBÁO CÁO\nvề công tác dân vận\n\nChữ \ue000lạ\ue001 ở đây.\n",
    "unresolved short citation": (
        "TỈNH ỦY KIÊN GIANG\nSố 7-BC/TU\nBÁO CÁO\nvề công tác dân vận\n\nThực hiện Nghị quyết số 24 của Tỉnh ủy.\n"
    ),
}


def _not_vietnamese(warnings) -> list[tuple[str, list[str]]]:
    return [(w, english_words(w)) for w in warnings if not is_vietnamese(w)]


def test_sample_warnings_are_vietnamese():
    warnings = {w for path in SAMPLES for w in convert_file(str(path), root=str(REPO)).warnings}
    assert warnings  # the samples do warn: the check has something to check
    assert _not_vietnamese(warnings) == []


@pytest.mark.skipif(not CORPUS.is_dir(), reason="development corpus not beside the clone")
def test_corpus_warnings_are_vietnamese():
    warnings: set[str] = set()
    for path in sorted(CORPUS.rglob("*.txt")):
        try:
            warnings.update(convert_file(str(path), root=str(CORPUS)).warnings)
        except InputError:
            continue  # errors are not warnings
    assert len(warnings) > 10
    assert _not_vietnamese(warnings) == []


@pytest.mark.parametrize("label", MADE_UP)
def test_made_up_warnings_are_vietnamese(label):
    warnings = convert(MADE_UP[label], "raw/kien-giang/x.txt").warnings
    assert warnings, label
    assert _not_vietnamese(warnings) == []


def test_decoding_warnings_are_vietnamese():
    # UTF-8 with two stray Windows-1252 quote bytes (pasted from Word).
    raw = SAMPLES[-1].read_bytes()
    warnings = decode(raw[:3000] + b" \x93quoted\x94 " + raw[3000:], "raw/x.txt").warnings
    assert warnings
    assert _not_vietnamese(warnings) == []

