"""Pictures of what people would rather look at than read: a career as a timeline, and
purges counted per year. Both are drawn from the same query results the API returns."""

from __future__ import annotations

import datetime as dt
import io

import matplotlib

matplotlib.use("Agg")  # no display here: draw to files and bytes only
matplotlib.rcParams["svg.fonttype"] = "none"  # keep text as text: searchable, accessible
matplotlib.rcParams["svg.hashsalt"] = "prosopo"  # the same picture for the same data

from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from prosopo.dates import FuzzyDate  # noqa: E402
from prosopo.periods import holding_span  # noqa: E402
from prosopo.schemas import Career, DateOut, YearCount  # noqa: E402


def _render(figure: Figure, fmt: str) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def _year(day: dt.date) -> float:
    return day.year + (day.timetuple().tm_yday - 1) / 365.25


def _bounds(*dates: DateOut | None) -> list[dt.date]:
    days = []
    for d in dates:
        if d is not None:
            days += [b for b in (d.earliest, d.latest) if b is not None]
    return days


MIN_WIDTH = 0.08  # years: a holding or purge dated to one day still shows


def _fuzzy(d: DateOut | None) -> FuzzyDate | None:
    return None if d is None else FuzzyDate(d.text, d.earliest, d.latest)


def career_timeline(career: Career, fmt: str = "svg") -> bytes:
    """One row per post held: a dark bar where the dates make the holding certain, a pale bar
    where they only make it possible (to the edge of the chart where a date is written open);
    then one row per purge event, a red mark over the span its date allows."""
    days = [day for h in career.posts for day in _bounds(h.start, h.end, h.during)] + [
        day for p in career.purges for day in _bounds(p.date)
    ]
    first = (min(days).year if days else 1945) - 1
    last = (max(days).year + 1 if days else 1970) + 1
    dated = [p for p in career.purges if p.date and p.date.earliest and p.date.latest]
    labels = [h.post.title for h in career.posts]
    labels += [p.action.name + (f": {p.post.title}" if p.post else "") for p in dated]
    figure, axes = plt.subplots(figsize=(10, 1.2 + 0.35 * max(len(labels), 1)))
    for row, h in enumerate(career.posts):
        lo, hi = holding_span(_fuzzy(h.start), _fuzzy(h.end), _fuzzy(h.during))
        left = _year(lo) if lo else first
        right = _year(hi) if hi else last
        axes.barh(row, max(right - left, MIN_WIDTH), left=left, color="#9ecae1", height=0.6)
        sure_lo = h.start.latest if h.start else (h.during.earliest if h.during else None)
        sure_hi = h.end.earliest if h.end else (h.during.latest if h.during else None)
        if sure_lo and sure_hi and sure_lo <= sure_hi:
            width = max(_year(sure_hi) - _year(sure_lo), MIN_WIDTH)
            axes.barh(row, width, left=_year(sure_lo), color="#08519c", height=0.6)
    for row, p in enumerate(dated, start=len(career.posts)):
        assert p.date and p.date.earliest and p.date.latest
        lo_year, hi_year = _year(p.date.earliest), _year(p.date.latest)
        axes.barh(row, max(hi_year - lo_year, MIN_WIDTH), left=lo_year, color="#fcae91", height=0.4)
        axes.plot([(lo_year + hi_year) / 2], [row], marker="v", color="#cb181d", markersize=7)
    axes.set_yticks(range(len(labels)), labels, fontsize=8)
    axes.invert_yaxis()
    axes.set_xlim(first, last)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(axis="x", alpha=0.3)
    factions = sorted({m.faction.name for m in career.factions})
    subtitle = f" — {', '.join(factions)}" if factions else ""
    axes.set_title(f"{career.person.name}{subtitle}", fontsize=11)
    axes.set_xlabel(
        "posts: dark where the stated dates make it certain, pale where only possible · "
        "purges (red): the span their date allows"
    )
    return _render(figure, fmt)


def purges_chart(counts: list[YearCount], title: str, fmt: str = "svg") -> bytes:
    """Stacked bars of purge events per year: certain, and possible on top."""
    years = [c.year for c in counts]
    sure = [c.certain for c in counts]
    maybe = [c.possible for c in counts]
    figure, axes = plt.subplots(figsize=(9, 4))
    axes.bar(years, sure, color="#cb181d", label="dated within the year")
    axes.bar(years, maybe, bottom=sure, color="#fcae91", label="date spans several years")
    axes.set_title(title)
    axes.set_ylabel("purge events")
    axes.legend()
    axes.grid(axis="y", alpha=0.3)
    if years:
        axes.set_xticks(years, [str(y) for y in years], rotation=45)
    return _render(figure, fmt)
