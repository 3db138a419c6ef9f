"""Which layout a table found in the text is: the header's, the end matter's, or data.

The cell layout of a text export (``raw-artifacts.md`` family 10) carries
the header's two columns (issuer and number | national heading and date,
NĐ 30/2020/NĐ-CP Phụ lục I §I.1-4, HD 36-HD/VPTW §II.1), the side-by-side
recipients and signature blocks of the end matter (Phụ lục I §I.7-9) and
real data tables.  The step rebuilds the first two as one block per cell
and writes a data table as TAB-separated rows (:func:`_classify`); a
signature cell is an authority line (``TM.``, ``KT.``) or upper-case lines
over a name (:func:`_signed`, :func:`_is_signature_cell`).
"""

from __future__ import annotations

from converters.lexicon.casing import is_upper_text
from converters.lexicon.national import NATIONAL_START
from converters.steps.layout.common import _AUTHORITY, _NUMBER_LINE, _RECIPIENTS, _Table, _bare


def _classify(table: _Table, doc_start: int, first_body: int | None) -> str:
    cells = [c for row in table.rows for c in row]
    if len(cells) > 8:
        return "data"  # too many cells for an end-matter (6) or header (8) layout: no line read
    texts = [_bare(t) for c in cells for t, _ in c if t.strip()]
    if any(_RECIPIENTS.match(t) or _AUTHORITY.match(t) for t in texts) and len(cells) <= 6:
        return "endmatter"
    if first_body is None or table.start <= first_body:
        if any(NATIONAL_START.match(t) or _NUMBER_LINE.match(t) for t in texts):
            return "header"
    return "data"


def _signed(lines: list[tuple[str, int]]) -> bool:
    """A cell that is a signature block: an authority line, or upper-case lines over a name."""
    texts = [_bare(t) for t, _ in lines if _bare(t)]
    if not texts:
        return False
    if _AUTHORITY.match(texts[0]):
        return True
    return len(texts) >= 2 and is_upper_text(texts[0]) and not is_upper_text(texts[-1])


def _is_signature_cell(lines: list[tuple[str, int]]) -> bool:
    texts = [_bare(t) for t, _ in lines if _bare(t)]
    return bool(texts) and (_AUTHORITY.match(texts[0]) is not None or is_upper_text(texts[0])) and not _RECIPIENTS.match(texts[0])
