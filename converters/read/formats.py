"""Which reader a raw file needs, by its content first and its name second.

``read_source(data, source)`` is the one entry point of the pipeline for the
bytes of a raw file of any supported format.  The bytes decide (an office may name a PDF
``.doc``, or a scan ``.pdf``); the suffix only decides for plain text:

=============================  ============  ===========================
content                        format        reader
=============================  ============  ===========================
ZIP with ``word/document.xml``  ``docx``      :mod:`converters.read.docx`
``%PDF`` with a text layer      ``pdf``       :mod:`converters.read.pdf`
``%PDF`` without one            ``scan``      :mod:`converters.read.ocr`
PNG, JPEG, TIFF                 ``scan``      :mod:`converters.read.ocr`
OLE2 (Word 97-2003)             ``doc``       :mod:`converters.read.doc`
anything else                   ``txt``       ``converters.decode``
=============================  ============  ===========================

The readers need the optional extra ``formats`` (``pip install -e
'.[formats]'``), OCR also Tesseract; a missing piece is an
:class:`~converters.errors.InputError` naming the file and the install
command, so the other documents still build.
"""

from __future__ import annotations

import io
import os
import zipfile

from converters.errors import InputError

#: Suffixes of raw files that ``baocao add/check/convert`` and the site build pick up.
SOURCE_SUFFIXES = (".txt", ".docx", ".doc", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
#: Image suffixes read by OCR.
SCAN_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")

_MAGIC = (
    (b"%PDF", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "doc"),
    (b"\x89PNG\r\n\x1a\n", "scan"),
    (b"\xff\xd8\xff", "scan"),
    (b"II*\x00", "scan"),
    (b"MM\x00*", "scan"),
)


def is_source(name: str) -> bool:
    """``True`` for a file name a raw report may have (by suffix, any case; hidden files never).

    >>> is_source("bao-cao.DOCX"), is_source("bao-cao.meta.yml"), is_source(".x.txt")
    (True, False, False)
    """
    base = os.path.basename(name)
    return not base.startswith(".") and base.lower().endswith(SOURCE_SUFFIXES)


def strip_suffix(name: str) -> str:
    """``name`` without its source suffix (``a/b.docx`` -> ``a/b``); unchanged otherwise.

    >>> strip_suffix("raw/x/bao-cao.pdf"), strip_suffix("raw/x/bao-cao")
    ('raw/x/bao-cao', 'raw/x/bao-cao')
    """
    return name[: -len(os.path.splitext(name)[1])] if is_source(name) else name


def sniff(data: bytes) -> str:
    """The format of a raw file's bytes: ``docx``, ``pdf``, ``doc``, ``scan``, ``zip`` or ``txt``.

    A PDF is ``pdf`` here even when it is a scan; :func:`read_source` asks
    the PDF reader whether it has a text layer.

    >>> sniff(b"%PDF-1.7 ..."), sniff(b"\\x89PNG\\r\\n\\x1a\\n..."), sniff("Báo cáo".encode())
    ('pdf', 'scan', 'txt')
    """
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            if kind == "zip":
                try:
                    with zipfile.ZipFile(io.BytesIO(data)) as z:
                        return "docx" if "word/document.xml" in z.namelist() else "zip"
                except zipfile.BadZipFile:
                    return "zip"
            return kind
    return "txt"


def read_source(data: bytes, source: str, **decode_options) -> tuple[str, dict]:
    """Read the bytes ``data`` of the raw file ``source`` in whatever format they are.

    Returns ``(text, info)``: the text the converter reads and
    ``{"source_format": "txt"|"docx"|"doc"|"pdf"|"scan", ...}`` plus, by
    format, ``source_encoding`` (text), ``ocr`` (``{engine, confidence}``),
    ``warnings`` (for the page).  ``decode_options`` go to ``decode`` for
    text files (``max_bytes``).  Raises :class:`InputError` naming ``source``
    for unreadable files, unsupported formats and missing readers.  The
    caller reads the bytes (``read/files.read_regular``: regular files only).
    """
    kind = sniff(data)
    if kind == "docx":
        from converters.read.docx import read_docx

        return read_docx(data, source)
    if kind == "doc":
        from converters.read.doc import read_doc

        return read_doc(data, source)
    if kind == "pdf":
        from converters.read.pdf import has_text_layer, read_pdf

        if has_text_layer(data, source):
            return read_pdf(data, source)
        from converters.read.ocr import read_scan

        return read_scan(data, source)
    if kind == "scan":
        from converters.read.ocr import read_scan

        return read_scan(data, source)
    if kind == "zip":
        raise InputError(source, "tệp nén ZIP không phải văn bản Word", "giải nén rồi thêm từng tệp văn bản (.docx, .pdf, .txt)")
    from converters.read.decode import decode

    decoded = decode(data, source, **decode_options)
    return decoded.text, {"source_format": "txt", "source_encoding": decoded.encoding, "warnings": list(decoded.warnings)}
