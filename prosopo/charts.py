"""Pictures of what people would rather look at than read: a career as a timeline, purges
counted per year, factions in a body over the years. All are drawn from the same query results
the API returns."""

from __future__ import annotations

import datetime as dt
import io
import textwrap

import matplotlib

matplotlib.use("Agg")  # no display here: draw to files and bytes only
matplotlib.rcParams["svg.fonttype"] = "none"  # keep text as text: searchable, accessible
matplotlib.rcParams["svg.hashsalt"] = "prosopo"  # the same picture for the same data

from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from prosopo.dates import STUDIED_YEARS  # noqa: E402
from prosopo.schemas import Career, DateOut, FactionsInPower, YearCount  # noqa: E402


def _render(figure: Figure, fmt: str) -> bytes:
    buffer = io.BytesIO()
    # no creation date in the file: the same data make the same bytes
    metadata = {"Date": None} if fmt == "svg" else {}
    figure.savefig(buffer, format=fmt, bbox_inches="tight", metadata=metadata)
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


MIN_WIDTH = 0.08  # years: a purge dated to one day still shows
# One colour per basis, the same in every picture: stated darkest, possible palest.
BASIS_COLOURS = {"stated": "#08519c", "inferred": "#6baed6", "possible": "#deebf7"}


def career_timeline(career: Career, fmt: str = "svg") -> bytes:
    """One row per tenure: each year drawn by its basis (stated dark, inferred lighter, possible
    palest), the attestations marked with ticks; then one row per purge event, a red mark over
    the span its date allows."""
    years = [
        y
        for t in career.tenures
        for spans in (t.stated, t.inferred, t.possible)
        for s in spans
        for y in (s.first, s.last)
    ]
    days = [day for p in career.purges for day in _bounds(p.date)]
    years += [d.year for d in days]
    first = (min(years) if years else STUDIED_YEARS[0]) - 1
    last = (max(years) if years else STUDIED_YEARS[1]) + 2
    dated = [p for p in career.purges if p.date and p.date.earliest and p.date.latest]
    labels = [t.post.title for t in career.tenures]
    labels += [p.action.name + (f": {p.post.title}" if p.post else "") for p in dated]
    figure, axes = plt.subplots(figsize=(10, 1.2 + 0.35 * max(len(labels), 1)))
    for row, t in enumerate(career.tenures):
        for basis, spans in (
            ("possible", t.possible),
            ("inferred", t.inferred),
            ("stated", t.stated),
        ):
            for s in spans:
                axes.barh(
                    row,
                    s.last + 1 - s.first,
                    left=s.first,
                    color=BASIS_COLOURS[basis],
                    edgecolor="#08519c" if basis == "possible" else None,
                    linewidth=0.3,
                    height=0.6,
                )
        marks = [
            _year(day) + 0.5 / 365.25
            for e in t.evidence
            for d in (
                *((e.holding.start, e.holding.during, e.holding.end) if e.holding else ()),
                e.purge.date if e.purge else None,
            )
            if d is not None
            for day in [_middle(d)]
            if day is not None
        ]
        axes.plot(marks, [row] * len(marks), "|", color="black", markersize=11)
    for row, p in enumerate(dated, start=len(career.tenures)):
        assert p.date and p.date.earliest and p.date.latest
        lo_year, hi_year = _year(p.date.earliest), _year(p.date.latest) + 1 / 365.25
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
        "posts by year: dark stated · mid inferred (between attestations) · pale possible · "
        "ticks: attestations · purges (red): the span their date allows"
    )
    return _render(figure, fmt)


def _middle(d: DateOut) -> dt.date | None:
    """The middle of the days a date can mean, or its one known bound."""
    if d.earliest and d.latest:
        return d.earliest + (d.latest - d.earliest) / 2
    return d.earliest or d.latest


def purges_chart(counts: list[YearCount], title: str, fmt: str = "svg") -> bytes:
    """Stacked bars of purge events per year: stated, and possible on top."""
    years = [c.year for c in counts]
    sure = [c.stated for c in counts]
    maybe = [c.possible for c in counts]
    figure, axes = plt.subplots(figsize=(9, 4))
    axes.bar(years, sure, color="#cb181d", label="dated within the year")
    axes.bar(years, maybe, bottom=sure, color="#fcae91", label="date allows the year")
    axes.set_title(title)
    axes.set_ylabel("purge events")
    axes.legend()
    axes.grid(axis="y", alpha=0.3)
    if years:
        axes.set_xticks(years, [str(y) for y in years], rotation=45)
    return _render(figure, fmt)


FACTION_COLOURS = {
    "partisan": "#d62728",
    "kapsan": "#ff9896",
    "soviet": "#1f77b4",
    "yanan": "#2ca02c",
    "domestic": "#9467bd",
    "skwp": "#ff7f0e",
}


def factions_chart(power: FactionsInPower, fmt: str = "svg") -> bytes:
    """Seats per year stacked by faction (holders stated or inferred), with the holders who are
    only possible that year as a hatched bar on top."""
    years = [y.year for y in power.years]
    names: dict[str, str] = {}
    for y in power.years:
        for c in y.factions:
            names[c.faction.id if c.faction else ""] = (
                c.faction.name if c.faction else "no faction in the data"
            )
    figure, axes = plt.subplots(figsize=(10, 4.5))
    bottom = [0] * len(years)
    for key, name in sorted(names.items(), key=lambda kv: (kv[0] == "", kv[1])):
        heights = [
            sum(c.seats for c in y.factions if (c.faction.id if c.faction else "") == key)
            for y in power.years
        ]
        axes.bar(
            years, heights, bottom=bottom, label=name, color=FACTION_COLOURS.get(key, "#bbbbbb")
        )
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    possible = [y.possible for y in power.years]
    axes.bar(
        years,
        possible,
        bottom=bottom,
        color="white",
        edgecolor="#777777",
        hatch="//",
        label="only possible that year",
    )
    title = f"Factions in {power.body.name}, by year"
    if len(power.line) > 1:
        line = " → ".join(b.name for b in power.line)
        title += "\n" + textwrap.fill(f"counted as one body over time: {line}", 100)
    axes.set_title(title, fontsize=10)
    axes.set_ylabel("seats (persons)")
    axes.legend(fontsize=8, loc="upper left")
    axes.grid(axis="y", alpha=0.3)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    return _render(figure, fmt)
