"""Bad input never breaks the build; same input, same bytes; interrupted writes leave no half file.

Issue [4/6] §2 and §4:

- one broken file among good ones: plain ``mkdocs build`` of the samples +
  an empty file + a fake PDF + a TCVN3 file + the hostile report succeeds,
  every good report has its page (the TCVN3 one with ``source_encoding:
  tcvn3``), the build log names each broken file and why; ``--strict`` fails;
- determinism: conversion in subprocesses with different ``PYTHONHASHSEED``
  gives the same bytes; two generations of docs/ (pages, catalog.json) and two
  whole site builds are byte-identical;
- atomic writes: with ``os.replace`` failing (an interruption between writing
  the temporary file and renaming it), the old file is intact and no
  temporary file remains — for ``fsutil.write_atomic``, ``site.generate``,
  ``baocao convert -o`` and ``bundle.pack``; and the CLI modules write files
  only through those.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from converters.site import bundle
from converters.site import fsutil
from converters.site import generate as site
from converters.__main__ import main
from converters.frontmatter import split_front_matter

from .hostile_corpus import (
    BROKEN,
    HOSTILE_NAME,
    REPO,
    SAMPLES,
    TCVN3_FROM,
    TCVN3_NAME,
    TCVN3_NUMBER,
    build_project,
    mixed_build,
    mixed_raw,
)


def report_pages(docs: Path) -> dict[str, tuple[Path, dict]]:
    """``{source: (page .md, front matter)}`` of the generated report pages."""
    out = {}
    for md in sorted((docs / "bao-cao").rglob("*.md")):
        meta, _ = split_front_matter(md.read_text("utf-8"))
        out[meta["source"]] = (md, meta)
    return out


def tree(root: Path, suffixes: tuple[str, ...] | None = None) -> dict[str, bytes]:
    """``{relative path: bytes}`` of every file under ``root`` (optionally only these suffixes)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and (suffixes is None or p.suffix in suffixes)
    }


def temp_files(root: Path) -> list[str]:
    """Leftover temporary files of ``write_atomic``/``pack`` (``.tmp-*``) under ``root``."""
    return [p.as_posix() for p in root.rglob(".tmp-*")]


# ------------------------------------------------ one broken file among good ones


@pytest.fixture(scope="module")
def built():
    return mixed_build()


def test_plain_build_succeeds_with_broken_files_among_good_ones(built):
    assert built.returncode == 0, built.log[-3000:]
    pages = report_pages(built.docs)
    for sample in SAMPLES:
        source = sample.relative_to(REPO).as_posix()
        assert source in pages, source
        md, meta = pages[source]
        assert meta["source_encoding"] == "utf-8"
        html = built.site / md.relative_to(built.docs).with_suffix("") / "index.html"
        assert html.is_file(), html
    assert "raw/" + HOSTILE_NAME in pages
    for name in BROKEN:
        assert "raw/" + name not in pages


def test_legacy_encoded_report_is_built_and_says_its_encoding(built):
    pages = report_pages(built.docs)
    md, meta = pages["raw/" + TCVN3_NAME]
    assert meta["source_encoding"] == "tcvn3"
    assert meta["number"].startswith(TCVN3_NUMBER)
    _, original = pages[SAMPLES[TCVN3_FROM].relative_to(REPO).as_posix()]
    assert meta["title"] == original["title"] and meta["doc_type"] == original["doc_type"]
    assert (built.site / md.relative_to(built.docs).with_suffix("") / "index.html").is_file()


def test_build_log_names_each_broken_file_and_reason(built):
    for name, (_data, reason) in BROKEN.items():
        lines = [line for line in built.log.splitlines() if f"raw/{name}" in line]
        assert lines, f"raw/{name} not in the build log"
        assert any(line.startswith("WARNING") and "conversion failed" in line and reason in line for line in lines), lines


def test_strict_build_fails_on_a_broken_file(tmp_path):
    raw = tmp_path / "raw"
    (raw / "good").mkdir(parents=True)
    shutil.copy(SAMPLES[0], raw / "good" / SAMPLES[0].name)
    (raw / "broken").mkdir()
    (raw / "broken" / "empty.txt").write_bytes(b"")
    result = build_project(tmp_path, raw, strict=True)
    assert result.returncode != 0
    assert "raw/broken/empty.txt: conversion failed" in result.log
    assert "Aborted" in result.log and "strict" in result.log


# -------------------------------------------------------------- determinism

CONVERT = """
import json, sys
from converters import convert_file
from converters.errors import InputError
out = {}
for path in sys.argv[2:]:
    try:
        page = convert_file(path, sys.argv[1])
        out[path] = [page.markdown, page.warnings]
    except InputError as exc:
        out[path] = "InputError: " + str(exc)
sys.stdout.write(json.dumps(out, ensure_ascii=False))
"""

GENERATE = "import sys\nfrom converters.site import generate as site\nsite.generate(sys.argv[1], docs_dir=sys.argv[2])\n"


def run_python(code: str, args: list[str], hash_seed: str, cwd: Path) -> bytes:
    env = {k: v for k, v in os.environ.items() if k != site.FRESH_ENV}
    env["PYTHONHASHSEED"] = hash_seed
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env, capture_output=True, check=False)
    assert proc.returncode == 0, proc.stderr.decode()[-3000:]
    return proc.stdout


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A project root with the mixed raw/ folder and mkdocs.yml (for the glossary)."""
    root = tmp_path_factory.mktemp("determinism")
    mixed_raw(root / "raw")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def test_conversion_is_byte_identical_under_any_hash_seed(corpus):
    files = [p.relative_to(corpus).as_posix() for p in sorted((corpus / "raw").rglob("*.txt"))]
    outputs = {seed: run_python(CONVERT, [".", *files], seed, corpus) for seed in ("0", "1", "4242")}
    assert len(set(outputs.values())) == 1
    assert b"InputError" in outputs["0"] and b"source_encoding: tcvn3" in outputs["0"]  # the whole mix went through


def test_generated_docs_are_byte_identical_under_any_hash_seed(corpus, built):
    first, second = corpus / "docs-a", corpus / "docs-b"
    run_python(GENERATE, [".", str(first)], "0", corpus)
    run_python(GENERATE, [".", str(second)], "987654", corpus)
    a, b = tree(first), tree(second)
    assert "catalog.json" in a and any(k.startswith("bao-cao/") for k in a)
    assert a == b, sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
    # The MkDocs hook's generation (random hash seed, another directory) wrote the same files.
    generated = {
        k: v for k, v in tree(built.docs).items() if k in site.GENERATED_FILES or k.split("/")[0] in site.GENERATED_DIRS
    }
    assert generated == a, sorted(k for k in a.keys() | generated.keys() if a.get(k) != generated.get(k))


@pytest.mark.slow
def test_two_site_builds_are_byte_identical(built, tmp_path):
    again = build_project(tmp_path, built.root / "raw", strict=False)
    assert again.returncode == 0, again.log[-3000:]
    # sitemap.xml.gz holds the gzip time; everything a reader or the search loads is compared.
    suffixes = (".html", ".json", ".js", ".css", ".xml", ".md")
    a, b = tree(built.site, suffixes), tree(again.site, suffixes)
    assert len(a) > 50
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []


# ------------------------------------------------------------ atomic writes


def interrupt_replace(monkeypatch, after: int = 0, within: Path | None = None) -> list[str]:
    """Make ``os.replace`` fail from its ``after``-th call on (an interrupted run); returns the calls made.

    With ``within``, only renames into that folder count (the page cache's state files go through)."""
    calls: list[str] = []
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        if within is not None and not str(dst).startswith(str(within) + os.sep):
            return real(src, dst, *args, **kwargs)
        calls.append(str(dst))
        if len(calls) > after:
            raise KeyboardInterrupt("interrupted before the rename")
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    return calls


def test_write_atomic_interrupted_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "page.md"
    target.write_text("old page\n", "utf-8")
    interrupt_replace(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        fsutil.write_atomic(str(target), "new page " * 100_000)
    assert target.read_text("utf-8") == "old page\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.md"]


def test_write_atomic_failing_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "catalog.json"
    target.write_text("{}\n", "utf-8")
    real_fdopen = os.fdopen

    class DiskFull:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, data):
            self.fh.write(data[: len(data) // 2])
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda fd, mode="r", *a, **k: DiskFull(real_fdopen(fd, mode, *a, **k)))
    with pytest.raises(OSError):
        fsutil.write_atomic(str(target), '{"reports": []}\n')
    assert target.read_text("utf-8") == "{}\n"
    assert temp_files(tmp_path) == []


def test_generate_interrupted_leaves_old_or_new_files_only(corpus, tmp_path, monkeypatch):
    root = tmp_path / "project"
    shutil.copytree(corpus / "raw", root / "raw")
    shutil.copy(corpus / "mkdocs.yml", root / "mkdocs.yml")
    docs = root / "docs"
    site.generate(str(root), docs_dir=str(docs))
    old = tree(docs)
    # A changed report and a new one: the next run rewrites pages, catalog and browse pages.
    hostile = root / "raw" / HOSTILE_NAME
    hostile.write_text(hostile.read_text("utf-8") + "\n\nĐoạn thêm <b>mới</b>.\n", "utf-8")
    # A new report (another number: a second file of one document is refused, issue 15 item 7).
    (root / "raw" / "hostile" / "copy.txt").write_text(
        SAMPLES[1].read_text("utf-8").replace("Số 111-BC/", "Số 112-BC/", 1), "utf-8")
    calls = interrupt_replace(monkeypatch, after=3, within=docs)
    with pytest.raises(KeyboardInterrupt):
        site.generate(str(root), docs_dir=str(docs))
    assert len(calls) == 4
    monkeypatch.undo()
    new_docs = tmp_path / "new-docs"
    site.generate(str(root), docs_dir=str(new_docs))
    new = tree(new_docs)
    now = tree(docs)
    assert temp_files(docs) == []
    changed = 0
    for path, data in now.items():
        assert data in (old.get(path), new.get(path)), f"{path} is neither the old nor the new file"
        changed += data != old.get(path)
    assert changed == 3  # the three renames that went through; every other file is the old one


def test_convert_output_interrupted_keeps_the_old_page(tmp_path, monkeypatch):
    out = tmp_path / "page.md"
    out.write_text("old page\n", "utf-8")
    interrupt_replace(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        main(["convert", str(SAMPLES[0]), "-o", str(out)])
    assert out.read_text("utf-8") == "old page\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.md"]


def test_bundle_zip_interrupted_keeps_the_old_zip(tmp_path, monkeypatch):
    site_dir = tmp_path / "site"
    (site_dir / "a").mkdir(parents=True)
    (site_dir / "index.html").write_text("<p>x</p>", "utf-8")
    (site_dir / "a" / "b.html").write_text("<p>y</p>", "utf-8")
    dist = tmp_path / "dist"
    dist.mkdir()
    zip_path = dist / "site-offline.zip"
    zip_path.write_bytes(b"old zip")
    interrupt_replace(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        bundle.pack(str(site_dir), str(zip_path), "site-offline")
    assert zip_path.read_bytes() == b"old zip"
    assert sorted(p.name for p in dist.iterdir()) == ["site-offline.zip"]


#: Modules of the CLI that write files: each must write through fsutil (or, bundle.pack, its own temp + rename).
WRITERS = ["site/generate.py", "site/bundle.py", "cli/build.py", "cli/bundle.py", "cli/convert.py", "cli/add.py", "cli/check.py"]


@pytest.mark.parametrize("module", WRITERS)
def test_cli_modules_write_files_only_atomically(module):
    path = REPO / "converters" / module
    assert path.exists(), f"converters/{module} moved: update WRITERS"
    tree_ = ast.parse(path.read_text("utf-8"))
    direct = []
    for node in ast.walk(tree_):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in ("write_text", "write_bytes", "copyfile", "copy", "copy2", "move"):
            direct.append(f"line {node.lineno}: {name}()")
        if name == "open":
            modes = [a.value for a in node.args[1:2] if isinstance(a, ast.Constant)]
            modes += [k.value.value for k in node.keywords if k.arg == "mode" and isinstance(k.value, ast.Constant)]
            if any(re.search("[wax+]", str(m)) for m in modes):
                direct.append(f"line {node.lineno}: open(..., {modes[0]!r})")
        if name == "ZipFile" and module == "site/bundle.py":
            continue  # pack() writes the zip to a temporary name and renames it (tested above)
    assert direct == [], f"{module} writes files directly: {direct}"
