"""One build per checkout at a time (issue [0/6] 9).

Two ``baocao build`` (or ``mkdocs build``) in one checkout wrote the same
temporary files in ``docs/``, ``site/`` and the cache, and one crashed on the
other's (``FileNotFoundError``).  A build now holds an exclusive ``flock`` on
``<root>/.cache/baocao/build.lock`` for its whole run; a second one stops at
once with :class:`BuildLocked` (a Vietnamese message naming the process that
holds it).  The kernel drops the lock when its process ends, however it
ends, so a killed build never leaves a stale lock behind.  Where ``fcntl``
is missing (Windows) builds are not locked.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

#: The lock file, relative to the repository root.
LOCK_PATH = os.path.join(".cache", "baocao", "build.lock")


class BuildLocked(RuntimeError):
    """Another build of the same checkout is running; ``str()`` says so for office staff."""


def acquire(root: str) -> int | None:
    """Take the build lock of checkout ``root``; returns its descriptor (None without ``fcntl``).

    Raises :class:`BuildLocked` when another process holds it.
    """
    try:
        import fcntl
    except ImportError:  # Windows
        return None
    path = os.path.join(os.path.abspath(root), LOCK_PATH)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
        os.close(fd)
        raise BuildLocked(
            f"Một lần dựng trang khác đang chạy trong thư mục này (tiến trình {holder}): "
            f"chờ nó xong rồi chạy lại (khóa: {path})."
        ) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return fd


def release(fd: int | None) -> None:
    """Give back a lock taken by :func:`acquire` (``None``: nothing to do)."""
    if fd is None:
        return
    import fcntl

    try:
        os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextlib.contextmanager
def build_lock(root: str) -> Iterator[None]:
    """``with build_lock(root):`` the build of checkout ``root``; raises :class:`BuildLocked` if one runs."""
    fd = acquire(root)
    try:
        yield
    finally:
        release(fd)
