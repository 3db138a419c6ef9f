"""Proper casing for upper-case header text (issuing bodies, signers).

Headers and signature blocks print bodies and titles in upper case; the page
writes them as Vietnamese spelling rules do ("BAN DÂN VẬN TỈNH ỦY" ->
"Ban Dân vận Tỉnh ủy").  Three sources, in order: phrases of
``data/casing.yml``, province names, and the document's own body text (the
casing a phrase has most often there).  Acronyms (no vowel, or a known
abbreviation) stay upper case.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from importlib import resources

import yaml

from converters.lexicon.body_words import BodyWords, body_words
from converters.lexicon.patterns import DOC_TYPES
from converters.lexicon.provinces import province_names
from converters.lexicon.slugs import fold
from converters.lexicon.symbols import canonical_number

_VOWELS = set("aeiouy")
_UNITS = {"huyện", "xã", "phường", "quận", "trấn"}


@lru_cache(maxsize=1)
def _data() -> dict:
    return yaml.safe_load(resources.files("converters.lexicon.data").joinpath("casing.yml").read_text("utf-8"))


@lru_cache(maxsize=1)
def _phrases() -> dict[tuple[str, ...], list[str]]:
    """Folded word tuple -> properly cased words; lexicon, province names, then region names.

    Region names are matched with their vowel letters too (:func:`_lexicon_words`).
    """
    data = _data()
    table: dict[tuple[str, ...], list[str]] = {}
    for phrase in list(data["phrases"]) + province_names() + list(data.get("regions") or []):
        words = phrase.split()
        table[tuple(fold(w) for w in words)] = words
        # Also without the commas inside a name ("Văn hóa, Thể thao"): the subject's words are
        # looked up without their edge punctuation (sentence_case), a header's with it (Caser).
        table.setdefault(tuple(fold(w.strip(_EDGE_PUNCT)) for w in words), words)
    return table


@lru_cache(maxsize=1)
def _longest() -> int:
    """Words in the longest lexicon phrase, at least 7 (``Sở Văn hóa, Thể thao và Du lịch``: 8)."""
    return max([7] + [len(k) for k in _phrases()])


#: Tone marks (huyền, sắc, ngã, hỏi, nặng) as combining characters; the vowel marks stay.
_TONES = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))


def _vowels(word: str) -> str:
    """``word`` lower case without its tone mark: ``"BẮC"`` -> ``"băc"``, ``"Hoá"``/``"Hóa"`` -> ``"hoa"``."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", word.lower()).translate(_TONES))


@lru_cache(maxsize=1)
def _regions() -> frozenset[tuple[str, ...]]:
    """Region names (``data/casing.yml`` ``regions``) as tuples of :func:`_vowels` words."""
    return frozenset(tuple(_vowels(w) for w in p.split()) for p in _data().get("regions") or [])


def _lexicon_words(words: list[str], key: tuple[str, ...]) -> list[str] | None:
    """The lexicon's casing of ``words`` (``key``: their folded forms), else ``None``.

    Folded keys let tone placement vary (``HOÁ``/``HÓA``); a region name must
    also have its vowel letters (``NĂM BỘ`` folds like ``Nam Bộ`` but is none).
    """
    cased = _phrases().get(key)
    if cased is None:
        return None
    fkey = tuple(fold(w) for w in cased)
    if fkey in _region_keys() and tuple(_vowels(w) for w in words) not in _regions():
        return None
    return cased


@lru_cache(maxsize=1)
def _region_keys() -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(fold(w) for w in p.split()) for p in _data().get("regions") or [])


#: Texts of these code points only (Latin, Vietnamese, general punctuation): in them every
#: upper- or lower-case character is a letter (``tests/test_casing_speed.py`` checks the ranges
#: against ``unicodedata``), so lower-case letters bound the share of upper-case ones.
_CASED_ARE_LETTERS = re.compile("[\x00-\u024f\u1e00-\u1eff\u2000-\u206f]*")


@lru_cache(maxsize=1 << 15)  # pure; several steps test the same lines
def is_upper_text(text: str, threshold: float = 0.8) -> bool:
    """True when at least ``threshold`` of the letters are upper case.

    >>> is_upper_text("BAN DÂN VẬN TỈNH ỦY"), is_upper_text("Ban Dân vận")
    (True, False)
    """
    n = len(text)
    if n >= 40 and _CASED_ARE_LETTERS.fullmatch(text):
        # A long line of prose (asked about every paragraph's first line): the lower-case
        # letters of its first half alone may show it is no upper-case text.  With L letters,
        # U upper-case ones and l lower-case ones in the half, U <= L - l and L <= n, so
        # U / L <= (n - l) / n; the margin keeps float rounding from deciding.
        lower = sum(map(str.islower, text[: n // 2]))
        if (n - lower) / n < threshold - 1e-9:
            return False
    # map() over str methods: the loop runs in C (this is called on every line of a document).
    letters = sum(map(str.isalpha, text))
    if not letters:
        return False
    return sum(map(str.isupper, text)) / letters >= threshold


def _is_number_symbol(word: str) -> bool:
    """A document's number and symbol (``14/2025/QĐ-UBND``): a ``/`` and a digit."""
    return "/" in word and any(c.isdigit() for c in word)


#: A Roman numeral in capitals (I to CCCXCIX): "KHÓA XVI", "LẦN THỨ XIV", "CHƯƠNG II", "PHỤ LỤC I";
#: the standards write these numbers in capitals (NĐ 30/2020/NĐ-CP Phụ lục I: Phần, Chương, Mục
#: numbered I, II, III).  Those spelt like a Vietnamese syllable ("VI PHẠM", "PHẠM VI", "XI MĂNG")
#: are numerals only after a word that takes an ordinal (:func:`roman_in_context`).
_ROMAN = re.compile(r"^(?=[IVXLC])C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
_ROMAN_SYLLABLES = frozenset({"VI", "XI", "LI", "CI"})
#: Folded words a Roman numeral follows: phần, chương, mục, khóa, (lần) thứ, (phụ) lục, (giai)
#: đoạn, đợt, kỳ, (Đại) hội, (Hội) nghị, (Trung) ương, tập, quyển.
_ORDINAL_HEADS = frozenset({"phan", "chuong", "muc", "khoa", "thu", "luc", "doan", "dot", "ky", "hoi", "nghi", "uong", "tap", "quyen"})


def _roman(word: str) -> bool:
    """An unambiguous Roman numeral (not one spelt like a syllable): ``XIV`` yes, ``VI`` no."""
    return bool(_ROMAN.match(word)) and word not in _ROMAN_SYLLABLES


def roman_in_context(words: list[str], i: int) -> bool:
    """Whether ``words[i]`` (upper case) is a Roman numeral in its place.

    >>> roman_in_context(["KHÓA", "XI"], 1), roman_in_context(["PHẠM", "VI"], 1), roman_in_context(["VI", "PHẠM"], 0)
    (True, False, False)
    >>> roman_in_context(["LẦN", "THỨ", "XIV"], 2), roman_in_context(["XIV"], 0)
    (True, True)
    """
    word = words[i].strip(_EDGE_PUNCT)
    if not _ROMAN.match(word):
        return False
    if word not in _ROMAN_SYLLABLES:
        return True
    return i > 0 and fold(words[i - 1].strip(_EDGE_PUNCT)) in _ORDINAL_HEADS


def _is_acronym(word: str) -> bool:
    word = word.strip(",.;:()\"“”'") or word  # "ĐỔI," is a word with a comma, not an acronym
    if _roman(word):
        return True
    plain = fold(word)
    if not plain.isalpha():
        if not any(c.isalpha() for c in plain) or word.upper() != word:
            return False
        # A document's number and symbol ("14/2025/QĐ-UBND", "201/2025/QH15") is written in
        # capitals whatever its length (NĐ 30/2020/NĐ-CP Phụ lục I: ký hiệu viết in hoa).
        return len(word) <= 12 or _is_number_symbol(word)
    return len(word) >= 2 and not (set(plain) & _VOWELS) or plain in {"ubnd", "hdnd", "mttq", "bcsd", "bdv", "tw", "cp", "ttg"}


class Caser:
    """Proper-cases upper-case phrases, learning casing from one document's body.

    ``body`` is the document's body text (any markup); phrases of 1-4 words
    found there in mixed case vote for their casing.
    """

    def __init__(self, body: str = "") -> None:
        # Learned lazily, per phrase asked for (see _learned): building every
        # 2-4-word n-gram of the body up front was most of the converter's
        # time (0.3 s per report), and only a few header phrases are looked up.
        # The body's capitalized words are found per asked word (lexicon/body_words.py),
        # shared by the Casers of one body (the header and end matter each make one).
        self._body = body
        self._index: BodyWords | None = None
        self._memo: dict[str, str] = {}  # word -> fold(word)
        self._cache: dict[tuple[str, ...], Counter | None] = {}

    def _learned(self, key: tuple[str, ...]) -> Counter | None:
        """Casings of the body's ``len(key)``-word phrases folding to ``key``, with counts.

        Rule: a phrase votes when its first word is capitalized and it is not
        upper-case text (:func:`is_upper_text` of the joined words); counts in
        body order, so ties go to the first seen.  None when nothing votes.
        """
        if key in self._cache:
            return self._cache[key]
        memo = self._memo
        if self._index is None:
            self._index = body_words(self._body)
        size = len(key)
        votes: Counter | None = None
        for chunk in self._index.phrases(key[0], size):
            if len(chunk) < size or any((memo.get(w) or memo.setdefault(w, fold(w))) != k for w, k in zip(chunk, key)):
                continue
            if is_upper_text(" ".join(chunk)):
                continue
            votes = votes if votes is not None else Counter()
            votes[chunk] += 1
        self._cache[key] = votes
        return votes

    def case(self, text: str) -> str:
        """Return ``text`` properly cased if it is upper case, else unchanged.

        >>> Caser().case("BAN DÂN VẬN TỈNH ỦY")
        'Ban Dân vận Tỉnh ủy'
        >>> Caser().case("T/M BAN THƯỜNG VỤ")
        'T/M Ban Thường vụ'
        >>> Caser().case("UBND HUYỆN KIÊN HẢI")
        'UBND huyện Kiên Hải'
        >>> Caser().case("BAN DÂN VẬN HUYỆN UỶ CHÂU PHÚ")
        'Ban Dân vận Huyện uỷ Châu Phú'
        >>> Caser("Ban cán sự đảng ở Ban Cán sự Đảng").case("BAN CÁN SỰ ĐẢNG")
        'Ban Cán sự đảng'
        >>> Caser().case("CHI CỤC THUẾ KHU VỰC XVII"), Caser().case("TỔNG CỤC HẢI QUAN")
        ('Chi cục Thuế khu vực XVII', 'Tổng cục Hải quan')
        """
        if not is_upper_text(text):
            return text
        tokens = text.split()
        folded = [fold(t) for t in tokens]  # (once per token, not once per window size)
        out: list[str] = []
        guessed: list[bool] = []  # per word of ``out``: lower-cased for want of any casing source
        i = 0
        phrases = _phrases()
        while i < len(tokens):
            matched = False
            for size in range(min(_longest(), len(tokens) - i), 0, -1):
                key = tuple(folded[i : i + size])
                cased = _lexicon_words(tokens[i : i + size], key) if key in phrases else None
                if cased is None and 2 <= size <= 4 and (votes := self._learned(key)):
                    cased = list(votes.most_common(1)[0][0])
                if cased is not None:
                    if out and key[0] == "cuc" and fold(out[-1]) in ("chi", "tong"):
                        # "Tổng cục", "Chi cục" are one kind word (NĐ 30/2020 Phụ lục II mục II:
                        # "Tổng cục Thuế"): a lexicon "Cục Thuế" after them keeps "cục" lower case.
                        cased = [cased[0].lower(), *cased[1:]]
                    # Keep the source's letters (tone placement as written); take only the case.
                    out.extend(_apply_case(t, c) for t, c in zip(tokens[i : i + size], cased))
                    guessed.extend([False] * size)
                    i += size
                    matched = True
                    break
            if matched:
                continue
            tok = tokens[i]
            if _AUTHORITY.fullmatch(tok):
                out.append(tok)  # signing authority marks: T/M, K/T, TL., ...
            elif _is_acronym(tok) or roman_in_context(tokens, i):
                out.append(tok)
            else:
                out.append(tok.lower())
            guessed.append(out[-1] != tok)
            i += 1
        out, named = _unit_case(tokens, out, guessed)
        out = _office_case(tokens, out)
        # A place name follows an administrative unit word: "huyện Kiên Hải", "xã Bình An".
        # Compared with tone marks: "QUẢN" folds like "QUẬN" but is no unit.
        for j, word in enumerate(out[:-1]):
            # ("Thương binh và Xã hội": a lexicon name's "Xã hội", society, is no commune.)
            society = j and word == "Xã" and out[j + 1] == "hội"
            if j >= named and word.lower() in _UNITS and not society:
                # "Huyện ủy Châu Phú": the party committee of the district, then its name.
                start = j + 2 if fold(out[j + 1]) == "uy" else j + 1
                out[start:] = [w if _is_acronym(w) else w[:1].upper() + w[1:] for w in out[start:]]
                break
        result = " ".join(out)
        return result[:1].upper() + result[1:]


#: Office words (chức vụ) a title is made of, folded: written with a capital first letter only
#: ("Cục trưởng", "Trưởng ban", "Chủ tịch"), NĐ 30/2020 Phụ lục II mục II (viết hoa chức vụ).
_OFFICES = {
    tuple(o.split())
    for o in (
        "truong ban", "truong phong", "cuc truong", "vu truong", "vien truong", "hieu truong", "bo truong",
        "thu truong", "thu tuong", "giam doc", "chu tich", "chu nhiem", "bi thu", "chanh an", "chanh",
        "tong cuc truong", "chi cuc truong", "ke toan truong", "thu ky", "uy vien", "truong",
    )
}
#: Words before an office that make a title of it, each written with a capital, as is the office
#: after it: "Phó Cục trưởng", "Phó Trưởng ban", "Tổng Thư ký", "Phó Tổng Giám đốc".
_OFFICE_MODIFIERS = {"phó", "tổng"}
#: Unit type words (loại hình cơ quan): after an office, a unit name starts with one, capitalized,
#: and so is the first word of its function (NĐ 30/2020 Phụ lục II mục II.2: "Ban Chính sách",
#: "Cục Hải quan", "Vụ Pháp chế", "Sở Tài chính").
_UNIT_TYPES = {
    tuple(u.split())
    for u in (
        "ban", "cuc", "tong cuc", "chi cuc", "vu", "so", "phong", "van phong", "vien", "trung tam", "thanh tra",
    )
}
#: Words that place a unit rather than name its function (lower case after the type word).
_LEVELS = {"tỉnh", "thành", "huyện", "xã", "phường", "quận", "khu", "cấp", "trung", "nhà", "các"}


#: Unit type words a line may open with for :func:`_unit_case`, folded.  Left out: "Ban" (an
#: existing expectation keeps "BAN QUẢN LÝ DỰ ÁN" as "Ban quản lý dự án", tests/test_endmatter.py)
#: and "Bộ" (every ministry is a lexicon phrase; "BỘ PHẬN ..." is a common noun, no ministry).
_LINE_UNIT_TYPES = {tuple(u.split()) for u in ("cuc", "tong cuc", "chi cuc", "vu", "so", "vien", "trung tam")}


def _unit_case(tokens: list[str], out: list[str], guessed: list[bool]) -> tuple[list[str], int]:
    """Capitalize the field words of a unit name that no casing source cased.

    ``tokens``: the upper-case words of a line, ``out``: their cased words,
    ``guessed``: per word, True when it was lower-cased only for want of a
    lexicon phrase, a province or the body's own casing (those still win).  A
    line opening with a unit type word (``CỤC``, ``VỤ``, ``SỞ``, ...) names
    the unit's function or field next: the first word of each field phrase
    takes a capital, a new phrase starting after ``,``, ``-`` or ``và``
    (``CỤC THỦY LỢI`` -> ``Cục Thủy lợi``, ``SỞ VĂN HÓA, THỂ THAO VÀ DU
    LỊCH`` -> ``Sở Văn hóa, Thể thao và Du lịch``).  The name ends at a word
    that places the unit (``tỉnh``, ``huyện``, ...), an acronym, or a word a
    casing source cased; ``xã hội`` (society) is a field, no commune.
    Returns the words and the index where the name ended (0 for a line
    opening otherwise, which comes back unchanged).  Source: NĐ 30/2020/NĐ-CP
    Phụ lục II mục II (viết hoa tên cơ quan, tổ chức: "Cục Thủy lợi", "Vụ Tổ
    chức cán bộ", "Sở Tài nguyên và Môi trường").

    >>> Caser().case("CỤC THỦY LỢI"), Caser().case("SỞ GIAO THÔNG VẬN TẢI VÀ ĐÔ THỊ TỈNH AN GIANG")
    ('Cục Thủy lợi', 'Sở Giao thông vận tải và Đô thị tỉnh An Giang')
    >>> Caser("Cục Kinh tế Hợp tác báo cáo").case("CỤC KINH TẾ HỢP TÁC")
    'Cục Kinh tế Hợp tác'
    >>> Caser().case("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI TỈNH AN GIANG"), Caser().case("UBND XÃ HỘI AN")
    ('Sở Lao động - Thương binh và Xã hội tỉnh An Giang', 'UBND xã Hội An')
    """
    keys = [fold(t.strip(",.;:")) for t in tokens]
    n = len(tokens)
    size = next((m for m in (2, 1) if m < n and tuple(keys[:m]) in _LINE_UNIT_TYPES), 0)
    if not size or not guessed[size]:
        return out, 0
    out = list(out)
    opens = True  # the next word opens a field phrase
    j = size
    while j < n:
        word = out[j]
        if word in ("-", "–"):
            opens = True
        elif keys[j] == "va" and word == "và":
            opens = True
        elif not guessed[j] or not word[:1].isalpha():
            break
        elif word.lower() in _LEVELS and keys[j + 1 : j + 2] != ["hoi"]:
            break  # (a place; "xã hội", society, is a field)
        else:
            if opens:
                out[j] = word[:1].upper() + word[1:]
            opens = tokens[j].endswith(",")
        j += 1
    return out, j


def _office_case(tokens: list[str], out: list[str]) -> list[str]:
    """Apply the office/unit rule to the cased words ``out`` of the upper-case words ``tokens``.

    A line that opens with an office title (``[PHÓ|TỔNG] OFFICE``): each
    modifier and the office's first word capitalized, the office's other
    words in lower case (``PHÓ CỤC TRƯỞNG`` -> ``Phó Cục trưởng``); the unit
    named after it starts with its capitalized type word and function word
    (``TRƯỞNG BAN BAN CHÍNH SÁCH`` -> ``Trưởng ban Ban Chính sách``).  An
    office ending in a type word (``TRƯỞNG BAN``) followed by a function
    shares that word with the unit (``TRƯỞNG BAN GIÁM SÁT`` -> ``Trưởng Ban
    Giám sát``).  Acronyms and words the phrase tables cased are left as they
    are past the office; no capital is invented for other words.  Lines that
    do not open with an office come back
    unchanged.  Source: NĐ 30/2020/NĐ-CP Phụ lục II mục II (viết hoa tên cơ
    quan, tổ chức và chức vụ).
    """
    keys = [fold(t.strip(",.;:")) for t in tokens]
    n = len(tokens)
    i = 0
    while i < n and out[i].lower() in _OFFICE_MODIFIERS and not (i + 2 < n and tuple(keys[i : i + 3]) in _OFFICES):
        i += 1
    size = next((k for k in (3, 2, 1) if i + k <= n and tuple(keys[i : i + k]) in _OFFICES), 0)
    if not size or (size == 1 and keys[i] == "chanh" and i + 1 >= n):
        return out
    out = list(out)
    for j in range(i):
        out[j] = out[j][:1].upper() + out[j][1:].lower()
    out[i : i + size] = [out[i][:1].upper() + out[i][1:].lower()] + [w.lower() for w in out[i + 1 : i + size]]
    k = i + size
    if k >= n:
        return out
    unit = next((m for m in (2, 1) if k + m <= n and tuple(keys[k : k + m]) in _UNIT_TYPES), 0)
    if unit:
        start = k
    elif size >= 2 and (keys[k - 1],) in _UNIT_TYPES and keys[k] != "thuong":
        start, unit, k = k - 1, 1, k - 1  # "TRƯỞNG BAN GIÁM SÁT": the office's "BAN" is the unit's
    else:
        return out  # "THƯỜNG TRỰC", or a bare "TRƯỞNG" + a name the phrase tables cased ("Thuế tỉnh")
    out[start] = out[start][:1].upper() + out[start][1:]
    nxt = start + unit
    if nxt < n and not _is_acronym(tokens[nxt]) and out[nxt].lower() not in _LEVELS and out[nxt][:1].islower():
        out[nxt] = out[nxt][:1].upper() + out[nxt][1:]
    return out


def _shares_unit(fkeys: list[str], i: int, n: int) -> bool:
    """Whether the lexicon office ``fkeys[i:i+n]`` ends in a unit word that opens a longer name.

    ``fkeys``: a subject's folded words.  An office ending in a unit type word
    (``Trưởng ban``, ``Phó Trưởng ban``) before the rest of a body's name gives that
    word to the name: ``TRƯỞNG BAN CHỈ ĐẠO`` is ``Trưởng Ban Chỉ đạo``, the head of
    the Ban Chỉ đạo (NĐ 30/2020/NĐ-CP Phụ lục II mục II: chức vụ, then the body's name
    with its capitals), not ``Trưởng ban chỉ đạo``.  True only when a lexicon phrase of
    two or more words starts at that last word.

    >>> _shares_unit(["truong", "ban", "chi", "dao"], 0, 2), _shares_unit(["truong", "ban", "thuong", "truc"], 0, 2)
    (True, False)
    """
    if n < 2 or (fkeys[i + n - 1],) not in _UNIT_TYPES:
        return False
    j = i
    while j < i + n - 1 and fkeys[j] in ("pho", "tong"):
        j += 1
    if tuple(fkeys[j : i + n]) not in _OFFICES:
        return False
    start, phrases = i + n - 1, _phrases()
    return any(tuple(fkeys[start : start + m]) in phrases for m in range(2, min(_longest(), len(fkeys) - start) + 1))


_AUTHORITY = re.compile(r"[TKQ]/?[MT]\.?|TM\.?|KT\.?|TL\.?|TUQ\.?|Q\.")


def _apply_case(token: str, model: str) -> str:
    if model.isupper() and len(model) > 1:
        return token.upper()
    low = token.lower()
    return low[:1].upper() + low[1:] if model[:1].isupper() else low


def title_case_name(name: str) -> str:
    """A person's name with every word capitalized ("DƯƠNG VĂN AN" -> "Dương Văn An")."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in name.split())


_EDGE_PUNCT = ",.;:()\"“”'[]"
_UPPER_LETTERS = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
# A capital after "word " or ", " (the pattern starts with the letter class so the regex
# engine skips ahead to candidates instead of trying lookbehinds at every position), taking
# its word (group 1) and, in a lookahead, the 1-3 words after it (group 2) so that the
# next candidate may start inside this phrase.  One findall in C per body.
_MID_PHRASE = re.compile(r"([" + _UPPER_LETTERS + r"](?<=[\w,] .)\w*)(?=((?: \w+){1,3}))?")


def _lower_in_context(keys: list[str], i: int, n: int, forms: Counter, body: str) -> bool:
    """Whether the body writes the phrase ``keys[i:i+n]``, after the subject's word before it, in
    lower case at least as often as in its capitalized form.

    A phrase capitalized inside a longer name ("Trung tâm Phục vụ Hành chính công", 166 times)
    is still a common noun where the subject uses it ("thủ tục hành chính", written so in the
    body): the body's casing in the subject's own context wins over its casing elsewhere.
    """
    if i == 0:
        return False
    before = keys[i - 1]
    low = before + " " + " ".join(keys[i : i + n])
    cap = before + " " + " ".join(forms.most_common(1)[0][0])
    return body.count(low) >= max(1, body.count(cap))


def sentence_case(subject: str, body: str = "") -> str:
    """An upper-case subject (trích yếu) written as running text: ``"VỀ PHÔNG LƯU TRỮ ĐẢNG"`` -> ``"về Phông lưu trữ Đảng"``.

    Text that is not upper case comes back unchanged.  Every word goes to
    lower case except: acronyms (``UBND``, ``TTHC``), phrases of
    ``data/casing.yml`` and province names, and phrases of two to four words
    that the body writes capitalized *in mid-sentence* more often than not
    (the word before them in lower case, so a sentence's first word does not
    vote).  A subject continues its type in a title (``Quyết định công bố
    ...``), so its first word is lower case unless it is such a name.

    >>> sentence_case("VỀ PHÔNG LƯU TRỮ ĐẢNG CỘNG SẢN VIỆT NAM", "tài liệu của Phông lưu trữ Đảng Cộng sản Việt Nam")
    'về Phông lưu trữ Đảng Cộng sản Việt Nam'
    >>> sentence_case("QUY ĐỊNH MỘT SỐ NỘI DUNG CHI CỦA HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HÀ NỘI", "Một số nội dung. Nội dung chi của Hội đồng nhân dân thành phố")
    'quy định một số nội dung chi của Hội đồng nhân dân thành phố Hà Nội'
    >>> sentence_case("Về việc công bố", "")
    'Về việc công bố'
    >>> sentence_case("CÔNG BỐ THỦ TỤC HÀNH CHÍNH", "Trung tâm Phục vụ Hành chính công, vụ Hành chính công; thủ tục hành chính")
    'công bố thủ tục hành chính'
    """
    if not is_upper_text(subject):
        return subject
    tokens = subject.split()
    cores = [t.strip(_EDGE_PUNCT) for t in tokens]
    keys = [c.lower() for c in cores]
    fkeys = [fold(c) for c in cores]  # the lexicon is keyed by folded words
    wanted = {tuple(keys[i : i + n]) for n in range(2, 5) for i in range(len(keys) - n + 1)}
    caps: dict[tuple[str, ...], Counter] = {}
    # Capitalized words in mid-sentence (after a word and a space, or a comma): each starts
    # a candidate phrase of 2-4 words.  Regex scanning keeps this linear and in C.
    firsts = {k[0] for k in wanted}
    # Each distinct phrase once, with its count (Counter keeps first-seen order, so forms
    # enter ``caps`` in body order as before and ties still go to the first seen).
    for (first, rest), count in Counter(_MID_PHRASE.findall(body)).items():
        if not rest or first.lower() not in firsts:
            continue  # no phrase, or no phrase of the subject starts with this word
        words = (first + rest).split(" ")
        lowered = [w.lower() for w in words]  # (once, not once per prefix)
        for n in range(2, len(words) + 1):
            key = tuple(lowered[:n])
            if key not in wanted:
                break  # no longer phrase of the subject starts with an unwanted prefix
            form = tuple(words[:n])
            if not is_upper_text(" ".join(form)):
                caps.setdefault(key, Counter())[form] += count
    body_lower = body.lower() if caps else ""
    votes: dict[tuple[str, ...], Counter] = {}
    for key, forms in caps.items():
        # Capitalized mid-sentence more often than written any other way in the body.
        if sum(forms.values()) * 2 > body_lower.count(" ".join(key)):
            votes[key] = forms
    phrases = _phrases()
    out: list[str] = []
    i = 0
    lower_to = -1  # end of a phrase the body writes in lower case in this context: no vote inside it
    carry: tuple[int, str] | None = None  # (index, casing) of a voted phrase's last word left over
    while i < len(tokens):
        for n in range(min(_longest(), len(tokens) - i), 0, -1):
            key = tuple(keys[i : i + n])
            fkey = tuple(fkeys[i : i + n])
            # (_lexicon_words is None for a key the lexicon lacks: most windows, no call for them)
            model = _lexicon_words(cores[i : i + n], fkey) if fkey in phrases else None
            if model is not None and i and keys[i] == "sở" and keys[i - 1] == "cơ":
                model = None  # "cơ sở" (a facility: "cơ sở văn hóa", "cơ sở y tế") is no Sở
            voted = False
            if model is None and 2 <= n <= 4 and key in votes:
                if i < lower_to or _lower_in_context(keys, i, n, votes[key], body) or (
                    i == 0 and _named_as_title(key, votes[key], body_lower, body)
                ):
                    # ("khoa học và công" lower after "lĩnh vực": "công nghệ" inside it too)
                    lower_to = max(lower_to, i + n)
                else:
                    model = list(votes[key].most_common(1)[0][0])
                    voted = True
            if model is not None:
                if not voted and _shares_unit(fkeys, i, n):
                    # "TRƯỞNG BAN CHỈ ĐẠO": the office's "BAN" opens the body's name ("Trưởng" +
                    # "Ban Chỉ đạo"), as Caser's office rule shares it (_office_case).
                    model, n = model[:-1], n - 1
                if voted and model[-1][:1].isupper() and i + n < len(tokens):
                    # A voted phrase is a window of at most four words, and its last word may
                    # open a name that goes on past it ("Cảng quốc tế Cam" / "Ranh"): that word
                    # is read again as the start of a phrase, keeping its capital if none is.
                    carry = (i + n - 1, model[-1])
                    model, n = model[:-1], n - 1
                for tok, core, m in zip(tokens[i : i + n], cores[i : i + n], model):
                    out.append(tok.replace(core, _apply_case(core, m)) if core else tok)
                i += n
                break
        else:
            tok, core = tokens[i], cores[i]
            if carry and carry[0] == i and core:
                tok = tok.replace(core, _apply_case(core, carry[1]))
            elif core and not _is_acronym(core) and not roman_in_context(cores, i):
                tok = tok.replace(core, core.lower())
            elif _is_number_symbol(core):
                # A document's number in capitals: its codes as the standards write them
                # ("32/CT-TTG" -> "32/CT-TTg", NĐ 30/2020/NĐ-CP Phụ lục III).
                tok = tok.replace(core, canonical_number(core))
            out.append(tok)
            i += 1
    out = _cited_types(out, cores)
    if body and ("“" in subject or '"' in subject):
        out = _quoted_names(out, body)
    return " ".join(out)


#: Type words (tên loại) folded, longest first, with "Luật" and "Pháp lệnh" that laws are cited by.
_CITED_TYPES = sorted({tuple(fold(w) for w in t.split()) for t in list(DOC_TYPES) + ["Luật", "Pháp lệnh", "Nghị định", "Thông tư"]},
                      key=len, reverse=True)
#: ``_CITED_TYPES`` by first word, each list in that order: a subject's word is compared only with
#: the types it can start (was every type at every word, 2% of the header step).
_CITED_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _key in _CITED_TYPES:
    _CITED_BY_FIRST.setdefault(_key[0], []).append(_key)


def _cited_types(out: list[str], cores: list[str]) -> list[str]:
    """A document cited by its number in a subject takes a capital on its type word.

    NĐ 30/2020/NĐ-CP Phụ lục II mục II: the type of a document named in particular is
    written with a capital (``Nghị quyết số 57-NQ/TW``), as the corpus bodies write
    every citation; in a subject in capitals nothing else shows it.  ``out``: the
    subject's cased words, ``cores``: its words without edge punctuation.

    >>> _cited_types(["triển", "khai", "nghị", "quyết", "số", "57-NQ/TW"], ["TRIỂN", "KHAI", "NGHỊ", "QUYẾT", "SỐ", "57-NQ/TW"])[2]
    'Nghị'
    >>> _cited_types(["ban", "hành", "quyết", "định", "mới"], ["BAN", "HÀNH", "QUYẾT", "ĐỊNH", "MỚI"])[2]
    'quyết'
    """
    folded = [fold(c) for c in cores]
    out = list(out)
    for i in range(min(len(out), len(folded))):  # (no type starts past the words)
        for key in _CITED_BY_FIRST.get(folded[i], ()):
            n = len(key)
            if tuple(folded[i : i + n]) != key:
                continue
            j = i + n + (1 if folded[i + n : i + n + 1] == ["so"] else 0)
            nxt = cores[j] if j < len(cores) else ""
            if _is_number_symbol(nxt) or (j > i + n and nxt[:1].isdigit()):
                out[i] = out[i][:1].upper() + out[i][1:]
            break
    return out


def continuing_subject(subject: str, body: str = "") -> str:
    """A trích yếu that continues a label (``V/v``): its first word in lower case unless a name.

    NĐ 30/2020/NĐ-CP Phụ lục I (trích yếu nội dung công văn): the subject is printed
    after "V/v" in lower case letters (``V/v nâng bậc lương năm 2019``), and so 18 of
    the 20 ``V/v`` subjects of the corpus are; an office that capitalizes the first
    word (``V/v: Chính sách thuế TNCN``) does not make it a name.  The first word keeps
    its capital when :func:`sentence_case` would keep it for the same words in capitals
    (a lexicon name, a province, a phrase the body capitalizes mid-sentence); an acronym
    or a lower-case first word is left as it is, and so are all later words.

    >>> continuing_subject("Chính sách thuế TNCN"), continuing_subject("Phổ biến Cẩm nang nghiệp vụ thuế")
    ('chính sách thuế TNCN', 'phổ biến Cẩm nang nghiệp vụ thuế')
    >>> continuing_subject("Ủy ban nhân dân tỉnh góp ý"), continuing_subject("UBND tỉnh góp ý"), continuing_subject("hướng dẫn")
    ('Ủy ban nhân dân tỉnh góp ý', 'UBND tỉnh góp ý', 'hướng dẫn')
    >>> continuing_subject("“Tháng hành động vì an toàn thực phẩm” năm 2025")
    '“Tháng hành động vì an toàn thực phẩm” năm 2025'
    """
    tokens = subject.split()
    if not tokens or tokens[0][:1] in "“\"'(":
        return subject  # a quoted name or a bracket opens the subject: as written
    core = tokens[0].strip(_EDGE_PUNCT)
    if not core or not core[:1].isupper() or _is_acronym(core) or not (core[1:] == core[1:].lower()):
        return subject
    cased = sentence_case(subject.upper(), body).split()
    if not cased or cased[0].strip(_EDGE_PUNCT)[:1].isupper():
        return subject
    tokens[0] = tokens[0].replace(core, core[:1].lower() + core[1:], 1)
    return " ".join(tokens)


#: Document types, longest first, as the body names a document before its trích yếu.
_TYPE_NAMES = sorted(DOC_TYPES, key=len, reverse=True)


def _named_as_title(key: tuple[str, ...], forms: Counter, body_lower: str, body: str) -> bool:
    """Whether the subject's opening phrase votes capitalized only as the title it opens.

    ``key``: the phrase in lower case, ``forms``: its capitalized forms and their
    counts in the body.  The body names the document itself, or another one, with
    its type and trích yếu ("ban hành Nghị quyết Quy định mức chi ..."), where the
    trích yếu's first word takes a capital as a title does: no mark of a name.
    Without those mentions the phrase must still be capitalized more often than
    not, or the subject's first word is lower case (``sentence_case``).
    """
    mentions = sum(body.count(f"{t} {' '.join(form)}") for t in _TYPE_NAMES for form in forms)
    if not mentions:
        return False
    caps = sum(forms.values()) - mentions
    return caps * 2 <= body_lower.count(" ".join(key)) - mentions


def _quoted_names(out: list[str], body: str) -> list[str]:
    """Capitalize a word opening a quotation in a cased subject when the body writes it so.

    A quoted name (``danh hiệu “Công dân Thủ đô ưu tú”``, ``Đề án “Nâng cao
    nhận thức ...”``) starts with a capital in running text, a quoted
    phrase (``“về tăng cường ...”``) does not: the body, which quotes the same
    words, tells which (its capitalized form more often than the lower-case
    one, after the same opening quote and with the next word).  The rule for
    mid-sentence phrases in :func:`sentence_case` cannot see these: the word
    before them is the quote, not a lower-case word.
    """
    out = list(out)
    for i, tok in enumerate(out[:-1]):
        if tok[:1] not in "“\"" or len(tok) < 2 or not tok[1].islower():
            continue
        word, nxt = tok[1:].strip(_EDGE_PUNCT), out[i + 1].strip(_EDGE_PUNCT)
        if not word or not nxt:
            continue
        lower = f"{tok[0]}{word} {nxt}"
        upper = f"{tok[0]}{word[:1].upper()}{word[1:]} {nxt}"
        if body.count(upper) > body.count(lower):
            out[i] = tok[0] + tok[1:2].upper() + tok[2:]
    return out
