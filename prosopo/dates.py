"""Fuzzy dates: the text as written (EDTF) plus the earliest and latest day it can mean.

Queries never look at the text, only at the bounds; the text is kept so that nothing a source
hedged ("late 1955", "by 1958", "probably 1957") is rounded into false precision.
docs/data.md has the table of phrases and the forms they are written in.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import time
from dataclasses import dataclass
from functools import lru_cache


class DateError(ValueError):
    """A date string that is not a fuzzy date prosopo understands."""


@dataclass(frozen=True)
class FuzzyDate:
    """An EDTF date with its bounds; a bound is None where the date is open in that direction."""

    text: str
    earliest: dt.date | None
    latest: dt.date | None

    def __str__(self) -> str:
        return self.text

    def certainly_within(self, first: dt.date, last: dt.date) -> bool:
        """True when every day this date can mean lies in [first, last]."""
        return (
            self.earliest is not None
            and self.latest is not None
            and first <= self.earliest
            and self.latest <= last
        )


def _bound(value: object) -> dt.date | None:
    if isinstance(value, time.struct_time):
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    if isinstance(value, float) and math.isinf(value):
        return None
    raise DateError(f"unexpected bound {value!r}")


_PLAIN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def plain_bounds(text: str) -> tuple[dt.date, dt.date] | None:
    """Bounds of a plain year, month or day (``1956``, ``1956-08``, ``1956-08-30``)."""
    m = _PLAIN.match(text)
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    try:
        if month is None:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if day is None:
            return dt.date(year, month, 1), dt.date(
                year, month, calendar.monthrange(year, month)[1]
            )
        return dt.date(year, month, day), dt.date(year, month, day)
    except ValueError:
        return None


def _fast(text: str) -> FuzzyDate | None:
    """Plain dates, intervals of them and open ends, which are most of the data; the edtf
    parser (pyparsing, some 30 ms a date) is kept for everything else. Both give equal bounds."""
    if "/" not in text:
        bounds = plain_bounds(text)
        return FuzzyDate(text, *bounds) if bounds else None
    first, _, second = text.partition("/")
    lower = None if first == ".." else plain_bounds(first)
    upper = None if second == ".." else plain_bounds(second)
    if (first != ".." and lower is None) or (second != ".." and upper is None):
        return None
    if first == ".." and second == "..":
        return None
    earliest = lower[0] if lower else None
    latest = upper[1] if upper else None
    if earliest and latest and earliest > latest:
        raise DateError(f"date {text!r} ends before it starts")
    return FuzzyDate(text, earliest, latest)


@lru_cache(maxsize=4096)
def parse_date(text: str) -> FuzzyDate:
    """Parse an EDTF string such as ``1956``, ``1955-09/1955-12``, ``../1958`` or ``1957?``.

    Approximate and uncertain dates (``~``, ``?``) get the widened bounds the edtf library
    computes, so that a hedged date never counts as certain.
    """
    text = text.strip()
    if not text:
        raise DateError("empty date")
    fast = _fast(text)
    if fast is not None:
        return fast
    if text.startswith("/") or text.endswith("/"):
        # EDTF's "unknown" end would get an invented ten-year bound; say ".." for open instead.
        raise DateError(f"date {text!r} has an empty end: write '..' for an open end")
    from edtf import parse_edtf  # 0.1 s to import, for the few hedged forms only

    try:
        parsed = parse_edtf(text)
    except Exception as error:  # the edtf parser raises several exception types
        raise DateError(f"date {text!r} is not an EDTF date (see docs/data.md)") from error
    try:
        earliest = _bound(parsed.lower_fuzzy())
        latest = _bound(parsed.upper_fuzzy())
    except (ValueError, OverflowError) as error:
        raise DateError(f"date {text!r} has no calendar bounds") from error
    if earliest is not None and latest is not None and earliest > latest:
        raise DateError(f"date {text!r} ends before it starts")
    return FuzzyDate(text, earliest, latest)


# The calendar years a date in the data, or a question, may name: the period with a margin for
# lives before and after it. A year outside is a typing mistake, and beyond 9995 the four-year
# horizon of a tenure would run off the calendar.
FIRST_YEAR, LAST_YEAR = 1800, 2100
# The years the database is about: the web pages' list of years, a chart's span when nothing is
# dated. The data reach further (the texts cover 1920-1975: prosopo.tenures.CORPUS_YEARS).
STUDIED_YEARS = (1945, 1970)
# The years a year's web page, or a count of the seats no source fills, may be asked for.
PAGE_YEARS = (1900, 2000)


def outside_years(date: FuzzyDate) -> bool:
    """Whether a known bound of `date` lies outside FIRST_YEAR to LAST_YEAR."""
    return any(
        bound is not None and not FIRST_YEAR <= bound.year <= LAST_YEAR
        for bound in (date.earliest, date.latest)
    )


def certainly_after(start: FuzzyDate, end: FuzzyDate) -> bool:
    """True when `start` must fall after `end`, whatever days the two dates turn out to be."""
    return start.earliest is not None and end.latest is not None and start.earliest > end.latest
