"""The converter as a plain ordered list of named steps over one DocState.

Like markdown-it-py's core rules: :func:`steps` gives ``(name, step)`` pairs;
each step is a function ``DocState -> None`` that reads and updates the state.
``run()`` applies them in order and records in ``state.trace`` which steps
ran.  Nothing is kept between documents.

Order matters: the header and end matter are taken off first (they are not
body text), then footnote definitions (page-break debris), then the
paragraphs they cut are rejoined, then the outline is read; the province
must be known before citations (a provincial number's identity depends on
it), and the sidecar's corrections apply before both.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from converters.model import DocState, Page

Step = Callable[[DocState], None]


def steps() -> list[tuple[str, Step]]:
    """The converter's steps in order: ``[(name, function), ...]``."""
    from converters.steps import (
        citations,
        endmatter,
        footnotes,
        header,
        layout,
        normalize,
        outline,
        pagebreaks,
        paragraphs,
        province,
        sections,
        segment,
        sidecar,
        tables,
    )

    return [
        ("normalize", normalize.step),
        ("layout", layout.step),
        ("segment", segment.step),
        ("header", header.step),
        ("endmatter", endmatter.step),
        ("paragraphs", paragraphs.step),
        ("footnotes", footnotes.step),
        ("pagebreaks", sections.per_section(pagebreaks.step)),
        ("tables", tables.step),
        ("outline", outline.step),
        ("province", province.step),
        ("sidecar", sidecar.step),
        ("citations", citations.step),
        ("finish", _finish),
    ]


def _finish(state: DocState) -> None:
    """Front matter keys every page has (``page-format.md``), in a fixed shape."""
    meta = state.meta
    if not meta.get("date"):
        # The date of issue is read from the place-and-date line under the number (NĐ 30/2020
        # Phụ lục I §I.4, HD 36 §II.1.d), a portal's labelled table or a sidecar; a text that
        # lost that line (a portal export that dropped the header's cell) has none: say so.
        if state.env.get("blank_date"):
            state.warn(f"ngày ban hành để trống trong phần đầu văn bản: «{state.env['blank_date']}»")
        else:
            state.warn("không tìm thấy ngày ban hành: phần đầu văn bản không có dòng «địa danh, ngày ... tháng ... năm ...»")
    for key in ("number", "date", "place", "province", "received"):
        meta.setdefault(key, None)
    for key in ("issuers", "signers", "recipients", "addressees", "cites"):
        meta.setdefault(key, [])
    meta["source"] = state.source
    meta["warnings"] = state.warnings
    if not state.blocks and not state.env.get("footnotes"):
        from converters.errors import InputError

        raise InputError(state.source, "không tìm thấy nội dung văn bản", "kiểm tra tệp có đúng là một văn bản và không rỗng")


def run_state(text: str, source: str, meta_overrides: dict | None = None) -> DocState:
    """Run every step on ``text``; returns the final :class:`DocState`."""
    state = DocState(source=source, text=text)
    if meta_overrides:
        state.env["meta_overrides"] = dict(meta_overrides)
    for name, step in steps():
        step(state)
        state.trace.append(name)
    return state


def run(text: str, source: str, meta_overrides: dict | None = None) -> Page:
    """Convert ``text`` (see :func:`converters.convert`) and return the page."""
    from converters.render import PageWriter, Renderer, signature_markdown

    state = run_state(text, source, meta_overrides)
    parts = {
        "blocks": state.blocks,
        "footnotes": state.env.get("footnotes_parsed", {}),
        "unreferenced": state.env.get("footnotes_unreferenced", []),
        "signers_md": signature_markdown(state.meta.get("signers") or []),
    }
    page = Page(
        source=source,
        meta=state.meta,
        body="",
        warnings=state.warnings,
        citations=state.env.get("citations", []),
        trace=state.trace,
        writer=PageWriter,
    )
    page.parts = parts
    # Web-page text the layout step cut off, for --explain (nothing is lost unseen).
    page.removed = state.env.get("layout", {}).get("removed", [])
    page.body = Renderer().body(state.meta, **parts)
    return page


def run_file(path: str, root: str = ".", **decode_options) -> Page:
    """Read the file at ``path`` in any supported format and convert it (see :func:`converters.convert_file`)."""
    from converters.errors import InputError
    from converters.read.files import read_regular
    from converters.read.formats import read_source
    from converters.steps.sidecar import read_sidecar

    source = os.path.relpath(path, root).replace(os.sep, "/")
    # A file under <root>/raw/ must be a regular file whose real path is inside raw/ too
    # (a symlink there would publish a file of the build machine: issue [0/6] 4).
    raw_dir = os.path.join(os.path.abspath(root), "raw")
    inside = raw_dir if os.path.abspath(path).startswith(raw_dir + os.sep) else None
    try:
        data = read_regular(path, source, inside=inside)
    except FileNotFoundError as exc:
        raise InputError(source, "không đọc được tệp: không có tệp này", "kiểm tra đường dẫn và quyền đọc") from exc
    text, info = read_source(data, source, **decode_options)
    page = run(text, source, read_sidecar(path, source))
    for warning in info.get("warnings", ()):
        if warning not in page.warnings:
            page.warnings.append(warning)
    page.meta["source_format"] = info["source_format"]
    if "source_encoding" in info:
        page.meta["source_encoding"] = info["source_encoding"]
    if "ocr" in info:
        page.meta["ocr"] = dict(info["ocr"])
    return page
