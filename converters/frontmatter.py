"""YAML front matter: the one place that writes and reads it.

Deterministic output: keys in the order of ``page-format.md``, then extra
keys sorted; Unicode kept as is (no ``\\u`` escapes); strings that YAML would
read as something else (dates, numbers, ``null``) are quoted by PyYAML.
"""

from __future__ import annotations

from typing import Any

import yaml

#: Front matter keys in the order ``page-format.md`` lists them.
KEY_ORDER = (
    "title",
    "doc_type",
    "number",
    "date",
    "place",
    "province",
    "issuers",
    "signers",
    "recipients",
    "received",
    "addressees",
    "cites",
    "source",
    "warnings",
)


class _Dumper(yaml.SafeDumper):
    """SafeDumper that never emits anchors/aliases (pages are read by other tools)."""

    def ignore_aliases(self, data: Any) -> bool:  # noqa: D102 - PyYAML hook
        return True


if hasattr(yaml, "CSafeDumper"):

    class _FastDumper(yaml.CSafeDumper):
        """libyaml's emitter (several times faster), same representer and alias rule as _Dumper."""

        def ignore_aliases(self, data: Any) -> bool:  # noqa: D102 - PyYAML hook
            return True

else:  # PyYAML built without libyaml
    _FastDumper = _Dumper


def _ordered(meta: dict[str, Any]) -> dict[str, Any]:
    out = {k: meta[k] for k in KEY_ORDER if k in meta}
    for k in sorted(meta):
        if k not in out:
            out[k] = meta[k]
    return out


def dump_front_matter(meta: dict[str, Any]) -> str:
    """Return ``---\\n<yaml>---\\n`` for ``meta`` (a dict of plain data).

    >>> print(dump_front_matter({"title": "a: b", "date": "2018-05-10", "cites": []}), end="")
    ---
    title: 'a: b'
    date: '2018-05-10'
    cites: []
    ---
    """
    data = _ordered(meta)
    options = dict(allow_unicode=True, sort_keys=False, default_flow_style=False, width=100000)
    text = yaml.dump(data, Dumper=_FastDumper, **options)
    if "\\" in text:
        # The two emitters differ only in how they escape some characters (libyaml writes
        # characters beyond U+FFFF and U+0085 as escapes): any escape or backslash in the
        # text, and the pure-Python emitter writes it, so pages stay the same byte for byte.
        text = yaml.dump(data, Dumper=_Dumper, **options)
    return f"---\n{text}---\n"


def split_front_matter(markdown: str) -> tuple[dict[str, Any], str]:
    """Split a page into ``(meta, body)``; raises ``ValueError`` without front matter."""
    if not markdown.startswith("---\n"):
        raise ValueError("page has no front matter")
    end = markdown.find("\n---\n", 4)
    if end < 0:
        raise ValueError("front matter is not closed")
    meta = yaml.safe_load(markdown[4 : end + 1]) or {}
    return meta, markdown[end + 5 :].lstrip("\n")
