"""Questions a historian would put to the curated chapter 4 of Szalontai (2005): the January
1956 campaign against the Soviet Koreans, the Third Congress, the August plenum and its
reversal in September. Run over data/ on SQLite and PostgreSQL."""

from sqlalchemy.orm import Session

from prosopo import queries, year_holders
from prosopo.filters import HoldingsFilter, PurgesFilter
from prosopo.resolve import resolve_person
from prosopo.scope import Scope
from prosopo.tenures import Basis

TEXTS = Scope.texts  # these tests ask what the texts alone say


def people(rows: list) -> set[str]:  # type: ignore[type-arg]
    return {r.person.id for r in rows}


def test_the_august_plenum_expelled_the_opposition(repo_session: Session) -> None:
    expelled = queries.purges(
        repo_session, PurgesFilter(event="kwp-cc-plenum-1956-08", action="expelled-from-party")
    )
    assert people(expelled) == {"choe-chang-ik", "pak-chang-ok", "yun-kong-hum"}
    assert all(p.purge.date and p.purge.date.text == "1956-08-30/1956-08-31" for p in expelled)


def test_four_opponents_fled_to_china_in_1956(repo_session: Session) -> None:
    fled = queries.purges(
        repo_session, PurgesFilter(year=1956, action="fled-abroad", basis=[Basis.stated])
    )
    assert people(fled) == {"yun-kong-hum", "so-hui", "yi-pil-gyu", "kim-kang"}


def test_the_september_plenum_took_the_leaders_back(repo_session: Session) -> None:
    back = queries.purges(
        repo_session, PurgesFilter(event="kwp-cc-plenum-1956-09", action="rehabilitated")
    )
    assert {"choe-chang-ik", "pak-chang-ok"} <= people(back)


def test_the_standing_committee_of_april_1956_had_eleven_members(repo_session: Session) -> None:
    members = year_holders.who_held(
        repo_session,
        HoldingsFilter(
            year=1956, post="kwp-standing-committee-member", basis=[Basis.stated], scope=TEXTS
        ),
    )
    assert len(people(members)) == 11
    assert {"kim-il-sung", "kim-tu-bong", "choe-chang-ik", "kim-il", "nam-il"} <= people(members)
    # Pak Ch'ang-ok lost his Politburo seat in January 1956 and is not among them
    assert "pak-chang-ok" not in people(members)


def test_who_lost_posts_in_1956_had_held_them(repo_session: Session) -> None:
    lost = [
        p
        for p in queries.purges(repo_session, PurgesFilter(year=1956, basis=[Basis.stated]))
        if p.purge.post is not None
    ]
    assert {(p.person.id, p.purge.post.id) for p in lost if p.purge.post} >= {
        ("choe-chang-ik", "kwp-cc-member"),
        ("pak-chang-ok", "kwp-cc-member"),
        ("pak-chang-ok", "kwp-political-committee-member"),
        ("pak-yong-bin", "kwp-political-committee-member"),
    }
    for p in lost:
        assert p.purge.post is not None
        holders = year_holders.who_held(
            repo_session, HoldingsFilter(year=1956, post=p.purge.post.id, scope=TEXTS)
        )
        assert p.person.id in people(holders), f"{p.person.id} lost {p.purge.post.id} unheld"


def test_pak_chang_ok_in_1956_and_after(repo_session: Session) -> None:
    held_1956 = {
        h.post.id: h.basis
        for h in year_holders.who_held(repo_session, HoldingsFilter(year=1956, scope=TEXTS))
        if h.person.id == "pak-chang-ok"
    }
    assert held_1956["vice-premier"] is Basis.stated
    assert held_1956["minister-of-machine-building-industry"] is Basis.stated
    held_1957 = {
        h.post.id
        for h in year_holders.who_held(repo_session, HoldingsFilter(year=1957, scope=TEXTS))
        if h.person.id == "pak-chang-ok"
    }
    assert (
        "vice-premier" not in held_1957 and "minister-of-machine-building-industry" not in held_1957
    )


def test_the_january_1956_resolution_named_the_soviet_koreans(repo_session: Session) -> None:
    named = queries.purges(repo_session, PurgesFilter(event="kwp-cc-resolution-1956-01-18"))
    assert {"pak-chang-ok", "pak-yong-bin", "ki-sok-pok", "chon-tong-hyok", "chong-yul"} <= people(
        named
    )
    factions = {
        m.faction.id for m in queries.career(repo_session, "pak-yong-bin", scope=TEXTS).factions
    }
    assert factions == {"soviet"}


def test_every_assertion_in_a_career_is_cited(repo_session: Session) -> None:
    for person in ["kim-il-sung", "choe-chang-ik", "pak-chang-ok", "yun-kong-hum", "kim-il"]:
        career = queries.career(repo_session, person, scope=TEXTS)
        for item in [*career.factions, *career.posts, *career.purges]:
            assert item.citations, f"{person}: {item.origin} has no citation"
        assert all(n.citations or n.editorial for n in career.names)


def test_kim_il_is_not_kim_il_sung(repo_session: Session) -> None:
    def who(name: str) -> str | None:
        person = resolve_person(repo_session, name).person
        return person.id if person else None

    assert who("Kim Il") == "kim-il"
    assert who("Kim II Sung") == who("Kim Il-song") == who("김일성") == "kim-il-sung"
    assert who("Yi Sung-yop") == "yi-sung-yop" and who("Yi Sung-yong") == "yi-sung-yong"
    assert who("Kim Kwang-hyop") == "kim-kwang-hyop" and who("Kim Kwang-ho") == "kim-kwang-ho"
    assert who("Pak Ch'ang-ok") == "pak-chang-ok" and who("Pak Ch'ang-sik") == "pak-chang-sik"


def test_dismissals_are_purge_events_not_only_end_dates(repo_session: Session) -> None:
    removed = queries.purges(repo_session, PurgesFilter(action="removed-from-post"))
    lost = {(p.person.id, p.purge.post.id) for p in removed if p.purge.post}
    assert {
        ("choe-chang-ik", "minister-of-finance"),
        ("choe-chang-ik", "minister-of-state-control"),
        ("pak-ui-wan", "minister-of-light-industry"),
        ("pak-chang-ok", "state-planning-commission-chairman"),
        ("pak-chang-ok", "vice-premier"),
        ("pak-chang-ok", "minister-of-machine-building-industry"),
        ("chong-yul", "vice-minister-of-culture-and-propaganda"),
    } <= lost
    finance = [
        p
        for p in queries.purges(
            repo_session, PurgesFilter(year=1954, action="removed-from-post", basis=[Basis.stated])
        )
        if p.person.id == "choe-chang-ik"
    ]
    assert [(p.purge.date.text if p.purge.date else None) for p in finance] == ["1954-11"]
    assert finance[0].purge.event and finance[0].purge.event.id == "kwp-cc-plenum-1954-11"


def test_criticism_without_a_venue_is_not_public(repo_session: Session) -> None:
    criticised = people(queries.purges(repo_session, PurgesFilter(action="criticised")))
    assert {"ho-ka-i", "chang-si-u", "ho-song-taek", "pak-mun-gyu"} <= criticised
    public = queries.purges(repo_session, PurgesFilter(action="publicly-criticised"))
    # a public attack has a venue: a plenum, a session, a resolution or a congress
    assert all(p.purge.event is not None for p in public), [
        p.person.id for p in public if p.purge.event is None
    ]
    assert {"pak-chang-ok", "pak-yong-bin"} <= people(public)


def test_a_lower_cc_rank_at_the_third_congress_is_no_demotion(repo_session: Session) -> None:
    assert "pak-chang-ok" not in people(
        queries.purges(repo_session, PurgesFilter(event="kwp-third-congress-1956"))
    )
    career = queries.career(repo_session, "pak-chang-ok", scope=TEXTS)
    # his one demotion is to a factory after the August plenum (5.1.9), not at the congress
    demoted = [p.date.text for p in career.purges if p.action.id == "demoted" and p.date]
    assert demoted == ["1956-09/1956-12"]
    cc = year_holders.who_held(
        repo_session,
        HoldingsFilter(year=1956, post="kwp-cc-member", basis=[Basis.stated], scope=TEXTS),
    )
    assert "pak-chang-ok" in people(cc)


def test_the_january_dates_of_chapter_3_keep_their_year_and_day(repo_session: Session) -> None:
    # note 71 of chapter 3 says only "in January"; its context fixes 1955
    light = [
        p
        for p in queries.purges(repo_session, PurgesFilter(action="removed-from-post"))
        if p.person.id == "pak-ui-wan"
    ]
    assert [p.purge.date.text for p in light if p.purge.date] == ["1955-01"]
    lost_1956 = queries.purges(repo_session, PurgesFilter(year=1956, action="removed-from-post"))
    assert "pak-ui-wan" not in people(lost_1956)
    # 3.4.11 dates to 18 January 1956 only the expulsions from the Politburo; the losses of CC
    # seats and posts it lists after them keep the month the paragraph is about, no more
    for person in ["pak-chang-ok", "pak-yong-bin", "ki-sok-pok", "chong-yul"]:
        career = queries.career(repo_session, person, scope=TEXTS)
        in_3411 = [p for p in career.purges if any(c.locator == "3.4.11" for c in p.citations)]
        assert in_3411, person
        for p in in_3411:
            day = "1956-01-18" if p.action.id == "removed-from-top-body" else "1956-01"
            assert p.date is not None and p.date.text == day, (person, p.action.id)


def test_re_election_to_the_cc_implies_an_earlier_seat(repo_session: Session) -> None:
    before = people(
        year_holders.who_held(
            repo_session, HoldingsFilter(year=1955, post="kwp-cc-member", scope=TEXTS)
        )
    )
    assert {"pak-chang-ok", "pak-mun-gyu", "ho-song-taek"} <= before


def test_a_lumped_faction_label_also_cites_the_persons_own_group(repo_session: Session) -> None:
    lumped_people = ["choe-chang-ik", "pak-chang-ok", "kim-chang-man", "nam-il", "pang-hak-se"]
    for person in lumped_people:
        factions = queries.career(repo_session, person, scope=TEXTS).factions
        lumped = [m for m in factions if "Soviet and Yan'an" in m.label]
        assert lumped, person
        for m in lumped:
            # another membership of the person, under a label naming one group, shares a passage
            own = {
                c.locator
                for o in factions
                if o.faction.id == m.faction.id and "Soviet and Yan'an" not in o.label
                for c in o.citations
            }
            states = {c.locator for c in m.citations if c.role == "states"}
            assert states & own, f"{person}: {m.label} {sorted(states)}"
