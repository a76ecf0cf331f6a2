"""Pictures of what people would rather look at than read: a career as a timeline, and counts
per year as stacked bars (purges by the factions of those purged or by basis, a body's seats by
faction). Each is first a geometry (what is drawn where, in which colour, linking where), made
from the answer objects the API returns, then drawn by one SVG renderer (`svg`) for every view:
inline in the web pages, where every mark is a link with a title, as the API's `.svg` answers
and as the CLI's files (PNG made from that SVG by CairoSVG).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape

from prosopo.errors import Conflict
from prosopo.schemas import (
    Career,
    DateOut,
    FactionsInPower,
    PurgeYearByFaction,
    YearCount,
    YearSpan,
)
from prosopo.tenures import CORPUS_YEARS

WIDTH = 960  # the viewBox is scaled to the page; these are its units
LABELS = 250  # room for the row labels at the left of a timeline
ROW = 22
LEGEND_ROW = 18
FIRST_YEAR, LAST_YEAR = CORPUS_YEARS  # the years the texts cover: nothing is drawn outside them

# Okabe–Ito colours, told apart by readers with colour-blindness; the one palette of every view
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
# the colours of what is not a faction (the pages' style sheet names the same ones)
COLOURS = {
    "stated": "#1f4e79",
    "inferred": "#6f9fcf",
    "possible": "#d3e3f3",
    "faction": "#4d8f5a",
    "purge": "#b3261e",
    "only-possible": "#ffffff",
}
WORDS = {
    "stated": "stated: a passage places the post in the year",
    "inferred": "inferred: between two attestations",
    "possible": "possible: the dates allow it",
    "faction": "faction",
    "purge": "purge",
}


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
    fill: str


@dataclass
class Axis:
    x: float
    label: str


@dataclass
class Picture:
    """A career's timeline: a labelled row for each tenure and faction, and one of purges."""

    width: int
    height: int
    title: str
    marks: list[Mark] = field(default_factory=list)
    labels: list[tuple[float, str, str]] = field(default_factory=list)  # y, text, href
    axis: list[Axis] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # colour, words


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


Span = tuple[int, int, str, str, str]  # first year, last year, class, title, link


def _rows(career: Career, base: str) -> list[tuple[str, str, list[Span]]]:
    """The timeline's rows: label, link, spans. A tenure's years by basis, then each dated
    faction membership, then the purges."""
    rows: list[tuple[str, str, list[Span]]] = []
    for t in career.tenures:
        href = f"{base}#tenure-{t.id}"
        spans = [
            (y, y, basis, f"{t.post.title}: {basis} {y}", href)
            for basis, years in (
                ("stated", _years(t.stated)),
                ("inferred", _years(t.inferred)),
                ("possible", _years(t.possible)),
            )
            for y in years
            if FIRST_YEAR <= y <= LAST_YEAR
        ]
        if spans:
            rows.append((t.post.title, href, spans))
    for m in career.factions:
        ends = [y for span in (_date_years(m.start), _date_years(m.end)) if span for y in span]
        if ends:
            what = f"{m.faction.name} ({m.label})"
            href = f"{base}#{m.id}"
            rows.append((what, href, [(min(ends), max(ends), "faction", what, href)]))
    purges: list[Span] = [
        (
            span[0],
            span[1],
            "purge",
            f"{p.action.name} {p.date.text if p.date else ''}",
            f"{base}#{p.id}",
        )
        for p in career.purges
        if (span := _date_years(p.date))
    ]
    if purges:
        rows.append(("purges", f"{base}#purges", purges))
    return rows


def timeline(career: Career, base: str) -> Picture | None:
    """Each tenure a row of years (stated solid, inferred lighter, possible palest), each dated
    faction membership a row, and the purges a last row of marks; `base` is the person's page,
    whose items the marks link to. None when the data date nothing of the career."""
    rows = _rows(career, base)
    years = [y for _, _, spans in rows for a, b, *_ in spans for y in (a, b)]
    if not years:
        return None
    first, last = min(years), max(years)
    step = (WIDTH - LABELS) / (last - first + 1)
    used = sorted({css for _, _, spans in rows for _, _, css, *_ in spans}, key=list(WORDS).index)
    picture = Picture(
        WIDTH,
        ROW * len(rows) + 30 + LEGEND_ROW * len(used),
        title=f"Career of {career.person.name}: posts by year (stated solid, inferred lighter,"
        " possible palest), dated faction memberships and purges",
        legend=[(COLOURS[css], WORDS[css]) for css in used],
    )
    for i, (label, href, spans) in enumerate(rows):
        y = i * ROW
        picture.labels.append((y + ROW * 0.7, label, href))
        for a, b, css, title, link in spans:
            x = LABELS + (a - first) * step
            picture.marks.append(
                Mark(x, y + 3, (b - a + 1) * step - 1, ROW - 6, css, title, link, COLOURS[css])
            )
    picture.axis = _axis(first, last, step, LABELS)
    return picture


def _axis(first: int, last: int, step: float, left: float) -> list[Axis]:
    every = 1 if last - first < 15 else 5
    return [
        Axis(left + (y - first + 0.5) * step, str(y))
        for y in range(first, last + 1)
        if y % every == 0 or y in (first, last)
    ]


@dataclass
class Bar:
    year: int
    total: int
    href: str
    marks: list[Mark]


@dataclass
class Bars:
    """Counts per year, each year's segments stacked from the bottom."""

    width: int
    height: int
    title: str
    bars: list[Bar]
    axis: list[Axis]
    top: int  # the largest total, which the scale reaches
    legend: list[tuple[str, str]]  # colour, words


BAR_HEIGHT, FOOT = 240, 24


def _bars(
    title: str,
    columns: list[tuple[int, str, list[tuple[float, str, str, str]]]],
    legend: list[tuple[str, str]],
) -> Bars:
    """`columns`: (year, link, [(value, css, fill, title)]) stacked from the bottom; the years
    between are kept, empty, so that time reads evenly."""
    first, last = columns[0][0], columns[-1][0]
    step = WIDTH / (last - first + 1)
    top = max(sum(v for v, *_ in segments) for _, _, segments in columns) or 1
    bars = []
    for year, href, segments in columns:
        x = (year - first) * step + 1
        y = float(BAR_HEIGHT)
        marks = []
        for value, css, fill, words in segments:
            h = value / top * (BAR_HEIGHT - 10)
            y -= h
            marks.append(Mark(x, y, step - 2, h, css, words, href, fill))
        bars.append(Bar(year, int(sum(v for v, *_ in segments)), href, marks))
    height = BAR_HEIGHT + FOOT + LEGEND_ROW * len(legend)
    return Bars(WIDTH, height, title, bars, _axis(first, last, step, 0), int(top), legend)


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
                (
                    float(c.possible),
                    "possible",
                    COLOURS["only-possible"],
                    f"{c.year}: {c.possible} possible",
                )
            )
        if segments:
            columns.append((c.year, link.format(year=c.year), segments))
    if not columns:
        return None
    legend = [(colour, words) for words, colour in sorted(seen.items())]
    return _bars(
        "Purge events per year, by the factions of those purged",
        columns,
        [*legend, (COLOURS["only-possible"], "the date only allows the year")],
    )


def purge_count_bars(counts: list[YearCount], title: str, link: str) -> Bars | None:
    """Purges per year: those dated within the year, and those the dates only allow on top."""
    columns = [
        (
            c.year,
            link.format(year=c.year),
            [
                (float(n), css, colour, f"{c.year}: {n} {words}")
                for n, css, colour, words in (
                    (c.stated, "stated", COLOURS["purge"], "dated within the year"),
                    (c.possible, "possible", COLOURS["only-possible"], "the date allows the year"),
                )
                if n
            ],
        )
        for c in counts
        if c.stated or c.possible
    ]
    if not columns:
        return None
    legend = [
        (COLOURS["purge"], "dated within the year"),
        (COLOURS["only-possible"], "the date only allows the year"),
    ]
    return _bars(title, columns, legend)


def faction_bars(power: FactionsInPower, link: str) -> Bars | None:
    """The seats of a body per year by the factions of their holders (stated or inferred), a
    person in two factions counting in each, as `FactionsInPower` does; the holders only
    possible that year on top, paler."""
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
        if y.possible:
            paler = COLOURS["only-possible"]
            said = f"{y.year}: {y.possible} only possible that year"
            segments.append((float(y.possible), "possible", paler, said))
        if segments:
            columns.append((y.year, link.format(year=y.year), segments))
    if not columns:
        return None
    if any(y.possible for y in power.years):
        seen.setdefault("holders only possible that year", COLOURS["only-possible"])
    title = f"Factions in {power.body.name}, seats by year"
    if len(power.line) > 1:
        title += f" (counted as one body over time: {' → '.join(b.name for b in power.line)})"
    return _bars(title, columns, [(colour, words) for words, colour in sorted(seen.items())])


HEADING = 28  # the room a picture of its own gives its title, above it
MARGIN = 16  # at either side: the first and last years' labels are centred on their columns


def svg(chart: Picture | Bars, name: str, heading: bool = False) -> str:
    """The one drawing of a chart: an SVG element that stands alone (its colours, fonts and
    legend inside it), whose marks are links with titles; with `heading`, its title is also
    written above it (a page has its own headings). `name` makes its ids unique on a page."""
    ident = escape(name.replace(" ", "-"))
    kind = "timeline" if isinstance(chart, Picture) else "bars"
    top = HEADING if heading else 0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg"'
        f' viewBox="{-MARGIN / 2:g} 0 {chart.width + MARGIN} {chart.height + top}"'
        f' role="img" aria-labelledby="{ident}-title" class="{kind}"'
        ' font-family="system-ui, sans-serif">',
        f'<title id="{ident}-title">{escape(chart.title)}</title>',
    ]
    if heading:
        parts.append(_text(0, 18, chart.title, "heading"))
        parts.append(f'<g transform="translate(0 {top})">')
    if isinstance(chart, Picture):
        parts += _timeline_parts(chart)
        bottom = chart.height - LEGEND_ROW * len(chart.legend)
    else:
        parts += _bar_parts(chart)
        bottom = BAR_HEIGHT + FOOT
    parts += [_text(a.x, bottom - 6, a.label, "axis", anchor="middle") for a in chart.axis]
    for i, (colour, words) in enumerate(chart.legend):
        y = bottom + i * LEGEND_ROW
        parts.append(
            f'<rect x="0" y="{y + 4}" width="12" height="12" fill="{colour}" stroke="#555"'
            ' stroke-width="0.5" class="swatch"/>'
        )
        parts.append(_text(18, y + 14, words, "legend"))
    parts.append("</g></svg>" if heading else "</svg>")
    return "\n".join(parts)


def _text(x: float, y: float, words: str, css: str, anchor: str = "start") -> str:
    size = {"heading": 15, "label": 12}.get(css, 11)
    colour = "#4a4a4a" if css in ("axis", "legend") else "#1b1b1b"
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{colour}"'
        f' class="{css}">{escape(words)}</text>'
    )


def _rect(m: Mark) -> str:
    # a segment the dates only allow is white: a dashed outline shows it
    dashed = ' stroke="#555" stroke-width="1" stroke-dasharray="3 2"'
    outline = dashed if m.fill == COLOURS["only-possible"] else ""
    return (
        f'<rect x="{m.x:.1f}" y="{m.y:.1f}" width="{m.width:.1f}" height="{m.height:.1f}"'
        f' fill="{m.fill}"{outline} class="{m.css}"><title>{escape(m.title)}</title></rect>'
    )


def _timeline_parts(chart: Picture) -> list[str]:
    parts = [
        f'<a href="{escape(href)}">{_text(0, y, _cut(words, 38), "label")}</a>'
        for y, words, href in chart.labels
    ]
    parts += [f'<a href="{escape(m.href)}">{_rect(m)}</a>' for m in chart.marks]
    return parts


def _bar_parts(chart: Bars) -> list[str]:
    parts = [
        f'<a href="{escape(b.href)}" class="bar" data-year="{b.year}"'
        f' aria-label="{b.year}: {b.total}">' + "".join(_rect(m) for m in b.marks) + "</a>"
        for b in chart.bars
    ]
    parts.append(_text(4, 12, str(chart.top), "axis"))
    return parts


def _cut(words: str, most: int) -> str:
    return words if len(words) <= most else words[: most - 1] + "…"


def drawn(chart: Picture | Bars | None, name: str, why: str) -> str:
    """The chart as an SVG document of its own (the API's and the CLI's), or one saying `why`
    there is nothing to draw."""
    picture = svg(chart, name, heading=True) if chart is not None else nothing(why)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + picture


def nothing(why: str) -> str:
    """A picture that says why there is nothing to draw."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 960 40" role="img"'
        f' font-family="system-ui, sans-serif"><title>{escape(why)}</title>'
        f"{_text(4, 24, why, 'label')}</svg>"
    )


def png(picture: str) -> bytes:
    """The SVG drawn as PNG by CairoSVG (it needs the Cairo library)."""
    try:
        import cairosvg  # imported only when a PNG is asked for
    except (ImportError, OSError) as error:
        raise Conflict(
            f"a PNG needs CairoSVG and the Cairo library ({error}); ask for .svg instead"
        ) from None
    return bytes(cairosvg.svg2png(bytestring=picture.encode("utf-8"), output_width=1920))
