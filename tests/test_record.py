"""The official record over the real data in data/, on SQLite and PostgreSQL: the questions a
historian asks of who held which post, answered from the texts and the reference pages together,
and from the texts alone. The expected names are read off the pages by hand (the 1st Cabinet's
members table, the SPA chairmen's list), not computed by the code under test."""

import datetime as dt

from sqlalchemy.orm import Session

from prosopo import leaders, succession, tenured, terms, year_holders
from prosopo.filters import HoldingsFilter
from prosopo.schemas import Holder, Leadership
from prosopo.scope import Scope
from prosopo.tenures import Basis


def _seat(found: Leadership, post: str) -> list[tuple[str, Basis]]:
    for body in found.bodies:
        for seat in body.seats:
            if seat.post.id == post:
                return [(h.person.id, h.basis) for h in seat.holders]
    return []


def _kinds(h: Holder) -> set[str]:
    return {c.source_kind for e in h.tenure.evidence for c in e.citations}


def test_the_head_of_the_spa_standing_committee_in_1950(repo_session: Session) -> None:
    found = leaders.leadership(repo_session, year=1950)
    assert _seat(found, "spa-presidium-chairman")[0] == ("kim-tu-bong", Basis.stated)
    (held,) = year_holders.who_held(
        repo_session, HoldingsFilter(year=1950, post="spa-presidium-chairman")
    )
    assert "reference" in _kinds(held)


def test_the_foreign_minister_in_1950(repo_session: Session) -> None:
    (held,) = year_holders.who_held(
        repo_session, HoldingsFilter(year=1950, post="minister-of-foreign-affairs")
    )
    assert (held.person.id, held.basis) == ("pak-hon-yong", Basis.stated)
    # stated by a page of the record, each citation naming its source's kind and address
    cited = [c for e in held.tenure.evidence for c in e.citations if c.source_kind == "reference"]
    assert cited and all(c.url and c.url.startswith("http") for c in cited)


def test_the_same_1950_questions_restricted_to_the_texts(repo_session: Session) -> None:
    """The texts name Pak Hon-yong foreign minister only at his arrest (1953) and Kim Tu-bong
    head of the SPA's standing body only in 1957: asked of the texts alone, 1950 names
    neither, and no answer cites anything but the texts."""
    found = leaders.leadership(repo_session, year=1950, scope=Scope.texts)
    assert found.scope is Scope.texts
    assert _seat(found, "minister-of-foreign-affairs") == []
    assert _seat(found, "spa-presidium-chairman") == []
    held = year_holders.who_held(repo_session, HoldingsFilter(year=1950, scope=Scope.texts))
    assert held and all(_kinds(h) <= {"monograph", "article"} for h in held)
    # and the record alone names both
    record = leaders.leadership(repo_session, year=1950, scope=Scope.record)
    assert ("pak-hon-yong", Basis.stated) in _seat(record, "minister-of-foreign-affairs")
    assert ("kim-tu-bong", Basis.stated) in _seat(record, "spa-presidium-chairman")


def test_the_premier_in_1961(repo_session: Session) -> None:
    (held,) = year_holders.who_held(repo_session, HoldingsFilter(year=1961, post="premier"))
    assert (held.person.id, held.basis) == ("kim-il-sung", Basis.stated)
    # one tenure from 1948 across every re-election, to the end of the 4th Cabinet
    assert held.tenure.possible_to == dt.date(1972, 12, 26)
    assert held.tenure.closed is not None and held.tenure.closed.how == "term-ended"
    # the texts alone last name him premier in December 1955: 1961 lies past their horizon
    assert (
        year_holders.who_held(
            repo_session, HoldingsFilter(year=1961, post="premier", scope=Scope.texts)
        )
        == []
    )


def test_the_1948_cabinet(repo_session: Session) -> None:
    """The first rows of the 1st Cabinet's members table, read by hand from the page."""
    held = {
        (h.post.id, h.person.id)
        for h in year_holders.who_held(
            repo_session, HoldingsFilter(year=1948, organisation="cabinet")
        )
        if h.basis is Basis.stated
    }
    assert {
        ("premier", "kim-il-sung"),
        ("vice-premier", "pak-hon-yong"),
        ("vice-premier", "hong-myong-hui"),
        ("vice-premier", "kim-chaek"),
        ("state-planning-commission-chairman", "chong-chun-taek"),
        ("minister-of-defense", "choe-yong-gon"),
        ("minister-of-state-control", "kim-won-bong"),
        ("minister-of-foreign-affairs", "pak-hon-yong"),
    } <= held
    cabinet = terms.composition(repo_session, "cabinet-1")
    assert cabinet.term.elected is not None and cabinet.term.replaced is not None
    assert {"kim-il-sung", "hong-myong-hui", "kim-chaek"} <= {m.person.id for m in cabinet.members}


def test_the_political_committee_elected_in_september_1961(repo_session: Session) -> None:
    """The members the sources name for the Political Committee of the 4th Congress: Yi
    Chong-ok and Ch'oe Hyon joined it there (the monograph, 7.1.10), Yi Chong-ok from its
    election on the pages too."""
    found = leaders.leadership(repo_session, date=dt.date(1961, 9, 20))
    members = dict(_seat(found, "kwp-political-committee-1961-member"))
    assert {"yi-chong-ok", "choe-hyon"} <= set(members)
    assert members["yi-chong-ok"] is Basis.stated
    # the Standing Committee it replaced has no seat after the congress
    assert _seat(found, "kwp-standing-committee-member") == []


def test_cc_members_elected_in_1956_no_longer_members_in_1961(repo_session: Session) -> None:
    """Of those the sources list in the 3rd Central Committee (April 1956), who had certainly
    lost the seat before the 4th Congress (September 1961): a purge, a removal or a stated end
    closed the seat, not the end of the term. Among them the leaders of the August 1956
    challenge (Ch'oe Ch'ang-ik, Pak Ch'ang-ok) and Kim Tu-bong (expelled in 1958); not Kim Il
    Sung or Kim Il. Whoever the 4th Congress's list, out of reach, may have dropped besides is
    unknown, not gone."""
    third = {m.person.id for m in terms.composition(repo_session, "kwp-cc-3").members}
    congress = dt.date(1961, 9, 18)
    seats = [
        t for t in succession.holders(repo_session, "kwp-cc-member").tenures if t.person.id in third
    ]
    gone = {
        t.person.id
        for t in seats
        if t.closed
        and t.closed.how in ("purge", "removed", "stated-end")
        and t.possible_to < congress
        and t.possible_from >= dt.date(1956, 1, 1)
    }
    stayed = {t.person.id for t in seats if t.possible_to >= congress}
    gone -= stayed  # restored after a purge (Ch'oe Ch'ang-ik in September 1956) and removed again
    assert {"choe-chang-ik", "pak-chang-ok", "kim-tu-bong"} <= gone
    assert not {"kim-il-sung", "kim-il"} & gone


def test_a_term_membership_ends_at_the_purge_that_took_it(repo_session: Session) -> None:
    """Kim Tu-bong is listed in the 3rd Central Committee (1956-1961); the texts have him
    expelled from the party in 1958. His seat ends there, not at the next congress."""
    tenures = [
        t
        for t in tenured.tenures_of_person(repo_session, "kim-tu-bong")
        if t.post.id == "kwp-cc-member" and t.possible_to.year >= 1956
    ]
    assert tenures and all(t.possible_to.year <= 1958 for t in tenures)
    assert any(t.closed and t.closed.how == "purge" for t in tenures)


def test_the_seats_no_source_fills_are_counted_and_say_why(repo_session: Session) -> None:
    vacant = leaders.vacancies(repo_session, 1948, 1970)
    assert vacant and all(v.note for v in vacant)
    # the seats named above are filled
    filled = {(v.year, v.post.id) for v in vacant}
    assert (1950, "minister-of-foreign-affairs") not in filled
    assert (1961, "premier") not in filled
    # a post abolished in October 1966 has no seat afterwards, and one created in 1970 none before
    assert not any(v.post.id == "kwp-cc-chairman" and v.year > 1966 for v in vacant)
    assert not any(v.post.id == "second-vice-premier" and v.year < 1970 for v in vacant)
    # the texts alone leave more seats empty than all the sources together
    texts = leaders.vacancies(repo_session, 1948, 1970, Scope.texts)
    assert len(texts) > len(vacant)
