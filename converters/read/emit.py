r"""The one place where format readers write text for the converter.

Every reader (``docx``, ``pdf``, ``ocr``) turns a file into a list of
:class:`Item` (header columns, paragraphs, tables, the closing signature and
recipients) plus footnote definitions, and :func:`text` writes them in the
forms the converter's layout stage reads (``raw-artifacts.md``,
``steps/layout/``):

- two-column parts (the header: issuer | national heading, number | place and
  date) as ``| a | b |`` rows, one printed line per row (family 10, read by
  ``layout.find_pipe_tables``, which rebuilds header and end-matter cells);
- bold and italic as ``**...**`` and ``*...*``;
- footnote references as ``[n]`` and definitions as ``[n] text`` paragraphs
  (§14, encoding 5: the form ``layout`` knows as a definition start, read by
  ``footnotes.py``), written after the body and before the signature, where
  ``endmatter.py`` expects the document to close; when a file has such
  footnotes, a ``[n]`` typed in its text is written ``\[n]``
  (:func:`literal_brackets`);
- the closing part as the signature block(s), then ``Nơi nhận:`` and its lines
  (§7);
- tables as ``| a | b |`` rows (read by ``tables.py``).

The older forms (tab-separated cells, ``<sup>n</sup>``) are still available
through :data:`CELL_FORM` / :data:`FOOTNOTE_FORM`; on the fifteen documents
of ``benchmarks/make_formats.py`` both give the same pages.  A tab inside a
Word paragraph is no longer mistaken for a cell boundary in the new form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: ``"pipes"``: two-column parts as ``| a | b |`` rows (the layout stage's form);
#: ``"tabs"``: as tab-separated cells (the older form).
CELL_FORM = "pipes"
#: ``"brackets"``: ``[n]`` (the layout stage's form); ``"sup"``: ``<sup>n</sup>``.
FOOTNOTE_FORM = "brackets"


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
    '[3]'
    """
    return f"[{label}]" if FOOTNOTE_FORM == "brackets" else f"<sup>{label}</sup>"


#: A bracketed number typed in the text (``[3]``), not a footnote reference.
_LITERAL_BRACKET = re.compile(r"(?<!\\)\[(\d{1,3})\]")


def literal_brackets(text: str) -> str:
    r"""Typed ``[n]`` escaped as ``\[n]`` so that no step takes it for a footnote mark.

    For a file whose footnotes the reader knows (Word's own footnotes come
    out as ``[n]`` references, :func:`ref`): a ``[3]`` the author typed
    (``điểm [3] của Phụ lục``) is text.  ``footnotes.py`` reads ``\[n]`` as
    no reference and turns it back into ``[n]``.

    >>> print(literal_brackets("theo mục [3] và [12], không phải \\[4]"))
    theo mục \[3] và \[12], không phải \[4]
    """
    return _LITERAL_BRACKET.sub(r"\\[\1]", text) if "[" in text else text


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


def _pipe_row(cells: list[str]) -> str:
    """``| a | b |`` with a ``|`` inside a cell written ``\\|`` (read back by ``layout`` and ``tables``).

    >>> _pipe_row(["Số 1", "a | b"])
    '| Số 1 | a \\\\| b |'
    """
    return "| " + " | ".join(re.sub(r"\s+", " ", c).strip().replace("|", "\\|") for c in cells) + " |"


def _rows(columns: list[list[str]]) -> list[str]:
    """Two or more columns of lines side by side, one printed line per text line."""
    columns = [[c for c in col if c.strip()] for col in columns]
    height = max((len(c) for c in columns), default=0)
    return [_cells_line([col[i] if i < len(col) else "" for col in columns]) for i in range(height)]


def _cells_line(cells: list[str]) -> str:
    if CELL_FORM == "pipes":
        return _pipe_row(cells)
    return "\t".join(cells).rstrip("\t")


def _table(rows: list[list[str]]) -> list[str]:
    lines = [_pipe_row(row) for row in rows if any(c.strip() for c in row)]
    return lines if CELL_FORM == "pipes" else [x for line in lines for x in (line, "")][:-1]


def text(items: list[Item], footnotes: dict[str, list[str]] | None = None) -> str:
    """The converter's input text for ``items`` and ``footnotes`` (``{label: [paragraph, ...]}``).

    >>> text([Item("columns", cells=[["TỈNH ỦY A", "Số 1-BC/TU"], ["ĐẢNG CỘNG SẢN VIỆT NAM"]]),
    ...       Item("para", text="Nội dung" + ref("1") + "."),
    ...       Item("end", cells=[["BÍ THƯ", "Nguyễn Văn A"], ["Nơi nhận:", "- Lưu."]])],
    ...      {"1": ["Chú thích."]}).splitlines()  # doctest: +NORMALIZE_WHITESPACE
    ['| TỈNH ỦY A | ĐẢNG CỘNG SẢN VIỆT NAM |', '| Số 1-BC/TU |  |', '',
     'Nội dung[1].', '',
     '[1] Chú thích.', '',
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
