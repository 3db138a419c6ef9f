"""Add new raw reports to ``raw/<province>/`` after showing what was understood (``baocao add``).

``baocao add FILE... [--yes] [--dry-run] [--raw-dir raw]``: each file is read
and converted exactly as the site build would (any encoding ``decode.py``
knows; a ``<name>.meta.yml`` sidecar beside it is honoured), and a table
shows what the converter understood.  Then, unless the user declines at the
prompt (no answer on a non-interactive stdin counts as "no"; ``--yes``
answers "yes") or ``--dry-run`` is given, each new report is stored:

- under ``<raw-dir>/<province slug | khong-ro>/<name>.txt`` where ``<name>``
  is the file name of its page (:func:`converters.site.generate.page_path`), so the
  raw name and the page URL agree;
- as the original bytes, unchanged: ``raw/`` is the source of truth and the
  converter records the encoding it found (``source_encoding``);
- never over a different existing file: ``-2``, ``-3``... is appended;
- not at all when the same bytes are already in ``raw/`` (SHA-256): the
  report is "đã có" (already there) and nothing is written;
- with its sidecar, copied beside it under the new name.

Messages are for office staff, so they are Vietnamese.  Exit code: 0 when
every file converted (stored or not), 1 when any could not be read or
converted, 2 when nothing was stored because the user declined.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from dataclasses import dataclass, field
from typing import Any

COMMAND_DESCRIPTION = (
    "Thêm văn bản gốc mới vào raw/<tỉnh>/: đọc, chuyển đổi, cho xem những gì đã hiểu\n"
    "(loại, số, ngày, tỉnh, trích yếu, người ký, chú thích, viện dẫn, cảnh báo), rồi hỏi\n"
    "có lưu không. Tệp được lưu nguyên vẹn (không đổi mã) dưới một tên dễ đọc."
)

COMMAND_EPILOG = """ví dụ:
  baocao add ~/Downloads/bao-cao-moi.txt          # xem, rồi trả lời c (có) / k (không)
  baocao add --dry-run van-ban/*.txt              # chỉ xem, không lưu gì
  baocao add --yes van-ban/*.txt                  # lưu không cần hỏi (dùng trong script)

mã thoát: 0 khi mọi tệp chuyển đổi được; 1 khi có tệp lỗi; 2 khi người dùng không lưu."""

#: From this many files on, a progress bar is shown while converting.
PROGRESS_FROM = 3

#: Answers taken as "yes" at the prompt (folded: no diacritics, lower case).
YES_ANSWERS = frozenset({"c", "co", "y", "yes", "dong y", "luu"})

_FOOTNOTE_DEF = re.compile(r"^\[\^[^\]\s]+\]:", re.M)


@dataclass
class Candidate:
    """One file given to ``baocao add`` and what became of it.

    ``path`` as given; ``meta`` the page's front matter (empty when the file
    failed); ``footnotes`` / ``citations`` counts from the page; ``warnings``
    the converter's; ``error`` one line when the file cannot be converted;
    ``digest`` the SHA-256 of its bytes; ``existing`` the raw file holding the
    same bytes (already added); ``target`` where it will be / was stored;
    ``sidecar`` its ``.meta.yml`` if any; ``stored`` true once written.
    """

    path: str
    meta: dict[str, Any] = field(default_factory=dict)
    footnotes: int = 0
    citations: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    digest: str = ""
    existing: str | None = None
    target: str | None = None
    sidecar: str | None = None
    stored: bool = False


def file_digest(path: str) -> str:
    """SHA-256 (hex) of the bytes of ``path``."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def known_digests(raw_dir: str) -> dict[str, str]:
    """``{sha256: path}`` of every ``*.txt`` under ``raw_dir`` (first path wins; ``{}`` if absent)."""
    found: dict[str, str] = {}
    for folder, dirs, names in os.walk(raw_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.endswith(".txt") and not name.startswith("."):
                path = os.path.join(folder, name)
                found.setdefault(file_digest(path), path)
    return found


def stored_name(meta: dict[str, Any]) -> str:
    """``<province slug | khong-ro>/<page file name>.txt`` for a report's front matter.

    The same slug rules as the report's URL (:func:`converters.site.generate.page_path`):
    ``bao-cao/kien-giang/2018-bao-cao-111-bc-bdv-bcsd.md`` is stored as
    ``kien-giang/2018-bao-cao-111-bc-bdv-bcsd.txt``.

    >>> stored_name({"province": "Kon Tum", "date": "2016-11-18", "doc_type": "Báo cáo", "number": "111-BC/TU"})
    'kon-tum/2016-bao-cao-111-bc-tu.txt'
    """
    from converters.site.generate import page_path

    page = page_path(meta)
    province, name = page.split("/")[-2:]
    return f"{province}/{name[:-3]}.txt"


def free_path(raw_dir: str, name: str, taken: set[str] = frozenset()) -> str:
    """``<raw_dir>/<name>``, or with ``-2``, ``-3``... before ``.txt`` if that file (or one in ``taken``) exists."""
    base = os.path.join(raw_dir, name)
    candidate, i = base, 1
    while os.path.exists(candidate) or os.path.normpath(candidate) in taken:
        i += 1
        candidate = f"{base[:-4]}-{i}.txt"
    return candidate


def examine(path: str, root: str = ".") -> Candidate:
    """Convert ``path`` without writing anything; returns its :class:`Candidate` (never raises for bad input)."""
    from converters import convert_file
    from converters.errors import InputError
    from converters.steps.sidecar import sidecar_path

    cand = Candidate(path)
    try:
        cand.digest = file_digest(path)
        page = convert_file(path, root)
    except InputError as exc:
        cand.error = str(exc)
        return cand
    except OSError as exc:
        cand.error = f"{path}: không đọc được tệp ({exc.strerror})"
        return cand
    except Exception as exc:  # noqa: BLE001 - a converter bug must not stop the other files
        cand.error = f"{path}: lỗi nội bộ của bộ chuyển đổi ({type(exc).__name__}: {exc}); báo cho người phát triển"
        return cand
    cand.meta = dict(page.meta)
    cand.footnotes = len(_FOOTNOTE_DEF.findall(page.body))
    cand.citations = len(page.citations or [])
    cand.warnings = [str(w) for w in page.warnings]
    side = sidecar_path(path)
    cand.sidecar = side if os.path.exists(side) else None
    return cand


def plan(candidates: list[Candidate], raw_dir: str) -> None:
    """Fill ``existing`` / ``target`` of every convertible candidate (in order; nothing is written).

    A candidate whose bytes are already in ``raw_dir`` (or earlier in the
    list) gets ``existing``; the others a free ``target`` path.
    """
    digests = known_digests(raw_dir)
    taken: set[str] = set()
    for cand in candidates:
        if cand.error:
            continue
        if cand.digest in digests:
            cand.existing = digests[cand.digest]
            continue
        cand.target = free_path(raw_dir, stored_name(cand.meta), taken)
        taken.add(os.path.normpath(cand.target))
        digests[cand.digest] = cand.target


def store(cand: Candidate) -> None:
    """Copy the candidate's original bytes (and sidecar) to its ``target`` atomically; sets ``stored``."""
    from converters.site.fsutil import write_atomic
    from converters.steps.sidecar import sidecar_path

    with open(cand.path, "rb") as fh:
        write_atomic(cand.target, fh.read())
    if cand.sidecar:
        with open(cand.sidecar, "rb") as fh:
            write_atomic(sidecar_path(cand.target), fh.read())
    cand.stored = True


def _signers(meta: dict[str, Any]) -> str:
    out = []
    for s in meta.get("signers") or []:
        if isinstance(s, dict):
            out.append(" – ".join(str(s[k]) for k in ("title", "name") if s.get(k)) or str(s.get("role") or ""))
        else:
            out.append(str(s))
    return "\n".join(o for o in out if o)


def render_candidate(cand: Candidate):
    """A :class:`rich.table.Table` (field, value) of what was understood from one file, in Vietnamese."""
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=escape(cand.path), title_justify="left", show_header=False, show_lines=False, expand=False)
    table.add_column("Mục", style="bold", no_wrap=True)
    table.add_column("Giá trị", overflow="fold", max_width=90)
    if cand.error:
        table.add_row("Lỗi", f"[bold red]{escape(cand.error)}[/]")
        return table
    m = cand.meta
    none = "[dim](không rõ)[/]"

    def cell(value: Any) -> str:
        return escape(str(value)) if value not in (None, "", []) else none

    table.add_row("Loại văn bản", cell(m.get("doc_type")))
    table.add_row("Số, ký hiệu", cell(m.get("number")))
    table.add_row("Ngày ban hành", cell(m.get("date")))
    table.add_row("Tỉnh", cell(m.get("province")))
    table.add_row("Trích yếu", cell(m.get("title")))
    table.add_row("Người ký", cell(_signers(m)))
    table.add_row("Chú thích", str(cand.footnotes))
    table.add_row("Viện dẫn", f"{cand.citations} lần, {len(m.get('cites') or [])} văn bản")
    table.add_row("Mã ký tự", cell(m.get("source_encoding")))
    if cand.warnings:
        table.add_row("Cảnh báo", "[yellow]" + "\n".join(f"- {escape(w)}" for w in cand.warnings) + "[/]")
    else:
        table.add_row("Cảnh báo", "[green]không có[/]")
    if cand.existing:
        table.add_row("Kết quả", f"[cyan]Đã có[/] trong {escape(cand.existing)} (cùng nội dung, không lưu lại)")
    elif cand.target:
        table.add_row("Sẽ lưu thành", escape(cand.target))
    return table


def summary(candidates: list[Candidate]) -> str:
    """One Vietnamese line: ``3 tệp: 1 đã lưu, 1 đã có, 1 lỗi, 0 chưa lưu``."""
    stored = sum(c.stored for c in candidates)
    existing = sum(bool(c.existing) for c in candidates)
    failed = sum(bool(c.error) for c in candidates)
    pending = sum(bool(c.target and not c.stored) for c in candidates)
    return f"{len(candidates)} tệp: {stored} đã lưu, {existing} đã có, {failed} lỗi, {pending} chưa lưu"


def confirm(console, question: str, stdin=None) -> bool:
    """Ask ``question``; True only on a "yes" answer (c, có, y...). Non-interactive stdin: False, without reading."""
    from converters.lexicon.slugs import fold

    stdin = stdin if stdin is not None else sys.stdin
    if stdin is None or not stdin.isatty():
        return False
    try:
        answer = console.input(question)
    except (EOFError, KeyboardInterrupt):
        return False
    return fold(answer.strip()) in YES_ANSWERS


def add_arguments(parser) -> None:
    """Arguments of ``baocao add``."""
    parser.add_argument("files", nargs="+", metavar="FILE", help="tệp văn bản gốc (.txt, mã bất kỳ: UTF-8, UTF-16, TCVN3, VNI, Windows-1258)")
    parser.add_argument("-y", "--yes", action="store_true", help="lưu không cần hỏi")
    parser.add_argument("-n", "--dry-run", action="store_true", help="chỉ cho xem, không lưu gì")
    parser.add_argument("--raw-dir", default="raw", help="thư mục văn bản gốc (mặc định: raw)")


def run(args) -> int:
    """Examine, show, ask, store; print a summary; return the exit code (see the module docstring)."""
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console()
    files = list(args.files)
    with Progress(
        TextColumn("Đang đọc"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
        console=console, transient=True, disable=len(files) < PROGRESS_FROM,
    ) as bar:
        task = bar.add_task("", total=len(files))
        candidates = []
        for path in files:
            candidates.append(examine(path))
            bar.update(task, advance=1, description=escape(path))
    plan(candidates, args.raw_dir)
    for cand in candidates:
        console.print(render_candidate(cand))
        console.print()

    new = [c for c in candidates if c.target]
    declined = False
    if not new:
        console.print("Không có văn bản mới nào để lưu.")
    elif args.dry_run:
        console.print("Chạy thử (--dry-run): không lưu gì.")
    elif args.yes or confirm(console, f"Lưu {len(new)} văn bản mới vào {escape(args.raw_dir)}/? (c = có, k = không): "):
        with Progress(
            TextColumn("Đang lưu"), BarColumn(), MofNCompleteColumn(),
            console=console, transient=True, disable=len(new) < PROGRESS_FROM,
        ) as bar:
            task = bar.add_task("", total=len(new))
            for cand in new:
                store(cand)
                console.print(f"[green]Đã lưu[/] {escape(cand.path)} → {escape(cand.target)}", markup=True, highlight=False)
                bar.advance(task)
        console.print("Bước tiếp theo: [bold]baocao check[/] rồi [bold]mkdocs build[/] (hoặc [bold]baocao build[/]).")
    else:
        declined = True
        if sys.stdin is None or not sys.stdin.isatty():
            console.print("Không lưu: không có ai trả lời câu hỏi (chạy lại với --yes để lưu không cần hỏi).")
        else:
            console.print("Không lưu gì.")

    failed = any(c.error for c in candidates)
    console.print(summary(candidates), style="bold red" if failed else "bold green", markup=False, highlight=False)
    if failed:
        return 1
    return 2 if declined else 0
