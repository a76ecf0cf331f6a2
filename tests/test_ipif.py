"""The IPIF mapping's own rules (the routes are tested in tests/api/test_ipif.py)."""

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from prosopo import answers, ipif
from prosopo.filters import IpifQuery
from prosopo.models import Assertion


def test_ipif_dates_keep_what_the_fuzzy_dates_allow() -> None:
    """A statement dated 1955/1957 may fall in 1956, so `from=1956&to=1956` keeps it, though
    its sort date (its earliest day) is in 1955; a fragment given alone is that year exactly;
    an undated statement is in no range."""
    spans = {"1": (dt.date(1955, 1, 1), dt.date(1957, 12, 31)), "2": (dt.date(1958, 3, 1), None)}

    def kept(**params: str) -> list[str]:
        test = ipif._statement_filter(IpifQuery.model_validate(params), spans)
        return [i for i in ("1", "2", "3") if test({"@id": i})]

    assert kept(**{"from": "1956", "to": "1956"}) == ["1"]
    assert kept(**{"from": "1959"}) == ["2"]  # open-ended: may still hold in 1959
    assert kept(**{"from": "1957"}) == ["1"]  # alone: 1957 exactly
    assert kept(**{"from": "1957-06-01"}) == ["1", "2"]  # a day alone: from then on
    assert kept(to="1954") == []


def test_the_corpus_is_read_once_per_build(
    fixture_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One read serves every base: the server's address is put in the links as they are sent."""
    reads: list[int] = []
    read = ipif.read_corpus

    def counted(session: Session) -> ipif.Corpus:
        reads.append(1)
        return read(session)

    monkeypatch.setattr(ipif, "read_corpus", counted)
    monkeypatch.setattr(ipif, "_CORPORA", type(ipif._CORPORA)())
    first = ipif.listing(fixture_session, "factoids", IpifQuery(p="kim"), "http://a")
    again = ipif.listing(fixture_session, "factoids", IpifQuery(p="kim"), "http://a")
    under_a = ipif.listing(fixture_session, "statements", IpifQuery(p="kim"), "http://a")
    under_b = ipif.listing(fixture_session, "statements", IpifQuery(p="kim"), "http://b")
    assert first == again and under_b["statements"]
    assert reads == [1]
    assert "http://a/" in str(under_a) and "http://a/" not in str(under_b)


def test_every_kind_of_assertion_has_an_answer_and_a_statement() -> None:
    # the kinds as the ORM maps them, not as the dispatchers list them: a kind added to the
    # models without its answer or its statement fails here, not as a gap in an answer
    kinds = [
        mapper.class_
        for mapper in Assertion.__mapper__.polymorphic_map.values()
        if mapper.class_ is not Assertion
    ]
    assert {k.__name__ for k in kinds} == {
        "PersonName",
        "FactionMembership",
        "PostHolding",
        "PurgeEvent",
    }
    for kind in kinds:
        assert answers.assertion_out.dispatch(kind) is not answers.assertion_out.dispatch(Assertion)
        assert ipif._said.dispatch(kind) is not ipif._said.dispatch(Assertion)
