"""File writing that never leaves a half-written file behind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable


def write_atomic(path: str, data: str | bytes | Iterable[bytes]) -> None:
    """Write ``data`` to ``path`` through a temporary file and ``os.replace``.

    ``str`` is written as UTF-8 with ``\\n`` line ends; an iterable of ``bytes`` pieces is
    written one after the other (never joined in memory).  The directory is
    created if needed.  An interrupted run leaves either the old file or the
    new one, never a mix.
    """
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=os.path.basename(path)[-16:])
    try:
        with os.fdopen(fd, "wb") as fh:
            if isinstance(payload, bytes):
                fh.write(payload)
            else:
                fh.writelines(payload)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_if_changed(path: str, text: str | bytes) -> bool:
    """Write ``text`` (``str`` as UTF-8, or ``bytes``) atomically unless the file already holds it; returns True if written."""
    try:
        if isinstance(text, bytes):
            with open(path, "rb") as fh:
                if fh.read() == text:
                    return False
        else:
            with open(path, encoding="utf-8", newline="") as fh:
                if fh.read() == text:
                    return False
    except (OSError, UnicodeDecodeError):
        pass
    write_atomic(path, text)
    return True
