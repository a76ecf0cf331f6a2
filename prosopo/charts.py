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


def career_timeline(career: Career, fmt: str = "svg") -> bytes:
    """One row per post held: a solid bar where the dates make the holding certain, a pale bar
    where they only make it possible; purge events as red marks on a row of their own."""
    days = [day for h in career.posts for day in _bounds(h.start, h.end, h.during)] + [
        day for p in career.purges for day in _bounds(p.date)
    ]
    first = min(days).year if days else 1945
    last = max(days).year + 1 if days else 1970
    rows = len(career.posts) + 1
    figure, axes = plt.subplots(figsize=(10, 1.2 + 0.4 * rows))
    for row, h in enumerate(career.posts):
        outer = _bounds(h.start, h.end, h.during)
        lo = h.start.earliest if h.start and h.start.earliest else min(outer)
        hi = h.end.latest if h.end and h.end.latest else max(outer)
        axes.barh(row, _year(hi) - _year(lo), left=_year(lo), color="#9ecae1", height=0.6)
        sure_lo = h.start.latest if h.start else (h.during.earliest if h.during else None)
        sure_hi = h.end.earliest if h.end else (h.during.latest if h.during else None)
        if sure_lo and sure_hi and sure_lo <= sure_hi:
            axes.barh(
                row,
                max(_year(sure_hi) - _year(sure_lo), 0.08),
                left=_year(sure_lo),
                color="#08519c",
                height=0.6,
            )
    purge_row = len(career.posts)
    for p in career.purges:
        if p.date and p.date.earliest and p.date.latest:
            mid = (_year(p.date.earliest) + _year(p.date.latest)) / 2
            axes.plot([mid], [purge_row], marker="v", color="#cb181d", markersize=9)
            axes.annotate(
                p.action.name,
                (mid, purge_row),
                textcoords="offset points",
                xytext=(0, 8),
                ha="center",
                fontsize=7,
                rotation=20,
            )
    axes.set_yticks(range(rows), [h.post.title for h in career.posts] + ["purges"])
    axes.invert_yaxis()
    axes.set_xlim(first - 1, last + 1)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(axis="x", alpha=0.3)
    factions = sorted({m.faction.name for m in career.factions})
    subtitle = f" — {', '.join(factions)}" if factions else ""
    axes.set_title(f"{career.person.name}{subtitle}", fontsize=11)
    axes.set_xlabel("dark: certain from the stated dates · pale: possible")
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
