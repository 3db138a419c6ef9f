"""Every warning the converter emits has its own explanation on the editors' page (issue 16 §4).

The editors' page (``converters/site/editors.py``) explains each warning: what happened and what
the office staff do (a sidecar key, or a fix in the raw file).  A warning that no row of
``EXPLANATIONS`` matches falls to the generic text, which says neither; so a new warning without
an explanation must fail here.  Two nets:

- the warnings the converter really emits on the development corpus (``../shared/corpus/real``,
  skipped when absent), the samples, the per-family case files (``tests/cases/*.yml``), the
  made-up texts of ``test_warnings_vietnamese.py`` and made-up decoding damage;
- every warning text written in the converter's source (``state.warn(...)``,
  ``warnings.append(...)``, functions named ``*warning``), with its placeholders filled, so a
  warning no input above raises is checked too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from converters import convert, convert_file
from converters.errors import InputError
from converters.read.decode import decode
from converters.site.editors import explain

from . import casefiles
from .test_encodings import _with_pasted_line, sloppy_cp1252
from .test_warnings_vietnamese import MADE_UP
from .vietnamese import is_vietnamese

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "real" / "raw"
SOURCE = "raw/x/y.txt"


def is_generic(warning: str) -> bool:
    """Whether the editors' page explains ``warning`` with the generic text only."""
    return explain(warning, SOURCE) == explain("\x00 không ai viết luật cho cảnh báo này", SOURCE)


def _emitted(pages) -> set[str]:
    out: set[str] = set()
    for make in pages:
        try:
            out.update(make().warnings)
        except InputError:
            continue  # errors are not warnings (the editors' page explains them with FAILED)
    return out


def _sample_warnings() -> set[str]:
    files = [p for p in sorted((REPO / "raw").rglob("*")) if p.is_file() and not p.name.endswith(".meta.yml")]
    # The Word and PDF test files (the scan needs Tesseract and is slow: its OCR warning is in the source scan).
    files += [p for p in sorted((REPO / "tests" / "data" / "formats").iterdir()) if p.suffix in (".docx", ".pdf")]
    return _emitted(lambda p=p: convert_file(str(p), root=str(p.parent)) for p in files)


def _case_warnings() -> set[str]:
    names = sorted(p.name for p in casefiles.CASES_DIR.glob("*.yml"))
    cases = [c for c in casefiles.load(*names) if isinstance(c.get("input"), str)]
    made_up = list(MADE_UP.values())
    return _emitted(lambda t=t: convert(t, "raw/kien-giang/x.txt") for t in [c["input"] for c in cases] + made_up)


def _decoding_warnings() -> set[str]:
    kon_tum = (REPO / "raw" / "kon-tum" / "2016-11-18-bao-cao-111-bc-tu.txt").read_bytes()
    damaged = [
        kon_tum[:3000] + b" \x93quoted\x94 " + kon_tum[3000:],  # stray Windows-1252 bytes
        sloppy_cp1252(kon_tum).encode("utf-8"),  # double-encoded UTF-8
        _with_pasted_line("tcvn3", as_bytes=False)[0],
        _with_pasted_line("vni", as_bytes=True)[0],
    ]
    return {w for data in damaged for w in decode(data, SOURCE).warnings}


def _assert_explained(warnings: set[str]) -> None:
    assert warnings
    assert sorted(w for w in warnings if is_generic(w)) == []
    assert sorted(w for w in warnings if not is_vietnamese(w)) == []


def test_sample_case_and_made_up_warnings_are_explained():
    warnings = _sample_warnings() | _case_warnings()
    assert len(warnings) > 15  # tables, web text, evidence, signatures, footnotes, province...
    _assert_explained(warnings)


def test_decoding_warnings_are_explained():
    warnings = _decoding_warnings()
    assert len(warnings) == 4
    _assert_explained(warnings)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="development corpus not beside the clone")
def test_corpus_warnings_are_explained():
    warnings = _emitted(lambda p=p: convert_file(str(p), root=str(CORPUS)) for p in sorted(CORPUS.rglob("*.txt")))
    assert len(warnings) > 50
    _assert_explained(warnings)


def _filled(node: ast.expr) -> str | None:
    """The text of a string literal or f-string with each placeholder as ``1`` (None for other nodes)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "1" for v in node.values)
    return None


def source_warnings() -> dict[str, str]:
    """``{filled warning text: "file:line"}`` of every warning text written in ``converters/``."""
    out = {}
    for path in sorted((REPO / "converters").rglob("*.py")):
        if "site" in path.parts or "cli" in path.parts:
            continue  # site stages and commands write pages and tables, not page warnings
        tree = ast.parse(path.read_text("utf-8"))
        for fn in ast.walk(tree):
            nodes = []
            if isinstance(fn, ast.Call) and isinstance(fn.func, ast.Attribute) and fn.args:
                target = fn.func.value
                name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
                if fn.func.attr == "warn" or (fn.func.attr == "append" and name == "warnings"):
                    nodes.append(fn.args[0])
            elif isinstance(fn, ast.FunctionDef) and fn.name.endswith("warning"):
                nodes += [r.value for r in ast.walk(fn) if isinstance(r, ast.Return) and r.value is not None]
            for node in nodes:
                text = _filled(node)
                if text is not None:
                    out[text] = f"{path.relative_to(REPO)}:{node.lineno}"
    return out


def test_every_warning_written_in_the_source_is_explained():
    found = source_warnings()
    # The scan sees the warnings of every step and reader (a scan that finds nothing checks nothing).
    places = {where.split(":")[0] for where in found.values()}
    for module in ("footnotes", "header", "endmatter", "tables", "layout", "province", "segment", "ocr", "decode"):
        assert any(module in p for p in places), module
    assert {where: w for w, where in found.items() if is_generic(w)} == {}
