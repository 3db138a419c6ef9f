"""Layout: the text form of a document turned into clean logical lines.

Text exports of web pages and legal portals damage the layout of a document
in ways the later steps should not have to know about (``raw-artifacts.md``
families 10, 11 and 15):

- **table-cell layout** (family 10): the header's two columns, side-by-side
  signature blocks and annex tables come as cells separated by lone ``|``
  lines, a ``|`` line on its own twice in a row ending one row and starting
  the next; some exports put a row's cells on one line (``CHÍNH PHỦ------- |
  CỘNG HÒA ... |``), rules and lines glued to the text before them;
- **hard wraps** (family 11): every paragraph, title and cell is broken at a
  fixed width (about 80 columns), emphasis marks cut by the wrap
  (``**Điều 1.`` / ``Phạm vi điều chỉnh**``) or inside words (``v****à``,
  mended in texts that are not wrapped too);
- **web-page text** (family 15): a portal's banners before the document and
  its related-document lists and notices after it;
- **glued syllables** in upper-case runs (``LAO ĐỘNGNGOÀI NƯỚC``): spaced
  by the Vietnamese syllable check (``lexicon/syllables.split_glued_caps``).

This step runs right after ``normalize`` and rewrites ``state.text``:
paragraphs become one line each, layout tables (header, end matter) become
one block per cell, data tables one block with one TAB-separated line per
row, web-page text is cut off (kept in ``env`` and counted in a warning).
Text that is not hard-wrapped and has no cell layout is left unchanged.
``env["layout"]["line_map"]`` maps each new line to its source line, so block
spans still name lines of the raw file.  The contract for later steps is in
``/work/notes/layout-contract.md`` (summarized in the docstring of
:func:`step`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache, partial

from converters.lexicon.casing import is_upper_text
from converters.lexicon.patterns import DOC_TYPES, TERMINAL, doc_type_of, numbering
from converters.lexicon.slugs import fold
from converters.lexicon.syllables import is_syllable, split_glued_caps

# ---------------------------------------------------------------- recognizers

_BAR = "|"
_NATIONAL_START = re.compile(r"^[*_# ]*(?:CỘNG\s+HÒA\s+XÃ\s+HỘI|CỘNG\s+HOÀ\s+XÃ\s+HỘI|ĐẢNG\s+CỘNG\s+SẢN)", re.IGNORECASE)
#: The whole number with every ``/`` segment (``55/2025/NQ-HĐND``, NĐ 30/2020 Phụ lục I §2); a
#: lazy match stopped at ``55/2025`` and the web-page title after the document went unseen.
_NUMBER_LINE = re.compile(r"^[*_ ]*Số\s*:?\s*(\d[\w.\-–ĐđÐ]*(?:\s*/\s*[\w.\-–ĐđÐ]+)+)", re.IGNORECASE)
_DECOR = re.compile(r"^[\s*_\-–—=~.]*$")
_ITEM = re.compile(r"^[*_]*\s*(?:[-–+•]\s|[-–+•][*_]*\s)")
_FOOTNOTE_DEF = re.compile(r"^[*_]*\[\d{1,3}\]")
_AUTHORITY = re.compile(r"^[*_]*(?:T/M|K/T|TM\.|KT\.|TL\.|TUQ\.|Q\.|PP\.)\s", re.IGNORECASE)
_RECIPIENTS = re.compile(r"^[*_#\s]*N[ơo]i\s+nh[ậa]n\s*[*_]*\s*:", re.IGNORECASE)
_LEGAL_LABEL = re.compile(
    r"^[*_]*(?:Điều\s+\d+|Chương\s+[IVXLC\d]+|Mục\s+\d+|Phần\s+(?:thứ\s+)?\w+|PHẦN\s+\w+|CHƯƠNG\s+[IVXLC\d]+|"
    r"Căn\s+cứ|Xét\s|Theo\s+đề\s+nghị|Kính\s+gửi|V/v\b|Nơi\s+nhận)",
)
_PORTAL_LABELS = {
    "so hieu": "number",
    "loai van ban": "doc_type",
    "noi ban hanh": "issuer",
    "nguoi ky": "signer",
    "ngay ban hanh": "date",
}
_LABEL_LINE = re.compile(r"^[*_ ]*(Số hiệu|Loại văn bản|Nơi ban hành|Người ký|Ngày ban hành)[*_ ]*:[*_ ]*(.*)$", re.IGNORECASE)
_MD_HEADING = re.compile(r"^#{1,6}\s+\S")
_KINH_GUI = re.compile(r"^Kính\s+gửi\b", re.IGNORECASE)
_VV = re.compile(r"^V/v\b", re.IGNORECASE)
_LETTER_LABEL = re.compile(r"^[a-zđ]\)\s")
#: Words after which a header line cannot end (a cell wrapped inside a name).
_CONNECTORS = {"va", "cua", "ve", "cho", "voi", "tai", "thuoc", "-", "&"}
_TYPE_WORDS = sorted({fold(t) for t in DOC_TYPES}, key=len, reverse=True)
_SELF_TITLE = re.compile(
    r"^[*_ ]*(" + "|".join(re.escape(t) for t in sorted(DOC_TYPES, key=len, reverse=True)) + r")\s+(\S+)",
    re.IGNORECASE,
)
#: A portal's title of its English translation, printed after the Vietnamese end matter
#: ("Circular No. 110/2025/TT-BTC dated November 19, 2025 on ..."): an English type name,
#: "No." and the document's own number (its symbol with "Đ" as "D": "ND-CP").
_EN_SELF_TITLE = re.compile(
    r"^[*_ ]*(?:Joint\s+)?(?:Circular|Decision|Decree|Resolution|Directive|Plan|Notice|Notification|Law|Ordinance"
    r"|Official\s+(?:Dispatch|Letter|Telegram)|Dispatch|Telegram|Report|Regulation|Instruction|Guidance|Conclusion)"
    r"\s+No\.?\s*(\S+)"
)
_EN_TITLE_FIRST = frozenset("CDRPNLOTIGJ")
#: The first letters of the type words, with the same case folding as ``_SELF_TITLE``.
_SELF_TITLE_FIRST = re.compile("[" + "".join(sorted({re.escape(t[0]) for t in DOC_TYPES})) + "]", re.IGNORECASE)
#: ``_ITEM``, ``_AUTHORITY``, ``_RECIPIENTS``, ``_FOOTNOTE_DEF`` or ``_VV`` in one match (a cell
#: line that opens a line of its own: :func:`_cell_break`), each with its own flags.
_CELL_LABEL = re.compile(
    "|".join(
        f"(?{'i' if p.flags & re.IGNORECASE else '-i'}:{p.pattern})"
        for p in (_ITEM, _AUTHORITY, _RECIPIENTS, _FOOTNOTE_DEF, _VV)
    )
)
#: ``_RECIPIENTS`` or ``_AUTHORITY`` in one match (where a line opens the end matter).
_END_MATTER = re.compile("(?:" + _RECIPIENTS.pattern + ")|(?:" + _AUTHORITY.pattern + ")", re.IGNORECASE)

#: How far from the top the document's header may start (portal banners above it).
HEAD_WINDOW = 120
#: A layout cell is short; a longer chunk after a row is body text, not a cell.
MAX_LAYOUT_CELL_LINES = 45
#: No cell of a data table runs this long: a longer chunk is the text after the table.
MAX_TABLE_CELL_LINES = 80


def _is_bar(line: str) -> bool:
    # The "in" pre-test spares a strip() copy of every line without a bar (300k calls).
    return _BAR in line and line.strip() == _BAR


@lru_cache(maxsize=8192)
def _bare(text: str) -> str:
    """The words of a line without emphasis marks and heading hashes."""
    if "*" not in text and "_" not in text and "#" not in text and "  " not in text and "\t" not in text:
        return text.strip()
    text = _HASHES.sub("", text.strip())
    text = text.replace("**", "").replace("__", "").replace("*", "")
    # Most such lines have marks but no blank other than one " ": nothing for the sub to change.
    return (_SPACE_RUN.sub(" ", text) if _ODD_BLANK.search(text) else text).strip()


def _strong_open(text: str) -> bool:
    return text.count("**") % 2 == 1


def _em_open(text: str) -> bool:
    return text.replace("**", "").count("*") % 2 == 1


@lru_cache(maxsize=8192)  # pure; _body_break asks about most lines
def _fully_emphasized(text: str) -> bool:
    """A line that is one balanced bold run (a heading or title line)."""
    t = text.strip()
    return len(t) > 4 and t.startswith("**") and t.endswith("**") and t.count("**") % 2 == 0 and bool(_bare(t))


@lru_cache(maxsize=8192)  # pure; each line is asked about as the line after a break and before the next
def _starts_label(bare: str) -> bool:
    return bool(
        _ITEM.match(bare)
        or _FOOTNOTE_DEF.match(bare)
        or _AUTHORITY.match(bare)
        or _RECIPIENTS.match(bare)
        or _LEGAL_LABEL.match(bare)
        or numbering(bare) is not None
    )


@lru_cache(maxsize=8192)  # pure; _body_break asks up to four times per pair of lines
def _letters(text: str) -> int:
    return sum(map(str.isalpha, text))  # the loop in C (a generator costs a Python step per character)


# ---------------------------------------------------------------- emphasis


_HASHES = re.compile(r"^#{1,6}\s+")
_SPACE_RUN = re.compile(r"\s+")
_ODD_BLANK = re.compile(r"[^\S ]|  ")  # what _SPACE_RUN.sub(" ", ...) would change
_ITALIC_SPACES = re.compile(r"(?<!\*)\*\s+([^*\s][^*]*?)\s*\*(?!\*)")
_BLANK_RUN = re.compile(r"[ \t]{2,}")
_EMPTY_PAIRS = re.compile(r"\*\*\s*\*\*|(?<!\*)\*\s+\*(?!\*)|__\s*__")
_STRONG_RUN = re.compile(r"\*\*(.+?)\*\*")
#: A ``**`` or ``****`` between two runs of letters (``v****à``, ``Ho**àng``, ``C****ỘNG``).
_MARK_IN_WORD = re.compile(r"(?<=[^\W\d_])\*\*(\*\*)?(?=[^\W\d_])")
_LETTERS_END = re.compile(r"[^\W\d_]+$")
_LETTERS_START = re.compile(r"[^\W\d_]+")
#: ``****`` between a word and its punctuation, the run closed after it (``g****ửi****:**``).
_MARKS_BEFORE_STOP = re.compile(r"(?<=\w)\*\*\*\*([:;,.!?)])\*\*")
_LONE_STRONG = re.compile(r"(?<!\*)\*\*(?!\*)")


def _one_word(left: str, right: str) -> bool:
    """Whether two letter runs cut by an emphasis mark are the halves of one syllable (one case)."""
    word = left + right
    return is_syllable(word) and (word.isupper() or word.islower() or (word[0].isupper() and word[1:].islower()))


def _mend_word(m: re.Match) -> str:
    line, i, j = m.string, m.start(), m.end()
    if m.group(1) is None and line[i - 1].islower() and line[j].islower():
        return ""  # "Nguyễn Ho**àng": a lone mark between two lower-case letters is inside a word
    # The letter runs on both sides (a lookbehind cannot be of variable length: read them here).
    left = _LETTERS_END.search(line, max(0, i - 12), i)
    right = _LETTERS_START.match(line, j)
    return "" if left and right and _one_word(left.group(0), right.group(0)) else m.group(0)


def mend_words(line: str) -> str:
    """Emphasis marks inside a word dropped (a web page closes and reopens bold mid-word).

    Rule: ``****`` (a run closed and the next opened) or ``**`` between two
    runs of letters that make one Vietnamese syllable of one case
    (``lexicon/syllables.py``) is nothing; a ``**`` between two lower-case
    letters is inside a word too.  Between two words (``BÁO CÁO****sơ kết``:
    a title glued to the next line) the marks stay.

    >>> mend_words("**Quy ****định chi tiết v****à hư****ớng dẫn**"), mend_words("**C****ỘNG HO****À**")
    ('**Quy ****định chi tiết và hướng dẫn**', '**CỘNG HOÀ**')
    >>> mend_words("**Kính g****ửi****:** Ủy ban"), mend_words("*(C**ó** Phụ lục)*")
    ('**Kính gửi:** Ủy ban', '*(Có Phụ lục)*')
    >>> mend_words("**BÁO CÁO****sơ kết**"), mend_words("THỰC HIỆN**I. CÔNG TÁC ĐẠO****1. Công tác")
    ('**BÁO CÁO****sơ kết**', 'THỰC HIỆN**I. CÔNG TÁC ĐẠO****1. Công tác')
    """
    if "**" not in line:
        return line
    mended = _MARK_IN_WORD.sub(_mend_word, line)
    if "****" in mended:
        mended = _MARKS_BEFORE_STOP.sub(r"\1**", mended)  # "**Kính g****ửi****:**": a run cut before its colon
    return _drop_orphans(mended) if mended != line else line



def _drop_orphans(line: str) -> str:
    """Drop the ``**`` marks left without a partner once marks inside words went.

    A mark followed by a space can only close a run: with no run open it is
    the partner of a mark that was inside a word (``*(C**ó** Phụ lục`` ->
    ``*(Có Phụ lục``), and goes.  Runs of three or more stars are left alone.
    """
    drop = []
    open_at = None
    for m in _LONE_STRONG.finditer(line):
        i, j = m.start(), m.end()
        before = line[i - 1] if i else " "
        after = line[j] if j < len(line) else " "
        closes = not before.isspace()
        opens = not after.isspace()
        if closes and open_at is not None:
            open_at = None
        elif opens:
            open_at = i
        else:
            drop.append(i)
    for i in reversed(drop):
        line = line[:i] + line[i + 2 :]
    return line


#: An empty run next to a space (``**Mẫu số 01**** ***(Dành ...)*``): a run closed and reopened.
_EMPTY_RUN = re.compile(r"\*\*\*\*(?=\s)|(?<=\s)\*\*\*\*")


def _marks_cut(line: str) -> bool:
    """Whether a line's emphasis was cut by the export: marks inside words, an empty run by a space.

    ``BÁO CÁO****sơ kết`` (two lines glued) is neither: it stays as written.
    """
    return ("****" in line and _EMPTY_RUN.search(line) is not None) or mend_words(line) != line


def mend_emphasis(line: str) -> str:
    """Pair emphasis marks over one logical line; drop empty pairs.

    Spaces just inside a bold run move outside it (CommonMark does not close
    ``**a **``), an unpaired trailing or leading ``**`` is dropped.

    >>> mend_emphasis("**Điều 1. **Công bố kèm theo")
    '**Điều 1.** Công bố kèm theo'
    >>> mend_emphasis("** **")
    ''
    >>> mend_emphasis("**HỘI ĐỒNG NHÂN DÂN **")
    '**HỘI ĐỒNG NHÂN DÂN**'
    >>> mend_emphasis("**THỦ TỤC HÀNH CHÍNH**** **")
    '**THỦ TỤC HÀNH CHÍNH**'
    >>> mend_emphasis("các **từ** khác")
    'các **từ** khác'
    >>> mend_emphasis("Nguyễn Ho**àng Long**"), mend_emphasis("BÁO CÁO**sơ kết**")
    ('Nguyễn Hoàng Long', 'BÁO CÁO**sơ kết**')
    """
    if "*" not in line and "_" not in line:
        return line
    # Marks inside a word first: "v****à" is no empty pair between two words.
    line = mend_words(line)
    # Each substitution shortens the line (a match is >= 3 characters, " " is 1), so
    # substituting while there is a match reaches the same fixed point as comparing.
    while _EMPTY_PAIRS.search(line):
        line = _EMPTY_PAIRS.sub(" ", line)

    def fix(m: re.Match) -> str:
        inner = m.group(1)
        core = inner.strip()
        if not core:
            return " "
        lead = " " if inner[:1].isspace() else ""
        trail = " " if inner[-1:].isspace() else ""
        return f"{lead}**{core}**{trail}"

    if "**" in line:
        line = _STRONG_RUN.sub(fix, line)
    if line.count("**") % 2 == 1:
        # One mark left without a partner: a wrap cut it off from its pair.
        stripped = line.strip()
        if stripped.endswith("**"):
            line = line.rstrip()[:-2]
        elif stripped.startswith("**"):
            line = line.lstrip()[2:]
        else:
            i = line.rfind("**")
            line = line[:i] + line[i + 2 :]
    single = line.replace("**", "")
    if single.count("*") % 2 == 1:
        s = line.strip()
        if s.endswith("*") and not s.endswith("**"):
            line = line.rstrip()[:-1]
        elif s.startswith("*") and not s.startswith("**"):
            line = line.lstrip()[1:]
    if "*" in line and _ITALIC_SPACES.search(line):  # a search is cheaper than a sub that finds nothing
        line = _ITALIC_SPACES.sub(r"*\1*", line)
    if "\t" in line:
        return line.strip(" ")
    # Without a tab, a run of blanks is two spaces or more.
    return _BLANK_RUN.sub(" ", line).strip() if "  " in line else line.strip()


# ---------------------------------------------------------------- joining


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
    terminal = last in TERMINAL or ba.endswith(("./.", '."', ".”", ";”", ":”"))
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


#: An addressee line ends open for more of the list after these (``Sở A,`` / ``Sở B và``).
_LIST_OPEN = re.compile(r"(?:[,;(–-]|\bvà|\bcác)$")
#: How many lines after ``Kính gửi`` the body may begin (an addressee list of wrapped names).
_ADDRESSEE_LINES = 8
#: The addressee's address note on a line of its own, closed: "(Đ/c: Lô CN15, ...)", "(Địa chỉ ...)".
_ADDRESS_NOTE = re.compile(r"(?i)^\((?:đ/c|địa chỉ|đc)\b[^()]*\)[.;]?$")
#: A body paragraph's first line has at least this many words (a wrapped name has fewer:
#: ``Bộ Nông nghiệp và Môi trường``, ``Nguyễn Văn An``).
_BODY_LINE_WORDS = 8
#: A body paragraph after an addressee runs at least this many words to its sentence end.
_BODY_MIN_WORDS = 15


def split_addressee(run: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    """A run of physical lines cut where a ``Kính gửi`` addressee ends and the body begins.

    Rule (NĐ 30/2020 Phụ lục I §I.6: "Kính gửi" names the recipients, then
    the body follows): the addressee ends at its line end, and a following
    line that begins a body paragraph is no part of it: it starts with a
    capital, is a line of prose (``_BODY_LINE_WORDS`` words or more, or
    wrapped mid-sentence), its
    paragraph runs long (at least ``_BODY_MIN_WORDS`` words over
    two lines or more) to a sentence end, and the line before it did not
    leave the list open (``,`` ``;`` ``và`` at its end).  A wrapped name
    (``Kính gửi: Bộ trưởng`` / ``Bộ Nông nghiệp và Môi trường``) is a short
    line, no paragraph.  Only the first ``_ADDRESSEE_LINES`` lines after the
    label are looked at.

    >>> run = [("**Kính gửi:** Độc", 1), ("giả Hoàng Văn Trung", 2), ("Cục Thuế nhận được đơn phản ánh kiến nghị của Độc", 3),
    ...        ("giả Hoàng Văn Trung qua hệ thống xử lý phản ánh kiến nghị. Về vấn đề này, Cục Thuế có ý", 4), ("kiến như sau:", 5)]
    >>> [[n for _, n in piece] for piece in split_addressee(run)]
    [[1, 2], [3, 4, 5]]
    >>> [[n for _, n in p] for p in split_addressee([("Kính gửi: Bộ trưởng", 1), ("Bộ Nông nghiệp và Môi trường", 2)])]
    [[1, 2]]
    """
    # The label may be cut by the wrap ("**Kính" / "gửi:** Công ty ..."): read with the next line.
    start = next((i for i in range(min(3, len(run))) if _kinh_gui_at(run, i)), None)
    if start is None:
        return [run]
    texts = [t for t, _ in run]
    depth = texts[start].count("(") - texts[start].count(")")
    for k in range(start + 1, min(len(run), start + 1 + _ADDRESSEE_LINES)):
        if depth <= 0 and (
            opens_body_paragraph(texts, k) or (_ADDRESS_NOTE.match(_bare(texts[k - 1])) and _bare(texts[k])[:1].isupper())
        ):
            return [run[:k], run[k:]]  # a whole "(Đ/c: ...)" line is the addressee's last (5 corpus letters)
        depth += texts[k].count("(") - texts[k].count(")")  # no cut inside a note ("(Đ/c: 43 Mạc Đĩnh" / "Chi, ...)")
    return [run]


def _kinh_gui_at(run: list[tuple[str, int]], i: int) -> bool:
    """Whether ``run[i]`` opens a ``Kính gửi`` label, alone or with the next line (a label cut by the wrap)."""
    t = run[i][0]
    lead = t.lstrip(_MARKS_AND_BLANKS)[:1]
    if lead and lead not in _K_FIRST:
        # _KINH_GUI needs a K first; _bare keeps the line's first character past marks and blanks
        # first, also with the next line joined after it: no regex.
        return False
    return bool(_KINH_GUI.match(_bare(t)) or (i + 1 < len(run) and _KINH_GUI.match(_bare(t + " " + run[i + 1][0]))))


def opens_body_paragraph(lines: list[str], k: int) -> bool:
    """Whether physical line ``lines[k]`` begins a body paragraph after an addressee line.

    It starts with a capital, has ``_BODY_LINE_WORDS`` words or more (or is
    cut mid-sentence: the next line goes on in lower case), the line before
    it leaves no list open, and its paragraph runs at least ``_BODY_MIN_WORDS`` words over two lines or more
    to a sentence end (see :func:`split_addressee`; the header step asks the
    same of an unwrapped text's ``Kính gửi`` block).

    >>> opens_body_paragraph(["Bộ trưởng", "Bộ Nông nghiệp và Môi trường"], 1)
    False
    """
    if k <= 0 or k >= len(lines):
        return False
    head = _bare(lines[k])
    if not head[:1].isupper() or _LIST_OPEN.search(_bare(lines[k - 1])):
        return False
    cut = k + 1 < len(lines) and _bare(lines[k + 1])[:1].islower()  # the line is cut mid-sentence: a wrap
    if len(head.split()) < _BODY_LINE_WORDS and not cut:
        return False
    words = 0
    for m in range(k, len(lines)):
        text = _bare(lines[m])
        words += len(text.split())
        if _ends_sentence(text) or (m > k and ". " in text):
            break
    return m > k and words >= _BODY_MIN_WORDS


def _ends_sentence(bare: str) -> bool:
    return bool(bare) and bare[-1] in TERMINAL


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


# ---------------------------------------------------------------- tables


@dataclass
class _Table:
    start: int  # index of the first line (a | line, or the first cell line)
    end: int  # index of the last | line
    rows: list[list[list[tuple[str, int]]]] = field(default_factory=list)
    kind: str = "data"
    body: bool = False  # a row after the first has a cell of plain text (see _has_body_row)
    key: tuple | None = None  # the first row as a header key (_table_key), once key_known
    key_known: bool = False


_ATTACHED = re.compile(r"^(?:PHỤ\s+LỤC|QUY\s+CHẾ|QUY\s+ĐỊNH|DANH\s+MỤC|DANH\s+SÁCH|BIỂU|MẪU|HƯỚNG\s+DẪN)\b")
#: The first letters of _ATTACHED's words (case-sensitive; tests/test_layout.py checks them).
_ATTACHED_FIRST = frozenset("PQDBMH")
_ATTACHED_LINE = re.compile(r"^\(?\s*(?:ban\s+hành\s+)?kèm\s+theo\b", re.IGNORECASE)


#: How many title lines may come between an attachment's type line and its basis line (titles wrap).
_ATTACHED_WINDOW = 10


def _attachment_start(chunk: list[tuple[str, int]]) -> bool:
    """Whether a chunk between two ``|`` lines opens an attached document (so it ends the table).

    Rule (NĐ 30/2020 Phụ lục I, "văn bản kèm theo"; the same shape as
    ``endmatter.attachment_title``): an upper-case line naming an attached
    type (``PHỤ LỤC II``, ``QUY ĐỊNH``, ...), upper-case title lines, then
    ``(Ban hành kèm theo ... số ...)``.  An annex printed right after a table
    of the annex before it has no blank line between them: without this the
    annex's start became the table's last cell.

    >>> _attachment_start([("**PHỤ LỤC II**", 1), ("NỘI DUNG CHI", 2), ("*(Ban hành kèm theo Nghị quyết số", 3)])
    True
    >>> _attachment_start([("PHỤ LỤC II", 1)]), _attachment_start([("Mẫu số 01", 1), ("(Kèm theo Nghị định số 1)", 2)])
    (False, False)
    >>> _attachment_start([("* *", 1), ("**PHỤ LỤC I**", 2), ("DANH MỤC", 3), ("*(Kèm theo Quyết định số 1948/QĐ-UBND)*", 4)])
    True
    """
    # (A line of marks only, "* *", left by the export before the title, is no title line.)
    head = chunk[: _ATTACHED_WINDOW + 3]
    # The first title line decides most chunks, by its first letter before any regex: _ATTACHED
    # needs P, Q, D, B, M or H, which _bare keeps first past marks and blanks (a line it leaves
    # empty has nothing but those).
    for t, _ in head:
        lead = t.lstrip(_MARKS_AND_BLANKS)[:1]
        if lead:
            if lead not in _ATTACHED_FIRST:
                return False
            break
    texts = [b for b in (_bare(t) for t, _ in head if t.strip()) if b]
    if len(texts) < 2 or not _ATTACHED.match(texts[0]) or not is_upper_text(texts[0]):
        return False
    for k, text in enumerate(texts[1:], 1):
        if _ATTACHED_LINE.match(text):
            # "(Ban hành kèm theo Nghị quyết số" / "22/2025/NQ-HĐND ...)": the basis names a document.
            basis = text + " " + (texts[k + 1] if k + 1 < len(texts) else "")
            return bool(re.search(r"\d|\bsố\b", basis, re.IGNORECASE))
        if not is_upper_text(text):
            return False  # a sentence-case line before any basis: a cell's text, not a title
    return False


#: A part or chapter label of the document's outline (NĐ 30/2020 Phụ lục I §II "bố cục": phần, chương).
_PART_LABEL = re.compile(r"^(?:Phần|PHẦN|Chương|CHƯƠNG)\s+(?:(?:thứ|THỨ)\s+\w+|[IVXLC]+|\d+)(?:[.:]|\s*$)")
_PART_FIRST = frozenset("PC")


def _part_start(chunk: list[tuple[str, int]]) -> bool:
    """Whether a chunk opens a part or chapter of the document (``**Phần II.`` / ``QUY TRÌNH ...``).

    A part heading is bold or upper case and never a cell's first line: one
    right after a table's last ``|`` is the text after the table.

    >>> _part_start([("**PHẦN II.", 1), ("THỦ TỤC BỊ BÃI BỎ**", 2)]), _part_start([("Chương trình máy", 1)])
    (True, False)
    """
    first = next((t.strip() for t, _ in chunk if t.strip()), "")
    if first.lstrip(_MARKS_AND_BLANKS)[:1] not in _PART_FIRST:
        return False  # _PART_LABEL needs P or C first, which _bare keeps first past marks and blanks
    bare = _bare(first)
    return bool(_PART_LABEL.match(bare)) and (first.startswith("**") or is_upper_text(bare))


def _cell_facts(cell: list[tuple[str, int]]) -> tuple[bool, bool, bool]:
    """``(has recipients, is a signature cell, is signed)`` of one cell."""
    return (
        any(_RECIPIENTS.match(_bare(t)) for t, _ in cell if t.strip()),
        _is_signature_cell(cell),
        _signed(cell),
    )


def _row_facts(row: list, memo: dict) -> tuple[bool, bool, bool]:
    """:func:`_cell_facts` of every cell of ``row``, or-ed.

    ``memo`` keeps the last row's figures: a row grown since (same list, its cells so far
    unchanged) reads only its new cells.  Re-reading the whole first row for each new cell was
    quadratic (a row of 20,000 one-line cells took 400 s).
    """
    seen = memo.get("row")
    if seen is not None and seen[0] is row and len(row) >= seen[1] and (not seen[1] or row[seen[1] - 1] is seen[2]):
        start, acc = seen[1], seen[3]
    else:
        start, acc = 0, (False, False, False)
    for c in row[start:]:
        f = _cell_facts(c)
        acc = (acc[0] or f[0], acc[1] or f[1], acc[2] or f[2])
    memo["row"] = (row, len(row), row[-1] if row else None, acc)
    return acc


def _cell_like(chunk: list[tuple[str, int]], row: list, memo: dict | None = None) -> bool:
    """Whether a chunk after a completed cell of a first row is another cell of that row.

    ``memo``: the row's facts read so far (:func:`_row_facts`), kept by the caller while
    it grows the row.
    """
    if not chunk or not chunk[0][0].strip():
        return False  # cells follow their | directly; a blank line means the table ended
    words = [t for t, _ in chunk if t.strip()]
    if len(words) > MAX_LAYOUT_CELL_LINES:
        return False
    first = next((b for b in map(_bare, words) if b), "")  # ("* *", marks only, is no first line)
    has_recipients, has_signature, signed = _row_facts(row, {} if memo is None else memo)
    if (has_recipients or signed) and (
        _ATTACHED.match(first) or any(_ATTACHED_LINE.match(_bare(t)) for t in words[:4])
    ):
        # An attached document's title after the end matter, not a cell; in any other row
        # "HƯỚNG DẪN CHẤM ĐIỂM" is a column label like the cells before it.
        return False
    if has_recipients and has_signature and not _is_signature_cell(chunk):
        return False  # recipients and signature: the end-matter row is complete
    return True


def _short_cell(chunk: list[tuple[str, int]]) -> bool:
    """A chunk short enough to be one more cell of a data table's row (not a paragraph after it)."""
    texts = [t for t, _ in chunk]
    return bool(texts) and bool(texts[0].strip()) and len(texts) <= 3 and sum(map(len, texts)) <= 120


_INDEX = re.compile(r"^(?:\d{1,3}(?:\.\d{1,2})*|[IVXLC]{1,6}|[a-zđA-Z])[.)]?$")


_ALPHABET = "abcdđeghiklmnopqrstuvxy"  # Vietnamese letter order of điểm a), b), ... đ), e)


def _index_like(chunk: list[tuple[str, int]], last_letter: str | None = None) -> bool:
    """A cell holding only a row index (``1``, ``1.``, ``a``, ``II``): the first cell of a row.

    A single letter is an index only as the start (``a``) or the next of the
    letters seen before it (``x`` is a check mark in forms, unless ``v`` came
    before it).
    """
    words = [_bare(t) for t, _ in chunk if t.strip()]
    if len(words) != 1 or not _INDEX.match(words[0]):
        return False
    core = words[0].rstrip(".)")
    if len(core) == 1 and core.isalpha() and core.lower() not in "ivxlc" or core.lower() == "x":
        low = core.lower()
        if low == "a":
            return True
        if last_letter and low in _ALPHABET and last_letter in _ALPHABET:
            return _ALPHABET.index(low) == _ALPHABET.index(last_letter) + 1
        return low != "x" and last_letter is None and False
    return True


def _letter_of(chunk: list[tuple[str, int]]) -> str | None:
    words = [_bare(t).rstrip(".)").lower() for t, _ in chunk if t.strip()]
    return words[0] if len(words) == 1 and len(words[0]) == 1 and words[0] in _ALPHABET else None


def _bar_run(lines: list[str], j: int, hi: int) -> int:
    """How many lone ``|`` lines follow one another from ``lines[j]`` (at least 1 when it is one)."""
    k = j
    while k < hi and _is_bar(lines[k]):
        k += 1
    return k - j


#: A bold numbered group title opening a cell (``**2. Hội đồng thi**``, ``**II. CẤP TỈNH**``).
_GROUP_TITLE = re.compile(r"^\*\*\s*(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6})[.)]\s+\S")


def _group_title(chunk: list[tuple[str, int]]) -> bool:
    """A cell that opens a group of rows: a bold numbered title (its row starts with it).

    >>> _group_title([("**2. Hội đồng thi**", 1)]), _group_title([("2. Ghi chú", 1)])
    (True, False)
    """
    return bool(chunk) and bool(_GROUP_TITLE.match(chunk[0][0].strip()))


def _segment_cells(lines: list[str], j: int, hi: int, limit: int, chunk_at) -> int:
    """Cells from ``lines[j]`` that single ``|`` lines separate (no row boundary among them).

    ``cell | cell | cell | |`` counts 3: cells one ``|`` apart are in one
    row, an extra ``|`` may end it.  Counting stops past ``limit``.
    ``chunk_at(start)`` gives the lines from ``start`` to the next ``|`` line
    and that line's index (``find_tables``' cached finder).
    """
    count = 0
    while j < hi and count <= limit:
        chunk, k = chunk_at(j)
        if not chunk or not chunk[0][0].strip() or k >= hi or len(chunk) > MAX_TABLE_CELL_LINES:
            break
        count += 1
        if k + 1 >= hi or _is_bar(lines[k + 1]):
            break
        j = k + 1
    return count


def _cell_text(chunk: list[tuple[str, int]]) -> str:
    """A cell's lines joined by spaces (emphasis marks kept)."""
    return " ".join(t.strip() for t, _ in chunk if t.strip())


_NUMERIC = re.compile(r"^[\d.,%/\s–-]*\d[\d.,%/\s–-]*$")


def _group_row_end(row: list, nxt: list[tuple[str, int]], excess: int) -> bool:
    """Whether a lone ``|`` after ``row``, a group row, closes it (rather than being an empty cell).

    ``row``: a row index and one bold title (``**I** | **THỦ TỤC CẤP TỈNH**``);
    ``nxt``: the cell after the ``|``; ``excess``: by how many cells the row
    would pass the table's width if the ``|`` were an empty cell and the
    cells after ``nxt`` up to the next row boundary were its cells.

    A group row spans the table's columns: the ``|`` after its title closes
    it when what follows is a bold title (``**LĨNH VỰC BẢO TRỢ XÃ HỘI**``, a
    group row of its own) or cells that would not fit in the row (``Bước 1 |
    ... | ... | ...``, the next full row).  A number after it (``**120**``)
    is a cell of the row (a group total).

    >>> g = [[("**I**", 1)], [("**CẤP TỈNH**", 2)]]
    >>> _group_row_end(g, [("**LĨNH VỰC A**", 4)], 0), _group_row_end(g, [("Bước 1", 4)], 3)
    (True, True)
    >>> _group_row_end(g, [("**120**", 4)], 0), _group_row_end(g, [("Ghi chú", 4)], 0)
    (False, False)
    >>> _group_row_end([[("1", 1)], [("Cấp giấy phép", 2)]], [("**LĨNH VỰC A**", 4)], 0)
    False
    """
    if len(row) != 2 or not row[0] or not row[1] or not nxt or not _index_like(row[0]):
        return False
    title, after = _cell_text(row[1]), _cell_text(nxt)
    if not _fully_emphasized(title) or _NUMERIC.match(_bare(after)):
        return False
    return excess > 0 or _fully_emphasized(after)


_SECTION_TITLE = re.compile(r"^(?:[A-ZĐ]|[IVXLC]{1,6})\.\s+\S")


def _section_title(chunk: list[tuple[str, int]]) -> bool:
    """A chunk that is a section title of the document: bold, ``A.`` / ``II.`` and upper case.

    Sections of an annex (``A. DANH MỤC THỦ TỤC``, ``B. QUY TRÌNH NỘI BỘ``;
    NĐ 30/2020 Phụ lục I §II: mục numbered by upper-case letters or Roman
    numerals) follow a table with no blank line: after a full row such a
    title is the text after the table, not a cell of a wider header row.

    >>> _section_title([("**B. ****QUY TRÌNH NỘI BỘ**", 1), ("**1. Bổ nhiệm**", 2)])
    True
    >>> _section_title([("**B. DANH MỤC THỦ TỤC HÀNH", 1), ("CHÍNH CẤP XÃ**", 2)])
    True
    >>> _section_title([("**Bản sao**", 1)]), _section_title([("B. Nội dung", 1)])
    (False, False)
    """
    text = _cell_text(chunk)
    if not (text.startswith("**") and text.endswith("**")):
        return False
    first = _bare(next(t for t, _ in chunk if t.strip()))
    return bool(_SECTION_TITLE.match(first)) and is_upper_text(first)


def _column_label(cell: list[tuple[str, int]]) -> bool:
    """A header cell: opens in bold, has words, at most 80 characters, not a title.

    A title of a table is two bold lines (``**Quy trình số 02**`` /
    ``**2. Cấp giấy ...**``), or has a line opening a bold numbered title.

    >>> _column_label([("**Tên thủ tục hành", 1), ("chính**", 2)]), _column_label([("**Bước**", 1)])
    (True, True)
    >>> _column_label([("**Quy trình số 02**", 1), ("**2. Cấp giấy xác nhận**", 2)]), _column_label([("Bước 1", 1)])
    (False, False)
    >>> _column_label([("**Quy", 1), ("trình số 04**", 2), ("**3.2. Sao và xác thực tài liệu", 3), ("lưu trữ**", 4)])
    False
    """
    texts = [t.strip() for t, _ in cell if t.strip()]
    if not texts or not texts[0].startswith("**") or not 0 < len(_bare(" ".join(texts))) <= 80:
        return False  # "** **": an empty cell in bold marks
    if len(texts) >= 2 and all(_fully_emphasized(t) for t in texts):
        return False  # a title's lines
    return not any(_NUMBERED_BOLD.match(t) for t in texts[1:])  # "**3.2. Sao ...": a numbered title


#: A line opening a bold numbered title (``**3.2. Sao và xác thực``, ``**II. LĨNH VỰC``).
_NUMBERED_BOLD = re.compile(r"^\*\*\s*(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]{1,6}\.|[a-zđ]\))\s")


def _header_after(lines: list[str], chunk: list[tuple[str, int]], k: int, hi: int, chunk_at) -> int:
    """How many header cells follow ``chunk`` (a title whose ``|`` is ``lines[k]``); 0 when not so.

    A title of a table (``**Quy trình số 02** / **2. Quy trình nội bộ ...**``,
    ``*b) Đối với trường hợp ...*``) opens and ends in bold or italic and is
    no column label itself (two bold lines, italic, or longer); the header
    row after it is at least three column labels (:func:`_column_label`),
    one ``|`` apart and closed by a row boundary.  In the text form a title right
    above a table, or between two tables, sits between their ``|`` lines.
    """
    if not chunk or not chunk[0][0].lstrip().startswith("*") or k + 1 >= hi:
        return 0  # (most cells end the test here, before their lines are joined)
    title = _cell_text(chunk)
    if not (title.startswith("*") and title.endswith("*")):
        return 0
    if _column_label(chunk) and not _section_title(chunk):
        return 0  # "**TT**" before "**Trình tự**", "**Trách nhiệm**": the header's first label
    return _labels_from(lines, k + 1, hi, chunk_at)


def _labels_from(lines: list[str], j: int, hi: int, chunk_at) -> int:
    """How many column labels (:func:`_column_label`) from ``lines[j]`` up to a row boundary.

    0 unless there are at least three, one ``|`` apart, and a ``| |`` closes them.
    """
    n = 0
    while j < hi and n <= 12:
        cell, end = chunk_at(j)
        if end >= hi or not _column_label(cell):
            return 0
        n += 1
        if end + 1 < hi and _is_bar(lines[end + 1]):
            return n if n >= 3 else 0  # "| |": the header row is complete
        j = end + 1
    return 0


def _over_width(filled: int, header: int, ncols: int) -> bool:
    """Whether a title and a header row of ``header`` cells after ``filled`` cells of a row pass the width.

    ``header`` is 0 when no header row follows (see :func:`_header_after`).
    After a row boundary (``filled`` 0) the title would open a row of
    ``1 + header`` cells: more than the width when the header is as wide.
    The title and header are tested first (:func:`_header_after`), so a row
    of label cells after a title cell in the first rows is still read.

    >>> _over_width(2, 4, 4), _over_width(0, 4, 4), _over_width(0, 3, 4), _over_width(8, 0, 8)
    (True, True, False, False)
    """
    return header > 0 and filled + 1 + header > ncols


_TOTAL = re.compile(r"^(?:tổng|cộng)\b", re.IGNORECASE)


def _total_value(label: list[tuple[str, int]], nxt: list[tuple[str, int]]) -> bool:
    """Whether ``nxt``, after a lone ``|``, is the value of the total row that ``label`` opens.

    A total row (``Tổng cộng``, ``Tổng thời gian giải quyết TTHC``, ``Cộng``)
    ends a table; its value is short and emphasized as its label is
    (``**Tổng ...** | | **85 ngày**``).

    >>> _total_value([("**Tổng thời gian**", 1)], [("**85 ngày**", 3)])
    True
    >>> _total_value([("**Tổng thời gian**", 1)], [("Bước 1", 3)]), _total_value([("Tổng", 1)], [("1", 3)])
    (False, False)
    """
    text, value = _cell_text(label), _cell_text(nxt)
    if not _TOTAL.match(_bare(text)) or not _short_cell(nxt) or _index_like(nxt):
        return False
    return _fully_emphasized(text) == _fully_emphasized(value)


def _has_body_row(table: "_Table") -> bool:
    """Whether a row after the table's first has a cell of plain text (not a bold header cell).

    Kept up to date as rows close (``table.body``, see :func:`_plain_row`): asked for each chunk.
    """
    return table.body


def _plain_row(row: list) -> bool:
    """Whether a row has a cell of plain text (its first line not opening in emphasis)."""
    return any(c and c[0][0].strip() and not c[0][0].strip().startswith("*") for c in row)


#: How many header rows of the tables found before a chunk is compared with (_header_again).
_HEADERS_KEPT = 8


def _table_key(table: "_Table") -> tuple[str, ...] | None:
    """The table's header row as a :func:`_header_key`, worked out once (its first row is closed)."""
    if not table.rows:
        return None  # not known yet: the first row is still open
    if not table.key_known:
        table.key, table.key_known = _header_key(table.rows[0]), True
    return table.key


def _header_key(cells: list) -> tuple[str, ...] | None:
    """A header row's cells as words with digits masked (``QT.GĐ.01`` ~ ``QT.GĐ.02``); None
    unless it is 2 to 20 column labels (:func:`_column_label`)."""
    if not 2 <= len(cells) <= 20 or not all(_column_label(c) for c in cells):
        return None  # (a longer row is no header to look for again: each chunk is tested)
    return tuple(re.sub(r"\d+", "#", _bare(_cell_text(c))) for c in cells)


def _header_again(headers: list[tuple[str, ...]], chunk_at, start: int, hi: int) -> bool:
    """Whether the cells from line ``start`` on repeat a header row seen before (``headers``).

    Annexes of administrative procedures (TTHC) give one table per procedure,
    each under its own title and with the same header row (``1 | KÝ HIỆU QUY
    TRÌNH | QT.GĐ.02``: numbers aside); the text form has no blank line
    between them, so the title of the next one reads as one more cell.  A
    header of at least two column labels (:func:`_column_label`), repeated
    cell for cell (digits masked), marks where the next table starts.
    """
    if not headers:
        return False
    chunk, k = chunk_at(start)
    if k >= hi or not chunk or not chunk[0][0].lstrip().startswith("**"):
        return False  # (a column label opens in bold: most cells end the test here)
    first = re.sub(r"\d+", "#", _bare(_cell_text(chunk)))
    for key in headers:
        if key[0] != first:
            continue  # (the common case: a cell that is no header label)
        j = k + 1
        for want in key[1:]:
            chunk, end = chunk_at(j)
            if end >= hi or not chunk or re.sub(r"\d+", "#", _bare(_cell_text(chunk))) != want:
                break
            j = end + 1
        else:
            return True
    return False


def _bar_lines(lines: list[str], lo: int, hi: int) -> list[int]:
    """Indexes of the lines of ``lines[lo:hi]`` holding a ``|``, in order: the three table finders
    jump between them (most lines hold none); the step finds them once for all three
    (``with_bar``)."""
    return [k for k in range(lo, hi) if _BAR in lines[k]]


def find_tables(lines: list[str], lo: int, hi: int, with_bar: list[int] | None = None) -> list[_Table]:
    """Tables of lone ``|`` lines in ``lines[lo:hi]``.

    Syntax: ``|`` opens a row, each cell is followed by ``|``, and ``|`` right
    after a ``|`` closes one row and opens the next.  A row's cell count is
    known once the first row closes; after a complete row the table ends
    unless a ``|`` follows.  A first row that never closes takes cells while
    they look like cells (see :func:`_cell_like`).  In an indexed grid of 3+
    columns, one more ``|`` after a row boundary before a cell that is no
    index is an empty first cell (a row under a group row, with no index).

    Tables printed one after another with no blank line (the procedures of a
    TTHC annex) are told apart: a title followed by a header row of column
    labels (:func:`_header_after`) or by a header row seen before
    (:func:`_header_again`) is text between two tables, and so is a section
    title after a full row (:func:`_section_title`); after a row boundary a
    row of labels wider than the table opens a new one (a nested table's
    header).  A group row's lone ``|`` may close it (:func:`_group_row_end`),
    a total's label takes an empty cell before its value (:func:`_total_value`).

    ``with_bar``: :func:`_bar_lines` of the same range, when the caller has it (also for
    :func:`find_pipe_tables` and :func:`find_fused_tables`); found here otherwise.
    """
    tables: list[_Table] = []
    i = lo
    # A text cut out of a page may start inside its header table, without the opening |.
    first = next((k for k in range(lo, hi) if lines[k].strip()), hi)
    opened_at_start = False
    if first < hi and not _is_bar(lines[first]):
        k = first
        while k < hi and k - first <= 8 and not _is_bar(lines[k]) and lines[k].strip():
            k += 1
        opened_at_start = k < hi and _is_bar(lines[k]) and k > first
    # Where the | lines are: the scan jumps from one to the next instead of testing each line.
    bars = [k for k in (_bar_lines(lines, lo, hi) if with_bar is None else with_bar) if lines[k].strip() == _BAR]
    chunks: dict[int, tuple[list[tuple[str, int]], int]] = {}
    headers: list[tuple[str, ...]] = []  # header rows of the tables found so far (_header_key)
    cell_memo: dict = {}  # facts of the cells of the first row being grown (_row_facts)

    def chunk_at(start: int) -> tuple[list[tuple[str, int]], int]:
        """Lines from ``start`` up to (not including) the next ``|`` line or ``hi``, and that
        line's index (``start`` itself from ``hi`` on).  Found from ``bars`` and kept: the rules
        look ahead at the next chunk and then read it again (chunks are only read, never changed).
        """
        found = chunks.get(start)
        if found is None:
            nxt = bisect.bisect_left(bars, start)
            end = bars[nxt] if nxt < len(bars) else max(hi, start)
            found = chunks[start] = ([(lines[k], k + 1) for k in range(start, end)], end)
        return found

    def close_row(at: int) -> None:
        """Close the row being read at the ``|`` line ``at``: append it to the table and update
        the table's state (width, index cells, last letter index)."""
        nonlocal row, ncols, indexed, last_letter, closed_at, empty_first, trailing_empty
        if empty_first and len(row) > ncols:
            # One cell too many: the | was an empty last cell of the row before, whose width the
            # merged header rows had hidden.
            row.pop(0)
            table.rows[-1].append([])
            ncols = max(ncols, len(table.rows[-1]))
            trailing_empty = True
        empty_first = False
        if table.rows and row[0] and _index_like(row[0], last_letter):
            indexed = True
        if row[0]:
            last_letter = _letter_of(row[0]) or (None if _index_like(row[0]) else last_letter)
        if table.rows and not table.body and _plain_row(row):
            table.body = True
        table.rows.append(row)
        ncols = max(ncols, len(row))
        row = []
        closed_at = at

    while i < hi:
        if opened_at_start:
            opened_at_start = False
            table = _Table(start=first, end=first)
            j = first
        elif not _is_bar(lines[i]):
            nxt = bisect.bisect_left(bars, i)
            i = bars[nxt] if nxt < len(bars) else hi
            continue
        else:
            table = _Table(start=i, end=i)
            j = i + 1
            chunk, k = chunk_at(j)
            if chunk and len([t for t, _ in chunk if t.strip()]) > MAX_LAYOUT_CELL_LINES:
                i = k  # a closing | of a table whose opening was missed: body follows
                continue
            width = _header_after(lines, chunk, k, hi, chunk_at)
            if width and k + width < hi:
                # "| title | H1 | H2 | H3 | | c1 | c2 | c3 |": the table's title ahead of its header
                # row (rows after it as wide as the header) is the text before the table.
                end = k
                for _ in range(width):
                    end = chunk_at(end + 1)[1]
                body, _ = chunk_at(end + 2)
                if _section_title(chunk) or (
                    end + 1 < hi
                    and _is_bar(lines[end + 1])
                    and body
                    and not body[0][0].strip().startswith("*")  # a body row, not a second header row
                    and _segment_cells(lines, end + 2, hi, width + 1, chunk_at) == width
                ):
                    # (A section title, "**B. DANH MỤC ...**", before a header is never a cell.)
                    i = k
                    continue
        ncols = 0
        indexed = False  # rows after the first start with an index cell
        last_letter: str | None = None  # the last letter index seen (a, b, c ...)
        row: list = []
        closed_at = -1  # the | line that last closed a row
        empty_first = False  # the row being read got an empty first cell from "| | |"
        trailing_empty = False  # such a | proved to be a row's empty last cell: no more of them
        while j < hi:
            at_bar = _is_bar(lines[j])  # (asked twice below)
            if (
                at_bar and not row and ncols >= 3 and indexed and not trailing_empty and closed_at == j - 1
                and j + 1 < hi and lines[j + 1].strip() and not _is_bar(lines[j + 1])
                and not _index_like(chunk_at(j + 1)[0], last_letter)
            ):
                # A full row, "| |", then one more | before a cell that is no index: an empty
                # first cell (a row with no index under a group row: "- Cán bộ ..."). Only where the
                # width is known from an indexed grid of 3+ columns: a narrower one may be a
                # fragment whose rows lost cells.
                row.append([])
                empty_first = True
                table.end = j
                j += 1
                continue
            if at_bar:
                # "| |": a row boundary, or an empty cell.  In a table with an index column
                # (STT: 1, 2, a, b, I, II) a row that is not full goes on with an empty cell
                # unless what follows is the next index.
                if len(row) == 1 and ncols >= 3 and j + 1 < hi and not _is_bar(lines[j + 1]):
                    if _total_value(row[0], chunk_at(j + 1)[0]):
                        # "**Tổng thời gian** | | **85 ngày**": the total's label spans the first
                        # columns, the | after it is an empty cell and the value follows in the row.
                        row.append([])
                        table.end = j
                        j += 1
                        continue
                starts_indexed = bool(table.rows) and bool(row[0]) and _index_like(row[0], last_letter) if row else False
                if row and ncols and len(row) < ncols and (indexed or starts_indexed):
                    nxt, _ = chunk_at(j + 1)
                    run = _bar_run(lines, j, hi)
                    after, _ = chunk_at(j + run)
                    if 2 <= run <= ncols - len(row) and (
                        len(row) + run + _segment_cells(lines, j + run, hi, ncols, chunk_at) > ncols
                        or _group_title(after)
                        or _group_title(row[-1])
                    ):
                        # Read as empty cells, these bars would push the cells after them (no
                        # row boundary among those) past the width, or they sit next to a group
                        # title (a row of its own): the run's last bar closes the row, the ones
                        # before it are its empty last cells.  The next row then lacks its first
                        # cells: a row span from the row above (tables.py).  A run longer than
                        # the row's missing cells is read as before (fill, close, empty first),
                        # and so is a lone |: a full row after it may end the table.
                        row.extend([] for _ in range(run - 1))
                        table.end = j + run - 1
                        j += run - 1
                        close_row(j)
                        j += 1
                        continue
                    if _group_row_end(row, nxt, len(row) + 1 + _segment_cells(lines, j + 1, hi, ncols, chunk_at) - ncols):
                        # "**I** | **CẤP TỈNH** | | **LĨNH VỰC A** | | 1 | ...": a group row's title
                        # spans the columns, so the | after it closes the row; the bold cell after
                        # it is a group row of its own, not a 4th cell (see _group_row_end).
                        close_row(j)
                        table.end = j
                        j += 1
                        continue
                    if not nxt or not _index_like(nxt, last_letter):
                        row.append([])
                        table.end = j
                        j += 1
                        continue
                if row:
                    close_row(j)
                table.end = j
                j += 1
                continue
            chunk, k = chunk_at(j)
            if k >= hi:
                break  # no closing |: text after the table
            if not chunk[0][0].strip() or len(chunk) > MAX_TABLE_CELL_LINES:
                break  # cells follow their | directly; a blank line or a page of text ends the table
            if _attachment_start(chunk) or (table.rows or row) and _part_start(chunk):
                # The next annex's title or part heading right after the table's last | (also
                # right after a | that closed the cell of a table that ended before it).
                break
            if ncols and len(row) >= ncols and empty_first and table.rows:
                # A cell more than the width: the | taken for an empty first cell was the row
                # before's empty last cell.
                row.pop(0)
                table.rows[-1].append([])
                ncols = max(ncols, len(table.rows[-1]))
                empty_first = False
                trailing_empty = True
            if _has_body_row(table) and (
                _header_again(headers + ([own_key] if (own_key := _table_key(table)) else []), chunk_at, k + 1, hi)
                or ncols and _over_width(len(row), _header_after(lines, chunk, k, hi, chunk_at), ncols)
            ):
                # A header row comes after this chunk: a title between two tables (one per procedure
                # of a TTHC annex) with no blank line between, not one more cell of this table.
                break
            if (
                not row and ncols and closed_at == j - 1 and j >= 2 and _is_bar(lines[j - 2])
                and _has_body_row(table) and _labels_from(lines, j, hi, chunk_at) > ncols
            ):
                # After a row boundary, a row of column labels wider than the table: the header of
                # a table nested in the last cell (a TTHC procedure's steps), flattened by the text
                # form.  The table ends with its last cell's |; the boundary | opens the next one.
                table.end = j - 2
                break
            if ncols and len(row) >= ncols and (
                _section_title(chunk) or not (ncols >= 3 and len(table.rows) <= 3 and _short_cell(chunk))
            ):
                # A full row ends here; only the first rows may be wider (header rows with merged
                # cells), and a section title after a full row is the text after the table.
                break
            if not ncols and row and not _cell_like(chunk, row, cell_memo):
                break
            if not ncols and not row and table.rows == [] and not chunk[0][0].strip() and j == i + 1:
                break
            row.append(chunk)
            table.end = k
            j = k + 1
            if ncols and len(row) >= ncols and not (j < hi and _is_bar(lines[j])):
                # A full row and no "| |": the table ends, unless the row is longer than the
                # rows before it (header rows with merged cells came first: only in the
                # first rows) and goes on.
                nxt, k2 = chunk_at(j)
                if _section_title(nxt) or not (ncols >= 3 and len(table.rows) <= 3 and k2 < hi and _short_cell(nxt)):
                    break
        if row:
            if empty_first and len(row) > ncols and table.rows:
                row.pop(0)
                table.rows[-1].append([])
            table.rows.append(row)
        if table.rows:
            tables.append(table)
            key = _header_key(table.rows[0])
            if key and len(key) >= 3 and key not in headers:  # (two labels may be a fragment's)
                headers.append(key)
                del headers[:-_HEADERS_KEPT]  # the last few: each chunk of a table is tested against them
            i = table.end + 1
        else:
            i += 1
    return tables


_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_PIPE_SPLIT = re.compile(r"(?<!\\)\|")


def find_pipe_tables(lines: list[str], lo: int, hi: int, with_bar: list[int] | None = None) -> list[_Table]:
    """Tables written as ``| a | b |`` rows (family 10), as :class:`_Table` like the lone-``|`` ones.

    A run of two or more consecutive rows with at least two cells each; a
    Markdown rule row (``|---|---|``) is dropped, ``\\|`` is a ``|`` inside its cell.

    >>> [r for r in find_pipe_tables(["| Số: 1/KH | Hà Nội, ngày 1 tháng 2 năm 2025 |", "|---|---|", "| a | b |"], 0, 3)[0].rows]
    [[[('Số: 1/KH', 1)], [('Hà Nội, ngày 1 tháng 2 năm 2025', 1)]], [[('a', 3)], [('b', 3)]]]
    """
    tables: list[_Table] = []
    # Most lines hold no "|" at all: the scan jumps from one line with a "|" to the next.
    if with_bar is None:
        with_bar = _bar_lines(lines, lo, hi)
    i = lo
    while i < hi:
        nxt = bisect.bisect_left(with_bar, i)
        if nxt == len(with_bar):
            break
        i = with_bar[nxt]
        # The count first, and then no regex is tried.
        if lines[i].count("|") < 3 or not _PIPE_ROW.match(lines[i]) or _is_bar(lines[i]):
            i += 1
            continue
        j = i
        rows = []
        while j < hi and lines[j].count("|") >= 3 and _PIPE_ROW.match(lines[j]) and not _is_bar(lines[j]):
            if not _PIPE_RULE.match(lines[j]):
                inner = lines[j].strip()[1:-1]
                cells = [cell.strip().replace("\\|", "|") for cell in _PIPE_SPLIT.split(inner)]
                rows.append([[(cell, j + 1)] if cell else [] for cell in cells])
            j += 1
        if len(rows) >= 2 or (rows and len(rows[0]) >= 2):
            tables.append(_Table(start=i, end=j - 1, rows=rows))
        i = j
    return tables


#: A cell boundary inside a line: `` | `` between two cells an export put on one line.
_INLINE_BAR = re.compile(r"\s+\|\s+")
#: A rule (``-------`` under the issuer, ``---------------`` under the motto) glued to its text.
_GLUED_RULE = re.compile(r"\s*(-{3,})\s*")


def _fused_row(line: str) -> bool:
    """A row whose cells are on one line: text ending with ``|`` (``Số: 158/2025/NĐ-CP |``)."""
    s = line.strip()
    return len(s) > 1 and s.endswith(_BAR) and not s.startswith(_BAR) and not s.endswith("\\|")


def _case_seams(text: str) -> list[str]:
    """``text`` cut where an upper-case word runs into a capitalized one (``VIỆT NAMĐộc lập``).

    Two lines of a cell glued without a space: the national heading and its
    motto (NĐ 30/2020 Phụ lục I §I.1, HD 36 §II.1.a: two lines).
    """
    parts, start = [], 0
    for i in range(2, len(text) - 1):
        if text[i].isupper() and text[i + 1].islower() and text[i - 1].isupper() and text[i - 2].isupper():
            parts.append(text[start:i])
            start = i
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _cell_pieces(cell: str) -> list[str]:
    """The lines of one fused cell: glued rules and glued heading/motto lines apart.

    >>> _cell_pieces("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc---------------")
    ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', '---------------']
    """
    pieces: list[str] = []
    for k, part in enumerate(_GLUED_RULE.split(cell)):
        if k % 2:
            pieces.append(part)  # the rule itself: a line of its own, as in the cell layout
        elif part.strip():
            pieces.extend(_case_seams(part.strip()))
    return pieces


def find_fused_tables(lines: list[str], lo: int, hi: int, with_bar: list[int] | None = None) -> list[_Table]:
    """Tables whose rows are single lines of cells: ``A | B |`` / ``Số: 1/NĐ-CP |`` / ``|``.

    Some exports put each row of a layout table on one line: cells separated
    by `` | ``, the row ended by ``|``, the table by a lone ``|`` (family 10,
    like the lone-``|`` layout).  A run of such rows (with the lone ``|``
    lines around them) is one table; each cell's lines are split where a
    rule or a heading line was glued to the text before it
    (:func:`_cell_pieces`).  Every piece keeps its row's source line.  The
    caller keeps only header tables: a body sentence with `` | `` is text.

    >>> t = find_fused_tables(["CHÍNH PHỦ------- | CỘNG HÒA XÃ HỘI |", "Số: 1/2025/NĐ-CP |", "|"], 0, 3)[0]
    >>> (t.start, t.end), t.rows
    ((0, 2), [[[('CHÍNH PHỦ', 1), ('-------', 1)], [('CỘNG HÒA XÃ HỘI', 1)]], [[('Số: 1/2025/NĐ-CP', 2)]]])
    """
    tables: list[_Table] = []
    if with_bar is None:
        with_bar = _bar_lines(lines, lo, hi)  # (as in find_pipe_tables)
    i = lo
    while i < hi:
        nxt = bisect.bisect_left(with_bar, i)
        if nxt == len(with_bar):
            break
        i = with_bar[nxt]
        if not _fused_row(lines[i]):
            i += 1
            continue
        start = i
        while start > lo and _is_bar(lines[start - 1]):
            start -= 1
        rows = []
        j = i
        while j < hi and (_fused_row(lines[j]) or _is_bar(lines[j])):
            if not _is_bar(lines[j]):
                text = lines[j].strip()[:-1]
                cells = [[(p, j + 1) for p in _cell_pieces(c)] for c in _INLINE_BAR.split(text)]
                rows.append([c for c in cells if c])
            j += 1
        evident = any(len(r) >= 2 for r in rows) or _is_bar(lines[j - 1])
        if evident and any(rows):
            tables.append(_Table(start=start, end=j - 1, rows=[r for r in rows if r]))
        i = j
    return tables


def _classify(table: _Table, doc_start: int, first_body: int | None) -> str:
    cells = [c for row in table.rows for c in row]
    if len(cells) > 8:
        return "data"  # too many cells for an end-matter (6) or header (8) layout: no line read
    texts = [_bare(t) for c in cells for t, _ in c if t.strip()]
    if any(_RECIPIENTS.match(t) or _AUTHORITY.match(t) for t in texts) and len(cells) <= 6:
        return "endmatter"
    if first_body is None or table.start <= first_body:
        if any(_NATIONAL_START.match(t) or _NUMBER_LINE.match(t) for t in texts):
            return "header"
    return "data"


def _signed(lines: list[tuple[str, int]]) -> bool:
    """A cell that is a signature block: an authority line, or upper-case lines over a name."""
    texts = [_bare(t) for t, _ in lines if _bare(t)]
    if not texts:
        return False
    if _AUTHORITY.match(texts[0]):
        return True
    return len(texts) >= 2 and is_upper_text(texts[0]) and not is_upper_text(texts[-1])


def _is_signature_cell(lines: list[tuple[str, int]]) -> bool:
    texts = [_bare(t) for t, _ in lines if _bare(t)]
    return bool(texts) and (_AUTHORITY.match(texts[0]) is not None or is_upper_text(texts[0])) and not _RECIPIENTS.match(texts[0])


# ---------------------------------------------------------------- web-page text


def _document_start(lines: list[str]) -> int:
    """Index of the document's first line: its issuer cell above the national heading.

    Rule (family 15): the document runs from its issuer / national heading.
    Lines above the issuer block that are neither header material (upper-case
    bodies, ``|``, decoration, number, stamp fields) are web-page text.  A
    text without a national heading near the top starts at its first line.
    """
    limit = min(len(lines), HEAD_WINDOW)
    anchor = None
    for i in range(limit):
        line = lines[i].strip()
        if not line or line == _BAR:
            continue
        # The heading may be wrapped anywhere ("**CỘNG" / "HÒA XÃ HỘI ...").
        pair = line + " " + lines[i + 1].strip() if i + 1 < len(lines) and len(line) < 40 else line
        if _NATIONAL_START.match(pair) or (
            # a header row fused on one line: "CHÍNH PHỦ------- | CỘNG HÒA XÃ HỘI ... |"
            " | " in line and _fused_row(line) and any(_NATIONAL_START.match(c) for c in _INLINE_BAR.split(line))
        ):
            anchor = i
            break
    if anchor is None:
        return 0
    # Walk up over the issuer cell: upper-case lines, |, decoration, blank lines.
    i = anchor - 1
    start = anchor
    while i >= 0:
        raw = lines[i].strip()
        bare = _bare(raw)
        if not raw or _is_bar(raw) or _DECOR.match(raw):
            i -= 1
            continue
        if (is_upper_text(bare) and len(bare) <= 80 and not _MD_HEADING.match(raw)) or _NUMBER_LINE.match(raw):
            start = i
            i -= 1
            continue
        break
    # Keep a | that opens the header table.
    while start > 0 and _is_bar(lines[start - 1]):
        start -= 1
    if i < 0:
        return 0
    return start


def _document_number(lines: list[str], lo: int) -> str | None:
    for line in lines[lo : lo + HEAD_WINDOW]:
        m = _NUMBER_LINE.match(line.strip())
        if m:
            return re.sub(r"\s+", "", m.group(1))
    return None


_KEY_NOISE = re.compile(r"[\s*_]")
#: Every character ``\s`` matches in a ``str`` pattern (``str.isspace``), with ``*_#``: what
#: ``_END_MATTER`` may pass over before its first letter (``tests/test_layout.py`` checks the list).
_MARKS_AND_BLANKS = "*_#" + (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
#: The characters ``_END_MATTER``'s first letter matches, case folded as ``re.IGNORECASE`` folds
#: (``K`` also matches the Kelvin sign); "" (an empty line) is none of them.
_END_MATTER_FIRST = frozenset("NnTtKkQqPp\u212a")
_K_FIRST = frozenset("Kk\u212a")


@lru_cache(maxsize=1024)
def _may_self_title(first: str) -> bool:
    """Whether a line starting with the character ``first`` may open a ``_SELF_TITLE``."""
    return bool(first) and _SELF_TITLE_FIRST.match(first) is not None


def _document_end(lines: list[str], lo: int, number: str | None) -> int:
    """Index one past the document's last line (family 15).

    The document ends with its last signature, recipients, attachments,
    annexes and footnote definitions.  A portal prints after it a title
    naming the document by its type and number (``Công văn 5348/CT-CS năm
    2025 ...``), or the title of its English translation (``Circular No.
    110/2025/TT-BTC dated ...``, :data:`_EN_SELF_TITLE`), and its own ``## ...``
    sections: the first such line after the end matter begins the web-page text.
    """
    end_matter = None
    for i in range(lo, len(lines)):
        # _END_MATTER needs N, T, K, Q or P as the first character past marks and blanks, and
        # _bare keeps that character first: the other lines are passed over without a regex.
        if lines[i].lstrip(_MARKS_AND_BLANKS)[:1] in _END_MATTER_FIRST and _END_MATTER.match(_bare(lines[i])):
            end_matter = i
            break
    if end_matter is None:
        return len(lines)
    key = _KEY_NOISE.sub("", number or "").upper()
    # A self-title holds the number, so its first character (a digit: _NUMBER_LINE); a line
    # without it and without "#" can end nothing.
    lead = key[:1]
    for i in range(end_matter + 1, len(lines)):
        line = lines[i]
        if not (lead and lead in line) and "#" not in line:
            continue
        raw = line.strip()
        if not raw:
            continue
        # Without a number there is no self-title to find, nor on a line whose first letter
        # starts no type word: spare the long type alternation (tried on every line otherwise).
        m = _SELF_TITLE.match(raw) if key and _may_self_title(raw.lstrip("*_ ")[:1]) else None
        if m and _KEY_NOISE.sub("", m.group(2)).upper().rstrip(".,;") == key:
            return i
        if key and raw.lstrip("*_ ")[:1] in _EN_TITLE_FIRST:
            m = _EN_SELF_TITLE.match(raw)
            if m and _KEY_NOISE.sub("", m.group(1)).upper().rstrip(".,;") == key.replace("Đ", "D"):
                return i
        if raw.startswith("#") and _MD_HEADING.match(raw):
            bare = _bare(raw)
            if not is_upper_text(bare) and numbering(bare) is None and not _FOOTNOTE_DEF.match(bare):
                return i
    return len(lines)


def _evidence(removed: list[str]) -> dict:
    """A portal's labelled metadata (``Số hiệu:`` ...) read from removed web-page text."""
    from converters.lexicon.dates import parse_date

    found: dict = {}
    for idx, line in enumerate(removed):
        m = _LABEL_LINE.match(line.strip())
        if not m:
            continue
        key = _PORTAL_LABELS[fold(m.group(1))]
        value = _bare(m.group(2))
        if not value:
            for nxt in removed[idx + 1 : idx + 4]:
                if nxt.strip() and not _is_bar(nxt):
                    value = _bare(nxt)
                    break
        if not value or key in found or _LABEL_LINE.match(value):
            continue
        if key == "date":
            value = parse_date(value) or None
            if not value:
                continue
        found[key] = value
    return found


# ---------------------------------------------------------------- the step


def step(state) -> None:
    """Pipeline step: rewrite ``state.text`` as clean logical lines.

    Sets ``state.env["layout"]`` = ``{"wrapped", "width", "line_map",
    "tables": [{"kind", "span", "rows"}], "removed": [{"span", "where",
    "lines", "text"}], "evidence": {...}}`` (see the module docstring and
    ``layout-contract.md``); warns once with the count of removed lines.
    """
    # Two upper-case syllables run together ("LAO ĐỘNGNGOÀI NƯỚC"): the space goes back before any
    # rule reads the words (the line count stays, so the line map below is unchanged).
    spaced = split_glued_caps(state.text)
    if spaced != state.text:
        state.text = spaced
        state.trace.append("layout.glued_caps")
    lines = state.text.split("\n")
    lo = _document_start(lines)
    number = _document_number(lines, lo)
    hi = _document_end(lines, lo, number)
    removed = []
    for a, b, where in ((0, lo, "before"), (hi, len(lines), "after")):
        chunk = lines[a:b]
        if any(l.strip() and not _is_bar(l) for l in chunk):
            removed.append({"span": (a + 1, b), "where": where, "lines": sum(1 for l in chunk if l.strip()), "text": "\n".join(chunk)})
    with_bar = _bar_lines(lines, lo, hi)
    tables = find_tables(lines, lo, hi, with_bar)
    # Rows of cells on single lines ("CHÍNH PHỦ | CỘNG HÒA ... |"): a header's, and those whose cell
    # structure is evident (a row of two cells or more, next to the lone | lines of the cell layout);
    # a body sentence with " | " is text.  They replace what the lone-| finder made of the same lines.
    fused = [
        t
        for t in find_fused_tables(lines, lo, hi, with_bar)
        if _classify(t, lo, lo + 40) == "header"
        or ((_is_bar(lines[t.start]) or _is_bar(lines[t.end])) and any(len(r) >= 2 for r in t.rows))
    ]
    if fused:
        tables = [t for t in tables if not any(f.start <= t.end and t.start <= f.end for f in fused)] + fused
        tables.sort(key=lambda t: t.start)
    spans = [(t.start, t.end) for t in tables]
    # "| a | b |" rows: only the header's and the end matter's are layout this step rebuilds;
    # a data table in that form stays as written for the tables step.
    for t in find_pipe_tables(lines, lo, hi, with_bar):
        if not any(a <= t.start <= b for a, b in spans) and _classify(t, lo, lo + 40) != "data":
            tables.append(t)
    tables.sort(key=lambda t: t.start)
    in_table = bytearray(len(lines))
    for t in tables:
        in_table[t.start : t.end + 1] = b"\x01" * (t.end + 1 - t.start)
    # Cells are narrow: only text outside tables tells the wrap width.
    stats = measure([lines[k] for k in range(lo, hi) if not in_table[k]])
    has_layout = bool(tables)
    info = {"wrapped": stats.wrapped, "width": stats.width, "tables": [], "removed": removed, "evidence": {}}
    state.env["layout"] = info
    if removed:
        info["evidence"] = _evidence([l for r in removed for l in r["text"].split("\n")])
        count = sum(r["lines"] for r in removed)
        state.warn(f"đã bỏ {count} dòng văn bản của trang web quanh văn bản (không thuộc văn bản); xem --explain")
        state.trace.extend(f"layout.web_text@{r['span'][0]}-{r['span'][1]}" for r in removed)
    # Emphasis cut inside words (family 11's marks, also in texts that are not wrapped).
    cut_marks = "**" in state.text and any("**" in l and _marks_cut(l) for l in lines[lo:hi])
    if not stats.wrapped and not has_layout and not removed and not cut_marks:
        info["line_map"] = list(range(1, len(lines) + 1))
        return

    out: list[tuple[str, int]] = []

    def blank(number: int) -> None:
        if out and out[-1][0] != "":
            out.append(("", number))

    def emit_body(a: int, b: int) -> None:
        span = [(lines[k], k + 1) for k in range(a, b)]
        if not stats.wrapped:
            for text, number in span:
                if cut_marks and "**" in text and _marks_cut(text):
                    text = mend_emphasis(text)  # "v****à hư****ớng": the line's marks mended as a wrap's are
                # A word cut by a break (blank lines between): the seam goes, the word is whole.
                if text.strip() and out:
                    k = len(out) - 1
                    while k >= 0 and not out[k][0].strip() and len(out) - k <= 3:
                        k -= 1
                    if k >= 0 and out[k][0].strip() and k >= len(out) - 3:
                        joined = cut_word(out[k][0], text)
                        if joined is not None:
                            out[k] = (joined, out[k][1])
                            del out[k + 1 :]
                            continue
                out.append((text, number))
            return
        # Paragraph boundaries: blank lines, then the joining rules inside each run.
        body_break = partial(_body_break, stats=stats)  # no Python frame of its own per line pair
        run: list[tuple[str, int]] = []
        for text, number in span + [("", b)]:
            if text.strip():
                run.append((text, number))
                continue
            for logical, src in (pair for piece in split_addressee(run) for pair in logical_lines(piece, body_break)):
                prev = len(out) - 2 if out and out[-1][0] == "" else len(out) - 1
                joined = cut_word(out[prev][0], logical) if prev >= 0 and out[prev][0] else None
                if joined is not None:
                    out[prev] = (joined, out[prev][1])
                    del out[prev + 1 :]
                    continue
                blank(src)
                out.append((logical, src))
            run = []
        blank(b)

    first_body = None
    pos = lo
    for t in tables:
        t.kind = _classify(t, lo, first_body)
        emit_body(pos, t.start)
        blank(t.start + 1)
        # Each cell is joined once: its lines here, their source lines below.
        joined_rows = [[logical_lines(cell, _cell_break) for cell in row] for row in t.rows]
        rows_out = [[[text for text, _ in joined] for joined in row] for row in joined_rows]
        info["tables"].append({"kind": t.kind, "span": (t.start + 1, t.end + 1), "rows": rows_out})
        if t.kind == "data":
            for row, cells in zip(t.rows, rows_out):
                src = next((c[0][1] for c in row if c), t.start + 1)
                out.append(("\t".join(" ".join(c) for c in cells), src))
        else:
            for row, cells, joined_row in zip(t.rows, rows_out, joined_rows):
                sig_cells = [c for c, raw in zip(cells, row) if _is_signature_cell(raw)]
                if t.kind == "endmatter" and len(sig_cells) >= 2 and len(sig_cells) == len(cells):
                    height = max(len(c) for c in cells)
                    src = next((c[0][1] for c in row if c), t.start + 1)
                    for k in range(height):
                        out.append(("\t".join(c[k] if k < len(c) else "" for c in cells).rstrip("\t"), src + k))
                    blank(src)
                    continue
                for cell, joined in zip(cells, joined_row):
                    if not cell:
                        continue
                    src_lines = [n for _, n in joined]
                    for text, n in zip(cell, src_lines):
                        out.append((text, n))
                    blank(src_lines[-1])
        blank(t.end + 1)
        pos = t.end + 1
        if first_body is None and t.kind != "header":
            first_body = t.start
    emit_body(pos, hi)
    while out and out[-1][0] == "":
        out.pop()
    if not out:
        info["line_map"] = list(range(1, len(lines) + 1))
        return
    new_text = "\n".join(text for text, _ in out)
    if new_text != state.text:
        state.trace.append("layout.lines")
    state.text = new_text
    info["line_map"] = [n for _, n in out]
