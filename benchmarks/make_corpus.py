"""Synthesize a corpus of realistic raw reports for benchmarks and tests.

Usage::

    python benchmarks/make_corpus.py N OUT [--seed S] [--samples DIR]
                                         [--other-encodings SHARE] [--force]

Writes ``OUT/<province-slug>/<file>.txt`` (N raw reports) and
``OUT/manifest.json`` describing what each file should yield when converted
(number, date, province, footnotes, headings, citations...).

How it works: the sample reports in ``raw/`` are read at run time and cut into
pools (body paragraphs, list items, heading texts, footnote definitions,
recipient lines).  Citations found in that text are replaced by slots, so the
synthesizer decides who cites whom.  Each report is then assembled from a
plan: a province (``data/provinces.json``), an issuer and number, a date, a
document type and subject, an outline scheme and heading markup, a footnote
encoding (``<sup>3</sup>``, ``<sup>(3)</sup>``, Unicode ``⁽³⁾`` or lost
anchors with U+FFFD-led definitions at the end), an incoming-document stamp,
page breaks that cut paragraphs, signature blocks with generated names and a
"Nơi nhận" list.  The damage follows ``shared/spec/raw-artifacts.md``.

The citation graph: a report cites a few central documents drawn with Zipf
weights from ``data/central_documents.json`` (so a few are cited by most
reports), earlier generated reports of its own province (preferential
attachment: well-cited reports get cited more), and provincial documents that
are not in the corpus (a long tail of cited-only documents).

Determinism: everything derives from ``--seed`` through ``random.Random``
instances seeded with strings (hashed with SHA-512 by Python, independent of
``PYTHONHASHSEED``); the same N, seed and samples give byte-identical files.

Manifest (``OUT/manifest.json``), one entry per report under ``reports``:
``file`` (relative to OUT), ``encoding``, ``bytes``, ``id``, ``doc_type``,
``title``, ``number``/``date`` (what the converter should find: ``null`` when
the header is lost), ``true_number``/``true_date`` (the document's identity),
``place``, ``province``, ``issuers``, ``signers``, ``recipients``,
``received`` (``{office, number, date}`` or ``null``; office as written),
``footnotes`` (``{encoding, count}``), ``headings`` (``{depth, label, text}``,
depth 1 = top level of the outline), ``cites`` (canonical numbers in order of
first appearance in the raw text; footnote definitions count where they sit in
the raw text, so compare as sets if the page moves them), ``cites_in_corpus``
(files of the corpus the report cites) and ``features`` (damage applied).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(HERE, "data")

MANIFEST_VERSION = 2  # 2: real-document variants (kind: real)

# --------------------------------------------------------------------------
# small helpers


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """No diacritics, đ -> d, lower case (same as ``converters.lexicon.slugs.fold``)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def slugify(text: str, max_length: int = 60) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug


def upper_vi(text: str) -> str:
    return nfc(text.upper())


def zipf_weights(n: int, s: float = 1.1) -> list[float]:
    return [1.0 / (k + 1) ** s for k in range(n)]


def fmt_date(rng: random.Random, iso: str, style: str | None = None) -> str:
    """A date as Vietnamese reports write it: 14-7-2015, 14/7/2015, 14-07-2015..."""
    y, m, d = (int(x) for x in iso.split("-"))
    style = style or rng.choice(["dash", "dash", "dash0", "slash", "slash0", "long"])
    if style == "dash":
        return f"{d:02d}-{m}-{y}" if d < 10 and rng.random() < 0.5 else f"{d}-{m}-{y}"
    if style == "dash0":
        return f"{d:02d}-{m:02d}-{y}"
    if style == "slash":
        return f"{d}/{m}/{y}"
    if style == "slash0":
        return f"{d:02d}/{m:02d}/{y}"
    return f"{d} tháng {m} năm {y}"


def add_days(iso: str, days: int) -> str:
    import datetime as _dt

    return (_dt.date.fromisoformat(iso) + _dt.timedelta(days=days)).isoformat()


# --------------------------------------------------------------------------
# pools cut out of the samples

KINDS = (
    r"Thông báo kết luận|Kết luận|Nghị quyết|Chỉ thị|Quyết định|Quy định|Công văn|Nghị định|"
    r"Pháp lệnh|Kế hoạch|Chương trình phối hợp|Chương trình hành động|Chương trình|"
    r"Hướng dẫn liên tịch|Hướng dẫn|Thông báo|Báo cáo|Thông tư|Quy chế"
)
_NUM = r"\d+(?:/\d{4})?\s?[-/]\s?[A-ZĐ][\wĐđ]*(?:[-/][\wĐđ]+)*"
_DATE = r"(?:\d{1,2}\s?[-/]\s?\d{1,2}\s?[-/]\s?\d{4}|\d{1,2} tháng \d{1,2} năm \d{4})"
CITE_FULL = re.compile(rf"(?:{KINDS})(?:\s+số)?\s+{_NUM}(?:,?\s*ngày\s*{_DATE})?", re.IGNORECASE)
CITE_SHORT = re.compile(rf"(?:{KINDS})(?:\s+số)?\s+\d+\b(?!\s?[-/])", re.IGNORECASE)
RESIDUAL_NUMBER = re.compile(r"\d+\s?[-/]\s?[A-ZĐ]{1,}[\wĐđ]*/|\d+/[A-ZĐ]{2}")
SLOT_FULL, SLOT_SHORT = "\x01", "\x02"

_FOOTNOTE_DEF = re.compile(r"^(?:<sup>\(?\d+\)?</sup>|⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾|\ufffd)\s*(.*)$", re.S)
_INLINE_REF = re.compile(r"<sup>\(?\d+\)?</sup>|⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾|\ufffd")
_HEADING = re.compile(
    r"^(?:#+\s*)?(?:\*+)?\s*(?:Phần thứ \w+|[IVX]+\s?[.-]|[A-Đ]\s?\.|\d+(?:\.\d+)*\s?[.-]|[a-zđ]\))\s*(.*)$"
)
_LABEL = re.compile(r"^(?:Phần thứ \w+|[IVX]+\s?[.-]|[A-Đ]\s?\.|\d+(?:\.\d+)*\s?[.-]|[a-zđ]\))\s*")


@dataclass
class Pools:
    """Text cut out of the samples; citations replaced by slots."""

    paragraphs: list[str] = field(default_factory=list)
    list_items: list[str] = field(default_factory=list)
    headings_upper: list[str] = field(default_factory=list)
    headings_lower: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    dropped: int = 0
    sample_bytes: int = 0


def _slot_citations(text: str) -> str:
    text = CITE_FULL.sub(SLOT_FULL, text)
    return CITE_SHORT.sub(SLOT_SHORT, text)


def _clean_inline(text: str) -> str:
    text = _INLINE_REF.sub("", text)
    text = re.sub(r"\n(?=[;,.:)])", "", text)  # lost-anchor line breaks
    text = re.sub(r"[ \t]*\n[ \t]*", " ", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def _is_whole_paragraph(text: str) -> bool:
    if len(text) < 120 or text.upper() == text:
        return False
    first = text.lstrip("*_“\"( ")[:1]
    return bool(first) and (first.isupper() or first.isdigit()) and text.rstrip("*_ ”\"")[-1:] in ".;:!?)"


def load_pools(samples_dir: str) -> Pools:
    """Read every ``*.txt`` under ``samples_dir`` (sorted) and cut it into pools."""
    pools = Pools()
    paths = []
    for dirpath, dirnames, filenames in os.walk(samples_dir):
        dirnames.sort()
        paths += [os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith(".txt")]
    if not paths:
        raise SystemExit(f"no sample *.txt under {samples_dir}")
    province_names = _province_pattern()
    for path in sorted(paths):
        with open(path, "rb") as fh:
            data = fh.read()
        pools.sample_bytes += len(data)
        text = nfc(data.decode("utf-8-sig")).replace("\r\n", "\n")
        in_recipients = False
        for block in re.split(r"\n[ \t]*\n", text):
            block = block.strip()
            if not block:
                continue
            plain = block.replace("*", "").replace("#", "").strip()
            if plain.startswith("Nơi nhận"):
                in_recipients = True
                rest = plain.split("\n", 1)[1:] if "\n" in plain else []
                if not rest:
                    continue
                block = plain = rest[0].strip()
            if in_recipients and plain.startswith("-"):
                for line in plain.splitlines():
                    line = line.strip().lstrip("-").strip().rstrip(",.;")
                    if line and not RESIDUAL_NUMBER.search(line):
                        pools.recipients.append(province_names.sub("{P}", line))
                continue
            in_recipients = False
            m = _FOOTNOTE_DEF.match(block)
            if m:
                body = _clean_inline(m.group(1)).replace("\ufffd", "")
                if len(body) > 20:
                    _add(pools, pools.footnotes, province_names.sub("{P}", _slot_citations(body)))
                continue
            if "\t" in block or "ĐẾN" in block or "Số và ký hiệu" in block:
                continue  # header, stamp: the synthesizer writes its own
            for piece in re.split(r"\*{2,}", block) if "**" in block[2:-2] else [block]:
                piece = piece.strip("*# \n")
                hm = _HEADING.match(piece)
                if hm and len(piece) < 200 and "\n" not in piece.strip():
                    title = _LABEL.sub("", piece.strip("*# ")).strip("*_ ").rstrip(":")
                    if 8 < len(title) < 160 and not re.search(r"\d", title):
                        title = province_names.sub("{P}", title)
                        target = pools.headings_upper if title.upper() == title else pools.headings_lower
                        if title not in target:
                            target.append(title)
                        continue
            clean = _LABEL.sub("", _clean_inline(block)) if not block.startswith("-") else _clean_inline(block)
            if clean.startswith("- ") and len(clean) > 40:
                _add(pools, pools.list_items, province_names.sub("{P}", _slot_citations(clean[2:])))
            elif _is_whole_paragraph(clean) and "**" not in clean:
                _add(pools, pools.paragraphs, province_names.sub("{P}", _slot_citations(clean)))
    pools.recipients = list(dict.fromkeys(pools.recipients))
    for name in ("paragraphs", "headings_upper", "headings_lower", "footnotes"):
        if not getattr(pools, name):
            raise SystemExit(f"the samples under {samples_dir} gave no {name}")
    return pools


def _add(pools: Pools, target: list[str], text: str) -> None:
    if RESIDUAL_NUMBER.search(text):
        pools.dropped += 1  # a document number we could not turn into a slot
    else:
        target.append(text)


_PROVINCE_RE = None


def _province_pattern() -> re.Pattern:
    global _PROVINCE_RE
    if _PROVINCE_RE is None:
        names = set()
        for p in load_json("provinces.json")["provinces"]:
            names.add(p["name"])
            if p["capital"] != p["name"]:
                names.add(p["capital"])
        alts = sorted((re.escape(n) for n in names), key=len, reverse=True)
        _PROVINCE_RE = re.compile(r"\b(?:" + "|".join(alts) + r")\b")
    return _PROVINCE_RE


def load_json(name: str) -> dict:
    with open(os.path.join(DATA, name), encoding="utf-8") as fh:
        return json.load(fh)


# --------------------------------------------------------------------------
# people and offices

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
          "Hồ", "Ngô", "Dương", "Lý", "Lâm", "Mai", "Trương", "Đinh", "Tô", "Hà", "Thái", "Châu"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Hoàng", "Xuân", "Công", "Ngọc", "Tấn", "Hồng"]
MIDDLE_F = ["Thị", "Thị", "Ngọc", "Thanh", "Thu", "Kim", "Hồng", "Mỹ"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hùng", "Hải", "Khánh", "Long", "Minh", "Nam", "Phúc", "Quang",
           "Sơn", "Tài", "Thành", "Thắng", "Toàn", "Tuấn", "Việt", "Vinh", "Hòa", "Trung", "Lợi", "Phích"]
GIVEN_F = ["Anh", "Hà", "Hằng", "Hương", "Lan", "Liên", "Mai", "Nga", "Oanh", "Phương", "Thảo", "Thủy",
           "Trang", "Vân", "Yến", "Xuân"]
ETHNIC = ["Y Mửi", "Y Biêr Niê", "A Pớt", "Ksor Phước", "Rơ Châm Long", "Điểu Kré", "Thạch Sơn", "Lò Văn Puốn"]


def person(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.04:
        return rng.choice(ETHNIC)
    if r < 0.30:
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"
    if r < 0.40:
        return f"{rng.choice(FAMILY)} {rng.choice(GIVEN_M)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"


# issuer kinds: symbol suffix, header lines (title case, for the manifest), signature blocks
ISSUERS = {
    "TU": dict(weight=40, party=True, lines=["Tỉnh ủy {P}"], short="Ban Thường vụ Tỉnh ủy",
               sign=[("T/M Ban Thường vụ", ["Bí thư", "Phó Bí thư", "Phó Bí thư Thường trực"])]),
    "BDVTU": dict(weight=30, party=True, lines=["Tỉnh ủy {P}", "Ban Dân vận"], short="Ban Dân vận Tỉnh ủy",
                  sign=[("", ["Trưởng ban"]), ("K/T Trưởng ban", ["Phó Trưởng ban"])]),
    "BDVTU-BCSĐUBND": dict(weight=15, party=True,
                           lines=["Tỉnh ủy {P}", "Ban Dân vận Tỉnh ủy -", "Ban Cán sự đảng UBND tỉnh"],
                           short="Ban Dân vận Tỉnh ủy và Ban Cán sự đảng Ủy ban nhân dân tỉnh",
                           sign=[("T/M Ban Cán sự đảng", ["Bí thư"]), ("Ban Dân vận Tỉnh ủy", ["Trưởng ban"])],
                           joint=True),
    "UBND": dict(weight=15, party=False, lines=["Ủy ban nhân dân", "Tỉnh {P}"], short="Ủy ban nhân dân tỉnh",
                 sign=[("T/M Ủy ban nhân dân", ["Chủ tịch"]), ("K/T Chủ tịch", ["Phó Chủ tịch"])]),
}
DOC_TYPES = [("Báo cáo", "BC", 60), ("Kế hoạch", "KH", 25), ("Chương trình", "CTr", 8), ("Thông báo", "TB", 7)]

STAMP_OFFICES = ["UBND HUYỆN {D}", "UBND THÀNH PHỐ {C}", "SỞ NỘI VỤ", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
                 "BAN DÂN VẬN HUYỆN ỦY {D}", "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "HỘI NÔNG DÂN TỈNH",
                 "VĂN PHÒNG UBND TỈNH", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"]
DISTRICT_SYLLABLES = ["Châu", "Thành", "Hòa", "Phú", "Tân", "Long", "Bình", "An", "Đức", "Hải", "Sơn",
                      "Giang", "Hưng", "Lộc", "Mỹ", "Vĩnh", "Kiên", "Đông", "Tây", "Lương"]

SUBJECTS = {
    "Báo cáo": [
        ("sơ kết {n} năm thực hiện {CITE} {about}", True),
        ("kết quả thực hiện {CITE} {about}", True),
        ("tổng kết công tác dân vận năm {Y} và chương trình chỉ đạo năm {Y1}", False),
        ("công tác dân vận 6 tháng đầu năm {Y}, phương hướng, nhiệm vụ 6 tháng cuối năm {Y}", False),
        ("sơ kết 01 năm thực hiện {CITE} về công tác dân vận năm {Y0}", True),
        ("kết quả thực hiện phong trào thi đua “Dân vận khéo” năm {Y}", False),
    ],
    "Kế hoạch": [
        ("phối hợp thực hiện công tác dân vận chính quyền năm {Y}", False),
        ("thực hiện {CITE} {about}", True),
        ("tổ chức phong trào thi đua “Dân vận khéo” giai đoạn {Y}-{Y5}", False),
    ],
    "Chương trình": [
        ("chỉ đạo công tác dân vận năm {Y}", False),
        ("phối hợp thực hiện công tác dân vận giai đoạn {Y}-{Y5}", False),
    ],
    "Thông báo": [
        ("kết luận của Ban Thường vụ về kết quả giám sát việc thực hiện {CITE}", True),
        ("kết quả kiểm tra việc thực hiện công tác dân vận năm {Y}", False),
    ],
}

INTROS = [
    "Thực hiện {CITES}, {ISSUER} báo cáo như sau:",
    "Căn cứ {CITES}; {ISSUER} xây dựng {TYPE} như sau:",
    "Thực hiện {CITES}, {ISSUER} {TYPE_L} kết quả như sau:",
]

TONE_OLD = [("ủy", "uỷ"), ("Ủy", "Uỷ"), ("ỦY", "UỶ"), ("òa", "oà"), ("óa", "oá"), ("ọa", "oạ"), ("ỏa", "oả")]


# --------------------------------------------------------------------------
# documents and citations


@dataclass
class Doc:
    """A document that can be cited: central, a generated report, or a provincial one not in the corpus."""

    number: str  # canonical
    kind: str  # Kết luận, Báo cáo, ...
    date: str  # ISO
    issuer: str  # "của ..." phrase
    about: str = ""
    province: str | None = None  # None for central documents
    file: str | None = None  # set when the corpus holds it
    cited_by: int = 0


def render_cite(rng: random.Random, doc: Doc, features: set, *, bare: bool = False) -> str:
    """The citation as a report writes it, with the variants of raw-artifacts.md §8."""
    num = doc.number
    if "Đ" in num and rng.random() < 0.08:
        num = num.replace("Đ", "D")
        features.add("cite-d-for-đ")
    if rng.random() < 0.05 and "-" in num.split("/")[0]:
        num = num.replace("-", "- ", 1)
        features.add("cite-ocr-space")
    so = "" if rng.random() < 0.1 else " số"
    out = f"{doc.kind}{so} {num}"
    if bare:  # the sentence goes on with "của ..." or ", ngày ..." itself
        return out
    if rng.random() < 0.65:
        out += f"{',' if rng.random() < 0.7 else ''} ngày {fmt_date(rng, doc.date)}"
    if rng.random() < 0.6:
        out += f" của {doc.issuer}"
    if doc.about and rng.random() < 0.4:
        out += f" {doc.about}"
    return out


def short_cite(doc: Doc) -> str:
    """Short form after a first full mention: ``Kết luận số 114``."""
    digits = re.match(r"\d+", doc.number).group(0)
    return f"{doc.kind} số {digits}"


# --------------------------------------------------------------------------
# the plan: which reports exist, their numbers, dates and who cites whom


@dataclass
class Report:
    index: int
    province: dict
    issuer_kind: str
    doc_type: str
    type_code: str
    date: str
    number: str = ""
    file: str = ""
    doc: Doc | None = None
    cites_reports: list[Doc] = field(default_factory=list)
    cites_phantoms: list[Doc] = field(default_factory=list)


def make_plan(n: int, seed: int) -> tuple[list[Report], list[Doc]]:
    rng = random.Random(f"plan/{seed}")
    provinces = load_json("provinces.json")["provinces"]
    order = provinces[:]
    rng.shuffle(order)
    pweights = zipf_weights(len(order), 0.8)  # a few provinces write much more
    kinds = list(ISSUERS)
    kweights = [ISSUERS[k]["weight"] for k in kinds]
    reports = []
    for i in range(n):
        prov = rng.choices(order, pweights)[0]
        ik = rng.choices(kinds, kweights)[0]
        dt, code, _ = rng.choices(DOC_TYPES, [w for *_, w in DOC_TYPES])[0]
        year = rng.randint(2015, 2023)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        reports.append(Report(i, prov, ik, dt, code, date))
    # numbers: per (province, issuer, type), increasing with the date
    counters: dict[tuple, int] = {}
    for r in sorted(reports, key=lambda r: (r.date, r.index)):
        key = (r.province["name"], r.issuer_kind, r.type_code, r.date[:4])
        counters[key] = counters.get(key, rng.randint(0, 40)) + rng.randint(1, 30)
        k = counters[key]
        if r.issuer_kind == "UBND":
            r.number = f"{k}/{r.type_code}-UBND"
        else:
            r.number = f"{k}-{r.type_code}/{r.issuer_kind}"
    # file names, unique per province folder
    used: set[str] = set()
    for r in reports:
        folder = slugify(r.province["name"])
        tslug = slugify(r.doc_type)
        style = rng.random()
        if style < 0.75:
            base = f"{r.date}-{tslug}-{slugify(r.number)}"
        elif style < 0.9:
            base = f"{tslug}-{slugify(r.number)}-{r.date[:4]}"
        else:
            base = f"{tslug}-{r.date[:4]}-{r.index:05d}"
        name, k = f"{folder}/{base}.txt", 2
        while name in used:
            name, k = f"{folder}/{base}-{k}.txt", k + 1
        used.add(name)
        r.file = name
        issuer_phrase = ISSUERS[r.issuer_kind]["short"]
        r.doc = Doc(r.number, r.doc_type, r.date, issuer_phrase, province=r.province["name"], file=name)
    # citations among reports: earlier ones of the same province, preferential attachment
    by_province: dict[str, list[Report]] = {}
    for r in sorted(reports, key=lambda r: (r.date, r.index)):
        earlier = by_province.setdefault(r.province["name"], [])
        if earlier:
            k = rng.choices([0, 1, 2, 3, 4], [25, 35, 20, 12, 8])[0]
            k = min(k, len(earlier))
            picks: list[Report] = []
            weights = [1 + 3 * e.doc.cited_by + (2 if e.date[:4] == r.date[:4] else 0) for e in earlier]
            while len(picks) < k:
                p = rng.choices(earlier, weights)[0]
                if p not in picks:
                    picks.append(p)
            for p in picks:
                p.doc.cited_by += 1
            r.cites_reports = [p.doc for p in picks]
        earlier.append(r)
        # provincial documents outside the corpus: the long tail
        for _ in range(rng.choices([0, 1, 2, 3, 4], [20, 30, 25, 15, 10])[0]):
            kind, code = rng.choice([("Kế hoạch", "KH"), ("Công văn", "CV"), ("Quyết định", "QĐ"),
                                     ("Thông báo", "TB"), ("Chương trình", "CTr"), ("Hướng dẫn", "HD")])
            year = int(r.date[:4]) - rng.randint(0, 5)
            d = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            if d >= r.date:
                d = f"{int(r.date[:4]) - 1}{d[4:]}"
            sym = rng.choice(["TU", "TU", "BDVTU", "UBND"])
            num = f"{rng.randint(1, 2999)}/{code}-UBND" if sym == "UBND" else f"{rng.randint(1, 1999)}-{code}/{sym}"
            issuer = {"TU": "Ban Thường vụ Tỉnh ủy", "BDVTU": "Ban Dân vận Tỉnh ủy", "UBND": "Ủy ban nhân dân tỉnh"}[sym]
            r.cites_phantoms.append(Doc(num, kind, d, issuer, province=r.province["name"]))
    central = [Doc(d["number"], d["kind"], d["date"], d["issuer"], d["about"])
               for d in load_json("central_documents.json")["documents"]]
    return reports, central


# --------------------------------------------------------------------------
# writing one report


class Writer:
    """Assembles one raw report; citations go in as markers resolved at the end."""

    def __init__(self, rng: random.Random, report: Report, central: list[Doc], pools: Pools):
        self.rng = rng
        self.r = report
        self.central = central
        self.pools = pools
        self.features: set[str] = set()
        self.markers: list[tuple[Doc, str]] = []
        self.cited: list[Doc] = []
        self.queue: list[Doc] = []
        self.footnote_texts: list[str] = []

    # -- citations
    def cite(self, doc: Doc, short: bool = False, bare: bool = False) -> str:
        if short and doc in self.cited:
            text = short_cite(doc)
        else:
            text = render_cite(self.rng, doc, self.features, bare=bare)
        if doc not in self.cited:
            self.cited.append(doc)
        self.markers.append((doc, text))
        return f"\x03{len(self.markers) - 1}\x03"

    def next_cite(self, bare: bool = False) -> str:
        if self.queue:
            return self.cite(self.queue.pop(0), bare=bare)
        # a slot beyond the plan: mostly a re-mention, else a central document (steep Zipf:
        # the head of the list is cited by nearly every report, the tail rarely)
        if self.cited and self.rng.random() < 0.85:
            return self.cite(self.rng.choice(self.cited), short=self.rng.random() < 0.5, bare=bare)
        older = [d for d in self.central if d.date <= self.r.date] or self.central[:1]
        return self.cite(self.rng.choices(older, zipf_weights(len(older), 1.6))[0], bare=bare)

    def fill(self, text: str) -> str:
        text = text.replace("{P}", self.r.province["name"])
        out = []
        for i, ch in enumerate(text):
            if ch == SLOT_FULL:
                after = text[i + 1:i + 12]
                out.append(self.next_cite(bare=after.startswith((" của", ", ngày", " ngày", " (khóa", " (khoá"))))
            elif ch == SLOT_SHORT:
                if self.cited:
                    out.append(self.cite(self.rng.choice(self.cited), short=True))
                else:
                    out.append(self.next_cite())
            else:
                out.append(ch)
        return "".join(out)

    def vary_numbers(self, text: str) -> str:
        def sub(m: re.Match) -> str:
            s = m.group(0)
            if self.rng.random() < 0.5:
                return s
            lo = 10 ** (len(s) - 1) if s[0] != "0" and len(s) > 1 else 0
            v = str(self.rng.randint(lo, 10 ** len(s) - 1)).zfill(len(s))
            return v

        return re.sub(r"(?<![\d/\-.,\x03])\d{1,3}(?![\d/\-\x03])", sub, text)


def build_report(report: Report, central: list[Doc], pools: Pools, seed: int, target_bytes: int) -> tuple[str, dict]:
    rng = random.Random(f"report/{seed}/{report.index}")
    w = Writer(rng, report, central, pools)
    P = report.province["name"]
    year = int(report.date[:4])
    issuer = ISSUERS[report.issuer_kind]
    party = issuer["party"]

    # what this report cites, in the order it will try to place them
    n_central = rng.choices([1, 2, 3, 4, 5, 6, 8], [15, 25, 25, 15, 10, 6, 4])[0]
    weights = zipf_weights(len(central), 1.3)
    centrals: list[Doc] = []
    while len(centrals) < n_central:
        d = rng.choices(central, weights)[0]
        if d not in centrals and d.date <= report.date:
            centrals.append(d)
        elif all(c.date > report.date for c in central if c not in centrals):
            break
    planned = centrals + report.cites_reports + report.cites_phantoms
    rng.shuffle(planned)

    # subject (title) and its citation
    templates = SUBJECTS[report.doc_type]
    tmpl, wants_cite = rng.choice(templates)
    subject_doc = None
    if wants_cite:
        options = [d for d in report.cites_reports] + centrals[:2]
        subject_doc = rng.choice(options) if options else central[0]
        if subject_doc in planned:
            planned.remove(subject_doc)
    subject = tmpl.format(n=f"{rng.choice([1, 3, 5, 10]):02d}", Y=year, Y1=year + 1, Y0=year - 1, Y5=year + 4,
                          CITE="\x04", about=(subject_doc.about if subject_doc else ""))
    subject = re.sub(r"\s+", " ", subject).strip()
    if subject_doc:
        marker = w.cite(subject_doc)
        # the subject cites plainly: kind, number, sometimes the date
        w.markers[-1] = (subject_doc, f"{subject_doc.kind} số {subject_doc.number}"
                         + (f", ngày {fmt_date(rng, subject_doc.date, 'dash')}" if rng.random() < 0.4 else ""))
        subject = subject.replace("\x04", marker)
    w.queue = planned

    manifest_headings: list[dict] = []
    old_tone = rng.random() < 0.2
    lines: list[str] = []  # output blocks (joined with blank lines)

    # ---- header
    header_style = rng.choices(["lines", "tabs", "lost", "fused"], [50, 25, 15, 10])[0]
    w.features.add(f"header-{header_style}")
    place = rng.choice([report.province["capital"], P]) if not report.province["city"] else P
    d = [int(x) for x in report.date.split("-")]
    date_line = f"{place}, ngày {d[2]:02d} tháng {d[1]} năm {d[0]}" if rng.random() < 0.5 else \
        f"{place}, ngày {d[2]} tháng {d[1]:02d} năm {d[0]}"
    num_line = rng.choice(["Số {}", "Số: {}", "Số {}"]).format(report.number)
    issuer_lines = [s.format(P=P) for s in issuer["lines"]]
    if report.province["city"]:
        issuer_lines = [s.replace("Tỉnh ủy", "Thành ủy").replace("Tỉnh " + P, P) for s in issuer_lines]
    upper_issuers = [upper_vi(s) for s in issuer_lines]
    national = ["**ĐẢNG CỘNG SẢN VIỆT NAM**" if rng.random() < 0.5 else "ĐẢNG CỘNG SẢN VIỆT NAM"] if party else \
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    type_upper = upper_vi(report.doc_type)
    subject_lines = _break_lines(rng, subject)
    if header_style == "lines":
        lines.append("  \n".join(upper_issuers) + ("\n*" if rng.random() < 0.4 else ""))
        lines.append("  \n".join(national + [date_line]))
        lines.append(num_line)
        lines.append(f"**{type_upper}**" if rng.random() < 0.6 else type_upper)
        lines.append("  \n".join(subject_lines))
    elif header_style == "tabs":
        lines.append(" \t" + upper_issuers[0] + ("\n\t" + "\n\t".join(upper_issuers[1:]) if upper_issuers[1:] else ""))
        lines.append("*")
        lines.append(num_line + "\n\t")
        lines.append("\t" + "\n\t".join(national))
        lines.append(date_line + "\n")
        lines.append(type_upper)
        lines.append("\n\n".join(subject_lines))
        if rng.random() < 0.5:
            lines.append("_________")
    elif header_style == "lost":
        lines.append(f"{type_upper}**{' '.join(subject_lines)}**")
    # "fused" writes the type, subject and first heading(s) on one line: done with the outline below
    has_header = header_style in ("lines", "tabs")

    # ---- stamp
    received = None
    if rng.random() < 0.3:
        office = rng.choice(STAMP_OFFICES).format(
            D=upper_vi(rng.choice(DISTRICT_SYLLABLES) + " " + rng.choice(DISTRICT_SYLLABLES).lower()),
            C=upper_vi(report.province["capital"]))
        snum = str(rng.randint(10, 4999))
        sdate = add_days(report.date, rng.randint(1, 40))
        sd = [int(x) for x in sdate.split("-")]
        sdate_text = f"{sd[2]}/{sd[1]}/{sd[0]}"
        received = {"office": office, "number": snum, "date": sdate}
        if rng.random() < 0.5:
            stamp = f"{office}\t\nĐẾN\tSố: {snum}\n\tNgày: {sdate_text}\nChuyển:\t.....\nLưu hồ sơ số:\t....."
            w.features.add("stamp-tabs")
            lines.append(stamp)
            stamp_prefix = ""
        else:
            chuyen = "Chuẩn:" if rng.random() < 0.3 else "Chuyển:"
            lines.append(f"{office}\n\nSố: {snum}\n\nĐẾN Ngày: {sdate_text}\n\n{chuyen}")
            stamp_prefix = "Số và ký hiệu HS: "
            w.features.add("stamp-fused")
    else:
        stamp_prefix = ""

    # ---- intro
    n_intro = min(len(w.queue), rng.choice([1, 1, 2, 3])) if w.queue else 0
    intro_cites = [w.cite(w.queue.pop(0)) for _ in range(n_intro)] or [w.next_cite()]
    intro = rng.choice(INTROS).format(CITES="; ".join(intro_cites) if len(intro_cites) < 3 else
                                      ", ".join(intro_cites[:-1]) + " và " + intro_cites[-1],
                                      ISSUER=issuer["short"], TYPE=report.doc_type + " " + subject.split(" ")[0],
                                      TYPE_L=report.doc_type.lower())
    body_units: list[tuple[str, str]] = []  # (kind, text): kind in heading/paragraph/list
    body_units.append(("paragraph", stamp_prefix + intro))
    if rng.random() < 0.6:
        body_units.append(("paragraph", w.fill(w.vary_numbers(rng.choice(pools.paragraphs)))))

    # ---- outline
    scheme = rng.choice([["I", "1"], ["I", "1"], ["A", "I", "1"], ["P", "I", "1"], ["I", "1", "1.1"]])
    sep_roman = rng.choice([".", ".", "-"])
    sep_arabic = rng.choice([".", ".", "-"])
    markup = rng.choices(["plain", "bold", "atx", "atx-bold", "mixed"], [30, 30, 15, 10, 15])[0]
    w.features.add(f"headings-{markup}")
    par_bytes = sum(map(len, pools.paragraphs)) / len(pools.paragraphs)
    n_pars = max(3, int(target_bytes / (par_bytes * 1.7)))

    # outline tree: list of (depth, label, text) in document order, each leaf gets paragraphs
    def label(kind: str, i: int, parent: str) -> str:
        if kind == "P":
            return "Phần thứ " + ["nhất", "hai", "ba", "tư", "năm"][i]
        if kind == "A":
            return "ABCDE"[i] + "."
        if kind == "I":
            return _roman(i + 1) + sep_roman
        if kind == "1":
            return f"{i + 1}{sep_arabic}"
        return f"{parent.rstrip('.-')}.{i + 1}."

    nodes: list[tuple[int, str, str]] = []

    def grow(level: int, parent: str) -> None:
        kind = scheme[level]
        count = rng.randint(2, 4) if kind in ("P", "A") else rng.randint(2, 5)
        if kind == "P":
            count = 2
        for i in range(count):
            lab = label(kind, i, parent)
            upper = kind in ("P", "A", "I")
            text = rng.choice(pools.headings_upper if upper else pools.headings_lower)
            if upper:
                text = upper_vi(text)
            elif text.upper() == text:
                text = text.capitalize()
            nodes.append((level + 1, lab, text.replace("{P}", P)))
            if level + 1 < len(scheme) and rng.random() < 0.85:
                grow(level + 1, lab)

    grow(0, "")
    # paragraphs per node: leaves always, inner nodes sometimes (intro text under a heading)
    leaf = [i == len(nodes) - 1 or nodes[i + 1][0] <= nodes[i][0] for i in range(len(nodes))]
    slots = [i for i in range(len(nodes)) if leaf[i] or rng.random() < 0.3]
    counts = {i: 0 for i in slots}
    for i in slots:
        if leaf[i]:
            counts[i] = 1
    for _ in range(max(0, n_pars - sum(counts.values()))):
        counts[rng.choice(slots)] += 1

    fused_run: list[tuple[int, str, str]] = []

    def heading_text(depth: int, lab: str, text: str) -> str:
        full = f"{lab} {text}"
        m = markup if markup != "mixed" else rng.choice(["plain", "bold", "atx", "atx-bold"])
        if lab.startswith("Phần"):
            style = rng.choice(["italic", "upper", "plain"])
            if style == "italic":
                return f"***{lab}***\n\n***{text}***"
            if style == "upper":
                return f"{upper_vi(lab)}\n\n{text}"
            return f"{lab}\n\n{text}"
        if m == "plain":
            return full
        if m == "bold":
            if len(full) > 45 and full.upper() == full and rng.random() < 0.2:
                cut = full.rfind(" ", 0, len(full) // 2 + 10)
                w.features.add("heading-broken")
                return f"**{full[:cut]}  \n{full[cut + 1:]}**"
            return f"**{full}**"
        hashes = "#" * min(6, max(2, depth + rng.choice([0, 1, 1, 2])))
        return f"{hashes} {full}" if m == "atx" else f"{hashes} **{full}**"

    for i, (depth, lab, text) in enumerate(nodes):
        manifest_headings.append({"depth": depth, "label": lab, "text": text})
        n_here = counts.get(i, 0)
        if n_here == 0 and not lab.startswith("Phần") and rng.random() < 0.5:
            fused_run.append((depth, lab, text))
            continue
        if fused_run:
            fused_run.append((depth, lab, text))
            first = fused_run[0]
            parts = [f"{first[1]} {first[2]}"] + [f"**{h[1]} {h[2]}**" for h in fused_run[1:]]
            if rng.random() < 0.5:
                parts[0] = f"**{parts[0]}**"
            body_units.append(("heading", "".join(parts)))
            w.features.add("headings-fused")
            fused_run = []
        else:
            body_units.append(("heading", heading_text(depth, lab, text)))
        for _ in range(n_here):
            if rng.random() < 0.12:
                body_units.append(("list", "- " + w.fill(w.vary_numbers(rng.choice(pools.list_items or pools.paragraphs)))))
            else:
                body_units.append(("paragraph", w.fill(w.vary_numbers(rng.choice(pools.paragraphs)))))
    if fused_run:
        body_units.append(("heading", " ".join(f"{h[1]} {h[2]}" for h in fused_run)))
    if w.queue:  # planned citations not yet placed: one more paragraph, as reports often close
        rest = [w.cite(w.queue.pop(0)) for _ in range(len(w.queue))]
        body_units.append(("paragraph", "Tiếp tục thực hiện có hiệu quả " + "; ".join(rest) + "."))
    last = body_units[-1]
    body_units[-1] = (last[0], last[1].rstrip(".") + "./.")

    if header_style == "fused":
        # type fused to the subject and the first heading(s), as in exports that lost the layout
        first_heading = next(i for i, u in enumerate(body_units) if u[0] == "heading")
        h = body_units.pop(first_heading)[1].replace("\n\n", "")
        h = re.sub(r"^#+ ", "", h).strip("*")
        lines.append(f"**{type_upper}****{' '.join(subject_lines)}*****{h}***")

    # ---- footnotes
    enc = rng.choices(["none", "sup", "sup-paren", "unicode", "lost"], [15, 25, 20, 20, 20])[0]
    para_idx = [i for i, u in enumerate(body_units) if u[0] in ("paragraph", "list")]
    n_notes = 0 if enc == "none" else min(len(para_idx), max(2, int(rng.randint(3, 12) * target_bytes / 40000)))
    note_at = sorted(rng.sample(para_idx, n_notes)) if n_notes else []
    notes: list[tuple[int, str]] = []  # (unit index, definition text)
    for k, ui in enumerate(note_at, start=1):
        kind, text = body_units[ui]
        body_units[ui] = (kind, _insert_ref(rng, text, k, enc))
        definition = w.fill(w.vary_numbers(rng.choice(pools.footnotes)))
        if rng.random() < 0.05 and pools.list_items:
            definition += "\n\n- " + w.fill(rng.choice(pools.list_items)) + "\n\n- " + w.fill(rng.choice(pools.list_items))
            w.features.add("footnote-multiparagraph")
        notes.append((ui, definition))
    w.features.add(f"footnotes-{enc}")

    # ---- page layout: footnote definitions at page ends, paragraphs cut by page breaks
    page_len = rng.randint(2600, 3600)
    out_body: list[str] = []
    used = 0
    pending_notes: list[tuple[int, str]] = []
    carry: str | None = None  # definition continued on the next page
    note_by_unit = {ui: (k, d) for k, (ui, d) in enumerate(notes, start=1)}
    lost_defs: list[str] = []
    for ui, (kind, text) in enumerate(body_units):
        if ui in note_by_unit:
            pending_notes.append(note_by_unit[ui])
        used += len(text)
        if used < page_len:
            out_body.append(text)
            continue
        used = 0
        # page break inside this unit (paragraphs only), then the page's footnote definitions
        cut = None
        if kind == "paragraph" and len(text) > 200 and rng.random() < 0.6 and "\x03" not in text[100:-60]:
            spaces = [m.start() for m in re.finditer(" ", text[60:-60])]
            if spaces:
                cut = 60 + rng.choice(spaces)
        page_defs: list[str] = []
        if enc in ("sup", "sup-paren", "unicode"):
            if carry:
                page_defs.append(carry)
                carry = None
            for k, d in pending_notes:
                page_defs.append(_def_marker(k, enc) + " " + d)
            if page_defs and rng.random() < 0.15 and len(page_defs[-1]) > 300 and "\n" not in page_defs[-1]:
                last_def = page_defs[-1]
                at = last_def.find(" ", len(last_def) // 2)
                if at > 0 and "\x03" not in last_def[at - 20:at + 20]:
                    page_defs[-1], carry = last_def[:at], last_def[at + 1:]
                    w.features.add("footnote-continued")
        elif enc == "lost":
            lost_defs += [d for _, d in pending_notes]
        pending_notes = []
        separator = rng.choices(["", "---", "*"], [80, 15, 5])[0]
        if cut is not None:
            out_body.append(text[:cut])
            w.features.add("page-break-cut")
            out_body += page_defs
            if separator:
                out_body.append(separator)
            out_body.append(text[cut + 1:])
        else:
            out_body.append(text)
            out_body += page_defs
            if separator:
                out_body.append(separator)
    if enc in ("sup", "sup-paren", "unicode"):
        if carry:
            out_body.append(carry)
        for k, d in pending_notes:
            out_body.append(_def_marker(k, enc) + " " + d)
    elif enc == "lost":
        lost_defs += [d for _, d in pending_notes]

    # ---- end matter
    signers = []
    blocks = issuer["sign"]
    if issuer.get("joint"):
        chosen = blocks
    else:
        chosen = [rng.choice(blocks)]
    sig_texts = []
    bold = rng.random() < 0.5
    for role, titles in chosen:
        title = rng.choice(titles)
        name = person(rng)
        signers.append({"role": role, "title": title, "name": name})
        top = [upper_vi(role)] if role else []
        if report.province["city"]:
            top = [t.replace("TỈNH ỦY", "THÀNH ỦY") for t in top]
        sig_lines = top + [upper_vi(title)]
        if bold:
            sig_texts.append("**" + "  \n".join(sig_lines) + "**\n\n\n\n**" + name + "**")
        elif rng.random() < 0.2 and len(sig_lines) == 2:
            sig_texts.append("\t" + sig_lines[0] + " " * rng.randint(20, 70) + sig_lines[1] + "\n\n" + name)
            w.features.add("signature-one-line")
        else:
            sig_texts.append("\n\n".join(sig_lines) + "\n\n\n\n" + name)
    n_rec = rng.randint(3, 12)
    recs = rng.sample(pools.recipients, min(n_rec, len(pools.recipients))) if pools.recipients else []
    recs = [x.replace("{P}", P) for x in recs]
    recs = [x for x in recs if not x.startswith("Lưu")] + ["Lưu Văn phòng Tỉnh ủy" if party else "Lưu: VT"]
    rec_head = rng.choice(["Nơi nhận:", "**Nơi nhận:**", "#### Nơi nhận:", "\tNơi nhận:"])
    rec_items = [f"- {x}," for x in recs[:-1]] + [f"- {recs[-1]}."]
    rec_text = rec_head + ("\n\n" if rng.random() < 0.5 else "\n") + "\n".join(rec_items)
    initials = ""
    if rng.random() < 0.15:
        initials = rng.choice([".LTT", ".NVA", " *" + rng.choice(["Chau", "Hoa", "Lan"]) + "*"])
        w.features.add("typist-initials")
    end = []
    if rng.random() < 0.5:
        end += [rec_text + initials] + sig_texts
    else:
        end += sig_texts + [rec_text + initials]

    body_text = "\n\n".join(out_body + end)
    if enc == "lost":
        for k in range(len(lost_defs)):
            d = lost_defs[k]
            if rng.random() < 0.05:
                at = d.find(" ", len(d) // 2)
                if at > 0:
                    d = d[:at] + "\ufffd" + d[at:]
                    w.features.add("stray-fffd")
            lost_defs[k] = "\ufffd " + d
        body_text += "\n\n\n" + "\n\n\n".join(lost_defs) + ("\n\n\n" if rng.random() < 0.5 else "")
    text = "\n\n".join(lines) + "\n\n" + body_text
    if rng.random() < 0.7:
        text = "\n\n" + text
    # resolve citation markers, in text order
    cites: list[str] = []
    cites_in_corpus: list[str] = []

    def resolve(m: re.Match) -> str:
        doc, written = w.markers[int(m.group(1))]
        if doc.number not in cites:
            cites.append(doc.number)
            if doc.file and doc.file not in cites_in_corpus:
                cites_in_corpus.append(doc.file)
        return written

    text = re.sub("\x03(\\d+)\x03", resolve, text)
    subject_plain = re.sub("\x03(\\d+)\x03", lambda m: w.markers[int(m.group(1))][1], subject)
    if old_tone:
        for a, b in TONE_OLD:
            text = text.replace(a, b)
        w.features.add("tone-old-style")
    text = nfc(text)

    def as_written(value):
        """Manifest text as the raw file spells it (tone placement included)."""
        if isinstance(value, str):
            if old_tone:
                for a, b in TONE_OLD:
                    value = value.replace(a, b)
            return nfc(value)
        if isinstance(value, list):
            return [as_written(v) for v in value]
        if isinstance(value, dict):
            return {k: as_written(v) if k != "depth" else v for k, v in value.items()}
        return value

    manifest = {
        "file": report.file,
        "id": f"{slugify(P)}:{report.number}",
        "doc_type": report.doc_type,
        "title": as_written(subject_plain),
        "number": report.number if has_header else None,
        "date": report.date if has_header else None,
        "true_number": report.number,
        "true_date": report.date,
        "place": as_written(place) if has_header else None,
        "province": P,
        "issuers": as_written([s.rstrip(" -") for s in issuer_lines]) if has_header else [],
        "signers": as_written(signers),
        "recipients": as_written(recs),
        "received": as_written(received),
        "footnotes": {"encoding": enc, "count": n_notes},
        "headings": as_written(manifest_headings),
        "cites": cites,
        "cites_in_corpus": cites_in_corpus,
        "features": sorted(w.features),
    }
    return text, manifest


def _roman(n: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][n - 1]


def _break_lines(rng: random.Random, text: str) -> list[str]:
    """The subject over 1-3 lines, as a header prints it."""
    words = text.split(" ")
    n = 1 if len(text) < 70 else rng.choice([1, 2, 3])
    if n == 1:
        return [text]
    size = -(-len(words) // n)
    out = []
    i = 0
    while i < len(words):
        chunk = words[i:i + size]
        if any("\x03" in c and c.count("\x03") == 1 for c in chunk[-1:]):
            size += 1
            continue
        out.append(" ".join(chunk))
        i += size
    return out


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _ref_marker(k: int, enc: str) -> str:
    if enc == "sup":
        return f"<sup>{k}</sup>"
    if enc == "sup-paren":
        return f"<sup>({k})</sup>"
    if enc == "unicode":
        return "⁽" + str(k).translate(_SUPERSCRIPT) + "⁾"
    return "\n"


def _def_marker(k: int, enc: str) -> str:
    if enc == "unicode":
        return "⁽" + str(k).translate(_SUPERSCRIPT) + "⁾"
    return f"<sup>{k}</sup>"


def _insert_ref(rng: random.Random, text: str, k: int, enc: str) -> str:
    """Put footnote reference ``k`` after a word, before punctuation or a space."""
    spots = [m.end() for m in re.finditer(r"[^\W\d](?=[;,.:] |[;,.:]$| [^\W\d])", text)]
    spots = [s for s in spots if "\x03" not in text[max(0, s - 1):s + 1] and text[:s].count("\x03") % 2 == 0]
    at = rng.choice(spots[len(spots) // 3:] or spots) if spots else len(text)
    return text[:at] + _ref_marker(k, enc) + text[at:]


# --------------------------------------------------------------------------
# encodings

def encode(text: str, encoding: str) -> bytes:
    """Bytes of ``text`` in ``encoding`` (utf-8, utf-8-sig, utf-16, cp1258)."""
    if encoding == "cp1258":
        # Windows-1258 holds few precomposed letters: base letter (with its hat, breve or horn)
        # plus a combining tone mark, as Word writes it.
        out = bytearray()
        for cluster in re.findall(r".[\u0300-\u036f]*", unicodedata.normalize("NFD", text), re.S):
            base = "".join(c for c in cluster if c not in "\u0300\u0301\u0303\u0309\u0323")
            tones = "".join(c for c in cluster if c in "\u0300\u0301\u0303\u0309\u0323")
            for candidate in (nfc(cluster), nfc(base) + tones):
                try:
                    out += candidate.encode("cp1258")
                    break
                except UnicodeEncodeError:
                    continue
            else:
                raise UnicodeEncodeError("cp1258", cluster, 0, 1, "no Windows-1258 form")
        return bytes(out)
    if encoding == "utf-16":
        return b"\xff\xfe" + text.encode("utf-16-le")  # Word's "Unicode text": LE with BOM
    return text.encode(encoding)


# --------------------------------------------------------------------------
# main


#: Real documents of the genre (``shared/corpus/real/``, see its README) mixed into the corpus.
REAL_DIR = os.path.join(os.path.dirname(ROOT), "shared", "corpus", "real", "raw")
#: Share of a corpus made of real-document variants (State documents, legal structure,
#: tables, attachments, ``[n]`` footnotes, hard-wrapped text, portal pages).
REAL_SHARE = 0.3
_REAL_NUMBER = re.compile(r"(Số(?:\s*(?:và ký hiệu|hiệu))?\s*[:.]?\s*\**\s*)(\d+)")


def _distinct(paths: list[str]) -> list[str]:
    """``paths`` without the files whose bytes an earlier path already has (order kept).

    The real corpus holds the same document twice under two ids (fa3395538c5c7356 and
    e8b69e31579c0186); both in one corpus would be two files claiming one page, a
    conversion error that stops ``baocao build`` (exit 1) and so the benchmark.
    """
    seen: set[str] = set()
    out = []
    for path in paths:
        with open(path, "rb") as fh:
            digest = hashlib.sha256(fh.read()).hexdigest()
        if digest not in seen:
            seen.add(digest)
            out.append(path)
    return out


def real_variants(docs: list[str], count: int, seed: int):
    """``count`` variants of the real documents ``docs``: ``(source path, bytes, manifest entry)``.

    Documents are taken in a seeded order, cycling; the k-th reuse of a document
    gets its number changed (the first ``Số ...`` digits plus ``k`` thousand), so
    every file is a distinct document (its own page, not a duplicate claim of
    one), as a collection of similar documents from many offices would be.
    Files go to ``real/<k>-<id>.txt`` as UTF-8.
    """
    if not docs or count <= 0:
        return
    order = list(docs)
    random.Random(f"real/{seed}").shuffle(order)
    for i in range(count):
        path = order[i % len(order)]
        copy = i // len(order)
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        number = None
        m = _REAL_NUMBER.search(text)
        if m:
            number = str(int(m.group(2)) + 1000 * copy) if copy else m.group(2)
            text = text[: m.start(2)] + number + text[m.end(2):]
        data = text.encode("utf-8")
        doc_id = os.path.splitext(os.path.basename(path))[0]
        entry = {"file": f"real/{copy:03d}-{doc_id}.txt", "encoding": "utf-8", "bytes": len(data),
                 "kind": "real", "source": doc_id, "copy": copy, "number_digits": number,
                 "cites": [], "cites_in_corpus": []}
        yield path, data, entry


def make_corpus(n: int, out: str, seed: int = 1, samples: str | None = None,
                other_encodings: float = 0.0, force: bool = False, target_kb: float = 45.0,
                real: str | None = None, real_share: float = REAL_SHARE) -> dict:
    """Write ``n`` raw reports under ``out`` and ``out/manifest.json``; returns the manifest.

    ``samples`` is the folder of sample reports (default: ``raw/`` of the repository);
    ``other_encodings`` the share of files written as UTF-8 with BOM, UTF-16 LE or
    Windows-1258 instead of UTF-8; ``target_kb`` the median report size in KB.
    ``real`` is a folder of real documents (default: ``shared/corpus/real/raw`` beside
    the repository, when it exists; ``""`` for none): ``real_share`` of the ``n`` files
    are variants of them (:func:`real_variants`), the rest are synthesized.
    Raises ``SystemExit`` if ``out`` holds files and is not a corpus (no manifest)
    or ``force`` is not set.
    """
    samples = samples or os.path.join(ROOT, "raw")
    real = REAL_DIR if real is None else real
    real_docs = _distinct(sorted(os.path.join(real, f) for f in os.listdir(real) if f.endswith(".txt"))) if real and os.path.isdir(real) else []
    n_real = round(n * real_share) if real_docs else 0
    if os.path.isdir(out) and os.listdir(out):
        if not force or not os.path.exists(os.path.join(out, "manifest.json")):
            raise SystemExit(f"{out} is not empty (use --force to replace a corpus written by this script)")
        shutil.rmtree(out)
    pools = load_pools(samples)
    reports, central = make_plan(n - n_real, seed)
    size_rng = random.Random(f"sizes/{seed}")
    entries = []
    total = 0
    for report in reports:
        target = int(target_kb * 1000 * size_rng.lognormvariate(0, 0.45))
        target = max(4000, min(target, 400_000))
        text, entry = build_report(report, central, pools, seed, target)
        enc_rng = random.Random(f"enc/{seed}/{report.index}")
        encoding = "utf-8"
        if other_encodings and enc_rng.random() < other_encodings:
            encoding = enc_rng.choice(["utf-8-sig", "utf-16", "cp1258"])
        try:
            data = encode(text, encoding)
        except UnicodeEncodeError:
            encoding, data = "utf-8", text.encode("utf-8")
        path = os.path.join(out, report.file)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data)
        entry = {"file": entry.pop("file"), "encoding": encoding, "bytes": len(data), **entry}
        entries.append(entry)
        total += len(data)
    for path, data, entry in real_variants(real_docs, n_real, seed):
        full = os.path.join(out, entry["file"])
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as fh:
            fh.write(data)
        entries.append(entry)
        total += len(data)
    cited_by: dict[str, int] = {}
    for e in entries:
        for c in e["cites"]:
            cited_by[c] = cited_by.get(c, 0) + 1
    manifest = {
        "version": MANIFEST_VERSION,
        "generator": "benchmarks/make_corpus.py",
        "n": n,
        "seed": seed,
        "real": {"folder": os.path.relpath(real, ROOT) if real_docs else None, "documents": len(real_docs),
                 "files": n_real},
        "total_bytes": total,
        "pools": {"paragraphs": len(pools.paragraphs), "list_items": len(pools.list_items),
                  "headings": len(pools.headings_upper) + len(pools.headings_lower),
                  "footnotes": len(pools.footnotes), "recipients": len(pools.recipients),
                  "dropped_blocks": pools.dropped},
        "central_documents": [{"number": d.number, "kind": d.kind, "date": d.date,
                               "cited_by": cited_by.get(d.number, 0)} for d in central],
        "reports": entries,
    }
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8", newline="\n") as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="example: python benchmarks/make_corpus.py 1000 benchmarks/out/corpus-1000")
    ap.add_argument("n", type=int, help="number of reports")
    ap.add_argument("out", help="output folder (OUT/<province>/<file>.txt + OUT/manifest.json)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--samples", help="folder of sample raw reports (default: raw/)")
    ap.add_argument("--other-encodings", type=float, default=0.0, metavar="SHARE",
                    help="share of files in UTF-8+BOM, UTF-16 LE or Windows-1258 (default 0)")
    ap.add_argument("--target-kb", type=float, default=45.0, help="median report size in KB (default 45)")
    ap.add_argument("--force", action="store_true", help="replace OUT if it holds a corpus")
    ap.add_argument("--real", help="folder of real documents to mix in (default: shared/corpus/real/raw; '' for none)")
    ap.add_argument("--real-share", type=float, default=REAL_SHARE, help=f"share of real-document variants (default {REAL_SHARE})")
    args = ap.parse_args(argv)
    m = make_corpus(args.n, args.out, args.seed, args.samples, args.other_encodings, args.force, args.target_kb,
                    args.real, args.real_share)
    provinces = len({e["province"] for e in m["reports"] if e.get("kind") != "real"})
    links = sum(len(e["cites_in_corpus"]) for e in m["reports"])
    print(f"{args.n} reports ({m['real']['files']} real-document variants), {m['total_bytes'] / 1e6:.1f} MB, {provinces} provinces, "
          f"{links} links between reports -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
