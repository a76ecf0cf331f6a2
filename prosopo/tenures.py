"""Tenures: one person in one post over a stretch of time, reconstructed from every attestation
of that holding, and the one rule that says on what basis a year (or a day) is claimed.

An *attestation* is what one assertion says of a holding: the moments it places it at (a stated
start, a date at which it was held, a stated end; a removal from the post says it was held up to
the removal). Each moment is a day known only to lie between two bounds.

Consecutive attestations of one person in one post form one tenure unless something in the data
may have ended the holding between them (a *closer*: a purge that takes the post away, another
person's attestation in a post with one holder at a time, the end of the body), or one of them
states an end, or the later one states a new start (in the words of a source that also placed
the earlier ones: two sources may date one appointment apart). A tenure runs from its first
moment to its last; where it states no end, it may have lasted beyond its last attestation until
the first closer, but never more than :data:`HORIZON_YEARS` years.

For a period (a year, or a single day) the basis is

- ``stated`` when one assertion alone places the holding in it: a moment certainly inside it, or
  the stretch between an assertion's own start and end (or dates) overlapping it;
- ``inferred`` when it overlaps the stretch between two attestations of the tenure, which the
  holding certainly covered, with nothing in the data ending it in between;
- ``possible`` when the fuzzy dates allow it without requiring it, or it lies after the last
  attestation and before whatever ended the tenure, within the horizon.

Inferred and possible periods are kept inside :data:`CORPUS_YEARS`, the years the two texts
cover; only a stated moment can place anything outside them. Purge events and faction
memberships go through the same rule, as tenures of one attestation that state their own end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Protocol

from prosopo.dates import FuzzyDate

# How long after its last attestation a holding with no stated end may still have lasted (and,
# for a holding known only "by" a date, how long before it). The cabinet was re-formed after
# each election to the Supreme People's Assembly and the party's bodies at each congress, four
# to five years apart; beyond one such term the data say nothing either way.
HORIZON_YEARS = 4

# The years the two texts are about: nothing is inferred or possible outside them.
CORPUS_YEARS = (1920, 1975)


class Basis(StrEnum):
    stated = "stated"
    inferred = "inferred"
    possible = "possible"


# the strongest first: where two tenures of one person in one post touch a period, the one of
# the stronger basis (then the lower id) stands for the person
BASIS_ORDER = {b: i for i, b in enumerate(Basis)}
# one bit for each basis: a set of bases as a number SQL can test (`TenureYear.outranked`)
BASIS_BIT = {b: 1 << i for i, b in enumerate(Basis)}


def without(bases: Iterable[Basis]) -> list[int]:
    """The sets of bases (as bits) that hold none of `bases`."""
    bits = sum(BASIS_BIT[b] for b in set(bases))
    return [n for n in range(1 << len(Basis)) if not n & bits]


_FIRST_DAY = dt.date(CORPUS_YEARS[0], 1, 1)
_LAST_DAY = dt.date(CORPUS_YEARS[1], 12, 31)


def year_days(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _shift(day: dt.date, years: int) -> dt.date:
    """The first or last day of the year `years` away from `day`'s year."""
    year = day.year + years
    return dt.date(year, 1, 1) if years < 0 else dt.date(year, 12, 31)


@dataclass(frozen=True)
class Moment:
    """A day known only to lie between `earliest` and `latest` (None: open that way)."""

    earliest: dt.date | None
    latest: dt.date | None

    @classmethod
    def of(cls, date: FuzzyDate) -> Moment:
        return cls(date.earliest, date.latest)

    def within(self, first: dt.date, last: dt.date) -> bool:
        """Certainly inside [first, last]."""
        return (
            self.earliest is not None
            and self.latest is not None
            and first <= self.earliest
            and self.latest <= last
        )

    def known(self) -> list[dt.date]:
        return [d for d in (self.earliest, self.latest) if d is not None]


def _overlaps(lo: dt.date | None, hi: dt.date | None, first: dt.date, last: dt.date) -> bool:
    return (lo is None or lo <= last) and (hi is None or hi >= first)


@dataclass(frozen=True)
class Attestation:
    """What one assertion says of a holding: its moments in order, and whether the first is a
    stated start and the last a stated end."""

    id: int
    moments: tuple[Moment, ...]
    starts: bool = False
    ends: bool = False
    # the sources that state it: a new start is a new appointment only in the eyes of a source
    # that also placed the earlier holding (two sources may date one appointment apart)
    sources: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not self.moments:
            raise ValueError("an attestation needs at least one moment")

    @property
    def first(self) -> Moment:
        return self.moments[0]

    @property
    def last(self) -> Moment:
        return self.moments[-1]

    def own_span(self) -> tuple[dt.date, dt.date] | None:
        """The days this assertion alone says the holding covered: from its first moment at the
        latest to its last at the earliest."""
        return _sure_span(self.moments)

    def states(self, first: dt.date, last: dt.date) -> bool:
        if any(m.within(first, last) for m in self.moments):
            return True
        span = self.own_span()
        return span is not None and _overlaps(span[0], span[1], first, last)

    def stated_years(self) -> set[int]:
        """The years this assertion alone places the holding in (`states` of each year): a
        moment known to lie inside the year, or its own span reaching into it."""
        years = {
            m.earliest.year
            for m in self.moments
            if m.earliest is not None and m.latest is not None and m.earliest.year == m.latest.year
        }
        span = self.own_span()
        if span is not None:
            years.update(range(span[0].year, span[1].year + 1))
        return years


def _sure_span(moments: Iterable[Moment]) -> tuple[dt.date, dt.date] | None:
    """The days certainly covered by a holding held throughout these moments, if any."""
    moments = list(moments)
    ends = [m.latest for m in moments if m.latest is not None]
    starts = [m.earliest for m in moments if m.earliest is not None]
    if not ends or not starts:
        return None
    lo, hi = min(ends), max(starts)
    return (lo, hi) if lo <= hi else None


@dataclass(frozen=True)
class Closer:
    """Something in the data that may end a holding without attesting it: a purge that takes the
    post away (`purge`), another person's attestation of a post with one holder at a time
    (`successor`), or the end of the body the post belongs to (`body-ended`)."""

    how: str
    moment: Moment
    id: int | None = None  # the assertion, where there is one
    # for a successor: the moment is the other holder's stated start, or their stated end
    starts: bool = False
    ends: bool = False

    def possibly_after(self, moment: Moment) -> bool:
        return (
            self.moment.latest is None
            or moment.earliest is None
            or (self.moment.latest >= moment.earliest)
        )

    def possibly_before(self, moment: Moment) -> bool:
        return (
            self.moment.earliest is None
            or moment.latest is None
            or (self.moment.earliest <= moment.latest)
        )


@dataclass(frozen=True)
class Limits:
    """The days a holding can fall in whatever its attestations say: the body's own dates."""

    earliest: dt.date | None = None
    latest: dt.date | None = None


def _order_key(m: Moment) -> tuple[dt.date, dt.date]:
    return (m.earliest or dt.date.min, m.latest or dt.date.max)


@dataclass(frozen=True)
class Tenure:
    """A holding reconstructed from its attestations; `lower` and `upper` bound every day it
    may have covered, `closer` is what ended it when no attestation states the end."""

    attestations: tuple[Attestation, ...]
    lower: dt.date
    upper: dt.date
    closer: Closer | None = None
    # a purge that may have ended the holding without saying so (a demotion naming no post):
    # nothing after its first day is more than possible
    weakened: Closer | None = None
    moments: tuple[Moment, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "moments", tuple(m for a in self.attestations for m in a.moments))

    @property
    def ending(self) -> Attestation | None:
        """The attestation stating the end, if one does."""
        ended = [a for a in self.attestations if a.ends]
        return max(ended, key=lambda a: _order_key(a.last)) if ended else None

    @property
    def certain_until(self) -> dt.date | None:
        """The last day an inferred year may reach: the day before a weakening purge."""
        if self.weakened is None or self.weakened.moment.earliest is None:
            return None
        return self.weakened.moment.earliest - dt.timedelta(days=1)

    def sure(self) -> tuple[dt.date, dt.date] | None:
        """The days the holding certainly covered, from its first attestation to its last (and
        no later than a purge that may have ended it without saying so)."""
        span = _sure_span(self.moments)
        cap = self.certain_until
        if span is None or cap is None or cap >= span[1]:
            return span
        return (span[0], cap) if cap >= span[0] else None

    def basis(self, first: dt.date, last: dt.date) -> Basis | None:
        """The basis on which the holding falls in [first, last], or None if it does not."""
        if any(a.states(first, last) for a in self.attestations):
            return Basis.stated
        lo, hi = max(self.lower, _FIRST_DAY), min(self.upper, _LAST_DAY)
        if not _overlaps(lo, hi, first, last) or lo > hi:
            return None
        sure = self.sure()
        if sure is not None:
            sure_lo, sure_hi = max(sure[0], lo), min(sure[1], hi)
            if sure_lo <= sure_hi and _overlaps(sure_lo, sure_hi, first, last):
                return Basis.inferred
        return Basis.possible

    def years(self) -> dict[int, Basis]:
        """Every year the holding may fall in, with its basis: `basis` of each year, worked
        out for all years at once (possible in the bounds, inferred in the certain stretch,
        stated where an attestation states it), in year order."""
        out: dict[int, Basis] = {}
        lo, hi = max(self.lower, _FIRST_DAY), min(self.upper, _LAST_DAY)
        if lo <= hi:
            out = dict.fromkeys(range(lo.year, hi.year + 1), Basis.possible)
            sure = self.sure()
            if sure is not None:
                sure_lo, sure_hi = max(sure[0], lo), min(sure[1], hi)
                if sure_lo <= sure_hi:
                    out.update(dict.fromkeys(range(sure_lo.year, sure_hi.year + 1), Basis.inferred))
        for a in self.attestations:
            out.update(dict.fromkeys(a.stated_years(), Basis.stated))
        return dict(sorted(out.items()))

    def evidence(self, first: dt.date, last: dt.date) -> list[int]:
        """The attestations a period's basis rests on: those stating it; for an inferred period
        the two that bracket it; for a possible one those whose dates reach it, or else the last
        before it (the tenure may have gone on) or the first after it."""
        basis = self.basis(first, last)
        if basis is None:
            return []
        if basis is Basis.stated:
            return [a.id for a in self.attestations if a.states(first, last)]
        before = [
            a for a in self.attestations if any(m.latest and m.latest <= last for m in a.moments)
        ]
        if basis is Basis.inferred:
            return _bracketing(before, self.attestations, first)
        reaching = [
            a.id
            for a in self.attestations
            if any(_overlaps(m.earliest, m.latest, first, last) for m in a.moments)
        ]
        if reaching:
            return reaching
        if before:
            return [max(before, key=lambda a: _order_key(a.last)).id]
        return [min(self.attestations, key=lambda a: _order_key(a.first)).id]


def _bracketing(
    before: Sequence[Attestation], attestations: Sequence[Attestation], first: dt.date
) -> list[int]:
    """The two attestations that bracket an inferred period: the latest of those `before` its
    end, and the earliest of those that begin after its start."""
    after = [a for a in attestations if any(m.earliest and m.earliest >= first for m in a.moments)]
    chosen = []
    if before:
        chosen.append(max(before, key=lambda a: max(m.latest or dt.date.min for m in a.moments)))
    if after:
        chosen.append(min(after, key=lambda a: min(m.earliest or dt.date.max for m in a.moments)))
    return list(dict.fromkeys(a.id for a in chosen))


def _last(group: Sequence[Attestation]) -> tuple[Moment, bool]:
    """The group's last moment, and whether it is a stated start."""
    last = max((m for a in group for m in a.moments), key=_order_key)
    return last, any(a.starts and a.first is last for a in group)


def _ignored(
    c: Closer, last: Moment, last_starts: bool, first: Moment | None, first_ends: bool
) -> bool:
    """A closer at the time of a stated start or end is read as the handover itself. In a post
    with one holder at a time, another holder's moment at the time of this holder's start came
    before it, and their stated end at the time of this holder's last moment came before that;
    their stated start at the time of this holder's next moment came after it. Anything at the
    time of a stated end (a removal, an expulsion at the same plenum) came with it."""

    def overlaps(m: Moment | None) -> bool:
        return m is not None and c.possibly_after(m) and c.possibly_before(m)

    successor = c.how == "successor"
    return (
        (successor and (last_starts or c.ends) and overlaps(last))
        or (successor and c.starts and overlaps(first))
        or (first_ends and overlaps(first))
    )


def _one_voice(group: Sequence[Attestation], nxt: Attestation) -> bool:
    """Whether a source of the new attestation also speaks of the earlier ones (or no sources
    are known, as in the rule's own tests)."""
    if not nxt.sources:
        return True
    return any(nxt.sources & a.sources or not a.sources for a in group)


def _separated(group: Sequence[Attestation], nxt: Attestation, closers: Sequence[Closer]) -> bool:
    """Whether something in the data may have ended the holding between `group` and `nxt`."""
    return (
        _after_stated_end(group, nxt)
        or _new_start(group, nxt)
        or _closer_between(group, nxt, closers)
    )


def _after_stated_end(group: Sequence[Attestation], nxt: Attestation) -> bool:
    """Attested again after a stated end: a new tenure; otherwise it may be the same one. An
    attestation that begins before that end and goes on past it is the same holding with
    another end (two sources disagreeing), not a new one."""
    ended = [a.last for a in group if a.ends]
    if not ended:
        return False
    end = max(ended, key=_order_key)
    first = nxt.first
    return end.latest is not None and first.earliest is not None and first.earliest > end.latest


def _new_start(group: Sequence[Attestation], nxt: Attestation) -> bool:
    """A new start after everything before it, in the words of a source of the earlier ones."""
    first = nxt.first
    return (
        nxt.starts
        and all(
            first.earliest is not None and m.latest is not None and first.earliest > m.latest
            for a in group
            for m in a.moments
        )
        and _one_voice(group, nxt)
    )


def _closer_between(
    group: Sequence[Attestation], nxt: Attestation, closers: Sequence[Closer]
) -> bool:
    """Between two consecutive moments, one of them the new attestation's, something may
    have ended the holding (the new attestation can fall between earlier ones)."""
    tagged = sorted(
        [(m, a) for a in (*group, nxt) for m in a.moments], key=lambda pair: _order_key(pair[0])
    )
    # a closer whose date is open on either side cannot be placed between two attestations: it
    # bounds the tenure's end (after the last attestation), never splits it
    placed = [c for c in closers if c.moment.earliest is not None and c.moment.latest is not None]
    # and one inside a stretch a statement of the group says was held throughout is a
    # disagreement between sources, not an end
    held = [span for a in group if (span := a.own_span()) is not None]
    placed = [c for c in placed if not any(c.moment.within(*span) for span in held)]
    for (p, pa), (q, qa) in zip(tagged, tagged[1:], strict=False):
        if pa is qa or nxt not in (pa, qa):
            continue
        p_starts = pa.starts and pa.first is p
        q_ends = qa.ends and qa.last is q
        q = _before_stated_end(p, pa, q, qa)
        if any(
            c.possibly_after(p) and c.possibly_before(q) and not _ignored(c, p, p_starts, q, q_ends)
            for c in placed
        ):
            return True
    return False


def _before_stated_end(p: Moment, pa: Attestation, q: Moment, qa: Attestation) -> Moment:
    """`q`, the moment after `p`, cut at `p` where `p` is a stated end and `q` a last moment
    that may come before it ("held in 1960", ended November 1960): it may lie inside the
    holding, and only what may come before that end splits it."""
    if (
        pa.ends
        and pa.last is p
        and qa.last is q
        and p.latest is not None
        and q.earliest is not None
        and q.earliest <= p.latest
    ):
        return Moment(q.earliest, p.latest if q.latest is None else min(q.latest, p.latest))
    return q


def reconstruct(
    attestations: Iterable[Attestation],
    closers: Sequence[Closer] = (),
    limits: Limits = Limits(),
    horizon: int = HORIZON_YEARS,
    weakeners: Sequence[Closer] = (),
) -> list[Tenure]:
    """The tenures of one person in one post, in time order. `weakeners` are purges that may
    have ended the holding without saying so (a demotion naming no post): they split nothing,
    but no year after one is more than possible."""
    ordered = sorted(attestations, key=lambda a: (_order_key(a.first), a.id))
    same = _overlapping(ordered, closers)
    groups: list[list[Attestation]] = []
    for a in ordered:
        # a statement of the same holding as one already in an earlier tenure joins it (and
        # the tenures it joins become one); a tenure between them that the holding does not
        # certainly cover stays apart
        joined = [i for i, g in enumerate(groups) if any(same[b.id] == same[a.id] for b in g)]
        if joined:
            joined = _joining(groups, joined, a)
            merged = [b for i in sorted(joined) for b in groups[i]]
            groups = [g for i, g in enumerate(groups) if i not in joined]
            groups.append([*merged, a])
        elif groups and not _separated(groups[-1], a, closers):
            groups[-1].append(a)
        else:
            groups.append([a])
    tenures = [_tenure(g, closers, limits, horizon) for g in groups]
    tenures.sort(key=lambda t: (t.lower, t.upper))
    return [_weakened(t, weakeners) for t in tenures]


def _joining(groups: list[list[Attestation]], joined: list[int], a: Attestation) -> list[int]:
    """The tenures `a` joins: those holding a statement of the same holding (`joined`), and
    the tenures between them whose every moment may lie inside the stretch the joined holding
    certainly covers ("appointed some time after May 1952" between two statements of one
    tenure from 1952 to 1955)."""
    stretch = _sure_span(m for i in joined for b in (*groups[i], a) for m in b.moments)
    return joined + [
        i
        for i in range(joined[0] + 1, len(groups))
        if i not in joined and stretch and _may_lie_in(groups[i], stretch)
    ]


def _may_lie_in(group: Sequence[Attestation], stretch: tuple[dt.date, dt.date]) -> bool:
    return all(
        (m.earliest is None or m.earliest <= stretch[1])
        and (m.latest is None or m.latest >= stretch[0])
        for a in group
        for m in a.moments
    )


def _overlapping(attestations: Sequence[Attestation], closers: Sequence[Closer]) -> dict[int, int]:
    """Each attestation's cluster: statements that describe one holding (`_one_holding`),
    directly or through others."""
    cluster = {a.id: a.id for a in attestations}

    def root(i: int) -> int:
        while cluster[i] != i:
            cluster[i] = cluster[cluster[i]]
            i = cluster[i]
        return i

    spans = [(a, a.own_span()) for a in attestations]
    for i, (a, x) in enumerate(spans):
        for b, y in spans[i + 1 :]:
            if _one_holding(a, x, b, y, closers):
                cluster[root(a.id)] = root(b.id)
    return {a.id: root(a.id) for a in attestations}


Span = tuple[dt.date, dt.date] | None


def _one_holding(
    a: Attestation, x: Span, b: Attestation, y: Span, closers: Sequence[Closer]
) -> bool:
    """Whether two statements certainly speak of one holding (`x`, `y`: their certain
    stretches): the stretches overlap; or one's moment lies inside the other's stretch (a
    removal, or a mention, dated within a stretch another source states); or both date its
    start, or both its end, to moments that may be one, with nothing but a handover to another
    holder possibly between them (sources dating one appointment or one dismissal apart).
    Without this, two sources that disagree by a few months cut one holding into pieces that
    each claim the same days."""
    if x and y and x[0] <= y[1] and y[0] <= x[1]:
        return True
    if (x and any(m.within(*x) for m in b.moments)) or (y and any(m.within(*y) for m in a.moments)):
        return True
    return (a.starts and b.starts and _meet(a.first, b.first, closers)) or (
        a.ends and b.ends and _meet(a.last, b.last, closers)
    )


def _meet(p: Moment, q: Moment, closers: Sequence[Closer]) -> bool:
    """Two moments, each known on both sides, that may be the same day, with no closer but a
    successor's (the handover itself) possibly between their first and last days."""
    if p.earliest is None or p.latest is None or q.earliest is None or q.latest is None:
        return False
    if not (p.earliest <= q.latest and q.earliest <= p.latest):
        return False
    hull = Moment(min(p.earliest, q.earliest), max(p.latest, q.latest))
    return not any(
        c.how != "successor" and c.possibly_after(hull) and c.possibly_before(hull) for c in closers
    )


def _weakened(tenure: Tenure, weakeners: Sequence[Closer]) -> Tenure:
    """The tenure with the first weakening purge that certainly falls after its first moment and
    may fall before its last day."""
    first = min(tenure.moments, key=_order_key)
    inside = [
        w
        for w in weakeners
        if w.moment.earliest is not None
        and first.latest is not None
        and w.moment.earliest > first.latest
        and w.moment.earliest <= tenure.upper
    ]
    if not inside:
        return tenure
    return replace(tenure, weakened=min(inside, key=lambda w: _order_key(w.moment)))


def _tenure(
    group: list[Attestation], closers: Sequence[Closer], limits: Limits, horizon: int
) -> Tenure:
    lower = _lower(group, closers, limits, horizon)
    upper, closer = _upper(group, closers, limits, horizon)
    return Tenure(attestations=tuple(group), lower=lower, upper=max(upper, lower), closer=closer)


def _lower(
    group: list[Attestation], closers: Sequence[Closer], limits: Limits, horizon: int
) -> dt.date:
    """Where the holding may have started: the first moment, or before a date written "by
    ...", back to the horizon or the body's first day (an attestation's own stated start
    bounds it: its end written "by ..." does not reach back before that start)."""
    moments = [m for a in group for m in a.moments]
    if any(
        any(m.earliest is None for m in a.moments)
        and not (a.starts and a.first.earliest is not None)
        for a in group
    ):
        lower = _shift(min(d for m in moments for d in m.known()), -horizon)
        # but not before something that ended an earlier holding of the post
        first = min(moments, key=_order_key)
        before = [
            c.moment.earliest
            for c in closers
            if c.moment.earliest is not None
            and c.moment.latest is not None
            and first.latest is not None
            and c.moment.latest <= first.latest
        ]
        lower = max([lower, *before])
    else:
        lower = min(m.earliest for m in moments if m.earliest is not None)
    return lower if limits.earliest is None else max(lower, limits.earliest)


def _upper(
    group: list[Attestation], closers: Sequence[Closer], limits: Limits, horizon: int
) -> tuple[dt.date, Closer | None]:
    """Where the holding may have ended, and what ended it when no attestation states it."""
    moments = [m for a in group for m in a.moments]
    ending = next((a for a in reversed(group) if a.ends and a.last.latest is not None), None)
    if ending is not None:
        assert ending.last.latest is not None
        upper = min(max(m.latest for m in moments if m.latest is not None), ending.last.latest)
        return (upper if limits.latest is None else min(upper, limits.latest)), None
    # it may have gone on after its last attestation: until the first thing that ended it,
    # the end of its body, or the horizon, whichever comes first
    last, last_starts = _last(group)
    known = [d for m in moments for d in m.known()]
    bounds: list[tuple[dt.date, int, Closer | None]] = [(_shift(max(known), horizon), 2, None)]
    bounds += [
        (c.moment.latest, 0, c)
        for c in closers
        if c.possibly_after(last)
        and c.moment.latest is not None
        and not _ignored(c, last, last_starts, None, False)
    ]
    if limits.latest is not None:
        bounds.append((limits.latest, 1, Closer("body-ended", Moment(None, limits.latest))))
    upper, _, closer = min(bounds, key=lambda b: (b[0], b[1]))
    return upper, closer


def alone(attestation: Attestation) -> Tenure:
    """One assertion on its own (a purge, a dated membership, a single holding), never
    stretched beyond its dates: stated in the years it certainly falls in, possible in the
    others its dates allow (an open date reaches as far as the horizon)."""
    return _tenure([replace(attestation, ends=True)], (), Limits(), HORIZON_YEARS)


def year_range(years: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive years as (first, last) runs: 1953, 1954, 1956 → (1953, 1954), (1956, 1956)."""
    runs: list[tuple[int, int]] = []
    for year in sorted(set(years)):
        if runs and runs[-1][1] == year - 1:
            runs[-1] = (runs[-1][0], year)
        else:
            runs.append((year, year))
    return runs


# --- attestations from stored assertions ---------------------------------------------------


def _moment(earliest: object, latest: object) -> Moment:
    return Moment(earliest, latest)  # type: ignore[arg-type]


class Dated(Protocol):
    """The days a date can mean (a `Moment`, a `FuzzyDate`, a date of an answer)."""

    @property
    def earliest(self) -> dt.date | None: ...
    @property
    def latest(self) -> dt.date | None: ...


def holding_of(
    id: int, start: Dated | None, during: Dated | None, end: Dated | None
) -> Attestation:
    """A holding as an attestation: its start, the date it was held at, and its end, in order;
    a stated start starts it and a stated end ends it."""
    moments = tuple(Moment(d.earliest, d.latest) for d in (start, during, end) if d is not None)
    return Attestation(id, moments, starts=start is not None, ends=end is not None)


def holding_attestation(h: Any) -> Attestation:
    """`holding_of` a holding's columns: `h` is anything with its date columns as attributes
    (a PostHolding, a row)."""
    start, during, end = (
        _moment(getattr(h, f"{part}_earliest"), getattr(h, f"{part}_latest"))
        if getattr(h, f"{part}_text") is not None
        else None
        for part in ("start", "during", "end")
    )
    return holding_of(h.id, start, during, end)


def removal_of(id: int, date: Dated | None) -> Attestation:
    """A purge naming the post it took away: the post was held up to that moment (undated: up
    to some day)."""
    moment = Moment(date.earliest, date.latest) if date is not None else Moment(None, None)
    return Attestation(id, (moment,), ends=True)


def removal_attestation(p: Any) -> Attestation:
    """`removal_of` a purge: `p` is a PurgeEvent or a row of its id and date bounds."""
    return removal_of(p.id, _moment(p.date_earliest, p.date_latest))
