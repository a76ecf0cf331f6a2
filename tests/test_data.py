"""The curated data in data/: clean, buildable, and cited to passages that exist."""

import os
from pathlib import Path

import pytest

from prosopo.build.load import load_data
from prosopo.build.texts.segment import segment_monograph
from prosopo.locators import split_citation

from .conftest import REPO_DATA

SOURCES = os.environ.get("PROSOPO_SOURCES")


def all_citations() -> list[tuple[str, str]]:
    """(where, citation) for every citation in data/."""
    ds = load_data(REPO_DATA)
    found = []
    for group in (ds.organisations, ds.events, ds.memberships, ds.holdings, ds.purges):
        for entry in group:
            found += [(entry.origin(), c) for c in entry.record.cite]
            found += [(entry.origin(), c) for c in getattr(entry.record, "context", [])]
    for person in ds.persons:
        for i, name in enumerate(person.record.names):
            found += [(person.origin("names", i), c) for c in name.cite]
    return found


def test_the_data_files_are_clean() -> None:
    counts = load_data(REPO_DATA).counts()
    assert counts["persons"] >= 30 and counts["holdings"] >= 50 and counts["purges"] >= 50


def test_every_person_has_a_cited_source_spelling() -> None:
    """Every person has a spelling as a source prints it: in Latin letters, or (for a person
    the official record names only in Korean or Chinese script) in hangul or hanja."""
    for person in load_data(REPO_DATA).persons:
        printed = ("source", "hangul", "hanja")
        cited = [n for n in person.record.names if n.scheme in printed and n.cite]
        assert cited, f"{person.origin()}: {person.record.id} has no cited spelling"


@pytest.mark.sources
@pytest.mark.skipif(not SOURCES, reason="PROSOPO_SOURCES is not set: the source texts are absent")
def test_every_monograph_citation_names_a_passage_that_exists() -> None:
    text = (Path(SOURCES or "") / "szalontai-2005.txt").read_text(encoding="utf-8")
    passages = {p.locator for p in segment_monograph("szalontai-2005", text)}
    chapters = {loc.split(".")[0] for loc in passages}
    sections = {loc.rsplit(".", 1)[0] for loc in passages if ".n" not in loc}
    known = passages | sections | chapters
    missing = []
    for where, cite in all_citations():
        source, locator = split_citation(cite)
        if source == "szalontai-2005" and locator not in known:
            missing.append(f"{where}: {cite}")
    assert missing == []
