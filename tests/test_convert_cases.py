"""Per-family cases (``tests/cases/convert.yml``): small raw texts and what their page shows."""

from __future__ import annotations


import pytest

from . import casefiles

CASES = casefiles.load("convert.yml")


@pytest.mark.parametrize("case", CASES, ids=casefiles.ids(CASES))
def test_case(case):
    casefiles.check(case)


