"""Metadata sidecars: ``<raw name>.meta.yml`` beside a raw file completes or corrects its front matter.

A sidecar is a YAML mapping of front matter keys (``page-format.md``), e.g.::

    # raw/khong-ro/bao-cao-tong-ket.meta.yml
    province: Kiên Giang
    date: 2020-12-15

Its values hold over whatever the converter read or inferred; the page says
nothing of the sidecar (the value simply is the page's).  ``source``,
``warnings`` and ``source_encoding`` describe the conversion itself and cannot
be set.  Extra keys are allowed, as in the front matter.

``read_sidecar`` is called by ``pipeline.run_file`` (overrides go to
``state.env["meta_overrides"]``); :func:`step` applies them to the state's
metadata and should run after the steps that fill ``meta`` and before render.
"""

from __future__ import annotations

import datetime as _dt
import os
from typing import Any

import yaml

from converters.errors import InputError

#: Keys a sidecar may not set: they describe the conversion, not the document.
PROTECTED_KEYS = frozenset({"source", "warnings", "source_encoding"})


def sidecar_path(path: str) -> str:
    """``raw/x/report.txt`` -> ``raw/x/report.meta.yml``."""
    return os.path.splitext(path)[0] + ".meta.yml"


def _plain(value: Any) -> Any:
    """YAML scalars as front matter wants them: dates as ISO text, numbers of documents as text."""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def read_sidecar(path: str, source: str) -> dict[str, Any]:
    """Front matter overrides from the sidecar of raw file ``path``; ``{}`` when there is none.

    ``source`` is the raw file's repository-relative name (for messages).
    Dates written unquoted (``date: 2018-05-10``) come back as ISO strings;
    ``number`` as a string.  Raises :class:`InputError` naming the sidecar
    when it is not valid YAML, not a mapping, or sets a protected key.
    """
    side = sidecar_path(path)
    if not os.path.exists(side):
        return {}
    name = os.path.splitext(source)[0] + ".meta.yml"
    try:
        with open(side, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(name, f"cannot read the sidecar: {exc}", "save it as UTF-8 text") from exc
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 1})" if where is not None else ""
        raise InputError(name, f"the sidecar is not valid YAML{line}", "write one `key: value` per line") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(name, "the sidecar is not a mapping of front matter keys", "write one `key: value` per line")
    bad = sorted(PROTECTED_KEYS & set(map(str, data)))
    if bad:
        raise InputError(name, f"the sidecar cannot set {', '.join(bad)}", "remove those keys")
    out = {str(k): _plain(v) for k, v in data.items()}
    if out.get("number") is not None:
        out["number"] = str(out["number"])
    return out


def apply_overrides(meta: dict[str, Any], overrides: dict[str, Any]) -> list[str]:
    """Set every key of ``overrides`` in ``meta`` (in place); returns the keys that changed.

    ``received`` given as a mapping completes the converter's stamp key by
    key (a sidecar can fix just the date); every other value replaces.
    """
    changed = []
    for key, value in overrides.items():
        if key in PROTECTED_KEYS:
            continue
        if key == "received" and isinstance(value, dict) and isinstance(meta.get("received"), dict):
            value = {**meta["received"], **value}
        if meta.get(key) != value:
            meta[key] = value
            changed.append(key)
    return changed


def step(state) -> None:
    """Pipeline step: apply ``state.env["meta_overrides"]`` (the sidecar) to ``state.meta``."""
    overrides = state.env.get("meta_overrides")
    if overrides:
        apply_overrides(state.meta, overrides)
