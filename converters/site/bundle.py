"""Build the offline site and pack it into ``dist/<site>-offline-<date>.zip`` (``baocao bundle``).

The offline site is the normal site built with ``--no-directory-urls`` (pages
are ``a/b.html``, not ``a/b/``, so links work from ``file://``), by MkDocs in a
subprocess (this package never imports MkDocs).  The MkDocs hook regenerates
``docs/`` from ``raw/`` and writes the search index, whose files are plain
``<script>`` s and so load from ``file://`` too.  Material's ``offline``
plugin is not used: it adds a script from the internet (``iframe-worker``)
that only its own search needs.

Before packing, every page and stylesheet is checked for resources
outside the bundle (``http(s)://`` in ``src``, stylesheet links, CSS
``url()``/``@import``): a bundle for offices without internet must not need
any.  The zip holds one folder, ``<site>-offline-<date>/``, with
``index.html`` at its top; it is written to a temporary file and renamed, so
``dist/`` never holds half a zip.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import subprocess
import sys
import tempfile
import zipfile

from converters.lexicon.slugs import slugify


#: References that would make the browser leave the machine (checked before packing).
_EXTERNAL = [
    re.compile(r"""<script\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?//[^"'\s>]+""", re.I),
    re.compile(r"""<link\b(?=[^>]*\brel\s*=\s*["']?(?:stylesheet|preload|modulepreload|icon|manifest))[^>]*\bhref\s*=\s*["']?(?:https?:)?//[^"'\s>]+""", re.I),
    re.compile(r"""<(?:img|iframe|source|video|audio|embed)\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?//[^"'\s>]+""", re.I),
    re.compile(r"""@import\s+(?:url\()?\s*["']?(?:https?:)?//[^"')\s]+""", re.I),
    re.compile(r"""url\(\s*["']?(?:https?:)?//[^"')\s]+""", re.I),
]


def site_name(config_file: str) -> str:
    """``site_name`` of an MkDocs configuration, read as text (it may hold ``!!python`` tags).

    Raises ``ValueError`` when the file has no ``site_name``.
    """
    with open(config_file, encoding="utf-8") as fh:
        for line in fh:
            m = re.match(r"site_name:\s*(.+?)\s*$", line)
            if m:
                return m.group(1).strip("'\"")
    raise ValueError(f"{config_file}: no site_name")


def external_references(site_dir: str) -> list[str]:
    """``["<file>: <reference>", ...]`` for every resource of the site outside it.

    Scans ``*.html`` and ``*.css`` (what the browser loads by itself; the
    scripts' own requests are caught by the browser tests, which fail on any
    request leaving the machine).  Plain ``<a href>`` links to other sites are
    allowed: they are only followed when the reader clicks.
    """
    found = []
    for root, _, files in os.walk(site_dir):
        for name in sorted(files):
            if not name.endswith((".html", ".css")):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8", errors="replace") as fh:
                text = fh.read()
            for pattern in _EXTERNAL:
                for m in pattern.finditer(text):
                    found.append(f"{os.path.relpath(path, site_dir)}: {m.group(0)[:120]}")
    return found


#: Theme files no offline page loads (issue [0/6] 12): Material's search worker and its lunr
#: languages (our search, ``docs/assets/search/``, replaces it; the theme's search element is
#: not in our header, so its bundle never starts the worker).  964 + 256 KB.
UNUSED = ("assets/javascripts/lunr", "assets/javascripts/workers")


def prune_unused(site_dir: str) -> list[str]:
    """Delete :data:`UNUSED` from ``site_dir``; returns the site-relative paths deleted."""
    import shutil

    removed = []
    for rel in UNUSED:
        path = os.path.join(site_dir, *rel.split("/"))
        if os.path.isdir(path):
            shutil.rmtree(path)
            removed.append(rel)
    return removed


def relativize_root_page(site_dir: str, name: str = "404.html") -> bool:
    """Make the site-absolute URLs of root page ``name`` relative (``/assets/x`` -> ``./assets/x``).

    MkDocs writes ``404.html`` with root-absolute URLs (a web server serves
    it for any missing path); from ``file://`` they point at the root of the
    disk and the page loads without its styles and scripts.  The prefix is
    the site's base path (``/`` or ``site_url``'s path), read from the
    theme's stylesheet link.  Returns False when there is no such page.
    """
    path = os.path.join(site_dir, name)
    if not os.path.isfile(path):
        return False
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    m = re.search(r"""href="(/[^"]*?)assets/stylesheets/main\.""", text)
    base = m.group(1) if m else "/"
    text = re.sub(r'(\s[\w:-]+=")' + re.escape(base) + r'(?!/)', r"\1./", text)
    text = text.replace(f'new URL("{base}",location)', 'new URL(".",location)')
    text = text.replace(f'"base": "{base}"', '"base": "."')
    text = re.sub(r'("search": ")' + re.escape(base), r"\1./", text)
    from converters.site.fsutil import write_atomic

    write_atomic(path, text.encode("utf-8"))
    return True


def build_offline_site(config_file: str, site_dir: str) -> None:
    """Run ``mkdocs build --no-directory-urls`` into ``site_dir``, then make ``404.html``'s URLs
    relative and drop the unused theme files; raise ``RuntimeError`` on failure."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--no-directory-urls", "-f", config_file, "-d", site_dir]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"mkdocs build failed ({proc.returncode}):\n{proc.stdout[-4000:]}")
    relativize_root_page(site_dir)
    prune_unused(site_dir)


def pack(site_dir: str, zip_path: str, folder: str) -> int:
    """Zip ``site_dir`` as ``folder/...`` into ``zip_path`` atomically; return the number of files.

    Files are added in sorted order with a fixed timestamp, so the same site
    gives the same zip.
    """
    os.makedirs(os.path.dirname(os.path.abspath(zip_path)), exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(zip_path)), prefix=".tmp-", suffix=".zip")
    os.close(fd)
    count = 0
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for root, dirs, files in os.walk(site_dir):
                dirs.sort()
                for name in sorted(files):
                    path = os.path.join(root, name)
                    arc = folder + "/" + os.path.relpath(path, site_dir).replace(os.sep, "/")
                    info = zipfile.ZipInfo(arc, date_time=(2000, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = 0o644 << 16
                    with open(path, "rb") as fh:
                        zf.writestr(info, fh.read())
                    count += 1
        os.chmod(tmp, 0o644)  # mkstemp makes it 0600: the zip is for others to copy and open
        os.replace(tmp, zip_path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return count
