"""Abbreviation tooltips that never fire inside a document number or a link.

Python-Markdown's ``abbr`` extension (``glossary`` in ``mkdocs.yml``) wraps every
whole-word occurrence of an abbreviation in ``<abbr title>``; ``\\b`` counts ``-`` and
``/`` as word boundaries, so a number such as ``111-BC/BDV-BCSĐ`` came out as
``111-BC/<abbr>BDV</abbr>-<abbr>BCSĐ</abbr>``, and the text of a citation link got tooltips
inside the link.  This extension is that extension with two rules added:

- an abbreviation joined by ``-`` or ``/`` to a letter or digit is part of a number and symbol
  (Hướng dẫn 36-HD/VPTW and Nghị định 30/2020/NĐ-CP write symbols that way: ``4685/UBND-SNV``),
  not an abbreviation in prose;
- nothing inside ``<a>``, ``<code>``, ``<pre>`` or an existing ``<abbr>`` is wrapped.

Use in ``mkdocs.yml`` as ``converters.site.abbr: {glossary: {...}}`` in place of ``abbr``.
It imports Python-Markdown only (no site engine).
"""

from __future__ import annotations

import re

from markdown.extensions.abbr import AbbrBlockprocessor, AbbrExtension, AbbrTreeprocessor
from markdown.util import AtomicString

#: Elements whose text is never given tooltips.
SKIP_TAGS = frozenset({"a", "code", "pre", "abbr", "kbd", "script", "style"})


def abbreviation_pattern(abbrs) -> re.Pattern:
    """Regular expression matching the abbreviations ``abbrs`` in prose, longest first, as
    whole words not joined by ``-`` or ``/`` to a letter or digit (a number's symbol).

    >>> p = abbreviation_pattern(["BDV", "BCSĐ", "UBND"])
    >>> [m.group(0) for m in p.finditer("BDV và UBND tỉnh; 111-BC/BDV-BCSĐ; 4685/UBND-SNV; UBND - HĐND")]
    ['BDV', 'UBND', 'UBND']
    """
    alts = "|".join(re.escape(k) for k in sorted(abbrs, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?<![\w][-/])(?:{alts})(?![\w])(?![-/][\w])")


class NumberSafeAbbrTreeprocessor(AbbrTreeprocessor):
    """``AbbrTreeprocessor`` that skips links, code and symbols of numbers (see module doc)."""

    def iter_element(self, el, parent=None, position: int | None = None) -> None:
        """Wrap abbreviations in ``el``'s text and tail, not inside :data:`SKIP_TAGS`.

        ``position`` is ``el``'s index in ``parent``: passed down, not looked up with
        ``list(parent).index(el)`` per child, which was quadratic in a page of
        thousands of paragraphs (issue [0/6] 8).
        """
        skip = isinstance(el.tag, str) and el.tag in SKIP_TAGS
        if not skip:
            # Backwards: what is inserted after child i never moves children 0..i.
            for i in range(len(el) - 1, -1, -1):
                self.iter_element(el[i], el, i)
            text = el.text
            if text and not isinstance(text, AtomicString):
                for m in reversed(list(self.RE.finditer(text))):
                    if self.abbrs[m.group(0)]:
                        el.insert(0, self.create_element(self.abbrs[m.group(0)], m.group(0), text[m.end():]))
                        text = text[:m.start()]
                el.text = text
        if parent is not None and el.tail and not isinstance(el.tail, AtomicString):
            tail = el.tail
            index = (position if position is not None else list(parent).index(el)) + 1
            for m in reversed(list(self.RE.finditer(tail))):
                if self.abbrs[m.group(0)]:
                    parent.insert(index, self.create_element(self.abbrs[m.group(0)], m.group(0), tail[m.end():]))
                    tail = tail[:m.start()]
            el.tail = tail

    def run(self, root):
        """Compile :func:`abbreviation_pattern` and walk the tree (nothing to do without abbreviations)."""
        if not self.abbrs:
            return None
        self.RE = abbreviation_pattern(self.abbrs)
        self.iter_element(root)
        return None


class NumberSafeAbbrExtension(AbbrExtension):
    """The ``abbr`` extension (same ``glossary`` option) with :class:`NumberSafeAbbrTreeprocessor`."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's name
        """Register the tree processor and the ``*[ABBR]: ...`` block processor, as ``abbr`` does."""
        if self.config["glossary"][0]:
            self.load_glossary(self.config["glossary"][0])
        self.abbrs.update(self.glossary)
        md.registerExtension(self)
        md.treeprocessors.register(NumberSafeAbbrTreeprocessor(md, self.abbrs), "abbr", 7)
        md.parser.blockprocessors.register(AbbrBlockprocessor(md.parser, self.abbrs), "abbr", 16)


def makeExtension(**kwargs) -> NumberSafeAbbrExtension:  # noqa: N802 - Python-Markdown's entry point
    """Entry point for ``markdown_extensions: [converters.site.abbr: {...}]``."""
    return NumberSafeAbbrExtension(**kwargs)
