"""A question past its time budget is stopped by the engine and said to be too costly; one
within it is answered, and the session goes on answering afterwards."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from prosopo.budget import within
from prosopo.errors import TooCostly

# counts to a billion: minutes of work on either engine
ENDLESS = text(
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000)"
    " SELECT count(*) FROM n"
)


def test_a_statement_past_its_budget_is_stopped(fixture_session: Session) -> None:
    start = time.monotonic()
    with pytest.raises(TooCostly, match="the count took longer than the 0.2 s"):
        with within(fixture_session, 0.2, what="the count"):
            fixture_session.execute(ENDLESS)
    assert time.monotonic() - start < 5
    fixture_session.rollback()
    with within(fixture_session, 5):
        assert fixture_session.scalar(text("SELECT 1")) == 1


def test_the_budget_ends_with_its_block(fixture_session: Session) -> None:
    with within(fixture_session, 0.01):
        pass
    small = text(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)"
        " SELECT count(*) FROM n"
    )
    assert fixture_session.scalar(small) == 300000  # slower than 0.01 s, and not stopped
