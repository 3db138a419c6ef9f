"""Hard-wrapped lines joined into logical lines (``raw-artifacts.md`` family 11).

Text exports break every paragraph, title and cell at a fixed width (about
80 columns).  :func:`measure` tells whether a text is wrapped and at what
width (statistics of its prose lines); :func:`logical_lines` joins physical
lines where a breaker says the break is a wrap: :func:`_body_break` for the
body (sentence ends, labels of NĐ 30/2020 Phụ lục I: ``Điều``, ``1.``,
``a)``, ``Căn cứ``, upper-case title lines, the line width) and
:func:`_cell_break` for the narrow lines of a layout cell (grammar only).
:func:`cut_word` joins a word that a break cut in two (the Vietnamese
syllable check, ``lexicon/syllables.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from converters.lexicon.casing import is_upper_text
from converters.lexicon.patterns import TERMINAL, doc_type_of, numbering
from converters.lexicon.slugs import fold
from converters.lexicon.syllables import is_syllable
from converters.steps.layout.common import (
    _ATTACHED_LINE, _AUTHORITY, _DECOR, _FOOTNOTE_DEF, _ITEM, _KINH_GUI, _LEGAL_LABEL, _MD_HEADING,
    _RECIPIENTS, _VV, _bare, _ends_sentence, _fully_emphasized, _letters, _starts_label,
)
from converters.steps.layout.emphasis import mend_emphasis


_LETTER_LABEL = re.compile(r"^[a-zđ]\)\s")
#: A sentence end inside closing quotes ("... này./.”").
_QUOTED_STOP = ("./.", '."', ".”", ";”", ":”")
#: Words after which a header line cannot end (a cell wrapped inside a name).
_CONNECTORS = {"va", "cua", "ve", "cho", "voi", "tai", "thuoc", "-", "&"}
#: ``_ITEM``, ``_AUTHORITY``, ``_RECIPIENTS``, ``_FOOTNOTE_DEF`` or ``_VV`` in one match (a cell
#: line that opens a line of its own: :func:`_cell_break`), each with its own flags.
_CELL_LABEL = re.compile(
    "|".join(
        f"(?{'i' if p.flags & re.IGNORECASE else '-i'}:{p.pattern})"
        for p in (_ITEM, _AUTHORITY, _RECIPIENTS, _FOOTNOTE_DEF, _VV)
    )
)


@dataclass
class _Stats:
    """Line-length statistics of one document (family 11)."""

    wrapped: bool
    width: int | None
    by_blank: bool  # paragraphs separated by blank lines

    @property
    def slack(self) -> int:
        return max(8, (self.width or 80) // 6)


def measure(lines: list[str]) -> _Stats:
    """Is the text hard-wrapped, at what width, are paragraphs blank-separated?

    Rule: the wrap width is the 90th percentile of the lengths of prose lines
    (two words or more, not ``|``).  A text is hard-wrapped when that width is
    at most 110 characters (one paragraph per line puts it in the hundreds)
    and the wrap shows: lines near the width (within 20% below it) that stop
    mid-sentence before a lower-case word or a number, at least two of them and 3% of the
    prose lines.  A short text of short complete lines is not wrapped.
    """
    # (A line with a space inside its stripped text is no lone "|": no _is_bar test needed;
    # "not l.strip()" is "empty or all blanks", told without a copy of the line.)
    prose = [l.rstrip() for l in lines if " " in l and " " in l.strip()]
    blanks = sum(1 for l in lines if not l or l.isspace())
    by_blank = blanks * 6 >= len(lines) if lines else False
    if len(prose) < 4:
        return _Stats(False, None, by_blank)
    lengths = sorted(len(l) for l in prose)
    width = lengths[int(len(lengths) * 0.9)]
    if width > 110:
        return _Stats(False, width, by_blank)
    low, high = width * 0.8, width * 1.1
    cuts = 0
    for k in range(len(lines) - 1):
        if len(lines[k]) < low:
            continue  # (shorter still once its blanks are cut: no copy needed)
        a = lines[k].rstrip()
        if len(a) < low or len(a) > high:
            continue
        b = _bare(lines[k + 1])
        ba = _bare(a)
        if (b[:1].islower() or b[:1].isdigit()) and ba[-1:] not in TERMINAL:
            cuts += 1
    wrapped = cuts >= 2 and cuts * 33 >= len(prose)
    return _Stats(wrapped, width, by_blank)


class _Cur:
    """The logical line being built: its first and last physical lines, open emphasis.

    Kept incrementally so that each join costs the length of one physical
    line, never the length of the paragraph so far (linear time).
    """

    __slots__ = ("parts", "first", "last", "strong", "em")

    def __init__(self, line: str) -> None:
        self.parts = [line]
        self.first = self.last = line
        if "*" in line:
            self.strong = line.count("**") % 2
            self.em = line.replace("**", "").count("*") % 2
        else:  # most lines carry no emphasis: spare the counts
            self.strong = self.em = 0

    def add(self, line: str) -> None:
        self.parts.append(line)
        self.last = line
        if "*" in line:
            self.strong ^= line.count("**") % 2
            self.em ^= line.replace("**", "").count("*") % 2

    @property
    def open(self) -> bool:
        return bool(self.strong or self.em)

    @property
    def fully_emphasized(self) -> bool:
        if len(self.parts) == 1:
            return _fully_emphasized(self.first)
        return self.first.startswith("**") and self.last.endswith("**") and not self.strong

    @property
    def single(self) -> bool:
        return len(self.parts) == 1

    def text(self) -> str:
        # Parts are stripped on the way in (logical_lines is the only builder).
        return " ".join(self.parts)


def _body_break(cur: "_Cur", b: str, stats: _Stats) -> bool:
    """True when the line break between body lines ``a`` and ``b`` ends a logical line.

    A wrap never ends inside an open emphasis run or before a lower-case
    continuation; a label (``Điều``, ``1.``, ``a)``, ``-``, ``Căn cứ``) starts a
    new line only after a sentence end or a whole bold title line (``... Chỉ thị số`` / ``35- CT/TW``
    runs on); a line that ends a sentence well short of the wrap width ends
    its paragraph; a change between upper-case title lines and text does too.
    """
    a = cur.last
    ba, bb = _bare(a), _bare(b)
    if not ba or not bb:
        return True
    # A line whose words start with a letter or digit is no decoration (every character of
    # its bare text is one of the line's, and none of _DECOR's is alphanumeric): no regex.
    if (not ba[0].isalnum() and _DECOR.match(a)) or (not bb[0].isalnum() and _DECOR.match(b)):
        return True
    if cur.strong or cur.em:  # (cur.open and cur.single without a property call: asked per line pair)
        # A bold mark left open by the web page ("*Theo **đề nghị ... 2025.*") does not run a
        # sentence's end into a whole bold line after it ("**QUYẾT ĐỊNH:**", NĐ 30/2020 Phụ lục I).
        if bb[0] == "[" and _FOOTNOTE_DEF.match(bb) and (ba[-1] in TERMINAL or ba.endswith(_QUOTED_STOP)):
            # Nor into the next "[n] ..." definition (raw-artifacts.md §14: the definitions after the
            # signature each open a line), when the one before ends a sentence: a quoted article
            # ("*“***Điều 2:** ...", "*Điều 3:** ... này./.”*") leaves marks open in a definition.
            return True
        return not cur.em and ba[-1] in TERMINAL and _fully_emphasized(b)
    if len(cur.parts) == 1 and len(ba) <= 40 and is_upper_text(ba) and doc_type_of(ba):
        # The type stands on its own line above the subject, also when the subject
        # starts in lower case ("BÁO CÁO" / "tổng kết công tác ..."; a scan gives no bold to tell).
        return True
    # (The first-character tests spare regexes that need that character: "#", "*_[", ")".)
    if bb[0].islower() and not ("**" in b and _fully_emphasized(b)) and not (cur.first[:1] == "#" and _MD_HEADING.match(cur.first)):
        # The common case first (a wrapped line goes on in lower case), unless it is a
        # point label "a)" after a sentence end.
        # A bold title line is closed once its run closes: "**3. Quy trình ...**" / "*a) Đối với*".
        return bb[1:2] == ")" and bool(_LETTER_LABEL.match(bb)) and (
            ba[-1] in TERMINAL or ba.endswith("./.") or cur.fully_emphasized
            # A khoản's title without a stop ("1. Sở Nội vụ") above its first point "a) Công khai ..."
            # (20 times in 12 corpus documents); "điểm" / "a) khoản 1" stays a wrap (lower case).
            or (bb[:3] == "a) " and bb[3:4].isupper() and len(cur.parts) <= 3
                and (numbering(_bare(cur.first)) or ("",))[0] in ("decimal", "decimal2"))
        )
    if (bb[0] in "*_[" and _FOOTNOTE_DEF.match(bb)) or (b.lstrip()[:1] == "#" and _MD_HEADING.match(b.strip())):
        return True
    if len(bb) <= 40 and is_upper_text(bb) and doc_type_of(bb):
        return True  # the type stands on its own line above the subject
    if cur.first.lstrip()[:1] == "#" and _MD_HEADING.match(cur.first.strip()):
        # A heading goes on only with more of its upper-case title ("# CHỦ TỊCH ..." / "TỈNH").
        return not (is_upper_text(ba) and is_upper_text(bb) and not _starts_label(bb) and not _fully_emphasized(b))
    if cur.fully_emphasized or _fully_emphasized(b):
        return True
    first = bb[0]
    last = ba[-1]
    terminal = last in TERMINAL or ba.endswith(_QUOTED_STOP)
    if first.islower() and not (numbering(bb) and numbering(bb)[0] == "letter" and terminal):
        return False
    if last == ")" and _ATTACHED_LINE.match(_bare(cur.first)):
        # "(Ban hành kèm theo ... tỉnh Vĩnh Long)" is a line of its own under the title (NĐ 30/2020
        # Phụ lục I): once its parenthesis closes, the text below is the attachment's body.
        joined = cur.text()
        if joined.count("(") <= joined.count(")"):
            return True
    upper_a = is_upper_text(ba) and _letters(ba) >= 2
    if not upper_a and not _letters(ba) and _letters(cur.first) >= 2:
        # A line of figures only ("2025-2026") is as upper case as the logical line it ends
        # ("... NĂM HỌC" / "2025-2026"): a label after it ("Căn cứ ...") starts a new line.
        upper_a = is_upper_text(_bare(cur.first))
    upper_b = is_upper_text(bb) and _letters(bb) >= 2
    if upper_a != upper_b and _letters(ba) >= 2 and _letters(bb) >= 6:
        if upper_b and not _starts_label(bb):
            from converters.steps.outline import is_fragment

            if is_fragment(ba):
                # A sentence cut before an upper-case acronym ("... vào các Danh sách của" /
                # "UNESCO:"): a line ending on a word no sentence or title ends on runs on.
                return False
        return True
    if _starts_label(bb):
        if terminal or upper_a:
            return True
        if _LEGAL_LABEL.match(bb) and _KINH_GUI.match(_bare(cur.first)):
            return True  # the addressee line ends where the body's "Căn cứ ..." begins (NĐ 30 Phụ lục I)
        if bb[:3] == "1. " and bb[3:4].isupper() and len(cur.parts) <= 2 and len(cur.text()) <= 120 and (
            numbering(_bare(cur.first)) or ("",)
        )[0] == "article":
            return True  # an article's title without a stop ("**Điều 2.** Tổ chức thực hiện") above khoản 1.
        # A label after an unfinished line: a wrap ("Chỉ thị số" / "35- CT/TW"), unless the line
        # before is itself short and complete-looking (a heading line without a full stop).
        return False
    if upper_a and upper_b:
        if len(cur.parts) == 1 and _AUTHORITY.match(ba) and len(a) < (stats.width or 80) - stats.slack:
            # An authority line well short of the wrap width ("TM. ỦY BAN NHÂN DÂN") stands over
            # the signer's title ("CHỦ TỊCH"): NĐ 30/2020 Phụ lục I §8, HD 36 §II.1.9 print
            # authority, title and name on lines of their own.
            return True
        return False  # a title wrapped over several lines
    if not terminal:
        # An unfinished line goes on; in a text without blank lines a short line that
        # ends with a complete word and is followed by an upper-case word is still a wrap
        # (the first line of a paragraph is often short), so no break here.
        return False
    if stats.by_blank:
        return False  # blank lines separate paragraphs: a break inside one is a wrap
    width = stats.width or 80
    if len(a) < width - stats.slack:
        return True  # a sentence end well short of the width: the paragraph ended
    # A sentence end at the width: a new paragraph when the next line is its short first line.
    return len(b) < width - stats.slack and not _ends_sentence(bb)


_EDGE_MARKS = re.compile(r"^([*_]*)(.*?)([*_]*)$", re.S)
_LAST_TOKEN = re.compile(r"(\w+)$")
_FIRST_TOKEN = re.compile(r"^(\w+)")


def cut_word(a: str, b: str) -> str | None:
    """``a`` and ``b`` joined without a space when a break cut one word in two, else ``None``.

    Rule (Vietnamese syllable check, ``lexicon/syllables.py``): the last
    letters of ``a`` are no syllable on their own and, with the first letters
    of ``b``, make one (``*Kèm theo Ngh*`` / ``*ị định số ...*``).  Emphasis
    marks closing ``a`` and opening ``b`` the same way are dropped at the seam.

    >>> cut_word("*Kèm theo Ngh*", "*ị định số 158/2025/NĐ-CP*")
    '*Kèm theo Nghị định số 158/2025/NĐ-CP*'
    >>> cut_word("theo Chỉ thị số", "35- CT/TW") is None, cut_word("UBND", "tỉnh") is None
    (True, True)
    """
    if len(a) > 160 or not a[-1:].isalpha() and not a.rstrip("*_ ")[-1:].isalpha():
        return None  # only a piece ending in letters can be the first half of a word
    if not b.strip().lstrip("*_")[:1].isalpha():
        return None  # nor one opening in anything but a letter (past its marks) the second half
    ma, mb = _EDGE_MARKS.match(a.strip()), _EDGE_MARKS.match(b.strip())
    core_a, core_b = ma.group(2), mb.group(2)
    ta, tb = _LAST_TOKEN.search(core_a), _FIRST_TOKEN.match(core_b)
    if not ta or not tb:
        return None
    left, right = ta.group(1), tb.group(1)
    if not left.isalpha() or not right.isalpha() or is_syllable(left) or left.isupper() and len(left) > 1:
        return None
    if not is_syllable(left + right):
        return None
    if ma.group(3) == mb.group(1):
        return ma.group(1) + core_a + core_b + mb.group(3)
    return a.strip() + b.strip()


def _cell_break(cur: "_Cur", b: str) -> bool:
    """True when the break between two lines of one layout cell ends a logical line.

    Cells are narrow: their lines are short by nature, so only the grammar
    joins them: an open emphasis run, a lower-case continuation, a connector
    word or a comma at the end of the line before, or a symbol fragment that
    is no Vietnamese syllable (``35-`` / ``CT/TW``).
    """
    a = cur.last
    ba, bb = _bare(a), _bare(b)
    if not ba or not bb:
        return True
    # A line whose words start with a letter or digit is no decoration (every character of
    # its bare text is one of the line's, and none of _DECOR's is alphanumeric): no regex.
    if (not ba[0].isalnum() and _DECOR.match(a)) or (not bb[0].isalnum() and _DECOR.match(b)):
        return True
    if cur.strong or cur.em:
        return False
    if _CELL_LABEL.match(bb):
        return True
    if bb[0].islower() and numbering(bb) is None:
        return False
    if is_upper_text(ba) != is_upper_text(bb) and _letters(ba) >= 4 and _letters(bb) >= 4:
        return True  # a title line above a name, a body above its mixed-case line
    words = ba.rsplit(None, 1)  # (the last word; bb's first below: no split of the whole line)
    last_word = fold(words[-1]) if words else ""
    if last_word in _CONNECTORS or ba.endswith((",", "-", "–", "(")):
        return False
    first_word = bb.split(None, 1)[0]
    if first_word[:1].isalpha() and first_word.isalpha() and not is_syllable(first_word) and first_word.islower():
        return False
    return True


def logical_lines(lines: list[tuple[str, int]], breaker) -> list[tuple[str, int]]:
    """Join ``(line, source line)`` pairs into logical lines where ``breaker(cur, b)`` is false.

    ``breaker`` gets the logical line built so far (a :class:`_Cur`) and the
    next physical line.  Returns ``(mended line, first source line)`` pairs;
    emphasis is mended over each joined line, lines left empty are dropped.
    """
    if len(lines) == 1:
        # One physical line (most cells, many runs between blank lines): nothing to join.
        text, number = lines[0]
        stripped = text.strip()
        mended = mend_emphasis(stripped) if stripped else ""
        return [(mended, number)] if mended.strip() else []
    out: list[tuple[str, int]] = []
    cur: _Cur | None = None
    start = 0
    for text, number in lines:
        stripped = text.strip()
        if not stripped:
            continue
        if cur is None:
            cur, start = _Cur(stripped), number
            continue
        if breaker(cur, text):
            out.append((cur.text(), start))
            cur, start = _Cur(stripped), number
        else:
            cur.add(stripped)
    if cur is not None:
        out.append((cur.text(), start))
    result = []
    for text, number in out:
        mended = mend_emphasis(text)
        if mended.strip():
            result.append((mended, number))
    return result
