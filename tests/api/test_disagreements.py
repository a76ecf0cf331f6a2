"""Disagreements between passages, side by side: the list, one by id, and in the career."""

from __future__ import annotations

from fastapi.testclient import TestClient

from .helpers import assert_problem

ID = "yun-kong-hum-leaves-commerce"
FLED = "purge:yun-kong-hum:fled-abroad:book-2005:4.2.1"
REMOVED = "purge:yun-kong-hum:removed-from-post:book-2005:5.0.1"


def test_the_list_shows_each_side_with_its_assertion_and_citations(client: TestClient) -> None:
    found = client.get("/disagreements").json()
    assert [d["id"] for d in found] == [ID]
    sides = found[0]["sides"]
    assert [s["assertion"] for s in sides] == [FLED, REMOVED]
    assert [s["purge"]["action"]["id"] for s in sides] == ["fled-abroad", "removed-from-post"]
    assert [s["purge"]["citations"][0]["locator"] for s in sides] == ["4.2.1", "5.0.1"]
    assert sides[0]["purge"]["date"]["text"] == "1956-08-30/1956-09"  # uncertainty kept
    assert found[0]["about"] == "date" and found[0]["person"]["id"] == "yun-kong-hum"


def test_filters(client: TestClient) -> None:
    assert len(client.get("/disagreements", params={"person": "yun-kong-hum"}).json()) == 1
    assert client.get("/disagreements", params={"person": "kim-il-sung"}).json() == []
    assert len(client.get("/disagreements", params={"about": "date"}).json()) == 1
    assert client.get("/disagreements", params={"about": "fate"}).json() == []


def test_bad_questions_say_what_was_wrong(client: TestClient) -> None:
    assert_problem(client.get("/disagreements", params={"person": "nobody"}), 404, "nobody")
    assert_problem(client.get("/disagreements", params={"about": "weather"}), 422, "about")
    assert_problem(client.get("/disagreements/no-such"), 404, "no-such")


def test_one_by_id_is_the_listed_one(client: TestClient) -> None:
    assert client.get(f"/disagreements/{ID}").json() == client.get("/disagreements").json()[0]


def test_the_career_shows_them_side_by_side(client: TestClient) -> None:
    career = client.get("/persons/yun-kong-hum").json()
    assert [d["id"] for d in career["disagreements"]] == [ID]
    # both sides are also in the career's purges, where their ids point
    assert {FLED, REMOVED} <= {p["id"] for p in career["purges"]}
    assert client.get("/persons/kim-il-sung").json()["disagreements"] == []


def test_csv(client: TestClient) -> None:
    text = client.get("/disagreements", params={"format": "csv"}).text
    header, row = text.splitlines()[:2]
    assert header == "id,person,person id,about,question,sides"
    assert row.startswith(f"{ID},Yun Kong-hum,yun-kong-hum,date,")
    # each side with its passages, one that only dates it marked as context
    assert "(book-2005:4.2.1; book-2005:4.n3 (context))" in row and "(book-2005:5.0.1)" in row
