"""Emphasis mended: marks cut by a wrap or inside words (``raw-artifacts.md`` family 11).

Web pages close and reopen bold mid-word (``v****à``, ``C****ỘNG HO****À``)
and hard wraps cut a run between two lines (``**Điều 1.`` / ``Phạm vi
điều chỉnh**``).  :func:`mend_words` drops marks inside a word, told by
the Vietnamese syllable check (``lexicon/syllables.py``);
:func:`mend_emphasis` pairs the marks of one logical line, drops empty
pairs and moves blanks out of a run (CommonMark does not close ``**a **``).
It runs on every joined line (``wraps.logical_lines``) and, in texts that
are not wrapped, on lines whose marks were cut (:func:`_marks_cut`).
"""

from __future__ import annotations

import re

from converters.lexicon.syllables import is_syllable


_ITALIC_SPACES = re.compile(r"(?<!\*)\*\s+([^*\s][^*]*?)\s*\*(?!\*)")
_BLANK_RUN = re.compile(r"[ \t]{2,}")
_EMPTY_PAIRS = re.compile(r"\*\*\s*\*\*|(?<!\*)\*\s+\*(?!\*)|__\s*__")
#: Empty pairs between a word and the ``[n]`` footnote mark glued to it (``Cam Ranh****[5]**``,
#: ``Ranh**** ****[13]**``): a run closed and reopened around the mark, which stays glued.
_EMPTY_PAIRS_BEFORE_MARK = re.compile(r"(?<=[^\s*])\*\*\s*\*\*(?:\s*\*\*\s*\*\*)*(?=\[\d{1,3}\](?![(:]))")
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
    >>> mend_emphasis("**Điều 4. Phạm vi cảng****[5]**"), mend_emphasis("**PHỤ LỤC**** ****[23]**")
    ('**Điều 4. Phạm vi cảng[5]**', '**PHỤ LỤC[23]**')
    """
    if "*" not in line and "_" not in line:
        return line
    # Marks inside a word first: "v****à" is no empty pair between two words.
    line = mend_words(line)
    if "[" in line:
        # Family 14: a "[n]" reference is glued to its word (footnotes._GLUED); a blank put
        # for the empty pair would make it typed text.
        line = _EMPTY_PAIRS_BEFORE_MARK.sub("", line)
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
