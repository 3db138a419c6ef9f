"""Shared recognizers of the document's vocabulary: labels, types, punctuation.

Each is a general rule from the formatting standards (Hướng dẫn 36-HD/VPTW for
Party documents, Nghị định 30/2020/NĐ-CP for State ones), not from a sample.
"""

from __future__ import annotations

import re
from functools import lru_cache

from converters.lexicon.slugs import fold

#: Document types (tên loại) as they are printed in upper case, longest first.
DOC_TYPES = [
    "Văn bản hợp nhất",
    "Chương trình hành động",
    "Chương trình phối hợp",
    "Quy chế phối hợp",
    "Thông báo kết luận",
    "Hướng dẫn liên tịch",
    "Kế hoạch liên tịch",
    "Nghị quyết liên tịch",
    "Thông tư liên tịch",
    "Chương trình",
    "Báo cáo",
    "Kế hoạch",
    "Thông báo",
    "Nghị quyết",
    "Quyết định",
    "Quy định",
    "Quy chế",
    "Chỉ thị",
    "Kết luận",
    "Hướng dẫn",
    "Tờ trình",
    "Đề án",
    "Công văn",
    "Công điện",
    "Nghị định",
    "Thông tư",
    "Pháp lệnh",
    "Luật",
    "Biên bản",
    "Dự thảo",
    # The rest of the two standards' tables of types (HD 36-HD/VPTW Phụ lục "Tên loại văn bản";
    # NĐ 30/2020/NĐ-CP Phụ lục III; the Lệnh công bố of a law): a type line of any of them is
    # the type line, not an issuer or the body (lexicon/data/symbols.yml lists their codes).
    "Chương trình liên tịch",
    "Thông báo liên tịch",
    "Kế hoạch phối hợp",
    "Bản thỏa thuận",
    "Bản ghi nhớ",
    "Giấy mời",
    "Giấy giới thiệu",
    "Giấy ủy quyền",
    "Thông tri",
    "Thông cáo",
    "Phương án",
    "Dự án",
    "Lệnh",
]
_TYPE_BY_FOLD = {fold(t): t for t in DOC_TYPES}
#: Words that open the title of an attached document, upper case (NĐ 30/2020 Phụ lục III; HD 36
#: §3): every type of ``DOC_TYPES`` but the draft label and the consolidated text (they head no
#: attachment), and what a text issues or annexes besides them: an annex, a charter, a list, a
#: form, a table, a procedure, criteria, a standard, a strategy, a master plan, an outline.
ATTACHMENT_WORDS = [
    "PHỤ LỤC", "ĐIỀU LỆ", "DANH MỤC", "DANH SÁCH", "BIỂU MẪU", "MẪU", "BẢNG", "BIỂU", "QUY TRÌNH",
    "THỦ TỤC", "NỘI DUNG", "BỘ TIÊU CHÍ", "TIÊU CHÍ", "TIÊU CHUẨN", "CHIẾN LƯỢC", "QUY HOẠCH", "ĐỀ CƯƠNG",
] + [t.upper() for t in DOC_TYPES if t not in ("Dự thảo", "Văn bản hợp nhất")]
#: ``ATTACHMENT_WORDS`` as one regex alternation (longest first, any blanks between words;
#: "PHỤLỤC" glued by an export too), for ``^(?:...)\b``.
ATTACHMENT_ALTERNATION = "|".join(
    r"PHỤ\s*LỤC" if w == "PHỤ LỤC" else r"\s+".join(map(re.escape, w.split()))
    for w in sorted(set(ATTACHMENT_WORDS), key=len, reverse=True)
)

#: ``DOC_TYPES`` longest first, so "THÔNG BÁO LIÊN TỊCH" is not read as "Thông báo" + rest.
_TYPES_LONGEST_FIRST = sorted(DOC_TYPES, key=len, reverse=True)
_NON_LETTERS = re.compile(r"[^a-z ]+")
_RUN_OF_SPACES = re.compile(r"\s+")


def doc_type_of(text: str) -> str | None:
    """The document type a whole line names, sentence case, else ``None``.

    >>> doc_type_of("**BÁO CÁO**"), doc_type_of("KẾ HOẠCH"), doc_type_of("Báo cáo tình hình")
    ('Báo cáo', 'Kế hoạch', None)
    """
    key = _NON_LETTERS.sub(" ", fold(text)).strip()
    key = _RUN_OF_SPACES.sub(" ", key)
    return _TYPE_BY_FOLD.get(key)


def leading_doc_type(text: str) -> tuple[str, str] | None:
    """Split an upper-case type word off the start of a line: ``("Báo cáo", rest)``.

    Only an upper-case type counts (a title line "BÁO CÁO" fused to its subject).

    >>> leading_doc_type("BÁO CÁO sơ kết 05 năm")
    ('Báo cáo', 'sơ kết 05 năm')
    >>> leading_doc_type("KẾ HOẠCH PHỐI HỢP tổ chức hội nghị")
    ('Kế hoạch phối hợp', 'tổ chức hội nghị')
    >>> leading_doc_type("Báo cáo số 12") is None
    True
    """
    for t in _TYPES_LONGEST_FIRST:
        n = len(t)
        head = text[:n]
        if head.isupper() and fold(head) == fold(t) and (len(text) == n or not text[n].isalpha()):
            return t, text[n:].strip()
    return None


_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
#: Numbering labels at the start of a line, with their scheme name (depth order below).
LABEL_PATTERNS = [
    ("part", re.compile(r"(?i)^(Phần\s+(?:thứ\s+)?(?:nhất|hai|ba|bốn|tư|năm|sáu|bảy|tám|chín|mười|[IVX]+|\d+))\b[.:]?")),
    # Legal structure (NĐ 30/2020/NĐ-CP Phụ lục I §IV): "Chương I", "Mục 1" alone on their line
    # or before their title; "Điều 5." / "Điều 10a." with its dot (a cited "Điều 5 Luật ..." has none).
    ("chapter", re.compile(r"(?i)^(Chương\s+(?-i:[IVXLC]+)|Chương\s+\d{1,3})(?=[\s.:\-–]|$)(?:\s*[.:\-–](?=\s|$))?")),
    ("section", re.compile(r"(?i)^(Mục\s+(?-i:[IVXLC]+)|Mục\s+\d{1,3})(?=[\s.:\-–]|$)(?:\s*[.:\-–](?=\s|$))?")),
    ("article", re.compile(r"(?i)^(Điều\s+\d{1,3}[a-zđ]?)\s*[.:]")),
    ("alpha", re.compile(r"^([A-H])[.\-–]\s")),
    ("roman", re.compile(r"^(" + _ROMAN + r")\s?[.\-–]\s?(?=\S)")),
    ("decimal3", re.compile(r"^(\d{1,2}\.\d{1,2}\.\d{1,2})\.?\s")),
    ("decimal2", re.compile(r"^(\d{1,2}\.\d{1,2})\.?\s")),
    ("decimal", re.compile(r"^(\d{1,2})\s?[.\-–)]\s?(?=\S)")),
    ("letter", re.compile(r"^([a-zđ])[).]\s")),  # điểm "a)" (NĐ 30/2020), also written "a."
]
#: What any of LABEL_PATTERNS can start with (a quick pre-test, kept in step with them).
_LABEL_START = re.compile(r"(?:\d|[A-H]\s?[.\-–]|[IVXLC]+\s?[.\-–]|[a-zđ][).]|(?i:phần|chương|mục|điều)\s)")
#: Depth order of numbering schemes, outermost first (Hướng dẫn 36-HD/VPTW §2.6, NĐ 30/2020 Phụ lục I).
SCHEME_ORDER = ["part", "article", "alpha", "roman", "decimal", "decimal2", "decimal3", "letter"]
#: The outline of a legal text (NĐ 30/2020/NĐ-CP Phụ lục I §IV; Luật Ban hành VBQPPL 2025 Điều 59):
#: Phần > Chương > Mục > Điều are headings; khoản and điểm inside an article are numbered paragraphs.
LEGAL_ORDER = ["part", "chapter", "section", "article"]


_ROMAN_FULL = re.compile(_ROMAN)
#: The first characters each of LABEL_PATTERNS can match at (its group 1 is not empty), by
#: scheme; ``tests/test_converter_prefilters.py`` checks them against the patterns.
_FIRST_CHARS = {
    "part": "Pp", "chapter": "Cc", "section": "Mm", "article": "Đđ", "alpha": "ABCDEFGH", "roman": "IVX",
    "decimal3": "0123456789", "decimal2": "0123456789", "decimal": "0123456789",
    "letter": "abcdefghijklmnopqrstuvwxyzđ",
}
#: A line's first character -> the patterns that may match there, in LABEL_PATTERNS' order (a
#: character not listed, e.g. another script's digit for ``\d``, tries them all).
_PATTERNS_AT = {
    c: [(scheme, pat) for scheme, pat in LABEL_PATTERNS if c in _FIRST_CHARS[scheme]]
    for c in "".join(_FIRST_CHARS.values())
}
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=1 << 15)  # pure; steps ask again about the same lines
def numbering(text: str) -> tuple[str, str, str] | None:
    """``(scheme, label as written, rest)`` for a line that starts with a numbering label.

    >>> numbering("I. TÌNH HÌNH")
    ('roman', 'I.', 'TÌNH HÌNH')
    >>> numbering("1- Tình hình"), numbering("1.1. Kết quả")[:2], numbering("Phần thứ hai")[:2]
    (('decimal', '1-', 'Tình hình'), ('decimal2', '1.1.'), ('part', 'Phần thứ hai'))
    >>> numbering("1.580 người") is None, numbering("2016-2021 là") is None
    (True, True)
    """
    if not _LABEL_START.match(text):
        return None  # most lines start with a word: one test instead of ten
    for scheme, pat in _PATTERNS_AT.get(text[0], LABEL_PATTERNS):
        m = pat.match(text)
        if not m or not m.group(1):
            continue
        label = m.group(0).strip()
        rest = text[m.end() :].strip()
        if scheme == "roman" and not _ROMAN_FULL.fullmatch(m.group(1)):
            continue
        if scheme == "decimal" and _DIGIT.match(rest):
            continue  # "1.580", "2016-2021": a number, not a label
        if scheme == "alpha" and len(rest) > 0 and not rest[0].isupper():
            continue  # "A. " labels head upper-case titles
        if scheme in ("roman", "alpha") and not rest:
            continue
        if scheme in ("chapter", "section") and rest and label[-1].isalnum() and not rest.isupper():
            continue  # "Chương 2 Luật này ...": a mention; a title without a dot is in capitals
        return scheme, label, rest
    return None


#: Characters that end a sentence or a clause that closes a paragraph.
TERMINAL = ".:;!?…"


def ends_open(text: str) -> bool:
    """True when a paragraph stops mid-sentence (cut by a page break or a lost anchor).

    Markup and closing quotes are looked through: ``"đồng tình**"`` is open,
    ``"như sau:"`` and ``"(26,11%)."`` are closed.

    >>> ends_open("cụ thể hóa triển"), ends_open("giảm số thôn,"), ends_open("như sau:")
    (True, True, False)
    """
    t = text.rstrip().rstrip("*_ \u00a0")
    if not t:
        return False
    last = t[-1]
    if last in TERMINAL:
        return False
    if last in "”\")»’'":
        return False
    return last.isalnum() or last in ",-–(“%"


def starts_midsentence(text: str) -> bool:
    """True when a paragraph starts like the rest of a cut sentence (lower case, digit, punctuation)."""
    t = text.lstrip("*_ \u00a0")
    if not t:
        return False
    c = t[0]
    return c.islower() or c.isdigit() or c in ",.;:)%”"
