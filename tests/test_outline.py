"""Per-family outline and table cases (``tests/cases/outline.yml``, ``tables.yml``).

Each case is a small made-up raw text in logical-line form; the page must show exactly the
listed heading lines (``headings``), contain / lack the listed strings and warnings.
"""

from __future__ import annotations


import pytest

from . import casefiles

CASES = casefiles.load("outline.yml", "tables.yml")


@pytest.mark.parametrize("case", CASES, ids=casefiles.ids(CASES))
def test_case(case):
    casefiles.check(case)


def _blocks(texts, attachment_at=None):
    from converters.model import Block

    out = []
    for n, t in enumerate(texts):
        data = {"attachment": {"title": t, "index": 1}} if n == attachment_at else {}
        kind = "attachment" if n == attachment_at else "paragraph"
        out.append(Block(kind, t, (n + 1, n + 1), data=data))
    return out


def test_attached_document_has_its_own_outline():
    """A report-style decision body, then an attached Quy chế with chapters and articles:
    the attachment's title is ``##`` and its outline nests from ``###``, legal on its own."""
    from converters.model import DocState
    from converters.steps import outline

    texts = [
        "I. MỤC ĐÍCH",
        "Nội dung.",
        "QUY CHẾ LÀM VIỆC",
        "Chương I",
        "QUY ĐỊNH CHUNG",
        "Điều 1. Phạm vi",
        "1. Quy chế này áp dụng.",
        "Điều 2. Đối tượng",
    ]
    state = DocState(source="x", text="")
    state.blocks = _blocks(texts, attachment_at=2)
    outline.step(state)
    got = [(b.kind, b.level, b.text) for b in state.blocks]
    assert got == [
        ("heading", 2, "I. MỤC ĐÍCH"),
        ("paragraph", 0, "Nội dung."),
        ("heading", 2, "QUY CHẾ LÀM VIỆC"),
        ("heading", 3, "Chương I – QUY ĐỊNH CHUNG"),
        ("heading", 4, "Điều 1. Phạm vi"),
        ("paragraph", 0, "1. Quy chế này áp dụng."),
        ("heading", 4, "Điều 2. Đối tượng"),
    ]
