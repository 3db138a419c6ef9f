"""Old Word ``.doc`` files, through LibreOffice headless (converted to ``.docx``, then read as one).

The ``.doc`` binary format (Word 97-2003) has no well-kept pure-Python
reader; LibreOffice converts it faithfully, tables and footnotes included.
Where LibreOffice is not installed the office is told to save the file as
``.docx``, which Word does in one step.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from converters.errors import InputError

SAVE_AS_DOCX = "mở tệp bằng Word, chọn Lưu thành (Save As) > Word Document (.docx) rồi thêm tệp .docx"


def soffice_path() -> str | None:
    """LibreOffice's ``soffice`` (or ``libreoffice``) on ``PATH``, or ``None``."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_doc(data: bytes, source: str) -> tuple[str, dict]:
    """Read the bytes ``data`` of the old Word file ``source``; returns ``(text, info)`` as :func:`converters.read.docx.read_docx`.

    ``info["source_format"]`` is ``"doc"``.  Raises
    :class:`~converters.errors.InputError` naming ``source`` when LibreOffice
    is missing or fails, saying to save the file as ``.docx``.
    """
    exe = soffice_path()
    if not exe:
        raise InputError(source, "tệp Word cũ (.doc) cần LibreOffice để đọc, máy chưa cài", SAVE_AS_DOCX)
    from converters.read.docx import read_docx

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "van-ban.doc")
        with open(path, "wb") as fh:
            fh.write(data)
        # A private profile: a running LibreOffice or a locked profile must not block the conversion.
        profile = os.path.join(tmp, "profile")
        try:
            subprocess.run(
                [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "docx", "--outdir", tmp, path],
                capture_output=True, timeout=300, check=True,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise InputError(source, f"LibreOffice không chuyển được tệp .doc ({type(exc).__name__})", SAVE_AS_DOCX) from exc
        out = os.path.join(tmp, "van-ban.docx")
        if not os.path.exists(out):
            raise InputError(source, "LibreOffice không chuyển được tệp .doc", SAVE_AS_DOCX)
        with open(out, "rb") as fh:
            text, info = read_docx(fh.read(), source)
    info["source_format"] = "doc"
    return text, info
