"""End matter: signature blocks, "Nơi nhận" (recipients), typist initials.

A document closes (Hướng dẫn 36-HD/VPTW §1.9-1.10; Nghị định 30/2020/NĐ-CP
Phụ lục I) with one or two signature blocks — the authority line (``T/M``,
``K/T``, ``TM.``, ``KT.``, ``TL.``, ``TUQ.``, ``Q.`` + body, or the body alone),
the signer's title, a blank space for the signature, the name — and the
recipients, ``Nơi nhận:`` then ``- ...`` lines, before or after the
signatures.  Two blocks may stand side by side on one line, separated by tabs
or many spaces (``raw-artifacts.md`` §7).  The typist's initials may follow
the last line (``Lưu Văn phòng Tỉnh ủy.LTT``, ``*Chau*``, §6).

This step removes those blocks from the body and fills ``meta["signers"]``,
``meta["recipients"]`` and the extra key ``typist_initials``; ``env`` keeps
the printed lines for the page's signature block.
"""

from __future__ import annotations

import re

from converters.lexicon.casing import Caser, is_upper_text, title_case_name
from converters.model import Block, DocState

_RECIPIENTS = re.compile(r"(?i)^(?:#{1,6}\s*)?[*_]*\s*n[ơo]i\s+nh[ậa]n\s*[*_]*\s*:?\s*[*_]*\s*")
_ITEM = re.compile(r"^\s*[-–+•]\s*")
_AUTHORITY = re.compile(r"^(?:T/M|K/T|TM\.?|KT\.?|TL\.?|TUQ\.?|Q\.)\s", re.IGNORECASE)
_CELL_SPLIT = re.compile(r"\t+|\s{3,}")
_TITLE_START = re.compile(
    r"^(?:PHÓ|TRƯỞNG|CHỦ\s+TỊCH|CHỦ\s+NHIỆM|GIÁM\s+ĐỐC|BÍ\s+THƯ|CHÁNH|THỨ\s+TRƯỞNG|BỘ\s+TRƯỞNG|TỔNG|ỦY\s+VIÊN|UỶ\s+VIÊN|VIỆN\s+TRƯỞNG|HIỆU\s+TRƯỞNG|CỤC\s+TRƯỞNG|KT\.|Q\.)",
)
_NAME = re.compile(r"^(?:[A-ZĐÀ-Ỹ][\w’']*)(?:\s+[A-ZĐÀ-Ỹ][\w’']*){1,5}$")
_INITIALS_ITALIC = re.compile(r"\s+\*([A-Za-z]{2,8})\*\s*$")
_INITIALS_AFTER_DOT = re.compile(r"(?<=[.;])\s*\*{0,2}([A-ZĐ][A-Za-zĐđ]{1,7})\*{0,2}\s*$")


def _strip(text: str) -> str:
    text = re.sub(r"^#{1,6}\s+", "", text.strip())
    return re.sub(r"\s+", " ", text.replace("**", "").strip("*_ ")).strip()


def _is_name(cell: str) -> bool:
    cell = _strip(cell)
    return bool(_NAME.match(cell)) and not is_upper_text(cell) and len(cell) <= 40 or (
        is_upper_text(cell) and 2 <= len(cell.split()) <= 5 and len(cell) <= 35 and bool(_NAME.match(cell)) and False
    )


def _is_signature_cell(cell: str) -> bool:
    clean = _strip(cell)
    if not clean:
        return True
    if _AUTHORITY.match(clean):
        return True
    if is_upper_text(clean) and len(clean) <= 80 and not re.search(r"[.;:!?]$", clean):
        return True
    return _is_name(clean)


def _is_signature_block(block: Block) -> bool:
    cells = [c for line in block.text.split("\n") for c in _CELL_SPLIT.split(line) if c.strip()]
    if not cells or len(cells) > 8:
        return False
    return all(_is_signature_cell(c) for c in cells)


def parse_signers(lines: list[str], caser: Caser) -> list[dict]:
    """Signature block lines (tabs and wide gaps kept) to ``[{role, title, name}]``.

    Side-by-side blocks are read column by column when the first line holds
    two authority or body cells.

    >>> parse_signers(["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Dương Văn An"], Caser())
    [{'role': 'T/M Ban Thường vụ', 'title': 'Phó Bí thư', 'name': 'Dương Văn An'}]
    >>> parse_signers(["T/M BAN THƯỜNG VỤ\\t\\tT/M UBND TỈNH", "BÍ THƯ\\t\\tCHỦ TỊCH", "Nguyễn Văn A\\t\\tTrần Thị B"], Caser())[1]
    {'role': 'T/M UBND tỉnh', 'title': 'Chủ tịch', 'name': 'Trần Thị B'}
    """
    rows = [[_strip(c) for c in _CELL_SPLIT.split(line) if _strip(c)] for line in lines]
    rows = [r for r in rows if r]
    if rows and len(rows[0]) == 2 and all(_AUTHORITY.match(c) or (is_upper_text(c) and not _TITLE_START.match(c)) for c in rows[0]):
        columns: list[list[str]] = [[], []]
        for row in rows:
            if len(row) == 2:
                columns[0].append(row[0])
                columns[1].append(row[1])
            else:
                columns[0].extend(row)
        return [s for col in columns for s in _linear(col, caser)]
    return _linear([c for r in rows for c in r], caser)


def _linear(cells: list[str], caser: Caser) -> list[dict]:
    signers: list[dict] = []
    current: dict = {}

    def close() -> None:
        nonlocal current
        if current:
            signers.append(
                {
                    "role": caser.case(current["role"]) if current.get("role") else None,
                    "title": caser.case(current["title"]) if current.get("title") else None,
                    "name": current.get("name"),
                }
            )
        current = {}

    for cell in cells:
        if _AUTHORITY.match(cell):
            if current:
                close()
            current["role"] = cell
        elif is_upper_text(cell) and not _is_name(cell):
            if current.get("name"):
                close()
            if _TITLE_START.match(cell) or current.get("role"):
                if current.get("title"):
                    current["title"] += " " + cell
                else:
                    current["title"] = cell
            elif not current.get("role"):
                current["role"] = cell
            else:
                current["title"] = cell
        else:
            name = cell if not is_upper_text(cell) else title_case_name(cell)
            if current.get("name"):
                close()
            current["name"] = name
            close()
    close()
    return signers


def _clean_recipient(item: str) -> str:
    item = _ITEM.sub("", item).strip()
    item = _strip(item)
    return item.rstrip(" ,.;").strip()


def _split_at_recipients(blocks: list[Block]) -> list[Block]:
    """Split a chunk whose later line is "Nơi nhận:" (no blank line before it)."""
    out: list[Block] = []
    for block in blocks:
        lines = block.text.split("\n")
        cut = next((k for k in range(1, len(lines)) if _RECIPIENTS.match(lines[k].strip())), None)
        if cut is None:
            out.append(block)
            continue
        start = block.lines[0]
        out.append(Block(block.kind, "\n".join(lines[:cut]), (start, start + cut - 1), data=dict(block.data)))
        out.append(Block(block.kind, "\n".join(lines[cut:]), (start + cut, block.lines[1]), data={"gap": 0}))
    return out


def step(state: DocState) -> None:
    """Pipeline step: take signature blocks, recipients and initials off the body's end."""
    blocks = state.blocks
    meta = state.meta
    # Footnote definitions whose anchors were lost sit after everything (U+FFFD-led); skip them.
    # With lost anchors everything from the first U+FFFD-led block on is footnote zone
    # (definitions, and "- ..." paragraphs inside them), after the end matter.
    end = next((k for k, b in enumerate(blocks) if b.text.lstrip().startswith("\ufffd")), len(blocks))
    tail_defs = blocks[end:]
    blocks = _split_at_recipients(blocks[:end])
    end = i = len(blocks)
    recipients: list[str] = []
    recipient_lines: list[str] = []
    signature_lines: list[str] = []
    initials: list[str] = []
    found_recipients = False
    # Walk back over end-matter blocks: recipients' items, "Nơi nhận", signature blocks.
    while i > 0:
        block = blocks[i - 1]
        first = block.text.split("\n", 1)[0]
        lines = block.text.split("\n")
        if _RECIPIENTS.match(first.strip()) and not found_recipients:
            found_recipients = True
            head_rest = _RECIPIENTS.sub("", first.strip())
            items = ([head_rest] if head_rest.strip("*_ ") else []) + lines[1:]
            recipient_lines = items + recipient_lines
            i -= 1
            continue
        if not found_recipients and all(_ITEM.match(line) for line in lines):
            # Items of a recipients list whose heading comes earlier.
            j = i - 1
            while j > 0 and all(_ITEM.match(line) for line in blocks[j - 1].text.split("\n")):
                j -= 1
            if j > 0 and _RECIPIENTS.match(blocks[j - 1].text.split("\n", 1)[0].strip()):
                head_lines = blocks[j - 1].text.split("\n")
                head_rest = _RECIPIENTS.sub("", head_lines[0].strip())
                recipient_lines = (
                    ([head_rest] if head_rest.strip("*_ ") else [])
                    + head_lines[1:]
                    + [line for b in blocks[j:i] for line in b.text.split("\n")]
                    + recipient_lines
                )
                found_recipients = True
                i = j - 1
                continue
            break
        if _is_signature_block(block):
            signature_lines = lines + signature_lines
            i -= 1
            continue
        break
    body = blocks[:i]
    for line in recipient_lines:
        if not line.strip():
            continue
        m = _INITIALS_AFTER_DOT.search(line) if line is recipient_lines[-1] else None
        if m:
            initials.append(m.group(1))
            line = line[: m.start()]
        cleaned = _clean_recipient(line)
        if cleaned:
            recipients.append(cleaned)
    if body:
        last = body[-1]
        m = _INITIALS_ITALIC.search(last.text)
        if m:
            initials.append(m.group(1))
            body[-1] = Block(last.kind, last.text[: m.start()], last.lines, last.level, last.label, dict(last.data))
    caser = Caser("\n".join(b.text for b in body[:200]))
    meta["signers"] = parse_signers(signature_lines, caser) if signature_lines else []
    meta["recipients"] = recipients
    if initials:
        meta["typist_initials"] = initials
    state.env["signature_lines"] = [_strip(c) for line in signature_lines for c in [line] if _strip(line)]
    state.env["signature_rows"] = [[_strip(c) for c in _CELL_SPLIT.split(line) if _strip(c)] for line in signature_lines]
    state.blocks = body + tail_defs
