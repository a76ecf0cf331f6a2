"""Archival references parsed from endnotes: short citations written here, and the real notes."""

import os
import re
from datetime import date
from pathlib import Path

import pytest

from prosopo.build.texts.references import ArchivalReference, iso_date, parse_references
from prosopo.build.texts.segment import segment_monograph

SOURCES = os.environ.get("PROSOPO_SOURCES")


def only(note: str) -> ArchivalReference:
    refs = parse_references(note)
    assert len(refs) == 1, refs
    return refs[0]


def test_an_embassy_report() -> None:
    note = "Hungarian Embassy to the DPRK, Report, 1 March 1956, KTS, 12. doboz, 27/a, 003127/1956."
    assert only(note) == ArchivalReference(
        issuer="Hungarian Embassy to the DPRK",
        document_type="Report",
        date_text="1 March 1956",
        date="1956-03-01",
        series="KTS",
        year=None,
        box=12,
        folder="27/a",
        file_number="003127/1956",
        raw=note.rstrip("."),
    )


def test_a_ministry_memorandum() -> None:
    ref = only(
        "Hungarian Foreign Ministry, Memorandum, 17 June 1961, KTS, 3. doboz, 4/af, 003159/6/1961."
    )
    assert (ref.issuer, ref.document_type, ref.date) == (
        "Hungarian Foreign Ministry",
        "Memorandum",
        "1961-06-17",
    )
    assert (ref.series, ref.box, ref.folder, ref.file_number) == ("KTS", 3, "4/af", "003159/6/1961")


def test_two_references_with_en_dashes() -> None:
    refs = parse_references(
        "Hungarian Embassy to the DPRK, Report, 20 March 1964, KTS, 13. doboz, 27/a,"
        " 001775/1/1964; Hungarian Embassy to the DPRK, Report, 5 September 1964, KA, 5. doboz,"
        " 5/i, 2/25/14–1/1964."
    )
    assert [(r.date, r.series, r.file_number) for r in refs] == [
        ("1964-03-20", "KTS", "001775/1/1964"),
        ("1964-09-05", "KA", "2/25/14–1/1964"),
    ]


def test_the_year_element_of_later_records() -> None:
    ref = only(
        "Hungarian Embassy to the DRV, Report, 14 May 1965, VTS, 1965, 108. doboz, 001330/55/1965"
    )
    assert (ref.series, ref.year, ref.box, ref.folder, ref.file_number) == (
        "VTS",
        1965,
        108,
        None,
        "001330/55/1965",
    )
    ref = only(
        "Hungarian Foreign Ministry, Memorandum, 2 November 1965, KTS, 1965, 73. doboz, IV–130,"
        " 005834/1965."
    )
    assert (ref.year, ref.box, ref.folder) == (1965, 73, "IV–130")


def test_dates_at_lower_precision() -> None:
    assert only("Hungarian Board of Trade, Study, October 1959, KA, 3. doboz, 5/a, 001/114/2/1959.")
    ref = only(
        "Branch Office of the Hungarian Ministry of Foreign Trade in P'yongyang, Annual Report,"
        " 1963, KTS, 11. doboz, 24/b, 002086/1963."
    )
    assert (ref.issuer, ref.document_type, ref.date_text, ref.date) == (
        "Branch Office of the Hungarian Ministry of Foreign Trade in P'yongyang",
        "Annual Report",
        "1963",
        "1963",
    )
    assert iso_date(None, "October", "1959") == "1959-10"
    assert iso_date("31", "June", "1956") is None


def test_an_impossible_day_keeps_the_text_but_has_no_date() -> None:
    ref = only(
        "Hungarian Embassy to the PRC, Report, 31 June 1956, CTS, 7. doboz, 5/c, 005813/1956."
    )
    assert (ref.date_text, ref.date) == ("31 June 1956", None)


def test_no_reference_number() -> None:
    for note, folder in (
        (
            "Hungarian Embassy to the DPRK, Report, 14 May 1959, KA, 3. doboz, 4/bc (no reference"
            " number)/1959.",
            "4/bc",
        ),
        (
            "Hungarian Embassy to the DPRK, Report, 14 May 1959, KA, 3. doboz, 4/bc, (no reference"
            " number)/ 1959.",
            "4/bc",
        ),
        (
            "Hungarian Foreign Ministry, Memorandum, January 1954, KA, 4. doboz,"
            " 5/ca ((no reference number)/1954.",
            "5/ca",
        ),
    ):
        ref = only(note)
        assert (ref.folder, ref.file_number) == (folder, None)
        assert ref.raw.endswith("number)/1959") or ref.raw.endswith(("/ 1959", "/1954"))


def test_conversion_damage() -> None:
    ref = only(
        "Hungarian Embassy to the DPRK, Report, 4 June 1959, KTS, 5. doboz. 5/ca. 003047/1/1959."
    )
    assert (ref.box, ref.folder, ref.file_number) == (5, "5/ca", "003047/1/1959")
    ref = only(
        "Hungarian Embassy to the DPRK, Report, 20 March 1964, KTS, 13. Doboz, 27/a,"
        " 001775/1–2/1964."
    )
    assert (ref.box, ref.file_number) == (13, "001775/1–2/1964")
    ref = only(
        "Hungarian Embassy to the DPRK, Report, 1 December 1961, KTS, 13. doboz, 27/f. 002285/1962."
    )
    assert (ref.folder, ref.file_number) == ("27/f", "002285/1962")
    # the box left out, and a registration number without its year
    ref = only("Hungarian Embassy to the PRC, Report, 2 June 1962, CA, 18/i, 005845/1962")
    assert (ref.series, ref.box, ref.folder) == ("CA", None, "18/i")
    ref = only(
        "Hungarian Embassy to the DPRK, Report, 23 December 1954, KTS, 6. doboz, 5/cb, 001139"
    )
    assert (ref.folder, ref.file_number) == ("5/cb", "001139")


def test_extra_elements_before_the_file_number_stay_in_the_folder() -> None:
    ref = only(
        "Hungarian Embassy to the USSR, Report, 7 May 1955, STS, 9. doboz, IV-138/1, 84,"
        " 005294/1955."
    )
    assert (ref.folder, ref.file_number) == ("IV-138/1, 84", "005294/1955")


def test_one_type_for_several_dates() -> None:
    refs = parse_references(
        "Hungarian Embassy to the DPRK, Reports, 16 September 1957, and 10 October 1957, KA,"
        " 9. doboz, 18/g, 004743/1/1957."
    )
    assert [(r.document_type, r.date, r.file_number) for r in refs] == [
        ("Report", "1957-09-16", "004743/1/1957"),
        ("Report", "1957-10-10", "004743/1/1957"),
    ]


def test_books_articles_and_ibid_are_skipped() -> None:
    refs = parse_references(
        'Ibid., 48–49; Lankov, "Kim Il Sung\'s Campaign against the Soviet Faction," 56–58;'
        " Cumings, *The Origins of the Korean War II*, 305–316; Hungarian Embassy to the DPRK,"
        " Annual Report, 1 March 1956, KTS, 4. doboz, 5/a, 003133/1956. See also Suh,"
        " *Kim Il Sung*, 147–154."
    )
    assert [(r.document_type, r.raw[-11:]) for r in refs] == [("Annual Report", "003133/1956")]
    assert parse_references("Ibid.") == []
    assert parse_references("Hamm, Arming the Two Koreas, 67–69.") == []


def test_a_document_without_its_type_is_not_returned() -> None:
    assert (
        parse_references(
            "Hungarian Legation to the DPRK, 10 February 1954, KA, 11. doboz, 24/b, 02830/1954."
        )
        == []
    )


def test_a_reference_between_sentences() -> None:
    refs = parse_references(
        "In 1955 the crop failed. See also Hungarian Embassy to the DPRK, Report, 16 June 1956,"
        " KTS, 10. doboz, 24/b, 005735/1956. The rest of the note is commentary."
    )
    assert [r.raw for r in refs] == [
        "Hungarian Embassy to the DPRK, Report, 16 June 1956, KTS, 10. doboz, 24/b, 005735/1956"
    ]


@pytest.mark.sources
@pytest.mark.skipif(not SOURCES, reason="PROSOPO_SOURCES is not set: the source texts are absent")
def test_the_monographs_notes() -> None:
    text = (Path(SOURCES or "") / "szalontai-2005.txt").read_text(encoding="utf-8")
    notes = [p for p in segment_monograph("szalontai-2005", text) if p.kind == "note"]
    parsed = {p.locator: parse_references(p.text) for p in notes}
    refs = [r for found in parsed.values() for r in found]
    assert len(notes) > 1100 and len(refs) >= 930
    assert sum(len(parsed[p.locator]) for p in notes if p.chapter == 4) >= 120
    for p in notes:
        for r in parsed[p.locator]:
            assert r.raw in p.text and r.issuer and r.document_type
            assert r.series in {"AA", "ATS", "CA", "CTS", "KA", "KTS", "STS", "VA", "VTS"}
    for r in refs:
        assert r.date is not None, r
        assert re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", r.date)
        date.fromisoformat(r.date if len(r.date) == 10 else (r.date + "-01-01")[:10])
        assert 1945 <= int(r.date[:4]) <= 1970
    # 676 of the 678 notes that cite a box: the other two cite a document without its type
    boxed = [p for p in notes if re.search("doboz", p.text, re.IGNORECASE)]
    assert sum(1 for p in boxed if parsed[p.locator]) / len(boxed) >= 0.99
    # 938 of the 941 boxes cited are parsed (the three others lack a document type)
    cited = sum(len(re.findall("doboz", p.text, re.IGNORECASE)) for p in notes)
    assert cited - len({(p.locator, r.raw) for p in notes for r in parsed[p.locator]}) <= 5
