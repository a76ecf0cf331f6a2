"""When an assertion held true, as far as its stated dates tell: certainly, possibly, or not.

prosopo never stretches an assertion beyond the dates its sources give. A holding known only to
have started in 1953 is listed for 1953, not for later years; a text that says a post was held
"from 1953 on" is written with an open end (``1953/..``) and is then listed for every later year.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from prosopo.dates import FuzzyDate, year_bounds

OPEN = None  # a span bound that the dates leave open


class Certainty(StrEnum):
    certain = "certain"
    possible = "possible"


def _open_start(date: FuzzyDate) -> bool:
    return date.text.startswith("..")


def _open_end(date: FuzzyDate) -> bool:
    return date.text.endswith("..")


def holding_span(
    start: FuzzyDate | None, end: FuzzyDate | None, during: FuzzyDate | None
) -> tuple[dt.date | None, dt.date | None]:
    """The earliest and latest day the stated dates allow; None where a date is written open."""
    stated = [d for d in (start, end, during) if d is not None]
    if not stated:
        raise ValueError("a holding needs at least one date")
    if start is not None:
        lower = start.earliest
    elif any(_open_start(d) for d in stated):
        lower = OPEN
    else:
        lower = min(d.earliest for d in stated if d.earliest is not None)
    if end is not None:
        upper = end.latest
    elif any(_open_end(d) for d in stated):
        upper = OPEN
    else:
        upper = max(d.latest for d in stated if d.latest is not None)
    return lower, upper


def overlaps_year(earliest: dt.date | None, latest: dt.date | None, year: int) -> bool:
    first, last = year_bounds(year)
    return (earliest is None or earliest <= last) and (latest is None or latest >= first)


def holding_certainty(
    start: FuzzyDate | None, end: FuzzyDate | None, during: FuzzyDate | None, year: int
) -> Certainty | None:
    """Whether a holding with these dates was held at some time in `year`."""
    first, last = year_bounds(year)
    if any(d is not None and d.certainly_within(first, last) for d in (start, end, during)):
        return Certainty.certain
    if (
        start is not None
        and end is not None
        and start.latest is not None
        and end.earliest is not None
        and start.latest <= last
        and end.earliest >= first
    ):
        return Certainty.certain
    if overlaps_year(*holding_span(start, end, during), year):
        return Certainty.possible
    return None


def date_certainty(date: FuzzyDate | None, year: int) -> Certainty | None:
    """Whether something dated `date` happened in `year`."""
    if date is None:
        return None
    first, last = year_bounds(year)
    if date.certainly_within(first, last):
        return Certainty.certain
    if overlaps_year(date.earliest, date.latest, year):
        return Certainty.possible
    return None
