"""Normalization fixers: labelled cases, idempotence, and the pipeline step."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from converters.model import DocState
from converters.steps.normalize import FIXERS, normalize, step

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "normalize.yml").read_text("utf-8"))
FIXER = dict(FIXERS)


def apply(name: str, text: str) -> str:
    return normalize(text)[0] if name == "normalize" else FIXER[name](text)


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_case(case):
    assert apply(case["fixer"], case["input"]) == case["expected"]


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_expected_text_is_a_fixed_point(case):
    assert apply(case["fixer"], case["expected"]) == case["expected"]


def test_cases_cover_every_fixer_and_unchanged_text():
    assert {c["fixer"] for c in CASES} >= set(FIXER)
    assert sum(c["input"] == c["expected"] for c in CASES) >= 5


def test_fixer_names_are_unique_and_plain():
    names = [name for name, _ in FIXERS]
    assert len(names) == len(set(names))
    assert all(callable(fn) for _, fn in FIXERS)


# Vietnamese-ish text: letters with decomposed and precomposed tones, markup
# debris, footnote markers, every character some fixer acts on, and any
# Unicode character now and then.
_VI = "aăâeêioôơuưyđAĂÂEÊIOÔƠUƯYĐbcdghklmnpqrstvx"
_SPECIAL = (
    "\r\n\t \x00\x07\x0b\x0c\x1b\x7f\x85\x9d\u00a0\u00ad\u0300\u0301\u0302\u0303\u0309\u0323\u031b"
    "\u2003\u2009\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202a\u202e\u202f\u2060\u2066\u2069\u3000\ufeff\ufffd"
    "*#<>/-.,;:%⁽³⁾"
)
vietnamese_ish = st.text(
    alphabet=st.one_of(st.sampled_from(_VI), st.sampled_from(_SPECIAL), st.characters(codec="utf-8")),
    max_size=200,
)


@pytest.mark.parametrize("name", [name for name, _ in FIXERS])
@settings(max_examples=300, deadline=None)
@given(text=vietnamese_ish)
def test_every_fixer_is_idempotent(name, text):
    once = FIXER[name](text)
    assert FIXER[name](once) == once


@settings(max_examples=300, deadline=None)
@given(text=vietnamese_ish)
def test_normalize_is_idempotent_and_reports_nothing_the_second_time(text):
    once, _ = normalize(text)
    again, trace = normalize(once)
    assert again == once
    assert trace == []


@settings(max_examples=300, deadline=None)
@given(text=vietnamese_ish)
def test_normalize_keeps_every_letter_digit_and_replacement_char(text):
    # Nothing lost: the letters and digits of the input (tones aside) are all
    # still there, in order, and so is every U+FFFD.
    out, _ = normalize(text)

    def base_letters(s: str) -> list[str]:
        return [c for c in unicodedata.normalize("NFD", s) if c.isalnum()]

    assert base_letters(out) == base_letters(text)
    assert out.count("\ufffd") == text.count("\ufffd")


def test_normalize_reports_fixers_in_order():
    text, trace = normalize("\ufeffA\u00a0B \r\n")
    assert text == "A B\n"
    assert trace == ["line_ends", "leading_bom", "unicode_spaces", "trailing_spaces"]


def test_step_traces_fixers_on_the_state():
    state = DocState(source="raw/x.txt", text="Ba\u0301o ca\u0301o\r\n")
    step(state)
    assert state.text == "Báo cáo\n"
    assert state.trace == ["normalize.line_ends", "normalize.nfc"]


def test_samples_are_stable_under_normalize():
    for path in sorted((Path(__file__).resolve().parent.parent / "raw").rglob("*.txt")):
        raw = path.read_text("utf-8")
        once, _ = normalize(raw)
        assert normalize(once) == (once, [])
        assert once.split() == unicodedata.normalize("NFC", raw).split()
