from fastapi.testclient import TestClient

from .helpers import assert_problem


def test_who_held_posts_in_a_year(client: TestClient) -> None:
    rows = client.get("/holdings", params={"year": 1956}).json()
    assert {(r["person"]["id"], r["post"]["id"], r["basis"]) for r in rows} >= {
        ("kim-il", "vice-premier", "stated"),
        ("yun-kong-hum", "minister-of-commerce", "possible"),
    }
    commerce = next(r for r in rows if r["post"]["id"] == "minister-of-commerce")
    # the tenure: its span, its evidence with citations, what ended it (his flight abroad)
    assert commerce["tenure"]["possible"] == [{"first": 1955, "last": 1956}]
    assert commerce["tenure"]["closed"]["how"] == "purge"
    assert commerce["tenure"]["closed"]["evidence"]["purge"]["action"]["id"] == "fled-abroad"
    evidence = commerce["tenure"]["evidence"]
    assert [e["holding"]["during"]["text"] for e in evidence] == ["1956?"]
    assert commerce["because"] == [evidence[0]["assertion"]]
    assert evidence[0]["holding"]["citations"][0]["locator"] == "4.2.1"


def test_holdings_by_basis(client: TestClient) -> None:
    rows = client.get("/holdings", params={"year": 1956, "basis": "stated"}).json()
    assert rows and all(r["basis"] == "stated" for r in rows)
    both = client.get(
        "/holdings", params=[("year", 1957), ("basis", "stated"), ("basis", "possible")]
    )
    assert {r["basis"] for r in both.json()} == {"stated", "possible"}
    assert_problem(
        client.get("/holdings", params={"year": 1956, "basis": "certain"}),
        422,
        "'stated', 'inferred' or 'possible'",
    )


def test_holdings_a_page_at_a_time(client: TestClient) -> None:
    whole = client.get("/holdings", params={"year": 1956}).json()
    pages = [
        client.get("/holdings", params={"year": 1956, "limit": 2, "offset": start}).json()
        for start in range(0, len(whole), 2)
    ]
    assert [row for page in pages for row in page] == whole
    assert all(len(page) <= 2 for page in pages)
    assert_problem(client.get("/holdings", params={"year": 1956, "limit": 0}), 422, "limit")


def test_holdings_of_one_post_or_organisation(client: TestClient) -> None:
    rows = client.get("/holdings", params={"year": 1956, "post": "minister-of-commerce"}).json()
    assert [r["person"]["id"] for r in rows] == ["yun-kong-hum"]
    texts = {"year": 1956, "organisation": "kwp", "scope": "texts"}
    rows = client.get("/holdings", params=texts).json()
    assert {r["post"]["id"] for r in rows} == {"kwp-standing-committee-member"}
    # the official record adds the Central Committee its page lists
    rows = client.get("/holdings", params={"year": 1956, "organisation": "kwp"}).json()
    assert {r["post"]["id"] for r in rows} == {"kwp-cc-member", "kwp-standing-committee-member"}


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


def seats(body: dict) -> dict[str, list[tuple[str, str]]]:  # type: ignore[type-arg]
    return {
        s["post"]["id"]: [(h["person"]["id"], h["basis"]) for h in s["holders"]]
        for s in body["seats"]
    }


def test_the_leadership_of_a_year(client: TestClient) -> None:
    found = client.get("/leadership", params={"year": 1956, "scope": "texts"}).json()
    assert found["scope"] == "texts"
    bodies = {b["organisation"]["id"]: b for b in found["bodies"]}
    assert seats(bodies["cabinet"]) == {
        "premier": [],  # the text names no premier for 1956: the seat says so
        "vice-premier": [("choe-chang-ik", "stated"), ("kim-il", "stated")],
    }
    premier = next(s for s in bodies["cabinet"]["seats"] if s["post"]["id"] == "premier")
    assert premier["note"] == (
        "no holder for 1956: its last holder in the texts, Kim Il Sung, is last named in it in"
        " 1948 (Author 2005, ch. 1, § 1, ¶ 1); nothing in the data ends it: it may have lasted"
        " until 1952, no more than 4 years after its last attestation"
    )
    assert seats(bodies["ministry-of-commerce"]) == {
        "minister-of-commerce": [("yun-kong-hum", "possible")]
    }
    # party bodies come before the state's
    assert list(bodies).index("kwp-standing-committee") < list(bodies).index("cabinet")
    # with the official record, the 1st Cabinet's page names the premier
    every = client.get("/leadership", params={"year": 1956}).json()
    cabinet = next(b for b in every["bodies"] if b["organisation"]["id"] == "cabinet")
    assert seats(cabinet)["premier"] == [("kim-il-sung", "stated")]


def test_the_leadership_comes_a_page_of_seats_at_a_time(client: TestClient) -> None:
    def seats_of(found: dict) -> list[tuple[str, str]]:  # type: ignore[type-arg]
        return [
            (b["organisation"]["id"], s["post"]["id"]) for b in found["bodies"] for s in b["seats"]
        ]

    whole = client.get("/leadership", params={"year": 1956})
    every = seats_of(whole.json())
    assert whole.headers["X-Total-Count"] == str(len(every)) and "Link" not in whole.headers
    pages, offset = [], 0
    while True:
        page = client.get("/leadership", params={"year": 1956, "limit": 3, "offset": offset})
        assert page.headers["X-Total-Count"] == str(len(every))
        pages += seats_of(page.json())
        if 'rel="next"' not in page.headers.get("Link", ""):
            break
        offset += 3
    assert pages == every and len(every) > 3
    past = client.get("/leadership", params={"year": 1956, "offset": 500})
    assert past.json()["bodies"] == [] and past.headers["X-Total-Count"] == str(len(every))


def test_the_leadership_of_a_day(client: TestClient) -> None:
    before = client.get("/leadership", params={"date": "1956-05-01"}).json()
    after = client.get("/leadership", params={"date": "1956-10-01"}).json()

    def sc(found: dict) -> list[tuple[str, str]]:  # type: ignore[type-arg]
        body = next(
            b for b in found["bodies"] if b["organisation"]["id"] == "kwp-standing-committee"
        )
        return seats(body)["kwp-standing-committee-member"]

    # Ch'oe Ch'ang-ik sat from April to August 1956; Kim Il's start alone makes later days possible
    assert sc(before) == [("choe-chang-ik", "stated"), ("kim-il", "possible")]
    assert sc(after) == [("kim-il", "possible")]


def test_bad_leadership_queries_are_4xx(client: TestClient) -> None:
    assert_problem(client.get("/leadership"), 422, "give a year or a date")
    assert_problem(
        client.get("/leadership", params={"year": 1956, "date": "1956-01-01"}),
        422,
        "give a year or a date",
    )
    assert_problem(client.get("/leadership", params={"date": "1956-13-01"}), 422, "date")


def test_the_holders_of_a_post(client: TestClient) -> None:
    found = client.get("/posts/minister-of-commerce/holders").json()
    assert found["single_holder"] is True
    tenures = [
        (t["person"]["id"], t["stated"], t["possible"], t["closed"]["how"])
        for t in found["tenures"]
    ]
    assert tenures == [
        ("yun-kong-hum", [], [{"first": 1955, "last": 1956}], "purge"),
        ("yun-kong-hum", [{"first": 1957, "last": 1957}], [], "removed"),
    ]
    # no year of 1955-1957 has a stated or inferred holder but 1957
    assert found["gaps"] == []
    assert_problem(client.get("/posts/tsar/holders"), 404, "no post with id 'tsar'")


def test_factions_in_power(client: TestClient) -> None:
    found = client.get("/organisations/cabinet/factions").json()
    years = {y["year"]: y for y in found["years"]}
    in_1956 = {
        (c["faction"]["id"] if c["faction"] else None): (c["seats"], c["possible"])
        for c in years[1956]["factions"]
    }
    # Ch'oe Ch'ang-ik (Yan'an), Kim Il and Kim Il Sung (partisans; the premier from the record)
    # stated; Yun Kong-hum (Yan'an) possible
    assert in_1956 == {"partisan": (2, 0), "yanan": (1, 1)}
    assert (years[1956]["seats"], years[1956]["possible"]) == (3, 1)
    assert {b["id"] for b in found["bodies"]} == {"cabinet", "ministry-of-commerce"}
    picture = client.get("/organisations/cabinet/factions.svg")
    assert picture.headers["content-type"] == "image/svg+xml" and "Partisan" in picture.text
    assert_problem(client.get("/organisations/tsardom/factions"), 404, "no organisation")
