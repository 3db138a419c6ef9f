"""Metadata sidecars: ``<raw name>.meta.yml`` beside a raw file completes or corrects its front matter.

A sidecar is a YAML mapping of front matter keys (``page-format.md``), e.g.::

    # raw/khong-ro/bao-cao-tong-ket.meta.yml
    province: Kiên Giang
    date: 2020-12-15

Its values hold over whatever the converter read or inferred; the page says
nothing of the sidecar (the value simply is the page's).

A sidecar is input from anyone who can commit to ``raw/``, so (issue [0/6] 1):

- only the keys of :data:`SIDECAR_KEYS` may be set: the document's own
  metadata of ``page-format.md`` (``title`` ... ``addressees``).  ``source``,
  ``warnings``, ``source_encoding``, ``source_format``, ``ocr`` and ``cites`` describe the conversion;
  every other key is refused, above all the theme's template keys
  (``template``, ``description``, ``author``, ``location``, ``hide``,
  ``revision_date``, ``tags``...), which Material prints unescaped or obeys;
- each value is validated against its property in
  ``converters/schema/page.schema.json`` when the sidecar is read;
- the file is read as a regular file of at most :data:`MAX_SIDECAR_BYTES`,
  and YAML anchors and aliases are refused (an alias bomb of 253 bytes
  expands to gigabytes).

Every refusal is an :class:`~converters.errors.InputError` naming the
sidecar and the key, in Vietnamese (office staff write sidecars).

``read_sidecar`` is called by ``pipeline.run_file`` (overrides go to
``state.env["meta_overrides"]``); :func:`step` applies them to the state's
metadata and should run after the steps that fill ``meta`` and before render.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import os
from importlib import resources
from typing import Any

import yaml

from converters.errors import InputError

#: Keys a sidecar may not set: they describe the conversion, not the document.
PROTECTED_KEYS = frozenset({"source", "warnings", "source_encoding", "source_format", "ocr", "cites"})

#: The only keys a sidecar may set (``page-format.md``, front matter table; the staff guide
#: ``docs/huong-dan/tep-bo-sung.md`` documents them), with what a value must be (Vietnamese).
SIDECAR_KEYS: dict[str, str] = {
    "title": "một dòng chữ (trích yếu), không xuống dòng",
    "doc_type": "tên loại văn bản, ví dụ «Báo cáo»",
    "number": "số và ký hiệu viết liền, ví dụ «111-BC/TU»",
    "date": "ngày dạng năm-tháng-ngày, ví dụ 2018-05-10",
    "place": "tên địa danh, ví dụ «Rạch Giá»",
    "province": "tên tỉnh, ví dụ «Kiên Giang»",
    "province_now": "tên tỉnh, thành phố hiện nay mà tỉnh cũ đã nhập vào (từ 01/7/2025), ví dụ «An Giang»",
    "issuers": "danh sách cơ quan ban hành, mỗi dòng «  - tên cơ quan»",
    "signers": "danh sách người ký, mỗi người có role, title, name",
    "recipients": "danh sách nơi nhận, mỗi dòng «  - nơi nhận» (không gạch đầu, không dấu phẩy cuối)",
    "received": "dấu đến: {office: ..., number: ..., date: năm-tháng-ngày}",
    "addressees": "danh sách nơi được kính gửi, mỗi dòng «  - tên»",
}

#: Largest sidecar read (bytes): a sidecar is a few lines.
MAX_SIDECAR_BYTES = 64 * 1024

_GUIDE = "xem Hướng dẫn › Tệp bổ sung"


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases (``&a``/``*a``, hence ``<<: *a`` too)."""

    def compose_node(self, parent, index):  # noqa: D102 - PyYAML hook
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "alias (*) is not allowed", event.start_mark)
        event = self.peek_event()
        if getattr(event, "anchor", None) is not None:
            raise yaml.composer.ComposerError(None, None, "anchor (&) is not allowed", event.start_mark)
        return super().compose_node(parent, index)


@functools.lru_cache(maxsize=1)
def _validators() -> dict[str, Any]:
    """``{key: jsonschema validator}`` for the sidecar keys, from ``page.schema.json``."""
    import jsonschema

    schema = json.loads(resources.files("converters").joinpath("schema/page.schema.json").read_text("utf-8"))
    props = schema["properties"]
    out = {}
    for key in SIDECAR_KEYS:
        sub = dict(props.get(key) or {"type": "array", "items": {"type": "string", "minLength": 1}})
        if key == "received":
            # A sidecar may correct one part of the stamp: the parts are optional, no others allowed.
            obj = next(o for o in sub["oneOf"] if o.get("type") == "object")
            sub = {"oneOf": [{"type": "null"}, {**obj, "required": [], "additionalProperties": False}]}
        out[key] = jsonschema.Draft202012Validator({"$schema": schema["$schema"], **sub})
    return out

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
    ``number`` as a string; a signer's missing ``role``/``title``/``name`` as
    None.  Raises :class:`InputError` naming the sidecar (Vietnamese reason)
    when it is not a regular file, over :data:`MAX_SIDECAR_BYTES`, not UTF-8,
    not valid YAML, uses anchors or aliases, is not a mapping, sets a key
    outside :data:`SIDECAR_KEYS`, or a value its schema refuses.
    """
    from converters.read.files import read_regular

    side = sidecar_path(path)
    name = os.path.splitext(source)[0] + ".meta.yml"
    if not os.path.lexists(side):
        return {}
    try:
        data_bytes = read_regular(side, name, limit=MAX_SIDECAR_BYTES)
    except FileNotFoundError:
        return {}
    try:
        text = data_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(name, "tệp bổ sung không phải chữ UTF-8", "lưu lại tệp dưới dạng UTF-8") from exc
    try:
        data = yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (dòng {where.line + 1})" if where is not None else ""
        problem = getattr(exc, "problem", "") or ""
        if "alias" in problem or "anchor" in problem:
            raise InputError(name, f"tệp bổ sung dùng tham chiếu YAML (& hoặc *){line}",
                             "viết thẳng từng giá trị, không dùng & và *") from exc
        raise InputError(name, f"tệp bổ sung viết sai cú pháp YAML{line}",
                         "viết mỗi dòng một mục «tên: giá trị»") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(name, "tệp bổ sung không phải danh sách các mục «tên: giá trị»",
                         "viết mỗi dòng một mục «tên: giá trị»")
    out: dict[str, Any] = {}
    for key, value in data.items():
        key = str(key)
        if key in PROTECTED_KEYS:
            raise InputError(name, f"tệp bổ sung không được đặt mục «{key}» (máy tự ghi mục này)",
                             f"bỏ dòng «{key}: ...»")
        if key not in SIDECAR_KEYS:
            raise InputError(name, f"tệp bổ sung có mục «{key}» không được phép",
                             f"chỉ dùng các mục {', '.join(SIDECAR_KEYS)}; {_GUIDE}")
        value = _plain(value)
        if key == "number" and value is not None and not isinstance(value, (list, dict)):
            value = str(value)
        if key == "signers" and isinstance(value, list):
            value = [{"role": None, "title": None, "name": None, **v} if isinstance(v, dict) else v for v in value]
        error = next(iter(_validators()[key].iter_errors(value)), None)
        if error is not None:
            where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
            raise InputError(name, f"mục «{key}{where}» có giá trị sai: phải là {SIDECAR_KEYS[key]}",
                             f"sửa dòng «{key}: ...»; {_GUIDE}")
        out[key] = value
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
