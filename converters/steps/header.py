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
from functools import lru_cache

from converters.lexicon.casing import Caser, continuing_subject, is_upper_text, sentence_case
from converters.lexicon.dates import parse_place_blank_date, parse_place_date
from converters.lexicon.national import is_national_line as _is_national
from converters.model import Block, DocState
from converters.lexicon.patterns import TERMINAL, doc_type_of, leading_doc_type, numbering
from converters.lexicon.provinces import find_province_in
from converters.lexicon.slugs import fold
from converters.steps.layout import opens_body_paragraph
from converters.steps.stamp import consume_stamp, is_stamp_cell
from converters.lexicon.syllables import split_fused_syllables

_CELL_SPLIT = re.compile(r"\t+|\s{3,}")
#: "Số" + a number and symbol: runs of letters, digits and dots joined by "/" or a dash.
#: Spaces may stand only beside a separator ("114 - KL/TW", damaged copies); a space
#: between two words ends the number, so a number never runs on into words.
#: A law or a resolution of the National Assembly prints its type before "số" ("Luật số: 95/2025/QH15",
#: "Nghị quyết số: 203/2025/QH15", "Pháp lệnh số: ..."): the forms of Luật Ban hành văn bản QPPL.
_NUMBER = re.compile(
    r"^(?:\*\*)?(?:(?:Luật|Nghị\s+quyết|Pháp\s+lệnh)\s+)?Số\s*:?\s*(?P<n>\d[\w.]*(?:\s*[/\-–—‐‑−]\s*[\w.]*\w)*)\s*(?:\*\*)?$", re.IGNORECASE
)
_NOISE = re.compile(r"^[\s*_\-–—=~.]*$")
#: A number line whose number is left blank for the office to fill in on signing, the symbol
#: printed ("Số:      /SNV-TCBC", "Số: .../2025/TT-BTC"): the form of NĐ 30/2020 Phụ lục I ô 3.
_BLANK_NUMBER = re.compile(r"^Số\s*:?[\s.…_]*(?P<sym>/[\w.\-–/]*[A-Za-zĐđ][\w.\-–/]*)$", re.IGNORECASE)
#: The "Số" label alone in its cell, its number in the next one.
_NUMBER_LABEL = re.compile(r"^Số\s*:?$", re.IGNORECASE)
_CONSOLIDATED = re.compile(r"/VBHN-", re.IGNORECASE)
_SUBJECT_VV = re.compile(r"(?i)^V/v\s*:?\s*")

#: Longest trích yếu in capitals under the type line, in characters once its wrapped lines are
#: joined: a TTHC decision names every procedure field it covers (seen at 315 characters), and
#: body text is not written in capitals, so a long upper-case block there is still the subject.
MAX_UPPER_SUBJECT = 900

#: How many blocks from the top a header may span.
MAX_HEADER_BLOCKS = 30


_HASHES = re.compile(r"^#{1,6}\s+")
_SPACE_RUN = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def _strip_markup(text: str) -> str:
    # Cached (pure): header cells are cleaned again and again (13k calls on the corpus).
    text = text.strip()
    if text.startswith("#"):
        text = _HASHES.sub("", text)
    return _SPACE_RUN.sub(" ", text.replace("**", "").replace("__", "").strip("*_ ")).strip()


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
        from converters.lexicon.symbols import doc_type_from_symbol
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


def _stopped_upper(clean: str) -> bool:
    """A trích yếu in capitals closed by a full stop: still the subject, without the stop.

    NĐ 30/2020/NĐ-CP Phụ lục I §5 puts no full stop after the subject; some
    offices do.  Text in capitals under the type line is the subject, not
    a body sentence (the body is not written in capitals), so the stop does
    not make it one; the title leaves the stop out.

    >>> _stopped_upper("KẾT LUẬN CỦA THỦ TƯỚNG CHÍNH PHỦ TẠI PHIÊN HỌP."), _stopped_upper("Kết luận của Thủ tướng.")
    (True, False)
    """
    return clean.endswith(".") and not clean.endswith("..") and is_upper_text(clean) and len(clean) <= MAX_UPPER_SUBJECT


def _continues_vv(prev: str, clean: str) -> bool:
    """Whether header cell ``clean`` goes on with the ``V/v`` subject whose last line is ``prev``.

    The trích yếu of a công văn is printed in lower case under the number (NĐ 30/2020/NĐ-CP
    Phụ lục I, ô 5b) over one to three lines; a hard-wrapped export cuts it anywhere
    (raw-artifacts.md §11).  A short line that starts in lower case after a line left
    open (no sentence end) is its next line; "Kính gửi", a body sentence or a name in
    capitals is not.

    >>> _continues_vv("hướng dẫn sắp xếp", "tổ chức bộ máy"), _continues_vv("hướng dẫn.", "tổ chức")
    (True, False)
    >>> _continues_vv("hướng dẫn sắp xếp", "Kính gửi: Các bộ"), _continues_vv("hướng dẫn sắp xếp", "Bộ Nội vụ hướng dẫn như sau.")
    (False, False)
    """
    return (
        clean[:1].islower() and len(clean) <= 200 and prev[-1:] not in ".;:!?"
        and not _KINH_GUI.match(clean) and not _looks_like_body(clean)
    )


def _looks_like_body(text: str) -> bool:
    clean = _strip_markup(text)
    if numbering(clean) and numbering(clean)[0] != "part":
        return True
    if len(clean) > (MAX_UPPER_SUBJECT if is_upper_text(clean) else 300):
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
    vv = False  # the subject came as "V/v ...": a Công văn (NĐ 30/2020, Phụ lục III)
    vv_subject = False  # the subject opened with the "V/v" label (under a type line or not)
    subject_closed = False
    consumed = 0  # blocks fully consumed
    body_rest: str | None = None

    blocks = state.blocks
    for bi, block in enumerate(blocks[:MAX_HEADER_BLOCKS]):
        text = block.text
        cells = _cells(block)
        has_stamp = any(is_stamp_cell(_strip_markup(c)) for c, _ in cells)
        if bi > 0 and (seen_type or seen_number or issuers) and _looks_like_body(text) and not has_stamp:
            if not (seen_type and not subject and _stopped_upper(_strip_markup(text))):
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
        joined_next = False
        for ci, (cell, _line) in enumerate(cells):
            if joined_next:
                joined_next = False
                continue  # the number after a "Số:" label cell, read with it
            clean = _strip_markup(cell)
            next_cell = _strip_markup(cells[ci + 1][0]) if ci + 1 < len(cells) else ""
            if _NUMBER_LABEL.match(clean) and "number" not in meta and (
                _number_of(f"Số: {next_cell}") or _BLANK_NUMBER.match(f"Số: {next_cell}")
            ):
                # "Số:      05 /KH-UBND": the spaces a typist leaves for the number split the label
                # from it into two cells (_CELL_SPLIT); they are one field (NĐ 30/2020 Phụ lục I, ô 3).
                clean, joined_next = f"Số: {next_cell}", True
            if is_upper_text(clean) and is_stamp_cell(next_cell) and not is_stamp_cell(clean):
                pending_upper.append(clean)  # the receiving office's name, printed above ĐẾN
                continue
            if not clean or _NOISE.match(clean):
                continue
            if _is_national(clean):
                national.append(clean)
                continue
            blank = None if "number" in meta or seen_number else _BLANK_NUMBER.match(clean)
            if blank:
                # The number left blank: no number, the symbol still tells the type ("0" stands for
                # the missing digits only to read the symbol); the warning quotes the line.
                meta.setdefault("doc_type", doc_type_from_number("0" + blank.group("sym")))
                state.warn(f"số văn bản để trống trong phần đầu văn bản: «Số: {blank.group('sym')}»")
                seen_number = True
                issuers.extend(pending_upper)
                pending_upper = []
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
            blank_place = None if place_date or seen_date else parse_place_blank_date(clean)
            if blank_place and "place" not in meta:
                # The date left blank (a text published before its day was filled in): the place
                # is read, the date is not guessed (pipeline._finish says why it is missing).
                meta["place"] = blank_place
                state.env["blank_date"] = _SPACE_RUN.sub(" ", clean.strip(" *_"))
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
                if _SUBJECT_VV.match(clean) and not subject:
                    # "V/v" marks the trích yếu (NĐ 30/2020 Phụ lục I §5): a label, like "Số",
                    # whatever type line stands above it ("KẾ HOẠCH" / "V/V HỖ TRỢ ...").
                    subject.append(_SUBJECT_VV.sub("", clean))
                    vv_subject = True
                    continue
                upper = not subject and is_upper_text(clean)
                if upper and _stopped_upper(clean):
                    clean = clean[:-1].rstrip()  # (see _stopped_upper)
                if _SUBJECT_VV.match(clean) or (
                    (len(clean) <= 300 or upper and len(clean) <= MAX_UPPER_SUBJECT)
                    and clean[-1:] not in ".:;!?"
                ):
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
                if seen_type and subject and not (ci + 1 < len(cells) and is_stamp_cell(next_cell)):
                    # After the type and subject: the enacting authority or a heading, body text.
                    stop = True
                    break
                if not (seen_type or seen_number or seen_date or national) and not received:
                    issuers.append(clean)
                else:
                    pending_upper.append(clean)  # a stamp's office, if a stamp field follows
                continue
            if _SUBJECT_VV.match(clean) and not subject:
                subject.append(_SUBJECT_VV.sub("", clean))
                vv = vv_subject = True
                continue
            if vv_subject and 0 < len(subject) < 3 and _continues_vv(subject[-1], clean):
                subject.append(clean)  # the V/v subject wrapped onto this line (raw-artifacts.md §11)
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
        _body_front(state)
        _complete(state)
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
    lines = name_party_bodies(join_unit_lines([_clean_issuer(i) for i in issuers]))
    meta["issuers"] = split_joint_issuers([caser.case(i) for i in lines if i], meta.get("doc_type"), meta.get("number"))
    if national:
        meta["national_heading"] = national
    if subject:
        title = subject_title([_strip_markup(line) for line in subject], body_text)
        meta["title"] = vv_title(title, body_text) if vv_subject else title
    if received:
        received.pop("_den", None)
        if "office" in received:
            received["office"] = caser.case(_clean_issuer(received["office"]))
        meta["received"] = {k: received.get(k) for k in ("office", "number", "date")} | {
            k: v for k, v in received.items() if k not in ("office", "number", "date")
        }
    # From the issuers only: the place of a central body (Hà Nội) is no province of its own.
    for source in meta["issuers"]:
        province = find_province_in(source)
        if province:
            meta["province"] = province
            break
    _body_front(state, caser)
    if vv and not meta.get("doc_type"):
        meta["doc_type"] = "Công văn"
    if meta.get("number") and _CONSOLIDATED.search(meta["number"]):
        # A consolidated text reprints the type line of the text it consolidates
        # ("QUYẾT ĐỊNH"); its own number says what it is (Luật Ban hành văn bản QPPL:
        # "Số: .../VBHN-...").
        meta["doc_type"] = "Văn bản hợp nhất"
    _complete(state)


_JOINT_DASH = re.compile(r"\s+[-–]\s+")


def split_joint_issuers(issuers: list[str], doc_type: str | None, number: str | None) -> list[str]:
    """The bodies of a joint (liên tịch) document, one each, from its header line that joins them.

    ``issuers``: the header's issuer lines, ``doc_type`` and ``number`` as read; returns the
    list with a line ``A - B`` cut into ``A``, ``B`` when the document is of a joint type
    and its number's symbol gives one code per piece (``12/2025/TTLT-BTC-BNV``: two bodies,
    ``BỘ TÀI CHÍNH - BỘ NỘI VỤ``).  Rule: a joint document's header names each body, joined
    by dashes, and its symbol lists each body's code after the type (Luật Ban hành văn bản
    QPPL 2015 / NĐ 34/2016/NĐ-CP mẫu văn bản liên tịch; HD 36-HD/VPTW: ``.../BTGTW-BDVTW``).
    Any other line, or a count that does not match, is kept as it is.

    >>> split_joint_issuers(["Bộ Tài chính - Bộ Nội vụ"], "Thông tư liên tịch", "12/2025/TTLT-BTC-BNV")
    ['Bộ Tài chính', 'Bộ Nội vụ']
    >>> split_joint_issuers(["Ban Chính sách - Thuế quốc tế"], "Công văn", "12/CT-CS")
    ['Ban Chính sách - Thuế quốc tế']
    """
    if not number or "liên tịch" not in (doc_type or ""):
        return issuers
    codes = [c for c in number.rsplit("/", 1)[-1].split("-") if c]
    if codes and codes[0].upper().endswith("LT"):
        codes = codes[1:]
    out: list[str] = []
    for issuer in issuers:
        pieces = _JOINT_DASH.split(issuer)
        out.extend(pieces if len(codes) >= 2 and len(pieces) == len(codes) else [issuer])
    return out


def subject_title(lines: list[str], body: str = "") -> str:
    """The title from the subject's lines (markup stripped), each line in capitals written as text.

    A subject in capitals is written in running text by :func:`sentence_case`.  A Party
    document prints its type with its author in capitals and the trích yếu in lower case
    below (Hướng dẫn 36-HD/VPTW: ``KẾT LUẬN`` / ``CỦA BỘ CHÍNH TRỊ`` / ``về tiếp tục ...``), so a
    subject may mix the two: each line in capitals is then cased on its own, the others
    are kept as written.

    >>> subject_title(["CỦA BỘ CHÍNH TRỊ", "về tiếp tục thực hiện Nghị quyết số 19-NQ/TW"])
    'của Bộ Chính trị về tiếp tục thực hiện Nghị quyết số 19-NQ/TW'
    >>> subject_title(["Về việc ban hành", "quy chế làm việc"]), subject_title(["SƠ KẾT 01 NĂM", "THỰC HIỆN"])
    ('Về việc ban hành quy chế làm việc', 'sơ kết 01 năm thực hiện')
    """
    joined = _SPACE_RUN.sub(" ", " ".join(lines)).strip()
    if is_upper_text(joined) or not any(is_upper_text(line) for line in lines):
        return sentence_case(joined, body)
    return " ".join(sentence_case(line, body) if is_upper_text(line) else line for line in lines if line)


#: A full stop that ends a subject: after a word or a closing bracket, not an ellipsis ("...").
_SUBJECT_STOP = re.compile(r"(?<=[\w)”\"])\.$")


def vv_title(subject: str, body: str = "") -> str:
    """The title of a ``V/v`` subject: first word as the label's continuation, no full stop.

    NĐ 30/2020/NĐ-CP Phụ lục I (trích yếu nội dung công văn): printed after "V/v" in
    lower case (:func:`~converters.lexicon.casing.continuing_subject`), with no full stop
    after it (a title is no sentence; ``_stopped_upper`` drops the stop of a subject in
    capitals the same way).

    >>> vv_title("Chính sách thuế TNCN"), vv_title("kinh phí ủy nhiệm thu."), vv_title("hồ sơ ...")
    ('chính sách thuế TNCN', 'kinh phí ủy nhiệm thu', 'hồ sơ ...')
    """
    return _SUBJECT_STOP.sub("", continuing_subject(subject, body)).rstrip()


#: An administrative unit or "Trung ương" that ends the name of the body on the line above
#: (NĐ 30/2020 Phụ lục I: "ỦY BAN NHÂN DÂN" / "TỈNH HÀ TĨNH" is one body), not a party
#: committee named after its unit ("TỈNH ỦY KIÊN GIANG").
_UNIT_LINE = re.compile(
    r"^(?:TỈNH|THÀNH\s+PHỐ|HUYỆN|QUẬN|THỊ\s+XÃ|XÃ|PHƯỜNG|THỊ\s+TRẤN|ĐẶC\s+KHU|TRUNG\s+ƯƠNG)\b(?!\s+[ỦU][YỶ]\b)",
    re.IGNORECASE,
)
#: Bodies whose name needs the unit after them.
_NEEDS_UNIT = re.compile(
    r"(?:ỦY\s+BAN\s+NHÂN\s+DÂN|UỶ\s+BAN\s+NHÂN\s+DÂN|HỘI\s+ĐỒNG\s+NHÂN\s+DÂN|UBND|HĐND|BAN\s+CHẤP\s+HÀNH|"
    r"[ỦU][YỶ]\s+BAN\s+(?:MẶT\s+TRẬN\s+TỔ\s+QUỐC|MTTQ)\s+VIỆT\s+NAM|UBMTTQ(?:\s+VIỆT\s+NAM)?|ĐẢNG\s+BỘ)$",
    re.IGNORECASE,
)


#: A line that cannot start a body's name: it goes on the name above ("VÀ DU LỊCH").
_CONTINUES = re.compile(r"^(?:VÀ|VỀ|CỦA|THUỘC|TRỰC\s+THUỘC)\s", re.IGNORECASE)
#: A line that cannot end a body's name: a comma or a connector at its end.
_OPEN_END = re.compile(r"(?:,|\s(?:VÀ|VỀ|CỦA|-))$", re.IGNORECASE)


def join_unit_lines(lines: list[str]) -> list[str]:
    """Issuer lines with a name wrapped before its unit joined again.

    >>> join_unit_lines(["ỦY BAN NHÂN DÂN", "TỈNH HÀ TĨNH"])
    ['ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH']
    >>> join_unit_lines(["BAN CHẤP HÀNH", "TRUNG ƯƠNG", "BAN TỔ CHỨC"])
    ['BAN CHẤP HÀNH TRUNG ƯƠNG', 'BAN TỔ CHỨC']
    >>> join_unit_lines(["BỘ VĂN HÓA, THỂ THAO", "VÀ DU LỊCH"]), join_unit_lines(["BAN CHỈ ĐẠO NHÀ NƯỚC", "VỀ DU LỊCH"])
    (['BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH'], ['BAN CHỈ ĐẠO NHÀ NƯỚC VỀ DU LỊCH'])
    >>> join_unit_lines(["ỦY BAN MTTQ VIỆT NAM", "TỈNH CÀ MAU"])
    ['ỦY BAN MTTQ VIỆT NAM TỈNH CÀ MAU']
    >>> join_unit_lines(["TỈNH ỦY KIÊN GIANG", "BAN DÂN VẬN TỈNH ỦY"])
    ['TỈNH ỦY KIÊN GIANG', 'BAN DÂN VẬN TỈNH ỦY']
    """
    out: list[str] = []
    for line in lines:
        wrapped = out and (
            (_UNIT_LINE.match(line) and _NEEDS_UNIT.search(out[-1]))
            or _CONTINUES.match(line)
            or _OPEN_END.search(out[-1])
        )
        if wrapped:
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


#: A party committee on the upper line of a Party header (HD 36-HD/VPTW: the superior body,
#: "cơ quan cấp trên"), and how its staff bodies name it: BAN CHẤP HÀNH TRUNG ƯƠNG -> "TRUNG
#: ƯƠNG" (Ban Tổ chức Trung ương), TỈNH ỦY X -> "TỈNH ỦY" (Ban Dân vận Tỉnh ủy), likewise Thành
#: ủy, Huyện ủy, Quận ủy, Thị ủy, Đảng ủy.
_PARTY_COMMITTEE = re.compile(
    r"^(?:BAN\s+CHẤP\s+HÀNH\s+(?P<tw>TRUNG\s+ƯƠNG)(?:\s+ĐẢNG)?$|(?P<cu>(?:TỈNH|THÀNH|HUYỆN|QUẬN|THỊ|ĐẢNG)\s+[ỦU][YỶ])\s+\S)",
    re.IGNORECASE,
)
#: A staff body of a party committee printed without the committee's name under it
#: ("BAN TỔ CHỨC", "VĂN PHÒNG", "ỦY BAN KIỂM TRA"): a name that names no unit, committee or
#: State body of its own.
_STAFF_BODY = re.compile(r"^(?:BAN\s+\S+(?:\s+\S+){0,5}|VĂN\s+PHÒNG|[ỦU][YỶ]\s+BAN\s+KIỂM\s+TRA)$", re.IGNORECASE)
_NAMES_UNIT = re.compile(
    r"\b(?:TRUNG\s+ƯƠNG|TW|[ỦU][YỶ]|UBND|HĐND|CÁN\s+SỰ|ĐẢNG|ĐOÀN|TỈNH|THÀNH\s+PHỐ|HUYỆN|QUẬN|XÃ|PHƯỜNG|"
    r"CHẤP\s+HÀNH|THƯỜNG\s+VỤ|CHỈ\s+ĐẠO|NHÂN\s+DÂN)\b",
    re.IGNORECASE,
)


def name_party_bodies(lines: list[str]) -> list[str]:
    """Issuer lines with a party staff body named in full after the committee above it.

    A Party header prints the superior committee over the issuing body (Hướng dẫn
    36-HD/VPTW, "tên cơ quan ban hành": "BAN CHẤP HÀNH TRUNG ƯƠNG" / "BAN TỔ CHỨC"); the issuing
    body's name is the staff body's with the committee's (``Ban Tổ chức Trung ương``). Both stay
    issuers, top to bottom (page-format: ``issuers``). A line that already names a unit or a
    committee ("BAN DÂN VẬN TỈNH ỦY", "BAN CÁN SỰ ĐẢNG UBND TỈNH") and State headers are kept.

    >>> name_party_bodies(["BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN TỔ CHỨC"])
    ['BAN CHẤP HÀNH TRUNG ƯƠNG', 'BAN TỔ CHỨC TRUNG ƯƠNG']
    >>> name_party_bodies(["TỈNH UỶ KON TUM", "BAN DÂN VẬN"])
    ['TỈNH UỶ KON TUM', 'BAN DÂN VẬN TỈNH UỶ']
    >>> name_party_bodies(["TỈNH ỦY KIÊN GIANG", "BAN DÂN VẬN TỈNH ỦY", "BAN CÁN SỰ ĐẢNG UBND TỈNH"])
    ['TỈNH ỦY KIÊN GIANG', 'BAN DÂN VẬN TỈNH ỦY', 'BAN CÁN SỰ ĐẢNG UBND TỈNH']
    >>> name_party_bodies(["BỘ TÀI CHÍNH", "CỤC THUẾ"]), name_party_bodies(["ỦY BAN NHÂN DÂN TỈNH X", "BAN QUẢN LÝ DỰ ÁN"])
    (['BỘ TÀI CHÍNH', 'CỤC THUẾ'], ['ỦY BAN NHÂN DÂN TỈNH X', 'BAN QUẢN LÝ DỰ ÁN'])
    """
    if len(lines) < 2:
        return lines
    m = _PARTY_COMMITTEE.match(lines[0])
    if not m:
        return lines
    suffix = m.group("tw") or m.group("cu")
    out = lines[:1]
    for line in lines[1:]:
        if _STAFF_BODY.match(line) and not _NAMES_UNIT.search(line):
            line = f"{line} {suffix}"
        out.append(line)
    return out


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


_KINH_GUI = re.compile(r"(?i)^kính\s+gửi\s*:?\s*")
#: The sender line of a Công điện (NĐ 30/2020 Phụ lục III): "THỦ TƯỚNG CHÍNH PHỦ điện:".
_CABLE = re.compile(r"\S\s+điện\s*:$")
_PREAMBLE = re.compile(r"(?i)^(?:[-–]\s*)?(?:căn\s+cứ|xét\s|theo\s+đề\s+nghị|thực\s+hiện\s|trên\s+cơ\s+sở)")
#: The formula before the articles: one to four upper-case words and a colon (QUYẾT ĐỊNH:, QUYẾT NGHỊ:).
_FORMULA = re.compile(r"^[A-ZĐÀ-Ỹ]+(?:\s+[A-ZĐÀ-Ỹ]+){0,3}\s*:$")
_ITEM_MARK = re.compile(r"^\s*[-–+•]\s*")
#: How many blocks at the start of the body may hold "Kính gửi" and the enacting authority.
FRONT_BLOCKS = 6


def _body_front(state: DocState, caser: Caser | None = None) -> None:
    """Addressees and the enacting authority at the start of the body.

    - ``Kính gửi: A`` (a Công văn, Tờ trình; NĐ 30/2020 Phụ lục I, "nơi
      nhận" of a công văn printed under the subject): ``meta["addressees"]``
      gets each addressee, without dash and trailing ``,.;``; the block (and
      the ``- ...`` item blocks right after an empty ``Kính gửi:``) leaves
      the body.  Lines that do not start with a dash continue the addressee
      before them (a wrapped name).
    - A Công điện's addressees: the ``- ...`` items after its ``... điện:``
      line (which stays body text).
    - The enacting authority of a Quyết định / Nghị quyết (``CHỦ TỊCH ỦY BAN
      NHÂN DÂN TỈNH ...``, ``HỘI ĐỒNG NHÂN DÂN ...``): an upper-case block
      followed, within three blocks, by the preamble (``Căn cứ ...``,
      ``Xét ...``, ``Theo đề nghị ...``) or the formula (``QUYẾT ĐỊNH:``).
      It goes to ``meta["enacting_authority"]`` in proper case and leaves the
      body; the preamble and the formula stay body text.
    """
    meta = state.meta
    meta.setdefault("addressees", [])
    blocks = state.blocks
    caser = caser or Caser("\n".join(b.text for b in blocks[:200]))
    i = 0
    while i < min(len(blocks), FRONT_BLOCKS):
        text = _strip_markup(blocks[i].text)
        m = _KINH_GUI.match(text)
        if m and not meta["addressees"]:
            raw_lines = [_strip_markup(line) for line in blocks[i].text.split("\n")]
            raw_lines[0] = _KINH_GUI.sub("", raw_lines[0])
            j = i + 1
            source = blocks[i]  # the block whose lines the body's rest comes from
            items = False  # raw_lines run on over the "- ..." item blocks after the label
            # "Kính gửi: - Sở A;" with "- Sở B." under it (NĐ 30/2020 Phụ lục I ô 9a: several
            # addressees, one "- ..." line each, the first on the label's line).
            first_item = bool(_ITEM_MARK.match(raw_lines[0].strip())) and not _addressee_lines(raw_lines)[1]
            if not any(raw_lines) or first_item:
                while j < len(blocks) and _ITEM_MARK.match(_strip_markup(blocks[j].text)) and j - i <= 40:
                    raw_lines.extend(_strip_markup(line) for line in blocks[j].text.split("\n"))
                    j += 1
                    items = True
                if not first_item and j == i + 1 and j < len(blocks) and blocks[j].kind in ("raw", "paragraph"):
                    # "**Kính gửi:**" alone on its line: the addressee is the next block's first line(s).
                    source = blocks[j]
                    raw_lines = [_strip_markup(line) for line in source.text.split("\n")]
                    j += 1
            taken, rest = _addressee_lines(raw_lines)
            while not rest and taken and j < len(blocks) and _NOTE_LINE.match(_strip_markup(blocks[j].text)):
                # The addressee's note on a line of its own: "(Đ/c: Lô CN06, KCN ...)".
                taken.append(_strip_markup(blocks[j].text))
                j += 1
            depth = _open_parens(taken)
            if not rest and depth and j < len(blocks):
                # The addressee's note runs into the next chunk ("(Địa chỉ: ...;" / "Số ĐT: ...)"):
                # up to its closing parenthesis it is the addressee's; the body goes on after it.
                nxt = blocks[j]
                end = _close_at(nxt.text, depth)
                if end is not None and end <= 300:
                    taken.append(_strip_markup(nxt.text[:end]))
                    after = nxt.text[end:].lstrip()
                    if after:
                        blocks[j] = Block(nxt.kind, after, nxt.lines, nxt.level, nxt.label, dict(nxt.data))
                    else:
                        j += 1
            meta["addressees"] = _addressees(taken)
            del blocks[i:j]
            if rest:
                # The body ran on in the same block (no blank line after "Kính gửi"): keep it.
                offset = len(source.text.split("\n")) - len(rest)
                start = source.lines[1] if items else source.lines[0] + offset
                blocks.insert(i, Block("raw", "\n".join(rest), (start, source.lines[1]), data={"gap": 0}))
                i += 1
            continue
        if _CABLE.search(text) and not meta["addressees"]:
            # A Công điện: "THỦ TƯỚNG CHÍNH PHỦ điện:" then its addressees as "- ..." items.
            j = i + 1
            raw_lines = []
            while j < len(blocks) and _ITEM_MARK.match(_strip_markup(blocks[j].text)) and j - i <= 40:
                raw_lines.extend(_strip_markup(line) for line in blocks[j].text.split("\n"))
                j += 1
            if raw_lines:
                meta["addressees"] = _addressees(raw_lines)
                del blocks[i + 1 : j]
            i += 1
            continue
        if (
            is_upper_text(text)
            and len(text) <= 200
            and not doc_type_of(text)
            and not numbering(text)
            and not _FORMULA.match(text)
            and "enacting_authority" not in meta
        ):
            ahead = [_strip_markup(b.text) for b in blocks[i + 1 : i + 4]]
            if any(_PREAMBLE.match(t) or _FORMULA.match(t) for t in ahead):
                meta["enacting_authority"] = caser.case(_clean_issuer(text))
                del blocks[i]
                continue
        if _PREAMBLE.match(text) or _FORMULA.match(text) or numbering(text):
            break
        i += 1


def _close_at(text: str, depth: int) -> int | None:
    """The index just after the ``)`` that closes ``depth`` open parentheses in ``text``, else ``None``."""
    for k, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if depth <= 0:
            return k + 1
    return None


def _open_parens(lines: list[str]) -> int:
    """How many parentheses ``lines`` leave open (0 when balanced or over-closed)."""
    text = "".join(lines)
    return max(0, text.count("(") - text.count(")"))


#: A note in parentheses that is a whole line (an address under an addressee's name).
_NOTE_LINE = re.compile(r"^\s*\([^()]{3,200}\)[.;,]?\s*$")


def _addressee_lines(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split a "Kính gửi" block into its addressee lines and the body text after them.

    Addressees are the rest of the ``Kính gửi:`` line, ``- ...`` items, and
    short lines continuing a name (no sentence end before them, and not the
    first line of a wrapped body paragraph: :func:`opens_body_paragraph`).
    The first other line starts the body.

    >>> _addressee_lines(["Sở Tài chính", "Cục Thuế nhận được công văn số 324 của Sở Tài chính về việc ..."])
    (['Sở Tài chính'], ['Cục Thuế nhận được công văn số 324 của Sở Tài chính về việc ...'])
    >>> _addressee_lines(["", "- Sở A;", "- Sở B."])
    (['', '- Sở A;', '- Sở B.'], [])

    An open parenthesis continues the addressee until it closes (an address
    or telephone note under a person's name):

    >>> _addressee_lines(["Bà X (Địa chỉ: Phường A;", "Số ĐT: 0900)", "Cục Thuế nhận được câu hỏi."])
    (['Bà X (Địa chỉ: Phường A;', 'Số ĐT: 0900)'], ['Cục Thuế nhận được câu hỏi.'])

    and so does a note in parentheses on its own line under the name:

    >>> _addressee_lines(["Công ty A.", "(Đ/c: Lô CN06, KCN B)", "Cục Hải quan nhận được công văn."])
    (['Công ty A.', '(Đ/c: Lô CN06, KCN B)'], ['Cục Hải quan nhận được công văn.'])
    """
    taken: list[str] = []
    depth = 0  # parentheses opened and not closed in the lines taken
    for k, line in enumerate(lines):
        stripped = line.strip()
        if depth > 0 and stripped:
            end = _close_at(line, depth)
            if end is None and len(stripped) <= 200:
                taken.append(line)
                depth += line.count("(") - line.count(")")
                continue
            if end is not None:
                taken.append(line[:end])  # the note closes here; the body may run on after it
                depth = 0
                after = line[end:].strip()
                if after:
                    return taken, [after] + lines[k + 1 :]
                continue
        named = any(t.strip() for t in taken)
        if not named or _ITEM_MARK.match(stripped) or not stripped or _NOTE_LINE.match(stripped):
            # The first line (also under an empty "Kính gửi:"), a "- ..." item, or the addressee's
            # note in parentheses on its own line under the name ("(Địa chỉ: 193 P. Bà Triệu)").
            taken.append(line)
            depth = max(0, depth + line.count("(") - line.count(")"))
            continue
        prev = next((t.strip() for t in reversed(taken) if t.strip()), "")
        if (
            prev and prev[-1:] not in ".;:" and len(stripped) <= 60 and stripped[-1:] not in ".:"
            and not opens_body_paragraph(lines, k)  # a wrapped body paragraph, no name (layout.split_addressee)
        ):
            taken.append(line)  # a wrapped name: "Kính gửi: Bộ trưởng" / "Bộ Nông nghiệp và Môi trường"
            depth = max(0, depth + line.count("(") - line.count(")"))
            continue
        return taken, lines[k:]
    return taken, []


#: An emphasis mark: a run of ``*``/``_`` at a word's edge (not inside a word, such as ``a_b``).
_EMPHASIS = re.compile(r"(?<!\w)[*_]+|[*_]+(?!\w)")


def _addressees(lines: list[str]) -> list[str]:
    """``Kính gửi`` lines to addressees: ``["- Sở A;", "- Sở B."]`` -> ``["Sở A", "Sở B"]``.

    Emphasis marks (``*``, ``_`` at a word's edge) are markup, not part of a value:
    ``["Bà X *(Địa chỉ: A;*", "Số ĐT: 09)"]`` -> ``["Bà X (Địa chỉ: A; Số ĐT: 09)"]``.
    """
    out: list[str] = []
    for line in lines:
        line = _EMPHASIS.sub("", line).strip()
        if not line:
            continue
        if _ITEM_MARK.match(line) or not out:
            out.append(_ITEM_MARK.sub("", line))
        elif line.startswith("("):
            out[-1] = f"{out[-1].rstrip('.')} {line}"  # "Công ty A." / "(Đ/c: ...)": the name's note
        else:
            out[-1] = f"{out[-1]} {line}"
    return [a.strip().rstrip(",.;").strip() for a in out if a.strip(" ,.;")]


_AS_FOLLOWS = re.compile(
    r"(?:xây dựng|ban hành|báo cáo|thông báo)\s+(?P<type>[A-ZĐ][^\s,]*\s+\w+)\s+(?P<title>[^.;:]{10,200}?)\s+(?:như sau|cụ thể như sau)\s*:",
)


#: The enacting formula that closes a legal text's preamble names the text with its trích yếu
#: (NĐ 30/2020 Phụ lục I, mẫu Thông tư / Nghị định / Nghị quyết / Quyết định: "Bộ trưởng Bộ ...
#: ban hành Thông tư quy định ..."; "Chính phủ ban hành Nghị định ..."), one sentence ending the block.
_FORMULA = re.compile(r"(?:^|\s)ban\s+hành\s+(?P<type>\S+(?:\s+\S+)?)\s+(?P<title>\S.{9,}?)\s*\.?$", re.S)
#: The formula ends where the articles begin: only blocks before the first "Điều" are read.
_FORMULA_WINDOW = 40


def formula_title(blocks: list[Block], doc_type: str | None) -> str | None:
    """The trích yếu the enacting formula gives, or ``None``: ``blocks`` are the body's first blocks.

    Only a block before the first article (``Điều 1``) that is one sentence ending in
    ``ban hành <doc_type> <title>.``, ``doc_type`` being the document's own type, counts;
    "Ban hành kèm theo Quyết định này ..." (an article's text) is no formula.

    >>> formula_title([Block("raw", "*Chính phủ ban hành Nghị định quy định về giá.*", (0, 0))], "Nghị định")
    'quy định về giá'
    """
    if not doc_type:
        return None
    for block in blocks[:_FORMULA_WINDOW]:
        text = _strip_markup(block.text)
        if text.startswith("Điều ") or text.startswith("Chương "):
            return None
        if "\n" in text or not text.endswith(".") or text.startswith("Căn cứ"):
            continue
        m = _FORMULA.search(text)
        if not m:
            continue
        title = m.group("title").rstrip(". ")
        if fold(m.group("type")) != fold(doc_type):  # the types are two words (doc_types)
            continue
        if re.match(r"(?i)(?:này|kèm)\b", title) or ";" in title:
            continue
        return title
    return None


_EVIDENCE_LABELS = {"number": "số hiệu", "date": "ngày ban hành", "doc_type": "loại văn bản"}


def _use_evidence(state: DocState) -> None:
    """Fill fields the header did not give from a portal's labelled table (``layout`` evidence).

    The document's own header wins; a disagreement is reported, never resolved silently.
    """
    evidence = state.env.get("layout", {}).get("evidence") or {}
    meta = state.meta
    for key, label in _EVIDENCE_LABELS.items():
        value = evidence.get(key)
        if not value:
            continue
        if key == "number":
            value = canonical_number(value)
        if not meta.get(key):
            meta[key] = value
            state.warn(f"{label} lấy từ bảng thông tin của trang web ({value}), không thấy trong phần đầu văn bản")
        elif fold(str(meta[key])).replace(" ", "") != fold(str(value)).replace(" ", ""):
            state.warn(f"{label} của văn bản ({meta[key]}) khác bảng thông tin của trang web ({value})")


def _complete(state: DocState) -> None:
    """Fill ``doc_type`` and ``title`` when the header did not give them."""
    meta = state.meta
    _use_evidence(state)
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
    if not meta.get("title") and state.blocks:
        title = formula_title(state.blocks, meta.get("doc_type"))
        if title:
            meta["title"] = title
    if not meta.get("title"):
        number = meta.get("number")
        meta["title"] = f"số {number}" if number else "(không có trích yếu)"
        state.warn("không tìm thấy trích yếu ở phần đầu văn bản")
