"""Golden pages for ten real corpus documents of different shapes (issue [2/6], "How we will know").

Each raw file is read from ``../shared/corpus/real/raw`` beside the repository (never copied
into it); the test is skipped with a message when that folder is absent. The expected pages are
``tests/golden/corpus/<id>.md``, reviewed against the raw text; what was checked and the defects
knowingly left in them are listed in ``tests/golden/corpus/REVIEW.md``.
``pytest tests/test_golden_corpus.py --update-golden`` rewrites them: review the diff first.
"""

from __future__ import annotations

import pytest

from converters import convert_file

from .conftest import REPO
from .test_golden import compare_with_golden

GOLDEN = REPO / "tests" / "golden" / "corpus"
RAW = REPO.parent / "shared" / "corpus" / "real" / "raw"

# One document per shape (see tests/golden/corpus/REVIEW.md for the reasons).
DOCUMENTS = {
    "322358d6040a153b": "Quyết định with an attached Quy chế",
    "2d977d9ad8cd2645": "Công văn with a Kính gửi list",
    "02b9be7711f88c70": "Nghị quyết with tables and two runs of [n] footnotes",
    "62f25a030c183151": "Kế hoạch with a [n] footnote",
    "5b23fa267ca390f9": "whole portal page (headline before, site text after)",
    "fe168907f6107711": "Party Hướng dẫn (HD 36 header)",
    "6f76eaad0b5b95d8": "Thông tư with Chương/Điều",
    "1095764e502a89b8": "Công điện",
    "98be6e047028fade": "Thông báo",
    "3a2db039af8c2d05": "document with a PHỤ LỤC and tables",
}


@pytest.mark.parametrize("doc_id", sorted(DOCUMENTS), ids=lambda d: f"{d}-{DOCUMENTS[d].split()[0]}")
def test_corpus_document_matches_golden_page(doc_id, update_golden):
    raw = RAW / f"{doc_id}.txt"
    if not raw.is_file():
        pytest.skip(f"{raw} not found: the shared corpus must sit beside the repository (../shared)")
    page = convert_file(str(raw), root=str(REPO)).markdown
    compare_with_golden(page, GOLDEN / f"{doc_id}.md", f"{raw.name} ({DOCUMENTS[doc_id]})", update_golden)


def test_every_golden_page_has_a_document():
    """A golden page left behind after its document was dropped from the list is stale."""
    stored = {p.stem for p in GOLDEN.glob("*.md") if p.name != "REVIEW.md"}
    assert stored <= set(DOCUMENTS), f"golden pages without a document: {sorted(stored - set(DOCUMENTS))}"
