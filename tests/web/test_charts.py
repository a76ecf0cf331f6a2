"""The pictures (prosopo/charts.py): their geometry over the real data, and the one drawing
of it that every view sends."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from prosopo import charts
from prosopo.in_power import factions_in_power
from prosopo.models import Person
from prosopo.queries import career, purge_counts, purge_counts_by_faction


def test_a_timeline_draws_no_mark_outside_the_years_covered(repo_session: Session) -> None:
    """Some fates are dated after the years the texts cover (So Hwang-hui's, 1997): drawn,
    such a mark would have a negative width; it stays in the list of purges instead."""
    assert charts.timeline(career(repo_session, "so-hwang-hui"), "/p") is None
    for person in repo_session.scalars(select(Person.id)):
        drawn = charts.timeline(career(repo_session, person), "/p")
        if drawn is None:
            continue
        assert all(m.width > 0 and charts.LABELS <= m.x < charts.WIDTH for m in drawn.marks)
        assert all(charts.FIRST_YEAR <= int(a.label) <= charts.LAST_YEAR for a in drawn.axis)


def test_the_purge_bars_add_up_to_the_counts(repo_session: Session) -> None:
    """Each purge once, whatever the factions of its person: checked against purge_counts,
    which counts without factions."""
    by_faction = purge_counts_by_faction(repo_session)
    plain = {c.year: (c.stated, c.possible) for c in purge_counts(repo_session)}
    assert {c.year: (c.stated, c.possible) for c in by_faction} == plain
    bars = charts.purge_bars(by_faction, "/ui/years/{year}")
    assert bars is not None
    assert {b.year: b.total for b in bars.bars} == {y: s + p for y, (s, p) in plain.items()}


def test_the_seat_bars_add_up_to_the_seats_and_the_possible_holders(
    repo_session: Session,
) -> None:
    """A body's bars per year: its seats by faction, and on top the holders only possible that
    year, as many as `factions_in_power` counts (and the API's picture draws the same)."""
    power = factions_in_power(repo_session, "kwp-standing-committee")
    bars = charts.faction_bars(power, "/ui/years/{year}")
    assert bars is not None
    drawn = {b.year: b for b in bars.bars}
    assert any(y.possible for y in power.years)
    for y in power.years:
        if y.year not in drawn:
            assert not y.possible and not any(f.seats for f in y.factions)
            continue
        marks = drawn[y.year].marks
        assert sum(1 for m in marks if m.css == "possible") == (1 if y.possible else 0)
        assert drawn[y.year].total == sum(f.seats for f in y.factions) + y.possible
    assert "holders only possible that year" in {words for _, words in bars.legend}
