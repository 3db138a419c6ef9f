"""The outline: headings found by their numbering, depth from the numbering scheme.

Reports number their parts ``Phần thứ nhất`` > ``A.`` > ``I.`` > ``1.`` >
``1.1.`` > ``a)`` (Hướng dẫn 36-HD/VPTW §2.6; ``raw-artifacts.md`` §3); legal
texts ``Phần`` > ``Chương`` > ``Mục`` > ``Điều``, with khoản ``1.`` and điểm
``a)`` inside an article as numbered paragraphs, not headings (NĐ 30/2020/NĐ-CP
Phụ lục I §IV; ``page-format.md``).  The markup around a heading (``**``,
``##``, italics) is unreliable: the numbering, not the markup, tells the depth.
The schemes a document uses rank in that order; a heading nests one level
below the nearest heading of a higher rank before it, from ``##`` (the ``#``
is the page title), so a level one branch leaves out leaves no gap (``Chương
II`` > ``Điều 5`` where that chapter has no ``Mục``); a label that names its
parent's number (``1.1.``) counts the missing parent's level too.  A heading
that would fall deeper than ``######`` stays a numbered paragraph.

Each attached document (a block carrying ``data["attachment"]``, set by the
end matter step) is its own outline: its title is the ``##`` section and its
numbering nests from ``###``, legal or report, whatever the main text used.
The forms it attaches (``Mẫu số 01``) are ``###`` headings, each outlined from
``####`` on its own (:func:`_forms`).  In a legal text a roman-numbered title
in capitals that opens a run of articles (``I- QUY ĐỊNH CHUNG`` / ``Điều 1.``)
is a heading above the articles (:func:`_article_groups`).

A numbered line is a heading when it reads like one: short, not closed by
sentence punctuation (a bold or ``#`` line may end with a full stop), not a
fragment of a sentence (it does not stop on a word that cannot end a title,
its brackets and quotes are balanced, the next block does not carry on in
lower case).  A long numbered line is still a heading when its siblings
before and after are headings (a long title in a run of titles).  A part or
chapter label alone (``Phần thứ hai``, ``Chương I``) takes the unnumbered
title line after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from converters.model import REF_CLOSE, REF_OPEN, Block, DocState
from converters.lexicon.patterns import LEGAL_ORDER, SCHEME_ORDER, ends_open, numbering
from converters.lexicon.casing import is_upper_text

#: A list item's mark, bare or alone in the web page's emphasis ("*-* Họ và tên", "**-** Gương
#: mẫu": 12 lines of 6 corpus documents); an italic line that opens with a dash ("*- Quy trình
#: ...*") is no item of its own (its closing mark comes at its end, not after the dash).
_ITEM = re.compile(r"^\s*(?:([*_]{1,2})(?P<wrapped>[-–+•])\1|(?P<bare>[-–+•]))\s+")
MAX_HEADING_CHARS = 250
#: Deepest Markdown heading; numbering deeper than this stays numbered paragraphs (page-format.md).
MAX_LEVEL = 6
#: Words a Vietnamese title never ends on (prepositions, conjunctions, classifiers): a line
#: ending on one is a sentence cut by a line break (``b) Đối`` / ``với các công trình``).
_OPEN_WORDS = frozenset(
    "của và với các những số theo tại cho để về là đối từ hoặc nhằm thuộc bằng như mà thì do bị "
    "trong giữa nếu cùng đã đang sẽ hay".split()
)
#: Dot (or underscore) leaders: the blank of a form to fill in, never part of a title.
_LEADERS = re.compile(r"\.{4,}|…{2,}|_{4,}|(?:…\.+){2,}")
#: What every match of _LEADERS holds, one of these: a test in C before the search, which tries
#: its four branches at every position of a long paragraph.
_LEADER_PIECES = ("....", "……", "____", "….")


def _has_leaders(text: str) -> bool:
    """``_LEADERS.search(text)`` is not None, told first by the pieces a match must hold."""
    return any(p in text for p in _LEADER_PIECES) and _LEADERS.search(text) is not None
#: Schemes whose label names its parents' numbers ("1.2.3." is item 3 of 1.2., item 2 of 1.).
_NAMED_PARENTS = {"decimal2": ("decimal",), "decimal3": ("decimal", "decimal2")}
#: Label schemes whose bare label takes the next line as its title.
_TITLED = ("part", "chapter", "section")


_HASHES = re.compile(r"^#{1,6}\s*")
_SPACES = re.compile(r"\s{2,}|[\t\n\r\u00a0]")
#: Whether ``_SPACES`` finds anything, told twice as fast: a blank that is one of its four or has
#: a blank after it (the search skips to blanks; ``tests/test_search_prefilters.py`` compares).
_HAS_SPACES = re.compile(r"\s(?:(?<=[\t\n\r\u00a0])|\s)")


@lru_cache(maxsize=8192)
def _strip(text: str) -> str:
    """The text without heading marks, emphasis markers and runs of spaces (cached: pure)."""
    t = text.strip()
    if t.startswith("#"):
        t = _HASHES.sub("", t)
    t = t.replace("**", "").replace("__", "").strip().strip("*_").strip()
    # Two spaces are a match; with none, only an unprintable character can be a blank other than
    # " " (tests/test_converter_prefilters.py): most lines are told without the search.
    if "  " in t or not t.isprintable() and _HAS_SPACES.search(t):
        return _SPACES.sub(" ", t)
    return t


def _marked(text: str) -> bool:
    t = text.strip()
    return t.startswith("#") or (t.startswith("*") and t.rstrip().endswith("*"))


def _bold_title(text: str) -> bool:
    """One bold run over the whole line, not closed like a sentence (``**1. Quy trình: Thi tuyển**``).

    The text after a colon inside it is bold too: the title's own (a procedure's name, HD 36
    §II.2.6 bold headings), not a run-in label before plain text (``**1. Phạm vi:** Toàn bộ``).
    """
    t = text.strip()
    return t.startswith("**") and t.endswith("**") and t.count("**") == 2 and t[-3:-2] not in ".;!?"


def is_fragment(title: str) -> bool:
    """True when ``title`` reads as a piece of a sentence, not a whole title.

    It stops on a word that cannot end a Vietnamese title, on a dash or an
    opening bracket, or leaves a bracket or quote open.

    >>> is_fragment("Đối"), is_fragment("Kết quả thực hiện các"), is_fragment("Công tác (tuyên truyền")
    (True, True, True)
    >>> is_fragment("Tình hình kinh tế, xã hội"), is_fragment("Phong trào “Dân vận khéo”")
    (False, False)
    """
    t = title.strip().rstrip("*_ ")
    if not t:
        return False
    if t[-1] in "-–(“[":
        return True
    if t.count("(") > t.count(")") or t.count("“") > t.count("”") or t.count('"') % 2:
        return True
    last = re.split(r"\s+", t)[-1].lower()
    return last in _OPEN_WORDS


def _run_in(title: str) -> bool:
    """A colon outside brackets and quotes with text after it: ``Về thủ tục: đề nghị ...``.

    >>> _run_in("Về thủ tục hải quan: đề nghị"), _run_in("Công nhận kết quả (Mã số TTHC: 1.014466)")
    (True, False)
    """
    bare = re.sub(r"\([^()]*\)|“[^“”]*”|\"[^\"]*\"", "", title)
    return re.search(r"\w:\s+[^\s*_]", bare) is not None


_ELLIPSIS = re.compile(r"(?:\.{3}|…)[.…]*$")


def _elision(clean: str) -> str | None:
    """What an ellipsis closing a numbered line stands for: ``"list"``, ``"field"`` or ``None``.

    An ellipsis after an enumeration (``sản phẩm OCOP, làng nghề...``: the
    last clause lists items with commas) elides the rest of the list: the
    line is a sentence ended, not a title.  An ellipsis after a colon
    (``(viết chữ in hoa):...``) is a form's blank to fill in, like dot
    leaders.  Any other (``từ ngày... đến ngày...``: blanks inside a form's
    title) or none: ``None``.  (Vietnamese orthography: the ellipsis marks
    an unfinished enumeration or a cut sentence; a title is neither.)

    >>> _elision("b) Cập nhật cơ sở lưu trú, dịch vụ, làng nghề..."), _elision("3. Tên tổ chức:…")
    ('list', 'field')
    >>> _elision("1. Bảng thống kê từ ngày... đến ngày..."), _elision("1. Tình hình chung")
    (None, None)
    """
    # A match ends the text (or comes before its last "\n") with "." or "…": a test in C first,
    # for the search tries every position of the line.
    if not clean.endswith((".", "…", ".\n", "…\n")):
        return None
    m = _ELLIPSIS.search(clean)
    if not m:
        return None
    body = clean[: m.start()].rstrip()
    if body.endswith(":"):
        return "field"
    return "list" if "," in body.rsplit(";", 1)[-1] else None


@dataclass
class Candidate:
    """A block that starts with a numbering label: what it would be as a heading.

    ``ok`` says whether it reads like a heading; ``long`` that length was the
    only objection (the sibling rule may still take it).
    """

    scheme: str
    label: str
    title: str
    ok: bool
    long: bool = False
    #: A run-in title taken by the sibling rule: the text after its bold label and title.
    run_in: str | None = None
    #: A plain line whose only objection is its closing colon ("b) Đối với các hội:"): a
    #: heading only between two sibling headings (the sibling rule).
    colon: bool = False


#: What a numbering label can start with (``patterns.LABEL_PATTERNS``), behind markup: a cheap
#: test that spares the full clean-up for the many paragraphs that start with a word.
_MAY_BE_LABEL = re.compile(
    r"^[\s#*_]*(?:\d|[A-H]\s?[.\-–]|[IVX]+\s?[.\-–]|[a-zđ][).]|(?i:phần|chương|mục|điều)\s)"
)


def candidate(text: str) -> Candidate | None:
    """The numbering of ``text`` and whether it reads like a heading, else ``None``."""
    if not _MAY_BE_LABEL.match(text):
        return None
    clean = _strip(text)
    n = numbering(clean)
    if not n:
        return None
    scheme, label, rest = n
    if scheme in _TITLED and clean[-1:] in ".;!?" and not clean.endswith("...") and not is_upper_text(rest):
        # "Phần 1: Nêu lý do đưa ra nội dung trình duyệt.": a sentence closed by its full stop
        # that names a part of something (a form's instructions), not a part's title (HD 36
        # §II.2.6 and NĐ 30/2020 Phụ lục I print "Phần thứ nhất" / "Chương I" over a title).
        return Candidate(scheme, label, rest, False)
    if scheme in _TITLED or scheme == "article":
        return Candidate(scheme, label, rest, True)
    last = clean[-1:]
    ok = True
    elided = _elision(clean)
    if last in ".;!?" and not clean.endswith("...") or elided == "list":
        if not (_marked(text) and len(clean) < 200 and last == "."):
            ok = False
    colon = False
    if last in ":," and not _marked(text):
        ok = False
        colon = last == ":"
    if (ok or colon) and (
        is_fragment(rest) or _has_leaders(clean) or elided == "field" or (_run_in(rest) and not _bold_title(text))
    ):
        # A cut sentence, a form's field to fill in ("1. Loại hàng: ........"), or a run-in
        # label before its text ("1. Về thủ tục hải quan: đề nghị Công ty ...").
        ok = colon = False
    if colon:
        return Candidate(scheme, label, rest, False, colon=len(clean) <= MAX_HEADING_CHARS)
    if ok and len(clean) > MAX_HEADING_CHARS:
        return Candidate(scheme, label, rest, False, long=True)
    return Candidate(scheme, label, rest, ok)


def classify(text: str) -> tuple[str, str, str] | None:
    """``(scheme, label, title)`` when ``text`` alone reads as a numbered heading, else ``None``.

    Context rules (legal texts, siblings, a lower-case next line) are the step's.

    >>> classify("**1- Tình hình liên quan, tác động đến công tác dân vận**")
    ('decimal', '1-', 'Tình hình liên quan, tác động đến công tác dân vận')
    >>> classify("1. Triển khai thực hiện có hiệu quả Nghị quyết Đại hội; Kết luận số 114-KL/TW.") is None
    True
    >>> classify("b) Đối") is None
    True
    """
    c = candidate(text)
    if c is None or not c.ok:
        return None
    return c.scheme, c.label, c.title


def _ordinal(scheme: str, label: str) -> int | None:
    """The position a label gives in its sequence (``1.6.`` -> 6, ``IV.`` -> 4, ``b)`` -> 2)."""
    core = re.sub(r"[\s.:\-–)]+$", "", label)
    if scheme.startswith("decimal"):
        m = re.search(r"(\d+)$", core)
        return int(m.group(1)) if m else None
    if scheme in ("letter", "alpha"):
        return ord(core[-1:].lower()) - ord("a") + 1 if core else None
    if scheme == "roman":
        values = {"I": 1, "V": 5, "X": 10}
        total = 0
        for a, b in zip(core, core[1:] + " "):
            v = values.get(a, 0)
            total += -v if values.get(b, 0) > v else v
        return total or None
    return None


def _parent(scheme: str, label: str) -> str:
    """The label of the item a dotted label sits under (``1.6.`` -> ``1``), else ``""``."""
    core = re.sub(r"[\s.:\-–)]+$", "", label)
    return core.rsplit(".", 1)[0] if scheme in ("decimal2", "decimal3") else ""


def _lower_start(text: str) -> bool:
    t = text.lstrip("*_ \u00a0")
    return bool(t) and t[0].isalpha() and t[0].islower()


def _mend_cut_lines(blocks: list[Block]) -> list[Block]:
    """Join a numbered line that stops mid-sentence with the lower-case rest after it.

    A line break left by a hard wrap (``b) Đối`` / ``với các công trình``) is
    not an item's end: a block that starts in lower case continues the block
    before it when that one stops open (``patterns.ends_open``).
    """
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "paragraph"
            and b.kind == "paragraph"
            and _lower_start(b.text)
            and not b.data.get("attachment")
            and ends_open(prev.text)
            and _MAY_BE_LABEL.match(prev.text)
            and numbering(_strip(prev.text)) is not None
            and numbering(_strip(b.text)) is None
        ):
            prev.text = prev.text.rstrip() + " " + b.text.strip()
            prev.lines = (prev.lines[0], b.lines[1])
            continue
        out.append(b)
    return out


def _sections(blocks: list[Block]) -> list[list[Block]]:
    """The main document's blocks, then each attached document's (from its marked block on)."""
    sections: list[list[Block]] = [[]]
    for b in blocks:
        if b.data.get("attachment") and sections[-1]:
            sections.append([])
        sections[-1].append(b)
    return sections


def _title_after(blocks: list[Block], i: int, heads: dict) -> str | None:
    """The unnumbered title line a bare part/chapter label takes from the next block."""
    if i + 1 >= len(blocks) or i + 1 in heads or blocks[i + 1].kind != "paragraph":
        return None
    nxt = _strip(blocks[i + 1].text)
    if nxt and len(nxt) < 200 and nxt[-1:] not in ".;:!?" and numbering(nxt) is None:
        return nxt
    return None


_LEADING_REFS = re.compile(r"^(?:\s*[*_]*\s*" + REF_OPEN + "[^" + REF_CLOSE + "]*" + REF_CLOSE + ")+")


def _split_article(text: str, label: str, rest: str, khoan_next: bool = False) -> tuple[str, str]:
    """``(heading, body)``, a footnote reference right after the label staying on the heading.

    ``khoan_next``: the next block is the article's khoản ``1.``.
    """
    head, body = _split_article_text(text, label, rest, khoan_next)
    m = _LEADING_REFS.match(body)
    if m:
        head = head + "".join(re.findall(REF_OPEN + "[^" + REF_CLOSE + "]*" + REF_CLOSE, m.group(0)))
        body = body[m.end() :].strip()
    return head, body


def _split_article_text(text: str, label: str, rest: str, khoan_next: bool = False) -> tuple[str, str]:
    """``(heading, body)`` of an article line: its label and title, and any text run on after it.

    ``**Điều 1.** Ban hành kèm theo ...``: the bold part is the heading, the rest
    the article's first paragraph; ``Điều 1. Phạm vi điều chỉnh`` is all heading;
    an unmarked line closed like a sentence keeps only the label as heading.
    """
    t = re.sub(r"^#{1,6}\s*", "", text.strip())
    # Adjacent bold spans are one ("**Điều 10. Tạm dừng ... tại**** khoản 1 ...**").
    t = re.sub(r"\*\*(\s*)\*\*", lambda m: m.group(1) or " ", t)
    m = re.match(r"^(\*\*|__)(.+?)\1(.*)$", t, re.S)
    if m and numbering(_strip(m.group(2))) is not None:
        head = _strip(m.group(2))
        body = m.group(3).strip()
        words = _strip(body) if body.strip("*_ ") else ""
        if words and khoan_next and "\n" not in body and len(words) < 200 and words[-1:] not in ".;:!?…" and not is_fragment(words):
            # The bold stops after the label, the title is plain ("**Điều 2.** Tổ chức thực hiện"),
            # khoản 1. below: text not closed like a sentence is the article's name (NĐ 30/2020
            # Phụ lục I: Điều + tên điều, then its khoản).
            return f"{head} {words}", ""
        if words:
            return head, body
        return head, ""
    if not rest:
        return label, ""
    closed = rest.rstrip("*_ ")[-1:] in ".;:!?"
    if len(rest) < 200 and not closed:
        return f"{label} {rest}", ""
    pattern = r"^[*_\s]*" + r"\s+".join(map(re.escape, label.split())) + r"[*_]*\s*"
    m = re.match(pattern, t)
    body = t[m.end() :] if m else rest
    return label, body if body.strip("*_ ") else rest


def _outline(blocks: list[Block], base: int, state: DocState) -> list[Block]:
    """Headings, numbered paragraphs and list items of one document (main or attached)."""
    blocks = _mend_cut_lines(blocks)
    cands: dict[int, Candidate] = {}
    for i, b in enumerate(blocks):
        if b.kind != "paragraph":
            continue
        c = candidate(b.text)
        if c:
            cands[i] = c
    n_articles = sum(1 for c in cands.values() if c.scheme == "article")
    # Articles make a legal text; a plan or programme may have chapters and still number its
    # parts I. > 1. > a) inside them as headings.
    legal = n_articles >= 2
    order = LEGAL_ORDER if legal else ["part", "chapter", "section"] + [s for s in SCHEME_ORDER if s != "part"]

    heads: dict[int, Candidate] = {}
    if legal:
        groups = _article_groups(blocks, cands)
        if groups:
            heads.update(groups)
            order = [s for s in LEGAL_ORDER if s != "article"] + ["roman", "article"]
    for i, c in cands.items():
        if c.scheme not in order or i in heads:
            continue
        if c.ok and not (c.scheme not in _TITLED + ("article",) and _continues_lower(blocks, i)):
            if legal and c.scheme == "roman":
                continue  # in a legal text only a group of articles (above) is a roman heading
            heads[i] = c
    if not legal:
        _siblings(blocks, cands, heads)
    _empty_sections(blocks, cands, heads)
    schemes = [s for s in order if any(h.scheme == s for h in heads.values())]
    level_of = {s: base + k for k, s in enumerate(schemes) if base + k <= MAX_LEVEL}
    rank = {s: k for k, s in enumerate(schemes)}
    # The headings that enclose the current block, outermost first: (rank of scheme, level).
    # A heading nests one level below the nearest one of a higher rank before it, so a level
    # left out in one branch leaves no gap (Chương > Điều where that chapter has no Mục: Luật
    # Ban hành VBQPPL 2025 Điều 59 lets a chapter have sections or not; page-format.md: the
    # outline nests below the title, depth from the numbering).
    enclosing: list[tuple[int, int]] = []

    out: list[Block] = []
    skip: set[int] = set()
    for i, b in enumerate(blocks):
        if i in skip:
            continue
        if b.kind != "paragraph":
            if b.kind == "attachment":
                out.append(Block("heading", _strip(b.text), b.lines, level=2, data=b.data))
                enclosing = []
            else:
                out.append(b)
            continue
        h = heads.get(i)
        level = MAX_LEVEL + 1
        if h is not None and h.scheme in rank:
            while enclosing and enclosing[-1][0] >= rank[h.scheme]:
                enclosing.pop()
            level = enclosing[-1][1] + 1 if enclosing else base
            if h.scheme in _NAMED_PARENTS:
                # "1.1." names its parent "1." in its label: where that heading is missing the
                # label still says how deep it is (one level per missing named parent in use).
                top = enclosing[-1][0] if enclosing else -1
                level += sum(1 for p in _NAMED_PARENTS[h.scheme] if p in rank and rank[p] > top)
        if level <= MAX_LEVEL:
            enclosing.append((rank[h.scheme], level))
            if h.scheme == "article":
                nxt = cands.get(i + 1)
                khoan_next = nxt is not None and nxt.scheme == "decimal" and _ordinal(nxt.scheme, nxt.label) == 1
                head, body = _split_article(b.text, h.label, h.title, khoan_next)
                out.append(Block("heading", head, b.lines, level=level, label=h.label, data=b.data))
                if body:
                    out.append(Block("paragraph", body, b.lines, data={"gap": 0}))
                continue
            if h.run_in is not None:
                out.append(Block("heading", f"{h.label} {h.title}", b.lines, level=level, label=h.label, data=b.data))
                out.append(Block("paragraph", h.run_in, b.lines, data={"gap": 0}))
                continue
            title = h.title
            if h.scheme in _TITLED and not title:
                title = _title_after(blocks, i, heads) or ""
                if title:
                    skip.add(i + 1)
            if h.scheme in _TITLED and h.label[-1:].isalnum():
                # A bare label and its title line: "Chương I" / "QUY ĐỊNH CHUNG" -> "Chương I – QUY ĐỊNH CHUNG".
                text = f"{h.label} – {title}" if title else h.label
            else:
                text = f"{h.label} {title}" if title else h.label
            out.append(Block("heading", text, b.lines, level=level, label=h.label, data=b.data))
            continue
        m = _ITEM.match(b.text)
        if m:
            mark = m.group("wrapped") or m.group("bare")
            depth = 0
            if mark == "+" and out and out[-1].kind == "list_item":
                # A "+" item nests under a "-" item (raw-artifacts.md §13); a "+" item after
                # another "+" item is its sibling, at its depth (the run may open under a
                # paragraph "a) ...:", at the outer level).
                prev = out[-1].data
                depth = prev.get("depth", 0) + (0 if prev.get("mark") == "+" else 1)
            data = dict(b.data)
            data["mark"] = mark
            if depth:
                data["depth"] = depth
            out.append(Block("list_item", _ITEM.sub("", b.text, count=1), b.lines, data=data))
            continue
        text = b.text
        if text.lstrip().startswith("#"):
            # A Markdown heading with no numbering: a heading at the outermost level in use.
            title = _strip(text)
            if title and len(title) < 200 and title[-1:] not in ".;:!?" and i not in cands:
                top = min(level_of.values(), default=base)
                level = top + 1 if "part" in level_of else top
                out.append(Block("heading", title, b.lines, level=min(level, MAX_LEVEL), data=b.data))
                continue
            text = re.sub(r"^#{1,6}\s*", "", text.strip())
        if i in cands:
            b.data["numbered"] = cands[i].label
        out.append(Block("paragraph", text, b.lines, data=b.data))
    return out


def _article_groups(blocks: list[Block], cands: dict[int, Candidate]) -> dict[int, Candidate]:
    """Roman-numbered titles in capitals that group a legal text's articles, by block index.

    A Party regulation may group its articles under ``I- QUY ĐỊNH CHUNG``,
    ``II- ...`` where a State one writes ``Chương I``: such a line, a heading
    candidate whose title is in capitals and whose next block is an article
    (``Điều 1.``), is a heading one level above the articles (Hướng dẫn
    36-HD/VPTW: the parts of a text are numbered I, II; NĐ 30/2020/NĐ-CP
    Phụ lục I §IV: a group title of articles is a heading).  A roman line
    inside an article (``Điều 1.`` then ``I. QUAN ĐIỂM``) groups no article
    and stays a paragraph.  Returns ``{}`` when no such line exists.
    """
    found: dict[int, Candidate] = {}
    for i, c in cands.items():
        if c.scheme != "roman" or not c.ok or not c.title or not is_upper_text(c.title):
            continue
        nxt = cands.get(i + 1)
        if nxt is not None and nxt.scheme == "article" and i + 1 < len(blocks) and blocks[i + 1].kind == "paragraph":
            found[i] = c
    return found


def _continues_lower(blocks: list[Block], i: int) -> bool:
    """The block after ``i`` carries on ``i``'s sentence in lower case (a cut line, not a title)."""
    if i + 1 >= len(blocks) or blocks[i + 1].kind != "paragraph":
        return False
    nxt = blocks[i + 1].text
    return ends_open(blocks[i].text) and _lower_start(nxt) and numbering(_strip(nxt)) is None


def _siblings(blocks: list[Block], cands: dict[int, Candidate], heads: dict[int, Candidate]) -> None:
    """Take a long or run-in numbered line as a heading when it sits in a run of sibling headings.

    ``1.5.`` and ``1.7.`` are headings, ``1.6.`` between them is a numbered
    line not closed like a sentence and only too long: it is the sixth title
    of the run (issue [6/6] §4); so is a title closed by a colon between its
    two siblings (``a)`` and ``c)`` headings, ``b) Đối với các hội:``).
    Siblings share scheme and parent label and
    number consecutively; the run ends at a heading of a shallower scheme.
    An item led by its bold label and title with its text run in after it
    (``**1. Phạm vi:** Toàn bộ ...``) is a heading next to a sibling heading,
    before or after it, the run growing item by item; its text becomes the
    paragraph under it.
    """
    rank = {s: k for k, s in enumerate(SCHEME_ORDER)}
    idx = sorted(heads)
    for i, c in cands.items():
        if not (c.long or c.colon) or c.scheme not in rank or i in heads:
            continue
        n = _ordinal(c.scheme, c.label)
        if n is None:
            continue
        before, after = _neighbours(i, c, idx, heads, rank)
        fits = _fits(c, n, before, after)
        if all(fits) or (c.long and fits[0] and after is None and before is not None and n > 2):
            heads[i] = c
    run_ins = {}
    for i, c in cands.items():
        if c.scheme in rank and i not in heads and not c.long and _ordinal(c.scheme, c.label) is not None:
            if _has_leaders(blocks[i].text):
                continue  # a form's field and its dots to fill in ("**1. Tên hiện vật:** ……"), no title
            split = _bold_run_in(blocks[i].text)
            if split and split[1].lstrip("*_ ")[:1] == "(":
                split = None  # a hint on the title ("** *(viết chữ in hoa)*:"), no text run in
            if split:
                run_ins[i] = Candidate(c.scheme, c.label, split[0], True, run_in=split[1])
    changed = True
    while changed and run_ins:
        changed = False
        idx = sorted(heads)
        # Forward then backward: a run grows from its heading either way in one pass.
        for i, c in sorted(run_ins.items()) + sorted(run_ins.items(), reverse=True):
            if i in heads:
                continue
            before, after = _neighbours(i, c, idx, heads, rank)
            if any(_fits(c, _ordinal(c.scheme, c.label), before, after)):
                heads[i] = c
                idx = sorted(heads)
                changed = True


def _empty_sections(blocks: list[Block], cands: dict[int, Candidate], heads: dict[int, Candidate]) -> None:
    """Drop (from ``heads``, in place) a numbered heading whose section would be empty.

    A heading titles the text under it (HD 36-HD/VPTW §2.6); a numbered line
    whose next block is its next sibling (same scheme and parent, the next
    number) as a plain paragraph has none: it is one item of a list whose
    siblings are paragraphs (a form's fields ``1. Đ/c Chủ tịch Hội đồng`` /
    ``2. ...`` / ``3. Các ủy viên: ...``; ``b)`` without its full stop between
    ``a)`` and ``c)`` sentences).  Read from the last block back, so that a run
    of such items ends as paragraphs together.  Part, chapter, section and
    article labels, and a run-in title with its own text, keep their heading.
    """
    for i in sorted(heads, reverse=True):
        h = heads[i]
        if h.scheme in _TITLED or h.scheme == "article" or h.run_in is not None or i + 1 in heads:
            continue
        nxt = cands.get(i + 1)
        if nxt is None or blocks[i + 1].kind != "paragraph" or nxt.scheme != h.scheme:
            continue
        n = _ordinal(h.scheme, h.label)
        if n is not None and _ordinal(nxt.scheme, nxt.label) == n + 1 and _parent(nxt.scheme, nxt.label) == _parent(h.scheme, h.label):
            del heads[i]


def _neighbours(i: int, c: Candidate, idx: list[int], heads: dict[int, Candidate], rank: dict) -> tuple:
    """The nearest headings of ``c``'s scheme before and after block ``i`` within its run."""

    def neighbour(direction: int) -> Candidate | None:
        seq = [j for j in idx if (j < i if direction < 0 else j > i)]
        seq = seq[::-1] if direction < 0 else seq
        for j in seq:
            h = heads[j]
            if rank.get(h.scheme, 99) < rank[c.scheme]:
                return None  # a shallower heading: out of the run
            if h.scheme == c.scheme:
                return h
        return None

    return neighbour(-1), neighbour(1)


def _fits(c: Candidate, n: int, before: Candidate | None, after: Candidate | None) -> list[bool]:
    """Whether the heading before / after is ``c``'s sibling numbered just before / after it."""
    return [
        h is not None and _parent(h.scheme, h.label) == _parent(c.scheme, c.label) and _ordinal(h.scheme, h.label) == n + d
        for h, d in ((before, -1), (after, 1))
    ]


def _bold_run_in(text: str) -> tuple[str, str] | None:
    """``(title, text)`` of a numbered item led by its bold label and title, else ``None``.

    >>> _bold_run_in("**1. Phạm vi:** Toàn bộ các xã, phường.")
    ('Phạm vi:', 'Toàn bộ các xã, phường.')
    >>> _bold_run_in("1. Phạm vi: toàn bộ các xã."), _bold_run_in("**1. Các xã, phường đã được công bố**")
    (None, None)
    """
    t = text.strip()
    if not t.startswith(("**", "__")):
        return None
    head, body = _split_article_text(t, "", "")
    if body[:1] in ":.":
        # The title's colon left outside the bold ("**3. Thời gian**: Từ ..."): it is the title's.
        head, body = head + body[:1], body[1:].strip()
    n = numbering(head) if head else None
    if not n or not body or not n[2] or len(head) > 120 or is_fragment(n[2].rstrip(":")):
        return None
    return n[2], body


def step(state: DocState) -> None:
    """Pipeline step: paragraph blocks -> ``heading`` / ``list_item`` / ``paragraph``.

    Input: ``paragraph`` blocks (other kinds, such as ``table``, pass
    through); output: the same text as headings (``level``, ``label``),
    numbered paragraphs (``data["numbered"]`` = label) and list items
    (``data["depth"]`` 1 for a ``+`` item under a ``-`` item).
    """
    out: list[Block] = []
    for k, section in enumerate(_sections(state.blocks)):
        if k == 0:
            out.extend(_outline(section, 2, state))
            continue
        parts = _forms(section)
        out.extend(_outline(parts[0], 3, state))
        for head, rest in parts[1:]:
            out.append(Block("heading", _strip(head.text), head.lines, level=3, data=head.data))
            out.extend(_outline(rest, 4, state))
    state.blocks = out


#: The label of a form (biểu mẫu) in an annex, alone on its line or before the form's name:
#: "Mẫu số 04", "Mẫu số 01: Đề xuất kế hoạch kiểm tra", "Mẫu số 08 - Phụ lục I", "Mẫu 1.1".
_FORM_LABEL = re.compile(r"^Mẫu\s+(?:số\s*)?\d{1,3}(?:\.\d{1,2})*[a-zđ]?(?:\s*(?:[.:\-–]\s*)?[^\s.:\-–].*)?$")


def _forms(section: list[Block]) -> list:
    """An attached document cut at its forms: ``[blocks before the first form, (label block, form blocks), ...]``.

    A Thông tư or a Quy chế attaches its forms after its text, each opened by
    its label (``Mẫu số 01``, NĐ 30/2020/NĐ-CP Phụ lục III: each form is
    numbered ``Mẫu 1.1``...).  A form is a document of its own (its Quốc
    hiệu, type, ``Điều 1.`` ...): its label is a heading one level below the
    attachment's title and the form is outlined below it, so that its parts
    nest under the form and not under the last article before it.  A label
    line is short (under 150 characters) and not closed like a sentence; a
    mention in running text ("theo Mẫu số 01.") is not one.
    """
    parts: list = [[]]
    for b in section:
        t = _strip(b.text) if b.kind == "paragraph" and not b.data.get("attachment") else ""
        if t and len(t) < 150 and t[-1:] not in ".;,!?" and _FORM_LABEL.match(t):
            parts.append((b, []))
        elif len(parts) == 1:
            parts[0].append(b)
        else:
            parts[-1][1].append(b)
    return parts
