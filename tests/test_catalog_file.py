"""catalog.json records in parts (converters/site/catalog_file.py): the runs of mentions of a
record cited many times are copied from the old file, and the file is still a cold build's.

The threshold ``PARTS_MIN`` (64 mentions) is lowered here so the five samples have such records.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from converters.site import catalog as catalog_mod
from converters.site import catalog_file
from converters.site import generate as site

from .test_incremental import ADDED, EDITED, REMOVED, cold_docs, tree


@pytest.fixture
def parted(generated_project, monkeypatch):
    """The samples' project with every record cited twice or more given in parts, built once so."""
    monkeypatch.setattr(site, "PARTS_MIN", 2)
    (generated_project / "docs" / "catalog.json").write_text("{}\n", "utf-8")  # every record built again, in parts
    site.generate(str(generated_project))
    return generated_project


def _maps(project: Path) -> list[Path]:
    return sorted((project / ".cache").rglob("state/catalog-*.d/*.json"))


def _counting(monkeypatch) -> dict[str, int]:
    """Count the runs reused and dumped by every MentionMaps.build, and the mentions dumped."""
    counts = {"reused": 0, "dumped": 0, "mentions": 0}
    real_build = catalog_file.MentionMaps.build

    def build(self, *a, **k):
        before = (self.reused, self.dumped)
        out = real_build(self, *a, **k)
        counts["reused"] += self.reused - before[0]
        counts["dumped"] += self.dumped - before[1]
        return out
    monkeypatch.setattr(catalog_file.MentionMaps, "build", build)
    real_mention = catalog_mod.mention_record
    monkeypatch.setattr(site, "mention_record", lambda m, u: counts.__setitem__("mentions", counts["mentions"] + 1)
                        or real_mention(m, u))
    return counts


def test_records_in_parts_have_the_bytes_of_json_dumps(parted, tmp_path):
    """The records built in parts (head, runs, ``]}``) are byte for byte ``json.dumps`` of the
    record: the file equals a cold build's (no cache, every record dumped whole), maps are kept."""
    assert tree(parted / "docs") == cold_docs(parted, tmp_path)
    assert _maps(parted)
    data = json.loads((parted / "docs" / "catalog.json").read_text("utf-8"))
    assert max(len(d["cited_by"]) for d in data["documents"]) >= 2


def test_an_edit_dumps_only_the_runs_of_the_edited_report(parted, tmp_path, monkeypatch):
    """After an edit adding citations of a document cited by others, its record is rebuilt from
    the runs of the old record (one per citing report) and the edited report's run alone is dumped."""
    counts = _counting(monkeypatch)
    path = parted / EDITED
    path.write_text(path.read_text("utf-8") + ADDED, "utf-8")
    site.generate(str(parted))
    assert counts["reused"] > 0 and counts["dumped"] > 0
    assert counts["reused"] > counts["dumped"]
    assert tree(parted / "docs") == cold_docs(parted, tmp_path)


def test_many_changes_with_records_in_parts_give_the_cold_build_docs(parted, tmp_path):
    """Edits, an addition, a removal and a citation moved to another document, each rebuilt with
    records in parts: catalog.json (and every other file) equals a cold build's after each step."""
    extra = parted / "raw" / "kon-tum" / "zz-them.txt"
    steps = [
        lambda: (parted / EDITED).write_text((parted / EDITED).read_text("utf-8") + ADDED, "utf-8"),
        lambda: shutil.copy(parted / REMOVED, extra),
        lambda: (parted / REMOVED).unlink(),
        lambda: extra.write_text(extra.read_text("utf-8").replace("114-KL/TW", "115-KL/TW"), "utf-8"),
        lambda: (parted / EDITED).write_text((parted / EDITED).read_text("utf-8").replace(ADDED, ""), "utf-8"),
        lambda: extra.unlink(),
    ]
    for step in steps:
        step()
        site.generate(str(parted))
        assert tree(parted / "docs") == cold_docs(parted, tmp_path)


def test_url_style_change_does_not_reuse_runs(parted, tmp_path, monkeypatch):
    """A mention's JSON holds its URL: after a build with the other URL style into the same docs
    directory, no run of the old file is reused and the file is that style's cold build."""
    counts = _counting(monkeypatch)
    site.generate(str(parted), directory_urls=False)
    assert counts["reused"] == 0 and counts["dumped"] > 0
    fresh = tmp_path / "cold-html"
    site.generate(str(parted), docs_dir=str(fresh), cache=False, directory_urls=False)
    assert (parted / "docs" / "catalog.json").read_bytes() == (fresh / "catalog.json").read_bytes()


@pytest.mark.parametrize("damage", ["garbage", "lengths", "foreign key", "deleted"])
def test_damaged_mention_maps_are_not_used(parted, tmp_path, monkeypatch, damage):
    """A mention map that does not describe its record exactly (damaged file, lengths that do not
    add up, a key not in the old file, missing) means its runs are dumped: the same bytes."""
    from converters.site import statefile

    for p in _maps(parted):
        data = statefile.load(str(p))
        if damage == "garbage":
            p.write_text("{not json", "utf-8")
        elif damage == "lengths":
            data["runs"][0][1] += 1
            statefile.save(str(p), data)
        elif damage == "foreign key":
            data["key"] = "0" * 64
            statefile.save(str(p), data)
        else:
            p.unlink()
    counts = _counting(monkeypatch)
    path = parted / EDITED
    path.write_text(path.read_text("utf-8") + ADDED, "utf-8")
    site.generate(str(parted))
    assert counts["reused"] == 0 and counts["dumped"] > 0
    assert tree(parted / "docs") == cold_docs(parted, tmp_path)


def test_maps_of_records_no_longer_in_parts_are_deleted(parted, monkeypatch):
    """Maps follow the records in parts: with the threshold raised past every record, the next
    build that writes catalog.json leaves none."""
    assert _maps(parted)
    monkeypatch.setattr(site, "PARTS_MIN", 10**6)
    path = parted / EDITED
    path.write_text(path.read_text("utf-8") + ADDED, "utf-8")
    site.generate(str(parted))
    assert _maps(parted) == []


def test_write_pieces_is_write_if_changed_of_the_joined_bytes(tmp_path):
    """write_pieces writes the pieces joined, and nothing when the file (or the old bytes the layout
    vouched for) holds them already."""
    path = tmp_path / "catalog.json"
    pieces = catalog_file.CatalogPieces([b"{\n", b'"a": 1', b"\n}\n"])
    assert catalog_file.write_pieces(str(path), pieces) and path.read_bytes() == b'{\n"a": 1\n}\n'
    mtime = path.stat().st_mtime_ns
    assert not catalog_file.write_pieces(str(path), pieces) and path.stat().st_mtime_ns == mtime
    pieces.old = path.read_bytes()
    assert pieces.same_as_old() and not catalog_file.write_pieces(str(path), pieces)
    other = catalog_file.CatalogPieces([b"{\n", b'"a": 2', b"\n}\n"])
    other.old = pieces.old
    assert not other.same_as_old() and catalog_file.write_pieces(str(path), other)
    assert path.read_bytes() == b'{\n"a": 2\n}\n'
