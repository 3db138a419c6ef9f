"""The injection corpus of issue [4/6] §3 and the sites built from it (shared by the hostile tests).

``VECTORS``: OWASP XSS filter-evasion vectors and Markdown/MkDocs-specific
ones, each a string that must reach a reader as the literal text it is.
:func:`hostile_report` places them in a raw report: header (issuer line,
subject), headings, body paragraphs, footnote definitions, signer name,
recipients, plus block-level tricks (front-matter fence, snippet includes,
``[TOC]``, admonitions, attribute lists) on lines of their own.

:func:`mixed_raw` lays out a raw/ folder with the samples, the hostile report
and broken files (empty, fake PDF) and a TCVN3-encoded copy of a sample;
:func:`mixed_build` builds it once per process (``mkdocs build``, not strict)
so the hostile, robustness and browser tests share one build.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted((REPO / "raw").glob("*/*.txt"))

#: Vectors placed in body paragraphs, three per paragraph (text as it must be shown).
VECTORS = [
    "<script>alert('xss-1')</script>",
    "<img src=x onerror=alert('xss-2')>",
    "<svg onload=alert('xss-3')>",
    "<a href=\"javascript:alert('xss-4')\">bấm</a>",
    "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoNSk+\">",
    "<iframe src=\"javascript:alert('xss-6')\"></iframe>",
    "<style>body{display:none}</style>",
    "<object data=\"data:text/html,<script>alert(7)</script>\"></object>",
    "<embed src=\"javascript:alert(8)\">",
    "&lt;script&gt;alert('xss-9')&lt;/script&gt;",
    "&#x3C;script&#x3E;alert(10)&#x3C;/script&#x3E;",
    "&#60;img src=x onerror=alert(11)&#62;",
    "<IMG SRC=JaVaScRiPt:alert('xss-12')>",
    "<body onload=alert('xss-13')>",
    "<div style=\"background:url(javascript:alert(14))\">",
    "\"><script>alert(15)</script>",
    "<a href=\"jav&#x09;ascript:alert(16)\">x</a>",
    "[bấm vào](javascript:alert(17))",
    "![ảnh](data:image/png;base64,iVBORw0KGgo=)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxOCk8L3NjcmlwdD4=)",
    "<http://evil.example/xss-19>",
    "<javascript:alert(20)>",
    "[ref]: javascript:alert(21)",
    "{: onclick=\"alert(22)\" }",
    "--8<-- \"/etc/passwd\"",
    "[TOC]",
    "{{ config }}",
    "{% include 'base.html' %}",
    "!!! note \"xss-23\"",
    "`<script>alert(24)</script>`",
    "<!-- comment xss-25 -->",
    "<![CDATA[xss-26]]>",
    "<sup onclick=alert(27)>1</sup>",
    "<math><mi xlink:href=\"javascript:alert(28)\">x</mi></math>",
    "<details open ontoggle=alert(29)>",
    "<form action=\"javascript:alert(30)\"><input type=submit>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(31)\">",
    "<link rel=import href=\"data:text/html,<script>alert(32)</script>\">",
    "<base href=\"javascript:alert(33)//\">",
    "[[x]](javascript:alert(34)) [y] [y]: data:text/html,xss",
    "*<script>*alert(35)*</script>*",
    "<scr<script>ipt>alert(36)</scr</script>ipt>",
]

#: Vectors put in the header, headings, footnotes, signers, recipients: ``{place: text}``.
PLACED = {
    "subject": "<img src=x onerror=alert('subject')> {{ config }} [x](javascript:alert('subject'))",
    # Capitals: a header line with lower-case words is not read as an issuer (the casing step
    # then lower-cases it, which makes the vector live again: <script>alert('issuer')</script>).
    "issuer": "<SCRIPT>ALERT('ISSUER')</SCRIPT>",
    "heading-1": "<script>alert('heading-1')</script>",
    "heading-attr": "{: onclick=\"alert('heading-attr')\" }",
    "heading-2": "[TOC] <svg onload=alert('heading-2')>",
    "heading-3": "<script>alert('heading-3')</script>",
    "para-attr": "{: onclick=\"alert('para-attr')\" }",
    "footnote": "<script>alert('footnote')</script> [y](javascript:alert('fn')) <img src=x onerror=alert('fn-img')>",
    "signer-title": "<SCRIPT>ALERT('SIGNER-TITLE')</SCRIPT>",
    # A name line with markup is not read as a signer's name (it stays in the body).
    "signer": "<script>alert('signer')</script>",
    "recipient": "<img src=x onerror=alert('recipient')>",
    "recipient-link": "[Văn phòng](javascript:alert('recipient-link'))",
    "include": "{% include 'main.html' %} {{ config.extra }}",
    "bidi": "\u202eTU-xss-bidi\u202c",
}

#: Text the snippet lines would pull in if ``--8<--`` were live (first line of /etc/passwd).
FORBIDDEN_TEXT = ("root:x:0:0", "/bin/bash", "/usr/sbin/nologin")


def hostile_report() -> str:
    """A raw report (UTF-8 text, kien-giang style export) carrying every vector.

    The header is a complete one (issuers, number, date, type line, subject)
    so the subject vector goes to the front matter ``title``; a second copy
    of the issuer line carries a vector in a line the header may or may not
    read as an issuer.
    """
    p = PLACED
    lines = [
        "TỈNH ỦY KIÊN GIANG",
        f"BAN DÂN VẬN TỈNH ỦY {p['issuer']}",
        "",
        "**ĐẢNG CỘNG SẢN VIỆT NAM**",
        "Rạch Giá, ngày 10 tháng 5 năm 2018",
        "",
        "Số 999-BC/BDV",
        "",
        "**BÁO CÁO**",
        "",
        f"sơ kết công tác dân vận {p['subject']}",
        "",
        "Thực hiện chương trình công tác năm 2017, Ban Dân vận Tỉnh ủy báo cáo như sau:",
        "",
        f"**I. {p['heading-1']} TÌNH HÌNH {p['heading-attr']}**",
        "",
        f"**1- Tình hình {p['heading-2']} chung**",
        "",
        f"## II. {p['heading-3']} KẾT QUẢ",
        "",
        "Đoạn văn có chú thích<sup>1</sup> và thuộc tính.",
        p["para-attr"],
        "",
    ]
    for i in range(0, len(VECTORS), 3):
        lines += [f"Nội dung công tác dân vận đoạn {i // 3 + 1}: {' '.join(VECTORS[i:i + 3])} cuối đoạn.", ""]
    lines += [
        "---",
        "title: x",
        "template: evil.html",
        "---",
        "",
        '--8<-- "/etc/passwd"',
        "",
        "--8<--",
        "/etc/passwd",
        "--8<--",
        "",
        ";--8<-- \"/etc/hostname\"",
        "",
        "[TOC]",
        "",
        p["include"],
        "",
        '!!! note "xss-admonition"',
        "    nội dung admonition",
        "",
        '=== "Tab xss"',
        "    nội dung tab",
        "",
        "```html",
        "<script>alert('fence')</script>",
        "```",
        "",
        "    <script>alert('indented')</script>",
        "",
        "| a | <script>alert('table')</script> |",
        "|---|---|",
        "",
        f"{p['bidi']} văn bản",
        "",
        f"Người ký thay: Trần {p['signer']} Bình.",
        "",
        f"<sup>1</sup> Chú thích {p['footnote']}.",
        "",
        "**BAN DÂN VẬN TỈNH ỦY**",
        "",
        f"**TRƯỞNG BAN {p['signer-title']}**",
        "",
        "",
        "",
        "**Nguyễn Văn An**",
        "",
        "**Nơi nhận:**",
        "",
        f"- Ban Dân vận TW {p['recipient']},",
        f"- {p['recipient-link']},",
        "- Lưu.",
        "",
    ]
    return "\n".join(lines)


def visible_forms(vector: str) -> list[str]:
    """Pieces of ``vector`` that must be visible, as a reader sees the text.

    The converter may join lines and normalize spaces, drop bidi controls
    (format characters, not text) and read ``*...*`` as the emphasis of a
    Word export, so the vector is compared with its whitespace collapsed,
    U+202A-U+202E, U+2066-U+2069 removed, and an ``*``-wrapped vector in
    pieces.
    """
    import re

    text = re.sub(r"[\u202a-\u202e\u2066-\u2069]", "", vector)
    if re.fullmatch(r"\*.*\*", text):
        # Asterisk pairs are the emphasis of Word exports (raw-artifacts.md): shown as emphasis.
        return [re.sub(r"\s+", " ", part).strip() for part in text.split("*") if part.strip()]
    return [re.sub(r"\s+", " ", text).strip()]


def encodable(char: str, encoding: str) -> bool:
    """True when ``decode.encode_legacy`` can write ``char`` in ``encoding``."""
    from converters.read.decode import encode_legacy

    try:
        encode_legacy(char, encoding)
    except ValueError:
        return False
    return True


#: The TCVN3 copy's raw name, and the sample it is made from.
TCVN3_NAME = "legacy/tcvn3-copy.txt"
TCVN3_FROM = 2
TCVN3_NUMBER = "9415-KH"
#: Broken files: raw name -> (bytes, word the failure reason must contain).
BROKEN = {
    "broken/empty.txt": (b" \r\n\t\r\n", "rỗng"),
    "broken/scan.txt": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n" + bytes(range(256)) * 8, "PDF"),
}
HOSTILE_NAME = "hostile/hostile.txt"

#: A headerless sample whose metadata comes from a sidecar of hostile values the schema
#: allows (issue [0/6] 1-2): shown on the report page, home, browse, search, feed.
SIDECAR_NAME = "hostile/sidecar.txt"
SIDECAR_FROM = 0
SIDECAR_VALUES = {
    "title": "<img src=x onerror=alert('sc-title')> [x](javascript:alert('sc-title'))",
    "doc_type": "<script>alert('sc-type')</script>",
    "number": "<svg/onload=alert('sc-number')>",
    "date": "2019-09-09",
    "place": "<img src=x onerror=alert('sc-place')>",
    "province": "<script>alert('sc-province')</script>",
    "issuers": ["<img src=x onerror=alert('sc-issuer')>"],
    "signers": [{"role": "<b onmouseover=alert('sc-role')>", "title": "`x` *y*", "name": "<script>alert('sc-name')</script>"}],
    "recipients": ["<img src=x onerror=alert('sc-recipient')>"],
    "received": {"office": "<script>alert('sc-office')</script>", "number": "<i>1</i>", "date": "2019-09-10"},
    "addressees": ["<img src=x onerror=alert('sc-addressee')>"],
}
#: Sidecars the reader refuses (the file fails, named on the editors' page): raw name -> sidecar text.
REFUSED_SIDECARS = {
    "hostile/description.txt": "description: '\"><script>alert(1)</script>'\n",
    "hostile/author.txt": "author: '\"><script>alert(3)</script>'\n",
    "hostile/revision-date.txt": "revision_date: '<script>alert(4)</script>'\n",
    "hostile/redirect.txt": "template: redirect.html\nlocation: javascript:alert(5)\n",
    "hostile/template-404.txt": "template: 404.html\n",
    "hostile/template-passwd.txt": "template: /etc/passwd\n",
    "hostile/date.txt": "date: '<img src=x onerror=\"alert(2)\">'\n",
    "hostile/issuers.txt": "issuers: 5\n",
}
#: Raw files whose names are vectors (issue [0/6] 3): name -> bytes (empty: fails; text: a report with a warning).
HOSTILE_FILES = {
    "names/f`<img src=x onerror=\"alert('x')\">`.txt": b"",
    "names/[du thao] `<img src=x onerror=alert('name')>` *b* [/red].txt": (
        "BÁO CÁO\n\nthử tên tệp lạ\n\nNội dung báo cáo có chú thích<sup>7</sup> mà không có định nghĩa.\n"
    ).encode("utf-8"),
}


def mixed_raw(dest: Path) -> Path:
    """Write a raw/ folder at ``dest``: the samples, a TCVN3 copy, the broken files, the hostile report,
    the hostile sidecars (:data:`SIDECAR_VALUES`, :data:`REFUSED_SIDECARS`) and file names (:data:`HOSTILE_FILES`)."""
    from converters.read.decode import encode_legacy

    for sample in SAMPLES:
        target = dest / sample.relative_to(REPO / "raw")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(sample, target)
    # A different number, so the copy is a report of its own (not a page-path collision).
    text = SAMPLES[TCVN3_FROM].read_text("utf-8").replace("Số 415-KH/", f"Số {TCVN3_NUMBER}/", 1)
    legacy = "".join(c for c in text if encodable(c, "tcvn3"))
    (dest / TCVN3_NAME).parent.mkdir(parents=True, exist_ok=True)
    (dest / TCVN3_NAME).write_bytes(encode_legacy(legacy, "tcvn3"))
    for name, (data, _reason) in BROKEN.items():
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        (dest / name).write_bytes(data)
    (dest / HOSTILE_NAME).parent.mkdir(parents=True, exist_ok=True)
    (dest / HOSTILE_NAME).write_text(hostile_report(), "utf-8")
    import yaml

    shutil.copy(SAMPLES[SIDECAR_FROM], dest / SIDECAR_NAME)
    (dest / SIDECAR_NAME).with_suffix(".meta.yml").write_text(
        yaml.safe_dump(SIDECAR_VALUES, allow_unicode=True), "utf-8")
    for name, text in REFUSED_SIDECARS.items():
        shutil.copy(SAMPLES[3], dest / name)
        (dest / name).with_suffix(".meta.yml").write_text(text, "utf-8")
    for name, data in HOSTILE_FILES.items():
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        (dest / name).write_bytes(data)
    return dest


@dataclass
class Build:
    """A built copy of the project: ``root``, ``docs`` (generated pages), ``site`` (HTML), exit code, log."""

    root: Path
    docs: Path
    site: Path
    returncode: int
    log: str


def build_project(work: Path, raw: Path, strict: bool) -> Build:
    """Copy mkdocs.yml, overrides/, hand-written docs/ into ``work`` with ``raw``; run ``mkdocs build``.

    Same layout as ``conftest.build_copy`` but with the choice of ``--strict``
    (the robustness test needs the non-strict build to succeed).
    """
    from converters.site import generate as site_mod

    shutil.copy(REPO / "mkdocs.yml", work / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", work / "overrides")
    if raw != work / "raw":
        shutil.copytree(raw, work / "raw")
    generated = set(site_mod.GENERATED_DIRS) | set(site_mod.GENERATED_FILES)
    shutil.copytree(
        REPO / "docs",
        work / "docs",
        ignore=lambda d, names: [n for n in names if Path(d) == REPO / "docs" and n in generated],
    )
    (work / "converters").symlink_to(REPO / "converters", target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if k != site_mod.FRESH_ENV}
    env["NO_MKDOCS_2_WARNING"] = "1"
    cmd = [sys.executable, "-m", "mkdocs", "build", "-d", str(work / "site")]
    if strict:
        cmd.append("--strict")
    proc = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True)
    return Build(work, work / "docs", work / "site", proc.returncode, proc.stdout + proc.stderr)


def _tempdir(prefix: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, path, True)
    return path


@functools.cache
def mixed_build() -> Build:
    """The mixed raw folder built once per process with plain ``mkdocs build`` (not strict)."""
    work = _tempdir("baocao-hostile-")
    mixed_raw(work / "raw")
    return build_project(work, work / "raw", strict=False)
