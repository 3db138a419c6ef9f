"""Layout: the text form of a document turned into clean logical lines.

Text exports of web pages and legal portals damage the layout of a document
in ways the later steps should not have to know about (``raw-artifacts.md``
families 10, 11 and 15):

- **table-cell layout** (family 10): the header's two columns, side-by-side
  signature blocks and annex tables come as cells separated by lone ``|``
  lines, a ``|`` line on its own twice in a row ending one row and starting
  the next; some exports put a row's cells on one line (``CHÍNH PHỦ------- |
  CỘNG HÒA ... |``), rules and lines glued to the text before them;
- **hard wraps** (family 11): every paragraph, title and cell is broken at a
  fixed width (about 80 columns), emphasis marks cut by the wrap
  (``**Điều 1.`` / ``Phạm vi điều chỉnh**``) or inside words (``v****à``,
  mended in texts that are not wrapped too);
- **web-page text** (family 15): a portal's banners before the document and
  its related-document lists and notices after it;
- **glued syllables** in upper-case runs (``LAO ĐỘNGNGOÀI NƯỚC``): spaced
  by the Vietnamese syllable check (``lexicon/syllables.split_glued_caps``).

This step runs right after ``normalize`` and rewrites ``state.text``:
paragraphs become one line each, layout tables (header, end matter) become
one block per cell, data tables one block with one TAB-separated line per
row, web-page text is cut off (kept in ``env`` and counted in a warning).
Text that is not hard-wrapped and has no cell layout is left unchanged.
``env["layout"]["line_map"]`` maps each new line to its source line, so block
spans still name lines of the raw file.  The contract for later steps is in
``/work/notes/layout-contract.md`` (summarized in the docstring of
:func:`step`).

One module per sub-step, in the order :func:`stage.step` runs them:

- ``webtext``: where the document starts and ends inside the web page's text;
- ``portal``: the portal's metadata table (``Số hiệu:`` ...) read from the text cut off;
- ``cells`` (with ``cell_rules``): the lone-``|`` cell layout read back into rows of cells;
- ``fused``: rows of cells fused on one line; ``pipes``: ``| a | b |`` rows;
- ``classify``: header, end matter or data table (signature cells);
- ``wraps``: hard-wrapped lines joined into logical lines (body and cells), words cut by a break;
- ``addressee``: where a ``Kính gửi`` addressee ends and the body begins;
- ``emphasis``: emphasis marks mended over a logical line, marks inside words dropped;
- ``stage``: the step itself; ``common``: what they all read (bare words, ``|``, labels).

The names below are the entry points other steps and tests use.
"""

from __future__ import annotations

from converters.steps.layout.addressee import opens_body_paragraph, split_addressee
from converters.steps.layout.cells import find_tables
from converters.steps.layout.emphasis import mend_emphasis, mend_words
from converters.steps.layout.fused import find_fused_tables
from converters.steps.layout.pipes import find_pipe_tables
from converters.steps.layout.stage import step
from converters.steps.layout.wraps import cut_word, logical_lines, measure

__all__ = [
    "cut_word",
    "find_fused_tables",
    "find_pipe_tables",
    "find_tables",
    "logical_lines",
    "measure",
    "mend_emphasis",
    "mend_words",
    "opens_body_paragraph",
    "split_addressee",
    "step",
]
