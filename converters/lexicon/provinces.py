"""Which province a report belongs to: from its issuing body, place, or text.

The table (``data/provinces.yml``) lists each province with its seat; names
are matched folded (``slugs.fold``), so tone placement and case don't matter.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from importlib import resources

import yaml

from converters.lexicon.slugs import fold


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], dict[str, str]]:
    """``(folded name or alias -> province, folded seat -> province)``."""
    data = yaml.safe_load(resources.files("converters.lexicon.data").joinpath("provinces.yml").read_text("utf-8"))
    names: dict[str, str] = {}
    seats: dict[str, str] = {}
    for entry in data["provinces"]:
        name = entry["name"]
        names[_key(name)] = name
        for alias in entry.get("aliases", []):
            names[_key(alias)] = name
        seats[_key(entry["capital"])] = name
    return names, seats


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(text)).strip()


def province_names() -> list[str]:
    """All canonical province names, sorted."""
    return sorted(set(_table()[0].values()))


def find_province_in(text: str) -> str | None:
    """The province named at the end of an issuing body or place line.

    ``"TỈNH ỦY KIÊN GIANG"`` -> ``"Kiên Giang"``; a province's seat also counts
    (``"Rạch Giá"`` -> ``"Kiên Giang"``).  ``None`` when nothing matches.

    >>> find_province_in("TỈNH UỶ KON TUM")
    'Kon Tum'
    >>> find_province_in("Rạch Giá") , find_province_in("BAN DÂN VẬN TỈNH ỦY")
    ('Kiên Giang', None)
    """
    names, seats = _table()
    words = _key(text).split()
    # Longest suffix first: "thua thien hue" before "hue".
    for size in range(min(5, len(words)), 0, -1):
        for start in range(len(words) - size, -1, -1):
            cand = " ".join(words[start : start + size])
            if cand in names:
                return names[cand]
    key = " ".join(words)
    return seats.get(key)


_MENTION = re.compile(r"\b(?:tinh uy|tinh|thanh pho|thanh uy) (?=((?:[a-z]+ ){0,3}[a-z]+))")


def infer_province(text: str) -> str | None:
    """The province a text names most as "tỉnh X" / "Tỉnh ủy X"; ``None`` on a tie or none.

    Rule of issue [2/6] §8: a headerless report's province is the one it names
    most; when two are named equally often the text does not make it clear.

    >>> infer_province("tỉnh Bình Thuận ... Tỉnh ủy Bình Thuận ... tỉnh Kon Tum")
    'Bình Thuận'
    """
    names, _ = _table()
    counts: Counter[str] = Counter()
    folded = re.sub(r"[^a-z0-9]+", " ", fold(text))
    for m in _MENTION.finditer(folded):
        words = m.group(1).split()
        for size in range(len(words), 0, -1):
            cand = " ".join(words[:size])
            if cand in names:
                counts[names[cand]] += 1
                break
    if not counts:
        return None
    ranked = counts.most_common(2)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]
