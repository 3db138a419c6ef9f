"""The site engines that build ``docs/`` into HTML: MkDocs, ProperDocs, Zensical.

Our work does not depend on which one runs: ``baocao build`` generates
``docs/`` first (:mod:`converters.site.generate`), runs the engine as a
subprocess (this module), then post-processes the built site
(:mod:`converters.site.postbuild`).  All three read the same ``mkdocs.yml``:

- ``mkdocs``: MkDocs 1.6 with Material for MkDocs (Material's end of life is
  announced for May 2027);
- ``properdocs``: the maintained drop-in fork of MkDocs 1.x (same config, hooks,
  Material theme);
- ``zensical``: Material's successor; runs no MkDocs hooks and has no ``-d``
  option (a site directory other than ``site_dir`` is given through a
  temporary copy of the config beside the original).

Nothing here imports an engine: each is found on ``PATH`` or as a module.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile

from converters.errors import InputError

#: engine name -> (Python module run with ``-m``, console script, pip package)
ENGINES: dict[str, tuple[str, str, str]] = {
    "mkdocs": ("mkdocs", "mkdocs", "mkdocs"),
    "properdocs": ("properdocs", "properdocs", "properdocs"),
    "zensical": ("zensical", "zensical", "zensical"),
}

#: The default engine (README, "Site engines": measured side by side in benchmarks/bench.py).
DEFAULT_ENGINE = "mkdocs"


def available(engine: str) -> bool:
    """True when ``engine`` (a key of :data:`ENGINES`) can be run here."""
    module, script, _ = ENGINES[engine]
    return importlib.util.find_spec(module) is not None or shutil.which(script) is not None


def command(engine: str, config_file: str, *, strict: bool = False, site_dir: str | None = None) -> list[str]:
    """The argv that builds ``config_file`` with ``engine`` (``site_dir``: ignored for zensical, see :func:`build`).

    Raises ``KeyError`` for an unknown engine name.
    """
    module, script, _ = ENGINES[engine]
    if importlib.util.find_spec(module) is not None:
        argv = [sys.executable, "-m", module, "build", "-f", config_file]
    else:
        argv = [shutil.which(script) or script, "build", "-f", config_file]
    if strict:
        argv.append("--strict")
    if site_dir and engine != "zensical":
        argv += ["-d", site_dir]
    return argv


def build(engine: str, root: str, *, strict: bool = False, site_dir: str | None = None,
          env: dict[str, str] | None = None) -> int:
    """Run ``engine`` on ``<root>/mkdocs.yml``; returns its exit code.

    ``site_dir`` (absolute) overrides the config's ``site_dir``.  Raises
    :class:`InputError` (message for staff, in Vietnamese) when the engine is
    not installed.
    """
    if engine not in ENGINES:
        raise InputError("mkdocs.yml", f"không có công cụ dựng trang tên {engine!r}",
                         f"chọn một trong: {', '.join(ENGINES)}")
    if not available(engine):
        raise InputError("mkdocs.yml", f"chưa cài {engine}",
                         f"cài bằng: pip install {ENGINES[engine][2]}  (hoặc pip install -e '.[engines]')")
    config_file = os.path.join(root, "mkdocs.yml")
    if engine != "zensical" or not site_dir:
        return subprocess.call(command(engine, config_file, strict=strict, site_dir=site_dir), cwd=root, env=env)
    # Zensical takes the site directory from the config only, and only inside the project.
    inside = os.path.commonpath([os.path.abspath(root), os.path.abspath(site_dir)]) == os.path.abspath(root)
    build_dir = site_dir if inside else tempfile.mkdtemp(prefix=".baocao-site-", dir=root)
    tmp_config = _config_with_site_dir(config_file, build_dir)
    try:
        code = subprocess.call(command(engine, tmp_config, strict=strict), cwd=root, env=env)
        if code == 0 and not inside:
            if os.path.isdir(site_dir):
                shutil.rmtree(site_dir)
            shutil.move(build_dir, site_dir)
        return code
    finally:
        os.unlink(tmp_config)
        if not inside and os.path.isdir(build_dir):
            shutil.rmtree(build_dir)


def _config_with_site_dir(config_file: str, site_dir: str) -> str:
    """A copy of ``config_file`` beside it (same relative paths) whose ``site_dir`` is ``site_dir``.

    The copy is textual (the config has Python tags that a YAML round trip
    would lose): a top-level ``site_dir:`` line is replaced, or one appended.
    """
    with open(config_file, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    line = f"site_dir: {_yaml_str(site_dir)}"
    for i, text in enumerate(lines):
        if text.startswith("site_dir:"):
            lines[i] = line
            break
    else:
        lines.append(line)
    fd, path = tempfile.mkstemp(prefix=".baocao-engine-", suffix=".yml", dir=os.path.dirname(config_file))
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    return path


def _yaml_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
