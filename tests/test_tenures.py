"""The tenure rule on its own: bracketing, closing, the horizon, and the basis of a year or day."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from prosopo.dates import parse_date
from prosopo.tenures import (
    CORPUS_YEARS,
    HORIZON_YEARS,
    Attestation,
    Basis,
    Closer,
    Limits,
    Moment,
    Tenure,
    alone,
    reconstruct,
    year_days,
)


def m(text: str) -> Moment:
    return Moment.of(parse_date(text))


def held(id: int, *dates: str, starts: bool = False, ends: bool = False) -> Attestation:
    return Attestation(id, tuple(m(d) for d in dates), starts=starts, ends=ends)


def bases(tenure: Tenure) -> dict[int, str]:
    return {year: basis.value for year, basis in tenure.years().items()}


def test_two_attestations_bracket_the_years_between() -> None:
    # foreign minister in March 1954 and again in mid-1955 and 1958, no end, no successor
    (t,) = reconstruct([held(1, "1954-03-23"), held(2, "1955-05/1955-08"), held(3, "1958")])
    assert bases(t) == {
        1954: "stated",
        1955: "stated",
        1956: "inferred",
        1957: "inferred",
        1958: "stated",
        **{1958 + i: "possible" for i in range(1, HORIZON_YEARS + 1)},
    }
    assert t.evidence(*year_days(1956)) == [2, 3]  # the two that bracket it
    assert t.evidence(*year_days(1954)) == [1]
    assert t.evidence(*year_days(1960)) == [3]  # the last before it: it may have gone on
    assert t.closer is None


def test_a_fuzzy_first_attestation_leaves_its_own_years_possible() -> None:
    # "in 1953-1954" means some time then; a later attestation makes the end of 1954 certain
    (t,) = reconstruct([held(1, "1953/1954"), held(2, "1957")])
    assert bases(t)[1953] == "possible"
    assert bases(t)[1954] == "inferred"
    assert bases(t)[1956] == "inferred"


def test_a_purge_between_two_attestations_makes_two_tenures() -> None:
    first, second = reconstruct(
        [held(1, "1953"), held(2, "1958")], closers=[Closer("purge", m("1955-08"), 9)]
    )
    assert bases(first) == {1953: "stated", 1954: "possible", 1955: "possible"}
    assert first.closer is not None and first.closer.id == 9
    assert bases(second)[1958] == "stated"
    assert 1956 not in bases(second) and 1957 not in bases(second)


def test_a_successor_closes_the_tenure() -> None:
    (t,) = reconstruct([held(1, "1954")], closers=[Closer("successor", m("1956-03"), 7)])
    assert bases(t) == {1954: "stated", 1955: "possible", 1956: "possible"}
    assert t.closer is not None and t.closer.how == "successor"


def test_a_successor_at_the_time_of_a_removal_is_the_handover() -> None:
    # removed in June 1959, a successor named from June 1959: one tenure up to the removal
    (t,) = reconstruct(
        [held(1, "1955"), held(2, "1959-06", ends=True)],
        closers=[Closer("successor", m("1959-06"), 5)],
    )
    assert bases(t) == {
        1955: "stated",
        1956: "inferred",
        1957: "inferred",
        1958: "inferred",
        1959: "stated",
    }
    # and the successor's start is not ended by the one he replaced
    (s,) = reconstruct(
        [held(3, "1959-06", starts=True), held(4, "1962")],
        closers=[Closer("successor", m("1959-06"), 2)],
    )
    assert bases(s)[1960] == "inferred"


def test_a_successor_who_starts_during_a_fuzzy_attestation_came_after_it() -> None:
    # interior minister in 1955 and "in 1960", replaced on 12 November 1960: the successor's
    # start falls inside "1960", so that attestation came before it, and 1956-1959 are inferred
    successor = Closer("successor", m("1960-11-12"), 9, starts=True)
    (t,) = reconstruct(
        [held(1, "1955"), held(2, "1960"), held(3, "1960-11-12", ends=True)], closers=[successor]
    )
    assert [bases(t)[y] for y in range(1956, 1960)] == ["inferred"] * 4
    # the same moment without its being a stated start may have come before "1960": two tenures
    first, _ = reconstruct(
        [held(1, "1955"), held(2, "1960"), held(3, "1960-11-12", ends=True)],
        closers=[Closer("successor", m("1960-11-12"), 9)],
    )
    assert bases(first)[1956] == "possible"


def test_a_stated_end_closes_without_a_horizon() -> None:
    (t,) = reconstruct([held(1, "1953-08/1954-03", "1954-11", ends=True)])
    assert bases(t) == {1953: "possible", 1954: "stated"}
    assert t.upper == dt.date(1954, 11, 30)
    assert t.ending is not None and t.ending.id == 1


def test_attested_again_after_a_stated_end_is_a_second_tenure() -> None:
    first, second = reconstruct([held(1, "1954", "1955-01", ends=True), held(2, "1957")])
    assert set(bases(first)) == {1954, 1955}
    assert min(bases(second)) == 1957


def test_a_new_start_after_everything_before_is_a_second_tenure() -> None:
    first, second = reconstruct([held(1, "1950"), held(2, "1956", starts=True)])
    assert bases(first)[1952] == "possible"  # possible, never inferred, across the gap
    assert "inferred" not in bases(first).values()
    assert min(bases(second)) == 1956


def test_the_horizon_bounds_an_open_end_and_a_by_date() -> None:
    (t,) = reconstruct([held(1, "1956-04", starts=True)])
    assert max(bases(t)) == 1956 + HORIZON_YEARS
    (by,) = reconstruct([held(1, "../1953-03")])  # held "by March 1953"
    assert min(bases(by)) == 1953 - HORIZON_YEARS and bases(by)[1953] == "possible"


def test_the_body_bounds_the_tenure() -> None:
    (t,) = reconstruct([held(1, "1955")], limits=Limits(latest=dt.date(1956, 4, 30)))
    assert bases(t) == {1955: "stated", 1956: "possible"}
    assert t.closer is not None and t.closer.how == "body-ended"


def test_nothing_but_a_statement_lies_outside_the_corpus_years() -> None:
    (t,) = reconstruct([held(1, "1973")])
    assert bases(t) == {1973: "stated", 1974: "possible", 1975: "possible"}
    (early,) = reconstruct([held(1, "1905")])
    assert bases(early) == {1905: "stated"}


def test_the_basis_of_a_day() -> None:
    (t,) = reconstruct([held(1, "1956-04", "1956-08", starts=True, ends=True)])
    assert t.basis(dt.date(1956, 6, 1), dt.date(1956, 6, 1)) is Basis.stated
    assert t.basis(dt.date(1956, 4, 10), dt.date(1956, 4, 10)) is Basis.possible
    assert t.basis(dt.date(1956, 9, 10), dt.date(1956, 9, 10)) is None


def test_a_purge_alone_is_never_stretched() -> None:
    assert bases(alone(held(1, "1956-08-30/1956-08-31"))) == {1956: "stated"}
    assert bases(alone(held(1, "1956/1957"))) == {1956: "possible", 1957: "possible"}
    assert bases(alone(held(1, "1953-08-06/.."))) == {
        1953 + i: "possible" for i in range(HORIZON_YEARS + 1)
    }


# --- properties over any attestations and closers --------------------------------------------

days = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(1970, 12, 31))


@st.composite
def moments(draw: st.DrawFn) -> Moment:
    a, b = sorted((draw(days), draw(days)))
    kind = draw(st.sampled_from(["day", "span", "open-start", "open-end"]))
    if kind == "day":
        return Moment(a, a)
    if kind == "open-start":
        return Moment(None, b)
    if kind == "open-end":
        return Moment(a, None)
    return Moment(a, b)


def _key(moment: Moment) -> tuple[dt.date, dt.date]:
    return (moment.earliest or dt.date.min, moment.latest or dt.date.max)


@st.composite
def attestations(draw: st.DrawFn) -> list[Attestation]:
    n = draw(st.integers(1, 5))
    return [
        Attestation(
            i,
            # an assertion's own dates come in order: start, during, end
            tuple(sorted(draw(st.lists(moments(), min_size=1, max_size=3)), key=_key)),
            starts=draw(st.booleans()),
            ends=draw(st.booleans()),
        )
        for i in range(1, n + 1)
    ]


@given(attestations(), st.lists(moments(), max_size=3))
def test_no_inferred_year_crosses_a_closer(found: list[Attestation], closing: list[Moment]) -> None:
    closers = [Closer("purge", c, 100 + i) for i, c in enumerate(closing)]
    tenures = reconstruct(found, closers)
    assert sorted(a.id for t in tenures for a in t.attestations) == [a.id for a in found]
    for t in tenures:
        for year, basis in t.years().items():
            if not CORPUS_YEARS[0] <= year <= CORPUS_YEARS[1]:
                assert basis is Basis.stated
            if basis is Basis.stated:
                assert t.evidence(*year_days(year)), "a stated year names what states it"
        # nothing that ends a holding lies certainly inside the stretch a tenure claims as
        # certain, unless one assertion's own dates state the holding across it, or it may fall
        # at the time of a stated end
        sure = t.sure()
        for c in closers:
            lo, hi = c.moment.earliest, c.moment.latest
            if sure is None or lo is None or hi is None or not (sure[0] < lo and hi < sure[1]):
                continue
            if any(
                a.ends and c.possibly_after(a.last) and c.possibly_before(a.last)
                for a in t.attestations
            ):
                continue  # read as coming with a stated end (a removal at the same plenum)
            own = _joined([span for a in t.attestations if (span := a.own_span())])
            assert any(span[0] <= lo and hi <= span[1] for span in own), c


def _joined(spans: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """Stretches that overlap, joined: two statements that each certainly cover part of it and
    meet certainly cover the whole."""
    out: list[tuple[dt.date, dt.date]] = []
    for lo, hi in sorted(spans):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out


def test_a_closer_of_open_date_does_not_split_a_tenure() -> None:
    """A sentence dated only "by August 1963" may fall anywhere before: it cannot be placed
    between two attestations, so it splits nothing and only bounds the end (the three pieces
    that listed Ch'oe Ch'ang-ik three times in 1956)."""
    sentenced = Closer("purge", m("../1963-08"), 99)
    found = [held(1, "1952"), held(2, "1955-03-21"), held(3, "1955-08-01")]
    (t,) = reconstruct(found, [sentenced])
    assert bases(t)[1953] == "inferred" and bases(t)[1956] == "possible"
    # a closer whose date is known does split
    assert len(reconstruct(found, [Closer("purge", m("1953"), 98)])) == 2


def test_two_sources_that_overlap_are_one_holding() -> None:
    """One source has him hold the post from 1948 to 1958, another from September 1948 to
    September 1957, when another man took it: not two tenures but one, whose sources disagree
    about its end."""
    successor = Closer("successor", m("1957-09-20"), 7, starts=True)
    one = held(1, "1948", "1958", starts=True, ends=True)
    other = held(2, "1948-09-09", "1957-09-20", starts=True, ends=True)
    (t,) = reconstruct([one, other], [successor])
    assert bases(t)[1950] == "stated"


def test_a_new_start_in_another_source_is_the_same_appointment() -> None:
    """Two sources date one appointment a day apart: one tenure; the same source giving a later
    start (a return after a gap) makes two."""
    first = Attestation(1, (m("1948-09-08"),), starts=True, sources=frozenset({"a"}))
    later = Attestation(2, (m("1948-09-09"), m("1957")), starts=True, sources=frozenset({"b"}))
    assert len(reconstruct([first, later])) == 1
    again = Attestation(3, (m("1953"),), starts=True, sources=frozenset({"a"}))
    assert len(reconstruct([first, again])) == 2


def test_a_purge_naming_no_post_leaves_the_years_after_it_possible() -> None:
    """Kim Il, vice-premier in 1954 and in 1961, was demoted in 1955 without the text saying
    from what: the years after the demotion are possible, not inferred; the tenure is not
    split (he is attested again) and its bounds stand."""
    found = [held(1, "1954"), held(2, "1961")]
    demoted = Closer("weakened", m("1955"), 9)
    (t,) = reconstruct(found, weakeners=[demoted])
    assert t.weakened == demoted and t.certain_until == dt.date(1954, 12, 31)
    assert bases(t)[1954] == "stated" and bases(t)[1961] == "stated"
    assert all(bases(t)[y] == "possible" for y in range(1955, 1961))
    (plain,) = reconstruct(found)
    assert all(bases(plain)[y] == "inferred" for y in range(1955, 1961))
    # a demotion before the tenure, or after its end, changes nothing
    (before,) = reconstruct(found, weakeners=[Closer("weakened", m("1950"), 8)])
    assert before.weakened is None


@st.composite
def open_moments(draw: st.DrawFn) -> Moment:
    """A date known only from one side: "by August 1963", "from 1953 on"."""
    day = draw(days)
    return draw(st.sampled_from([Moment(None, day), Moment(day, None)]))


@given(attestations(), st.lists(open_moments(), max_size=3))
def test_closers_of_open_date_never_split_plain_attestations(
    found: list[Attestation], closing: list[Moment]
) -> None:
    """Attestations that state no start and no end, of one holding, with closers of which only
    one side is known: one tenure, whatever the dates (an open date cannot be placed between
    two attestations, so it cannot cut the holding into pieces that each claim the same years)."""
    plain = [Attestation(a.id, a.moments) for a in found]
    closers = [Closer("purge", c, 100 + i) for i, c in enumerate(closing)]
    (t,) = reconstruct(plain, closers)
    assert sorted(a.id for a in t.attestations) == [a.id for a in found]


@given(attestations(), st.lists(moments(), max_size=3))
def test_the_years_of_a_tenure_are_the_basis_of_each_year(
    found: list[Attestation], closing: list[Moment]
) -> None:
    """`years` works out every year at once; asked year by year, `basis` says the same."""
    closers = [Closer("purge", c, 100 + i) for i, c in enumerate(closing)]
    for t in reconstruct(found, closers):
        one_by_one = {
            year: basis
            for year in range(1900, 2000)
            if (basis := t.basis(*year_days(year))) is not None
        }
        assert t.years() == one_by_one
