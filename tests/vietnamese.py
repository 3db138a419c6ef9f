"""Is a message for office staff Vietnamese?  (Help texts, converter warnings.)

A message may quote the document (its words are Vietnamese anyway), name files, options,
codes and programs (``mkdocs.yml``, ``--strict``, ``MkDocs``); what it must not hold is
English prose.  :func:`english_words` removes the quoted and technical parts and returns
the common English words left; a Vietnamese message has none and has Vietnamese letters.
"""

from __future__ import annotations

import re

#: Common English words of messages and help texts (and of argparse's own boilerplate);
#: none is also a Vietnamese word written without marks ("in" is "print", "a" is left out).
ENGLISH = frozenset("""
an the and or of to on at for from with without by as is are was were be been not no
this that these those it its has have had but if when then than which who what where there
file files folder page pages show shows write writes read here instead default found unknown
never defined referenced twice line lines missing empty text only also any every each one
usage options positional arguments optional help message exit show site report
reports document documents warning warnings error errors number date type subject province
unresolved short citation footnote heading table signature could cannot can may should must
""".split())

_TECHNICAL = re.compile(
    r"`[^`]*`|«[^»]*»|\"[^\"]*\"|“[^”]*”|'[^'\s][^']*'"  # quoted
    r"|\S*[/\\]\S*|\S+\.[A-Za-z]\w*"                  # paths, file names, dotted names
    r"|(?<!\w)--?[\w][\w-]*"                              # options
    r"|\b[A-Z][A-Z0-9_]+\b"                               # codes, metavars
    r"|\bbaocao(?: [a-z]+)?"                              # the commands
)
_VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]", re.I)


def english_words(text: str) -> list[str]:
    """English words of ``text`` outside quotes, paths, options and codes.

    >>> english_words("footnote 9 is defined but never referenced (line 97)")
    ['footnote', 'is', 'defined', 'but', 'never', 'referenced', 'line']
    >>> english_words("chú thích 9 có nội dung nhưng trong bài không có dấu (dòng 97); xem `mkdocs.yml`, --strict")
    []
    """
    words = re.findall(r"[^\W\d]+", _TECHNICAL.sub(" ", text))  # whole words: "hoạch" is not "ho" + "ch"
    return [w for w in words if w.isascii() and w.lower() in ENGLISH]


def is_vietnamese(text: str) -> bool:
    """True when ``text`` has Vietnamese letters and no English word outside quotes and names."""
    return bool(_VIETNAMESE.search(text)) and not english_words(text)
