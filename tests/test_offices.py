"""Who held which post when, over the curated data in data/, on SQLite and PostgreSQL: the
answers a historian would check, and the rules every year answer must keep."""

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from prosopo import in_power, leaders, queries, service, silences, succession, year_holders
from prosopo.bodies import OrganisationKind, ancestry
from prosopo.filters import HoldingsFilter, HoldingsQuery, PurgesFilter
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
from prosopo.tenured import Loaded, tenure_rules
from prosopo.tenures import CORPUS_YEARS, Basis, year_days

TEXTS = Scope.texts  # what the two texts alone say: the rule's answers without the record


def holder(session: Session, year: int, post: str, scope: Scope = TEXTS) -> list[tuple[str, Basis]]:
    return [
        (h.person.id, h.basis)
        for h in year_holders.who_held(session, HoldingsFilter(year=year, post=post, scope=scope))
    ]


def test_the_premier_in_1956_is_kim_il_sung(repo_session: Session) -> None:
    (found,) = year_holders.who_held(
        repo_session, HoldingsFilter(year=1956, post="premier", scope=TEXTS)
    )
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
    (stated,) = year_holders.who_held(repo_session, HoldingsFilter(year=1956, post="premier"))
    assert (stated.person.id, stated.basis) == ("kim-il-sung", Basis.stated)
    assert any(c.source_kind == "reference" for e in stated.tenure.evidence for c in e.citations)


def test_the_foreign_minister(repo_session: Session) -> None:
    assert holder(repo_session, 1954, "minister-of-foreign-affairs") == [("nam-il", Basis.stated)]
    (in_1957,) = year_holders.who_held(
        repo_session, HoldingsFilter(year=1957, post="minister-of-foreign-affairs", scope=TEXTS)
    )
    assert (in_1957.person.id, in_1957.basis) == ("nam-il", Basis.inferred)
    # bracketed by his appointment (in 1952-1955: he holds the post from the end of 1955 at the
    # latest) and by his dismissal in June 1959, which closes the tenure
    bracket = [e for e in in_1957.tenure.evidence if e.assertion in in_1957.because]
    assert [(e.kind, e.summary) for e in bracket] == [
        ("holding", "from 1952/1955"),
        ("purge", "removed from post 1959-06"),
    ]
    assert in_1957.tenure.closed is not None and in_1957.tenure.closed.how == "removed"
    # his successor follows, with no overlap
    assert holder(repo_session, 1960, "minister-of-foreign-affairs") == [
        ("pak-song-chol", Basis.inferred)
    ]
    found = succession.holders(repo_session, "minister-of-foreign-affairs", TEXTS)
    assert [t.person.id for t in found.tenures] == [
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
    found = leaders.leadership(repo_session, year=1956, scope=TEXTS)
    bodies = {b.organisation.id: b for b in found.bodies}
    cabinet = {s.post.id: s for s in bodies["cabinet"].seats}
    assert [h.person.id for h in cabinet["premier"].holders] == ["kim-il-sung"]
    foreign = {s.post.id: s for s in bodies["ministry-of-foreign-affairs"].seats}
    assert [h.person.id for h in foreign["minister-of-foreign-affairs"].holders] == ["nam-il"]
    # a seat the data cannot fill says why: no source names anyone, or its last holder is last
    # named in a year with a citation, and what bounds that
    empty = [s for b in found.bodies for s in b.seats if not s.holders]
    assert empty and all(s.note and s.note.startswith("no holder for 1956: ") for s in empty)
    assert any("no source in the texts names any holder" in (s.note or "") for s in empty)
    assert any("is last named in it in" in (s.note or "") for s in empty)
    # bodies that did not exist in 1956 are not shown
    assert "nkwp-political-committee" not in bodies and "kcp" not in bodies


def test_the_leadership_shows_the_tree_in_order(repo_session: Session) -> None:
    """Party bodies before the state's and each body before the bodies inside it, every year
    and on a day; a page of seats is a slice of the whole answer's seats."""
    kinds = list(OrganisationKind)
    rows = repo_session.execute(select(Organisation.id, Organisation.parent_id)).all()
    parents = {o.id: o.parent_id for o in rows}
    for asked in [{"year": y} for y in range(1945, 1971)] + [{"date": dt.date(1958, 3, 1)}]:
        bodies = leaders.leadership(repo_session, **asked).bodies  # type: ignore[arg-type]
        order = [b.organisation.id for b in bodies]
        for i, body in enumerate(order):
            inside = ancestry(body, parents)[1:]
            assert all(order.index(a) < i for a in inside if a in order), (asked, body)
        roots = [ancestry(b, parents)[-1] for b in order]
        root_kinds = [kinds.index(OrganisationKind(_kind(repo_session, r))) for r in roots]
        assert root_kinds == sorted(root_kinds), asked
        seats = [(b.organisation, s) for b in bodies for s in b.seats]
        page = leaders.leadership_page(repo_session, limit=3, offset=2, **asked)  # type: ignore[arg-type]
        assert page.total == len(seats)
        assert [(b.organisation, s) for b in page.rows.bodies for s in b.seats] == seats[2:5]
        past = leaders.leadership_page(repo_session, limit=None, offset=10_000, **asked)  # type: ignore[arg-type]
        assert past.total == len(seats) and past.rows.bodies == []


def _kind(session: Session, org_id: str) -> str:
    return session.scalars(select(Organisation.kind).where(Organisation.id == org_id)).one()


def test_factions_in_the_party_top_body(repo_session: Session) -> None:
    found = in_power.factions_in_power(repo_session, "kwp-standing-committee")
    # the body counts with the bodies it succeeded and that succeeded it
    assert {"kwp-political-committee", "kwp-standing-committee"} <= {b.id for b in found.bodies}
    years = {y.year: y for y in found.years}
    in_1956 = {c.faction.id if c.faction else None: c.seats for c in years[1956].factions}
    assert in_1956["yanan"] >= 2 and in_1956["partisan"] >= 3  # Ch'oe Ch'ang-ik, Kim Tu-bong


def _years(session: Session, year: int) -> tuple[list[object], list[object]]:
    return year_holders.who_held(session, HoldingsFilter(year=year)), queries.purges(
        session, PurgesFilter(year=year)
    )


def test_every_year_from_1900_to_2100(repo_session: Session) -> None:
    """The per-year counts equal the lengths of the year lists, and nothing is listed outside
    the corpus years unless a passage states it."""
    counts = {c.year: c for c in queries.purge_counts(repo_session)}
    listed_years = set(repo_session.scalars(select(TenureYear.year).distinct()).all()) | set(counts)
    for year in range(1900, 2101):
        if year not in listed_years:  # nothing held or purged that year: check it is so
            assert not queries.purges(repo_session, PurgesFilter(year=year))
            assert not year_holders.who_held(repo_session, HoldingsFilter(year=year))
            continue
        held, purged = (
            year_holders.who_held(repo_session, HoldingsFilter(year=year)),
            queries.purges(repo_session, PurgesFilter(year=year)),
        )
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


# --- each fact once, and silences explained (issue 21) ----------------------------------------

YEARS = range(CORPUS_YEARS[0], CORPUS_YEARS[1] + 1)


def _twice(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted({p for p in pairs if pairs.count(p) > 1})


def test_each_person_once_in_each_post_in_every_answer(repo_session: Session) -> None:
    """For every year and every scope: no (person, post) is listed twice in the year answer or
    in the leadership, and no two tenures of one person in one post among the post's holders
    claim the same days as certain (Ch'oe Ch'ang-ik was listed as vice-premier three times in
    1956 when an open-dated sentence split his tenure; Nam Il twice as foreign minister in 1959
    when two sources dated his removal four months apart). Two tenures in one year are right
    only when a removal and a return lie between them, as in Ch'oe's Central Committee seat of
    1956 (expelled in August, readmitted in September)."""
    posts = set(repo_session.scalars(select(Tenure.post_id).distinct()))
    twice: list[object] = []
    for scope in Scope:
        for year in YEARS:
            held = year_holders.who_held(repo_session, HoldingsFilter(year=year, scope=scope))
            twice += [
                (scope, year, "year", p) for p in _twice([(h.person.id, h.post.id) for h in held])
            ]
            seats = leaders.leadership(repo_session, year=year, scope=scope)
            seated = [
                (h.person.id, s.post.id) for b in seats.bodies for s in b.seats for h in s.holders
            ]
            twice += [(scope, year, "leadership", p) for p in _twice(seated)]
        for post in posts:
            sure: dict[str, list[tuple[dt.date, dt.date]]] = {}
            for t in succession.holders(repo_session, post, scope).tenures:
                if t.inferred_from is None or t.inferred_to is None:
                    continue
                span = (t.inferred_from, t.inferred_to)
                for other in sure.get(t.person.id, []):
                    if span[0] <= other[1] and other[0] <= span[1]:
                        twice.append((scope, post, t.person.id, span, other))
                sure.setdefault(t.person.id, []).append(span)
    assert twice == [], twice
    in_1956 = year_holders.who_held(
        repo_session, HoldingsFilter(year=1956, post="vice-premier", scope=TEXTS)
    )
    assert [h.person.id for h in in_1956].count("choe-chang-ik") == 1
    cc = succession.holders(repo_session, "kwp-cc-member", TEXTS).tenures
    assert [t.person.id for t in cc].count("choe-chang-ik") == 2


def test_two_holders_competing_for_a_one_holder_post_are_said_to(repo_session: Session) -> None:
    """Pak Hon-yong held the foreign ministry until his fall in 1953; Nam Il's appointment is
    dated only "1952-1955" by Szalontai and March 1953 by the record: in 1952 both may hold it,
    and the year answer and the leadership say so rather than list two ministers silently."""
    rows = year_holders.who_held(
        repo_session, HoldingsFilter(year=1952, post="minister-of-foreign-affairs")
    )
    competing = {h.person.id: [r.id for r in h.competing] for h in rows}
    assert competing == {"nam-il": ["pak-hon-yong"], "pak-hon-yong": ["nam-il"]}
    seats = leaders.leadership(repo_session, year=1952)
    (seat,) = [
        s for b in seats.bodies for s in b.seats if s.post.id == "minister-of-foreign-affairs"
    ]
    assert seat.note == (
        "Nam Il and Pak Hon-yong may each have held this one-holder post on the same days in"
        " 1952: the dates do not tell when one gave way to the other"
    )
    # a post several hold at once has no rivals
    assert all(
        not h.competing
        for h in year_holders.who_held(repo_session, HoldingsFilter(year=1956, post="vice-premier"))
    )
    # in the texts Nam Il's dismissal in June 1959 ends his tenure before his successor's:
    # no competition in 1960; one page of the record keeps him minister until 1962 (a
    # recorded disagreement), and then the answer says both may hold it
    (in_1960,) = year_holders.who_held(
        repo_session, HoldingsFilter(year=1960, post="minister-of-foreign-affairs", scope=TEXTS)
    )
    assert in_1960.person.id == "pak-song-chol" and in_1960.competing == []
    every = year_holders.who_held(
        repo_session, HoldingsFilter(year=1960, post="minister-of-foreign-affairs")
    )
    assert {h.person.id: [r.id for r in h.competing] for h in every} == {
        "nam-il": ["pak-song-chol"],
        "pak-song-chol": ["nam-il"],
    }


def test_a_seat_without_a_holder_says_why(repo_session: Session) -> None:
    first, last = dt.date(1946, 1, 1), dt.date(1946, 12, 31)
    # the body did not exist yet
    assert silences.silences(repo_session, ["premier"], first, last)["premier"].startswith(
        "DPRK Cabinet of Ministers did not exist then (from 1948)"
    )
    # the last holder is named in an earlier year, with the passage, and what bounds that
    why = silences.silences(repo_session, ["minister-of-culture-and-propaganda"], *year_days(1969))[
        "minister-of-culture-and-propaganda"
    ]
    assert why.startswith("its last holder, Ho Jong-suk, is last named in it in 1957 (")
    assert "it ended: " in why
    # and the texts alone name no holder of most ministries
    texts = silences.silences(repo_session, ["minister-of-fisheries"], *year_days(1956), TEXTS)
    assert texts == {
        "minister-of-fisheries": "no source in the texts names any holder of this post"
    }
    # the leadership's empty seats carry the same words
    seats = leaders.leadership(repo_session, year=1956, scope=TEXTS)
    (seat,) = [s for b in seats.bodies for s in b.seats if s.post.id == "minister-of-fisheries"]
    assert seat.note == f"no holder for 1956: {texts['minister-of-fisheries']}"


def test_a_demotion_that_names_no_post_weakens_the_years_after_it(repo_session: Session) -> None:
    """Kim Il, demoted in 1955 without the text saying from what, is vice-premier in the texts in
    1954 and again in 1961: the years between are possible, not inferred, and say why."""
    (found,) = [
        h
        for h in year_holders.who_held(
            repo_session, HoldingsFilter(year=1957, post="vice-premier", scope=TEXTS)
        )
        if h.person.id == "kim-il"
    ]
    assert found.basis is Basis.possible
    assert found.tenure.weakened is not None and found.tenure.weakened.purge is not None
    assert found.tenure.weakened.purge.action.id == "demoted"
    assert "a purge that names no post may have ended it" in found.tenure.bounds
    assert found.tenure.possible and found.tenure.stated
    # the record states the cabinet posts of those years: no purge weakens what a source states
    (stated,) = [
        h
        for h in year_holders.who_held(repo_session, HoldingsFilter(year=1957, post="vice-premier"))
        if h.person.id == "kim-il"
    ]
    assert stated.basis is Basis.stated and "names no post" not in stated.tenure.bounds


def test_a_death_the_text_does_not_call_an_execution_is_not_one(repo_session: Session) -> None:
    kinds = {k.id: k for k in repo_session.scalars(select(PurgeKind))}
    assert kinds["died"].ends == ["all"] and not kinds["died"].weakens
    han = queries.career(repo_session, "han-chi-song", scope=TEXTS)
    assert [p.action.id for p in han.purges if p.action.id in ("died", "executed")] == ["died"]


def test_a_year_list_is_ordered_by_body_post_and_person_name(repo_session: Session) -> None:
    # the build ranks each tenure by the three names (tenures.ordinal); the order is checked
    # here from the names in the answer itself, in Python, for every year and scope
    for scope in Scope:
        for year in range(1945, 1971, 2):
            found = year_holders.who_held(repo_session, HoldingsFilter(year=year, scope=scope))
            keys = [
                (h.post.organisation.name, h.post.title, h.person.name, h.tenure.id) for h in found
            ]
            assert keys == sorted(keys), (year, scope)
            page = year_holders.who_held_page(
                repo_session, HoldingsQuery(year=year, organisation="cabinet", limit=7)
            )
            assert [h.tenure.id for h in page.rows] == [
                h.tenure.id
                for h in year_holders.who_held(
                    repo_session, HoldingsFilter(year=year, organisation="cabinet")
                )
            ][:7]


def test_served_with_orders_bodies_by_first_year_then_name(repo_session: Session) -> None:
    # nothing left to the engine's row order: the same answer on SQLite and PostgreSQL
    persons = repo_session.scalars(select(Tenure.person_id).distinct()).all()
    for person in persons:
        for row in service.served_with(repo_session, person):
            keys = [(b.years[0].first, b.organisation.name) for b in row.bodies]
            assert keys == sorted(keys), (person, row.person.id)


def test_a_year_list_keeps_for_each_person_in_each_post_the_first_tenure_of_the_bases_asked(
    repo_session: Session,
) -> None:
    """For every year, scope and set of bases, the year list (read from what the build wrote
    on each year row) keeps the tenures a second method picks from the plain rows: for each
    person in each post, the tenure of the strongest basis asked for, then the lowest id; in
    the order of the tenure's rank. The data hold persons with two tenures of one post in a
    year (a dismissal and a return), so the choice is tested where it matters."""
    rows = repo_session.execute(
        select(
            TenureYear.tenure_id,
            TenureYear.year,
            TenureYear.basis,
            TenureYear.scope,
            TenureYear.ordinal,
            Tenure.scope.label("tenure_scope"),
            Tenure.ordinal.label("tenure_ordinal"),
            Tenure.person_id,
            Tenure.post_id,
            TenureYear.organisation_id,
            TenureYear.post_id.label("copied_post"),
            Post.organisation_id.label("body"),
        )
        .join(Tenure, Tenure.id == TenureYear.tenure_id)
        .join(Post, Post.id == Tenure.post_id)
    ).all()
    # the copies on the year rows are the tenure's own, and its post's
    assert all(
        (r.scope, r.ordinal, r.copied_post, r.organisation_id)
        == (r.tenure_scope, r.tenure_ordinal, r.post_id, r.body)
        for r in rows
    )
    order = list(Basis)
    groups: dict[tuple[int, str, str, str], list[tuple[int, int, str]]] = {}
    for r in rows:
        key = (r.year, r.tenure_scope, r.person_id, r.post_id)
        groups.setdefault(key, []).append((order.index(Basis(r.basis)), r.tenure_id, r.basis))
    assert any(len(g) > 1 for g in groups.values()), "no person with two tenures of a post"
    ordinal = {r.tenure_id: r.tenure_ordinal for r in rows}
    subsets = [[b for i, b in enumerate(order) if mask >> i & 1] for mask in range(1, 8)]
    for scope in Scope:
        for year in range(CORPUS_YEARS[0], CORPUS_YEARS[1] + 1):
            for bases in subsets:
                firsts = [
                    min(kept)
                    for (y, s, _, _), g in groups.items()
                    if y == year and s == scope.value
                    if (kept := [t for t in g if Basis(t[2]) in bases])
                ]
                expected = sorted((ordinal[tenure], tenure, basis) for _, tenure, basis in firsts)
                asked = HoldingsFilter(year=year, scope=scope, basis=bases)
                held, by = year_holders._held(repo_session, asked)
                found = repo_session.execute(held.order_by(*by)).all()
                assert [(ordinal[t], t, b) for t, b in found] == expected, (scope, year, bases)


def test_the_rule_of_loaded_tenures_is_the_rule_read_from_their_columns(
    repo_session: Session,
) -> None:
    """A year list works out each holder's evidence from the tenures it loaded for the answer;
    that rule is the one read afresh from the stored columns, for every tenure."""
    ids = list(repo_session.scalars(select(Tenure.id).order_by(Tenure.id)))
    loaded = Loaded(repo_session, ids).rules()
    assert loaded == tenure_rules(repo_session, ids)
    assert any(a.ends for r in loaded.values() for a in r.attestations)
    assert any(r.weakened for r in loaded.values())
