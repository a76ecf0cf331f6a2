"""A historian's first visit, in a real browser: search, a career, a year, the purge chart, a
citation, the disagreements; on a desktop and on a phone."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from prosopo import db
from prosopo.queries import purge_counts

from .conftest import SOURCES


def test_a_variant_spelling_lands_on_the_person(page: Page) -> None:
    page.goto("/ui/")
    search = page.get_by_label("Find a person by name, in any spelling or script")
    search.fill("Choe Changik")  # no apostrophes, no hyphen
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/ui/persons/choe-chang-ik$"))
    expect(page.locator("h1")).to_have_text("Ch'oe Ch'ang-ik")
    assert page.foreign == []  # type: ignore[attr-defined]


def test_names_are_suggested_as_you_type(page: Page) -> None:
    page.goto("/ui/")
    page.locator("#q").press_sequentially("Pak Hon", delay=30)
    expect(page.locator('#names option[value="Pak Hon-yong"]')).to_have_count(1)


def test_a_name_not_in_the_data_says_so_and_offers_the_nearest(page: Page) -> None:
    page.goto("/ui/search?q=Qqzz Xxyy")
    expect(page.get_by_role("alert")).to_contain_text("No one named “Qqzz Xxyy” is in the data")
    assert page.locator("main a[href^='/ui/persons/']").count() >= 1


def test_a_careers_timeline_shows_its_posts_and_purges(page: Page) -> None:
    page.goto("/ui/persons/choe-chang-ik")
    timeline = page.locator("svg.timeline")
    expect(timeline).to_be_visible()
    assert timeline.locator("rect.stated").count() > 0
    assert timeline.locator("rect.purge").count() > 0
    assert timeline.locator("text.label", has_text="Vice-Premier").count() >= 1
    expect(page.locator("#purges")).to_contain_text("expelled from the party")
    # a mark leads to the item it draws, with its citation
    href = timeline.locator("rect.purge").first.locator("xpath=..").get_attribute("href")
    assert href is not None and "#purge:choe-chang-ik:" in href
    target = href.split("#", 1)[1]
    assert page.locator(f"[id='{target}'] .cite a").count() > 0


def test_a_year_lists_the_known_holders_and_leads_to_the_next(page: Page) -> None:
    # the texts alone: Nam Il, between his attestations of 1955 and 1959
    page.goto("/ui/years/1957?scope=texts")
    cabinet = page.locator("section.body", has=page.locator("h3", has_text="Cabinet"))
    row = cabinet.locator("tr", has=page.locator("th", has_text="Minister of Foreign Affairs"))
    expect(row).to_contain_text("Nam Il")
    expect(row.locator(".basis")).to_have_text("inferred")
    # every source: the official record states it; the scope links say which sources answer
    page.get_by_role("link", name="all", exact=True).click()
    expect(page).to_have_url(re.compile(r"/ui/years/1957$"))
    row = page.locator("section.body", has=page.locator("h3", has_text="Cabinet")).locator(
        "tr", has=page.locator("th", has_text="Minister of Foreign Affairs")
    )
    expect(row.locator(".holder", has_text="Nam Il").locator(".basis")).to_have_text("stated")
    expect(page.locator("#purges h2")).to_contain_text("Purged in 1957")
    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"/ui/years/1958$"))
    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(re.compile(r"/ui/years/1957$"))


def test_the_purge_chart_has_one_bar_per_year_with_data(page: Page, site_db: str) -> None:
    engine = db.make_engine(site_db)
    with Session(engine) as session:
        years = [c.year for c in purge_counts(session) if c.stated or c.possible]
    engine.dispose()
    page.goto("/ui/purges")
    bars = page.locator("svg.bars a.bar")
    assert [int(y) for y in bars.evaluate_all("bs => bs.map(b => b.dataset.year)")] == years
    bars.filter(has=page.locator("rect")).and_(page.locator("[data-year='1958']")).click()
    expect(page).to_have_url(re.compile(r"/ui/years/1958#purges$"))
    # the filters narrow the chart to one kind
    page.goto("/ui/purges")
    page.get_by_label("Kind").select_option("executed")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"action=executed"))
    assert page.locator("svg.bars a.bar").count() < len(years)


def test_a_citation_opens_its_passage(page: Page) -> None:
    page.goto("/ui/persons/choe-chang-ik")
    link = page.locator("#purges .cite a").first
    reference = link.inner_text()
    link.click()
    expect(page).to_have_url(re.compile(r"/ui/sources/szalontai-2005/passages/"))
    expect(page.locator("h1")).to_have_text(reference)
    if SOURCES:  # the database holds the texts: the passage itself is shown
        assert len(page.locator("blockquote.passage-text").inner_text()) > 100
        expect(page.locator("main")).to_contain_text("Ch'oe Ch'ang-ik")
    else:
        expect(page.locator("main")).to_contain_text("built without the source texts")


def test_disagreements_stand_side_by_side(page: Page) -> None:
    page.goto("/ui/persons/kim-il-sung")
    found = page.locator("#disagreement-kim-il-sung-bureau-head-1945")
    sides = found.locator(".side")
    expect(sides).to_have_count(2)
    expect(sides.nth(0)).to_contain_text("Koh 1965")
    expect(sides.nth(1)).to_contain_text("Szalontai 2005, ch. 1")
    boxes = [sides.nth(i).bounding_box() for i in range(2)]
    assert boxes[0] and boxes[1] and boxes[0]["y"] == boxes[1]["y"]  # side by side


def test_factions_chart_the_top_body_and_the_cabinet(page: Page) -> None:
    page.goto("/ui/factions")
    charts = page.locator("svg.bars")
    expect(charts).to_have_count(2)
    assert charts.nth(0).locator("a.bar").count() > 5


def test_a_page_reads_on_a_phone(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/ui/persons/nam-il")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    expect(page.locator("h1")).to_be_visible()


def test_every_page_is_reached_by_keyboard_and_labelled(page: Page) -> None:
    page.goto("/ui/years/1956")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to content")
    for selector in ("input", "select"):
        for control in page.locator(selector).all():
            assert control.evaluate("c => c.labels.length") > 0
    assert page.locator("svg[role='img'] title").count() == page.locator("svg[role='img']").count()


def test_a_timeline_stays_readable_on_a_phone(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/ui/persons/nam-il")
    label = page.locator("svg.timeline text.label").first
    height = label.evaluate("t => t.getBoundingClientRect().height")
    assert height >= 9  # px: scaled to the phone's width it was about 4
    figure = page.locator("figure.chart", has=page.locator("svg.timeline"))
    # the picture scrolls sideways inside its frame; the page itself does not
    assert figure.evaluate("f => f.scrollWidth > f.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
