"""The converter as a plain ordered list of named steps over one DocState.

Like markdown-it-py's core rules: ``STEPS`` is a list of ``(name, step)``;
each step is a function ``DocState -> None`` that reads and updates the state.
``run()`` applies them in order and records in ``state.trace`` which steps
ran.  Nothing is kept between documents.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from .model import DocState, Page

Step = Callable[[DocState], None]


def _steps() -> list[tuple[str, Step]]:
    # Imported here so a step module can import pipeline-level helpers freely.
    from . import normalize, render, segment

    return [
        ("normalize", normalize.step),
        ("segment", segment.step),
        ("render", render.step),
    ]


def run_state(text: str, source: str, meta_overrides: dict | None = None) -> DocState:
    """Run every step on ``text``; returns the final :class:`DocState`."""
    state = DocState(source=source, text=text)
    if meta_overrides:
        state.env["meta_overrides"] = dict(meta_overrides)
    for name, step in _steps():
        step(state)
        state.trace.append(name)
    return state


def run(text: str, source: str, meta_overrides: dict | None = None) -> Page:
    """Convert ``text`` (see :func:`converters.convert`) and return the page."""
    state = run_state(text, source, meta_overrides)
    return Page(
        source=source,
        meta=state.meta,
        body=state.env["markdown"],
        warnings=state.warnings,
        citations=state.env.get("citations", []),
        trace=state.trace,
    )


def run_file(path: str, root: str = ".", **decode_options) -> Page:
    """Read, decode and convert the file at ``path`` (see :func:`converters.convert_file`)."""
    from .decode import decode
    from .errors import InputError
    from .sidecar import read_sidecar

    source = os.path.relpath(path, root).replace(os.sep, "/")
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise InputError(source, f"cannot read the file: {exc.strerror}", "check the path and permissions") from exc
    decoded = decode(data, source, **decode_options)
    page = run(decoded.text, source, read_sidecar(path, source))
    page.meta["source_encoding"] = decoded.encoding
    return page
