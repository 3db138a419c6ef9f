"""Made-up documents of rare genres and layouts (``tests/cases/genres.yml``) and what their page shows."""

from __future__ import annotations

import pytest

from . import casefiles

CASES = casefiles.load("genres.yml")


@pytest.mark.parametrize("case", CASES, ids=casefiles.ids(CASES))
def test_case(case):
    casefiles.check(case)
