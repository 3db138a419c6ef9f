"""The layout stage (``converters/steps/layout/``): per-family cases and its invariants.

Cases are in ``tests/cases/layout.yml`` (families 10, 11, 15 of ``raw-artifacts.md``),
including texts that must stay unchanged; the samples' golden pages are in
``test_golden.py``.
"""

from __future__ import annotations

import pathlib
import re

import pytest
import yaml

from converters import convert
from converters.frontmatter import split_front_matter
from converters.model import DocState
from converters.steps import layout, normalize
from converters.steps.layout import addressee, cell_rules, common, webtext, wraps
from converters.lexicon.syllables import split_glued_caps

from .first_chars import first_chars

HERE = pathlib.Path(__file__).parent
CASES = yaml.safe_load((HERE / "cases" / "layout.yml").read_text("utf-8"))
SAMPLES = sorted((HERE.parent / "raw").rglob("*.txt"))


def _layout(text: str) -> DocState:
    state = DocState(source="case.txt", text=text)
    normalize.step(state)
    layout.step(state)
    return state


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_case(case):
    state = _layout(case["input"])
    info = state.env["layout"]
    if "text" in case:
        assert state.text == case["text"], f"\n{state.text}"
    if case.get("unchanged"):
        assert state.text == normalize.normalize(case["input"])[0]
    if "tables" in case:
        assert [t["kind"] for t in info["tables"]] == case["tables"]
    if "rows" in case:
        data = next(t for t in info["tables"] if t["kind"] == "data")
        assert [[" ".join(cell) for cell in row] for row in data["rows"]] == case["rows"]
    if "removed" in case:
        assert sum(r["lines"] for r in info["removed"]) == case["removed"]
        assert any("trang web" in w for w in state.warnings) == bool(case["removed"])
    if "evidence" in case:
        assert info["evidence"] == case["evidence"]
    if "meta" in case:
        meta, _ = split_front_matter(convert(case["input"], "case.txt").markdown)
        for key, value in case["meta"].items():
            assert meta.get(key) == value, f"{key}: {meta.get(key)!r}"


_WORD = re.compile(r"\w+")


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_no_word_lost(case):
    """Every word of the input is in the new text or in the removed web-page text.

    Words are compared as a multiset over the concatenation (a word cut in two
    by a break is one word afterwards, so its pieces are compared joined).
    """
    state = _layout(case["input"])
    kept = "".join(_WORD.findall(state.text))
    removed = "".join(_WORD.findall("".join(r["text"] for r in state.env["layout"]["removed"])))
    source = "".join(_WORD.findall(normalize.normalize(case["input"])[0]))
    assert sorted(kept + removed) == sorted(source)


@pytest.mark.parametrize("raw", SAMPLES, ids=lambda p: p.stem)
def test_samples_unchanged(raw):
    """The five samples are neither hard-wrapped nor cell-laid-out: layout leaves them alone.

    Except for glued upper-case syllables, which get their space back (``BAN CÁNSỰ ĐẢNG`` in
    the 2018 Kiên Giang report): the line structure stays.
    """
    text = normalize.normalize(raw.read_text("utf-8"))[0]
    state = _layout(raw.read_text("utf-8"))
    assert state.text == split_glued_caps(text)
    assert state.env["layout"]["line_map"] == list(range(1, text.count("\n") + 2))


def test_line_map_names_source_lines():
    """Block spans after layout still name lines of the raw file (``segment`` maps them)."""
    raw = CASES[0]["input"]
    page = convert(raw + "\nKẾ HOẠCH\nTriển khai công tác năm 2026\n\nNội dung kế hoạch.\n", "case.txt")
    assert page.meta["number"] == "12/KH-UBND"
    state = _layout(raw)
    line_map = state.env["layout"]["line_map"]
    lines = raw.split("\n")
    for new, src in zip(state.text.split("\n"), line_map):
        if _WORD.search(new):
            # The first words of each logical line are on the source line it maps to.
            first = _WORD.findall(new)[0]
            assert first in lines[src - 1], (new, lines[src - 1])


@pytest.mark.parametrize("label", [c["label"] for c in CASES if "fused" in c["label"]])
def test_line_map_of_fused_rows(label):
    """Cells cut out of one fused row (``CHÍNH PHỦ------- | CỘNG HÒA ... |``) map to that row's line."""
    raw = next(c for c in CASES if c["label"] == label)["input"]
    state = _layout(raw)
    line_map = state.env["layout"]["line_map"]
    lines = normalize.normalize(raw)[0].split("\n")
    assert len(line_map) == len(state.text.split("\n"))
    for new, src in zip(state.text.split("\n"), line_map):
        for word in _WORD.findall(new)[:3]:
            assert word in lines[src - 1], (new, lines[src - 1])


@pytest.mark.parametrize("line, expected", [
    # Word's formatting runs cut inside a word of a header, a signature, body text (corpus exports)
    ("**BỘ C****ÔNG THƯƠNG**", "**BỘ CÔNG THƯƠNG**"),
    ("**KT. CH****Ủ TỊCH**", "**KT. CHỦ TỊCH**"),
    ("**GIÁM Đ****Ố****C**", "**GIÁM ĐỐC**"),
    ("**Quy ****định quy định chi tiết v****à hư****ớng dẫn thi h****ành**",
     "**Quy ****định quy định chi tiết và hướng dẫn thi hành**"),
    ("**Biển ki****ể****m soát**", "**Biển kiểm soát**"),
    # between two words, beside a digit or a space the marks stay; a plain space is never joined
    ("**Bộ****Bộ Xây dựng**", "**Bộ****Bộ Xây dựng**"),
    ("**I. CÔNG TÁC****1. Công tác**", "**I. CÔNG TÁC****1. Công tác**"),
    ("**Số hồ sơ** **TTHC**", "**Số hồ sơ** **TTHC**"),
    ("**CÔNG****TÁC**", "**CÔNG****TÁC**"),
    ("BỘ C ÔNG THƯƠNG; Đảng ủy T Ư; V/v; đ/c Hân; ông Lê A", "BỘ C ÔNG THƯƠNG; Đảng ủy T Ư; V/v; đ/c Hân; ông Lê A"),
])
def test_marks_inside_a_word_are_dropped_only_when_the_pieces_make_one_syllable(line, expected):
    assert layout.mend_words(line) == expected


def test_marks_and_blanks_are_what_backslash_s_matches_and_the_marks():
    """``_MARKS_AND_BLANKS`` (what the first-character prefilters strip) is ``*_#`` and exactly
    what ``\\s`` matches: what ``_bare`` and the regexes' leading runs pass over."""
    import sys

    space = re.compile(r"\s")
    blanks = {chr(c) for c in range(sys.maxunicode + 1) if space.match(chr(c))}
    assert set(common._MARKS_AND_BLANKS) == blanks | set("*_#")


def test_cell_label_is_the_five_labels():
    """``_CELL_LABEL`` matches where one of the five label patterns it joins matches, flags kept."""
    five = (common._ITEM, common._AUTHORITY, common._RECIPIENTS, common._FOOTNOTE_DEF, common._VV)
    lines = ["- a", "+ b", "**- c", "tm. UBND", "TM. UBND", "K/T CHỦ TỊCH", "nơi nhận:", "**Nơi nhận**:",
             "[1] Ghi chú", "*[12]", "v/v báo cáo", "V/V", "Vv", "a) điểm", "Số: 1", "-a", "TUQ.x", "[1234]"]
    for line in lines:
        assert bool(wraps._CELL_LABEL.match(line)) == any(p.match(line) for p in five), line


#: Each first-character prefilter of the layout step: (the regex it guards, its set of first
#: characters, what the code strips before taking the first character).  ``_bare`` keeps a line's
#: first letter first past marks and blanks, so a regex tried on ``_bare(line)`` skips nothing.
PREFILTERS = [
    ("webtext._END_MATTER", webtext._END_MATTER, webtext._END_MATTER_FIRST, common._MARKS_AND_BLANKS),
    ("webtext._EN_SELF_TITLE", webtext._EN_SELF_TITLE, webtext._EN_TITLE_FIRST, "*_ "),  # raw.lstrip("*_ ")
    ("addressee._KINH_GUI", common._KINH_GUI, addressee._K_FIRST, common._MARKS_AND_BLANKS),
    ("cell_rules._ATTACHED", cell_rules._ATTACHED, cell_rules._ATTACHED_FIRST, common._MARKS_AND_BLANKS),
    ("cell_rules._PART_LABEL", cell_rules._PART_LABEL, cell_rules._PART_FIRST, common._MARKS_AND_BLANKS),
]


@pytest.mark.parametrize("name, regex, first, stripped", PREFILTERS, ids=[p[0] for p in PREFILTERS])
def test_each_prefilter_is_its_regexs_first_characters(name, regex, first, stripped):
    """A prefilter set is exactly what its regex's first letter may be (case-folded as the regex
    folds): a regex changed without its set fails here (``tests/first_chars.py`` reads the regex).
    What the regex may pass over before that letter is stripped by the code too, and no first
    letter is stripped."""
    skipped, letters = first_chars(regex)
    assert letters == first, f"{name}: set it to {''.join(sorted(letters))!r}"
    assert skipped <= set(stripped) and not letters & set(stripped), name


def test_the_self_title_prefilter_is_its_regexs_first_characters():
    """``_SELF_TITLE_FIRST`` is built from the same type words as ``_SELF_TITLE``: it matches
    exactly the characters the regex's first letter may be."""
    _, letters = first_chars(webtext._SELF_TITLE)
    assert {c for c in letters if webtext._may_self_title(c)} == letters
    assert all(not webtext._may_self_title(c) for c in "0123456789ZzWw" if c not in letters)


def test_a_prefilter_left_behind_by_its_regex_is_caught():
    """The check above fails for a regex given one more word, and for one whose run of marks grew."""
    grown = re.compile(cell_rules._ATTACHED.pattern.replace("BIỂU", "BIỂU|ẢNH\\s+CHỤP"))
    assert first_chars(grown)[1] - cell_rules._ATTACHED_FIRST == {"Ả"}
    authority = re.compile(common._AUTHORITY.pattern.replace("PP\\.", "PP\\.|UQ\\."), re.IGNORECASE)
    assert {"U", "u"} <= first_chars(authority)[1] - webtext._END_MATTER_FIRST
    marks = re.compile(cell_rules._PART_LABEL.pattern.replace("^", "^[~]*", 1))
    assert first_chars(marks)[0] == {"~"}