import datetime as dt

import pytest

from prosopo.dates import DateError, certainly_after, parse_date


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
