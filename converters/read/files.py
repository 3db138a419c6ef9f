"""Reading files of ``raw/``: regular files inside ``raw/`` only (issue [0/6] 4).

A symlink in ``raw/`` would publish the file it points to (``/etc/passwd``,
the checkout's ``.git/config`` with CI's token); a FIFO blocks ``open()``
forever; a device reads without end.  So a raw file or sidecar is opened
with ``O_NOFOLLOW`` (a symlink is refused by the kernel, no race between a
check and the open) and ``O_NONBLOCK`` (a FIFO opens at once), then
``fstat`` of the open descriptor must say "regular file"; its resolved path
must lie inside ``raw/`` (a symlinked folder on the way).  Anything else is
an :class:`~converters.errors.InputError` naming the file, in Vietnamese
for the office staff who see it in ``baocao check`` and on the editors' page.
"""

from __future__ import annotations

import errno
import os
import stat

from converters.errors import InputError

_HINT = "chỉ đặt tệp chữ thật sự (không phải liên kết, thư mục hay tệp đặc biệt) trong raw/; xóa mục này"


def kind_of(mode: int) -> str:
    """Vietnamese name of a non-regular file type (``stat`` mode), for messages."""
    if stat.S_ISLNK(mode):
        return "một liên kết (symlink)"
    if stat.S_ISDIR(mode):
        return "một thư mục"
    if stat.S_ISFIFO(mode):
        return "một ống dẫn (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "một thiết bị"
    if stat.S_ISSOCK(mode):
        return "một socket"
    return "không phải tệp thường"


def is_inside(path: str, folder: str) -> bool:
    """True when ``path``, all symlinks resolved, lies inside ``folder`` (resolved too)."""
    real = os.path.realpath(path)
    base = os.path.realpath(folder)
    return os.path.commonpath([real, base]) == base and real != base


def read_regular(path: str, source: str, *, inside: str | None = None, limit: int | None = None) -> bytes:
    """The bytes of ``path``, which must be a regular file (not a symlink, FIFO, device, folder).

    ``source`` names the file in messages; ``inside`` (a folder, e.g. the
    checkout's ``raw/``) is where the resolved path must lie; ``limit`` the
    most bytes accepted.  Raises :class:`InputError` for a file of another
    kind, outside ``inside``, over ``limit``, or unreadable;
    :class:`FileNotFoundError` when it does not exist (callers decide
    whether a missing file is an error).
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK):  # O_NOFOLLOW on a symlink
            raise InputError(source, "mục này là một liên kết (symlink), không phải tệp", _HINT) from exc
        if exc.errno in (errno.ENXIO, errno.ENODEV, errno.EISDIR):
            mode = os.lstat(path).st_mode
            raise InputError(source, f"mục này là {kind_of(mode)}, không phải tệp", _HINT) from exc
        raise InputError(source, f"không đọc được tệp: {exc.strerror}", "kiểm tra tên tệp và quyền đọc") from exc
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(source, f"mục này là {kind_of(st.st_mode)}, không phải tệp", _HINT)
        if inside is not None and not is_inside(path, inside):
            raise InputError(source, "tệp nằm ngoài thư mục raw/ (qua một thư mục liên kết)", _HINT)
        if limit is not None and st.st_size > limit:
            raise InputError(source, f"tệp quá lớn ({st.st_size} byte, tối đa {limit})",
                             "tách tệp hoặc bỏ phần thừa")
        # Not a FIFO any more: blocking reads are fine (and O_NONBLOCK is meaningless on a regular file).
        chunks = []
        size = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if limit is not None and size > limit:  # grew while we read
                raise InputError(source, f"tệp quá lớn (hơn {limit} byte)", "tách tệp hoặc bỏ phần thừa")
        return b"".join(chunks)
    finally:
        os.close(fd)


def raw_entries(raw: str, suffixes: tuple[str, ...] | None = None) -> list[str]:
    """Paths (below ``raw`` as given) of every entry of folder ``raw`` named ``*<suffix>``, sorted; hidden ones skipped.

    ``suffixes`` default to every raw format (:data:`converters.read.formats.SOURCE_SUFFIXES`),
    compared in any case (``BAO-CAO.DOCX``).

    Entries of every kind are listed (a symlink, FIFO, folder named ``.txt``)
    so that reading them reports why they are refused, and the others still
    build; symlinked folders are not entered (``os.walk`` default).
    """
    if suffixes is None:
        from converters.read.formats import SOURCE_SUFFIXES as suffixes
    found = []
    for directory, dirs, files in os.walk(raw):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        names = files + [d for d in dirs if d.lower().endswith(suffixes)]
        found += [os.path.join(directory, f) for f in names if f.lower().endswith(suffixes) and not f.startswith(".")]
    return sorted(found)
