from fastapi.testclient import TestClient
from sqlalchemy import text

from api.main import create_app
from prosopo import db
from prosopo.config import Settings

from .helpers import assert_problem


def test_career_of_a_person(client: TestClient) -> None:
    body = client.get("/persons/yun-kong-hum").json()
    assert body["person"]["name"] == "Yun Kong-hum"
    assert [p["action"]["id"] for p in body["purges"]] == ["fled-abroad", "removed-from-post"]
    assert body["posts"][0]["during"] == {
        "text": "1956?",
        "earliest": "1955-01-01",
        "latest": "1957-12-31",
    }
    assert body["factions"][0]["citations"][0]["locator"] == "4.2.1"


def test_unknown_person_is_a_404(client: TestClient) -> None:
    assert_problem(client.get("/persons/kim-jong-il"), 404, "no person with id 'kim-jong-il'")


def test_search_persons_by_name(client: TestClient) -> None:
    (best, *_) = client.get("/persons/search", params={"name": "Choe Chang-ik"}).json()
    assert best["person"]["id"] == "choe-chang-ik"
    assert (best["form"], best["how"], best["score"]) == ("Ch'oe Ch'ang-ik", "normalised", 98.0)


def test_autocomplete_by_prefix(client: TestClient) -> None:
    found = [
        c["person"]["id"] for c in client.get("/persons/search", params={"name": "Kim I"}).json()
    ]
    assert set(found) == {"kim-il", "kim-il-sung"}


def test_resolve_gives_one_person_or_all_candidates(client: TestClient) -> None:
    body = client.get("/persons/resolve", params={"name": "Kim II Sung"}).json()
    assert body["resolved"] is True and body["person"]["id"] == "kim-il-sung"
    body = client.get("/persons/resolve", params={"name": "Kim I"}).json()
    assert body["resolved"] is False and body["person"] is None
    assert {c["person"]["id"] for c in body["candidates"]} == {"kim-il", "kim-il-sung"}


def test_resolve_gives_a_fuzzy_match_as_a_candidate_only(client: TestClient) -> None:
    body = client.get("/persons/resolve", params={"name": "Choe Chang-il"}).json()
    assert body["resolved"] is False and body["person"] is None
    assert [(c["person"]["id"], c["how"]) for c in body["candidates"]] == [
        ("choe-chang-ik", "fuzzy")
    ]


def test_one_hangul_syllable_is_the_start_of_a_name(client: TestClient) -> None:
    response = client.get("/persons/search", params={"name": "김"})
    assert response.status_code == 200, response.text
    assert [(c["person"]["id"], c["how"]) for c in response.json()] == [("kim-il-sung", "prefix")]
    body = client.get("/persons/resolve", params={"name": "김"}).json()
    assert body["resolved"] is False and body["person"] is None  # a surname names no one
    for path in ("/persons/search", "/persons/resolve"):
        assert_problem(client.get(path, params={"name": "박"}), 404, "no person named '박'")


def test_nothing_found_suggests_the_nearest_forms(client: TestClient) -> None:
    for path in ("/persons/search", "/persons/resolve"):
        assert_problem(
            client.get(path, params={"name": "Kim Jong Il"}),
            404,
            "no person named 'Kim Jong Il'; nearest forms: Kim Il (kim-il)",
        )


def test_search_needs_a_name(client: TestClient) -> None:
    assert_problem(client.get("/persons/search"), 422, "query parameter 'name': Field required")
    assert_problem(client.get("/persons/search", params={"name": ""}), 422, "name")


def _ids(client: TestClient, **params: object) -> list[str]:
    response = client.get("/persons", params=params)
    assert response.status_code == 200, response.text
    return [p["id"] for p in response.json()]


def test_everyone_is_listed_and_the_filters_combine(client: TestClient) -> None:
    everyone = client.get("/persons")
    assert everyone.headers["X-Total-Count"] == "4"
    names = [p["name"] for p in everyone.json()]
    assert names == ["Ch'oe Ch'ang-ik", "Kim Il", "Kim Il Sung", "Yun Kong-hum"]
    assert _ids(client, faction="yanan") == ["choe-chang-ik", "yun-kong-hum"]
    assert _ids(client, name="Choe Chang-ik") == ["choe-chang-ik"]  # any spelling
    assert _ids(client, name="Choe Chang-ig") == []  # a fuzzy match is no match
    assert _ids(client, faction="yanan", organisation="ministry-of-commerce") == ["yun-kong-hum"]
    assert _ids(client, purged=1956, action="fled-abroad") == ["yun-kong-hum"]
    # one purge must meet every purge filter: Ch'oe was expelled at the August plenum, and
    # rehabilitated (not expelled) at the September one
    assert _ids(client, action="expelled-from-party", event="kwp-cc-plenum-1956-09") == []
    assert _ids(client, sort="-id") == sorted(_ids(client), reverse=True)
    page = client.get("/persons", params={"limit": 3})
    assert len(page.json()) == 3 and "offset=3" in page.links["next"]["url"]


def test_a_year_says_on_what_basis_each_person_is_active(client: TestClient) -> None:
    rows = {p["id"]: p["active"] for p in client.get("/persons", params={"active": 1956}).json()}
    assert rows["choe-chang-ik"] == "stated"
    assert set(rows.values()) <= {"stated", "inferred", "possible"}
    assert all(p["active"] is None for p in client.get("/persons").json())
    assert client.get("/persons", params={"active": 1900}).json() == []


def test_bad_filters_say_what_was_wrong(client: TestClient) -> None:
    assert_problem(client.get("/persons", params={"faction": "x"}), 404, "no faction with id 'x'")
    assert_problem(client.get("/persons", params={"sort": "age"}), 422, "sort")
    assert_problem(client.get("/persons", params={"limit": 0}), 422, "limit")
    assert_problem(
        client.get("/persons", params={"organisation": "x"}), 404, "no organisation with id 'x'"
    )


def test_timeline_picture(client: TestClient) -> None:
    picture = client.get("/persons/choe-chang-ik/timeline.svg")
    assert picture.headers["content-type"] == "image/svg+xml"
    assert "Vice-Premier" in picture.text and "expelled from the party" in picture.text
    assert_problem(client.get("/persons/nobody/timeline.svg"), 404, "no person")


def test_a_citation_shows_the_documents_its_endnotes_cite(texts_client: TestClient) -> None:
    body = texts_client.get("/persons/kim-il").json()
    (holding,) = [h for h in body["posts"] if h["post"]["id"] == "kwp-standing-committee-member"]
    (citation,) = holding["citations"]
    assert citation["locator"] == "4.1.1"  # its endnote 4.n2 cites two archival documents
    assert [(d["document_type"], d["date"]) for d in citation["documents"]] == [
        ("Report", "1956-05-02"),
        ("Memorandum", "1956-05-04"),
    ]


def test_who_served_with_whom(client: TestClient) -> None:
    """Ch'oe Ch'ang-ik and Kim Il were vice-premiers together in 1956 (the fixture data)."""
    rows = client.get("/persons/choe-chang-ik/served-with").json()
    kim_il = next(r for r in rows if r["person"]["id"] == "kim-il")
    cabinet = next(b for b in kim_il["bodies"] if b["organisation"]["id"] == "cabinet")
    assert any(s["first"] <= 1956 <= s["last"] for s in cabinet["years"])
    assert all(r["person"]["id"] != "choe-chang-ik" for r in rows)
    # served with is symmetric
    back = client.get("/persons/kim-il/served-with").json()
    assert any(r["person"]["id"] == "choe-chang-ik" for r in back)
    assert_problem(client.get("/persons/nobody/served-with"), 404, "no person with id 'nobody'")


def test_a_name_filter_keeps_every_person_it_matches(repo_db: str) -> None:
    """Every person whose name begins with the surname Kim (read from the persons table, not
    through the name index) is in `/persons?name=Kim`: a name filter drops no match."""
    engine = db.make_engine(repo_db)
    with engine.connect() as connection:
        kims = set(connection.scalars(text("SELECT id FROM persons WHERE name LIKE 'Kim %'")))
    engine.dispose()
    with TestClient(create_app(Settings(database_url=repo_db))) as client:
        listed = client.get("/persons", params={"name": "Kim", "limit": 1000}).json()
    assert len(kims) > 10 and kims <= {p["id"] for p in listed}
