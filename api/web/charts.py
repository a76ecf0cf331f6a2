"""The geometry of the pages' pictures, which the templates draw as SVG: a career as a timeline
and counts per year as stacked bars. Drawn in the page (not as images from matplotlib) so that
every mark is a link and has a title, and the page needs nothing but itself."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from prosopo.schemas import Career, DateOut, FactionsInPower, PurgeYearByFaction, YearSpan
from prosopo.tenures import CORPUS_YEARS

WIDTH = 960  # the viewBox is scaled to the page; these are its units
LABELS = 250  # room for the row labels at the left of a timeline
ROW = 22
FIRST_YEAR, LAST_YEAR = CORPUS_YEARS  # the years the texts cover: nothing is drawn outside them

# Okabe–Ito colours, told apart by readers with colour-blindness
FACTION_COLOURS = {
    "partisan": "#0072B2",
    "kapsan": "#56B4E9",
    "soviet": "#D55E00",
    "yanan": "#E69F00",
    "domestic": "#009E73",
    "skwp": "#CC79A7",
}
SEVERAL = "#7f7f7f"  # persons the data place in more than one faction
NONE = "#c8c8c8"  # persons the data place in no faction


def faction_colour(ids: list[str]) -> str:
    if not ids:
        return NONE
    if len(ids) > 1:
        return SEVERAL
    return FACTION_COLOURS.get(ids[0], SEVERAL)


@dataclass
class Mark:
    """A rectangle of a chart, with its link and the words a reader hovers or hears."""

    x: float
    y: float
    width: float
    height: float
    css: str  # its class: the basis or the faction
    title: str
    href: str
    fill: str | None = None


@dataclass
class Axis:
    x: float
    label: str


@dataclass
class Picture:
    width: int
    height: int
    marks: list[Mark] = field(default_factory=list)
    labels: list[tuple[float, str, str]] = field(default_factory=list)  # y, text, href
    axis: list[Axis] = field(default_factory=list)
    title: str = ""


def _years(spans: Iterable[YearSpan]) -> list[int]:
    return [y for s in spans for y in range(s.first, s.last + 1)]


def _date_years(d: DateOut | None) -> tuple[int, int] | None:
    """The years a date may fall in, within the years drawn (an open end: its known bound);
    None when it is undated or lies outside them."""
    known = [day.year for day in (d.earliest, d.latest) if day is not None] if d else []
    if not known:
        return None
    first, last = max(min(known), FIRST_YEAR), min(max(known), LAST_YEAR)
    return (first, last) if first <= last else None


def timeline(career: Career, base: str) -> Picture | None:
    """Each tenure a row of years (stated solid, inferred lighter, possible palest), each dated
    faction membership a row, and the purges a last row of marks; `base` is the person's page,
    whose items the marks link to. None when the data date nothing of the career."""
    rows: list[tuple[str, str, list[tuple[int, int, str, str]]]] = []  # label, href, spans
    for t in career.tenures:
        spans = [
            (y, y, basis, f"{t.post.title}: {basis} {y}")
            for basis, years in (
                ("stated", _years(t.stated)),
                ("inferred", _years(t.inferred)),
                ("possible", _years(t.possible)),
            )
            for y in years
            if FIRST_YEAR <= y <= LAST_YEAR
        ]
        if spans:
            rows.append((t.post.title, f"{base}#tenure-{t.id}", spans))
    for m in career.factions:
        ends = [y for span in (_date_years(m.start), _date_years(m.end)) if span for y in span]
        if ends:
            what = f"{m.faction.name} ({m.label})"
            rows.append((what, f"{base}#{m.id}", [(min(ends), max(ends), "faction", what)]))
    purges = [
        (span[0], span[1], "purge", f"{p.action.name} {p.date.text if p.date else ''}", p.id)
        for p in career.purges
        if (span := _date_years(p.date))
    ]
    years = [y for _, _, spans in rows for a, b, _, _ in spans for y in (a, b)]
    years += [y for a, b, *_ in purges for y in (a, b)]
    if not years:
        return None
    first, last = min(years), max(years)
    step = (WIDTH - LABELS) / (last - first + 1)
    picture = Picture(
        WIDTH, ROW * (len(rows) + (1 if purges else 0)) + 30, title=f"{career.person.name}"
    )
    for i, (label, href, spans) in enumerate(rows):
        y = i * ROW
        picture.labels.append((y + ROW * 0.7, label, href))
        for a, b, css, title in spans:
            x = LABELS + (a - first) * step
            picture.marks.append(Mark(x, y + 3, (b - a + 1) * step - 1, ROW - 6, css, title, href))
    if purges:
        y = len(rows) * ROW
        picture.labels.append((y + ROW * 0.7, "purges", f"{base}#purges"))
        for a, b, css, title, id_ in purges:
            x = LABELS + (a - first) * step
            picture.marks.append(
                Mark(x, y + 3, (b - a + 1) * step - 1, ROW - 6, css, title, f"{base}#{id_}")
            )
    every = 1 if last - first < 15 else 5
    picture.axis = [
        Axis(LABELS + (y - first + 0.5) * step, str(y))
        for y in range(first, last + 1)
        if y % every == 0 or y in (first, last)
    ]
    return picture


@dataclass
class Bar:
    year: int
    total: int
    href: str
    marks: list[Mark]


@dataclass
class Bars:
    width: int
    height: int
    bars: list[Bar]
    axis: list[Axis]
    top: int  # the largest total, which the scale reaches
    legend: list[tuple[str, str]]  # colour, words


def _bars(
    columns: list[tuple[int, str, list[tuple[float, str, str, str]]]],
    legend: list[tuple[str, str]],
) -> Bars:
    """`columns`: (year, link, [(value, css, fill, title)]) stacked from the bottom; the years
    between are kept, empty, so that time reads evenly."""
    height, foot = 240, 24
    first, last = columns[0][0], columns[-1][0]
    step = WIDTH / (last - first + 1)
    top = max(sum(v for v, *_ in segments) for _, _, segments in columns) or 1
    bars = []
    for year, href, segments in columns:
        x = (year - first) * step + 1
        y = float(height)
        marks = []
        for value, css, fill, title in segments:
            h = value / top * (height - 10)
            y -= h
            marks.append(Mark(x, y, step - 2, h, css, title, href, fill))
        bars.append(Bar(year, int(sum(v for v, *_ in segments)), href, marks))
    every = 1 if last - first < 15 else 5
    axis = [
        Axis((y - first + 0.5) * step, str(y))
        for y in range(first, last + 1)
        if y % every == 0 or y in (first, last)
    ]
    return Bars(WIDTH, height + foot, bars, axis, int(top), legend)


def purge_bars(counts: list[PurgeYearByFaction], link: str) -> Bars | None:
    """Purges per year, stacked by the factions of the persons purged (purges dated within the
    year), with those the dates only allow on top, paler; `link` has `{year}` for each bar."""
    columns = []
    seen: dict[str, str] = {}
    for c in counts:
        segments = []
        for g in c.groups:
            if not g.stated:
                continue
            words = " + ".join(f.name for f in g.factions) or "no faction in the data"
            colour = faction_colour([f.id for f in g.factions])
            seen.setdefault(words, colour)
            segments.append((float(g.stated), "stated", colour, f"{c.year}: {g.stated} {words}"))
        if c.possible:
            segments.append(
                (float(c.possible), "possible", "#ffffff", f"{c.year}: {c.possible} possible")
            )
        if segments:
            columns.append((c.year, link.format(year=c.year), segments))
    if not columns:
        return None
    legend = [(colour, words) for words, colour in sorted(seen.items())]
    return _bars(columns, [*legend, ("#ffffff", "the date only allows the year")])


def faction_bars(power: FactionsInPower, link: str) -> Bars | None:
    """The seats of a body per year by the factions of their holders (stated or inferred), a
    person in two factions counting in each, as `FactionsInPower` does."""
    columns = []
    seen: dict[str, str] = {}
    for y in power.years:
        segments = []
        for f in y.factions:
            if not f.seats:
                continue
            words = f.faction.name if f.faction else "no faction in the data"
            colour = faction_colour([f.faction.id] if f.faction else [])
            seen.setdefault(words, colour)
            segments.append((float(f.seats), "seats", colour, f"{y.year}: {f.seats} {words}"))
        if segments:
            columns.append((y.year, link.format(year=y.year), segments))
    if not columns:
        return None
    return _bars(columns, [(colour, words) for words, colour in sorted(seen.items())])
