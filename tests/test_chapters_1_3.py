"""Questions a historian would put to chapters 1-3 of Szalontai (2005): the founders of the
factions, the first cabinet, the purges of the war years, the fall of the southern communists
and the crisis of 1955. Run over data/ on SQLite and PostgreSQL."""

from sqlalchemy.orm import Session

from prosopo import queries, year_holders
from prosopo.filters import HoldingsFilter, PurgesFilter
from prosopo.scope import Scope
from prosopo.tenures import Basis

TEXTS = Scope.texts  # these tests ask what the texts alone say


def people(rows: list) -> set[str]:  # type: ignore[type-arg]
    return {r.person.id for r in rows}


def test_the_first_cabinet_of_1948_as_far_as_the_text_names_it(repo_session: Session) -> None:
    cabinet = year_holders.who_held(
        repo_session, HoldingsFilter(year=1948, organisation="cabinet", scope=TEXTS)
    )
    assert [(h.person.id, h.post.id, h.basis) for h in cabinet] == [
        ("kim-il-sung", "premier", Basis.stated)
    ]
    # the text dates Pak Hon-yong's posts in that government only by their end in 1953
    (pak,) = [
        t
        for t in queries.career(repo_session, "pak-hon-yong", scope=TEXTS).tenures
        if t.post.id == "minister-of-foreign-affairs"
    ]
    assert [s.first for s in pak.stated] == [1953]


def test_everyone_purged_in_december_1950(repo_session: Session) -> None:
    purged = queries.purges(repo_session, PurgesFilter(event="kwp-cc-plenum-1950-12"))
    assert people(purged) == {
        "mu-chong",
        "kim-han-jung",
        "kim-yol",
        "pak-kwang-hui",
        "yim-chun-chu",
        "kim-il",
        "ho-song-taek",
    }
    # the text names their factions, each in its own words (its quotation marks kept)
    factions = {
        m.faction.id: m.label
        for person in ("mu-chong", "kim-yol", "pak-kwang-hui", "yim-chun-chu")
        for m in queries.career(repo_session, person, scope=TEXTS).factions
        if "1.5.12" in [c.locator for c in m.citations]
    }
    assert factions == {
        "yanan": "Yan'an group",
        "soviet": "Soviet faction",
        "domestic": '"domestic" group',
        "partisan": "Kapsan faction",
    }


def test_the_defendants_of_the_1953_trial_and_their_fates(repo_session: Session) -> None:
    trial = queries.purges(repo_session, PurgesFilter(event="trial-of-yi-sung-yop-1953"))
    fates: dict[str, set[str]] = {}
    for p in trial:
        fates.setdefault(p.person.id, set()).add(p.purge.action.id)
    assert set(fates) == {"yi-sung-yop", "cho-il-myong", "yim-hwa", "sol-chong-sik"}
    assert all({"tried", "sentenced", "executed"} <= kinds for kinds in fates.values())
    # the executions are dated only as after the trial: stated nowhere, possible in 1953-1957
    executed = queries.purges(repo_session, PurgesFilter(year=1954, action="executed"))
    assert {p.basis for p in executed} == {Basis.possible}


def test_who_held_the_foreign_ministry_in_1953(repo_session: Session) -> None:
    held = {
        h.person.id: h.basis
        for h in year_holders.who_held(
            repo_session, HoldingsFilter(year=1953, post="minister-of-foreign-affairs", scope=TEXTS)
        )
    }
    # Pak Hon-yong until his arrest in early 1953; Nam Il was appointed some time after late
    # 1952 (8.4.19). The text names Pak's "temporary successor" Yi Tong-gon without his post,
    # so he is not listed
    assert held == {"pak-hon-yong": Basis.stated, "nam-il": Basis.possible}


def test_the_april_and_december_1955_plenums(repo_session: Session) -> None:
    april = people(queries.purges(repo_session, PurgesFilter(event="kwp-cc-plenum-1955-04")))
    assert {"pak-il-u", "pang-ho-san"} <= april
    december = queries.purges(repo_session, PurgesFilter(event="kwp-cc-plenum-1955-12"))
    assert ("kim-yol", "expelled-from-party") in {
        (p.person.id, p.purge.action.id) for p in december
    }
    # Yi Hyo-sun took the state control ministry from Ch'oe Ch'ang-ik on 1 August 1955
    held = [
        (h.person.id, h.basis)
        for h in year_holders.who_held(
            repo_session, HoldingsFilter(year=1955, post="minister-of-state-control", scope=TEXTS)
        )
    ]
    assert held == [("choe-chang-ik", Basis.stated), ("yi-hyo-sun", Basis.stated)]
