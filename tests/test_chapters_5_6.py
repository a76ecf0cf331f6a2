"""Questions a historian would put to chapters 5 and 6 of Szalontai (2005): the repression of
1957-1960, the March 1958 party conference, the spy hunts and trials, the foreign ministry and
the interior ministry in the reform years. Run over data/ on SQLite and PostgreSQL."""

from sqlalchemy.orm import Session

from prosopo import queries, year_holders
from prosopo.filters import HoldingsFilter, PurgesFilter
from prosopo.scope import Scope
from prosopo.tenures import Basis

TEXTS = Scope.texts  # these tests ask what the texts alone say


def people(rows: list) -> set[str]:  # type: ignore[type-arg]
    return {r.person.id for r in rows}


def test_everyone_expelled_at_the_march_1958_party_conference(repo_session: Session) -> None:
    expelled = queries.purges(
        repo_session, PurgesFilter(event="kwp-conference-1958-03", action="expelled-from-party")
    )
    assert people(expelled) == {
        "pak-chang-ok",
        "pak-ui-wan",
        "kim-sung-hwa",
        "choe-chang-ik",
        "kim-tu-bong",
        "pak-hun-il",
        "o-ki-sop",
    }
    assert {p.purge.date.text for p in expelled if p.purge.date} == {"1958-03-03/1958-03-06"}
    # the same conference took the Central Control Commission from Yi Chu-yon
    removed = queries.purges(
        repo_session, PurgesFilter(event="kwp-conference-1958-03", action="removed-from-post")
    )
    assert {(p.person.id, p.purge.post.id if p.purge.post else None) for p in removed} == {
        ("yi-chu-yon", "kwp-central-control-commission-chairman")
    }


def test_who_was_tried_in_1958_to_1960(repo_session: Session) -> None:
    tried = {
        p.person.id
        for year in (1958, 1959, 1960)
        for p in queries.purges(
            repo_session, PurgesFilter(year=year, action="tried", basis=[Basis.stated])
        )
    }
    assert {"pak-chang-ok", "choe-chang-ik"} <= tried
    executed = queries.purges(
        repo_session, PurgesFilter(year=1960, action="executed", basis=[Basis.stated])
    )
    assert {"pak-chang-ok", "choe-chang-ik"} <= people(executed)


def test_the_spy_hunt_of_late_1958(repo_session: Session) -> None:
    struck = people(queries.purges(repo_session, PurgesFilter(event="spy-hunt-1958-1959")))
    assert {"ko-hui-man", "kang-dok-il", "hyon-gyong-min", "pak-in-ik", "kim-sang-ho"} <= struck
    assert {"an-mak", "choe-gyong-hak"} <= struck
    # each lost the post the text gives him: no year after 1958 is claimed for it
    for person in ("pak-in-ik", "kim-sang-ho"):
        held = year_holders.who_held(
            repo_session, HoldingsFilter(year=1959, post="vice-minister-of-interior", scope=TEXTS)
        )
        assert person not in people(held)


def test_the_career_of_a_leader_who_rose_in_these_years(repo_session: Session) -> None:
    career = queries.career(repo_session, "sok-san", scope=TEXTS)
    assert [m.faction.id for m in career.factions] == ["partisan"]
    (interior,) = [t for t in career.tenures if t.post.id == "minister-of-interior"]
    assert interior.stated[0].first == 1960
    # he replaced Pang Hak-se on 12 November 1960: Pang's tenure ends there, removed
    (pang,) = [
        t
        for t in queries.career(repo_session, "pang-hak-se", scope=TEXTS).tenures
        if t.post.id == "minister-of-interior"
    ]
    assert pang.closed is not None and pang.closed.how in ("removed", "stated-end")
    assert str(pang.possible_to) == "1960-11-12"


def test_who_held_a_ministry_in_1959(repo_session: Session) -> None:
    def held(post: str) -> list[tuple[str, Basis]]:
        return [
            (h.person.id, h.basis)
            for h in year_holders.who_held(
                repo_session, HoldingsFilter(year=1959, post=post, scope=TEXTS)
            )
        ]

    # attested in 1955 and in 1960, removed in November 1960: 1959 lies between
    assert held("minister-of-interior") == [("pang-hak-se", Basis.inferred)]
    # Nam Il until his dismissal in June 1959, then Pak Song-ch'ol: both stated that year
    assert held("minister-of-foreign-affairs") == [
        ("nam-il", Basis.stated),
        ("pak-song-chol", Basis.stated),
    ]
    # appointed in September 1957 and not attested again: only possible in 1959
    assert held("minister-of-defense") == [("kim-kwang-hyop", Basis.possible)]


def test_kim_tu_bong_in_1957_and_1958(repo_session: Session) -> None:
    career = queries.career(repo_session, "kim-tu-bong", scope=TEXTS)
    chair = [t for t in career.tenures if t.post.id == "spa-chairman"]
    assert chair and all(t.closed is not None for t in chair)
    # he kept his Standing Committee seat when he lost the chair in September 1957
    sc = {
        h.person.id: h.basis
        for h in year_holders.who_held(
            repo_session,
            HoldingsFilter(year=1957, post="kwp-standing-committee-member", scope=TEXTS),
        )
    }
    assert sc["kim-tu-bong"] is Basis.stated
    assert "kim-tu-bong" in people(
        queries.purges(repo_session, PurgesFilter(year=1958, action="expelled-from-party"))
    )
