"""The combining marks :func:`~converters.lexicon.slugs.fold` drops, as a JavaScript class body.

The search manifest carries this class (``marks``) so that search.js folds
queries exactly as the Python folded the pages.  It is a function of the
Unicode database only (``unicodedata.combining(c) > 0`` for every code
point), but the scan over all 1.1 million code points costs 0.05 s of CPU (0.3 s
under a profiler) in every build process (issue #14).  So the class of each
Unicode version seen is kept here, in :data:`KNOWN`, by
``unicodedata.unidata_version``; another version (a newer Python) is
scanned, with the same result, just slower.  ``tests/test_search_index.py``
checks that the entry of the running Python equals the scan.

Adding a version: run ``python -m converters.site.unicode_marks`` on that
Python and paste the entry it prints into :data:`KNOWN`.
"""

from __future__ import annotations

import re
import sys
import unicodedata

#: ``{unicodedata.unidata_version: class body}``, each equal to :func:`scan_combining_marks` on that version.
KNOWN: dict[str, str] = {
    "14.0.0": (
        r"\u{300}-\u{34e}\u{350}-\u{36f}\u{483}-\u{487}\u{591}-\u{5bd}\u{5bf}\u{5c1}-\u{5c2}"
        r"\u{5c4}-\u{5c5}\u{5c7}\u{610}-\u{61a}\u{64b}-\u{65f}\u{670}\u{6d6}-\u{6dc}\u{6df}-\u{6e4}"
        r"\u{6e7}-\u{6e8}\u{6ea}-\u{6ed}\u{711}\u{730}-\u{74a}\u{7eb}-\u{7f3}\u{7fd}\u{816}-\u{819}"
        r"\u{81b}-\u{823}\u{825}-\u{827}\u{829}-\u{82d}\u{859}-\u{85b}\u{898}-\u{89f}\u{8ca}-\u{8e1}"
        r"\u{8e3}-\u{8ff}\u{93c}\u{94d}\u{951}-\u{954}\u{9bc}\u{9cd}\u{9fe}\u{a3c}\u{a4d}\u{abc}\u{acd}"
        r"\u{b3c}\u{b4d}\u{bcd}\u{c3c}\u{c4d}\u{c55}-\u{c56}\u{cbc}\u{ccd}\u{d3b}-\u{d3c}\u{d4d}\u{dca}"
        r"\u{e38}-\u{e3a}\u{e48}-\u{e4b}\u{eb8}-\u{eba}\u{ec8}-\u{ecb}\u{f18}-\u{f19}\u{f35}\u{f37}\u{f39}"
        r"\u{f71}-\u{f72}\u{f74}\u{f7a}-\u{f7d}\u{f80}\u{f82}-\u{f84}\u{f86}-\u{f87}\u{fc6}\u{1037}"
        r"\u{1039}-\u{103a}\u{108d}\u{135d}-\u{135f}\u{1714}-\u{1715}\u{1734}\u{17d2}\u{17dd}\u{18a9}"
        r"\u{1939}-\u{193b}\u{1a17}-\u{1a18}\u{1a60}\u{1a75}-\u{1a7c}\u{1a7f}\u{1ab0}-\u{1abd}"
        r"\u{1abf}-\u{1ace}\u{1b34}\u{1b44}\u{1b6b}-\u{1b73}\u{1baa}-\u{1bab}\u{1be6}\u{1bf2}-\u{1bf3}"
        r"\u{1c37}\u{1cd0}-\u{1cd2}\u{1cd4}-\u{1ce0}\u{1ce2}-\u{1ce8}\u{1ced}\u{1cf4}\u{1cf8}-\u{1cf9}"
        r"\u{1dc0}-\u{1dff}\u{20d0}-\u{20dc}\u{20e1}\u{20e5}-\u{20f0}\u{2cef}-\u{2cf1}\u{2d7f}"
        r"\u{2de0}-\u{2dff}\u{302a}-\u{302f}\u{3099}-\u{309a}\u{a66f}\u{a674}-\u{a67d}\u{a69e}-\u{a69f}"
        r"\u{a6f0}-\u{a6f1}\u{a806}\u{a82c}\u{a8c4}\u{a8e0}-\u{a8f1}\u{a92b}-\u{a92d}\u{a953}\u{a9b3}"
        r"\u{a9c0}\u{aab0}\u{aab2}-\u{aab4}\u{aab7}-\u{aab8}\u{aabe}-\u{aabf}\u{aac1}\u{aaf6}\u{abed}"
        r"\u{fb1e}\u{fe20}-\u{fe2f}\u{101fd}\u{102e0}\u{10376}-\u{1037a}\u{10a0d}\u{10a0f}"
        r"\u{10a38}-\u{10a3a}\u{10a3f}\u{10ae5}-\u{10ae6}\u{10d24}-\u{10d27}\u{10eab}-\u{10eac}"
        r"\u{10f46}-\u{10f50}\u{10f82}-\u{10f85}\u{11046}\u{11070}\u{1107f}\u{110b9}-\u{110ba}"
        r"\u{11100}-\u{11102}\u{11133}-\u{11134}\u{11173}\u{111c0}\u{111ca}\u{11235}-\u{11236}"
        r"\u{112e9}-\u{112ea}\u{1133b}-\u{1133c}\u{1134d}\u{11366}-\u{1136c}\u{11370}-\u{11374}\u{11442}"
        r"\u{11446}\u{1145e}\u{114c2}-\u{114c3}\u{115bf}-\u{115c0}\u{1163f}\u{116b6}-\u{116b7}\u{1172b}"
        r"\u{11839}-\u{1183a}\u{1193d}-\u{1193e}\u{11943}\u{119e0}\u{11a34}\u{11a47}\u{11a99}\u{11c3f}"
        r"\u{11d42}\u{11d44}-\u{11d45}\u{11d97}\u{16af0}-\u{16af4}\u{16b30}-\u{16b36}\u{16ff0}-\u{16ff1}"
        r"\u{1bc9e}\u{1d165}-\u{1d169}\u{1d16d}-\u{1d172}\u{1d17b}-\u{1d182}\u{1d185}-\u{1d18b}"
        r"\u{1d1aa}-\u{1d1ad}\u{1d242}-\u{1d244}\u{1e000}-\u{1e006}\u{1e008}-\u{1e018}\u{1e01b}-\u{1e021}"
        r"\u{1e023}-\u{1e024}\u{1e026}-\u{1e02a}\u{1e130}-\u{1e136}\u{1e2ae}\u{1e2ec}-\u{1e2ef}"
        r"\u{1e8d0}-\u{1e8d6}\u{1e944}-\u{1e94a}"
    ),
}


def scan_combining_marks() -> str:
    r"""The class body from a scan of every code point: ranges ``\u{a}-\u{b}`` (hex, lower case) or single ``\u{a}``.

    The reference for :data:`KNOWN`: runs of consecutive code points with
    ``unicodedata.combining(c) > 0``, ascending.
    """
    ranges: list[list[int]] = []
    for cp in range(sys.maxunicode + 1):
        if unicodedata.combining(chr(cp)):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    return "".join(f"\\u{{{a:x}}}" + (f"-\\u{{{b:x}}}" if b > a else "") for a, b in ranges)


def combining_marks_class() -> str:
    """:data:`KNOWN`'s entry for the running Python's Unicode version, else :func:`scan_combining_marks`."""
    known = KNOWN.get(unicodedata.unidata_version)
    return known if known is not None else scan_combining_marks()


def _entry(body: str) -> str:
    """The :data:`KNOWN` source lines of ``body`` for the running Unicode version (lines under 110 characters)."""
    items = re.findall(r"\\u\{[0-9a-f]+\}(?:-\\u\{[0-9a-f]+\})?", body)
    lines, line = [], ""
    for item in items:
        if len(line) + len(item) > 96:
            lines.append(line)
            line = ""
        line += item
    lines.append(line)
    text = "\n".join(f'        r"{line}"' for line in lines)
    return f'    "{unicodedata.unidata_version}": (\n{text}\n    ),'


if __name__ == "__main__":
    print(_entry(scan_combining_marks()))
