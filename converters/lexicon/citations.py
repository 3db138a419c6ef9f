"""Citations of other documents: recognition in plain text and identity across variants.

Reports cite the documents they implement: "Kết luận số 114-KL/TW, ngày 14-7-2015 của Ban Bí
thư Trung ương Đảng (khóa XI) về ...".  This module finds such citations in a block's plain text
(no markup) and gives each one an identity (``key``) so that every variant of one document
meets (``raw-artifacts.md`` §8):

- spacing, dash, ``D``/``Đ``/``Ð`` and case variants of the number meet through
  :func:`converters.lexicon.symbols.canonical_number`;
- tone-mark placement and case of the type word do not matter (matched on folded text);
- short forms ("Kết luận số 114", "Chỉ thị 16") resolve to the full number cited earlier in the
  same document with the same type and leading number; aliases declared in the text
  ("(sau đây gọi là Kết luận 114)", "(viết tắt là ...)") resolve to the citation just before;
- a provincial number (``/TU``, ``-UBND``) only identifies a document within its province, so
  its key carries the citing report's province: ``"kien-giang:1823-TB/TU"``; a central number
  (``/TW``, ``-TTg``) is one document nationwide: ``"114-KL/TW"``.

A bare type word without a number ("Kế hoạch này", "Nghị quyết Đại hội") is not a citation.

All matching runs in linear time: regular expressions here have no nested unbounded
quantifiers, and every scan advances past what it consumed.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from converters.lexicon.slugs import fold, slugify
from converters.lexicon.symbols import (
    DASHES, canonical_number, citation_scope, dfold, identity_number, issuer_variants, parse_number, type_codes,
)

# --------------------------------------------------------------------------------------------
# Type words (tên loại), written as the standards write them (sentence case).  A type may be
# followed by a qualifier that makes a compound type ("Chương trình phối hợp").
_BASE_TYPES = (
    "Nghị quyết", "Quyết định", "Quy định", "Chỉ thị", "Kết luận", "Thông báo", "Thông tri",
    "Thông cáo", "Hướng dẫn", "Kế hoạch", "Chương trình", "Quy chế", "Công văn", "Báo cáo",
    "Đề án", "Dự án", "Phương án", "Tờ trình", "Nghị định", "Thông tư", "Pháp lệnh", "Luật",
    "Hiến pháp", "Công điện", "Điều lệ", "Lệnh", "Bộ luật",
)
_QUALIFIERS = ("liên tịch", "phối hợp", "hành động", "kết luận")
# "kết luận" only qualifies "Thông báo" ("Thông báo kết luận"); elsewhere it starts a new type.
_QUALIFIED_ONLY = {"ket luan": {"thong bao"}}

_TYPE_BY_FOLD = {fold(t): t for t in _BASE_TYPES}
_QUAL_BY_FOLD = {fold(q): q for q in _QUALIFIERS}


def _alt(words) -> str:
    # Longest first so that "thong bao" never wins over a longer alternative at one position.
    # Grouped by first letter, each group in that order ("q(?:uyet dinh|uy dinh|uy che)|..."):
    # words of other groups cannot match where a group's letter stands, so the match is the
    # plain alternation's, and the engine tries one group at a position, not every word.
    groups: dict[str, list[str]] = {}
    for w in sorted(words, key=len, reverse=True):
        groups.setdefault(w[0], []).append(re.escape(w[1:]).replace(r"\ ", "[ ]{1,3}"))
    return "|".join(re.escape(first) + "(?:" + "|".join(rests) + ")" for first, rests in groups.items())


# Matched on folded text (see _fold_same_length), so case and tone marks do not matter.
# "(?<!phap )" keeps "pháp luật" (the law in general) from reading as the type word "Luật".
_TYPE_RE = re.compile(
    r"(?<![a-z0-9])(?<!phap )(" + _alt(_TYPE_BY_FOLD) + r")(?:[ ]{1,3}(" + _alt(_QUAL_BY_FOLD) + r"))?(?![a-z0-9])"
)
#: The type words alone: the cheap prefilter of ``_TYPE_RE`` in :meth:`CitationScanner.scan`.
_TYPE_WORDS_RE = re.compile(_alt(_TYPE_BY_FOLD))
# After the type word: optional "số" (or "số:"), the leading number, then the symbol codes.
# A separator may carry an OCR space on one side only ("114- KL/TW", "1276 /UBND"): a dash with
# spaces on both sides is prose.  Each repetition must consume a separator, so the loop cannot
# backtrack more than one token's length.
_NUM_RE = re.compile(
    r"[ ]{1,3}(?:(so)[ ]{0,3}[:.]?[ ]{0,3})?"
    r"([0-9]{1,6}[a-z]?)"
    r"((?:(?: [-/]|[-/] ?)(?:[0-9]{4}(?= ?/)|[a-z&][a-z0-9&]{0,19})){0,10})"
    r"(?![a-z0-9])"
)
# A further number of the same type after a citation: "Quyết định số 217-QĐ/TW và 218-QĐ/TW".
_CONT_RE = re.compile(r"[ ]{0,2}(?:,|;|[ ]va|[ ]&)[ ]{1,3}(?:so[ ]{1,3})?(?=[0-9])")
_DATE_RE = re.compile(
    r"[ ]{0,2},?[ ]{0,3}(?:(?:ban hanh[ ]{1,2})?ngay[ ]{1,3}:?[ ]{0,2})?"
    r"(?:([0-9]{1,2})[ ]?([-/.])[ ]?([0-9]{1,2})[ ]?\2[ ]?([0-9]{4})"
    r"|([0-9]{1,2})[ ]{1,2}thang[ ]{1,2}([0-9]{1,2})[ ]{1,2}nam[ ]{1,2}([0-9]{4}))"
    r"(?![0-9])"
)
_ISSUER_LEAD_RE = re.compile(r"[ ]{0,2},?[ ]{0,2}(cua|giua)[ ]{1,3}")
_SUBJECT_LEAD_RE = re.compile(r"[ ]{0,2},?[ ]{0,2}(ve)[ ]{1,3}")
_TERM_RE = re.compile(r"[ ]{0,2}\((?:khoa|nhiem ky)[ ][^()]{1,20}\)")
# An alias declared just before a citation: "(sau đây gọi là", "(gọi chung là", "(viết tắt là".
_ALIAS_RE = re.compile(
    r"\([ ]{0,2}(?:sau[ ]day[ ]{1,2})?(?:duoc[ ]{1,2})?(?:goi[ ]chung|goi[ ]tat|viet[ ]tat|goi)"
    r"(?:[ ]{1,2}la)?[ ]{0,2}:?[ ]{0,2}[\"“']?[ ]{0,2}$"
)
# A bare number after a type word without "số" that measures something, not a document.
_MEASURE_WORDS = {
    "nam", "thang", "ngay", "tuan", "quy", "lan", "nguoi", "ty", "trieu", "nghin", "ngan",
    "trang", "cuoc", "dot", "ho", "xa", "huyen", "don", "vu", "muc", "diem", "linh", "vuc",
}
# Lower-case words that belong inside the name of an issuing body ("Ủy ban nhân dân tỉnh",
# "Ban cán sự đảng", "Ban Chấp hành Đảng bộ tỉnh").  Any other lower-case word ends the name.
_NAME_WORDS = {
    "nhan", "dan", "tinh", "huyen", "thanh", "pho", "thi", "xa", "phuong", "quan", "can", "su",
    "dang", "bo", "thuong", "vu", "truc", "chap", "hanh", "van", "trung", "uong", "chinh", "phu",
    "tri", "quoc", "hoi", "dong", "noi", "tu", "phap", "doan", "mat", "tran", "viet", "nam", "uy",
    "ban", "lien", "hiep", "tich", "thu", "tuong", "tra", "phong", "dai", "bieu", "kiem", "sat",
    "toa", "an", "toi", "cao", "nha", "nuoc",
}
_NAME_STOP = {"ve", "thuc", "tiep", "va", "theo", "tai", "nham", "de", "cho", "trong", "giua"}
_ROMAN_RE = re.compile(r"^[IVXLC]{1,6}[,;.)]?$")
_NUMBER_RE = re.compile(r"[0-9]")
_DASHES_TO_HYPHEN = str.maketrans({c: "-" for c in DASHES})
_CODE_CHARS = re.compile(r"[A-Za-z0-9&ĐđÐð]+")


@lru_cache(maxsize=8192)
def _fold_char(c: str) -> str:
    if c in DASHES:
        return "-"
    if c.isspace():
        return " "
    f = fold(c)
    return f if len(f) == 1 else c


_SPACE_RUN = re.compile(" +")
#: Every character that ``_fold_char`` turns into an ASCII digit (digits, superscripts ²³¹⁰⁴-⁹,
#: subscripts, circled ⓪ ①-⑨, fullwidth, mathematical and segmented digits;
#: ``tests/test_citations.py`` checks the list against ``unicodedata``).  A citation needs a
#: number, so a block without one of these is not folded and scanned at all.
_DIGIT_LIKE = re.compile(
    "[0-9\u00b2\u00b3\u00b9\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u24ea"
    "\uff10-\uff19\U0001d7ce-\U0001d7ff\U0001fbf0-\U0001fbf9]"
)


def _squeeze(text: str) -> str:
    """Runs of spaces as one space (a type word may carry OCR spaces: "thông  báo")."""
    return _SPACE_RUN.sub(" ", text) if "  " in text else text


class _FoldTable(dict):
    """``str.translate`` table of :func:`_fold_char`, filled per code point on first sight."""

    def __missing__(self, code: int) -> str:
        value = self[code] = _fold_char(chr(code))
        return value


# One C-level translate per block instead of a Python call per character (a third of the
# citation scan's time); a document's alphabet is a few hundred code points.
_FOLD_TABLE = _FoldTable()


def _fold_same_length(text: str) -> str:
    """``slugs.fold`` character by character, so offsets in the result are offsets in ``text``.

    >>> _fold_same_length("Kết luận số 114–KL/TW")
    'ket luan so 114-kl/tw'
    """
    return text.translate(_FOLD_TABLE)


@lru_cache(maxsize=4096)
def _norm_words(text: str) -> str:
    return " ".join(fold(text).split())


def _lead(number: str) -> str:
    """Leading number of a number/short form for comparison: no leading zeros, lower case."""
    return number.lower().lstrip("0") or "0"


@dataclass
class Citation:
    """One citation of another document in a block's plain text.

    ``start``/``end``: character offsets of ``text`` in the scanned text; ``text``: the type
    word, number and date as written; ``doc_type``: the type word in sentence case;
    ``number``: canonical number (``None`` for a short form that could not be resolved);
    ``date``: ISO date written right after the number; ``scope``: ``"central"`` or
    ``"provincial"``; ``key``: identity (``"114-KL/TW"``, ``"kien-giang:1823-TB/TU"``,
    ``"?:1823-TB/TU"`` when the province is unknown, ``""`` when unresolved); ``slug``: ASCII
    URL slug of the identity; ``issuer``/``subject``: the "của ..." / "về ..." that follow;
    ``short``: written as a short form or alias resolved to an earlier full citation;
    ``anchor``/``context``: filled by the pipeline (paragraph id, citing sentence);
    ``name``: the document's name written between the type word and its number ("Luật
    *Tổ chức chính quyền địa phương* số 72/2025/QH15"), else ``None``.
    """

    start: int
    end: int
    text: str
    doc_type: str
    number: str | None
    date: str | None
    scope: str
    key: str
    slug: str
    issuer: str | None
    subject: str | None
    short: bool = False
    anchor: str = ""
    context: str = ""
    name: str | None = None


@lru_cache(maxsize=4096)
def identity(number: str, province: str | None) -> tuple[str, str, str]:
    """``(scope, key, slug)`` of a canonical number cited by a report of ``province``.

    >>> identity("114-KL/TW", "Kiên Giang")
    ('central', '114-KL/TW', '114-kl-tw')
    >>> identity("1823-TB/TU", "Kiên Giang")
    ('provincial', 'kien-giang:1823-TB/TU', 'kien-giang-1823-tb-tu')
    >>> identity("1823-TB/TU", None)
    ('provincial', '?:1823-TB/TU', 'chua-ro-tinh-1823-tb-tu')
    """
    scope = citation_scope(number)
    if scope == "central":
        return scope, number, slugify(number)
    if province:
        prov = slugify(province)
        return scope, f"{prov}:{number}", f"{prov}-{slugify(number)}"
    return scope, f"?:{number}", f"chua-ro-tinh-{slugify(number)}"


def document_key(number: str, doc_type: str | None, province: str | None) -> str:
    """Citation identity of a document from its own number, type and province (front matter).

    The key a citation of this document gets (:func:`identity` of the canonical number), so
    a document and its citations meet: a report of the corpus and the pages citing it, and a
    document and the citations of itself in its own text (its attachments' "Ban hành kèm
    theo Nghị quyết số ...").

    >>> document_key("22/2025/NQ-HDND", "Nghị quyết", "Vĩnh Long"), document_key("11-QĐ/TW", "Quy định", None)
    ('vinh-long:22/2025/NQ-HĐND', '11-QĐi/TW')
    """
    return identity(identity_number(canonical_number(str(number)), doc_type), province)[1]


def _variant_bucket(key: str):
    """What two variant keys share: province, leading number, year, type code, issuer count."""
    prov, sep, number = key.partition(":")
    if not sep:
        return None  # central numbers are one document nationwide: no variants to meet
    sym = parse_number(number)
    if sym is None or not sym.issuers:
        return None
    return (prov, sym.style, sym.number.lower().lstrip("0"), sym.year, sym.type_code, len(sym.issuers))


def variant_keys(keys: dict[str, tuple[int, set[str]]], preferred: set[str] = frozenset()) -> dict[str, str]:
    """Provincial identities that are one document written two ways, and the key they meet in.

    ``keys``: identity -> (number of citations, ISO dates they give).  Two provincial keys meet
    when they name one province, one leading number, year and type code, and their issuer
    codes are variants one by one (:func:`~converters.lexicon.symbols.issuer_variants`:
    ``52-CTr/BDV-BCSĐUBND`` and ``52-CTr/BDVTU-BCSĐUBND``), unless both carry dates and no
    date is shared (two documents then).  The key kept is one of ``preferred`` (a report of
    the corpus) if any, else the most cited, then the shortest, then the first in sort order.
    Returns ``{variant key: kept key}`` for the keys that move (deterministic).

    >>> variant_keys({"kg:52-CTr/BDV-BCSĐUBND": (1, {"2017-04-19"}), "kg:52-CTr/BDVTU-BCSĐUBND": (3, set())})
    {'kg:52-CTr/BDV-BCSĐUBND': 'kg:52-CTr/BDVTU-BCSĐUBND'}
    >>> variant_keys({"kg:52-CTr/BDV-X": (1, {"2017-04-19"}), "kg:52-CTr/BDVTU-X": (1, {"2018-01-02"})})
    {}
    """
    buckets: dict[tuple, list[str]] = {}
    for key in sorted(keys):
        b = _variant_bucket(key)
        if b is not None:
            buckets.setdefault(b, []).append(key)
    out: dict[str, str] = {}
    for members in buckets.values():
        if len(members) < 2:
            continue
        groups: list[tuple[list[str], set[str]]] = []
        for key in members:
            issuers = parse_number(key.partition(":")[2]).issuers
            dates = set(keys[key][1])
            joined = None
            for g in groups:
                other = parse_number(g[0][0].partition(":")[2]).issuers
                same_body = all(issuer_variants(x, y) for x, y in zip(issuers, other))
                if same_body and (not dates or not g[1] or dates & g[1]):
                    joined = g
                    break
            if joined is None:
                groups.append(([key], dates))
            else:
                joined[0].append(key)
                joined[1].update(dates)
        for keys_of, _ in groups:
            if len(keys_of) < 2:
                continue
            kept = sorted(keys_of, key=lambda k: (k not in preferred, -keys[k][0], len(k), k))[0]
            for k in keys_of:
                if k != kept:
                    out[k] = kept
    return out


_TERM_NAME_RE = re.compile(r"(?<![a-z])khoa[ ]{1,2}([ivxlc]{1,6})(?![a-z])")


def term_of(citation) -> str | None:
    """The term (khóa) a citation's issuer names, in capitals (``"XI"``), or ``None``.

    >>> term_of(Citation(0, 0, "", "Nghị quyết", "25-NQ/TW", None, "central", "25-NQ/TW", "25-nq-tw",
    ...                  "Ban Chấp hành Trung ương Đảng (khoá IX)", None))
    'IX'
    """
    issuer = getattr(citation, "issuer", None) if not isinstance(citation, dict) else citation.get("issuer")
    return _term_of_issuer(issuer or "")


@lru_cache(maxsize=65536)
def _term_of_issuer(issuer: str) -> str | None:
    """:func:`term_of` of one issuer text (memoized: a corpus repeats a few thousand issuers in
    hundreds of thousands of citations, and the catalog asks each citation several times)."""
    m = _TERM_NAME_RE.search(_fold_same_length(issuer))
    return m.group(1).upper() if m else None


def split_by_term(key: str, cites: list) -> dict[str, tuple[str | None, list]]:
    """One central Party identity cited with different terms, as one identity per term.

    The Party numbers its documents anew in each term of the Central Committee (khóa), so
    "Nghị quyết số 25-NQ/TW ... (khóa IX)" (2003, on religion) and "Nghị quyết số 25-NQ/TW ...
    (khóa XI)" (2013, on mass mobilization) are two documents.  Only keys of a central Party
    number are split, and only when their citations name two terms or more.  The most cited
    term keeps ``key``; another term ``T`` gets ``"<key> (khóa T)"``.  A citation naming no
    term goes with the term whose citations give its date, else with the most cited term;
    terms whose citations share a date are one document (a term written wrong).  Returns ``{key: (term or None, citations)}`` in a deterministic order.
    """
    number = key.partition(":")[2] if ":" in key else key
    sym = parse_number(number)
    if ":" in key or sym is None or sym.style != "party":
        return {key: (None, cites)}
    by_term: dict[str, list] = {}
    for c in cites:
        t = term_of(c)
        if t:
            by_term.setdefault(t, []).append(c)
    ranked = sorted(by_term, key=lambda t: (-len(by_term[t]), t))
    dates = {t: {getattr(c, "date", None) for c in by_term[t]} - {None} for t in ranked}
    # Terms whose citations share a date are one document with a term miswritten.
    for i, t in enumerate(ranked):
        for u in ranked[:i]:
            if u in by_term and t in by_term and dates[t] & dates[u]:
                by_term[u].extend(by_term.pop(t))
                dates[u] |= dates[t]
                break
    ranked = [t for t in ranked if t in by_term]
    if len(ranked) < 2:
        return {key: (ranked[0] if ranked else None, cites)}
    for c in cites:
        if term_of(c) is None:
            d = getattr(c, "date", None)
            home = next((t for t in ranked if d and d in dates[t]), ranked[0])
            by_term[home].append(c)
    order = {id(c): i for i, c in enumerate(cites)}
    out = {}
    for i, t in enumerate(ranked):
        group = sorted(by_term[t], key=lambda c: order[id(c)])
        out[key if i == 0 else f"{key} (khóa {t})"] = (t, group)
    return out


def _iso_date(d: str, m: str, y: str) -> str | None:
    try:
        date = _dt.date(int(y), int(m), int(d))
    except ValueError:
        return None
    if not 1900 <= date.year <= 2100:
        return None
    return date.isoformat()


def vietnamese_date(iso: str) -> str:
    """``"2015-07-14"`` -> ``"14-7-2015"``: day on two digits, month on two digits only for
    January and February (Nghị định 30/2020/NĐ-CP, Phụ lục I: "ngày dưới 10 và tháng 1, 2
    thì ghi thêm số 0 phía trước"; Party documents write the same).

    >>> vietnamese_date("2020-01-02"), vietnamese_date("2015-07-14")
    ('02-01-2020', '14-7-2015')
    """
    y, m, d = (int(x) for x in iso.split("-"))
    month = f"{m:02d}" if m < 3 else str(m)
    return f"{d:02d}-{month}-{y}"


@lru_cache(maxsize=1)
def _known_codes() -> frozenset[str]:
    from converters.lexicon.symbols import tables

    t = tables()
    return frozenset(t.party_index) | frozenset(t.state_index) | frozenset(t.issuer_index)


def _all_codes_known(number: str) -> bool:
    from converters.lexicon.symbols import tables

    sym = parse_number(number)
    if sym is None:
        return False
    t = tables()
    codes = ([sym.type_code] if sym.type_code else []) + [re.sub(r"[0-9]+$", "", c) for c in sym.issuers]
    return all(c in t.party_types or c in t.state_types or c in t.issuers for c in codes)


# What may not be inside a document's name written before its number: clause and sentence
# marks, brackets, quotes, digits (a date "ngày 29 tháng 6 năm 2024" says the law has no
# number here).
_NAME_BREAK = re.compile(r"[;:()\[\]\"“”.!?0-9⁽⁾¹²³⁴⁵⁶⁷⁸⁹]")
_NAME_WORD_RE = re.compile(r"[ ]{1,3}([^ ]+)")
# "số" and the number right after a name: the same shape as after a type word.
_NAMED_SO_RE = re.compile(r"[ ]{1,3}so[ ]{0,3}[:.]?[ ]{0,3}[0-9]")
#: Longest name read before "số" (words): the longest law names are about twenty words.
_NAME_MAX_WORDS = 30


def _named_number(text: str, folded: str, pos: int):
    """``(name, number match)`` of "<type word> <Name> số <number>" read from ``pos`` (just
    after the type word), else ``(None, None)``.

    The State's legal texts cite laws and codes by name and number ("Căn cứ Luật Tổ chức
    chính quyền địa phương số 72/2025/QH15;", "Bộ luật Lao động số 45/2019/QH14"; Nghị định
    30/2020/NĐ-CP, Phụ lục I: the Căn cứ names each text by type, name and number).  The name
    starts with a capital letter (or is an amending text's "sửa đổi, bổ sung ...") and runs over
    words with no clause mark, bracket, quote or digit in them; a comma only before a
    lower-case word ("Phòng, chống tham nhũng"); it ends at "số" + a number.  Another type
    word ends it (a list: "Luật Đất đai, Luật Nhà ở số ...") unless "của" comes before it
    (an amending text names the one it amends: "sửa đổi, bổ sung một số điều của Luật Đất
    đai số 43/2024/QH15" is the amending law's number) and its own number does not follow
    it ("Nghị định sửa đổi ... của Nghị định số 126/2020/NĐ-CP" cites the decree amended).  So does what a sentence says of a document's status ("được sửa đổi ...") or a
    "này" (the document itself).  The number match is :data:`_NUM_RE`'s at the space before
    "số"; the caller checks the number is a full one that fits the type.
    """
    m = _NAME_WORD_RE.match(text, pos)
    if m is None or not (text[m.start(1)].isupper() or folded.startswith("sua doi", m.start(1))):
        return None, None
    words = 0
    i = pos
    prev = ""
    while words < _NAME_MAX_WORDS:
        so = _NAMED_SO_RE.match(folded, i)
        if so is not None and words:
            n = _NUM_RE.match(folded, i)
            if n is None or not n.group(3):
                return None, None
            name = " ".join(text[pos:i].split()).rstrip(",")
            return (name, n) if name else (None, None)
        m = _NAME_WORD_RE.match(text, i)
        if m is None:
            return None, None
        word = m.group(1)
        fword = folded[m.start(1):m.end(1)]
        if _NAME_BREAK.search(word) or _STATUS_RE.match(folded, i):
            return None, None
        if fword.rstrip(",") == "nay":
            return None, None
        t = _TYPE_RE.match(folded, m.start(1))
        if t is not None and (prev != "cua" or _NUM_RE.match(folded, t.end())):
            return None, None
        if word.endswith(","):
            nxt = _NAME_WORD_RE.match(text, m.end(1))
            if nxt is None or not nxt.group(1)[:1].islower() or _TYPE_RE.match(folded, nxt.start(1)):
                return None, None
        prev = fword
        words += 1
        i = m.end(1)
    return None, None


def _named_fits(number: str, doc_type: str) -> bool:
    """Whether a number written after a document's name is that document's: a central number
    (one document nationwide) whose type code is the type word's, or the legislature's bare
    symbol "N/YYYY/QHnn" ("N/YYYY/UBTVQHnn") that laws, codes and resolutions carry."""
    sym = parse_number(number)
    if sym is None or citation_scope(number) != "central":
        return False
    if sym.type_code is None:
        heads = {re.sub(r"[0-9]+$", "", c) for c in sym.issuers}
        return bool(sym.year) and bool(heads) and heads <= {"QH", "UBTVQH"}
    codes = _type_hint(doc_type)
    return sym.type_code in codes


@lru_cache(maxsize=256)
def _type_hint(doc_type: str) -> frozenset[str]:
    """Codes of ``doc_type`` and of its first two words (``Chương trình hành động``: also
    ``Chương trình``'s), as :func:`symbols.type_codes` gives them (memoized: a few dozen types)."""
    return type_codes(doc_type) | type_codes(" ".join(doc_type.split(" ")[:2]))


@lru_cache(maxsize=8192)
def _canonical_number(raw: str, hint: frozenset[str]) -> str:
    """:func:`symbols.canonical_number` memoized (pure; a report cites a few numbers many times)."""
    return canonical_number(raw, hint)


@lru_cache(maxsize=8192)
def _symbol_length(symbol: str) -> int:
    """How much of the symbol part ``symbol`` (after the leading number) is codes: see
    :meth:`CitationScanner._valid_symbol_end` (memoized: pure, and symbols repeat)."""
    known = _known_codes()
    pos = 0
    for m in re.finditer(r"( ?[-/] ?)([^ \-/]+)", symbol.translate(_DASHES_TO_HYPHEN)):
        sep, tok = m.group(1), m.group(2)
        if not _CODE_CHARS.fullmatch(tok):
            break  # codes are ASCII letters, Đ, digits and "&": "16 /Chỉ thị" is prose
        if " " in sep:
            head = re.sub(r"[0-9]+$", "", tok)
            if not (re.fullmatch(r"[0-9]{4}", tok) or any(ch.isupper() for ch in tok) or dfold(head) in known):
                break
        pos = m.end()
    return pos


#: Types whose bare number, with no full citation of that number before it, is no short
#: citation: a national target programme is made of numbered projects ("Dự án 1: Phòng ngừa
#: ...", "Tiểu dự án 2 (Dự án 7)", the structure of every Chương trình mục tiêu quốc gia, e.g.
#: Quyết định 1719/QĐ-TTg and 90/QĐ-TTg), and "Ban Quản lý Dự án 85" is a body's name; a Dự án
#: issued as a document is cited with its number and symbol (NĐ 30/2020/NĐ-CP Phụ lục III: ĐA).
_PART_TYPES = frozenset({"Dự án"})


class CitationScanner:
    """Finds citations in one document, block by block, in document order.

    ``province``: the citing report's province (``None`` when unknown: provincial keys then
    start with ``"?:"``).  The scanner remembers full citations and declared aliases so that
    short forms in later blocks resolve; ``warnings`` collects what it could not resolve
    ("viện dẫn ghi tắt, không tìm được số, ký hiệu đầy đủ: Kết luận số 114").  One scanner per
    document.
    """

    def __init__(self, province: str | None):
        self.province = province
        self.warnings: list[str] = []
        self._warned: set[str] = set()
        self.fulls: list[Citation] = []
        # leading number -> full citations with it, in document order (short-form lookups)
        self._by_lead: dict[str, list[Citation]] = {}
        self._aliases: dict[tuple[str, str], Citation] = {}
        self._canon: dict[str, str] = {}

    # ---------------------------------------------------------------- public
    def scan(self, text: str) -> list[Citation]:
        """Citations in ``text`` (one block's plain text), in order, as :class:`Citation`.

        >>> s = CitationScanner("Kiên Giang")
        >>> [c.key for c in s.scan("Thực hiện Kết luận số 114- KL/TW, ngày 14-7-2015 và Thông báo số 1823-TB/TU.")]
        ['114-KL/TW', 'kien-giang:1823-TB/TU']
        >>> c = s.scan("Kết quả thực hiện Kết luận số 114 trong năm.")[0]
        >>> c.number, c.short, c.text
        ('114-KL/TW', True, 'Kết luận số 114')
        """
        if not _DIGIT_LIKE.search(text):
            return []  # no number: _NUM_RE cannot match after any type word
        folded = _fold_same_length(text)
        found: list[Citation] = []
        pos = 0
        while True:
            # The bare alternation first: no lookbehind at every position, so it scans faster;
            # any match of _TYPE_RE starts at one of its matches, so _TYPE_RE is tried from there.
            p = _TYPE_WORDS_RE.search(folded, pos)
            if p is None:
                break
            m = _TYPE_RE.search(folded, p.start())
            if m is None:
                break
            type_end = m.end()
            base = _squeeze(m.group(1))
            qual = _squeeze(m.group(2)) if m.group(2) else None
            if qual and base not in _QUALIFIED_ONLY.get(qual, {base}):
                type_end = m.end(1)
                qual = None
            doc_type = self._doc_type(base, qual)
            cites = self._read_citations(text, folded, m.start(), type_end, doc_type, found)
            if not cites:
                # Overlapping type words ("thực hiện Pháp lệnh" holds "hiện Pháp"): retry from
                # the next character; each position is tried once, so the scan stays linear.
                pos = m.start() + 1
                continue
            found.extend(cites)
            pos = cites[-1].end
            self._read_description(text, folded, cites[-1])
            pos = max(pos, cites[-1].end)
        return found

    # ---------------------------------------------------------------- recognition
    @staticmethod
    def _doc_type(base: str, qual: str | None) -> str:
        name = _TYPE_BY_FOLD[_squeeze(base)]
        if qual:
            name += " " + _QUAL_BY_FOLD[_squeeze(qual)]
        return name

    def _read_citations(self, text, folded, start, type_end, doc_type, found) -> list[Citation]:
        """The citation after a type word, plus any further numbers joined to it."""
        out = []
        n = _NUM_RE.match(folded, type_end)
        name = None
        if n is None:
            name, n = _named_number(text, folded, type_end)
            if n is None:
                return out
        first = self._make(text, folded, start, n, doc_type, found, name=name)
        if first is None:
            return out
        out.append(first)
        # "Quyết định số 217-QĐ/TW và 218-QĐ/TW": further full numbers, same type word.
        while first.number and not first.short:
            c = _CONT_RE.match(folded, out[-1].end)
            if c is None:
                break
            n2 = _NUM_RE.match(folded, c.end() - 1) if folded[c.end() - 1] == " " else None
            if n2 is None or not n2.group(3):
                break
            nxt = self._make(text, folded, n2.start(2), n2, doc_type, found + out, joined=True)
            if nxt is None or nxt.short:
                break
            out.append(nxt)
        return out

    def _make(self, text, folded, start, n, doc_type, found, joined=False, name=None) -> Citation | None:
        has_so = n.group(1) is not None
        lead = text[n.start(2):n.end(2)]
        sym_start, sym_end = n.start(3), self._valid_symbol_end(text, n.start(3), n.end(3))
        end = sym_end
        number: str | None = None
        short = False
        hint = _type_hint(doc_type)
        if sym_end > sym_start:
            number = self._canonical(_canonical_number(lead + text[sym_start:sym_end], hint))
            if parse_number(number) is None or name is not None and not _named_fits(number, doc_type):
                return None
        elif name is not None:
            return None  # "Luật Đất đai số 13": a name and a bare number is no identity
        else:
            if not self._acceptable_short(text, folded, start, n, has_so):
                return None
            short = True
        date = None
        d = _DATE_RE.match(folded, end)
        if d is not None:
            g = d.groups()
            date = _iso_date(g[0], g[2], g[3]) if g[0] else _iso_date(g[4], g[5], g[6])
            if date is not None:
                end = d.end()
        cite_text = text[start:end]
        alias_target = None
        if not joined:
            alias_target = self._alias_target(folded, start, doc_type, lead, found)
        if short:
            target = alias_target or self._resolve(doc_type, lead)
            if target is None and doc_type in _PART_TYPES:
                # "Dự án 1: Phòng ngừa ...", "Ban Quản lý Dự án 85": a numbered component of a
                # programme or a board's name, not a document cited short (see _PART_TYPES).
                return None
            if target is None:
                msg = f"viện dẫn ghi tắt, không tìm được số, ký hiệu đầy đủ: {' '.join(text[start:sym_end].split())}"
                if msg not in self._warned:
                    self._warned.add(msg)
                    self.warnings.append(msg)
                return Citation(start, end, cite_text, doc_type, None, date, "provincial", "", "", None, None, True)
            if alias_target is not None:
                self._aliases[(_norm_words(doc_type), _lead(lead))] = target
            return Citation(start, end, cite_text, doc_type, target.number, date, target.scope, target.key,
                            target.slug, None, None, True)
        scope, key, slug = identity(identity_number(number, doc_type), self.province)
        cite = Citation(start, end, cite_text, doc_type, number, date, scope, key, slug, None, None, False, name=name)
        if alias_target is not None and alias_target.key != key:
            # "(gọi chung là Kết luận số 120-KL/TW)" names the document just before: the same
            # document in every real case, but a full number always stands for itself.
            pass
        self.fulls.append(cite)
        self._by_lead.setdefault(_lead(lead), []).append(cite)
        return cite

    @staticmethod
    def _valid_symbol_end(text: str, s: int, e: int) -> int:
        """Cut the symbol before a token that is not a code: one with Vietnamese letters, or one
        after a spaced separator with no capital and not listed ("số 12 -năm" is not "12-năm")."""
        if s == e:
            return s
        return s + _symbol_length(text[s:e])

    @staticmethod
    def _acceptable_short(text, folded, start, n, has_so) -> bool:
        """Whether "type word + bare number" reads as a short citation, not a measure."""
        after = folded[n.end():n.end() + 12]
        if re.match(r"[,.][0-9]|[ ]?%", after):
            return False
        if has_so:
            return True
        if not text[start].isupper():
            return False
        lead = n.group(2)
        if re.fullmatch(r"(19|20)[0-9]{2}", lead):
            return False  # "Hiến pháp 2013", "Kế hoạch 2021": a year, not a number
        word = re.match(r"[ ]{1,2}([a-z]+)", after)
        return not (word and word.group(1) in _MEASURE_WORDS)

    def _canonical(self, number: str) -> str:
        """One spelling per document for numbers equal up to D/Đ and case of unlisted codes
        (the first one seen); numbers the table fully knows keep their own (``ĐA`` vs ``DA``)."""
        prev = self._canon.setdefault(dfold(number), number)
        if prev == number or (_all_codes_known(prev) and _all_codes_known(number)):
            return number
        return prev

    # ---------------------------------------------------------------- resolution
    def _compatible(self, doc_type: str, full: Citation) -> bool:
        want = _norm_words(doc_type)
        have = _norm_words(full.doc_type)
        if want == have or want.split(" ")[:2] == have.split(" ")[:2]:
            return True
        sym = parse_number(full.number or "")
        codes = _type_hint(doc_type)
        return bool(sym and sym.type_code in codes)

    def _resolve(self, doc_type: str, lead: str) -> Citation | None:
        alias = self._aliases.get((_norm_words(doc_type), _lead(lead)))
        if alias is not None:
            return alias
        for full in reversed(self._by_lead.get(_lead(lead), ())):
            if self._compatible(doc_type, full):
                return full
        return None

    def _alias_target(self, folded, start, doc_type, lead, found) -> Citation | None:
        """The citation an alias declaration "(sau đây gọi là <this>)" names, else ``None``."""
        window = folded[max(0, start - 40):start]
        m = _ALIAS_RE.search(window)
        if m is None:
            return None
        paren = start - len(window) + m.start()
        # Only the last few citations can be "just before" (keeps a scan linear).
        before = [c for c in found[-20:] if c.end <= paren and c.number and not c.short]
        if not before:
            return self.fulls[-1] if self.fulls else None
        want = _lead(lead)
        for c in reversed(before):
            sym = parse_number(c.number)
            if sym and _lead(sym.number) == want and self._compatible(doc_type, c):
                return c
        return before[-1]

    # ---------------------------------------------------------------- description
    def _read_description(self, text: str, folded: str, cite: Citation) -> None:
        """Fill ``issuer`` ("của ...", "giữa A và B") and ``subject`` ("về ...") of ``cite``."""
        pos = cite.end
        m = _ISSUER_LEAD_RE.match(folded, pos)
        if m is not None:
            issuer, end = _read_name(text, folded, m.end(), m.group(1) == "giua")
            if issuer:
                cite.issuer = issuer
                pos = end
        t = _TERM_RE.match(folded, pos)
        if t is not None:
            if cite.issuer:
                cite.issuer += " " + text[t.start():t.end()].strip()
            pos = t.end()
        m = _SUBJECT_LEAD_RE.match(folded, pos)
        if m is not None:
            subject = _read_subject(text, m.start(1), folded)
            if subject:
                cite.subject = subject


_WORD_RE = re.compile(r"[ \t]*(\S+)")
# What may close a word of a name: punctuation, and a footnote reference left in plain text
# ("Bộ Chính trị⁽³⁵⁾", "Tỉnh ủy[^3]").
_TRAILING = ",;.:!?”\"'*)⁽⁾⁰¹²³⁴⁵⁶⁷⁸⁹[]^0123456789"


def _read_name(text: str, folded: str, pos: int, pair: bool) -> tuple[str | None, int]:
    """Words of an issuing body's name from ``pos``: capitalized words, the lower-case words
    names contain (``_NAME_WORDS``), a term "khóa XI" / "(khóa XI)"; ``pair``: "A và B" (after
    "giữa").  Returns ``(name or None, end offset)``; at most 300 characters are read."""
    words: list[str] = []
    end = pos
    seen_upper = False
    limit = min(len(text), pos + 300)
    i = pos
    while i < limit:
        m = _WORD_RE.match(text, i)
        if m is None:
            break
        ws, we, word = m.start(1), m.end(1), m.group(1)
        if word.startswith("("):
            t = _TERM_RE.match(folded, ws)
            if t is None or not seen_upper:
                break
            words.append(text[ws:t.end()])
            end = i = t.end()
            continue
        core = re.split(r"[⁽⁰¹²³⁴⁵⁶⁷⁸⁹]|\[\^", word, maxsplit=1)[0].rstrip(_TRAILING)
        if not core:
            break
        fcore = fold(core)
        upper = core[0].isupper()
        if fcore == "khoa":
            nxt = _WORD_RE.match(text, we)
            if nxt is None or not _ROMAN_RE.match(nxt.group(1)) or core != word:
                break
            roman = nxt.group(1).rstrip(_TRAILING)
            words.append(f"{core} {roman}")
            end = nxt.start(1) + len(roman)
            if roman != nxt.group(1):
                break
            i = nxt.end(1)
            continue
        if fcore in _NAME_STOP or _NUMBER_RE.search(core):
            if pair and fcore == "va" and seen_upper and core == word:
                words.append(core)
                pair = False
                i = we
                continue
            break
        if not upper:
            nxt = _WORD_RE.match(text, we)
            if fcore == "ban" and nxt is not None and fold(nxt.group(1)).startswith("hanh"):
                break  # "ban hành": the verb, not "Ban" of a name
            if fcore not in _NAME_WORDS or not (seen_upper or fcore in {"ban", "uy", "hoi"}):
                break
        words.append(core)
        seen_upper = seen_upper or upper
        end = ws + len(core)
        if core != word:
            break
        i = we
    while words and fold(words[-1]) == "va":
        words.pop()
    if not words or not any(w[0].isupper() for w in words):
        return None, pos
    return " ".join(words), end


# Words that open a new clause after a comma: the description's noun phrase ends before them
# ("Nghị quyết số 65/2016/NQ-HĐND ... năm 2017, kết quả thực hiện đạt ..."; "..., thông qua đó
# các hoạt động ..."). Folded; matched as whole words. Seen across the corpus's reports.
_CLAUSE_OPENERS = (
    "ket qua", "qua do", "thong qua do", "trong do", "dong thoi", "nho do", "tu do", "do do",
    "vi vay", "vi the", "den nay", "tuy nhien", "nham", "gop phan", "da", "duoc", "sau do",
    "buoc dau", "nhin chung", "cu the", "gom", "bao gom", "theo do", "nhung", "song",
)
_OPENER_RE = re.compile(r",[ \t]*(?:" + "|".join(o.replace(" ", "[ ]") for o in _CLAUSE_OPENERS) + r")(?![a-z0-9])")
# What a sentence says of a cited document's status, not its subject ("... về kiểm soát thủ tục
# hành chính được sửa đổi, bổ sung bởi Nghị định số 48/2013/NĐ-CP", "..., có hiệu lực thi hành
# từ ngày ...", "... đã hết hiệu lực"): the subject ends before it. Folded; legal-reference
# wording seen across the corpus's State documents.
_STATUS_RE = re.compile(
    r"(?:,[ \t]*|[ \t]+)(?:va[ ]+)?(?:(?:da[ ]+)?duoc[ ]+(?:sua[ ]+doi|bo[ ]+sung|thay[ ]+the|bai[ ]+bo)"
    r"|(?:da[ ]+)?(?:co|het)[ ]+hieu[ ]+luc)(?![a-z])"
)
# Words before a colon that announce a list, not part of the subject ("... năm 2017 gồm: ...").
_LIST_LEAD_RE = re.compile(r"(?:[ ,]+(?:bao gom|gom|nhu sau|cu the la|cu the|voi cac noi dung|voi noi dung))+$")
# What joins one cited document to the next in a list ("... và Quyết định số 218-QĐ/TW",
# "..., Chỉ thị số 16/CT-TTg", "... theo Quyết định số 1847/QĐ-TTg"): folded, at the end of the
# text before the next type word.
_JOINER_RE = re.compile(r"(?:[,;][ ]{0,3}|[ ]{1,3})(?:(?:va|cung|cung voi|theo|tai|voi|dong thoi)[ ]{1,3})?$")


def _next_document(text: str, folded: str, start: int, limit: int) -> list[tuple[int, bool]]:
    """Type words written with a capital inside ``(start, limit)``, as ``(joiner start,
    joined)``: ``joined`` when a list joiner ("và", ",", "theo") comes just before."""
    out = []
    for m in _TYPE_RE.finditer(folded, start, limit):
        if not text[m.start()].isupper() or m.start() == start:
            continue
        before = folded[start:m.start()]
        j = _JOINER_RE.search(before)
        joined = j is not None and j.group(0).strip() != ""
        out.append((start + j.start() if j else m.start(), joined))
    return out


def _balance_quotes(inner: str) -> str:
    """Quote marks of a description made whole: a title quoted entire loses its marks (they
    delimit, ``về “nâng cao ...”``), a quote the cut left open is closed, a stray close dropped."""
    if (inner[:1] in "“\"" and inner[-1:] in "”\"" and len(inner) > 2
            and not any(q in inner[1:-1] for q in "“”\"")):
        return inner[1:-1].strip()
    depth = 0
    out = []
    for ch in inner:
        if ch == "“":
            depth += 1
        elif ch == "”":
            if depth == 0:
                continue
            depth -= 1
        out.append(ch)
    inner = "".join(out)
    if depth:
        inner = inner.rstrip(" ,;:") + "”" * depth
    if inner.count('"') % 2:
        inner = inner[:-1].rstrip() if inner.endswith('"') else inner + '"'
    return inner


def _comma_opens_clause(text: str, i: int) -> bool:
    """Whether the comma at ``text[i]`` is followed by a capital, a digit or an ellipsis."""
    j = i + 1
    while j < len(text) and text[j] in " \t":
        j += 1
    return j < len(text) and (text[j].isupper() or text[j].isdigit() or text[j] == ".")


def _read_subject(text: str, pos: int, folded: str | None = None) -> str | None:
    """The "về ..." at ``pos`` after a citation: the document's own subject, as a noun phrase.

    A quoted title is taken whole (``về “...”``).  Otherwise the subject runs up to the first of:
    ``;``, ``:``, a bracket, the end of the sentence, a comma that opens a new clause (a capital
    letter, a number or a clause word such as "kết quả", "qua đó" follows: ``_CLAUSE_OPENERS``),
    what the sentence says of the document's status ("được sửa đổi, bổ sung bởi ...", "có hiệu
    lực ..."), or the next cited document joined as a list item ("... và Quyết định số 218-QĐ/TW", "..., Đề
    án ..."); a cited document that is the subject's object ("về thực hiện Chỉ thị số 16/CT-TTg
    ...") stays, and so do further objects joined to it.  Quote marks inside are skipped over and
    the result's quotes are balanced (:func:`_balance_quotes`).  At most 400 characters.
    Returns ``"về <subject>"`` or ``None`` when nothing is left.
    """
    folded = folded if folded is not None else _fold_same_length(text)
    limit = min(len(text), pos + 400)
    start = pos + 2
    while start < limit and text[start] in " \t*_":
        start += 1
    i = start
    if i < limit and text[i] in "“\"":
        close = "”" if text[i] == "“" else "\""
        j = text.find(close, i + 1, limit)
        i = j + 1 if j != -1 else limit
    else:
        docs = _next_document(text, folded, start, limit)
        has_object = False
        stop = limit
        for jstart, joined in docs:
            # A document joined as a list item ends the subject; one that follows a verb or
            # a noun ("về thực hiện Chỉ thị số 16", "về ban hành Quy chế ...") is its object,
            # and documents joined after an object are further objects.
            if joined and not has_object:
                stop = jstart
                break
            has_object = True
        quote = False
        while i < stop:
            ch = text[i]
            if ch in "“”":
                quote = ch == "“"
            elif ch == '"':
                quote = not quote
            elif quote:
                pass
            elif ch in ";()[]\n:⁽":
                break
            elif ch == "." and (i + 1 >= len(text) or text[i + 1] in " \n\t\"”."):
                break
            elif ch == "," and (_comma_opens_clause(text, i) or _OPENER_RE.match(folded, i)):
                break
            elif ch in ", \t" and _STATUS_RE.match(folded, i):
                break
            i += 1
        if i < len(text) and text[i] == ":":
            lead = _LIST_LEAD_RE.search(folded, start, i)
            if lead is not None:
                i = lead.start()
    inner = " ".join(text[start:i].split()).strip("*_ ,.;:")
    inner = re.sub(r"[⁽⁾⁰¹²³⁴⁵⁶⁷⁸⁹]+$", "", inner).strip()
    inner = _balance_quotes(inner).strip(" ,.;:")
    if not inner or not inner.strip("“”\"'"):
        return None
    return "về " + inner


def citation_description(c: Citation) -> str:
    """The fullest one-line description of a citation, for cited-document pages.

    >>> c = Citation(0, 0, "", "Kết luận", "114-KL/TW", "2015-07-14", "central", "114-KL/TW", "114-kl-tw",
    ...              "Ban Bí thư Trung ương Đảng (khóa XI)", "về nâng cao hiệu quả công tác dân vận")
    >>> citation_description(c)
    'Kết luận số 114-KL/TW, ngày 14-7-2015 của Ban Bí thư Trung ương Đảng (khóa XI) về nâng cao hiệu quả công tác dân vận'
    """
    return _describe(c.doc_type, c.number, c.date, c.issuer, c.subject, c.text, c.name)


def _describe(doc_type, number, date, issuer, subject, text="", name=None) -> str:
    named = f"{doc_type} {name}" if name else doc_type
    out = f"{named} số {number}" if number else (" ".join(text.split()) or doc_type)
    if date:
        out += f", ngày {vietnamese_date(date)}"
    if issuer:
        out += f" của {issuer}"
    if subject:
        out += f" {subject}"
    return out


def choose_value(values: list[str | None]) -> str | None:
    """The value :func:`merge_descriptions` keeps for one field among ``values`` (empty ones
    ignored; None when none is left): most frequent up to case, tone marks and spacing, then
    longest, then alphabetical.  Independent of the order of ``values``.

    >>> choose_value(["2015-07-14", None, "2015-07-14", "2015-07-04"])
    '2015-07-14'
    """
    return _choose(values)


def _choose(values: list[str]) -> str | None:
    """Most frequent value (variants equal up to case/tone/spacing counted together), then the
    longest, then alphabetical; within the winning group the same rule picks the spelling."""
    values = [v for v in values if v]
    if not values:
        return None
    first = values[0]
    if all(v == first for v in values):
        return first  # one value (the common case: a report giving one date): one group, one spelling
    groups: dict[str, list[str]] = {}
    for v in values:
        groups.setdefault(_norm_words(v), []).append(v)

    def best(items: list[tuple[str, int]]) -> str:
        return sorted(items, key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]

    winner = best([(k, len(v)) for k, v in groups.items()])
    return best(list(Counter(groups[winner]).items()))


def merge_descriptions(cites: list[Citation]) -> dict:
    """Gather the fullest description of one identity from all its citations.

    Input: citations sharing one ``key``.  Output: ``{"key", "slug", "scope", "doc_type",
    "name", "number", "date", "issuer", "subject", "dates", "description", "count"}`` (``dates``: the
    distinct dates the citations give, most frequent first); each field is chosen
    across the citations (full citations only for ``doc_type`` when there are any) by
    frequency, then length, then alphabetical order, so the result is deterministic.
    Raises ``ValueError`` on an empty list.

    >>> s = CitationScanner("Kiên Giang")
    >>> cs = s.scan("Thông báo số 1823-TB/TU, ngày 05-11-2019 của Ban Thường vụ Tỉnh ủy về kết quả giám sát; "
    ...             "Thông báo kết luận số 1823-TB/TU của Ban Thường vụ Tỉnh ủy.")
    >>> merge_descriptions(cs)["description"]
    'Thông báo kết luận số 1823-TB/TU, ngày 05-11-2019 của Ban Thường vụ Tỉnh ủy về kết quả giám sát'
    """
    if not cites:
        raise ValueError("merge_descriptions needs at least one citation")
    fulls = [c for c in cites if not c.short] or cites
    merged = {
        "key": cites[0].key,
        "slug": cites[0].slug,
        "scope": cites[0].scope,
        "doc_type": _choose([c.doc_type for c in fulls]),
        "name": _choose([getattr(c, "name", None) for c in cites]),
        "number": _choose([c.number for c in cites if c.number]),
        "date": _choose([c.date for c in cites if c.date]),
        "issuer": _choose([c.issuer for c in cites if c.issuer]),
        "subject": _choose([c.subject for c in cites if c.subject]),
        "dates": [d for d, _ in sorted(Counter(c.date for c in cites if c.date).items(), key=lambda kv: (-kv[1], kv[0]))],
        "count": len(cites),
    }
    merged["description"] = _describe(merged["doc_type"], merged["number"], merged["date"], merged["issuer"],
                                      merged["subject"], cites[0].text, merged["name"])
    return merged
