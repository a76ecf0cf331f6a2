"""The web pages over the curated data, on both engines, without a browser: each answers HTML
with what it is about, and a wrong address is a page that says what was wrong."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.main import create_app
from prosopo.config import Settings


@pytest.fixture
def site(repo_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=repo_db))) as client:
        yield client


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/ui/", "The leadership of a year"),
        ("/ui/persons", "Ch'oe Ch'ang-ik"),
        ("/ui/persons/nam-il", "Minister of Foreign Affairs"),
        ("/ui/years/1956", "Purged in 1956"),
        ("/ui/purges", "Purges per year"),
        ("/ui/purges?action=executed&event=", "Purges per year"),
        ("/ui/factions", "Seats in the party's top body"),
        ("/ui/factions/yanan", "Ch'oe Ch'ang-ik"),
        ("/ui/posts/minister-of-foreign-affairs", "Nam Il"),
        ("/ui/events/kwp-cc-plenum-1956-08", "Ch'oe Ch'ang-ik"),
        ("/ui/sources", "Kim Il Sung in the Khrushchev Era"),
        ("/ui/sources/szalontai-2005/passages/4.2.8", "Szalontai 2005, ch. 4, § 2, ¶ 8"),
        ("/ui/disagreements", "Pak Ch'ang-ok"),
    ],
)
def test_each_page_answers_what_it_is_about(site: TestClient, path: str, says: str) -> None:
    page = site.get(path)
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert says in page.text.replace("&#39;", "'")


def test_the_sources_list_every_archival_document_cited(site: TestClient, repo_db: str) -> None:
    from prosopo import db
    from prosopo.models import ArchivalReference

    engine = db.make_engine(repo_db)
    with engine.connect() as connection:
        cited = connection.execute(select(func.count()).select_from(ArchivalReference)).scalar()
    engine.dispose()
    page = site.get("/ui/sources").text
    listed = page.split("Archival documents cited", 1)[1].split("Index of persons", 1)[0]
    assert cited and listed.count("<li>") == cited
    assert 'href="/ui/sources/szalontai-2005/passages/' in listed


def test_the_root_leads_to_the_pages(site: TestClient) -> None:
    answer = site.get("/", follow_redirects=False)
    assert answer.status_code == 307 and answer.headers["location"] == "/ui/"


def test_a_name_that_means_one_person_leads_to_them(site: TestClient) -> None:
    answer = site.get("/ui/search", params={"q": "최창익"}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/ui/persons/choe-chang-ik"


def test_an_ambiguous_name_lists_everyone_it_may_mean(site: TestClient) -> None:
    answer = site.get("/ui/search", params={"q": "Kim"})
    assert answer.status_code == 200
    assert "may mean any of these" in answer.text
    assert answer.text.count('href="/ui/persons/kim-') > 3


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/ui/persons/kim-jong-un", 404, "no person with id"),
        ("/ui/years/nineteen", 404, "no year"),
        ("/ui/factions/monarchists", 404, "no faction"),
        ("/ui/purges?action=beheaded", 404, "no purge kind"),
        ("/ui/sources/szalontai-2005/passages/99.99.99", 404, "has no passage"),
        ("/ui/sources/szalontai-2005/passages/chapter-four", 422, "locator"),
        ("/ui/nowhere", 404, "Not Found"),
        ("/ui/search?q=" + "x" * 300, 422, "q"),
    ],
)
def test_a_wrong_address_is_a_page_that_says_so(
    site: TestClient, path: str, status: int, says: str
) -> None:
    page = site.get(path)
    assert page.status_code == status
    assert page.headers["content-type"].startswith("text/html")
    assert says in page.text and "Traceback" not in page.text


def test_a_page_without_its_database_says_so(tmp_path: Path) -> None:
    gone = f"sqlite:///{tmp_path / 'never-built.sqlite'}"
    with TestClient(create_app(Settings(database_url=gone))) as client:
        page = client.get("/ui/years/1956")
    assert page.status_code == 503
    assert page.headers["content-type"].startswith("text/html")
    assert "prosopo build" in page.text


def test_the_year_page_explains_an_empty_seat_as_the_api_does(site: TestClient) -> None:
    """One explanation (`silences.silences`), shown by the API's leadership and the year page."""
    found = site.get("/leadership", params={"year": 1956, "scope": "texts"}).json()
    notes = [s["note"] for b in found["bodies"] for s in b["seats"] if s["note"]]
    assert any("is last named in it in" in n for n in notes)
    assert any("no source in the texts names any holder" in n for n in notes)
    page = html.unescape(site.get("/ui/years/1956", params={"scope": "texts"}).text)
    assert [n for n in notes if n not in page] == []
    rivals = site.get("/leadership", params={"year": 1952}).json()
    (seat,) = [
        s
        for b in rivals["bodies"]
        for s in b["seats"]
        if s["post"]["id"] == "minister-of-foreign-affairs"
    ]
    assert seat["note"] in html.unescape(site.get("/ui/years/1952").text)


def test_a_passage_cited_as_context_is_marked_as_context(site: TestClient) -> None:
    page = site.get("/ui/persons/pang-hak-se").text
    # endnote 147 only dates his removal: its citation says "context", 6.5.15 does not
    marked = re.findall(r'<span class="cite context[^"]*">(.*?)</span>\s*</span>', page, re.S)
    assert marked and all('class="role"' in m for m in marked)
    assert any("6.n147" in m for m in marked)
    assert not any("/passages/6.5.15" in m for m in marked)


def test_a_purge_reads_the_same_on_every_page_and_in_the_csv(site: TestClient) -> None:
    """The year, the event and the faction pages word a purge as the CSV and the CLI do
    (prosopo/present.py): its kind, and the post it names."""
    purged = site.get("/purges", params={"year": 1958, "limit": 1000}).json()
    named = [p for p in purged if p["purge"]["post"]]
    assert named  # the check below means something only if some purge names its post
    csv = site.get("/purges", params={"year": 1958, "limit": 1000, "format": "csv"}).text
    year_page = html.unescape(site.get("/ui/years/1958").text)
    for p in named:
        words = f"{p['purge']['action']['name']}: {p['purge']['post']['title']}"
        assert words in csv and words in year_page, words
        if p["purge"]["event"]:
            event_page = site.get(f"/ui/events/{p['purge']['event']['id']}").text
            assert words in html.unescape(event_page), words
