import pytest

from prosopo.dates import FuzzyDate, parse_date
from prosopo.periods import Certainty, date_certainty, holding_certainty


def certainty(
    start: str | None, end: str | None, during: str | None, year: int
) -> Certainty | None:
    def d(text: str | None) -> FuzzyDate | None:
        return parse_date(text) if text else None

    return holding_certainty(d(start), d(end), d(during), year)


@pytest.mark.parametrize(
    ("start", "end", "during", "year", "expected"),
    [
        ("1953", "1956-08", None, 1954, Certainty.certain),  # spans the year
        ("1953", "1956-08", None, 1956, Certainty.certain),  # ends in it
        ("1953", "1956-08", None, 1957, None),  # after the end
        ("1953", "1956-08", None, 1952, None),  # before the start
        (None, None, "1956", 1956, Certainty.certain),  # attested in the year
        (None, None, "1956?", 1956, Certainty.possible),  # hedged attestation
        (None, None, "1956", 1957, None),  # a bare attestation is not stretched
        ("1953", None, None, 1955, None),  # nor is a bare start
        ("1953/..", None, None, 1955, Certainty.possible),  # unless the text leaves it open
        ("../1958", "1960", None, 1957, Certainty.possible),  # "by 1958": maybe not yet in 1957
        ("../1958", "1960", None, 1959, Certainty.certain),
        ("1955-09/1955-12", "1957/1959", None, 1958, Certainty.possible),
        ("1955-09/1955-12", "1957/1959", None, 1956, Certainty.certain),
    ],
)
def test_holding_certainty_follows_the_stated_dates(
    start: str | None, end: str | None, during: str | None, year: int, expected: Certainty | None
) -> None:
    assert certainty(start, end, during, year) is expected


def test_date_certainty() -> None:
    assert date_certainty(parse_date("1956-08-30/1956-08-31"), 1956) is Certainty.certain
    assert date_certainty(parse_date("1956/1957"), 1957) is Certainty.possible
    assert date_certainty(parse_date("1956"), 1957) is None
    assert date_certainty(None, 1956) is None
