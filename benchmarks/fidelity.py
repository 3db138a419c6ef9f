"""Fidelity benchmark (issue [2/6]): how well the converter reads real documents.

Usage (from the repository root, with the project's venv)::

    python benchmarks/fidelity.py [--corpus ../shared/corpus/real]
                                  [--metadata PATH] [--samples raw]
                                  [--json benchmarks/results-fidelity.json]
                                  [--only ID]... [--show-misses] [--no-samples]

It converts every ``<corpus>/raw/*.txt`` and the samples under ``raw/`` with the
public API (:func:`converters.convert_file`) and prints:

1. per field, how many documents match the portal's metadata
   (``<corpus>/portal-metadata.json``, 72 documents) -- and, for the samples,
   the front matter of their reviewed golden pages (``tests/golden/``):

   - ``number``: canonical number text, compared without spaces, upper case;
   - ``doc_type``: sentence-case type, compared case-insensitively;
   - ``date``: ISO date, equal;
   - ``signer``: the expected name is one of the page's ``signers[].name``;
   - ``issuer``: the portal's "Nơi ban hành" is the body for central bodies
     and *the province* for provincial ones (corpus README): ``Tỉnh X`` /
     ``Thành phố X`` matches when the page's ``province`` (or any other
     province key the page has, such as ``province_now`` or ``provinces``) is
     X; any other value matches one of the page's ``issuers``;
   - ``province``: derived from the same value: X for ``Tỉnh X`` /
     ``Thành phố X``, none for a central body;

2. over all pages: the share of body blocks (paragraphs and list items of
   the body, not headings, tables, rows of a table kept as a list of cells,
   signature, recipients or footnote definitions) that start with a lower-case letter (a line break taken for
   a paragraph break), the number of headings, footnote definitions, pipe
   tables and attached documents found, the ``[n]`` footnote labels of the raw
   text converted (a label restarted per attachment, ``n-2`` on the page, counts
   as ``n``) and, of the others, those a warning reports without definition,
   the ``[n]`` marks left unconverted, warnings, failures, and the converter's MB/s
   (raw bytes over the time spent in ``convert_file``, one process, after one untimed
   warm-up conversion).

The page is read generically (front matter keys and the Markdown body), so the
script keeps working as the converter grows.  ``--only ID`` (repeatable; a
corpus id such as ``02b9be7711f88c70`` or a sample file stem) limits the run;
``--show-misses`` lists each mismatch field by field.  The portal metadata is
read where it lies (never copied into the repository).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import glob
import json
import os
import platform
import re
import subprocess
import sys
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

import yaml  # noqa: E402  (after the path set-up, like the other benchmarks)

from converters import InputError, convert_file  # noqa: E402
from converters.steps.layout.pipes import _PIPE_RULE as _TABLE_SEP  # noqa: E402  (a table's |---| rule: the converter's own)

FIELDS = ("number", "doc_type", "date", "signer", "issuer", "province")

#: Targets of issue [2/6].
TARGETS = {"portal_fields_pct": 98.0, "lowercase_blocks_pct": 0.5, "converter_mb_s": 5.0}

#: Provincial values of the portal's "Nơi ban hành": the province itself.
_PROVINCIAL = re.compile(r"^(?:tỉnh|thành phố|tp\.?)\s+(.+)$", re.IGNORECASE)

#: Titles of attached documents (page-format.md: a ``##`` section titled as in
#: the source; Nghị định 30/2020 appendix forms and Hướng dẫn 36 attachments).
_ATTACHMENT_TITLE = re.compile(
    r"^(?:PHỤ LỤC|QUY CHẾ|QUY ĐỊNH|ĐIỀU LỆ|DANH MỤC|BIỂU MẪU|MẪU|HƯỚNG DẪN|CHƯƠNG TRÌNH|KẾ HOẠCH|ĐỀ ÁN|PHƯƠNG ÁN)\b"
)
#: Numbering labels that legitimately start a block in lower case: điểm ``a)``,
#: ``đ)``, ``a.``, ``a1)``, lower-case Roman ``i.``/``ii)``; alone or before a footnote mark.
_LOWER_LABEL = re.compile(r"^(?:[a-zđ]\d{0,2}|[ivx]{1,4})[\).](?:\s|$|\[\^)")
#: Markup that can precede a block's first letter.
_LEAD = re.compile(r"^(?:[\s*_>`\\\[\(\"“‘'«-]|\{:[^}]*\})+")
_ATTR_LINE = re.compile(r"^\s*\{:[^}]*\}\s*$")
_FOOTDEF = re.compile(r"^\[\^([^\]]+)\]:")
#: A ``[n]`` footnote mark of the raw text (family 14); not a Markdown link.
_BRACKET_MARK = re.compile(r"(?<![\\\[])\[(\d{1,3})\](?![\(:])")
_RAW_BRACKET_MARK = re.compile(r"\[(\d{1,3})\]")
#: The converter's warning for a reference without definition (``footnotes.step``).
_NO_DEFINITION = re.compile(r"^chú thích (\S+(?:, \S+)*) có dấu trong bài nhưng không có nội dung")


def _nfc(s) -> str:
    return unicodedata.normalize("NFC", str(s))


def _norm(s) -> str:
    """NFC, collapsed spaces, case-folded: the fair comparison of names."""
    return re.sub(r"\s+", " ", _nfc(s)).strip().casefold()


def norm_number(s) -> str:
    """Canonical number text: NFC, no whitespace, upper case."""
    return re.sub(r"\s+", "", _nfc(s)).upper()


def _province_values(meta: dict) -> set[str]:
    """Every province name the page gives (``province`` and any ``province*`` key)."""
    out = set()
    for key, value in meta.items():
        if not key.startswith("province"):
            continue
        values = value if isinstance(value, list) else [value]
        for v in values:
            if isinstance(v, dict):  # e.g. {name: ..., now: ...}
                values.extend(x for x in v.values() if isinstance(x, str))
            elif v:
                out.add(_norm(_PROVINCIAL.sub(r"\1", _nfc(v))))
    return out


def expected_province(issuer: str | None):
    """The province the portal's issuer value implies (``None`` for central bodies)."""
    if not issuer:
        return None
    m = _PROVINCIAL.match(_nfc(issuer).strip())
    return m.group(1).strip() if m else None


def compare(meta: dict, expected: dict) -> dict[str, tuple[bool, object, object]]:
    """Per field: (match, expected, got) for the fields ``expected`` has."""
    out: dict[str, tuple[bool, object, object]] = {}
    if "number" in expected:
        got, want = meta.get("number"), expected["number"]
        ok = (got is None) if want is None else (got is not None and norm_number(got) == norm_number(want))
        out["number"] = (ok, want, got)
    if "doc_type" in expected:
        got = meta.get("doc_type")
        out["doc_type"] = (got is not None and _norm(got) == _norm(expected["doc_type"]), expected["doc_type"], got)
    if "date" in expected:
        got = meta.get("date")
        got_s = got.isoformat() if isinstance(got, (_dt.date, _dt.datetime)) else (str(got) if got else None)
        want = expected["date"]
        out["date"] = (got_s == (str(want) if want is not None else None), want, got_s)
    if "signer" in expected:
        names = [s.get("name") for s in meta.get("signers") or [] if isinstance(s, dict) and s.get("name")]
        out["signer"] = (_norm(expected["signer"]) in {_norm(n) for n in names}, expected["signer"], names)
    if "issuer" in expected:
        issuer = expected["issuer"]
        prov = expected_province(issuer)
        issuers = [i for i in meta.get("issuers") or [] if isinstance(i, str)]
        if prov:
            ok = _norm(prov) in _province_values(meta)
            got = {"province": meta.get("province"), "issuers": issuers}
        else:
            ok = _norm(issuer) in {_norm(i) for i in issuers}
            got = issuers
        out["issuer"] = (ok, issuer, got)
        got_p = meta.get("province")
        if prov:
            out["province"] = (_norm(prov) in _province_values(meta), prov, got_p)
        else:
            out["province"] = (not got_p, None, got_p)
    if "province" in expected and "issuer" not in expected:  # golden pages
        got_p = meta.get("province")
        want = expected["province"]
        out["province"] = ((_norm(want) in _province_values(meta)) if want else not got_p, want, got_p)
    return out


def body_stats(body: str) -> dict:
    """Counts read from a page body (Markdown as ``render.py`` writes it).

    Blocks are separated by blank lines; the ``#`` title, headings, pipe
    tables, footnote definitions (and their indented paragraphs), signature
    blocks (``{: .chu-ky }``) and the "Nơi nhận" list are not body blocks.
    """
    stats = {"blocks": 0, "lower": 0, "headings": 0, "tables": 0, "footnotes": 0,
             "attachments": 0, "lower_examples": [], "unconverted_marks": 0, "footnote_labels": [],
             "table_cell_items": 0}
    chunks = re.split(r"\n[ \t]*\n", body)
    in_recipients = False
    in_footnote = False
    in_cell_list = False  # a table too irregular to rebuild, kept as a list of its rows' cells
    for chunk in chunks:
        lines = [ln for ln in chunk.split("\n") if not _ATTR_LINE.match(ln)]
        if not any(ln.strip() for ln in lines):
            continue
        first = lines[0]
        if _FOOTDEF.match(first):
            labels = [m.group(1) for m in map(_FOOTDEF.match, lines) if m]
            stats["footnotes"] += len(labels)
            stats["footnote_labels"] += labels
            in_footnote = True
            continue
        if in_footnote and first.startswith("    "):
            continue
        in_footnote = False
        m = re.match(r"^(#{1,6})\s+(.*)$", first)
        if m:
            in_recipients = in_cell_list = False
            if len(m.group(1)) > 1:
                stats["headings"] += 1
                text = _LEAD.sub("", m.group(2)).lstrip("*_ ")
                if len(m.group(1)) == 2 and _ATTACHMENT_TITLE.match(text):
                    stats["attachments"] += 1
            continue
        stats["unconverted_marks"] += sum(len(_BRACKET_MARK.findall(ln)) for ln in lines)
        if any(_TABLE_SEP.match(ln) for ln in lines[1:2]) and first.lstrip().startswith("|"):
            stats["tables"] += 1
            continue
        if ".chu-ky" in chunk:  # a signature block (render.signature_markdown)
            continue
        if re.match(r"^\**Nơi nhận:?\**:?\s*$", first.strip()):
            in_recipients = True
            continue
        if in_recipients and first.startswith("- "):
            continue
        in_recipients = False
        # An irregular table kept as a list: items "a | b | c" and the short rows between them.
        if first.startswith("- ") and (in_cell_list or " | " in first):
            in_cell_list = True
            stats["table_cell_items"] += sum(1 for ln in lines if ln.startswith("- "))
            continue
        in_cell_list = False
        # A list chunk holds one item per "- " line; a paragraph is one block.
        items = [ln[2:] for ln in lines if ln.startswith("- ")] if first.startswith("- ") else [" ".join(lines)]
        for text in items:
            stripped = _LEAD.sub("", text)
            if not stripped:
                continue
            stats["blocks"] += 1
            if _LOWER_LABEL.match(stripped):
                continue
            ch = stripped[0]
            if ch.isalpha() and ch.islower():
                stats["lower"] += 1
                if len(stats["lower_examples"]) < 3:
                    stats["lower_examples"].append(stripped[:60])
    return stats


def raw_bracket_labels(text: str) -> set[str]:
    """What the raw text promises: distinct ``[n]`` footnote labels (family 14)."""
    return set(_RAW_BRACKET_MARK.findall(text))


def golden_expectations(golden_dir: str) -> dict[str, dict]:
    """Front matter of the reviewed golden pages, keyed by their ``source``."""
    out = {}
    for path in sorted(glob.glob(os.path.join(golden_dir, "*.md"))):
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        if not text.startswith("---\n"):
            continue
        meta = yaml.safe_load(text[4:text.index("\n---", 4)]) or {}
        exp = {}
        for key in ("number", "doc_type", "date", "province"):
            if key in meta:
                exp[key] = meta[key].isoformat() if isinstance(meta[key], _dt.date) else meta[key]
        signers = [s.get("name") for s in meta.get("signers") or [] if isinstance(s, dict) and s.get("name")]
        if signers:
            exp["signer"] = signers[0]
        if meta.get("source"):
            out[meta["source"]] = exp
    return out


def _load() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


def _git_head() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def run(args) -> dict:
    corpus = os.path.normpath(os.path.join(ROOT, args.corpus))
    metadata_path = args.metadata or os.path.join(corpus, "portal-metadata.json")
    try:
        with open(metadata_path, encoding="utf-8") as fh:
            portal = {d["id"]: d for d in json.load(fh)}
    except (OSError, ValueError, KeyError) as exc:
        sys.exit(f"fidelity: cannot read the portal metadata {metadata_path}: {exc} (give --metadata PATH)")
    files = sorted(glob.glob(os.path.join(corpus, "raw", "*.txt")))
    if not files:
        sys.exit(f"fidelity: no raw/*.txt under {corpus} (give --corpus PATH)")
    docs = [(os.path.splitext(os.path.basename(f))[0], f, "corpus") for f in files]
    golden = {}
    if not args.no_samples:
        golden = golden_expectations(os.path.join(ROOT, "tests", "golden"))
        for f in sorted(glob.glob(os.path.join(ROOT, args.samples, "**", "*.txt"), recursive=True)):
            docs.append((os.path.splitext(os.path.basename(f))[0], f, "sample"))
    if args.only:
        docs = [d for d in docs if d[0] in args.only]
        if not docs:
            sys.exit(f"fidelity: no document with id {', '.join(args.only)}")

    per_doc = []
    total_bytes = 0
    total_time = 0.0
    # One untimed conversion first: loading the lexicons and compiling patterns happens once per
    # process and is not throughput.
    try:
        convert_file(docs[0][1], ROOT)
    except Exception:  # noqa: BLE001 - the timed run reports it
        pass
    for doc_id, path, kind in docs:
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            raw_text = fh.read().decode("utf-8", errors="replace")
        t0 = time.perf_counter()
        try:
            page = convert_file(path, ROOT)
            error = None
        except InputError as exc:
            page, error = None, str(exc)
        except Exception as exc:  # noqa: BLE001 - a crash on one document is a finding, not the end of the run
            page, error = None, f"crash: {type(exc).__name__}: {exc}"
        dt = time.perf_counter() - t0
        total_bytes += size
        total_time += dt
        rec = {"id": doc_id, "kind": kind, "bytes": size, "seconds": round(dt, 4), "error": error}
        bracket = raw_bracket_labels(raw_text)
        rec["bracket_labels"] = len(bracket)
        if kind == "corpus":
            expected = {k: v for k, v in portal.get(doc_id, {}).items() if k in FIELDS}
        else:
            source = os.path.relpath(path, ROOT).replace(os.sep, "/")
            expected = golden.get(source, {})
        rec["expected"] = bool(expected)
        if page is None:
            rec["fields"] = {k: [False, v, None] for k, v in expected.items()}
            if "issuer" in expected:
                rec["fields"]["province"] = [False, expected_province(expected["issuer"]), None]
        else:
            rec["fields"] = {k: list(v) for k, v in compare(page.meta, expected).items()}
            stats = body_stats(page.body)
            attachments = page.meta.get("attachments")
            if isinstance(attachments, list):  # a front matter key, when the converter has one
                stats["attachments"] = len(attachments)
            # A label restarted per attachment is "n-2", "n-3"... on the page (footnotes.step):
            # the raw text's "[n]" is converted when any of its groups is.
            converted = bracket & {label.split("-")[0] for label in stats.pop("footnote_labels")}
            rec["bracket_converted"] = len(converted)
            # "[n]" without a definition in the raw text: reported by a warning naming it.
            warned = {label.split("-")[0] for w in page.warnings if (m := _NO_DEFINITION.match(str(w)))
                      for label in m.group(1).split(", ")}
            rec["bracket_reported"] = len((bracket - converted) & warned)
            rec.update(stats)
            rec["warnings"] = len(page.warnings)
        per_doc.append(rec)

    def field_score(kind: str) -> dict:
        score = {}
        for f in FIELDS:
            recs = [r for r in per_doc if r["kind"] == kind and f in r["fields"]]
            score[f] = {"right": sum(1 for r in recs if r["fields"][f][0]), "of": len(recs)}
        return score

    ok_docs = [r for r in per_doc if not r["error"]]
    summ = lambda key: sum(r.get(key, 0) for r in ok_docs)  # noqa: E731
    portal_score = field_score("corpus")
    right = sum(v["right"] for k, v in portal_score.items() if k != "province")
    of = sum(v["of"] for k, v in portal_score.items() if k != "province")
    blocks, lower = summ("blocks"), summ("lower")
    result = {
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "commit": _git_head(),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "loadavg_1min": _load()},
        "documents": len(per_doc),
        "failures": len(per_doc) - len(ok_docs),
        "portal_fields": portal_score,
        "portal_fields_pct": round(100.0 * right / of, 1) if of else None,
        "sample_fields": field_score("sample"),
        "blocks": blocks,
        "lowercase_blocks": lower,
        "lowercase_blocks_pct": round(100.0 * lower / blocks, 2) if blocks else None,
        "headings": summ("headings"),
        "footnotes": summ("footnotes"),
        "raw_bracket_footnote_labels": sum(r["bracket_labels"] for r in per_doc if r["kind"] == "corpus"),
        "raw_bracket_footnote_labels_converted": sum(r.get("bracket_converted", 0) for r in ok_docs if r["kind"] == "corpus"),
        "raw_bracket_footnote_labels_reported": sum(r.get("bracket_reported", 0) for r in ok_docs if r["kind"] == "corpus"),
        "unconverted_bracket_marks": summ("unconverted_marks"),
        "tables": summ("tables"),
        "table_cell_items": summ("table_cell_items"),
        "attachments": summ("attachments"),
        "warnings": summ("warnings"),
        "bytes": total_bytes,
        "converter_s": round(total_time, 3),
        "converter_mb_s": round(total_bytes / 1e6 / total_time, 2) if total_time else None,
        "targets": TARGETS,
        "per_document": per_doc,
    }
    return result


def report(result: dict, show_misses: bool) -> None:
    print(f"fidelity: {result['documents']} documents ({result['failures']} failed), commit {result['commit']}")
    print("\nportal metadata (corpus):")
    for f, v in result["portal_fields"].items():
        print(f"  {f:10s} {v['right']:4d} / {v['of']}")
    print(f"  all five fields: {result['portal_fields_pct']}% (target >= {TARGETS['portal_fields_pct']}%)")
    sample = {f: v for f, v in result["sample_fields"].items() if v["of"]}
    if sample:
        print("golden pages (samples): " + ", ".join(f"{f} {v['right']}/{v['of']}" for f, v in sample.items()))
    print(f"\nbody blocks starting in lower case: {result['lowercase_blocks']} / {result['blocks']}"
          f" = {result['lowercase_blocks_pct']}% (target < {TARGETS['lowercase_blocks_pct']}%)")
    print(f"headings {result['headings']}, footnotes {result['footnotes']}"
          f" (raw [n] labels converted {result['raw_bracket_footnote_labels_converted']}"
          f" / {result['raw_bracket_footnote_labels']}, without definition and reported"
          f" {result['raw_bracket_footnote_labels_reported']}, [n] marks left in bodies"
          f" {result['unconverted_bracket_marks']}), tables {result['tables']}"
          f" (+ {result['table_cell_items']} rows kept as lists),"
          f" attachments {result['attachments']}, warnings {result['warnings']}")
    print(f"converter: {result['bytes'] / 1e6:.2f} MB in {result['converter_s']} s ="
          f" {result['converter_mb_s']} MB/s (one process; target >= {TARGETS['converter_mb_s']})")
    load, cpus = result["machine"]["loadavg_1min"], result["machine"]["cpus"] or 1
    if load is not None and load > cpus:
        print(f"  (load average {load} on {cpus} cores: other processes share the machine, MB/s is low)")
    for r in result["per_document"]:
        if r["error"]:
            print(f"  FAILED {r['id']}: {r['error']}")
    if show_misses:
        print("\nmisses:")
        for f in FIELDS:
            misses = [r for r in result["per_document"] if f in r["fields"] and not r["fields"][f][0]]
            if not misses:
                continue
            print(f"  {f} ({len(misses)}):")
            for r in misses:
                _, want, got = r["fields"][f]
                print(f"    {r['id']}: expected {want!r}, got {json.dumps(got, ensure_ascii=False, default=str)}")
        low = [r for r in result["per_document"] if r.get("lower")]
        if low:
            print(f"  lower-case blocks ({len(low)} documents):")
            for r in sorted(low, key=lambda r: -r["lower"]):
                print(f"    {r['id']}: {r['lower']}/{r['blocks']} e.g. {r['lower_examples'][:2]}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default="../shared/corpus/real", help="corpus folder, relative to the repo root")
    ap.add_argument("--metadata", help="portal metadata JSON (default: <corpus>/portal-metadata.json)")
    ap.add_argument("--samples", default="raw", help="samples folder, relative to the repo root")
    ap.add_argument("--no-samples", action="store_true", help="the corpus only")
    ap.add_argument("--json", default=os.path.join(HERE, "results-fidelity.json"), help="where to write the JSON")
    ap.add_argument("--only", action="append", help="only this document id (repeatable)")
    ap.add_argument("--show-misses", action="store_true", help="list mismatches field by field")
    args = ap.parse_args(argv)
    result = run(args)
    report(result, args.show_misses)
    if not args.only:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(result, fh, ensure_ascii=False, indent=1, default=str)
            fh.write("\n")
        print(f"\nwrote {os.path.relpath(args.json)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
