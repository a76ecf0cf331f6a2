import datetime as dt
import time

import pytest
from edtf import parse_edtf
from hypothesis import given
from hypothesis import strategies as st

from prosopo.dates import DateError, FuzzyDate, certainly_after, parse_date
from prosopo.models import Event, Fuzzy, PostHolding


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("1956", dt.date(1956, 1, 1), dt.date(1956, 12, 31)),
        ("1956-08", dt.date(1956, 8, 1), dt.date(1956, 8, 31)),
        ("1956-08-30", dt.date(1956, 8, 30), dt.date(1956, 8, 30)),
        ("1955-09/1955-12", dt.date(1955, 9, 1), dt.date(1955, 12, 31)),  # late 1955
        ("1957/1959", dt.date(1957, 1, 1), dt.date(1959, 12, 31)),
        ("../1958", None, dt.date(1958, 12, 31)),  # by 1958
        ("1956-08-31/..", dt.date(1956, 8, 31), None),  # after the August plenum
        ("195X", dt.date(1950, 1, 1), dt.date(1959, 12, 31)),
    ],
)
def test_bounds_keep_the_uncertainty_of_the_text(
    text: str, earliest: dt.date | None, latest: dt.date | None
) -> None:
    date = parse_date(text)
    assert (date.text, date.earliest, date.latest) == (text, earliest, latest)


def test_a_hedged_year_is_widened_so_it_is_never_certain() -> None:
    probably = parse_date("1957?")
    assert probably.earliest is not None and probably.earliest < dt.date(1957, 1, 1)
    assert probably.latest is not None and probably.latest > dt.date(1957, 12, 31)
    assert not probably.certainly_within(dt.date(1957, 1, 1), dt.date(1957, 12, 31))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("late 1955", "not an EDTF date"),
        ("1956-13", "not an EDTF date"),
        ("/1958", "write '..' for an open end"),
        ("", "empty date"),
        ("1959/1957", "ends before it starts"),
    ],
)
def test_bad_dates_are_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(DateError, match=message):
        parse_date(text)


def test_certainly_after_needs_the_whole_start_after_the_whole_end() -> None:
    assert certainly_after(parse_date("1957"), parse_date("1956-08"))
    assert not certainly_after(parse_date("1956"), parse_date("1956-08"))
    assert not certainly_after(parse_date("../1957"), parse_date("1956"))


plain = st.builds(
    lambda d, precision: d.isoformat()[:precision],
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(1999, 12, 31)),
    st.sampled_from([4, 7, 10]),
)


@given(plain, plain, st.sampled_from(["single", "interval", "open-start", "open-end"]))
def test_the_fast_path_agrees_with_the_edtf_library(a: str, b: str, shape: str) -> None:
    text = {
        "single": a,
        "interval": f"{min(a, b)}/{max(a, b)}",
        "open-start": f"../{a}",
        "open-end": f"{a}/..",
    }[shape]
    parsed = parse_edtf(text)
    expected = (
        None if shape == "open-start" else _struct(parsed.lower_strict()),
        None if shape == "open-end" else _struct(parsed.upper_strict()),
    )
    assert (parse_date(text).earliest, parse_date(text).latest) == expected


def _struct(value: time.struct_time) -> dt.date:
    return dt.date(value.tm_year, value.tm_mon, value.tm_mday)


def test_a_date_of_the_schema_is_read_from_its_three_columns() -> None:
    event = Event(date_text="late 1955", date_earliest=dt.date(1955, 9, 1), date_latest=None)
    assert event.date == FuzzyDate("late 1955", dt.date(1955, 9, 1), None)
    # no text, no date, whatever the bounds say
    holding = PostHolding(start_text=None, start_earliest=dt.date(1956, 1, 1))
    assert holding.start is None and holding.during is None
    assert isinstance(Event.date, Fuzzy)  # asked of the class, the definition itself
