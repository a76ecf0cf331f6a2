from fastapi.testclient import TestClient

from .helpers import assert_problem


def test_purged_in_a_year(client: TestClient) -> None:
    rows = client.get("/purges", params={"year": 1956}).json()
    assert [(r["person"]["id"], r["purge"]["action"]["id"]) for r in rows] == [
        ("choe-chang-ik", "expelled-from-party"),
        ("yun-kong-hum", "fled-abroad"),
        ("choe-chang-ik", "rehabilitated"),
    ]
    assert rows[0]["purge"]["event"] == {
        "id": "kwp-cc-plenum-1956-08",
        "name": "August 1956 plenum of the KWP CC",
    }


def test_purged_at_a_plenum(client: TestClient) -> None:
    rows = client.get("/purges", params={"event": "kwp-cc-plenum-1956-09"}).json()
    assert [(r["person"]["id"], r["purge"]["action"]["id"]) for r in rows] == [
        ("choe-chang-ik", "rehabilitated")
    ]


def test_bad_purge_queries_are_4xx(client: TestClient) -> None:
    assert_problem(
        client.get("/purges", params={"action": "shot"}), 404, "no purge kind with id 'shot'"
    )
    assert_problem(client.get("/purges", params={"year": "last"}), 422, "valid integer")
    assert_problem(client.get("/nowhere"), 404, "Not Found")
