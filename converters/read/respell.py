"""OCR'd header words put back in the lexicon's spelling, where the lexicon leaves no doubt.

Tesseract reads the letters of a scan's header well but not always their tone
marks: the bold capitals of the type line come out ``BẢO CAO`` for ``BÁO
CÁO``, a place ``Bác Ninh`` for ``Bắc Ninh``.  Those lines are drawn from
short closed lists: the document types (tên loại, Hướng dẫn 36-HD/VPTW and
Nghị định 30/2020/NĐ-CP Phụ lục III), the names of issuing bodies and titles
(``lexicon/data/casing.yml``) and the provinces with their seats
(``lexicon/data/provinces.yml``).  So a run of header words that equals an
entry once diacritics are removed (:func:`~converters.lexicon.slugs.fold`)
is written as the entry writes it, when exactly one entry folds that way.

Only for OCR input, and only for the header: the issuer and national heading
column lines and the type line in capitals, and the place before ``, ngày``.
A spelling the lexicon also allows (tone placement ``UỶ``/``ỦY``, an alias
such as ``Dak Lak``) is left as it is.  Every change is reported, so nothing
is changed silently.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from converters.lexicon.dates import parse_place_date
from converters.lexicon.slugs import fold

#: Combining tone marks of Vietnamese (huyền, sắc, ngã, hỏi, nặng); the vowel shapes
#: (â, ă, ơ...) are no tone and stay in the base.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_WORD = re.compile(r"[^\W\d_]+")
#: Longest lexicon entry matched, in words ("Ủy ban Mặt trận Tổ quốc Việt Nam").
_MAX_WORDS = 7

#: What each list is called in a warning.
KINDS = {"type": "tên loại văn bản", "body": "tên cơ quan, chức danh", "province": "tên tỉnh, thành phố"}


def _signature(word: str) -> tuple[str, tuple[str, ...]]:
    """A word's letters with their vowel shapes, and its tone marks wherever placed.

    Two spellings with the same signature are one word written with the tone on
    another vowel (``uỷ``/``ủy``, ``hoà``/``hòa``), which both stay.

    >>> _signature("UỶ") == _signature("ủy"), _signature("BẢO") == _signature("báo")
    (True, False)
    """
    nfd = unicodedata.normalize("NFD", word.lower())
    tones = tuple(sorted(c for c in nfd if c in _TONES))
    return unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES)), tones


def _key(words: list[str]) -> tuple[str, ...]:
    return tuple(fold(w) for w in words)


@lru_cache(maxsize=4)
def _vocabulary(kinds: tuple[str, ...]) -> dict[tuple[str, ...], tuple[str, str, set[tuple]]]:
    """``{folded words: (spelling to write, kind, signatures of every accepted spelling)}``.

    The spelling written is the entry's own name, or the alias that folds that
    way (``Bắc Cạn`` stays an alias of ``Bắc Kạn``).  A folded form that two
    different entries share is left out: the scan cannot tell which is meant.
    """
    import yaml
    from importlib import resources

    from converters.lexicon.patterns import DOC_TYPES

    entries: list[tuple[str, str, str]] = []  # (spelling, canonical, kind)
    if "type" in kinds:
        entries += [(t, t, "type") for t in DOC_TYPES]
    data = resources.files("converters.lexicon.data")
    if "body" in kinds:
        for phrase in yaml.safe_load(data.joinpath("casing.yml").read_text("utf-8"))["phrases"]:
            entries.append((phrase, phrase, "body"))
    if "province" in kinds:
        prov = yaml.safe_load(data.joinpath("provinces.yml").read_text("utf-8"))
        for entry in prov["provinces"] + prov["provinces_2025"]:
            name = entry["name"]
            for spelling in [name, *entry.get("aliases", [])]:
                entries.append((spelling, name, "province"))
            if entry.get("capital"):
                entries.append((entry["capital"], entry["capital"], "province"))
    vocab: dict[tuple[str, ...], tuple[str, str, set[tuple]]] = {}
    canon: dict[tuple[str, ...], set[tuple]] = {}
    for spelling, canonical, kind in entries:
        words = _WORD.findall(spelling)
        key = _key(words)
        if not key:
            continue
        canon.setdefault(key, set()).add(canonical)
        sig = tuple(_signature(w) for w in words)
        if key in vocab:
            vocab[key][2].add(sig)
            if spelling == canonical:  # the entry's own name before an alias that folds alike
                vocab[key] = (spelling, kind, vocab[key][2])
        else:
            vocab[key] = (spelling, kind, {sig})
    for key, spellings in canon.items():
        if len(spellings) > 1:
            del vocab[key]
    return vocab


def respell(line: str, kinds: tuple[str, ...] = ("type", "body", "province"), whole: bool = False) -> tuple[str, list[str]]:
    """``line`` with each run of words that folds to a lexicon entry written as the entry does.

    Returns ``(line, kinds changed)``.  A run of one word counts only when it is
    the whole line (``LUẬT``): a single short word folds onto too many others.
    The replacement keeps the line's case (capitals stay capitals) and its
    punctuation; a run already spelled as the lexicon allows is left as it is.
    With ``whole``, only the whole line is compared (a place name).

    >>> respell("BẢO CAO")
    ('BÁO CÁO', ['type'])
    >>> respell("TỈNH UỶ BÁC NINH")
    ('TỈNH UỶ BẮC NINH', ['province'])
    >>> respell("Bác Ninh", ("province",), whole=True)
    ('Bắc Ninh', ['province'])
    >>> respell("BAN DÂN VẬN TỈNH ỦY")
    ('BAN DÂN VẬN TỈNH ỦY', [])
    """
    vocab = _vocabulary(tuple(kinds))
    tokens = list(_WORD.finditer(line))
    out: list[tuple[int, int, str]] = []  # (start, end, replacement)
    changed: list[str] = []
    i = 0
    while i < len(tokens):
        found = None
        sizes = [len(tokens)] if whole else range(min(_MAX_WORDS, len(tokens) - i), 0, -1)
        for n in sizes:
            if n == 1 and len(tokens) != 1:
                break
            run = [t.group() for t in tokens[i : i + n]]
            hit = vocab.get(_key(run))
            if hit:
                found = (n, run, hit)
                break
        if whole and not found:
            break
        if not found:
            i += 1
            continue
        n, run, (canonical, kind, accepted) = found
        if tuple(_signature(w) for w in run) not in accepted:
            for tok, new in zip(tokens[i : i + n], _WORD.findall(canonical)):
                old = tok.group()
                if old.isupper() and len(old) > 1:
                    new = new.upper()
                elif old[:1].isupper():
                    new = new[:1].upper() + new[1:]
                if new != old:
                    out.append((tok.start(), tok.end(), new))
            changed.append(kind)
        i += n
    for start, end, new in reversed(out):
        line = line[:start] + new + line[end:]
    return line, changed


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def respell_header(items: list) -> list[str]:
    """Put the header lines of OCR'd ``items`` (:class:`~converters.read.emit.Item`) in the lexicon's spelling, in place.

    The header is what comes before the first body paragraph: its column
    lines in capitals (issuer, national heading), the place of its place and
    date line, and the centred lines in capitals (the type).  Returns one
    Vietnamese warning per changed line, naming the old and the new text.
    """
    warnings: list[str] = []

    def fix(line: str) -> str:
        core = line.strip().strip("*_").strip()
        new, kinds = core, []
        if _is_caps(core):
            new, kinds = respell(core)
        else:
            pd = parse_place_date(core)
            if pd:
                place = pd[0]
                fixed, kinds = respell(place, ("province",), whole=True)
                if kinds:
                    new = core.replace(place, fixed, 1)
        if new == core:
            return line
        names = ", ".join(dict.fromkeys(KINDS[k] for k in kinds))
        warnings.append(f"nhận dạng chữ (OCR): đã sửa «{core}» thành «{new}» theo danh mục {names}")
        return line.replace(core, new, 1)

    for item in items:
        if item.kind == "para" and not item.lines:
            break  # the body has begun
        if item.kind == "columns":
            item.cells = [[fix(x) for x in col] for col in item.cells]
            item.rows = [[fix(x) for x in row] for row in item.rows]
        elif item.kind == "para":
            item.lines = [fix(x) for x in item.lines]
    return warnings
