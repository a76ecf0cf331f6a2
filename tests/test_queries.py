"""The three questions over the fixture data, on SQLite and PostgreSQL alike."""

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from prosopo import queries, tenured, year_holders
from prosopo.errors import NotFound
from prosopo.filters import HoldingsFilter, PurgesFilter
from prosopo.models import PersonName, PostHolding, PurgeEvent
from prosopo.scope import Scope
from prosopo.tenures import Basis

TEXTS = Scope.texts  # the fixture's book alone, without its official record


def test_career_lists_factions_posts_and_purges_with_citations(fixture_session: Session) -> None:
    career = queries.career(fixture_session, "choe-chang-ik", TEXTS)
    assert career.person.name == "Ch'oe Ch'ang-ik"
    assert [m.faction.id for m in career.factions] == ["yanan"]
    assert [h.post.id for h in career.posts] == ["kwp-standing-committee-member", "vice-premier"]
    assert [(p.action.id, p.date.text if p.date else None) for p in career.purges] == [
        ("expelled-from-party", "1956-08-30/1956-08-31"),  # dated by its event
        ("rehabilitated", "1956-09"),
    ]
    cited = career.posts[0].citations
    assert [(c.source, c.locator, c.reference) for c in cited] == [
        ("book-2005", "4.1.1", "Author 2005, ch. 4, § 1, ¶ 1"),
        ("book-2005", "4.2.3", "Author 2005, ch. 4, § 2, ¶ 3"),
    ]
    assert career.posts[0].origin.startswith("data/assertions/fixture.yaml:")


def test_career_names_editorial_forms_after_the_sources(fixture_session: Session) -> None:
    names = queries.career(fixture_session, "kim-il-sung").names
    assert [(n.form, n.scheme, n.editorial) for n in names] == [
        ("Kim Il Sung", "source", False),
        ("Kim Il-sŏng", "mr", True),  # romanized from the hangul at build time
        ("Gim Il-seong", "rr", True),
        ("김일성", "hangul", True),
        ("Kim II Sung", "ocr", False),
    ]


def test_unknown_person_is_not_found(fixture_session: Session) -> None:
    with pytest.raises(NotFound, match="no person with id 'kim-jong-il'"):
        queries.career(fixture_session, "kim-jong-il")


def test_who_held_gives_the_basis_of_each_year(fixture_session: Session) -> None:
    held = {
        (h.person.id, h.post.id): h.basis
        for h in year_holders.who_held(fixture_session, HoldingsFilter(year=1956, scope=TEXTS))
    }
    assert held == {
        ("choe-chang-ik", "vice-premier"): Basis.stated,
        ("choe-chang-ik", "kwp-standing-committee-member"): Basis.stated,
        ("kim-il", "vice-premier"): Basis.stated,
        ("kim-il", "kwp-standing-committee-member"): Basis.stated,
        ("yun-kong-hum", "minister-of-commerce"): Basis.possible,  # "1956?"
    }
    certain = year_holders.who_held(
        fixture_session, HoldingsFilter(year=1956, basis=[Basis.stated], scope=TEXTS)
    )
    assert "yun-kong-hum" not in {h.person.id for h in certain}


def test_who_held_by_post_and_by_organisation(fixture_session: Session) -> None:
    assert [
        h.person.id
        for h in year_holders.who_held(
            fixture_session, HoldingsFilter(year=1956, post="vice-premier")
        )
    ] == [
        "choe-chang-ik",
        "kim-il",
    ]
    in_cabinet = year_holders.who_held(
        fixture_session, HoldingsFilter(year=1956, organisation="cabinet", scope=TEXTS)
    )
    assert {h.post.id for h in in_cabinet} == {"vice-premier", "minister-of-commerce"}
    with pytest.raises(NotFound, match="no post"):
        year_holders.who_held(fixture_session, HoldingsFilter(year=1956, post="tsar"))


def test_who_held_stretches_an_open_end_only_to_the_horizon(fixture_session: Session) -> None:
    # Kim Il Sung's premiership is dated only by its start in 1948: stated then, possible for
    # four more years, and nothing after
    def premier(year: int) -> list[tuple[str, Basis]]:
        held = year_holders.who_held(
            fixture_session, HoldingsFilter(year=year, post="premier", scope=TEXTS)
        )
        return [(h.person.id, h.basis) for h in held]

    assert premier(1948) == [("kim-il-sung", Basis.stated)]
    assert premier(1952) == [("kim-il-sung", Basis.possible)]
    assert premier(1953) == premier(1956) == premier(1947) == []


def test_a_term_gives_its_bounds_and_re_election_continues_one_tenure(
    fixture_session: Session,
) -> None:
    """The record lists Kim Il Sung as premier of the 1st and 2nd Cabinets (1948-1957-1962):
    one tenure, stated in every year of both terms, ended by the 2nd's replacement."""
    held = year_holders.who_held(fixture_session, HoldingsFilter(year=1960, post="premier"))
    assert [(h.person.id, h.basis) for h in held] == [("kim-il-sung", Basis.stated)]
    tenure = held[0].tenure
    assert (tenure.possible_from, tenure.possible_to) == (
        dt.date(1948, 9, 1),
        dt.date(1962, 10, 23),
    )
    assert tenure.closed is not None and tenure.closed.how == "term-ended"
    assert "2nd Cabinet" in tenure.closed.explanation
    for year in range(1949, 1963):
        assert [
            h.basis
            for h in year_holders.who_held(
                fixture_session, HoldingsFilter(year=year, post="premier")
            )
        ] == [Basis.stated], year


def test_a_term_membership_ends_at_the_purge_that_took_the_post_away(
    fixture_session: Session,
) -> None:
    """The record lists Ch'oe Ch'ang-ik in the 3rd CC (1956-1961); the book has him expelled
    from the party at the August 1956 plenum, which takes the party's posts away: his seat
    ends there, not at the next congress, and 1957 names no one but Kim Il."""
    (seat,) = [
        t
        for t in tenured.tenures_of_person(fixture_session, "choe-chang-ik")
        if t.post.id == "kwp-cc-member"
    ]
    assert seat.possible_to == dt.date(1956, 8, 31)
    assert seat.closed is not None and seat.closed.how == "purge"
    assert [
        h.person.id
        for h in year_holders.who_held(
            fixture_session, HoldingsFilter(year=1957, post="kwp-cc-member")
        )
    ] == ["kim-il"]
    # asked of the book alone, no one held a CC seat at all
    assert (
        year_holders.who_held(
            fixture_session, HoldingsFilter(year=1956, post="kwp-cc-member", scope=TEXTS)
        )
        == []
    )


def test_purged_in_a_year(fixture_session: Session) -> None:
    found = [
        (p.person.id, p.purge.action.id, p.basis)
        for p in queries.purges(fixture_session, PurgesFilter(year=1956))
    ]
    assert found == [
        ("choe-chang-ik", "expelled-from-party", Basis.stated),
        ("yun-kong-hum", "fled-abroad", Basis.stated),
        ("choe-chang-ik", "rehabilitated", Basis.stated),
    ]
    assert [p.person.id for p in queries.purges(fixture_session, PurgesFilter(year=1957))] == [
        "yun-kong-hum"
    ]


def test_purges_at_an_event_or_of_a_kind(fixture_session: Session) -> None:
    at_plenum = queries.purges(fixture_session, PurgesFilter(event="kwp-cc-plenum-1956-08"))
    assert [(p.person.id, p.purge.action.id) for p in at_plenum] == [
        ("choe-chang-ik", "expelled-from-party")
    ]
    fled = queries.purges(fixture_session, PurgesFilter(action="fled-abroad"))
    assert [p.person.id for p in fled] == ["yun-kong-hum"]
    with pytest.raises(NotFound, match="no event"):
        queries.purges(fixture_session, PurgesFilter(event="kwp-cc-plenum-1999"))


def test_each_kind_of_assertion_says_which_days_it_may_cover(fixture_session: Session) -> None:
    """The kinds answer for themselves (no `isinstance` in the questions): a name is undated, a
    purge covers the days its date allows, a holding its span, a membership its start to end."""
    name = fixture_session.scalars(select(PersonName)).first()
    assert name is not None and name.days is None
    purge = fixture_session.scalars(
        select(PurgeEvent).where(PurgeEvent.date_earliest.is_not(None))
    ).first()
    assert purge is not None and purge.days == (purge.date_earliest, purge.date_latest)
    holding = fixture_session.scalars(select(PostHolding)).first()
    assert holding is not None
    assert holding.days == (
        None
        if (holding.span_earliest, holding.span_latest) == (None, None)
        else (holding.span_earliest, holding.span_latest)
    )
