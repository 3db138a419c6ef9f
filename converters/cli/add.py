"""Add new raw reports to ``raw/<province>/`` after showing what was understood (``baocao add``).

``baocao add FILE... [--yes] [--dry-run] [--raw-dir raw]``: each file is read
and converted exactly as the site build would (any encoding ``decode.py``
knows; a ``<name>.meta.yml`` sidecar beside it is honoured), and a table
shows what the converter understood.  Then, unless the user declines at the
prompt (no answer on a non-interactive stdin counts as "no"; ``--yes``
answers "yes") or ``--dry-run`` is given, each new report is stored:

- under ``<raw-dir>/<province slug | khong-ro>/<name><suffix>`` (the original suffix: ``.txt``, ``.docx``, ``.pdf``...) where ``<name>``
  is the file name of its page (:func:`converters.site.generate.page_path`), so the
  raw name and the page URL agree;
- as the original bytes, unchanged: ``raw/`` is the source of truth and the
  converter records the encoding it found (``source_encoding``);
- never over an existing file (issue [0/6] 5): the file is created
  exclusively (``os.link`` of a finished temporary file, which fails if the
  name exists), so two clerks adding at once both keep their report; the
  name is chosen again after the prompt and on every collision (``-2``,
  ``-3``...);
- never beside a sidecar it did not write (issue [0/6] 6): a name whose
  ``.meta.yml`` is left over from a removed report is skipped; its own
  sidecar is created exclusively first, the report then;
- not at all when the same report is already in ``raw/``: the same bytes
  (SHA-256), or the same text once decoded and normalized (another
  encoding, other line ends or spacing: issue 16 §4), *with the same
  sidecar*: it is "đã có" (already there), naming the raw file it
  duplicates; with a different sidecar nothing is written either, and the
  message says which sidecar to correct instead (never silently "đã có").

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
    "Thêm văn bản gốc mới vào raw/<tỉnh>/: đọc, chuyển đổi, cho xem những gì đã\n"
    "hiểu (loại, số, ngày, tỉnh, trích yếu, người ký, chú thích, viện dẫn, cảnh\n"
    "báo), rồi hỏi có lưu không. Tệp được lưu nguyên vẹn (không đổi mã) dưới một\n"
    "tên dễ đọc."
)

COMMAND_EPILOG = """ví dụ:
  baocao add ~/Downloads/bao-cao-moi.txt   # xem, rồi trả lời c (có) / k (không)
  baocao add --dry-run van-ban/*.txt       # chỉ xem, không lưu gì
  baocao add --yes van-ban/*.txt           # lưu không hỏi (dùng trong script)

mã thoát: 0 khi mọi tệp chuyển đổi được; 1 khi có tệp lỗi;
          2 khi người dùng không lưu."""

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
    ``digest`` the SHA-256 of its bytes, ``content`` that of its normalized
    text; ``existing`` the raw file holding the same report (already added),
    ``same`` how (``"bytes"`` or ``"text"``); ``conflict`` why a duplicate
    is not stored (its sidecar differs); ``target`` where it will be / was
    stored; ``sidecar`` its ``.meta.yml`` if any, ``data`` / ``sidecar_data``
    the bytes read (stored as read, whatever happens to the file after);
    ``stored`` true once written.
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
    content: str = ""
    same: str = ""
    conflict: str | None = None
    data: bytes = b""
    sidecar_data: bytes | None = None


def file_digest(path: str) -> str:
    """SHA-256 (hex) of the bytes of ``path``."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def content_key(text: str) -> str:
    """SHA-256 (hex) of a report's text as read: NFC, every run of white space one space.

    Two files whose texts differ only in encoding, line ends or spacing are one report.

    >>> content_key("Báo  cáo\\r\\nsố 1") == content_key("Ba\\u0301o cáo số 1\\n")
    True
    """
    import unicodedata

    return hashlib.sha256(" ".join(unicodedata.normalize("NFC", text).split()).encode("utf-8")).hexdigest()


def _text_key(data: bytes, source: str) -> str:
    """:func:`content_key` of raw ``data``; ``""`` when it does not decode (then only bytes compare)."""
    from converters.errors import InputError
    from converters.read.decode import decode

    try:
        return content_key(decode(data, source).text)
    except InputError:
        return ""


def _read_sidecar_bytes(raw_path: str) -> bytes | None:
    """Bytes of the sidecar of ``raw_path`` (None when there is none or it is not a regular file)."""
    from converters.errors import InputError
    from converters.read.files import read_regular
    from converters.steps.sidecar import MAX_SIDECAR_BYTES, sidecar_path

    try:
        return read_regular(sidecar_path(raw_path), raw_path, limit=MAX_SIDECAR_BYTES)
    except (FileNotFoundError, InputError):
        return None


def known_reports(raw_dir: str) -> tuple[dict[str, str], dict[str, str]]:
    """``({sha256 of bytes: path}, {content_key: path})`` of every report under ``raw_dir`` (first path wins).

    Only regular files are read (``read/files.py``); ``({}, {})`` when ``raw_dir`` is absent.
    """
    from converters.errors import InputError
    from converters.read.files import raw_entries, read_regular

    digests: dict[str, str] = {}
    contents: dict[str, str] = {}
    for path in raw_entries(raw_dir) if os.path.isdir(raw_dir) else []:
        try:
            data = read_regular(path, path)
        except (OSError, InputError):
            continue
        digests.setdefault(hashlib.sha256(data).hexdigest(), path)
        key = _text_key(data, path)
        if key:
            contents.setdefault(key, path)
    return digests, contents


def known_digests(raw_dir: str) -> dict[str, str]:
    """``{sha256: path}`` of every raw file (any format) under ``raw_dir`` (first path wins; ``{}`` if absent)."""
    return known_reports(raw_dir)[0]


def stored_name(meta: dict[str, Any], suffix: str = ".txt") -> str:
    """``<province slug | khong-ro>/<page file name><suffix>`` for a report's front matter.

    ``suffix`` is the original file's (``.txt``, ``.docx``, ``.pdf``...): raw/
    keeps the file as it came.

    The same slug rules as the report's URL (:func:`converters.site.generate.page_path`):
    ``bao-cao/kien-giang/2018-bao-cao-111-bc-bdv-bcsd.md`` is stored as
    ``kien-giang/2018-bao-cao-111-bc-bdv-bcsd.txt``.

    >>> stored_name({"province": "Kon Tum", "date": "2016-11-18", "doc_type": "Báo cáo", "number": "111-BC/TU"})
    'kon-tum/2016-bao-cao-111-bc-tu.txt'
    """
    from converters.site.generate import page_path

    page = page_path(meta)
    province, name = page.split("/")[-2:]
    return f"{province}/{name[:-3]}{suffix.lower()}"


def _name_taken(path: str) -> bool:
    """A raw name is taken by a file of any kind, or by a sidecar left over from a removed report."""
    from converters.steps.sidecar import sidecar_path

    return os.path.lexists(path) or os.path.lexists(sidecar_path(path))


def free_path(raw_dir: str, name: str, taken: set[str] = frozenset()) -> str:
    """``<raw_dir>/<name>``, or with ``-2``, ``-3``... before the suffix if that name is taken.

    Taken: the file exists (any kind), its ``.meta.yml`` exists (a leftover
    sidecar must never be paired with a new report), or it is in ``taken``.
    """
    base = os.path.join(raw_dir, name)
    stem, suffix = os.path.splitext(base)
    candidate, i = base, 1
    while _name_taken(candidate) or os.path.normpath(candidate) in taken:
        i += 1
        candidate = f"{stem}-{i}{suffix}"
    return candidate


def examine(path: str, root: str = ".") -> Candidate:
    """Convert ``path`` without writing anything; returns its :class:`Candidate` (never raises for bad input)."""
    from converters import convert_file
    from converters.errors import InputError
    from converters.steps.sidecar import sidecar_path

    from converters.read.files import read_regular

    cand = Candidate(path)
    try:
        cand.data = read_regular(path, path)
        cand.digest = hashlib.sha256(cand.data).hexdigest()
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
    cand.sidecar_data = _read_sidecar_bytes(path) if cand.sidecar else None
    cand.content = _text_key(cand.data, path)
    return cand


def plan(candidates: list[Candidate], raw_dir: str) -> None:
    """Fill ``existing`` / ``conflict`` / ``target`` of every convertible candidate (in order; nothing is written).

    A candidate whose bytes or normalized text are already in ``raw_dir`` (or
    earlier in the list) gets ``existing`` when its sidecar is the same
    (none and none count as the same), else ``conflict``; the others a free
    ``target``.  Called again just before storing (the folder may have
    changed while the user read the table).
    """
    digests, contents = known_reports(raw_dir)
    sidecars: dict[str, bytes | None] = {}
    taken: set[str] = set()
    for cand in candidates:
        if cand.error:
            continue
        cand.existing = cand.conflict = cand.target = None
        if cand.digest in digests:
            cand.existing, cand.same = digests[cand.digest], "bytes"
        elif cand.content and cand.content in contents:
            cand.existing, cand.same = contents[cand.content], "text"
        if cand.existing:
            if cand.existing not in sidecars:
                sidecars[cand.existing] = _read_sidecar_bytes(cand.existing)
            if sidecars[cand.existing] != cand.sidecar_data:
                from converters.steps.sidecar import sidecar_path

                theirs = sidecar_path(cand.existing)
                cand.conflict = (
                    f"cùng nội dung với {cand.existing} nhưng tệp bổ sung khác "
                    f"({'của tệp đó: ' + theirs if sidecars[cand.existing] is not None else 'tệp đó không có tệp bổ sung'}); "
                    f"không lưu. Nếu thông tin cần sửa, sửa {theirs}."
                )
            continue
        cand.target = free_path(raw_dir, stored_name(cand.meta, os.path.splitext(cand.path)[1] or ".txt"), taken)
        taken.add(os.path.normpath(cand.target))
        digests[cand.digest] = cand.target
        if cand.content:
            contents[cand.content] = cand.target
        sidecars[cand.target] = cand.sidecar_data


def create_exclusive(path: str, data: bytes) -> bool:
    """Write ``data`` as a new file ``path`` (mode 0644); False, writing nothing, when ``path`` exists.

    The bytes go to a hidden temporary file beside it first, which is then
    hard-linked to ``path``: ``link`` fails if the name exists, so the file
    appears complete or not at all and never replaces another (``os.replace``
    would).  Raises ``OSError`` for other failures.
    """
    import tempfile

    folder = os.path.dirname(path) or "."
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".baocao-add-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        return True
    finally:
        os.unlink(tmp)


def store(cand: Candidate, raw_dir: str | None = None) -> None:
    """Store the candidate's bytes (and sidecar) under ``target``, never over anything; sets ``stored``.

    Its sidecar is created first, then the report; when either name is taken
    (another clerk, a leftover sidecar) the next free name is tried, and a
    sidecar written here for a name lost is removed again.  ``target`` is
    updated to where the report went.
    """
    from converters.steps.sidecar import sidecar_path

    raw_dir = raw_dir or os.path.dirname(os.path.dirname(cand.target))
    name = stored_name(cand.meta)
    target = cand.target
    for _attempt in range(1000):
        side = sidecar_path(target)
        if cand.sidecar_data is not None:
            if create_exclusive(side, cand.sidecar_data):
                if create_exclusive(target, cand.data):
                    break
                os.unlink(side)  # ours: written a moment ago for this name
        elif not os.path.lexists(side) and create_exclusive(target, cand.data):
            break
        target = free_path(raw_dir, name, {os.path.normpath(target)})
    else:
        raise OSError(f"no free name for {name} in {raw_dir}")
    cand.target = target
    cand.stored = True


def _signers(meta: dict[str, Any]) -> str:
    out = []
    for s in meta.get("signers") or []:
        if isinstance(s, dict):
            out.append(" – ".join(str(s[k]) for k in ("title", "name") if s.get(k)) or str(s.get("role") or ""))
        else:
            out.append(str(s))
    return "\n".join(o for o in out if o)


_FORMAT_NAMES = {"txt": "văn bản thuần (.txt)", "docx": "Word (.docx)", "doc": "Word cũ (.doc)", "pdf": "PDF có chữ", "scan": "ảnh quét"}


def _format_label(meta: dict[str, Any]) -> str:
    """The source format in Vietnamese, with the OCR engine and its confidence for scans.

    >>> _format_label({"source_format": "scan", "ocr": {"engine": "tesseract 5.3.0 (vie)", "confidence": 0.924}})
    'ảnh quét (nhận dạng chữ: tesseract 5.3.0 (vie), độ tin cậy 92%)'
    """
    fmt = meta.get("source_format") or "txt"
    label = _FORMAT_NAMES.get(fmt, fmt)
    ocr = meta.get("ocr")
    if isinstance(ocr, dict) and ocr.get("confidence") is not None:
        label += f" (nhận dạng chữ: {ocr.get('engine')}, độ tin cậy {round(100 * float(ocr['confidence']))}%)"
    return label


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
    table.add_row("Định dạng", _format_label(m))
    if m.get("source_encoding"):
        table.add_row("Mã ký tự", cell(m.get("source_encoding")))
    if cand.warnings:
        table.add_row("Cảnh báo", "[yellow]" + "\n".join(f"- {escape(w)}" for w in cand.warnings) + "[/]")
    else:
        table.add_row("Cảnh báo", "[green]không có[/]")
    if cand.conflict:
        table.add_row("Kết quả", f"[bold red]Không lưu[/]: {escape(cand.conflict)}")
    elif cand.existing:
        how = "cùng nội dung" if cand.same == "bytes" else "cùng nội dung chữ, khác mã ký tự hoặc cách xuống dòng"
        table.add_row("Kết quả", f"[cyan]Đã có[/]: trùng với {escape(cand.existing)} ({how}), không lưu lại")
    elif cand.target:
        table.add_row("Sẽ lưu thành", escape(cand.target))
    return table


def summary(candidates: list[Candidate]) -> str:
    """One Vietnamese line: ``3 tệp: 1 đã lưu, 1 đã có, 1 lỗi, 0 chưa lưu``."""
    stored = sum(c.stored for c in candidates)
    existing = sum(bool(c.existing and not c.conflict) for c in candidates)
    failed = sum(bool(c.error or c.conflict) for c in candidates)
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
    parser.add_argument("files", nargs="+", metavar="TỆP", help="tệp văn bản gốc: .txt (mã bất kỳ: UTF-8, UTF-16, TCVN3, VNI, Windows-1258), .docx, .doc, .pdf, ảnh quét .png/.jpg/.tif")
    parser.add_argument("-y", "--yes", action="store_true", help="lưu không cần hỏi")
    parser.add_argument("-n", "--dry-run", action="store_true", help="chỉ cho xem, không lưu gì")
    parser.add_argument("--raw-dir", default="raw", metavar="THƯ_MỤC", help="thư mục văn bản gốc (mặc định: raw)")


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
            plan(candidates, args.raw_dir)  # again: raw/ may have changed while the table was read
            for cand in candidates:
                if not cand.target:
                    if cand in new:  # became a duplicate while the table was read: say of what
                        console.print(render_candidate(cand))
                    continue
                store(cand, args.raw_dir)
                console.print(f"[green]Đã lưu[/] {escape(cand.path)} → {escape(cand.target)}", markup=True, highlight=False)
                bar.advance(task)
        console.print("Bước tiếp theo: [bold]baocao check[/] rồi [bold]mkdocs build[/] (hoặc [bold]baocao build[/]).")
    else:
        declined = True
        if sys.stdin is None or not sys.stdin.isatty():
            console.print("Không lưu: không có ai trả lời câu hỏi (chạy lại với --yes để lưu không cần hỏi).")
        else:
            console.print("Không lưu gì.")

    failed = any(c.error or c.conflict for c in candidates)
    console.print(summary(candidates), style="bold red" if failed else "bold green", markup=False, highlight=False)
    if failed:
        return 1
    return 2 if declined else 0
