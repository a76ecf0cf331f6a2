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


def test_find_persons_by_name(client: TestClient) -> None:
    assert client.get("/persons", params={"name": "Ch'oe Ch'ang-ik"}).json() == [
        {
            "id": "choe-chang-ik",
            "name": "Ch'oe Ch'ang-ik",
            "summary": "Yan'an leader and vice-premier, expelled in 1956.",
        }
    ]
    assert client.get("/persons", params={"name": "nobody"}).json() == []


def test_find_persons_needs_a_name(client: TestClient) -> None:
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
