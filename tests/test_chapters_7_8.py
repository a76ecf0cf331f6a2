"""Questions a historian would put to chapters 7 and 8 of Szalontai (2005) and to Koh's article:
the bodies of the 1961 congress, the falls of the 1960s, the leadership of 1963, a career from
the 1940s to the 1960s. Run over data/ on SQLite and PostgreSQL."""

from sqlalchemy.orm import Session

from prosopo import leaders, queries, year_holders
from prosopo.filters import HoldingsFilter, PurgesFilter
from prosopo.scope import Scope
from prosopo.tenures import Basis

TEXTS = Scope.texts  # these tests ask what the texts alone say


def test_the_top_body_after_the_1961_congress(repo_session: Session) -> None:
    members = {
        h.person.id: h.basis
        for h in year_holders.who_held(
            repo_session,
            HoldingsFilter(year=1961, post="kwp-political-committee-1961-member", scope=TEXTS),
        )
    }
    # the text names the two who joined; Yim Ch'un-ch'u, who lost a seat there at some time in
    # the 1960s (8.1.10), is only possible
    assert members == {
        "choe-hyon": Basis.stated,
        "yi-chong-ok": Basis.stated,
        "yim-chun-chu": Basis.possible,
    }
    congress = queries.career(repo_session, "choe-hyon", scope=TEXTS)
    assert [m.faction.id for m in congress.factions] == ["partisan"]


def test_the_falls_of_the_1960s(repo_session: Session) -> None:
    # Yi Il-gyong: foreign trade minister, arrested in April 1964, sentenced and executed
    fate = {
        p.action.id: p.date.text if p.date else None
        for p in queries.career(repo_session, "yi-il-gyong", scope=TEXTS).purges
    }
    assert fate["arrested"] == "1964-04" and fate["executed"] == "1964-04/1964-12"
    lost = year_holders.who_held(
        repo_session, HoldingsFilter(year=1965, post="minister-of-foreign-trade", scope=TEXTS)
    )
    assert "yi-il-gyong" not in {h.person.id for h in lost}
    # the purges of 1967-1969: the texts name no one who fell in them one by one; the two the
    # text says lost their Politburo seats "in the 1960s" are only possible in those years
    in_1968 = queries.purges(repo_session, PurgesFilter(year=1968))
    assert {(p.person.id, p.basis) for p in in_1968} == {
        ("yi-chong-ok", Basis.possible),
        ("yim-chun-chu", Basis.possible),
    }
    assert queries.purges(repo_session, PurgesFilter(event="purges-1967-1969")) == []


def test_the_leadership_of_1963(repo_session: Session) -> None:
    found = leaders.leadership(repo_session, year=1963, scope=TEXTS)
    seats = {
        s.post.id: {h.person.id: h.basis for h in s.holders} for b in found.bodies for s in b.seats
    }
    assert seats["minister-of-foreign-affairs"] == {"pak-song-chol": Basis.stated}
    assert seats["vice-premier"]["nam-il"] is Basis.stated
    assert seats["premier"] == {}  # the texts name no premier after 1955


def test_a_career_from_the_1940s_to_the_1960s(repo_session: Session) -> None:
    career = queries.career(repo_session, "nam-il", scope=TEXTS)
    years = {
        y for t in career.tenures for span in t.stated for y in range(span.first, span.last + 1)
    }
    assert min(years) <= 1954 and max(years) >= 1963
    posts = {t.post.id for t in career.tenures}
    assert {"minister-of-foreign-affairs", "vice-premier", "kwp-standing-committee-member"} <= posts
    assert {m.faction.id for m in career.factions} == {"soviet"}


def test_koh_and_szalontai_side_by_side(repo_session: Session) -> None:
    # Koh has Kim Il Sung first secretary of the party's northern bureau in October 1945,
    # Szalontai chair of it in December: both are kept, each with its citation
    career = queries.career(repo_session, "kim-il-sung", scope=TEXTS)
    bureau = {
        (h.post.id, h.citations[0].source)
        for h in career.posts
        if h.post.organisation.id == "kcp-nkb"
    }
    assert {
        ("kcp-nkb-first-secretary", "koh-1965"),
        ("kcp-nkb-chairman", "szalontai-2005"),
    } <= bureau
