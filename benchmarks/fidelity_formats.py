"""Fidelity per input form: does a Word file, its PDF or a scan give the page its text gives?

Usage::

    python benchmarks/make_formats.py                 # first: the copies (benchmarks/out/formats/)
    python benchmarks/fidelity_formats.py [OUT] [--json benchmarks/results-formats.json] [--no-scan] [--scan-every K]

For every document of ``OUT/manifest.json`` and every form (``text``: the
original raw text, ``docx``, ``pdf``, ``scan300``, ``scan150``), the file is
converted with ``convert_file`` and scored:

- ``metadata``: number, date, place and doc_type equal to the truth the
  generator recorded (the samples' reviewed text form; the corpus documents'
  header cells);
- ``footnotes``: footnote definitions on the page / footnotes in the document;
- ``refs`` (scans): footnote references placed in the running text / the
  references ``[n]`` in the PDF text layer of the same pages;
- ``lower_start``: share of body paragraphs starting in lower case (a
  paragraph cut in two; lower is better);
- ``cer`` (scans): character error rate of the OCR text against the PDF text
  layer of the same pages (both through the same line reader, markup and
  whitespace runs removed), by RapidFuzz's Levenshtein distance
  (``pip install rapidfuzz``).

Prints one table (one column per form) and writes the figures as JSON.
Scans cover the first two pages (the generator renders those), so their
footnotes expected are the definitions printed on those pages (the PDF
reader's text of them), and their end matter is mostly not there.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

FIELDS = ("number", "date", "place", "doc_type")
FORMS = ("text", "docx", "pdf", "scan300", "scan150")


def _plain(text: str) -> str:
    """The printed characters of a reader's text: NFC, markup gone (emphasis marks, footnote
    references ``[n]``/``<sup>n</sup>``, table pipes), whitespace runs as one space."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"<sup>\d+</sup>|\[\d{1,3}\]|\*+", "", text)
    text = re.sub(r"(?<!\\)\|", " ", text).replace("\\|", "|")
    return re.sub(r"\s+", " ", text).strip()


def _pdf_text(path: str, pages: int) -> str:
    """The PDF reader's text of the first ``pages`` pages (the reference for OCR)."""
    import pdfplumber

    from converters.read import emit
    from converters.read.lines import PageWords, layout
    from converters.read.pdf import _footnote_rule, _words

    with pdfplumber.open(path) as pdf:
        pw = [PageWords(_words(p.chars), float(p.width), float(p.height), _footnote_rule(p)) for p in pdf.pages[:pages]]
    return emit.text(*layout(pw))


def _body_paragraphs(body: str) -> list[str]:
    out = []
    for block in body.split("\n\n"):
        block = block.strip()
        if not block or block.startswith(("#", "[^", "{:", "- ", "**", "|", "\\|")):
            continue
        out.append(block)
    return out


def score(path: str, truth: dict, footnotes: int) -> tuple[dict, str]:
    """Scores of one file (see the module docstring) and the text its reader gave."""
    from converters import InputError
    from converters.pipeline import run
    from converters.read.formats import read_source

    t0 = time.perf_counter()
    try:
        with open(path, "rb") as fh:
            text, info = read_source(fh.read(), path)
        page = run(text, path)
    except InputError as exc:
        return {"error": str(exc)}, ""
    meta = page.meta
    paras = _body_paragraphs(page.body)
    # Lower case at the start of a paragraph that is not an item label ("a) ...").
    # (str.islower, as benchmarks/fidelity.py: a range like [a-zà-ỹ] also holds Đ, Ư, Ủ...)
    lower = sum(1 for p in paras if p[:1].isalpha() and p[:1].islower() and not re.match(r"^.[).]", p)) / len(paras) if paras else 0.0
    found = len(re.findall(r"^\[\^\w+\]:", page.body, re.M))
    # References in the running text (not the definitions, not the list of notes placed nowhere).
    placed = "\n".join(ln for ln in page.body.splitlines() if not ln.startswith(("[^", "*Chú thích không rõ")))
    refs = len(re.findall(r"\[\^\w+\](?!:)", placed))
    return {
        "fields_right": {k: meta.get(k) == truth.get(k) for k in FIELDS},
        "footnotes_found": found,
        "footnotes_expected": footnotes,
        "refs_found": refs,
        "lower_start": round(lower, 3),
        "seconds": round(time.perf_counter() - t0, 2),
        **({"ocr": info["ocr"]} if "ocr" in info else {}),
    }, text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", nargs="?", default=os.path.join(HERE, "out", "formats"))
    parser.add_argument("--json", default=os.path.join(HERE, "results-formats.json"))
    parser.add_argument("--no-scan", action="store_true", help="skip the OCR forms (slow: about 10 s a page)")
    parser.add_argument("--forms", nargs="*", choices=FORMS, help="only these forms")
    parser.add_argument("--every", type=int, default=1, metavar="K", help="only every K-th document (a quicker sample)")
    parser.add_argument("--scan-every", type=int, default=1, metavar="K", help="scans of every K-th of those documents only (OCR is slow)")
    args = parser.parse_args(argv)
    with open(os.path.join(args.out, "manifest.json"), encoding="utf-8") as fh:
        docs = json.load(fh)["documents"]
    forms = [f for f in (args.forms or FORMS) if not (args.no_scan and f.startswith("scan"))]
    docs = docs[:: max(1, args.every)]
    results: dict[str, dict] = {}
    for doc in docs:
        row = {}
        text_path = os.path.join(ROOT, doc["from"]) if doc["from"].startswith("raw/") else os.path.join(ROOT, "..", doc["from"])
        for form in forms:
            if form.startswith("scan") and docs.index(doc) % max(1, args.scan_every):
                continue
            if form == "text":
                path = text_path
            elif form in doc["files"]:
                path = os.path.join(args.out, doc["files"][form])
            else:
                continue
            r, text = score(path, doc["truth"], doc["footnotes"])
            if form.startswith("scan") and "error" not in r:
                # A scan holds the first two pages: the footnotes expected are the ones printed there.
                pdf2 = _pdf_text(os.path.join(args.out, doc["files"]["pdf"]), 2)
                r["footnotes_expected"] = len(re.findall(r"^\[\d{1,3}\] ", pdf2, re.M))
                r["refs_expected"] = len(re.findall(r"(?<!^)(?<!\n)\[\d{1,3}\]", pdf2))
                try:
                    from rapidfuzz.distance import Levenshtein
                except ImportError:
                    r["cer"] = None
                else:
                    ref = _plain(_pdf_text(os.path.join(args.out, doc["files"]["pdf"]), 2))
                    r["cer"] = round(Levenshtein.distance(ref, _plain(text)) / max(1, len(ref)), 4)
            row[form] = r
            print(doc["id"][:24], form, {k: v for k, v in r.items() if k != "fields_right"}, sum(r.get("fields_right", {}).values()), file=sys.stderr)
        results[doc["id"]] = row

    summary = {}
    for form in forms:
        rows = [r[form] for r in results.values() if form in r]
        ok = [r for r in rows if "error" not in r]
        fields = [v for r in ok for v in r["fields_right"].values()]
        exp = sum(r["footnotes_expected"] for r in ok)
        cers = [r["cer"] for r in ok if r.get("cer") is not None]
        confs = [r["ocr"]["confidence"] for r in ok if "ocr" in r]
        refs_exp = sum(r.get("refs_expected", 0) for r in ok)
        summary[form] = {
            "documents": len(rows),
            "errors": len(rows) - len(ok),
            "metadata_right": round(sum(fields) / len(fields), 3) if fields else None,
            "footnotes_found": round(sum(r["footnotes_found"] for r in ok) / exp, 3) if exp else None,
            "refs_found": round(sum(r["refs_found"] for r in ok if "refs_expected" in r) / refs_exp, 3) if refs_exp else None,
            "lower_start": round(sum(r["lower_start"] for r in ok) / len(ok), 3) if ok else None,
            "cer": round(sum(cers) / len(cers), 4) if cers else None,
            "ocr_confidence": round(sum(confs) / len(confs), 3) if confs else None,
            "seconds": round(sum(r["seconds"] for r in ok), 1),
        }
    labels = [("documents", "documents"), ("errors", "errors"), ("metadata_right", "metadata fields right"),
              ("footnotes_found", "footnotes found"), ("refs_found", "references found (scans)"), ("lower_start", "blocks starting lower-case"),
              ("cer", "OCR character error rate"), ("ocr_confidence", "OCR mean word confidence"), ("seconds", "seconds")]
    print(f"{'':28}" + "".join(f"{f:>10}" for f in forms))
    for key, label in labels:
        cells = []
        for f in forms:
            v = summary[f][key]
            cells.append(f"{'-' if v is None else (f'{v:.1%}' if isinstance(v, float) and key not in ('seconds', 'ocr_confidence') else v):>10}")
        print(f"{label:28}" + "".join(cells))
    with open(args.json, "w", encoding="utf-8") as fh:
        json.dump({"summary": summary, "documents": results}, fh, ensure_ascii=False, indent=1)
    print(f"written: {os.path.relpath(args.json, ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
