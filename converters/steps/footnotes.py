"""Footnotes: references and definitions in the four encodings, page breaks between.

Encodings seen in exports and OCR (``raw-artifacts.md`` §4):

1. ``<sup>3</sup>`` reference, ``<sup>3</sup> text`` definition;
2. ``<sup>(3)</sup>`` reference, ``<sup>3</sup> text`` definition;
3. Unicode ``⁽³⁾`` reference and ``⁽³⁾ text`` definition;
4. anchors lost: the reference became a line break inside the sentence
   (before punctuation, or before a space and the next word) and the
   definitions sit at the very end, each led by U+FFFD.  The n-th lost anchor
   belongs to the n-th definition.

Word prints a page's definitions where the page ends, so they sit between
body paragraphs (§5).  A paragraph after a definition block continues the body
paragraph the block cut, when that one stops mid-sentence; a definition cut by
a page break continues, mid-sentence, just before the next page's definitions
(or after a ``---`` separator); text between two definitions belongs to the
first (a ``- ...`` list inside a footnote).

References are replaced in the text by placeholders ``REF_OPEN + label +
REF_CLOSE`` (private-use characters) that ``render`` turns into ``[^label]``;
definitions go to ``state.env["footnotes"]``: ``{label: [paragraph, ...]}``.
Like Python-Markdown's footnotes extension, the source's numbers are the labels.
"""

from __future__ import annotations

import re

from converters.model import REF_CLOSE, REF_OPEN, Block, DocState
from converters.lexicon.patterns import ends_open, numbering, starts_midsentence

LOST = REF_OPEN + REF_CLOSE  # a lost anchor whose label is not known yet

_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(_SUP, "0123456789")
_DEF = re.compile(
    r"^\s*(?:\*\*)?\s*(?:<sup>\s*\(?\s*(?P<a>\d{1,4})\s*\)?\s*</sup>|⁽(?P<b>[" + _SUP + r"]{1,4})⁾|(?P<c>[" + _SUP + r"]{1,4})(?=\s)"
    r"|\[(?P<d>\d{1,3})\](?=\s|\*|$))\s*(?:\*\*)?\s*"
)
#: Encoding 5 (``raw-artifacts.md`` §14): a ``[n]`` reference.  Not an escaped bracket, not a
#: Markdown link (``[1](...)``), link definition (``[1]:`` at a line start) or footnote
#: (``[^1]``); mid-sentence ``như sau[4]:`` is a reference before a colon.
_BRACKET_REF = re.compile(r"(?<![\\\[!^])\[(?P<d>\d{1,3})\](?![(\]])(?!:(?<=^\[\d\]:)|:(?<=^\[\d\d\]:)|:(?<=^\[\d\d\d\]:))", re.M)
#: A ``[n]`` escaped by a reader (``\[n]``, ``read/emit.literal_brackets``): typed text, no reference.
_ESCAPED_BRACKET = re.compile(r"\\\[(\d{1,3})\]")
#: A ``[n]`` glued to the word or mark before it is a reference even without definitions.
_GLUED = re.compile(r"[^\s(\[]$")
_REF = re.compile(r"<sup>\s*\(?\s*(?P<a>\d{1,4})\s*\)?\s*</sup>|⁽(?P<b>[" + _SUP + r"]{1,4})⁾")
_BARE_SUP_REF = re.compile(r"(?<=[\w.,;:)”\"%*])(?P<c>[" + _SUP + r"]{1,3})(?![\w" + _SUP + r"])")
_NO = re.match(r"(?P<d>)?", "")  # a match whose groups are all empty
_LOST_DEF = re.compile(r"^\s*\ufffd\s*")
#: A rule line (a page's footnote line, a rule under a form's motto), in bold or not (``**-----**``).
_SEPARATOR = re.compile(r"^\s*(?:\*\*)?\s*(?:-{3,}|_{3,}|\*{3,})\s*(?:\*\*)?\s*$")
_ITEM = re.compile(r"^\s*[-–+•]\s")
#: The first character after the blanks (``\s``, what ``str.lstrip`` strips) of every match of
#: _SEPARATOR, _LOST_DEF and _DEF; "" (an empty or blank text) is none.
_MARK_STARTS = frozenset("-_*\ufffd<⁽[" + _SUP)


def _label(m: re.Match) -> str:
    g = m.groupdict()
    raw = g.get("a") or g.get("b") or g.get("c") or g.get("d") or ""
    return str(int(raw.translate(_SUP_TO_DIGIT)))


def definition_label(text: str) -> tuple[str, str] | None:
    """``(label, rest)`` when ``text`` starts with a definition marker, else ``None``.

    >>> definition_label("<sup>11</sup>Hội Liên hiệp"), definition_label("⁽²⁾ Quyết định")
    (('11', 'Hội Liên hiệp'), ('2', 'Quyết định'))
    >>> definition_label("Năm 2020") is None
    True
    """
    m = _DEF.match(text)
    if not m:
        return None
    return _label(m), text[m.end() :]


def replace_refs(text: str, bare_labels: set[str] = frozenset()) -> str:
    """Replace reference markers by placeholders; bare superscripts only for ``bare_labels``.

    >>> replace_refs("vận<sup>(1)</sup>. x⁽²⁾") == f"vận{REF_OPEN}1{REF_CLOSE}. x{REF_OPEN}2{REF_CLOSE}"
    True
    >>> replace_refs("10.000 km²")
    '10.000 km²'
    """
    if "<sup>" in text or "⁽" in text:  # every match of _REF starts with one (most blocks have none)
        text = _REF.sub(lambda m: REF_OPEN + _label(m) + REF_CLOSE, text)
    if bare_labels:
        text = _BARE_SUP_REF.sub(
            lambda m: REF_OPEN + _label(m) + REF_CLOSE if _label(m) in bare_labels else m.group(0), text
        )
    return text


def has_lost_anchors(blocks: list[Block]) -> bool:
    """True when definitions led by U+FFFD close the document (encoding 4)."""
    return any(_LOST_DEF.match(b.text) for b in blocks[-200:]) and sum(
        1 for b in blocks if _LOST_DEF.match(b.text)
    ) >= 1


def _is_heading_like(text: str) -> bool:
    t = text.strip()
    return t.startswith("#") or numbering(t.strip("*_# ")) is not None


class _Def:
    __slots__ = ("label", "paragraphs", "lines")

    def __init__(self, label: str, text: str, lines: tuple[int, int]) -> None:
        self.label = label
        self.paragraphs = [text.strip()]
        self.lines = lines

    @property
    def open(self) -> bool:
        return ends_open(self.paragraphs[-1])

    def extend(self, text: str, same_paragraph: bool) -> None:
        if same_paragraph:
            self.paragraphs[-1] = (self.paragraphs[-1].rstrip() + " " + text.strip()).strip()
        else:
            self.paragraphs.append(text.strip())


def step(state: DocState) -> None:
    """Pipeline step: definitions out of the body, references to placeholders.

    Expects paragraph blocks (``paragraphs.step``).  Fills
    ``env["footnotes"]`` (label -> list of paragraphs, in order of definition),
    marks body paragraphs that continue a paragraph cut by a definition block
    (``data["continues"] = True``) and warns on references without definition
    (one warning naming them all: ``chú thích 1, 5 có dấu ...``) and definitions
    never referenced.
    """
    units = state.blocks
    kinds: list[str] = []
    for b in units:
        if b.kind != "paragraph":
            kinds.append("other")  # an attachment title or a signature block: body, never a note's text
        elif b.text.lstrip()[:1] not in _MARK_STARTS:
            kinds.append("para")  # (most paragraphs start with a word: none of the three patterns match)
        elif _SEPARATOR.match(b.text):
            kinds.append("sep")
        elif _LOST_DEF.match(b.text) or definition_label(b.text):
            kinds.append("def")
        else:
            kinds.append("para")

    defs: dict[str, _Def] = {}
    order: list[str] = []
    lost_count = 0
    numbered_max = 0
    body: list[Block] = []
    pending: _Def | None = None  # last definition, when it stops mid-sentence
    last_def: _Def | None = None
    after_sep = False
    bare_defined: set[str] = set()  # labels defined as bare superscripts ("¹ text")
    bracket_defined: set[str] = set()  # labels defined as "[n] text" (encoding 5)
    bracket_last: int | None = None
    bracket_group = 0  # Word numbers footnotes per section: "[1]" again starts a new group

    # Encoding 5: the "[n]" definitions are gathered after the end matter (or the last
    # attachment); a paragraph after one of them is its text (a definition
    # quoting the amended article runs over several paragraphs).
    last_other = max((k for k, kd in enumerate(kinds) if kd == "other"), default=-1)
    bracket_at = [k for k, kd in enumerate(kinds) if kd == "def" and (_DEF.match(units[k].text) or _NO).group("d")]
    # After the last one only the end of the text follows (the layout cut the web page's text).
    zone = (bracket_at[0], len(units)) if bracket_at and bracket_at[0] > last_other else (len(units), -1)

    def neighbour(k: int, step_: int) -> str:
        k += step_
        while 0 <= k < len(units) and kinds[k] == "sep":
            k += step_
        return kinds[k] if 0 <= k < len(units) else "end"

    for k, block in enumerate(units):
        kind = kinds[k]
        if kind == "sep":
            after_sep = True
            state.env.setdefault("noise", []).append(block.text.strip())
            continue
        if kind == "def":
            m = _LOST_DEF.match(block.text)
            if m:
                lost_count += 1
                label = f"lost-{lost_count}"
                text = block.text[m.end() :]
            else:
                label, text = definition_label(block.text)
                numbered_max = max(numbered_max, int(label))
                dm = _DEF.match(block.text)
                if dm.group("c"):
                    bare_defined.add(label)
                if dm.group("d"):
                    n = int(label)
                    if bracket_last is not None and n <= bracket_last:
                        bracket_group += 1
                    bracket_last = n
                    if bracket_group:
                        label = f"{label}-{bracket_group + 1}"
                    bracket_defined.add(label)
            if label in defs:
                dup = 2
                while f"{label}-{dup}" in defs:
                    dup += 1
                state.warn(f"chú thích {label} được ghi hai lần (dòng {block.lines[0]}); chú thích thứ hai được giữ với số {label}-{dup}")
                label = f"{label}-{dup}"
            # A stray U+FFFD inside a definition is a nested lost anchor: nothing to link it to.
            d = _Def(label, text.replace("\ufffd", ""), block.lines)
            defs[label] = d
            order.append(label)
            last_def = d
            pending = d if d.open else None
            after_sep = False
            continue
        if kind == "other":
            body.append(block)
            pending = None
            after_sep = False
            continue
        prev_kind, next_kind = neighbour(k, -1), neighbour(k, +1)
        text = block.text
        # Read only next to a definition (every branch below that reads it asks that first).
        heading_like = (prev_kind == "def" or next_kind == "def") and _is_heading_like(text)
        if zone[0] < k < zone[1] and last_def is not None:
            last_def.extend(text, same_paragraph=not last_def.paragraphs[-1] or (last_def.open and starts_midsentence(text)))
            pending = last_def if last_def.open else None
        elif prev_kind == "def" and last_def is not None and not last_def.paragraphs[-1] and not heading_like:
            # "[2]" alone on its line: the definition's text is the next paragraph.
            last_def.extend(text, same_paragraph=True)
            pending = last_def if last_def.open else None
        elif (
            prev_kind == "def" and next_kind == "end" and pending is not None
            and starts_midsentence(text) and not heading_like and not _ITEM.match(text)
        ):
            pending.extend(text, same_paragraph=True)  # the last definition runs on after a wrap
            pending = pending if pending.open else None
        elif prev_kind == "def" and body and ends_open(body[-1].text) and not heading_like and not _ITEM.match(text):
            block.data["continues"] = True  # the body paragraph the definitions cut goes on here
            body.append(block)
        elif (
            last_def is not None
            and next_kind == "def"
            and (prev_kind == "def" or (pending is not None and (starts_midsentence(text) or after_sep)))
            and not heading_like
        ):
            target = pending or last_def
            # An open definition runs on (even into a proper noun: "thị xã" / "Hà Tiên.").
            target.extend(text, same_paragraph=target.open and not _ITEM.match(text))
            pending = target if target.open else None
        else:
            body.append(block)
        after_sep = False

    # Lost anchors (encoding 4): number them in order and give the definitions the same numbers.
    if lost_count:
        base = numbered_max
        renamed: dict[str, _Def] = {}
        for label in order:
            d = defs[label]
            if label.startswith("lost-"):
                d.label = str(base + int(label[5:]))
            renamed[d.label] = d
        defs = renamed
        order = list(defs)
        counter = base
        for b in body:
            # One pass per block (a replace(..., 1) per anchor re-copied the block each time:
            # quadratic in a paragraph full of lost anchors, issue [0/6] 8).
            pieces = b.text.split(LOST)
            if len(pieces) > 1:
                out = [pieces[0]]
                for piece in pieces[1:]:
                    counter += 1
                    out += [f"{REF_OPEN}{counter}{REF_CLOSE}", piece]
                b.text = "".join(out)
        if counter - base != lost_count:
            state.warn(
                f"tìm thấy {counter - base} dấu chú thích bị mất cho {lost_count} nội dung chú thích ở cuối "
                "văn bản; đã ghép theo thứ tự"
            )
    else:
        for b in body:
            b.text = b.text.replace(LOST, "")

    _bracket_refs(body, bracket_defined, bracket_group + 1)
    bare = bare_defined & set(defs)
    for b in body:
        b.text = replace_refs(b.text, bare)
    for d in defs.values():
        d.paragraphs = [replace_refs(p) for p in d.paragraphs]

    referenced = []
    for b in body:
        for m in re.finditer(REF_OPEN + r"([^" + REF_CLOSE + r"]*)" + REF_CLOSE, b.text):
            referenced.append(m.group(1))
    # One warning naming every mark without a definition (a consolidated text exported without
    # its notes has twenty: one line each buried the others).
    missing = [label for label in dict.fromkeys(referenced) if label not in defs]
    if missing:
        state.warn(f"chú thích {', '.join(missing)} có dấu trong bài nhưng không có nội dung")
    referenced_set = set(referenced)  # once: a set per label made this quadratic
    unreferenced = [label for label in defs if label not in referenced_set]
    for label in unreferenced:
        state.warn(f"chú thích {label} có nội dung (dòng {defs[label].lines[0]}) nhưng trong bài không có dấu chú thích")
    # "\[n]": a typed bracket number a reader escaped (read/emit.literal_brackets): text again.
    for b in body:
        if "\\[" in b.text:
            b.text = _ESCAPED_BRACKET.sub(r"[\1]", b.text)
    for d in defs.values():
        d.paragraphs = [_ESCAPED_BRACKET.sub(r"[\1]", p) if "\\[" in p else p for p in d.paragraphs]
    state.env["footnotes"] = {label: defs[label].paragraphs for label in defs}
    state.env["footnotes_unreferenced"] = unreferenced
    state.blocks = body


def _bracket_refs(body: list[Block], defined: set[str], groups: int) -> None:
    """``[n]`` references (encoding 5) to placeholders, in reading order.

    With definitions, every ``[n]`` of the body is a reference; without, only
    one glued to the word or mark before it (``quy định[1]``), so ``[1]`` in
    running text stays text.  Word numbers footnotes per section, so an
    annex's ``[1]`` may start again: when the definitions restart (``groups``
    > 1), a reference that goes back in number, or does not go on at a new
    attachment, moves to the next group of definitions (labels ``n-2``,
    ``n-3`` ... as ``step`` gives them).
    """
    g = 0
    last: int | None = None
    section = last_section = 0
    for b in body:
        if b.kind == "attachment":
            section += 1  # its title's own mark ("... TỈNH BẮC NINH[1]") opens the new section
        # A table's cells are still its text here (``tables`` builds the rows later): a
        # reference in a header cell (``quy định[1]``) is one like any other.
        if b.kind not in ("paragraph", "table", "attachment") or "[" not in b.text:
            continue
        text = b.text

        def sub(m: re.Match) -> str:
            nonlocal g, last, last_section
            if not defined and not _GLUED.search(text[: m.start()]):
                return m.group(0)
            n = int(m.group("d"))
            if groups > 1 and last is not None and (n < last or (section != last_section and n <= last)):
                g = min(g + 1, groups - 1)
            last, last_section = n, section
            return REF_OPEN + (str(n) if g == 0 else f"{n}-{g + 1}") + REF_CLOSE

        b.text = _BRACKET_REF.sub(sub, text)
