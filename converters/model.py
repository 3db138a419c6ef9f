"""The data the converter passes between its steps.

One raw report becomes one :class:`DocState`; each pipeline step (see
``pipeline.py``) reads and updates it.  Nothing is kept between documents.
The final product is a :class:`Page`: front matter (``meta``), a Markdown
``body`` and the ``warnings`` the converter could not resolve.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Footnote reference placeholders (private-use characters) that the footnotes
#: step puts into block text and the renderer turns into ``[^label]``.  They live
#: here, with the data they mark, so that no step or renderer imports another.
REF_OPEN = "\ue000"
REF_CLOSE = "\ue001"

#: Block kinds, in the order a clean report shows them.
BLOCK_KINDS = (
    "header",  # issuing body, national heading, number, place/date lines (consumed to meta)
    "stamp",  # incoming-document stamp ("dấu ĐẾN") lines (consumed to meta.received)
    "title",  # document type and subject (consumed to meta)
    "heading",  # an outline heading: ``level`` and ``label`` set
    "paragraph",  # body text
    "list_item",  # a ``- ...`` item in the body (``data["depth"]`` 1: nested one level)
    "table",  # a table: ``data["rows"]`` = [[cell text, ...], ...], the first row is the head
    "footnote",  # a footnote definition: ``label`` is its number
    "signature",  # a signature block: ``data`` = {role, title, name}
    "recipients",  # "Nơi nhận": ``data`` = {"items": [...]}
    "noise",  # page-break debris, lone ``*``, typist initials: dropped
)


@dataclass
class Block:
    """A run of source lines with one role in the document.

    ``kind`` is one of :data:`BLOCK_KINDS`; ``text`` is the block's text with
    inline markup debris still in it until ``render`` cleans it; ``lines`` is
    the 1-based, inclusive span of source lines it came from (for warnings and
    ``--explain``); ``level``/``label`` are set on headings and footnotes.
    """

    kind: str
    text: str
    lines: tuple[int, int] = (0, 0)
    level: int = 0
    label: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class DocState:
    """Everything known about one document while it is converted.

    ``source`` is the raw file's path relative to the repository root (or a
    label such as ``<stdin>``); ``text`` is the decoded, normalized text;
    ``blocks`` the current segmentation; ``meta`` the front matter gathered so
    far (keys of ``page-format.md``); ``env`` what steps collect for later
    steps (footnotes, citations); ``warnings`` human-readable strings;
    ``trace`` the names of the steps and fixers that changed something.
    """

    source: str
    text: str
    blocks: list[Block] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    env: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    trace: list[str] = field(default_factory=list)

    def warn(self, message: str) -> None:
        """Record a warning once (warnings are front matter, so no duplicates)."""
        # A set beside the list: "in self.warnings" per call was quadratic in a page of
        # thousands of warnings (issue [0/6] 8); resynced if the list was changed directly.
        seen = self.__dict__.setdefault("_warned", set())
        if len(seen) != len(self.warnings):
            seen.clear()
            seen.update(self.warnings)
        if message not in seen:
            seen.add(message)
            self.warnings.append(message)


@dataclass
class Page:
    """One converted report: what ``convert()`` returns.

    ``meta`` holds the front matter keys of ``page-format.md`` (plus optional
    extra keys); ``body`` is the Markdown after the front matter; ``warnings``
    is the same list as ``meta["warnings"]``; ``citations`` lists the
    :class:`converters.lexicon.citations.Citation` objects found in the body, in order,
    for the site-wide steps (cited-document pages, backlinks).
    """

    source: str
    meta: dict[str, Any]
    body: str
    warnings: list[str] = field(default_factory=list)
    citations: list[Any] = field(default_factory=list)
    trace: list[str] = field(default_factory=list)
    #: What ``render`` needs to write the body again with other link targets.
    parts: dict[str, Any] = field(default_factory=dict, repr=False)
    #: Web-page text cut off around the document (``steps/layout/webtext.py``):
    #: ``[{"span": (first, last), "where": "before"|"after", "lines": n, "text": str}]``.
    removed: list[dict[str, Any]] = field(default_factory=list, repr=False)

    #: The renderer that writes this page (``converters.render.PageWriter``),
    #: set by the pipeline: the model imports no renderer, so no import cycle.
    writer: Any = field(default=None, repr=False, compare=False)

    def render(self, page_path: str | None = None, resolve: Any = None) -> str:
        """The whole page (front matter + body) with citation links for a site.

        ``page_path`` is the page's docs-relative path (links are made relative
        to it); ``resolve(citation) -> docs-relative path | None`` gives each
        citation's target (``None``: the cited-document page ``van-ban/<slug>.md``).
        """
        return self.writer.page(self, page_path, resolve)

    @property
    def markdown(self) -> str:
        """The whole page: YAML front matter fenced by ``---``, then the body."""
        return self.writer.front_matter(self.meta) + "\n" + self.body
