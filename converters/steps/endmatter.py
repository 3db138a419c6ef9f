"""End matter: signature blocks, "Nơi nhận" (recipients), typist initials, attached documents.

A document closes (Hướng dẫn 36-HD/VPTW §1.9-1.10; Nghị định 30/2020/NĐ-CP
Phụ lục I) with one or two signature blocks — the authority line (``T/M``,
``K/T``, ``TM.``, ``KT.``, ``TL.``, ``TUQ.``, ``Q.``, ``PP.`` + body or title,
with or without the dot; ``TL.`` over ``KT.`` stacked), the signer's title,
a blank space for the signature, the name — and the recipients, ``Nơi
nhận:`` then ``- ...`` lines, before or after the signatures.  Two blocks may
stand side by side, as cells of one row separated by tabs (the layout stage's
cells) or many spaces (``raw-artifacts.md`` §7, §10).  The typist's initials
may follow the last line (``Lưu Văn phòng Tỉnh ủy.LTT``, ``*Chau*``, §6).

The end matter is not always the end of the text (§13-14): a decision carries
the regulation it issues (``QUY CHẾ`` / ``QUY ĐỊNH`` ... ``(Ban hành kèm theo
Quyết định số ...)``) and annexes (``PHỤ LỤC I``) after its own signature
and recipients, and ``[n]`` footnote definitions follow the signature or the
attachments.  So the main document's closing is the first ``Nơi nhận`` with
the signature blocks next to it; what follows is split into attached
documents at their titles (see :func:`attachment_title`).  Each attachment's
title becomes one ``attachment`` block marked ``data["attachment"] = {"title", "index"}``
(``index`` from 1) and ``data["attachment_title"]`` (the outline step
makes it a ``##`` section and outlines each attachment on its own); an
attachment closed by a signature of its own keeps it as
``meta["attachments"][k]["signers"]`` and a ``signature`` block at its end.

This step removes the end-matter blocks from the body and fills
``meta["signers"]``, ``meta["recipients"]``, ``meta["attachments"]`` and the
extra key ``typist_initials``.  A document whose header named no issuer gets
it from the authority line of a collective signature (``T/M BAN THƯỜNG VỤ
TỈNH ỦY`` + the province the text names), with a warning.
"""

from __future__ import annotations

import re
from functools import lru_cache

from converters.lexicon.casing import Caser, is_upper_text, title_case_name
from converters.lexicon.patterns import ATTACHMENT_ALTERNATION, numbering
from converters.model import Block, DocState

_RECIPIENTS = re.compile(r"(?i)^(?:#{1,6}\s*)?[*_]*\s*n[ơo]i\s+nh[ậa]n\s*[*_]*\s*:?\s*[*_]*\s*")
#: A list item's mark; the web page's emphasis may wrap it ("*-* Bộ Y tế", "*- *Thứ trưởng",
#: "**-**"), as layout's item test allows (9 corpus documents).
_ITEM = re.compile(r"^\s*[*_]*\s*[-–+•][*_]*\s*")
#: Authority prefixes (thẩm quyền ký): NĐ 30/2020 Phụ lục I §8, HD 36-HD/VPTW §1.9.
#: Upper case only, dot optional ("TM ỦY BAN", "KT.CHỦ TỊCH"); the rest must be upper case too.
_AUTHORITY = re.compile(r"^(?:T/M|K/T|P/P|T\.M\.?|K\.T\.?|TM|KT|TL|TUQ|PP|Q)(?:\.\s*|\s+)(?=\S)")
_CELL_SPLIT = re.compile(r"\t+|\s{3,}")
#: The head titles (chức vụ) that name no body of their own, and every "<unit> TRƯỞNG" head (Bộ,
#: Thứ, Vụ, Cục, Chi cục, Viện, Hiệu, Chỉ huy, Kiểm toán ... trưởng): the signer's title line of
#: NĐ 30/2020 Phụ lục I mục II.8 and HD 36-HD/VPTW §1.9, whatever the body.  The corpus showed
#: only nine of them; the heads it lacks (Thống đốc, Tư lệnh, Chính ủy, Đại sứ, Vụ trưởng, Chỉ
#: huy trưởng ...) were read as an authority over no title (tests/cases/endmatter.yml).
_HEAD_TITLE = (
    r"PHÓ|TRƯỞNG|CHỦ\s+TỊCH|CHỦ\s+NHIỆM|GIÁM\s+ĐỐC|BÍ\s+THƯ|CHÁNH|TỔNG|[ỦU][YỶ]\s+VIÊN|THỦ\s+TƯỚNG|"
    r"THỐNG\s+ĐỐC|TƯ\s+LỆNH|CHÍNH\s+[ỦU][YỶ]|ĐẠI\s+SỨ|KẾ\s+TOÁN|THƯ\s+KÝ|(?:\S+\s+){1,2}TRƯỞNG(?=\s|$)"
)
_TITLE_START = re.compile(r"^(?:" + _HEAD_TITLE + r"|KT\.|Q\.)")
#: Words of a title or body, never of a person's name (an upper-case name is told apart by them).
_OFFICE_WORDS = re.compile(
    r"\b(?:PHÓ|TRƯỞNG|CHỦ|TỊCH|NHIỆM|GIÁM|ĐỐC|BÍ|THƯ|BAN|ỦY|UỶ|VIÊN|BỘ|CỤC|SỞ|TỔNG|THỦ|TƯỚNG|HỘI|ĐỒNG|"
    r"NHÂN|DÂN|TỈNH|THÀNH|PHỐ|HUYỆN|XÃ|CHÍNH|PHỦ|VĂN|PHÒNG|ĐẢNG|THƯỜNG|VỤ|TRỰC|QUỐC|CỘNG|SẢN|VIỆT|NAM)\b"
)
_NAME_WORD = re.compile(r"^[A-ZĐÀ-Ỹ][\w’']*$")
_INITIALS_ITALIC = re.compile(r"\s+\*([A-Za-z]{2,8})\*\s*$")
_INITIALS_AFTER_DOT = re.compile(r"(?<=[.;])\s*\*{0,2}([A-ZĐ][A-Za-zĐđ]{1,7})\*{0,2}\s*$")
#: Initials after the copy count that ends the "Lưu" recipient, "Lưu: VT, <unit> (n)<initials>",
#: glued or spaced (a pattern across State documents; NĐ 30/2020 Phụ lục I: copies kept, then
#: the drafter's initials): "CN (2b)THH.", "QHĐP (2b)Q.Cường.", "NN (2) Tuynh".
_INITIALS_AFTER_COUNT = re.compile(
    r"^\s*[-–+•]\s*Lưu\b.*\(\d{1,3}[a-z]?\)\s*\*{0,2}([A-ZĐ][\w.]{0,9}\w)\*{0,2}\s*[.;]?\s*$"
)
#: A parenthesized note in a signature block: "(Đã ký)", "(Ký, ghi rõ họ tên, đóng dấu)".
_NOTE = re.compile(r"^\(.*\)$")
#: The same note without its brackets, as some portals print a copy's signature: "ĐÃ KÝ", "Đã ký".
_SIGNED_BARE = re.compile(r"^(?:đã|ĐÃ|Đã)\s+(?:ký|KÝ)$")
#: "Q." (quyền, acting head): NĐ 30/2020 Phụ lục I §8a puts it before the head's title, so a
#: "Q. CHỦ TỊCH" line with the name under it is the signer's title, not an authority over one.
_ACTING = re.compile(r"^Q(?:\.\s*|\s+)\S")
#: Lines that carry no words: the layout's cell separators, bold space, lone stars.
_EMPTY = re.compile(r"^[\s|*_]*$")

#: Words that open the title of an attached document: ``patterns.ATTACHMENT_WORDS`` (every type
#: of the standards' tables and the annex words).  The corpus showed nine of them (QUY ĐỊNH 15
#: documents, DANH MỤC 4, PHỤ LỤC 4, KẾ HOẠCH 3, BẢNG / ĐỀ ÁN / THỦ TỤC / QUY TRÌNH / TIÊU CHÍ
#: 1); a DANH SÁCH, DỰ ÁN or ĐỀ CƯƠNG after the closing was lost as body text.
_ATTACH_TYPE = re.compile(r"^(?:" + ATTACHMENT_ALTERNATION + r")\b")
_ANNEX = re.compile(r"^PHỤ\s*LỤC\b")
#: "(Ban hành kèm theo Quyết định số ...)", "(Kèm theo Kế hoạch số ...)".
_BASIS = re.compile(r"(?i)^\(?\s*(?:ban\s+hành\s+)?kèm\s+theo\b")
#: How far after a title's first line its "(Ban hành kèm theo ...)" may come (title lines wrap).
_BASIS_WINDOW = 6


_HASHES = re.compile(r"^#{1,6}\s+")
_SPACE_RUN = re.compile(r"\s+")
_ODD_BLANK = re.compile(r"[^\S ]|  ")


@lru_cache(maxsize=16384)
def _strip(text: str) -> str:
    """A cell's words without ``|``, heading hashes, emphasis marks and runs of spaces.

    Cached: the same cells are cleaned many times over (46k calls on the corpus).
    """
    text = text.strip().strip("|").strip()
    if text.startswith("#"):
        text = _HASHES.sub("", text)
    text = text.replace("**", "").replace("__", "").strip("*_ ")
    # The sub changes a text only where it has a blank other than one " " (most cells have none):
    # searching for that first spares rewriting every single space.
    # (A blank other than " " is no printable character: isprintable() tells, in C, that most
    # texts have none; tests/test_converter_prefilters.py checks that against str.isspace.)
    odd = "  " in text or not text.isprintable() and _ODD_BLANK.search(text)
    return (_SPACE_RUN.sub(" ", text) if odd else text).strip()


#: An emphasis run left inside a line ("ngày* *24", "ngày*24*tháng"), not a "(*)" note mark.
_INNER_STARS = re.compile(r"(?:\s*(?<!\()\*+(?!\))\s*)+")


def plain_basis(line: str) -> str:
    """An attachment's basis line as front-matter text: no brackets around it, no emphasis marks.

    The web page's bold and italic marks are cut by the wrap anywhere in the line
    (raw-artifacts.md §11); a front-matter value carries no markup (page-format.md).

    >>> plain_basis("(Ban hành kèm theo Quyết định 1760/QĐ-KTNN ngày* *24 tháng 11 năm 2025)*")
    'Ban hành kèm theo Quyết định 1760/QĐ-KTNN ngày 24 tháng 11 năm 2025'
    >>> plain_basis("(Kèm theo Quyết định số 12/QĐ-UBND ngày*24*tháng 11 năm 2025)")
    'Kèm theo Quyết định số 12/QĐ-UBND ngày 24 tháng 11 năm 2025'
    """
    return _INNER_STARS.sub(" ", line.strip("()* ")).strip("()* ")


def _upper_line(clean: str) -> bool:
    # ``clean`` comes from _strip (no trailing newline), so a suffix test equals re.search("[.;:!?]$").
    return is_upper_text(clean) and len(clean) <= 120 and not clean.endswith((".", ";", ":", "!", "?"))


def is_authority(cell: str) -> bool:
    """True when ``cell`` is an authority line (thẩm quyền ký).

    >>> [is_authority(c) for c in ("TM. ỦY BAN NHÂN DÂN", "KT.CHỦ TỊCH", "T/M BAN THƯỜNG VỤ", "TL BỘ TRƯỞNG")]
    [True, True, True, True]
    >>> [is_authority(c) for c in ("TM. Ủy ban", "Q. 1", "PP", "KT. BỘ TRƯỞNG,")]
    [False, False, False, True]
    """
    clean = _strip(cell)
    m = _AUTHORITY.match(clean)
    return bool(m) and is_upper_text(clean[m.end() :]) and len(clean) <= 120


#: A military or police rank printed before the signer's name (NĐ 30/2020 Phụ lục I §8c).
_RANK = re.compile(r"^(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy|uý)\s+(?=[A-ZĐÀ-Ỹ])")
#: The rank on a line of its own above the name ("Thiếu tướng" / "Nguyễn Văn Long"), any case.
_RANK_ALONE = re.compile(r"^(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy|uý)$", re.IGNORECASE)


def _is_name(cell: str, after_title: bool = False) -> bool:
    """A person's name: 2-6 capitalized words, a rank may lead; upper case only right after a title.

    >>> _is_name("Thượng tướng Võ Minh Lương"), _is_name("Nguyễn Văn A"), _is_name("Cấp tỉnh")
    (True, True, False)
    """
    clean = _RANK.sub("", _strip(cell))
    words = clean.split()
    if not 1 <= len(words) <= 6 or len(clean) > 45 or not all(_NAME_WORD.match(w) for w in words):
        return False
    if is_upper_text(clean):
        return after_title and len(words) >= 2 and not _OFFICE_WORDS.search(clean)
    return True


def _is_signature_cell(cell: str) -> bool:
    clean = _strip(cell)
    if not clean or _EMPTY.match(cell):
        return True
    if is_authority(clean) or _NOTE.match(clean) and len(clean) <= 80 or _RANK_ALONE.match(clean):
        return True
    if _upper_line(clean):
        return True
    return _is_name(clean)


def _cells(text: str) -> list[str]:
    return [c for line in text.split("\n") for c in _CELL_SPLIT.split(line) if _strip(c)]


def _is_signature_block(block: Block) -> bool:
    cells = _cells(block.text)
    if not cells or len(cells) > 14:
        return False
    return all(_is_signature_cell(c) for c in cells)


def _is_real_signature(block_text: str) -> bool:
    """A signature block that names its signer (not a form's placeholder)."""
    cells = [_strip(c) for c in _cells(block_text)]
    has_office = any(is_authority(c) or _upper_line(c) for c in cells)
    return has_office and any(_is_name(c) and not is_upper_text(c) for c in cells)


def parse_signers(lines: list[str], caser: Caser) -> list[dict]:
    """Signature block lines (tab cells kept) to ``[{role, title, name}]``.

    Side-by-side blocks (rows of two cells) are read column by column.
    Stacked authority lines (``TL. CỤC TRƯỞNG`` over ``KT. TRƯỞNG BAN ...``,
    ``TM. ỦY BAN NHÂN DÂN`` over ``KT. CHỦ TỊCH``) are one signer's role; a
    name wrapped over two lines is one name.

    >>> parse_signers(["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Dương Văn An"], Caser())
    [{'role': 'T/M Ban Thường vụ', 'title': 'Phó Bí thư', 'name': 'Dương Văn An'}]
    >>> parse_signers(["T/M BAN THƯỜNG VỤ\\t\\tT/M UBND TỈNH", "BÍ THƯ\\t\\tCHỦ TỊCH", "Nguyễn Văn A\\t\\tTrần Thị B"], Caser())[1]
    {'role': 'T/M UBND tỉnh', 'title': 'Chủ tịch', 'name': 'Trần Thị B'}
    >>> [s["title"] for s in parse_signers(["TM. QUỐC HỘI\\tTM. CHÍNH PHỦ\\tTM. ĐOÀN CHỦ TỊCH", "CHỦ TỊCH\\tTHỦ TƯỚNG\\tCHỦ TỊCH", "Trần Văn An\\tLê Văn Bình\\tĐỗ Văn Chiến"], Caser())]
    ['Chủ tịch', 'Thủ tướng', 'Chủ tịch']
    >>> parse_signers(["**TM. ỦY BAN NHÂN DÂN**", "**KT. CHỦ TỊCH**", "**PHÓ CHỦ TỊCH**", "**Phạm Văn**", "**Thịnh**"], Caser())
    [{'role': 'TM. Ủy ban nhân dân, KT. Chủ tịch', 'title': 'Phó Chủ tịch', 'name': 'Phạm Văn Thịnh'}]
    >>> parse_signers(["TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG", "(Đã ký)", "Hồ Đức Phớc"], Caser())
    [{'role': 'TM. Chính phủ, KT. Thủ tướng', 'title': 'Phó Thủ tướng', 'name': 'Hồ Đức Phớc', 'note': '(Đã ký)'}]
    >>> parse_signers(["TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH", "ĐÃ KÝ", "Đỗ Văn Thành"], Caser())
    [{'role': 'TM. Ủy ban nhân dân', 'title': 'Q. Chủ tịch', 'name': 'Đỗ Văn Thành', 'note': '(Đã ký)'}]
    >>> parse_signers(["TL. CỤC TRƯỞNG", "KT. TRƯỞNG BAN BAN CHÍNH", "SÁCH,", "THUẾ QUỐC TẾ", "PHÓ TRƯỞNG BAN", "Phạm Thị Minh Hiền"], Caser())
    [{'role': 'TL. Cục trưởng, KT. Trưởng ban Ban Chính sách, Thuế quốc tế', 'title': 'Phó Trưởng ban', 'name': 'Phạm Thị Minh Hiền'}]
    """
    rows = [[_strip(c) for c in _CELL_SPLIT.split(line) if _strip(c) and not _EMPTY.match(c)] for line in lines]
    rows = [r for r in rows if r]
    # Two blocks side by side (a joint document of two bodies), or three (a Nghị quyết liên tịch
    # of three: UBTVQH, Chính phủ, Đoàn Chủ tịch UBTWMTTQVN): rows of as many cells of one kind.
    width = max((len(r) for r in rows if 2 <= len(r) <= 4 and len({_kind(c) for c in r}) == 1), default=0)
    if width:
        columns: list[list[str]] = [[] for _ in range(width)]
        for row in rows:
            if len(row) == width:
                for col, cell in zip(columns, row):
                    col.append(cell)
            else:
                columns[0].extend(row)
        return [s for col in columns for s in _linear(col, caser)]
    return _linear([c for r in rows for c in r], caser)


def case_office(cell: str, caser: Caser) -> str:
    """An upper-case authority, body or title line in the spelling of the text (sentence case).

    The prefix stays as written (a space after its dot), each comma-separated
    part is cased on its own and starts with a capital, as a title does
    (``KT. BỘ TRƯỞNG, CHỦ NHIỆM`` -> ``KT. Bộ trưởng, Chủ nhiệm``).

    >>> case_office("KT.CHỦ TỊCH", Caser()), case_office("TL. CỤC TRƯỞNG", Caser("cục trưởng"))
    ('KT. Chủ tịch', 'TL. Cục trưởng')
    """
    m = _AUTHORITY.match(cell)
    prefix = cell[: m.end()].strip() if m else ""
    rest = cell[m.end() :] if m else cell
    parts = [caser.case(p.strip()) for p in rest.split(",") if p.strip()]
    parts = [p[:1].upper() + p[1:] for p in parts]
    return ((prefix + " ") if prefix else "") + ", ".join(parts)


def _kind(cell: str) -> str:
    """What a signature cell is, to tell two signers side by side from one row of one signer."""
    if is_authority(cell) or (is_upper_text(cell) and not _TITLE_START.match(cell) and not _is_name(cell, True)):
        return "office"
    if is_upper_text(cell) and not _is_name(cell, True):
        return "title"
    return "name"


#: The start of a line that is an office of its own (chức vụ), not the rest of a wrapped title.
#: The head titles of ``_HEAD_TITLE`` (every "<unit> TRƯỞNG", Thống đốc, Tư lệnh ...), not the
#: corpus's own (one document: "PHÓ"): a Ban Chỉ đạo's deputy is often a body's head, whatever body.
_OFFICE_START = re.compile(
    r"^(?:PHÓ\s|TRƯỞNG\s|CHỦ\s+TỊCH|CHỦ\s+NHIỆM|GIÁM\s+ĐỐC|BÍ\s+THƯ|CHÁNH\s|THỐNG\s+ĐỐC|TƯ\s+LỆNH|"
    r"CHÍNH\s+[ỦU][YỶ]|ĐẠI\s+SỨ|[ỦU][YỶ]\s+VIÊN|THỦ\s+TƯỚNG|(?:\S+\s+){1,2}TRƯỞNG(?=\s|$)|"
    r"TỔNG\s+(?:GIÁM\s+ĐỐC|BÍ\s+THƯ|CỤC\s+TRƯỞNG|KIỂM\s+TOÁN|THƯ\s+KÝ))"
)
#: A title line that cannot end there: a modifier or connector waiting for its office.
_TITLE_OPEN = re.compile(r"(?:^|\s)(?:PHÓ|TỔNG|VÀ|KIÊM)$|[,\-–]$")


def _second_title(title: str, line: str) -> bool:
    """Whether ``line``, under the signer's title ``title`` (both upper case), is a second office.

    >>> _second_title("TRƯỞNG BAN", "PHÓ THỦ TƯỚNG"), _second_title("PHÓ CHỦ TỊCH", "THƯỜNG TRỰC")
    (True, False)
    >>> _second_title("PHÓ", "CHỦ TỊCH"), _second_title("TRƯỞNG BAN BAN CHÍNH SÁCH,", "THUẾ QUỐC TẾ")
    (False, False)
    """
    return bool(_OFFICE_START.match(_strip(line))) and not _TITLE_OPEN.search(_strip(title))


#: The label a consolidated text (văn bản hợp nhất) prints over its authentication signature
#: (Pháp lệnh hợp nhất văn bản quy phạm pháp luật 2012, Điều 6): no authority, a note of the signer.
_CONSOLIDATION = re.compile(r"^XÁC\s+THỰC\s+VĂN\s+BẢN\s+HỢP\s+NHẤT$")


_LABEL_MARK = "\x00"  # leads a label cell turned note inside _linear (no text has it)

#: A ký thay line run into the deputy's title under it ("KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG", "KT. BỘ
#: TRƯỞNG THỨ TRƯỞNG"): NĐ 30/2020 Phụ lục I §8 and HD 36-HD/VPTW §II.1.9 put "KT." before the
#: head's title and the signer's own title on the line below; a deputy's title opens with PHÓ,
#: a minister's deputy is THỨ TRƯỞNG.  Cells glued by an export or joined as a wrapped title.
_DEPUTY_RUN_IN = re.compile(r"^((?:KT|K/T|K\.T)(?:\.\s*|\s+)[^\s.].*?)\s+((?:PHÓ|THỨ\s+TRƯỞNG)\s+\S.*|THỨ\s+TRƯỞNG)$")


def _consolidation_label(cells: list[str]) -> tuple[int, int] | None:
    """``(start, end)`` of the cells that make the consolidation label (it may wrap), else ``None``."""
    for a in range(len(cells)):
        if not cells[a].startswith("XÁC"):
            continue
        for b in range(a + 1, min(a + 4, len(cells)) + 1):
            if _CONSOLIDATION.match(" ".join(cells[a:b])):
                return a, b
    return None


def _linear(cells: list[str], caser: Caser) -> list[dict]:
    signers: list[dict] = []
    current: dict = {}
    label = _consolidation_label(cells)
    if label:
        # Kept as the signer's note (nothing lost), out of the role it is no part of.
        a, b = label
        cells = cells[:a] + [_LABEL_MARK + case_office(" ".join(cells[a:b]), caser)] + cells[b:]

    def close() -> None:
        nonlocal current
        if current:
            signer = {
                "role": ", ".join(case_office(r, caser) for r in current["role"]) if current.get("role") else None,
                "title": case_office(current["title"], caser) if current.get("title") else None,
                "name": current.get("name"),
            }
            if current.get("note"):
                signer["note"] = " ".join(current["note"])
            if current.get("rank"):
                signer["rank"] = current["rank"]
            signers.append(signer)
        current = {}

    def title_follows(i: int) -> bool:
        # the title line (or the next authority) comes after at most 3 more upper-case lines
        for c in cells[i + 1 : i + 4]:
            if _TITLE_START.match(c):
                return True
            if not is_upper_text(c) or c.startswith(_LABEL_MARK) or _NOTE.match(c):
                return False
        return False

    for i, cell in enumerate(cells):
        if _SIGNED_BARE.match(cell):
            cell = "(Đã ký)"
        if cell.startswith(_LABEL_MARK):
            current.setdefault("note", []).append(cell[1:])
        elif _NOTE.match(cell) and len(cell) <= 80:
            current.setdefault("note", []).append(cell)
        elif _RANK_ALONE.match(cell) and (current.get("title") or current.get("role")):
            # A rank on its own line over the name (NĐ 30/2020 Phụ lục I §8c: rank, then name).
            current["rank"] = cell[:1].upper() + cell[1:].lower()
        elif _ACTING.match(cell) and is_authority(cell) and not current.get("title") and not (
            i + 1 < len(cells) and is_upper_text(cells[i + 1]) and not _is_name(cells[i + 1], True)
        ):
            if current.get("name"):
                close()
            current["title"] = cell  # "Q. CHỦ TỊCH" over the name: the acting head's title
        elif is_authority(cell):
            if current.get("name") or (current.get("title") and not current.get("role")):
                close()
            if current.get("title") and current.get("role"):
                close()
            deputy = _DEPUTY_RUN_IN.match(cell)
            current.setdefault("role", []).append(deputy.group(1) if deputy else cell)
            if deputy:
                current["title"] = deputy.group(2)
        elif current.get("title") and _is_name(cell, after_title=True) or not is_upper_text(cell):
            rank = _RANK.match(cell)
            if rank:
                current["rank"] = rank.group(0).strip()
                cell = cell[rank.end() :]
            name = cell if not is_upper_text(cell) else title_case_name(cell)
            if current.get("name") and len((current["name"] + " " + name).split()) <= 6 and len(current["name"].split()) < 3:
                current["name"] += " " + name  # a name wrapped over two lines
                continue
            if current.get("name"):
                close()
            current["name"] = name
            if len(name.split()) >= 3:
                close()
        else:
            if current.get("name"):
                close()
            if current.get("role") and not current.get("title") and (
                current["role"][-1].endswith(",")
                or not current.get("role_done")
                and not _TITLE_START.match(cell)
                and (len(current["role"]) == 1 and len(cell.split()) <= 2 or title_follows(i))
            ):
                # The rest of an authority line wrapped over two lines or more (NĐ 30/2020 Phụ
                # lục I: authority, title, name), as the Word and PDF readers give the lines:
                # - after its comma: "KT. BỘ TRƯỞNG," / "CHỦ NHIỆM";
                # - a body's last words: "TM. ỦY BAN NHÂN" / "DÂN" (a first authority line, a
                #   piece of at most two words that opens no title);
                # - the lines up to the title line (or the next authority): "KT. TRƯỞNG BAN BAN
                #   CHÍNH" / "SÁCH, THUẾ QUỐC TẾ" / "PHÓ TRƯỞNG BAN".
                current["role"][-1] += " " + cell
                continue
            if current.get("title"):
                # A second line that names an office is the signer's other office (the title in
                # an advisory board over the office held: "TRƯỞNG BAN" / "PHÓ THỦ TƯỚNG", NĐ 30/2020
                # Phụ lục I, chức vụ); joined with ", " as one line prints two offices
                # ("BỘ TRƯỞNG, CHỦ NHIỆM"). Any other line continues a wrapped title.
                sep = ", " if _second_title(current["title"], cell) else " "
                current["title"] += sep + cell
            elif not current.get("role") and not _TITLE_START.match(cell):
                current["role"] = [cell]  # a body's name above the title, without prefix
                current["role_done"] = True
            else:
                current["title"] = cell
    close()
    return signers


#: Single emphasis stars left inside a recipient ("Bộ Công an *(để báo cáo)*"); not "(*)".
_STARS = re.compile(r"(?<!\()\*+(?!\))")


def _clean_recipient(item: str) -> str:
    """One recipient as page-format.md's ``recipients`` field wants it: ``str -> str``.

    No item dash, no trailing ``,`` ``.`` ``;`` and no emphasis marks: the field is
    plain text, and the web page's italics of a note such as ``*(để báo cáo)*`` (7
    corpus documents) would stay as stray ``*``, one of them cut by the trailing ``;``.
    """
    item = _ITEM.sub("", item).strip()
    item = _strip(item)
    if "*" in item:
        item = _SPACE_RUN.sub(" ", _STARS.sub("", item))
    return item.rstrip(" ,.;").strip()


_CELL_RECIPIENTS = re.compile(r"(?i)\t+(?=[*_\s]*n[ơo]i\s+nh[ậa]n\s*[*_]*\s*:)")


def _split_lines(blocks: list[Block]) -> list[Block]:
    """Split chunks at lone ``|`` cell separators and before a later "Nơi nhận:" line."""
    out: list[Block] = []
    for block in blocks:
        lines = block.text.split("\n")
        if "\t" in block.text and _CELL_RECIPIENTS.search(block.text):
            # A "Nơi nhận" cell run into a table row: it starts a line of its own.
            lines = [part for line in lines for part in _CELL_RECIPIENTS.split(line, maxsplit=1)]
        if len(lines) == 1 and lines[0].strip() != "|":
            out.append(block)  # one line, no separator: one piece, the block itself (most blocks)
            continue
        start = block.lines[0]
        pieces: list[tuple[int, list[str]]] = []
        for k, line in enumerate(lines):
            if line.strip() == "|":
                pieces.append((k + 1, []))
                continue
            if not pieces or (_RECIPIENTS.match(line.strip()) and pieces[-1][1]):
                pieces.append((k, []))
            pieces[-1][1].append(line)
        pieces = [(k, p) for k, p in pieces if p]
        if len(pieces) <= 1 and len(lines) == sum(len(p) for _, p in pieces):
            out.append(block)
            continue
        for n, (k, piece) in enumerate(pieces):
            data = dict(block.data) if n == 0 else {"gap": 0}
            out.append(Block(block.kind, "\n".join(piece), (start + k, start + k + len(piece) - 1), data=data))
    return out


#: Recipient items run together on one line ("- Như trên; - Lưu: VT."): split before each dash.
_JOINED_ITEMS = re.compile(r"(?:(?<=[;,.)])|(?<=^))\s*(?=[-–]\s)")


def _take_signature(lines: list[str]) -> tuple[list[str], list[str]]:
    """The signature lines at the start of ``lines`` and what follows them (body of an attachment).

    >>> _take_signature(["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Vũ Hải Quân", "PHỤ LỤC I", "Danh mục thủ tục."])
    (['KT. BỘ TRƯỞNG', 'THỨ TRƯỞNG', 'Vũ Hải Quân'], ['PHỤ LỤC I', 'Danh mục thủ tục.'])
    """
    taken: list[str] = []
    named = False
    last_name = ""
    for k, line in enumerate(lines):
        clean = _strip(line)
        cells = [c for c in _CELL_SPLIT.split(line.strip()) if _strip(c)]
        if not clean or _EMPTY.match(line):
            taken.append(line)
            continue
        wrapped_name = named and len(cells) == 1 and _is_name(clean) and not is_upper_text(clean) and len(last_name.split()) <= 2 and len((last_name + " " + clean).split()) <= 5
        if (
            len(taken) >= 14 or _ANNEX.match(clean) or _BASIS.match(clean)
            or not all(_is_signature_cell(c) for c in cells)
            or (named and not wrapped_name and not is_authority(cells[0]) and not _NOTE.match(_strip(cells[0])))
        ):
            return taken, lines[k:]
        taken.append(line)
        if wrapped_name:
            last_name += " " + clean
            continue
        last_name = clean
        named = any(_is_name(c) and not is_upper_text(_strip(c)) for c in cells) and len(cells) == 1 and not _NOTE.match(clean)
    return taken, []


_TITLE_CUE = re.compile(r"(?i)^[\s*_#]*(?:\(|phụ\s*lục|ban\s+hành|kèm)")


def _split_at_titles(blocks: list[Block]) -> list[Block]:
    """Split chunks where an attached document's title starts inside them (the layout may run them on)."""
    out: list[Block] = []
    for block in blocks:
        lines = block.text.split("\n")
        cuts = set()
        for k, line in enumerate(lines):
            if not k or not _TITLE_CUE.match(line):
                continue  # cheap test first: chunks of annex tables run to thousands of lines
            clean = _strip(line)
            if k and _ANNEX.match(clean):
                cuts.add(k)
            elif k and _BASIS.match(clean):
                j = k
                while j > 0 and k - j < 8 and is_upper_text(_strip(lines[j - 1])) and "\t" not in lines[j - 1]:
                    j -= 1
                if 0 < j < k:
                    cuts.add(j)
        if not cuts:
            out.append(block)
            continue
        bounds = [0] + sorted(cuts) + [len(lines)]
        for n, (a, b) in enumerate(zip(bounds, bounds[1:])):
            if a < b:
                data = dict(block.data) if n == 0 else {"gap": 0}
                out.append(Block(block.kind, "\n".join(lines[a:b]), (block.lines[0] + a, block.lines[0] + b - 1), data=data))
    return out


_BOLD_RUN = re.compile(r"\*\*(.+?)\*\*")
_INNER_AUTHORITY = re.compile(r"\s(?=(?:T/M|K/T|TM|KT|TL|TUQ|PP|Q)\.\s*[A-ZĐÀ-Ỹ])")


def split_joined_signature(cell: str) -> list[str]:
    """A signature cell whose lines were run together, back into its lines.

    Bold runs, authority prefixes and the switch from upper case to the
    capitalized words of a name mark where the lines were.

    >>> split_joined_signature("**KT. CHỦ TỊCH** PHÓ CHỦ TỊCH Nguyễn Thanh Phong")
    ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', 'Nguyễn Thanh Phong']
    >>> split_joined_signature("**TL. CỤC TRƯỞNG** KT. TRƯỞNG BAN CHÍNH SÁCH PHÓ TRƯỞNG BAN Phạm Minh Hiền")
    ['TL. CỤC TRƯỞNG', 'KT. TRƯỞNG BAN CHÍNH SÁCH PHÓ TRƯỞNG BAN', 'Phạm Minh Hiền']
    """
    parts: list[str] = []
    pos = 0
    for m in _BOLD_RUN.finditer(cell):
        if cell[pos : m.start()].strip():
            parts.append(cell[pos : m.start()].strip())
        parts.append(m.group(1).strip())
        pos = m.end()
    if cell[pos:].strip():
        parts.append(cell[pos:].strip())
    out: list[str] = []
    for part in parts:
        for piece in _INNER_AUTHORITY.split(part):
            words = piece.split()
            k = len(words)
            while k > 0 and _NAME_WORD.match(words[k - 1]) and not words[k - 1].isupper():
                k -= 1
            if 0 < k < len(words) and len(words) - k >= 2:
                out += [" ".join(words[:k]), " ".join(words[k:])]
            elif piece.strip():
                out.append(piece.strip())
    return out


def _is_joined_signature(cell: str) -> bool:
    parts = split_joined_signature(cell)
    return len(parts) > 1 and _is_real_signature("\n".join(parts))


def _recipient_items(lines: list[str]) -> tuple[list[str], list[str]]:
    """Recipient items of a "Nơi nhận" chunk (wrapped lines rejoined) and the lines after them.

    A line that is not a ``-`` item continues the item before it, until a
    signature line (authority or upper-case office) starts the signature.

    >>> _recipient_items(["Nơi nhận:", "- Trung tâm (để đưa tin trên Cổng", "thông tin);", "- Lưu: VT.", "KT. BỘ TRƯỞNG"])
    (['Trung tâm (để đưa tin trên Cổng thông tin)', 'Lưu: VT'], ['KT. BỘ TRƯỞNG'])
    """
    head_rest = _RECIPIENTS.sub("", lines[0].strip())
    items: list[str] = _JOINED_ITEMS.split(head_rest) if head_rest.strip("*_ ") else []
    for k, line in enumerate(lines[1:], start=1):
        clean = _strip(line)
        if not clean:
            continue
        if _ITEM.match(line):
            items.append(line)
        elif items and re.match(r"(?i)^[-–\s]*lưu\b", items[-1]) and len(clean) <= 15 and not is_authority(clean) and (
            re.search(r"\d", clean) or sum(c.isalpha() for c in clean) <= 4
        ):
            items.append(line)  # "09 KH": copies and typist's initials under "Lưu", kept as a line of it
        elif is_authority(clean) or (_upper_line(clean) and len(clean) > 3):
            return [_clean_recipient(i) for i in items if _clean_recipient(i)], lines[k:]
        elif items and (_ITEM.sub("", items[-1]).strip() == "" or not re.search(r"[;.]\s*$", items[-1])):
            items[-1] = items[-1].rstrip() + " " + line.strip()  # a wrapped item
        elif items:
            items.append(line)
        else:
            items.append(line)
    return [_clean_recipient(i) for i in items if _clean_recipient(i)], []


def _first_line(text: str) -> str:
    # Without copying the rest of a long block as split("\n", 1) does (11k calls on the corpus).
    k = text.find("\n")
    return text if k < 0 else text[:k]


def attachment_title(blocks: list[Block], i: int) -> tuple[int, int | None] | None:
    """Does an attached document start at ``blocks[i]``?  ``(title_end, basis_index)`` or ``None``.

    An attached document opens with an upper-case title whose first line
    names its type (``QUY CHẾ``, ``QUY ĐỊNH``, ``PHỤ LỤC I``, ``DANH MỤC``,
    ...; or, in a decision that issues it, any upper-case title) and, under
    the title, ``(Ban hành kèm theo ... số ...)`` (NĐ 30/2020 Phụ lục I §
    "văn bản kèm theo").  ``PHỤ LỤC`` alone is enough.  ``title_end`` is the
    index after the title blocks; ``basis_index`` the block of the
    ``(Ban hành kèm theo ...)`` line, if any.  A chapter heading
    (``QUY ĐỊNH CHUNG``) has no basis line under it, so it is never taken.
    An upper-case line above an annex label (a table's last cell ``TTHC``
    above ``PHỤ LỤC II``) is no part of the title: the title starts at the
    label.

    >>> b = [Block("raw", t, (n, n)) for n, t in enumerate(["**TTHC**", "**PHỤ LỤC II**", "QUY TRÌNH NỘI BỘ", "*(Kèm theo Quyết định số 1948/QĐ-UBND)*"])]
    >>> attachment_title(b, 0), attachment_title(b, 1)
    (None, (3, 3))
    """
    head = _first_line(blocks[i].text)
    first = _strip(head)
    if not first or not is_upper_text(first) or is_authority(first) or _is_real_signature(blocks[i].text):
        return None
    if "\t" in head:
        return None  # cells: a form's header (issuer | national heading), not a title
    for j in range(i, min(i + _BASIS_WINDOW, len(blocks))):
        text = blocks[j].text[:600]  # a title, its basis line: never the whole of a table chunk
        # The basis line may share the title's chunk.
        for line in text.split("\n") if j == i else [text.split("\n", 1)[0]]:
            if _BASIS.match(_strip(line)):
                if j == i and not _strip(text.split("\n", 1)[0]).isupper():
                    return None
                # (the basis line itself may be cut into pieces: look at the next two blocks too)
                ahead = line if j == i else text
                for b in blocks[j + 1 : j + 4]:
                    if ")" in ahead:
                        break
                    ahead += " " + b.text[:200]
                if not re.search(r"\d", ahead) and not _ANNEX.match(first):
                    return None  # "(Kèm theo Công văn số: ... ngày ...)": a blank form's line, not an attachment
                return (j if j > i else i + 1), j
        clean = _strip(text)
        if j > i and _ANNEX.match(_strip(_first_line(text))) and not _ATTACH_TYPE.match(first):
            return None  # "TTHC" / "PHỤ LỤC II" / ...: the annex's title starts at its label, not above it
        if j > i and not is_upper_text(clean) and not (
            _ATTACH_TYPE.match(first) and len(clean) < 300 and clean[-1:] not in ".;:" and "\n" not in text
        ):
            break  # a subtitle in sentence case only under a type word ("QUY CHẾ" / "Phối hợp ...")
    if _ANNEX.match(first):
        end = i + 1
        # A subtitle under the annex label: "PHỤ LỤC I" / "DANH MỤC ...".
        while end < len(blocks) and end < i + 3 and is_upper_text(_strip(blocks[end].text)) and _ATTACH_TYPE.match(_strip(blocks[end].text)):
            end += 1
        return end, None
    return None


def _title_text(blocks: list[Block]) -> str:
    parts = []
    for b in blocks:
        for line in b.text.split("\n"):
            clean = _strip(line)
            if clean and not _BASIS.match(clean):
                parts.append(clean)
    return re.sub(r"\s+", " ", " ".join(parts)).strip()


_TITLE_FIRST = re.compile(r"^[\s*_#]*[A-ZĐÀ-Ỹ]{2}")


def _closing_span(blocks: list[Block]) -> tuple[int, int, int] | None:
    """``(start, recipients_index, end)`` of the main document's closing, or ``None``.

    The closing is the first "Nơi nhận" block with the signature blocks just
    before it and just after its items.
    """
    r = next((k for k, b in enumerate(blocks) if k > 0 and _RECIPIENTS.match(b.text.split("\n", 1)[0].strip())), None)
    if r is None:
        return None
    if any(attachment_title(blocks, k) for k in range(1, r) if _TITLE_FIRST.match(blocks[k].text)):
        return None  # the first "Nơi nhận" is a form's, inside an attachment: the document has no closing
    start = r
    while start > 1 and _is_signature_block(blocks[start - 1]) and numbering(_strip(blocks[start - 1].text)) is None:
        start -= 1
    if start < r and not _is_real_signature("\n".join(b.text for b in blocks[start:r])):
        start = r  # upper-case body lines, not a signature
    end = r + 1
    while end < len(blocks) and all(_ITEM.match(line) or not line.strip() for line in blocks[end].text.split("\n")):
        end += 1  # recipient items in chunks of their own
    while end < len(blocks) and _is_signature_block(blocks[end]) and attachment_title(blocks, end) is None:
        end += 1
    return start, r, end


def _has_office(block: Block) -> bool:
    return any(is_authority(c) or _upper_line(_strip(c)) for c in _cells(block.text))


def _recipients_beside(state: DocState, blocks: list[Block], start: int) -> int:
    """Where a dash list in the cell beside the signature starts (its recipients), else ``start``.

    NĐ 30/2020 Phụ lục I (§I.9, layout of the last page) and HD 36-HD/VPTW put "Nơi nhận" in
    the left cell of the closing row, the signature in the right one; an export that lost the
    label still keeps the row: the ``-`` items laid out in the same end-matter table as the
    signature block ``blocks[start]`` (``env["layout"]["tables"]``) are its recipients.
    """
    if start >= len(blocks) or start == 0:
        return start
    first = blocks[start].lines[0]
    span = next(
        (t["span"] for t in (state.env.get("layout") or {}).get("tables", ()) if t["kind"] == "endmatter" and t["span"][0] <= first <= t["span"][1]),
        None,
    )
    if span is None:
        return start
    k = start
    while k > 0 and span[0] <= blocks[k - 1].lines[0] and blocks[k - 1].lines[1] <= span[1] and all(
        _ITEM.match(line) or not line.strip() for line in blocks[k - 1].text.split("\n")
    ):
        k -= 1
    return k


def _walk_back(blocks: list[Block]) -> tuple[int, list[str], list[str]]:
    """No "Nơi nhận": the signature blocks that end the text (``(start, signature lines, [])``)."""
    i = len(blocks)
    lines: list[str] = []
    while i > 0:
        text = blocks[i - 1].text
        pieces = split_joined_signature(text) if "\n" not in text and _is_joined_signature(text) else []
        if pieces and all(_is_signature_cell(p) for p in pieces):
            # A title and name with no authority line ("CHỦ TỊCH QUỐC HỘI" / "Trần Thanh Mẫn": a law,
            # a National Assembly resolution, a Lệnh, which have no "Nơi nhận") run together into
            # one line by the cell's wrap mending: its pieces.
            lines = pieces + lines
        elif _is_signature_block(blocks[i - 1]):
            lines = text.split("\n") + lines
        else:
            break
        i -= 1
    if not lines or not any(_has_office(Block("raw", ln)) for ln in lines):
        return len(blocks), [], []
    return i, lines, []


_STANDING = re.compile(r"(?i)^(?:ban\s+thường\s+vụ|ban\s+chấp\s+hành|thường\s+trực)\s*")
_COMMITTEE = re.compile(r"(?i)\bBan\s+Thường\s+vụ\s+((?:Tỉnh|Thành|Huyện|Quận|Thị|Đảng)\s+[uủ][ỷy])")
_NEEDS_PLACE = re.compile(r"(?i)(?:^(?:tỉnh|thành)\s+[uủ][ỷy]|\b(?:tỉnh|thành phố))$")


def issuer_from_role(role: str, text: str, province: str | None) -> str | None:
    """The issuing body a collective signature names (``T/M`` / ``TM.`` + body), else ``None``.

    A standing committee signs on behalf of its committee (HD 36-HD/VPTW
    §1.9: ``T/M BAN THƯỜNG VỤ`` under ``TỈNH ỦY ...``), so the issuer is the
    committee; a committee named without its place (``Tỉnh ủy``) takes the
    province the text names; ``Ban Thường vụ`` alone takes the committee the
    text names most (``Ban Thường vụ Tỉnh ủy``).

    >>> issuer_from_role("T/M Ban Thường vụ", "Ban Thường vụ Tỉnh ủy chỉ đạo", "Bình Thuận")
    'Tỉnh ủy Bình Thuận'
    >>> issuer_from_role("TM. Ủy ban nhân dân tỉnh", "", "Quảng Trị"), issuer_from_role("KT. Chủ tịch", "", None)
    ('Ủy ban nhân dân tỉnh Quảng Trị', None)
    """
    from collections import Counter

    from converters.lexicon.provinces import find_province_in

    m = re.match(r"^(?:T/M|TM|T\.M)\.?\s*(.+)$", role.split(", ")[0])
    if not m:
        return None
    body = m.group(1).strip()
    standing = _STANDING.match(body)
    if standing:
        body = body[standing.end() :].strip()
        if not body:
            named = Counter(x.group(1) for x in _COMMITTEE.finditer(text))
            if not named:
                return m.group(1).strip()
            body = named.most_common(1)[0][0]
    if province and not find_province_in(body) and _NEEDS_PLACE.search(body):
        body = f"{body} {province}"
    return body[:1].upper() + body[1:]


def _issuer_from_signers(state: DocState, signers: list[dict], body: list[Block]) -> None:
    """A headerless document's issuer from a collective signature, with a warning."""
    if state.meta.get("issuers"):
        return
    from converters.lexicon.provinces import infer_province

    text = "\n".join(b.text for b in body)
    for s in signers:
        role = s.get("role") or ""
        if not re.match(r"^(?:T/M|TM|T\.M)\b", role):
            continue
        province = state.meta.get("province") or infer_province(text)
        issuer = issuer_from_role(role, text, province)
        if issuer:
            state.meta["issuers"] = [issuer]
            state.warn(f"văn bản không có tên cơ quan ban hành ở phần đầu: lấy «{issuer}» từ dòng thẩm quyền ký «{role}»")
            return


def _title_lines(text: str) -> int:
    """How many of ``text``'s first lines are upper-case title lines (no numbering label)."""
    n = 0
    for line in text.split("\n"):
        clean = _strip(line)
        if not clean or not _upper_line(clean) or numbering(clean) is not None:
            break
        n += 1
    return n


def _untitled_attachment(blocks: list[Block], i: int) -> tuple[int, None] | None:
    """The title of a document attached after the closing whose basis line was lost, or ``None``.

    What follows the signature and recipients of a decision is the document it issues
    (NĐ 30/2020 Phụ lục I, "văn bản kèm theo"; page-format.md): the first block after the
    closing, an upper-case line naming an attached type (``KẾ HOẠCH``, ``QUY CHẾ`` ...), opens
    it even when the export dropped its ``(Ban hành kèm theo ...)`` line; the upper-case lines
    under it (at most three blocks, no numbered line) are the rest of its title.  A block that
    runs on past its title lines is cut there (in place).  ``(title_end, None)``.
    """
    text = blocks[i].text
    if "\t" in text or not _ATTACH_TYPE.match(_strip(_first_line(text))):
        return None
    n = _title_lines(text)
    if not n:
        return None
    lines = text.split("\n")
    if n < len(lines):
        b = blocks[i]
        blocks[i : i + 1] = [
            Block(b.kind, "\n".join(lines[:n]), (b.lines[0], b.lines[0] + n - 1), data=dict(b.data)),
            Block(b.kind, "\n".join(lines[n:]), (b.lines[0] + n, b.lines[1]), data={"gap": 0}),
        ]
        return i + 1, None
    end = i + 1
    while end < len(blocks) and end < i + 4 and _strip(blocks[end].text):
        more = blocks[end].text
        if _title_lines(more) != len(more.split("\n")):
            break
        end += 1
    return end, None


def _split_attachments(state: DocState, tail: list[Block], caser: Caser) -> list[Block]:
    """Mark the attached documents in the blocks after the closing; fill ``meta["attachments"]``."""
    attachments: list[dict] = []
    out: list[Block] = []
    i = 0
    current: list[Block] | None = None

    def close_section() -> None:
        # An attachment signed again: the signature blocks that end it (before footnote definitions).
        if current is None or not attachments:
            return
        k = len(current)
        while k > 0 and _is_footnote_def(current[k - 1].text):
            k -= 1
        j = k
        while j > 0 and _is_signature_block(current[j - 1]) and not current[j - 1].data.get("attachment_title"):
            j -= 1
        sig_text = "\n".join(b.text for b in current[j:k])
        if j < k and _is_real_signature(sig_text):
            signers = parse_signers(sig_text.split("\n"), caser)
            attachments[-1]["signers"] = signers
            lines = (current[j].lines[0], current[k - 1].lines[1])
            current[j:k] = [Block("signature", "", lines, data={"signers": signers})]

    first_text = next((k for k, b in enumerate(tail) if _strip(b.text)), None)
    while i < len(tail):
        found = attachment_title(tail, i)
        if found is None and i == first_text:
            found = _untitled_attachment(tail, i)
        if found is None:
            (current if current is not None else out).append(tail[i])
            i += 1
            continue
        close_section()
        end, basis_index = found
        title_blocks = tail[i:end]
        basis = None
        if basis_index is not None:
            basis_lines = [ln for ln in tail[basis_index].text.split("\n")]
            basis = next((_strip(ln) for ln in basis_lines if _BASIS.match(_strip(ln))), None)
        marked = _title_text(title_blocks)
        # A footnote mark ("... TỈNH BẮC NINH[1]") is no part of the title in the front matter;
        # it stays on the block, whose heading the footnotes step links to its definition.
        title = re.sub(r"\s*\[\d{1,3}\]", "", marked)
        k = len(attachments)
        attachments.append({"title": title, "basis": plain_basis(basis) if basis else None, "signers": []})
        marker = {"title": title, "index": k + 1}
        title_block = Block("attachment", marked, (title_blocks[0].lines[0], title_blocks[-1].lines[1]), data={"attachment": marker, "attachment_title": True})
        out.append(title_block)
        current = out
        # A basis line inside the title chunk stays as the section's first paragraph.
        for b in title_blocks:
            rest = [ln for ln in b.text.split("\n") if _BASIS.match(_strip(ln))]
            if rest:
                out.append(Block("raw", "\n".join(rest), b.lines, data={"gap": 0}))
        i = end
    close_section()
    if attachments:
        state.meta["attachments"] = attachments
    return out


_FOOTDEF = re.compile(r"^\s*(?:\*\*)?\s*(?:\[\d{1,3}\]|<sup>|⁽|\ufffd)")


def _is_footnote_def(text: str) -> bool:
    return bool(_FOOTDEF.match(text))


def step(state: DocState) -> None:
    """Pipeline step: take the closing (signatures, recipients) off the body; mark attachments."""
    meta = state.meta
    blocks = state.blocks
    # With lost anchors (encoding 4) everything from the first U+FFFD-led block on is
    # footnote zone (definitions, and "- ..." paragraphs inside them), after the end matter.
    end = next((k for k, b in enumerate(blocks) if b.text.lstrip().startswith("\ufffd")), len(blocks))
    tail_defs = blocks[end:]
    blocks = _split_lines(blocks[:end])
    span = _closing_span(blocks)
    recipients: list[str] = []
    signature_lines: list[str] = []
    initials: list[str] = []
    if span is not None:
        start, r, stop = span
        for b in blocks[start:r]:
            signature_lines += b.text.split("\n")
        rec_lines = [ln.strip("\t") for b in blocks[r:stop] for ln in b.text.split("\n")]
        remainder: list[str] = []
        if "\t" in rec_lines[0] and not any(_ITEM.match(ln) for ln in rec_lines[1:2]):
            # The layout ran the closing row's cells together (recipients TAB signature TAB ...).
            cells = [c for c in re.split(r"\t+", rec_lines[0]) if c.strip()]
            recipients, _ = _recipient_items(_JOINED_ITEMS.split(cells[0]))
            sig_cells: list[list[str]] = []
            spill: list[str] = []
            for cell in cells[1:]:
                parts = split_joined_signature(cell)
                if len(sig_cells) < 2 and not spill and _is_real_signature("\n".join(parts)):
                    sig_cells.append(parts)
                else:
                    spill.append(cell)
            rest = [ln for parts in sig_cells[:1] for ln in parts]
            if len(sig_cells) == 2:  # two signers side by side: rows of two cells
                a_, b_ = sig_cells
                rest = ["\t".join(x) for x in zip(a_ + [""] * (len(b_) - len(a_)), b_ + [""] * (len(a_) - len(b_)))]
            remainder = ["\t".join(spill)] if spill else []
            remainder += rec_lines[1:]
        else:
            recipients, rest = _recipient_items(rec_lines)
        taken, more = _take_signature(rest)
        remainder = more + remainder
        signature_lines += taken
        body = blocks[:start]
        after = blocks[stop:]
        if remainder:
            after = [Block("raw", "\n".join(remainder), blocks[stop - 1].lines, data={"gap": 1})] + after
    else:
        # No closing before the attachments: the signature blocks just before the first one,
        # or those that end the text.
        first_att = next((k for k in range(1, len(blocks)) if _TITLE_FIRST.match(blocks[k].text) and attachment_title(blocks, k)), len(blocks))
        start, signature_lines, _ = _walk_back(blocks[:first_att])
        if not signature_lines and first_att < len(blocks):
            # No signature before the "attachment", one at the end of the text a few lines after
            # its title: the title was the body's (a Lệnh công bố names the law it promulgates in
            # bold, its passing date under it, then is signed). An attached text has more.
            end_start, end_lines, _ = _walk_back(blocks)
            if end_lines and end_start - first_att <= 3:
                start, signature_lines, first_att = end_start, end_lines, len(blocks)
        if signature_lines:
            first_item = _recipients_beside(state, blocks, start)
            if first_item < start:
                recipients, _ = _recipient_items([ln for b in blocks[first_item:start] for ln in b.text.split("\n")])
                start = first_item
        body = blocks[:start]
        after = blocks[first_att:]
        if not signature_lines:
            state.warn("không tìm thấy chữ ký (thẩm quyền, chức vụ, họ tên) ở cuối văn bản")
    # Typist initials after the last recipient ("Lưu Văn phòng.LTT").
    if span is not None and recipients:
        raw_last = next((ln for ln in reversed([ln for b in blocks[span[1] : span[2]] for ln in b.text.split("\n")]) if _ITEM.match(ln)), "")
        m = _INITIALS_AFTER_DOT.search(raw_last) or _INITIALS_AFTER_COUNT.search(raw_last)
        if m and recipients[-1].endswith(m.group(1)):
            initials.append(m.group(1))
            recipients[-1] = _clean_recipient(recipients[-1][: -len(m.group(1))])
    if body:
        last = body[-1]
        m = _INITIALS_ITALIC.search(last.text)
        if m:
            initials.append(m.group(1))
            body[-1] = Block(last.kind, last.text[: m.start()], last.lines, last.level, last.label, dict(last.data))
    caser = Caser("\n".join(b.text for b in body[:200]))
    signature_lines = [ln for ln in signature_lines if not _EMPTY.match(ln)]
    meta["signers"] = parse_signers(signature_lines, caser) if signature_lines else []
    meta["recipients"] = [r for r in recipients if r]
    if initials:
        meta["typist_initials"] = initials
    if span is not None and not meta["signers"]:
        state.warn("không tìm thấy chữ ký (thẩm quyền, chức vụ, họ tên) cạnh phần «Nơi nhận»")
    _issuer_from_signers(state, meta["signers"], body)
    state.env["signature_lines"] = [_strip(line) for line in signature_lines if _strip(line)]
    state.env["signature_rows"] = [[_strip(c) for c in _CELL_SPLIT.split(line) if _strip(c)] for line in signature_lines]
    after = _split_attachments(state, _split_at_titles(after), caser)
    state.blocks = body + after + tail_defs
