"""Resolution over the table of name forms (tests/fixtures/name_forms.tsv), on both engines."""

import csv
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

import benchmarks.name_table
from benchmarks.name_table import NamedInData, table
from prosopo import queries
from prosopo.errors import NotFound
from prosopo.resolve import resolve_person, search_persons

TABLE = Path(__file__).parent / "fixtures" / "name_forms.tsv"


def rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_the_table_covers_every_scheme_and_is_current() -> None:
    kinds = {r["kind"] for r in rows()}
    assert len(rows()) >= 200
    assert {
        "source",
        "ocr",
        "alias",
        "hangul",
        "mr-from-hangul",
        "rr-from-hangul",
        "no-apostrophes",
        "given-joined",
        "western-surname",
        "north-korean-surname",
        "near-miss",
        "must-not-resolve",
        "shared",
    } <= kinds
    assert TABLE.read_text(encoding="utf-8") == table(), "run benchmarks/name_table.py"


def names_of_no_one() -> list[str]:
    return [r["form"] for r in rows() if r["kind"] == "must-not-resolve"]


def test_names_of_no_one_never_resolve(repo_session: Session) -> None:
    assert len(names_of_no_one()) >= 20
    assert {"Chang Song-t'aek", "Kim Yo-jong", "Ch'oe Ryong-hae"} <= set(names_of_no_one())
    assert all(r["person"] == "" for r in rows() if r["kind"] == "must-not-resolve")
    guessed = []
    for form in names_of_no_one():
        try:
            resolution = resolve_person(repo_session, form)
        except NotFound:
            continue
        if resolution.resolved or resolution.person is not None:
            best = resolution.candidates[0]
            guessed.append(f"{form!r} -> {resolution.person and resolution.person.id} ({best.how})")
    assert not guessed, (
        f"names the table gives to no person resolve to one: {'; '.join(guessed)}. Either "
        "resolution guessed, or the person has since been added to data/persons.yaml, and then "
        "the name must come out of MUST_NOT_RESOLVE in benchmarks/name_table.py (and the table "
        "be made again)"
    )


def test_a_name_two_persons_bear_names_neither(repo_session: Session) -> None:
    shared = [r["form"] for r in rows() if r["kind"] == "shared"]
    assert "최창석" in shared  # Ch'oe Ch'ang-sok's name, and a birth name of Ch'oe Ch'ang-ik
    chosen = {f: resolve_person(repo_session, f).person for f in shared}
    assert {f: p.id for f, p in chosen.items() if p is not None} == {}
    candidates = {c.person.id for c in resolve_person(repo_session, "최창석").candidates}
    assert {"choe-chang-ik", "choe-chang-sok"} <= candidates


def test_a_name_of_no_one_that_a_person_bears_stops_the_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    named = [*benchmarks.name_table.MUST_NOT_RESOLVE, ("Kim Il-song", "")]
    monkeypatch.setattr(benchmarks.name_table, "MUST_NOT_RESOLVE", named)
    with pytest.raises(NamedInData, match="'Kim Il-song' .* a name of kim-il-sung"):
        table()


def test_resolution_never_names_the_wrong_person(repo_session: Session) -> None:
    wrong = []
    for row in rows():
        if row["kind"] in ("must-not-resolve", "shared"):
            continue
        person = resolve_person(repo_session, row["form"]).person
        if person is not None and person.id != row["person"]:
            wrong.append((row["form"], row["kind"], row["person"], person.id))
    assert wrong == []


def test_top_1_accuracy(repo_session: Session) -> None:
    misses = []
    for row in rows():
        if row["kind"] in ("must-not-resolve", "shared"):
            continue  # search still lists candidates for them; resolve must not pick one
        try:
            best = search_persons(repo_session, row["form"], limit=3)[0].person.id
        except NotFound:
            best = None
        if best != row["person"]:
            misses.append((row["form"], row["kind"], row["person"], best))
    assert [m for m in misses if m[1] == "near-miss"] == []
    assert len(misses) <= (len(rows()) - len(names_of_no_one())) // 50, misses  # 98% right


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("Aleksei Ivanovich Hegai", "ho-ka-i"),  # a Soviet Korean's Russian name
        ("Алексей Иванович Хегай", "ho-ka-i"),  # in Cyrillic
        ("Yakov Petrovich Nam", "nam-il"),
        ("Kim Song-ju", "kim-il-sung"),  # a birth name
        ("Kodang", "cho-man-sik"),  # a pen name
        ("Choi Yong-kun", "choe-yong-gon"),  # the Western press
    ],
)
def test_names_readers_bring_from_other_sources_find_their_man(
    repo_session: Session, name: str, person: str
) -> None:
    found = resolve_person(repo_session, name)
    assert found.resolved and found.person is not None and found.person.id == person
    # each such form is cited to the reference that gives it, never editorial
    (form,) = [n for n in queries.career(repo_session, person).names if n.form == name]
    assert not form.editorial and form.citations
