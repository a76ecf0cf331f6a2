"""Who held which post when, over the curated data in data/, on SQLite and PostgreSQL: the
answers a historian would check, and the rules every year answer must keep."""

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from prosopo import offices, queries
from prosopo.models import (
    AssertionScope,
    Organisation,
    Post,
    PurgeEvent,
    PurgeKind,
    Tenure,
    TenureEvidence,
    TenureYear,
)
from prosopo.scope import Scope
from prosopo.tenures import CORPUS_YEARS, Basis

TEXTS = Scope.texts  # what the two texts alone say: the rule's answers without the record


def holder(session: Session, year: int, post: str, scope: Scope = TEXTS) -> list[tuple[str, Basis]]:
    return [(h.person.id, h.basis) for h in offices.who_held(session, year, post=post, scope=scope)]


def test_the_premier_in_1956_is_kim_il_sung(repo_session: Session) -> None:
    (found,) = offices.who_held(repo_session, 1956, post="premier", scope=TEXTS)
    assert found.person.id == "kim-il-sung"
    # the texts name him premier in 1948, in 1953-1954 and in December 1955, never after: 1956
    # lies beyond his last attestation, with nothing ending it, so it is possible, and the
    # evidence says why
    assert found.basis is Basis.possible
    # (1948 and 1953-1954 in Szalontai, December 1955 in Koh)
    attested = {e.summary for e in found.tenure.evidence}
    assert attested == {"from 1948", "held 1953/1954", "held 1955-12-28"}
    assert [e.summary for e in found.tenure.evidence if e.assertion in found.because] == [
        "held 1955-12-28"
    ]
    # between the two attestations the premiership is inferred
    assert holder(repo_session, 1950, "premier") == [("kim-il-sung", Basis.inferred)]
    # the official record states it: the 1st Cabinet's composition names him
    (stated,) = offices.who_held(repo_session, 1956, post="premier")
    assert (stated.person.id, stated.basis) == ("kim-il-sung", Basis.stated)
    assert any(c.source_kind == "reference" for e in stated.tenure.evidence for c in e.citations)


def test_the_foreign_minister(repo_session: Session) -> None:
    assert holder(repo_session, 1954, "minister-of-foreign-affairs") == [("nam-il", Basis.stated)]
    (in_1957,) = offices.who_held(
        repo_session, 1957, post="minister-of-foreign-affairs", scope=TEXTS
    )
    assert (in_1957.person.id, in_1957.basis) == ("nam-il", Basis.inferred)
    # bracketed by mid-1955 and by his dismissal in June 1959, which closes the tenure
    bracket = [e for e in in_1957.tenure.evidence if e.assertion in in_1957.because]
    assert [(e.kind, e.summary) for e in bracket] == [
        ("holding", "held 1955-05/1955-08"),
        ("purge", "removed from post 1959-06"),
    ]
    assert in_1957.tenure.closed is not None and in_1957.tenure.closed.how == "removed"
    # his successor follows, with no overlap
    assert holder(repo_session, 1960, "minister-of-foreign-affairs") == [
        ("pak-song-chol", Basis.inferred)
    ]
    succession = offices.holders(repo_session, "minister-of-foreign-affairs", TEXTS)
    assert [t.person.id for t in succession.tenures] == [
        "pak-hon-yong",
        "nam-il",
        "pak-song-chol",
    ]


def test_choe_chang_ik_is_not_finance_minister_after_his_removal(repo_session: Session) -> None:
    assert ("choe-chang-ik", Basis.stated) in holder(repo_session, 1954, "minister-of-finance")
    for year in range(1955, 1976):
        assert "choe-chang-ik" not in dict(holder(repo_session, year, "minister-of-finance"))
    (tenure,) = [
        t
        for t in queries.career(repo_session, "choe-chang-ik", TEXTS).tenures
        if t.post.id == "minister-of-finance"
    ]
    assert tenure.possible_to == dt.date(1954, 11, 30)


def test_the_standing_committee_of_1956_is_still_there_in_1957(repo_session: Session) -> None:
    in_1957 = dict(holder(repo_session, 1957, "kwp-standing-committee-member"))
    assert {"kim-il-sung", "kim-tu-bong", "kim-il"} <= set(in_1957)
    assert in_1957["nam-il"] is Basis.inferred  # he kept his seat in June 1959
    # Ch'oe Ch'ang-ik lost his seat at the August 1956 plenum
    assert "choe-chang-ik" not in in_1957


def test_the_leadership_of_1956(repo_session: Session) -> None:
    found = offices.leadership(repo_session, year=1956, scope=TEXTS)
    bodies = {b.organisation.id: b for b in found.bodies}
    cabinet = {s.post.id: s for s in bodies["cabinet"].seats}
    assert [h.person.id for h in cabinet["premier"].holders] == ["kim-il-sung"]
    foreign = {s.post.id: s for s in bodies["ministry-of-foreign-affairs"].seats}
    assert [h.person.id for h in foreign["minister-of-foreign-affairs"].holders] == ["nam-il"]
    # a seat the data cannot fill says so
    empty = [s for b in found.bodies for s in b.seats if not s.holders]
    assert empty and all(s.note == "the data name no holder for 1956" for s in empty)
    # bodies that did not exist in 1956 are not shown
    assert "nkwp-political-committee" not in bodies and "kcp" not in bodies


def test_factions_in_the_party_top_body(repo_session: Session) -> None:
    found = offices.factions_in_power(repo_session, "kwp-standing-committee")
    # the body counts with the bodies it succeeded and that succeeded it
    assert {"kwp-political-committee", "kwp-standing-committee"} <= {b.id for b in found.bodies}
    years = {y.year: y for y in found.years}
    in_1956 = {c.faction.id if c.faction else None: c.seats for c in years[1956].factions}
    assert in_1956["yanan"] >= 2 and in_1956["partisan"] >= 3  # Ch'oe Ch'ang-ik, Kim Tu-bong


def _years(session: Session, year: int) -> tuple[list[object], list[object]]:
    return offices.who_held(session, year), queries.purges(session, year)


def test_every_year_from_1900_to_2100(repo_session: Session) -> None:
    """The per-year counts equal the lengths of the year lists, and nothing is listed outside
    the corpus years unless a passage states it."""
    counts = {c.year: c for c in queries.purge_counts(repo_session)}
    listed_years = set(repo_session.scalars(select(TenureYear.year).distinct()).all()) | set(counts)
    for year in range(1900, 2101):
        if year not in listed_years:  # nothing held or purged that year: check it is so
            assert not queries.purges(repo_session, year)
            assert not offices.who_held(repo_session, year)
            continue
        held, purged = offices.who_held(repo_session, year), queries.purges(repo_session, year)
        count = counts.get(year)
        assert len(purged) == (count.stated + count.possible if count else 0), year
        if not CORPUS_YEARS[0] <= year <= CORPUS_YEARS[1]:
            assert all(h.basis is Basis.stated for h in held), year
            assert all(p.basis is Basis.stated for p in purged), year


def test_no_year_after_a_purge_that_took_the_post_away(repo_session: Session) -> None:
    """No tenure has an inferred or possible year after a purge of its holder that took its
    post away, unless it was attested again after the purge (a stated return)."""
    kinds = {k.id: k.ends for k in repo_session.scalars(select(PurgeKind))}
    parents = {o.id: o.parent_id for o in repo_session.scalars(select(Organisation))}
    posts = {p.id: p.organisation_id for p in repo_session.scalars(select(Post))}

    def takes(purge: PurgeEvent, post: str) -> bool:
        if purge.post_id == post or kinds[purge.action_id] == ["all"]:
            return True
        org: str | None = posts[post]
        while org is not None:
            if org in kinds[purge.action_id]:
                return True
            org = parents[org]
        return False

    checked = 0
    scoped = {
        (a, s)
        for a, s in repo_session.execute(select(AssertionScope.assertion_id, AssertionScope.scope))
    }
    for tenure in repo_session.scalars(select(Tenure)):
        attested = [
            e.assertion_id
            for e in repo_session.scalars(
                select(TenureEvidence).where(TenureEvidence.tenure_id == tenure.id)
            )
        ]
        years = repo_session.execute(
            select(TenureYear.year, TenureYear.basis).where(TenureYear.tenure_id == tenure.id)
        ).all()
        for purge in repo_session.scalars(
            select(PurgeEvent).where(PurgeEvent.person_id == tenure.person_id)
        ):
            if (
                purge.id in attested
                or (purge.id, tenure.scope) not in scoped  # the tenure's sources know it not
                or not takes(purge, tenure.post_id)
                or purge.date_latest is None
            ):
                continue
            after = [y for y, basis in years if y > purge.date_latest.year and basis != "stated"]
            checked += 1
            assert not after or tenure.possible_from > purge.date_latest, (
                tenure.person_id,
                tenure.post_id,
                purge.action_id,
                after,
            )
    assert checked > 20


def test_a_post_with_several_holders_is_not_closed_by_another_holder(
    repo_session: Session,
) -> None:
    # several vice-premiers served at once: Pak Ui-wan, attested in 1954 and 1956, held the post
    # through 1955 although others are attested as vice-premiers in between; in a one-holder
    # post those attestations would have ended his tenure
    in_1955 = dict(holder(repo_session, 1955, "vice-premier"))
    assert in_1955["pak-ui-wan"] is Basis.inferred
    assert {"choe-chang-ik", "pak-chang-ok"} <= set(in_1955)
