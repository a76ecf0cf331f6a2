"""Reading the texts: sha256 checks, the index in data/index/, verification and coverage.

The fixture book (tests/fixtures/sources/book-2005.txt, written for the tests) is always
present; the checks over the real texts run when PROSOPO_SOURCES is set."""

import os
import shutil
from pathlib import Path

import pytest

from prosopo.build.coverage import coverage, proposals
from prosopo.build.load import load_data
from prosopo.build.texts.index import compute_index, read_index
from prosopo.build.texts.sources import SourceMismatch, SourceUnavailable, read_sources
from prosopo.build.verify import person_forms, verify

from .conftest import FIXTURE_DATA, FIXTURE_SOURCES, REPO_DATA
from .test_load import edit

REAL_SOURCES = os.environ.get("PROSOPO_SOURCES")
needs_real_texts = pytest.mark.skipif(
    not REAL_SOURCES, reason="PROSOPO_SOURCES is not set: the source texts are absent"
)


def fixture_texts():  # type: ignore[no-untyped-def]
    return read_sources(FIXTURE_SOURCES, [s.record for s in load_data(FIXTURE_DATA).sources])


def test_texts_are_refused_when_their_sha256_differs(tmp_path: Path) -> None:
    shutil.copy(FIXTURE_SOURCES / "book-2005.txt", tmp_path)
    with (tmp_path / "book-2005.txt").open("a", encoding="utf-8") as f:
        f.write("\nan added line\n")
    records = [s.record for s in load_data(FIXTURE_DATA).sources]
    with pytest.raises(SourceMismatch, match="not the edition the data were curated from"):
        read_sources(tmp_path, records)


def test_missing_texts_say_why() -> None:
    records = [s.record for s in load_data(FIXTURE_DATA).sources]
    with pytest.raises(SourceUnavailable, match="PROSOPO_SOURCES is not set"):
        read_sources(None, records)
    with pytest.raises(SourceUnavailable, match="book-2005.txt is missing"):
        read_sources(FIXTURE_DATA, records)


def _assert_index_is_current(data: Path, sources: Path) -> None:
    ds = load_data(data, with_index=False)
    texts = read_sources(sources, [s.record for s in ds.sources])
    fresh = compute_index(texts, person_forms(ds))
    committed = read_index(data / "index")
    assert committed is not None
    for name, rows in (
        ("passages.tsv", fresh.passages),
        ("mentions.tsv", fresh.mentions),
        ("references.tsv", fresh.references),
    ):
        assert [row for _, row in committed[name]] == rows, f"{name}: run `prosopo reindex`"


def test_the_fixture_index_is_current() -> None:
    _assert_index_is_current(FIXTURE_DATA, FIXTURE_SOURCES)


@needs_real_texts
def test_the_committed_index_is_current() -> None:
    _assert_index_is_current(REPO_DATA, Path(REAL_SOURCES or ""))


def test_the_index_holds_mentions_and_archival_references() -> None:
    ds = load_data(FIXTURE_DATA)
    assert ("kim-il-sung", "4.2.2", "Kim II Sung") in {
        (m.person, m.locator, m.form) for m in ds.mentions
    }
    memo = [r for r in ds.references if r.locator == "4.n2" and r.position == 2]
    assert [(r.issuer, r.document_type, r.date, r.series, r.box, r.folder) for r in memo] == [
        ("Hungarian Foreign Ministry", "Memorandum", "1956-05-04", "KTS", "3", "4/af")
    ]


def test_verify_passes_on_the_fixture() -> None:
    assert verify(load_data(FIXTURE_DATA), fixture_texts()) == []


def test_verify_catches_a_passage_that_does_not_name_the_person(data_copy: Path) -> None:
    line = edit(
        data_copy,
        "assertions/fixture.yaml",
        'during: "1956", cite: ["book-2005:4.2.2"]',
        'during: "1956", cite: ["book-2005:4.1.2"]',
    )
    (failure,) = verify(load_data(data_copy), fixture_texts())
    assert str(failure) == (
        f"data/assertions/fixture.yaml:{line}: book-2005:4.1.2:"
        " the passage does not mention Kim Il (kim-il)"
    )


def test_a_context_citation_need_not_name_the_person(data_copy: Path) -> None:
    # 4.n3 (an archival report) names nobody, but as context it only has to exist
    assert "book-2005:4.n3" in (data_copy / "assertions/fixture.yaml").read_text(encoding="utf-8")
    assert verify(load_data(data_copy), fixture_texts()) == []


def test_an_endnote_supports_the_paragraph_that_cites_it(data_copy: Path) -> None:
    edit(
        data_copy,
        "persons.yaml",
        '{form: Kim Il, scheme: source, cite: ["book-2005:4.2.2"]}',
        '{form: Kim Il, scheme: source, cite: ["book-2005:4.n2"]}',
    )
    # 4.n2 is an archival note, but 4.1.1, which cites it, names Kim Il
    assert verify(load_data(data_copy), fixture_texts()) == []


def test_coverage_lists_persons_missing_names_and_exclusions() -> None:
    report = {(c.source, c.chapter): c for c in coverage(load_data(FIXTURE_DATA), fixture_texts())}
    chapter4 = report[("book-2005", 4)]
    # (with the fixture's official record: Ch'oe Ch'ang-ik's CC seat, Kim Il's vice-premiership
    # and CC seat, Kim Il Sung's premiership in two cabinets)
    assert [(p.person_id, p.assertions) for p in chapter4.persons] == [
        ("choe-chang-ik", 6),
        ("kim-il", 5),
        ("kim-il-sung", 4),
        ("yun-kong-hum", 4),
    ]
    assert [(n.name, n.locators) for n in chapter4.missing] == [("Pak Ui-wan", ["4.2.3"])]
    assert [(n.name, n.reason) for n in chapter4.excluded] == [
        ("Ho Chi", "the first words of Ho Chi Minh's name, not a Korean")
    ]


def test_proposals_point_at_sentences_with_a_post_or_purge_and_a_year() -> None:
    found = proposals(load_data(FIXTURE_DATA), fixture_texts())
    lead = [p for p in found if p.person_id == "yun-kong-hum" and p.locator == "5.0.1"]
    assert len(lead) == 1
    assert lead[0].cited and "1957" in lead[0].cues and "minister of commerce" in lead[0].cues


@needs_real_texts
def test_verify_passes_on_the_real_texts() -> None:
    ds = load_data(REPO_DATA)
    assert verify(ds, read_sources(Path(REAL_SOURCES or ""), [s.record for s in ds.sources])) == []


def test_verify_checks_the_passages_a_note_points_to(data_copy: Path) -> None:
    """A note that sends the reader to a paragraph must name one that exists and that names the
    person (a note on Kim Tu-bong's membership once pointed to 1.3.14 for 1.3.15)."""
    edit(
        data_copy,
        "assertions/fixture.yaml",
        '    during: "1956?"\n',
        '    during: "1956?"\n    note: "the post is named in 4.1.2; compare 4.9.9 and 4.2.1"\n',
    )
    failures = [str(f).split(": ", 1)[1] for f in verify(load_data(data_copy), fixture_texts())]
    assert failures == [
        "note: 4.1.2: the passage does not mention Yun Kong-hum (yun-kong-hum)",
        "note: 4.9.9: no such passage in book-2005",
    ]
