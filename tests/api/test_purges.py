from fastapi.testclient import TestClient

from prosopo.filters import PurgesQuery

from .helpers import assert_problem


def test_purged_in_a_year(client: TestClient) -> None:
    rows = client.get("/purges", params={"year": 1956}).json()
    assert [(r["person"]["id"], r["purge"]["action"]["id"]) for r in rows] == [
        ("choe-chang-ik", "expelled-from-party"),
        ("yun-kong-hum", "fled-abroad"),
        ("choe-chang-ik", "rehabilitated"),
    ]
    assert {r["basis"] for r in rows} == {"stated"}
    assert rows[0]["purge"]["event"] == {
        "id": "kwp-cc-plenum-1956-08",
        "name": "August 1956 plenum of the KWP CC",
    }


def test_purges_a_page_at_a_time(client: TestClient) -> None:
    whole = client.get("/purges").json()
    first = client.get("/purges", params={"limit": 3}).json()
    rest = client.get("/purges", params={"offset": 3}).json()
    assert first + rest == whole and len(first) == 3


def test_the_purge_list_takes_the_filters_of_its_query_model(client: TestClient) -> None:
    """Every filter of `PurgesFilter` is a parameter of /purges, the scope among them: the texts
    alone state every purge of the fixture, the official record none."""
    documented = {
        p["name"]
        for p in client.get("/openapi.json").json()["paths"]["/purges"]["get"]["parameters"]
    }
    assert set(PurgesQuery.model_fields) | {"format"} == documented
    every = client.get("/purges").json()
    assert client.get("/purges", params={"scope": "texts"}).json() == every
    assert client.get("/purges", params={"scope": "record"}).json() == []
    assert_problem(client.get("/purges", params={"scope": "gospel"}), 422, "scope")


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


def test_purges_per_year_as_numbers_and_as_a_picture(client: TestClient) -> None:
    counts = client.get("/purges/per-year").json()
    assert counts == [
        {"year": 1956, "stated": 3, "possible": 0},
        {"year": 1957, "stated": 1, "possible": 0},
    ]
    for c in counts:  # each count is the length of the year's list
        listed = client.get("/purges", params={"year": c["year"]}).json()
        assert len(listed) == c["stated"] + c["possible"]
    picture = client.get("/purges/per-year.svg", params={"action": "fled-abroad"})
    assert picture.headers["content-type"] == "image/svg+xml"
    assert "<svg" in picture.text and "fled-abroad" in picture.text
