"""The one place where format readers write text for the converter.

Every reader (``docx``, ``pdf``, ``ocr``) turns a file into a list of
:class:`Item` (header columns, paragraphs, tables, the closing signature and
recipients) plus footnote definitions, and :func:`text` writes them in the
encodings the converter already reads (``raw-artifacts.md``):

- two-column parts (the header: issuer | national heading, number | place and
  date) as tab-separated cells, one printed line per text line (§1, read by
  ``header.py``);
- bold and italic as ``**...**`` and ``*...*``;
- footnote references as ``<sup>n</sup>`` and definitions as
  ``<sup>n</sup> text`` paragraphs (§4, encoding 1, read by ``footnotes.py``),
  written after the body and before the signature, where ``endmatter.py``
  expects the document to close;
- the closing part as the signature block(s), then ``Nơi nhận:`` and its lines
  (§7);
- tables as ``| a | b |`` rows.  Until the layout stage reads such rows,
  each row is its own paragraph so no cell runs into the next paragraph.

When the converter's layout stage lands (``| a | b |`` rows and ``[n]``
footnotes), switch :data:`CELL_FORM` / :data:`FOOTNOTE_FORM` here; no reader
changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: ``"tabs"``: two-column parts as tab-separated cells (read today);
#: ``"pipes"``: as ``| a | b |`` rows (for the layout stage).
CELL_FORM = "tabs"
#: ``"sup"``: ``<sup>n</sup>`` (read today); ``"brackets"``: ``[n]``.
FOOTNOTE_FORM = "sup"


@dataclass
class Item:
    """One part of a document in reading order.

    ``kind`` is ``"columns"`` (``cells``: one list of lines per column, e.g.
    the header, set side by side line by line; or ``rows``: the printed lines,
    each a list of its column texts), ``"para"`` (``text``: one paragraph, inline markup already
    in it; ``lines`` keeps printed line breaks of centred titles),
    ``"table"`` (``rows``: lists of cell texts) or ``"end"`` (``cells``:
    ``[signature lines, recipient lines]``).
    """

    kind: str
    text: str = ""
    cells: list[list[str]] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def ref(label: str) -> str:
    """A footnote reference in the running text.

    >>> ref("3")
    '<sup>3</sup>'
    """
    return f"[{label}]" if FOOTNOTE_FORM == "brackets" else f"<sup>{label}</sup>"


def emphasis(text: str, bold: bool = False, italic: bool = False) -> str:
    """``text`` wrapped in ``**``/``*``, with its outer spaces kept outside the marks.

    >>> emphasis(" Nơi nhận: ", bold=True, italic=True)
    ' ***Nơi nhận:*** '
    >>> emphasis("  ", bold=True)
    '  '
    """
    core = text.strip()
    if not core or not (bold or italic):
        return text
    mark = ("**" if bold else "") + ("*" if italic else "")
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{mark}{core}{mark[::-1]}{trail}"


def signature_blocks(lines: list[str]) -> list[list[str]]:
    """Signature lines stacked in one cell, one block per signer.

    A block is the authority and title in capitals, then the name
    (Nghị định 30/2020/NĐ-CP Phụ lục I, mục 8): a capitals line after a
    name starts the next signer.
    """
    blocks: list[list[str]] = []
    for line in lines:
        bare = line.replace("*", "").strip()
        if not bare:
            continue
        starts = bare.isupper() and blocks and not blocks[-1][-1].replace("*", "").strip().isupper()
        if not blocks or starts:
            blocks.append([])
        blocks[-1].append(line)
    return blocks


def _rows(columns: list[list[str]]) -> list[str]:
    """Two or more columns of lines side by side, one printed line per text line."""
    columns = [[c for c in col if c.strip()] for col in columns]
    height = max((len(c) for c in columns), default=0)
    out = []
    for i in range(height):
        cells = [col[i] if i < len(col) else "" for col in columns]
        if CELL_FORM == "pipes":
            out.append("| " + " | ".join(cells) + " |")
        else:
            out.append("\t".join(cells).rstrip("\t"))
    return out


def _cells_line(cells: list[str]) -> str:
    if CELL_FORM == "pipes":
        return "| " + " | ".join(cells) + " |"
    return "\t".join(cells).rstrip("\t")


def _table(rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(re.sub(r"\s+", " ", c).strip() for c in row) + " |" for row in rows if any(c.strip() for c in row)]
    return lines if CELL_FORM == "pipes" else [x for line in lines for x in (line, "")][:-1]


def text(items: list[Item], footnotes: dict[str, list[str]] | None = None) -> str:
    """The converter's input text for ``items`` and ``footnotes`` (``{label: [paragraph, ...]}``).

    >>> text([Item("columns", cells=[["TỈNH ỦY A", "Số 1-BC/TU"], ["ĐẢNG CỘNG SẢN VIỆT NAM"]]),
    ...       Item("para", text="Nội dung" + ref("1") + "."),
    ...       Item("end", cells=[["BÍ THƯ", "Nguyễn Văn A"], ["Nơi nhận:", "- Lưu."]])],
    ...      {"1": ["Chú thích."]}).splitlines()  # doctest: +NORMALIZE_WHITESPACE
    ['TỈNH ỦY A\\tĐẢNG CỘNG SẢN VIỆT NAM', 'Số 1-BC/TU', '',
     'Nội dung<sup>1</sup>.', '',
     '<sup>1</sup> Chú thích.', '',
     'BÍ THƯ', 'Nguyễn Văn A', '',
     'Nơi nhận:', '- Lưu.']
    """
    blocks: list[list[str]] = []
    notes_done = False

    def notes() -> None:
        nonlocal notes_done
        if notes_done:
            return
        notes_done = True
        for label, paras in (footnotes or {}).items():
            paras = [p for p in paras if p.strip()] or [""]
            mark = f"[{label}]" if FOOTNOTE_FORM == "brackets" else f"<sup>{label}</sup>"
            blocks.append([f"{mark} {paras[0]}".rstrip()])
            blocks.extend([p] for p in paras[1:])

    for item in items:
        if item.kind == "columns":
            blocks.append(_rows(item.cells) if item.cells else [_cells_line(r) for r in item.rows if any(c.strip() for c in r)])
        elif item.kind == "para":
            blocks.append(item.lines or [item.text])
        elif item.kind == "table":
            blocks.append(_table(item.rows))
        elif item.kind == "end":
            notes()
            for cell in item.cells:
                lines = [c for c in cell if c.strip()]
                if lines:
                    blocks.append(lines)
    notes()
    return "\n\n".join("\n".join(b) for b in blocks if b) + "\n"
