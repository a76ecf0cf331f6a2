from fastapi.testclient import TestClient

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
    (best, *_) = client.get("/persons", params={"name": "Choe Chang-ik"}).json()
    assert best["person"]["id"] == "choe-chang-ik"
    assert (best["form"], best["how"], best["score"]) == ("Ch'oe Ch'ang-ik", "normalised", 98.0)


def test_autocomplete_by_prefix(client: TestClient) -> None:
    found = [c["person"]["id"] for c in client.get("/persons", params={"name": "Kim I"}).json()]
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
    response = client.get("/persons", params={"name": "김"})
    assert response.status_code == 200, response.text
    assert [(c["person"]["id"], c["how"]) for c in response.json()] == [("kim-il-sung", "prefix")]
    body = client.get("/persons/resolve", params={"name": "김"}).json()
    assert body["resolved"] is False and body["person"] is None  # a surname names no one
    for path in ("/persons", "/persons/resolve"):
        assert_problem(client.get(path, params={"name": "박"}), 404, "no person named '박'")


def test_nothing_found_suggests_the_nearest_forms(client: TestClient) -> None:
    for path in ("/persons", "/persons/resolve"):
        assert_problem(
            client.get(path, params={"name": "Kim Jong Il"}),
            404,
            "no person named 'Kim Jong Il'; nearest forms: Kim Il (kim-il)",
        )


def test_search_needs_a_name(client: TestClient) -> None:
    assert_problem(client.get("/persons"), 422, "query parameter 'name': Field required")
    assert_problem(client.get("/persons", params={"name": ""}), 422, "name")


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
