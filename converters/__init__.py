"""baocao's converter: raw Vietnamese report texts to clean Markdown pages.

Public API:

- :func:`convert` ``(text, source) -> Page``: one decoded raw text to one page;
- :func:`convert_file` ``(path, root=".") -> Page``: read, decode, convert;
- :class:`~converters.model.Page`, :class:`~converters.errors.InputError`.

This package never imports MkDocs (see ``design.md``): the site is built from
the plain Markdown files it writes, by MkDocs or by Zensical.
"""

from __future__ import annotations

from converters.errors import InputError
from converters.model import Page

__all__ = ["convert", "convert_file", "Page", "InputError", "CONVERTER_VERSION"]

#: Bumped whenever a change alters output; part of the page cache key.
CONVERTER_VERSION = "1"


def convert(text: str, source: str = "<text>") -> Page:
    """Convert one decoded raw report into a :class:`Page`.

    ``text`` is the raw report as ``str`` (any line ends, not yet NFC);
    ``source`` is the raw file's path relative to the repository root, used
    in ``meta["source"]`` and in messages.  Raises :class:`InputError` when
    the text holds nothing to convert (empty, or only noise).
    """
    from converters.pipeline import run

    return run(text, source)


def convert_file(path: str, root: str = ".", **decode_options) -> Page:
    """Read ``path`` (bytes), decode it (see ``decode.py``) and convert it.

    ``root`` is the repository root that ``meta["source"]`` is relative to.
    A ``<name>.meta.yml`` sidecar beside the file completes or corrects the
    front matter.  Raises :class:`InputError` naming the file on unreadable,
    undecodable or empty input.
    """
    from converters.pipeline import run_file

    return run_file(path, root, **decode_options)
