"""Site-wide stages: generate ``docs/`` from ``raw/`` (``generate``), the catalog and
cited-document pages, browse pages, search index, feed, editors' page, page cache,
offline bundle, and the thin MkDocs hook.

Site stages call the converter through its public API; they never import ``cli``.
"""
