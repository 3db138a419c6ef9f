"""After the engine: the stages that need the built HTML (``baocao build``'s third stage).

- our search index (``assets/search/index/``, :mod:`converters.site.search_index`),
  read from the built pages, the same under every engine; the last build's index
  is updated for the pages that changed (:mod:`converters.site.search_update`);
- the engine's own search data removed (Zensical writes ``search.json`` even with
  ``plugins: []``; our search replaces it and must not compete with it).

The MkDocs hook calls :func:`post_build` from ``on_post_build`` for ``mkdocs
serve``; ``baocao build`` calls it itself after the engine (and tells the hook
not to, through :data:`POST_ENV`).
"""

from __future__ import annotations

import os
from typing import Any

#: Set by ``baocao build`` for the engine's process: the hook leaves post-processing to the command.
POST_ENV = "BAOCAO_POST_BUILD_BY_CLI"

#: Files of an engine's own search, relative to the site directory.
ENGINE_SEARCH_FILES = ("search.json", "search/search_index.json")


def post_build(root: str, site_dir: str, docs_dir: str, directory_urls: bool) -> dict[str, Any]:
    """Write the search index into ``site_dir`` and drop the engine's own search files.

    Paths are absolute.  Returns the index figures (``pages``, ``sections``,
    ``shards``, ``written``, ``full``, ``path``) of
    :func:`converters.site.search_update.update_search_index`.
    """
    from converters.site import search_update

    for name in ENGINE_SEARCH_FILES:
        path = os.path.join(site_dir, name)
        if os.path.isfile(path):
            os.unlink(path)
    return search_update.update_search_index(site_dir, docs_dir, directory_urls, root)
