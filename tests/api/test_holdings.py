from fastapi.testclient import TestClient

from .helpers import assert_problem


def test_who_held_posts_in_a_year(client: TestClient) -> None:
    rows = client.get("/holdings", params={"year": 1956}).json()
    assert {(r["person"]["id"], r["holding"]["post"]["id"], r["certainty"]) for r in rows} >= {
        ("kim-il", "vice-premier", "certain"),
        ("yun-kong-hum", "minister-of-commerce", "possible"),
    }


def test_only_certain_holdings(client: TestClient) -> None:
    rows = client.get("/holdings", params={"year": 1956, "certain": "true"}).json()
    assert rows and all(r["certainty"] == "certain" for r in rows)


def test_holdings_of_one_post_or_organisation(client: TestClient) -> None:
    rows = client.get("/holdings", params={"year": 1956, "post": "minister-of-commerce"}).json()
    assert [r["person"]["id"] for r in rows] == ["yun-kong-hum"]
    rows = client.get("/holdings", params={"year": 1956, "organisation": "kwp"}).json()
    assert {r["holding"]["post"]["id"] for r in rows} == {"kwp-standing-committee-member"}


def test_bad_holdings_queries_are_4xx(client: TestClient) -> None:
    assert_problem(client.get("/holdings"), 422, "'year': Field required")
    assert_problem(client.get("/holdings", params={"year": "1956a"}), 422, "valid integer")
    assert_problem(client.get("/holdings", params={"year": 99999}), 422, "less than or equal")
    assert_problem(
        client.get("/holdings", params={"year": 1956, "post": "tsar"}),
        404,
        "no post with id 'tsar'",
    )
    assert_problem(
        client.get("/holdings", params={"year": 1956, "organisation": "x"}),
        404,
        "no organisation with id 'x'",
    )
