"""Convert every raw report without writing anything; show a table of warnings and errors.

``baocao check [PATH ...] [--strict] [--max-bytes N]`` finds every raw file (``.txt``, ``.docx``, ``.doc``, ``.pdf``, scans)
under the given paths (default ``raw/``), converts each one as the site build
would, and prints one row per document.  One bad file never stops the others:
input errors and unexpected exceptions are reported per file.  Exit code 1
when any document failed (``--strict``: also when any has warnings), else 0.

:func:`check_paths` is the reusable part (files -> :class:`CheckResult`
records) for other callers such as the site build; it prints nothing.
Messages for office staff (table, summary) are Vietnamese.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from converters.read.decode import DEFAULT_MAX_BYTES
from converters.read.files import raw_entries

COMMAND_DESCRIPTION = ("Đọc và chuyển đổi mọi văn bản gốc như khi dựng trang web, nhưng không ghi gì;\n"
                       "cho xem bảng kết quả, cảnh báo và lỗi của từng văn bản.")
COMMAND_EPILOG = """ví dụ:
  baocao check              # mọi văn bản trong raw/ (.txt, .docx, .pdf, ảnh...)
  baocao check raw/kien-giang --strict
  baocao check moi/bao-cao.txt --max-bytes 50000000

mã thoát: 0 khi mọi văn bản chuyển đổi được (với --strict: và không có cảnh
báo nào); 1 khi không như vậy."""

#: From this many files on, a progress bar is shown (on a terminal only).
PROGRESS_FROM = 20


@dataclass
class CheckResult:
    """What converting one raw file gave.

    ``path`` is the file as found (relative to the working directory when
    possible); ``error`` is ``None`` on success, else one line naming the
    problem and what to do; ``internal`` is true when that error was an
    unexpected exception (a converter bug, not bad input).  On success the
    metadata fields come from the page's front matter (``date`` as
    ``YYYY-MM-DD``) and ``warnings`` is its ``warnings`` list.
    """

    path: str
    doc_type: str | None = None
    number: str | None = None
    date: str | None = None
    province: str | None = None
    title: str | None = None
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    internal: bool = False

    @property
    def ok(self) -> bool:
        """True when the document converted (warnings or not)."""
        return self.error is None


def find_raw_files(paths: Iterable[str]) -> tuple[list[str], list[str]]:
    """Expand ``paths`` to raw files: ``(files, missing)``.

    A directory gives every raw file below it (any suffix of
    ``read.formats.SOURCE_SUFFIXES``; sorted, hidden directories
    skipped); a file is taken as given, whatever its extension; a path that
    does not exist goes to ``missing``.  Duplicates are dropped.
    """
    files: list[str] = []
    missing: list[str] = []
    for path in paths:
        if os.path.isdir(path) and not os.path.islink(path):
            files.extend(raw_entries(path))
        elif os.path.lexists(path):
            # Any kind of entry: reading refuses a symlink, FIFO or device with the reason.
            files.append(path)
        else:
            missing.append(path)
    seen: set[str] = set()
    unique = []
    for f in files:
        key = os.path.normpath(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, missing


def check_file(path: str, *, root: str = ".", max_bytes: int = DEFAULT_MAX_BYTES) -> CheckResult:
    """Convert ``path`` (nothing is written) and return its :class:`CheckResult`.

    Never raises for a bad document: :class:`~converters.errors.InputError`
    becomes ``error``; any other exception becomes an ``internal`` error
    naming the exception (a converter bug to report to developers).
    """
    from converters import convert_file
    from converters.errors import InputError

    result = CheckResult(path=_display(path, root))
    try:
        page = convert_file(path, root, max_bytes=max_bytes)
    except InputError as exc:
        result.error = str(exc)
        return result
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
        result.error = (f"{result.path}: lỗi nội bộ của bộ chuyển đổi: {type(exc).__name__}: {exc} "
                        "(báo cho người phát triển, kèm tệp gốc)")
        result.internal = True
        return result
    meta = page.meta
    result.doc_type = _text(meta.get("doc_type"))
    result.number = _text(meta.get("number"))
    result.date = _text(meta.get("date"))
    result.province = _text(meta.get("province"))
    result.title = _text(meta.get("title"))
    result.encoding = _text(meta.get("source_encoding") or meta.get("source_format"))
    result.warnings = [str(w) for w in page.warnings]
    return result


def check_paths(
    paths: Sequence[str] = ("raw",),
    *,
    root: str = ".",
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_file: Callable[[str], None] | None = None,
) -> list[CheckResult]:
    """Convert every raw file under ``paths``; one :class:`CheckResult` per file, in order.

    A path that does not exist gives a failed result of its own.
    ``on_file(path)`` is called after each file (for progress bars).  Prints
    nothing and writes nothing.
    """
    files, missing = find_raw_files(paths)
    results = [
        CheckResult(path=p, error=f"{p}: không có tệp hoặc thư mục này (kiểm tra lại đường dẫn)") for p in missing
    ]
    for path in files:
        results.append(check_file(path, root=root, max_bytes=max_bytes))
        if on_file is not None:
            on_file(path)
    _mark_claims(results, root)
    return results


def _mark_claims(results: list[CheckResult], root: str) -> None:
    """Two checked files claiming one document (issue [0/6] 7): the later one fails, naming both.

    The same rule and order as the site build (:func:`converters.site.generate.document_claims`),
    so ``check`` fails exactly where the build would refuse the file.
    """
    from converters.site.generate import claim_error, document_claims, page_path, publication_order

    metas = [(r.path, {"doc_type": r.doc_type, "number": r.number, "date": r.date, "province": r.province,
                       "title": r.title}) for r in results if r.ok]
    if not metas:
        return
    order = publication_order(root, os.path.join(root, "docs"), metas)
    claims = document_claims(metas, order)
    by_path = dict(metas)
    for r in results:
        if r.path in claims:
            r.error = claim_error(r.path, claims[r.path], page_path(by_path[r.path]))


def summary(results: Sequence[CheckResult]) -> str:
    """One Vietnamese line: ``5 văn bản: 4 đạt, 1 lỗi, 2 có cảnh báo``."""
    failed = sum(not r.ok for r in results)
    warned = sum(bool(r.warnings) for r in results)
    return f"{len(results)} văn bản: {len(results) - failed} đạt, {failed} lỗi, {warned} có cảnh báo"


def exit_code(results: Sequence[CheckResult], strict: bool = False) -> int:
    """1 when any document failed (``strict``: or has warnings), else 0."""
    if any(not r.ok for r in results):
        return 1
    if strict and any(r.warnings for r in results):
        return 1
    return 0


#: Terminal width from which the table has one column per field; below it (an 80-column
#: terminal) each document is one row of two columns: the file with what was read, and the
#: result with its warnings.
WIDE_FROM = 120


def _status(r: CheckResult) -> tuple[str, str]:
    """``(status markup, details markup)`` of one result; details are escaped."""
    from rich.markup import escape

    if not r.ok:
        return ("[bold red]Lỗi nội bộ[/]" if r.internal else "[bold red]Lỗi[/]"), escape(r.error or "")
    if r.warnings:
        return f"[yellow]Đạt, {len(r.warnings)} cảnh báo[/]", "\n".join(f"- {escape(w)}" for w in r.warnings)
    return "[green]Đạt[/]", ""


def _facts(r: CheckResult) -> str:
    """``Báo cáo · 111-BC/TU · 18/11/2016 · Kon Tum`` (what was read), escaped."""
    from rich.markup import escape

    date = r.date or ""
    if len(date) == 10 and date[4] == date[7] == "-":
        date = f"{date[8:]}/{date[5:7]}/{date[:4]}"
    return " · ".join(escape(x) for x in (r.doc_type, r.number, date, r.province) if x)


def render_table(results: Sequence[CheckResult], width: int | None = None):
    """A :class:`rich.table.Table` of the results, headers in Vietnamese.

    ``width``: the terminal's columns.  From :data:`WIDE_FROM` on, one column per field
    (file, result, type, number, date, province, warnings); narrower, two columns (the file
    with the fields read under it; the result with its warnings), readable in 80 columns.
    Everything from a document is escaped: raw text must not become rich markup.
    """
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="Kiểm tra văn bản", show_lines=True, expand=False)
    if width is not None and width < WIDE_FROM:
        table.add_column("Tệp", overflow="fold", ratio=1, min_width=20, max_width=42)
        table.add_column("Kết quả, cảnh báo / lỗi", overflow="fold", ratio=1)
        for r in results:
            status, details = _status(r)
            folder, _, name = escape(r.path).rpartition("/")
            where = f"{folder}/\n{name}" if folder else name
            facts = _facts(r)
            table.add_row(where + (f"\n[dim]{facts}[/]" if facts else ""), status + (f"\n{details}" if details else ""))
        return table
    table.add_column("Tệp", overflow="fold")
    table.add_column("Kết quả", no_wrap=True)
    table.add_column("Loại")
    table.add_column("Số", overflow="fold")
    table.add_column("Ngày", no_wrap=True)
    table.add_column("Tỉnh")
    table.add_column("Cảnh báo / lỗi", overflow="fold", ratio=2)
    for r in results:
        status, details = _status(r)
        table.add_row(
            escape(r.path), status, escape(r.doc_type or ""), escape(r.number or ""),
            escape(r.date or ""), escape(r.province or ""), details,
        )
    return table


def add_arguments(parser) -> None:
    """Arguments of ``baocao check``."""
    parser.add_argument("paths", nargs="*", default=["raw"], metavar="ĐƯỜNG_DẪN",
                        help="tệp văn bản gốc, hoặc thư mục để tìm văn bản .txt, .docx, .doc, .pdf, ảnh quét .png/.jpg/.tif (mặc định: raw)")
    parser.add_argument("--strict", action="store_true",
                        help="văn bản có cảnh báo cũng tính là không đạt (mã thoát 1)")
    parser.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N",
                        help=f"không đọc tệp lớn hơn N byte (mặc định {DEFAULT_MAX_BYTES})")


def run(args) -> int:
    """Check ``args.paths``; print the table and summary; return the exit code."""
    from rich.console import Console

    console = Console()
    files, _ = find_raw_files(args.paths)
    if len(files) >= PROGRESS_FROM and console.is_terminal:
        from rich.progress import Progress

        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("Đang kiểm tra", total=len(files))
            results = check_paths(args.paths, max_bytes=args.max_bytes,
                                  on_file=lambda _path: progress.advance(task))
    else:
        results = check_paths(args.paths, max_bytes=args.max_bytes)
    if not results:
        print(f"Không tìm thấy văn bản (.txt, .docx, .doc, .pdf, ảnh quét) nào trong: {', '.join(args.paths)}", file=sys.stderr)
        return 1
    console.print(render_table(results, console.width))
    code = exit_code(results, args.strict)
    style = "bold red" if code else "bold green"
    console.print(summary(results), style=style, markup=False, highlight=False)
    return code


def _display(path: str, root: str) -> str:
    """``path`` relative to ``root`` with ``/`` separators when it lies below it."""
    rel = os.path.relpath(path, root)
    return (path if rel.startswith("..") else rel).replace(os.sep, "/")


def _text(value) -> str | None:
    return None if value is None else str(value)
