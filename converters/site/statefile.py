"""One way to keep a build's state file under the page cache: checked on read, replaced whole on write.

A state file is ``<SHA-256 hex of the payload>\\n<payload>``, the payload
being compact JSON of an object whose ``"v"`` is the layout version.
:func:`load` gives the object only when the digest matches, the JSON parses
to an object and every ``expect`` item (``v``, the converter fingerprint,
the docs directory...) is equal; anything else (missing, truncated, damaged,
foreign, stale) is None and the caller takes its full path, so a state file
is a speed-up only.  :func:`save` writes through a temporary file and a
rename (``fsutil.write_atomic``) and ignores errors (a read-only cache means
the full path next time, same output).
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

from converters.site.fsutil import write_atomic


def load(path: str, **expect: Any) -> dict[str, Any] | None:
    """The state object of ``path``, or None (missing, damaged, or an ``expect`` key differs)."""
    try:
        with open(path, "rb") as fh:
            digest, _, payload = fh.read().partition(b"\n")
        if hashlib.sha256(payload).hexdigest().encode() != digest:
            return None
        data = json.loads(payload.decode("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or any(data.get(k) != v for k, v in expect.items()):
        return None
    return data


def save(path: str, data: dict[str, Any]) -> bool:
    """Write ``data`` (JSON-able) as the state of ``path``; returns False when it could not be written."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    try:
        write_atomic(path, hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    except OSError:
        return False
    return True


def file_stat(path: str) -> list[int] | None:
    """``[size, mtime_ns]`` of ``path`` (JSON-able, to store in a state file), or None when it cannot be read.

    A file changed by hand since the state was saved shows here: the state files
    record this pair for what they describe and compare it on the next build.
    """
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]
