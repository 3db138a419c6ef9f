"""Numbers and symbols of Party and State documents: canonical form, type and scope.

A document's number ("số và ký hiệu") has two shapes:

- Party (Hướng dẫn 36-HD/VPTW): ``<number>-<type>/<issuer>[-<issuer>...]``, e.g. ``114-KL/TW``,
  ``52-CTr/BDV-BCSĐUBND``;
- State (Nghị định 30/2020/NĐ-CP): ``<number>/[<year>/]<type>-<issuer>[-...]``, e.g.
  ``16/CT-TTg``, ``64/2014/NĐ-CP``, ``34/2007/PL-UBTVQH11``; a Công văn has no type code, its
  first code is the issuer: ``4685/UBND-SNV``.

The codes come from ``data/symbols.yml`` (sources named there).  Raw texts damage numbers
(spaces around ``-`` and ``/``, dash variants, ``Đ`` read as ``D`` or ``Ð``, case); this module
restores a code only where the table says what it is, and leaves unknown codes as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

#: Dash variants that OCR and word processors put in numbers (en dash, em dash, hyphen,
#: non-breaking hyphen, minus sign, figure dash).
DASHES = "–—‐‑−‒"
_DASH_TABLE = str.maketrans({c: "-" for c in DASHES} | {"Ð": "Đ", "ð": "đ"})
_SPACES_AROUND = re.compile(r"\s*([-/])\s*")


def _close_separators(text: str) -> str:
    """``_SPACES_AROUND.sub(r"\\1", text)``: blanks around ``-`` and ``/`` dropped.

    A text with no blank is returned as it is without the sub, which rewrites every
    separator through a template even when no blank is there (a blank other than
    " " is no printable character: ``tests/test_converter_prefilters.py``).
    """
    if " " not in text and text.isprintable():
        return text
    return _SPACES_AROUND.sub(r"\1", text)
_TRAILING_DIGITS = re.compile(r"^(.*?)(\d*)$")
_YEAR = re.compile(r"^(19|20)\d\d$")


def dfold(code: str) -> str:
    """Fold a code for lookup: upper case, ``Đ``/``Ð`` as ``D``.

    >>> dfold("BCSđUbnd")
    'BCSDUBND'
    """
    return code.upper().replace("Đ", "D").replace("Ð", "D")


@dataclass(frozen=True)
class Tables:
    """The abbreviation table, indexed for lookups.

    ``party_types``/``state_types``: canonical code -> document type (sentence case);
    ``issuers``: canonical code -> scope (``central``, ``provincial`` or ``other``);
    ``*_index``: :func:`dfold` of a code -> canonical codes with that fold.
    """

    party_types: dict[str, str]
    state_types: dict[str, str]
    issuers: dict[str, str]
    party_index: dict[str, tuple[str, ...]]
    state_index: dict[str, tuple[str, ...]]
    issuer_index: dict[str, tuple[str, ...]]
    central_suffixes: tuple[str, ...]
    provincial_suffixes: tuple[str, ...]


def _index(codes) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for code in codes:
        out.setdefault(dfold(code), []).append(code)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def tables() -> Tables:
    """Load ``data/symbols.yml`` once (raises ``yaml.YAMLError``/``KeyError`` if it is broken)."""
    text = resources.files("converters.lexicon.data").joinpath("symbols.yml").read_text("utf-8")
    data = yaml.safe_load(text)
    party = {str(k): v for k, v in data["types"]["party"].items()}
    state = {str(k): v for k, v in data["types"]["state"].items()}
    issuers: dict[str, str] = {}
    for scope in ("central", "provincial", "other"):
        for code in data["issuers"][scope]:
            issuers[str(code)] = scope
    return Tables(
        party_types=party,
        state_types=state,
        issuers=issuers,
        party_index=_index(party),
        state_index=_index(state),
        issuer_index=_index(issuers),
        central_suffixes=tuple(dfold(s) for s in data["scope_suffixes"]["central"]),
        provincial_suffixes=tuple(dfold(s) for s in data["scope_suffixes"]["provincial"]),
    )


def type_codes(doc_type: str) -> frozenset[str]:
    """Codes (Party and State) whose document type is ``doc_type`` (compared case-insensitively).

    >>> sorted(type_codes("Quy định"))
    ['QyĐ', 'QĐi']
    """
    return _codes_by_type().get(doc_type.casefold(), frozenset())


@lru_cache(maxsize=1)
def _codes_by_type() -> dict[str, frozenset[str]]:
    t = tables()
    out: dict[str, set[str]] = {}
    for table in (t.party_types, t.state_types):
        for code, name in table.items():
            out.setdefault(name.casefold(), set()).add(code)
    return {k: frozenset(v) for k, v in out.items()}


def _pick(token: str, candidates: tuple[str, ...], hint: frozenset[str] | None) -> str | None:
    """Choose among table entries equal to ``token`` up to D/Đ and case."""
    if not candidates:
        return None
    if hint:
        hinted = [c for c in candidates if c in hint]
        if len(hinted) == 1:
            return hinted[0]
    if token in candidates:
        return token
    same_letters = [c for c in candidates if c.upper() == token.upper()]
    if len(same_letters) == 1:
        return same_letters[0]
    if len(candidates) == 1:
        return candidates[0]
    return None


def _segment(token: str) -> str | None:
    """Restore a compound issuer code made of listed codes (``BCSDUBND`` -> ``BCSĐUBND``).

    Dynamic programming over the token; the split with the fewest parts wins, and a split is
    used only when every fewest-part split restores to the same text (else ``None``).
    """
    index = tables().issuer_index
    key = dfold(token)
    n = len(key)
    # best[i] = (parts, set of restorations) for key[:i]
    best: list[tuple[int, set[str]] | None] = [None] * (n + 1)
    best[0] = (0, {""})
    for i in range(n):
        if best[i] is None:
            continue
        parts, texts = best[i]
        for j in range(i + 1, n + 1):
            cands = index.get(key[i:j])
            if not cands:
                continue
            piece = cands[0] if len(cands) == 1 else None
            if piece is None:
                continue
            new = (parts + 1, {t + piece for t in texts})
            cur = best[j]
            if cur is None or new[0] < cur[0]:
                best[j] = new
            elif new[0] == cur[0]:
                best[j] = (cur[0], cur[1] | new[1])
    end = best[n]
    if end is None or end[0] < 2 or len(end[1]) != 1:
        return None
    return next(iter(end[1]))


def canonical_code(token: str, role: str, hint: frozenset[str] | None = None) -> str:
    """Canonical form of one code of a symbol.

    ``role`` is ``"party_type"``, ``"state_type"`` (a State number's first code: a type or,
    for a Công văn, the issuer) or ``"issuer"``.  ``hint``: codes of the type word written
    before the number (the type word decides between ``ĐA`` and ``DA``).  Digits after an
    issuer code (``UBTVQH11``) are kept.  A token the table does not know is returned as
    written (only ``Ð`` becomes ``Đ``).

    >>> canonical_code("QD", "party_type")
    'QĐ'
    >>> canonical_code("kl", "party_type")
    'KL'
    >>> canonical_code("BDV", "issuer")
    'BDV'
    >>> canonical_code("UBTVQH11", "issuer")
    'UBTVQH11'
    >>> canonical_code("DA", "state_type", frozenset({"ĐA"}))
    'ĐA'
    """
    token = token.translate(_DASH_TABLE)
    if "&" in token:
        return "&".join(canonical_code(part, role, hint) for part in token.split("&"))
    t = tables()
    head, digits = _TRAILING_DIGITS.match(token).groups()
    if not head:
        return token
    key = dfold(head)
    if role == "party_type":
        lookups = (t.party_index, t.state_index)
    elif role == "state_type":
        lookups = (t.state_index, t.party_index, t.issuer_index)
    else:
        lookups = (t.issuer_index,)
    for index in lookups:
        picked = _pick(head, index.get(key, ()), hint)
        if picked is not None:
            return picked + digits
    if role == "issuer" and ("D" in key):
        seg = _segment(head)
        if seg is not None:
            return seg + digits
    return token


@dataclass(frozen=True)
class Symbol:
    """A parsed number: ``number`` (leading part, e.g. ``"114"``, ``"30c"``), ``year`` (State
    normative documents, else ``None``), ``type_code`` (``None`` for a Công văn), ``issuers``
    (codes after the type), ``style`` (``"party"`` or ``"state"``)."""

    number: str
    year: str | None
    type_code: str | None
    issuers: tuple[str, ...]
    style: str


@lru_cache(maxsize=4096)
def parse_number(raw: str, hint: frozenset[str] | None = None) -> Symbol | None:
    """Split a number into its parts, canonicalizing each code; ``None`` if it has no symbol.

    >>> parse_number("52-CTr/BDV-BCSDUBND")
    Symbol(number='52', year=None, type_code='CTr', issuers=('BDV', 'BCSĐUBND'), style='party')
    >>> parse_number("4685/UBND-SNV").type_code is None
    True
    >>> parse_number("34/2007/PL-UBTVQH11").issuers
    ('UBTVQH11',)
    """
    text = _close_separators(raw.strip().translate(_DASH_TABLE))
    m = re.match(r"^([0-9]+[A-Za-z]?)([-/])(.+)$", text)
    if not m:
        return None
    number, sep, rest = m.groups()
    t = tables()
    if sep == "-":
        type_part, _, issuer_part = rest.partition("/")
        if not type_part:
            return None
        type_code = canonical_code(type_part, "party_type", hint)
        issuers = tuple(canonical_code(x, "issuer") for x in issuer_part.split("-") if x) if issuer_part else ()
        return Symbol(number, None, type_code, issuers, "party")
    parts = [p for p in re.split(r"[-/]", rest) if p]
    if not parts:
        return None
    year = None
    if _YEAR.match(parts[0]) and len(parts) > 1:
        year = parts.pop(0)
    first = canonical_code(parts[0], "state_type", hint)
    head = _TRAILING_DIGITS.match(first).group(1)
    if first in t.state_types or first in t.party_types:
        type_code, issuer_tokens = first, parts[1:]
    elif head in t.issuers or (year and len(parts) == 1):
        # Công văn "4685/UBND-SNV" (issuer first) or a Luật "25/2004/QH11" (issuer only).
        type_code, issuer_tokens = None, parts
    else:
        # Unknown first code: a type by position (State numbers put the type first).
        type_code, issuer_tokens = first, parts[1:]
    issuers = tuple(canonical_code(x, "issuer") for x in issuer_tokens)
    return Symbol(number, year, type_code, issuers, "state")


def format_symbol(sym: Symbol) -> str:
    """Write a parsed number back in its standard layout (inverse of :func:`parse_number`)."""
    if sym.style == "party":
        out = f"{sym.number}-{sym.type_code}"
        if sym.issuers:
            out += "/" + "-".join(sym.issuers)
        return out
    parts = [sym.number] + ([sym.year] if sym.year else [])
    codes = ([sym.type_code] if sym.type_code else []) + list(sym.issuers)
    return "/".join(parts) + "/" + "-".join(codes)


def canonical_number(raw: str, hint: frozenset[str] | None = None) -> str:
    """Canonical number and symbol: no spaces, ASCII ``-``, codes restored from the table.

    ``hint``: type codes of the type word written before it (see :func:`canonical_code`).
    Text that is not a number and symbol is returned with only spaces and dashes normalized.

    >>> canonical_number("114- KL/TW")
    '114-KL/TW'
    >>> canonical_number("52-CTr/BDV-BCSDUBND")
    '52-CTr/BDV-BCSĐUBND'
    >>> canonical_number("30/2018/QĐ-UBND")
    '30/2018/QĐ-UBND'
    >>> canonical_number("1386 –qđ/tu")
    '1386-QĐ/TU'
    >>> canonical_number("64/2014/ND-CP")
    '64/2014/NĐ-CP'
    """
    sym = parse_number(raw, hint)
    if sym is None:
        return _close_separators(raw.strip().translate(_DASH_TABLE))
    return format_symbol(sym)


def identity_number(number: str, doc_type: str | None) -> str:
    """The number a document is known by, for identity: a Party *Quy định* is ``QĐi``.

    Hướng dẫn 36-HD/VPTW gives the Party's Quy định the code ``QĐi`` and its Quyết định ``QĐ``;
    reports often drop the ``i`` ("Quy định số 11-QĐ/TW" for 11-QĐi/TW), so a Party number with
    ``QĐ`` written after the type word "Quy định" is the Quy định's.  Every other number is
    returned unchanged (a State Quy định is ``QyĐ`` and never written ``QĐ``).

    >>> identity_number("11-QĐ/TW", "Quy định"), identity_number("11-QĐ/TW", "Quyết định")
    ('11-QĐi/TW', '11-QĐ/TW')
    >>> identity_number("30/2018/QĐ-UBND", "Quy định")
    '30/2018/QĐ-UBND'
    """
    if not doc_type or doc_type.split(" ")[0:2] != ["Quy", "định"]:
        return number
    sym = parse_number(number)
    if sym is None or sym.style != "party" or sym.type_code != "QĐ":
        return number
    return format_symbol(Symbol(sym.number, sym.year, "QĐi", sym.issuers, sym.style))


def issuer_variants(a: str, b: str) -> bool:
    """Whether two issuer codes name one body: equal up to D/Đ and case, or one is the other
    with the code of the committee it belongs to (``BDV`` and ``BDVTU``: Ban Dân vận Tỉnh ủy,
    written with or without ``TU``; the endings are ``scope_suffixes.provincial`` of
    ``data/symbols.yml``).

    >>> issuer_variants("BDV", "BDVTU"), issuer_variants("BCSDUBND", "BCSĐUBND")
    (True, True)
    >>> issuer_variants("TU", "BDVTU"), issuer_variants("MTTQ", "BDVTU")
    (False, False)
    """
    fa, fb = dfold(a), dfold(b)
    if fa == fb:
        return True
    short, long = sorted((fa, fb), key=len)
    return bool(short) and long.startswith(short) and long[len(short):] in tables().provincial_suffixes


def doc_type_from_symbol(number: str) -> str | None:
    """Document type told by a number's type code, or ``None`` when the code is unknown.

    A State number whose first code is an issuer is a Công văn (Nghị định 30/2020/NĐ-CP,
    Phụ lục III: a Công văn's symbol is the issuer and the drafting unit).

    >>> doc_type_from_symbol("415-KH/BDVTU-BCSĐUBND")
    'Kế hoạch'
    >>> doc_type_from_symbol("111-BC/TU")
    'Báo cáo'
    >>> doc_type_from_symbol("4685/UBND-SNV")
    'Công văn'
    >>> doc_type_from_symbol("11-QĐi/TW")
    'Quy định'
    >>> doc_type_from_symbol("25/2004/QH11")
    'Luật'
    >>> doc_type_from_symbol("10-XYZ/TU") is None
    True
    """
    sym = parse_number(number)
    if sym is None:
        return None
    t = tables()
    if sym.type_code is None:
        if sym.year is None:
            return "Công văn"
        # A law's symbol is only the legislature and its term: "25/2004/QH11".
        heads = [_TRAILING_DIGITS.match(c).group(1) for c in sym.issuers]
        return "Luật" if heads == ["QH"] else None
    first, second = (t.party_types, t.state_types) if sym.style == "party" else (t.state_types, t.party_types)
    return first.get(sym.type_code) or second.get(sym.type_code)


def _issuer_scope(code: str) -> str | None:
    t = tables()
    head = _TRAILING_DIGITS.match(code).group(1)
    scope = t.issuers.get(head)
    if scope in ("central", "provincial"):
        return scope
    key = dfold(head)
    if any(key.endswith(s) for s in t.provincial_suffixes):
        return "provincial"
    if any(key.endswith(s) for s in t.central_suffixes):
        return "central"
    return None


@lru_cache(maxsize=4096)
def citation_scope(number: str) -> str:
    """``"central"`` when the number identifies one document nationwide, else ``"provincial"``.

    A number is provincial when any issuer code is a provincial body (``TU``, ``UBND``, ...),
    central when an issuer code is a central body (``TW``, ``TTg``, ``CP``, ``QH11``, a
    ministry); an issuer the table does not know counts as provincial, so unrelated documents
    of two provinces never merge (``raw-artifacts.md`` §8).

    >>> citation_scope("114-KL/TW"), citation_scope("16/CT-TTg"), citation_scope("34/2007/PL-UBTVQH11")
    ('central', 'central', 'central')
    >>> citation_scope("1823-TB/TU"), citation_scope("4685/UBND-SNV"), citation_scope("52-CTr/BDV-BCSĐUBND")
    ('provincial', 'provincial', 'provincial')
    >>> citation_scope("79-CTr/BDVTW-BCSĐCP")
    'central'
    """
    sym = parse_number(number)
    if sym is None:
        return "provincial"
    codes = list(sym.issuers)
    if sym.style == "state" and sym.type_code is not None and not sym.issuers:
        codes = [sym.type_code]
    scopes = [_issuer_scope(c) for c in codes]
    if "provincial" in scopes:
        return "provincial"
    if "central" in scopes:
        return "central"
    return "provincial"
