"""The thin MkDocs hook (``hooks:`` in ``mkdocs.yml``): regenerate docs/ before each build.

All the work is in :func:`converters.site.generate.generate`; this file only calls it
and logs what it reports.  It imports nothing from MkDocs (``config`` is used
as a mapping), so the converter package stays free of MkDocs.

A document that failed to convert is logged as a warning on a ``mkdocs.*``
logger: a plain build shows it and goes on, ``mkdocs build --strict`` fails.
The warnings of converted documents are logged at info level.
"""

from __future__ import annotations

import logging
import os

from converters.site import generate as site

log = logging.getLogger("mkdocs.hooks.baocao")


#: The build lock (``site/lock.py``) this process holds from pre- to post-build.
_lock: list[int | None] = []


def _unlock() -> None:
    from converters.site.lock import release

    while _lock:
        release(_lock.pop())


def on_pre_build(config, **kwargs) -> None:
    """Convert ``raw/`` into ``docs_dir`` (only changed files are written, so serve does not loop)."""
    if os.environ.get(site.FRESH_ENV):
        return  # `baocao build` has just generated docs/ (and holds the build lock)
    root = os.path.dirname(os.path.abspath(config["config_file_path"]))
    from converters.site.lock import BuildLocked, acquire

    _unlock()
    try:
        _lock.append(acquire(root))  # one build per checkout, released after the search index
    except BuildLocked as exc:
        raise SystemExit(f"baocao: {exc}") from None
    result = site.generate(root, docs_dir=config["docs_dir"], directory_urls=config.get("use_directory_urls", True) is not False)
    # A document that failed is a warning (``--strict`` fails on it); a converted
    # document's own warnings are reported but do not fail the build: they are
    # on the editors' page and in `baocao check --strict`.
    for d in result.failed:
        log.warning(f"{d.source}: conversion failed: {d.error}")
    for d in result.warned:
        for w in d.warnings:
            log.info(f"{d.source}: {w}")
    log.info(
        "baocao: %d reports, %d files written, %d removed",
        len(result.docs) - len(result.failed),
        len(result.written),
        len(result.removed),
    )


def on_post_build(config, **kwargs) -> None:
    """Post-process the built site (search index) unless ``baocao build`` does it after the engine."""
    from converters.site.postbuild import POST_ENV, post_build

    if os.environ.get(POST_ENV):
        return
    root = os.path.dirname(os.path.abspath(config["config_file_path"]))  # per-page analyses cached in <root>/.cache
    figures = post_build(root, config["site_dir"], config["docs_dir"], bool(config["use_directory_urls"]))
    log.info("baocao: search index of %d pages, %d sections, %d shards", figures["pages"], figures["sections"], figures["shards"])
    _unlock()


def on_build_error(error, **kwargs) -> None:
    """A failed build gives the lock back too."""
    _unlock()


def on_shutdown(**kwargs) -> None:
    """``mkdocs serve`` stopping (or any end): give the lock back."""
    _unlock()
