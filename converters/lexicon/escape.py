"""The one escaping rule for every value a generated page or template prints.

Values come from raw reports, their sidecars and their file names: all are
hostile until escaped (issue [0/6] 1-3).  Three outputs, one rule:

- :func:`md_escape` - text inside Markdown we write (report bodies,
  ``render.py``): HTML specials become entities (``&``, ``<``, ``>``), the
  characters Python-Markdown and our extensions read as syntax get a
  backslash.  Newlines are kept (the caller places lines).
- :func:`md_text` - one value on one line of a generated page (table cell,
  heading, link text): whitespace collapsed, then :func:`md_escape`, plus
  the characters that are syntax in a table row or at a line start
  (``|``, ``#``, ``!``).
- :func:`md_code` - a file name shown as code: ``<code>`` around
  :func:`md_text` (a Markdown code span would be closed by a backtick in the
  name; inline HTML keeps its content parsed, so the escapes still hold).
- :func:`html_text` - a value printed straight into HTML (templates, the
  metadata panel): ``html.escape`` with quotes, safe in text and attributes.

Characters are escaped only where the Markdown extensions of ``mkdocs.yml``
unescape them again (``\\~`` would show its backslash: no ``pymdownx.tilde``).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any

# Special anywhere in a line (emphasis, code, links, attribute lists, escapes).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}])")
# Also special in a one-line value: table cells (|), headings (#), images (!).
_LINE_SPECIAL = re.compile(r"([\\`*_\[\]{}|#!])")


def md_escape(text: str) -> str:
    """``text`` escaped so Markdown and HTML show it literally (newlines kept).

    >>> print(md_escape("<script>alert(1)</script> & [x](javascript:y) {: onclick=z} --8<-- a_b*c"))
    &lt;script&gt;alert(1)&lt;/script&gt; &amp; \\[x\\](javascript:y) \\{: onclick=z\\} --8&lt;-- a\\_b\\*c
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A search first: most runs of report text hold no special, and a sub without a match
    # still costs twice a search (every block of every page comes through here).
    return _MD_SPECIAL.sub(r"\\\1", text) if _MD_SPECIAL.search(text) else text


def md_text(value: Any) -> str:
    """``value`` as inline Markdown on one line showing exactly its text; ``""`` for None.

    >>> md_text("a *b* | <i>c</i>\\n d & e ~x^")
    'a \\\\*b\\\\* \\\\| &lt;i&gt;c&lt;/i&gt; d &amp; e ~x^'
    """
    if value is None:
        return ""
    return _md_line(value) if type(value) is str else _md_line(str(value))


@lru_cache(maxsize=65536)
def _md_line(value: str) -> str:
    """:func:`md_text` of a string (memoized: the site-wide pages print each report's type,
    province, title... in several lists, and the catalog's descriptions once per citing report)."""
    text = " ".join(value.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _LINE_SPECIAL.sub(r"\\\1", text) if _LINE_SPECIAL.search(text) else text


def md_code(value: Any) -> str:
    """``value`` (a file name) shown as code in Markdown, whatever characters it holds.

    >>> md_code("raw/f`<img src=x onerror=alert(1)>`.txt")
    '<code>raw/f\\\\`&lt;img src=x onerror=alert(1)&gt;\\\\`.txt</code>'
    """
    return f"<code>{md_text(value)}</code>"


def html_text(value: Any) -> str:
    """``value`` escaped for HTML text or a quoted attribute; ``""`` for None.

    >>> html_text('"><script>alert(1)</script>')
    '&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;'
    """
    return html.escape(str(value if value is not None else ""), quote=True)
