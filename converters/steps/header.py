"""The document header to front matter: issuers, number, place, date, type, subject.

A clean header (Hướng dẫn 36-HD/VPTW §1; Nghị định 30/2020/NĐ-CP Phụ lục I)
prints, in two columns: the issuing body (1-3 upper-case lines), the national
heading (``ĐẢNG CỘNG SẢN VIỆT NAM``), the number and symbol (``Số 111-BC/TU``),
place and date, then the type (``BÁO CÁO``) and the subject (trích yếu) over
1-3 lines.  Exports lose the columns: cells come as separate lines, tab
separated, in any order, with bold markers, a lone ``*``, an underline, the
incoming stamp in between (``stamp.py``), or are missing, the text starting
with the type fused to its subject (``raw-artifacts.md`` §1).

This step reads cells from the top until the body starts, fills ``meta`` and
removes the header blocks.  A header-less document still gets ``doc_type``
and ``title``: the type from the symbol of its number or of its first line,
the subject from a fused title line or from the first paragraph's
"xây dựng Kế hoạch ... như sau".
"""

from __future__ import annotations

import re

from converters.lexicon.casing import Caser, is_upper_text
from converters.lexicon.dates import parse_place_date
from converters.model import Block, DocState
from converters.lexicon.patterns import TERMINAL, doc_type_of, leading_doc_type, numbering
from converters.lexicon.provinces import find_province_in
from converters.lexicon.slugs import fold
from converters.steps.stamp import consume_stamp, is_stamp_cell
from converters.lexicon.syllables import split_fused_syllables

_CELL_SPLIT = re.compile(r"\t+|\s{3,}")
#: "Số" + a number and symbol: runs of letters, digits and dots joined by "/" or a dash.
#: Spaces may stand only beside a separator ("114 - KL/TW", damaged copies); a space
#: between two words ends the number, so a number never runs on into words.
_NUMBER = re.compile(
    r"^(?:\*\*)?Số\s*:?\s*(?P<n>\d[\w.]*(?:\s*[/\-–—‐‑−]\s*[\w.]*\w)*)\s*(?:\*\*)?$", re.IGNORECASE
)
_NOISE = re.compile(r"^[\s*_\-–—=~.]*$")
_NATIONAL = (
    "dang cong san viet nam",
    "cong hoa xa hoi chu nghia viet nam",
    "doc lap - tu do - hanh phuc",
    "doc lap tu do hanh phuc",
)
_SUBJECT_VV = re.compile(r"(?i)^V/v\s+")

#: How many blocks from the top a header may span.
MAX_HEADER_BLOCKS = 30


def _strip_markup(text: str) -> str:
    text = re.sub(r"^#{1,6}\s+", "", text.strip())
    return re.sub(r"\s+", " ", text.replace("**", "").replace("__", "").strip("*_ ")).strip()


def _is_national(cell: str) -> bool:
    key = re.sub(r"[^a-z\- ]+", " ", fold(cell))
    key = re.sub(r"\s*-\s*", " - ", re.sub(r"\s+", " ", key)).strip()
    return key in _NATIONAL or key.replace(" - ", " ") in _NATIONAL


def _number_of(cell: str) -> str | None:
    m = _NUMBER.match(cell.strip())
    if not m:
        return None
    raw = m.group("n")
    if not re.search(r"[/-]", raw) or not re.search(r"[A-Za-zĐđ]", raw):
        return None  # "Số: 1789" is a stamp number, not a symbol
    number = canonical_number(raw)
    # A number and symbol has no spaces once canonical ("114- KL/TW" -> "114-KL/TW"); words after
    # it ("Số 12-BC/TU Ban Dân vận") mean the line is not a number line (page-format: number).
    return None if re.search(r"\s", number) else number


def canonical_number(raw: str) -> str:
    """Canonical number and symbol; delegates to ``citations.canonical_number`` when present."""
    try:
        from converters.lexicon.citations import canonical_number as _canon
    except ImportError:  # pragma: no cover - citations module not built yet
        return re.sub(r"\s*([/\-–—‐])\s*", lambda m: "-" if m.group(1) in "-–—‐" else "/", raw).strip()
    return _canon(raw)


def doc_type_from_number(number: str | None) -> str | None:
    """Document type from the symbol of a number (``KH`` -> Kế hoạch)."""
    if not number:
        return None
    try:
        from converters.lexicon.citations import doc_type_from_symbol
    except ImportError:  # pragma: no cover
        return None
    return doc_type_from_symbol(number)


def _cells(block: Block) -> list[tuple[str, int]]:
    out = []
    for offset, line in enumerate(block.text.split("\n")):
        for cell in _CELL_SPLIT.split(line):
            if cell.strip():
                out.append((cell.strip(), block.lines[0] + offset))
    return out


def _looks_like_body(text: str) -> bool:
    clean = _strip_markup(text)
    if numbering(clean) and numbering(clean)[0] != "part":
        return True
    if len(clean) > 300:
        return True
    return clean[-1:] in TERMINAL and len(clean) > 80


def step(state: DocState) -> None:
    """Pipeline step: consume header blocks into ``state.meta``.

    Sets ``issuers``, ``number``, ``place``, ``date``, ``doc_type``, ``title``,
    ``province`` (from issuers or place), ``received`` (the stamp) and the
    extra key ``national_heading``; replaces a block the stamp was fused into
    by its body text.
    """
    meta = state.meta
    issuers: list[str] = []
    national: list[str] = []
    subject: list[str] = []
    received: dict = {}
    pending_upper: list[str] = []
    seen_type = seen_number = seen_date = False
    subject_closed = False
    consumed = 0  # blocks fully consumed
    body_rest: str | None = None

    blocks = state.blocks
    for bi, block in enumerate(blocks[:MAX_HEADER_BLOCKS]):
        text = block.text
        cells = _cells(block)
        has_stamp = any(is_stamp_cell(_strip_markup(c)) for c, _ in cells)
        if bi > 0 and (seen_type or seen_number or issuers) and _looks_like_body(text) and not has_stamp:
            break
        if bi == 0 or not (seen_type or seen_number or issuers or received):
            # The first block may be the type fused to the subject (no header at all).
            first = _strip_markup(text)
            fused = leading_doc_type(first)
            if fused and fused[1] and not seen_type and "\n" not in text:
                meta["doc_type"], rest = fused
                seen_type = True
                subject.append(rest)
                subject_closed = True  # a fused title line carries the whole subject
                consumed = bi + 1
                continue
            if not (seen_type or seen_number or issuers) and _looks_like_body(text):
                break
        stop = False
        for ci, (cell, _line) in enumerate(cells):
            clean = _strip_markup(cell)
            next_cell = _strip_markup(cells[ci + 1][0]) if ci + 1 < len(cells) else ""
            if is_upper_text(clean) and is_stamp_cell(next_cell) and not is_stamp_cell(clean):
                pending_upper.append(clean)  # the receiving office's name, printed above ĐẾN
                continue
            if not clean or _NOISE.match(clean):
                continue
            if _is_national(clean):
                national.append(clean)
                continue
            number = _number_of(clean)
            if number and "number" not in meta:
                meta["number"] = number
                seen_number = True
                issuers.extend(pending_upper)
                pending_upper = []
                continue
            place_date = parse_place_date(clean)
            if place_date and "date" not in meta:
                meta["place"], meta["date"] = place_date
                seen_date = True
                issuers.extend(pending_upper)
                pending_upper = []
                continue
            if is_stamp_cell(clean):
                if pending_upper and "office" not in received:
                    received["office"] = " ".join(pending_upper)
                    pending_upper = []
                rest = consume_stamp(clean, received)
                if rest:
                    # The stamp was fused into the first paragraph: the rest of the block is body.
                    body_rest = " ".join([rest] + [c for c, _ in cells[ci + 1 :]])
                    stop = True
                    break
                continue
            doc_type = doc_type_of(clean)
            if doc_type and not seen_type:
                meta["doc_type"] = doc_type
                seen_type = True
                issuers.extend(pending_upper)
                pending_upper = []
                continue
            if seen_type and not subject_closed and not received:
                if numbering(clean):
                    stop = True
                    break
                if _SUBJECT_VV.match(clean) or (len(clean) <= 300 and clean[-1:] not in ".:;!?"):
                    subject.append(clean)
                    if len(subject) >= 4:
                        subject_closed = True
                    continue
                stop = True
                break
            if received and seen_type and subject:
                # Text after the stamp that is not a stamp field: the body starts.
                stop = True
                break
            if is_upper_text(clean) and len(clean) <= 120:
                if not (seen_type or seen_number or seen_date or national) and not received:
                    issuers.append(clean)
                else:
                    pending_upper.append(clean)  # a stamp's office, if a stamp field follows
                continue
            if _SUBJECT_VV.match(clean) and not subject:
                subject.append(_SUBJECT_VV.sub("", clean))
                continue
            stop = True
            break
        if stop:
            consumed = bi if body_rest is None else bi + 1
            break
        consumed = bi + 1
        if subject and seen_type:
            # The subject goes on past a blank line only with a short line that
            # starts mid-phrase ("của Ban Bí thư ...", 1-3 lines in all).
            nxt = _strip_markup(blocks[bi + 1].text) if bi + 1 < len(blocks) else ""
            if not nxt[:1].islower() or len(nxt) > 200 or _looks_like_body(nxt) or len(subject) >= 3:
                subject_closed = True

    if consumed == 0 and not meta:
        _headerless(state)
        return
    # Upper-case cells with no stamp after them were header lines after all.
    if pending_upper:
        if seen_type and not subject:
            subject.extend(pending_upper)
        else:
            issuers.extend(pending_upper)
    rest_blocks = blocks[consumed:]
    if body_rest:
        first_line = blocks[consumed - 1].lines if consumed else (0, 0)
        rest_blocks.insert(0, Block("raw", body_rest, first_line, data={"gap": 0}))
    state.blocks = rest_blocks

    body_text = "\n".join(b.text for b in rest_blocks[:200])
    caser = Caser(body_text)
    meta["issuers"] = [caser.case(_clean_issuer(i)) for i in issuers if _clean_issuer(i)]
    if national:
        meta["national_heading"] = national
    if subject:
        meta["title"] = _strip_markup(" ".join(subject))
    if received:
        received.pop("_den", None)
        if "office" in received:
            received["office"] = caser.case(_clean_issuer(received["office"]))
        meta["received"] = {k: received.get(k) for k in ("office", "number", "date")} | {
            k: v for k, v in received.items() if k not in ("office", "number", "date")
        }
    for source in meta["issuers"] + [meta.get("place") or ""]:
        province = find_province_in(source)
        if province:
            meta["province"] = province
            break
    _complete(state)


def _clean_issuer(text: str) -> str:
    text = _strip_markup(text).strip(" -–—*")
    return " ".join(split_fused_syllables(w) if is_upper_text(w) else w for w in text.split())


def _headerless(state: DocState) -> None:
    """No header block at all: type and subject from what the text says."""
    first = state.blocks[0] if state.blocks else None
    if first is not None:
        fused = leading_doc_type(_strip_markup(first.text))
        if fused and fused[1] and "\n" not in first.text:
            state.meta["doc_type"], state.meta["title"] = fused[0], _strip_markup(fused[1])
            state.blocks = state.blocks[1:]
    _complete(state)


_AS_FOLLOWS = re.compile(
    r"(?:xây dựng|ban hành|báo cáo|thông báo)\s+(?P<type>[A-ZĐ][^\s,]*\s+\w+)\s+(?P<title>[^.;:]{10,200}?)\s+(?:như sau|cụ thể như sau)\s*:",
)


def _complete(state: DocState) -> None:
    """Fill ``doc_type`` and ``title`` when the header did not give them."""
    meta = state.meta
    if not meta.get("doc_type"):
        meta["doc_type"] = doc_type_from_number(meta.get("number"))
    if not meta.get("title") and state.blocks:
        # "... xây dựng Kế hoạch phối hợp ... năm 2021 như sau:" names the document itself.
        for block in state.blocks[:3]:
            m = _AS_FOLLOWS.search(_strip_markup(block.text))
            if m and doc_type_of(m.group("type")):
                meta.setdefault("doc_type", doc_type_of(m.group("type")))
                if not meta.get("doc_type"):
                    meta["doc_type"] = doc_type_of(m.group("type"))
                meta["title"] = m.group("title").strip()
                break
    if not meta.get("doc_type"):
        meta["doc_type"] = "Văn bản"
        state.warn("không tìm thấy loại văn bản (không có dòng tên loại, ký hiệu trong số văn bản cũng không cho biết)")
    if not meta.get("title"):
        number = meta.get("number")
        meta["title"] = f"số {number}" if number else "(không có trích yếu)"
        state.warn("không tìm thấy trích yếu ở phần đầu văn bản")
