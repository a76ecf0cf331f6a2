"""The vocabularies and what the data hold of each, as a client building its filters reads
them: every id listed is one another route takes."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from .helpers import assert_problem


def _ids(items: list[dict[str, Any]]) -> list[str]:
    return [i["id"] for i in items]


def test_factions_with_their_members_and_fates(client: TestClient) -> None:
    listed = {f["id"]: f for f in client.get("/factions").json()}
    assert listed["yanan"]["members"] == 2 and listed["partisan"]["members"] == 2
    yanan = client.get("/factions/yanan").json()
    assert yanan["faction"]["members"] == 2
    labels = [(m["person"]["id"], m["membership"]["label"]) for m in yanan["members"]]
    assert labels == [("choe-chang-ik", "Yan'an group"), ("yun-kong-hum", "Yan'an man")]
    assert all(m["membership"]["citations"] for m in yanan["members"])
    # the fates are the purges of its members, and only theirs
    fates = {(p["person"]["id"], p["purge"]["action"]["id"]) for p in yanan["purges"]}
    assert ("choe-chang-ik", "expelled-from-party") in fates
    assert ("yun-kong-hum", "fled-abroad") in fates
    assert {p for p, _ in fates} <= {"choe-chang-ik", "yun-kong-hum"}
    counted = sum(y["stated"] + y["possible"] for y in yanan["purges_per_year"])
    filtered = client.get("/purges/per-year", params={"faction": "yanan"}).json()
    assert counted == sum(y["stated"] + y["possible"] for y in filtered) > 0
    as_list = client.get("/purges", params={"faction": "yanan", "limit": 1000}).json()
    assert [p["purge"] for p in as_list] == [p["purge"] for p in yanan["purges"]]


def test_the_organisation_tree_with_posts_and_holders(client: TestClient) -> None:
    tree = client.get("/organisations").json()
    assert _ids(tree) == ["kwp", "cabinet"]  # the party first, then the state
    kwp = tree[0]
    assert _ids(kwp["bodies"]) == ["kwp-cc"]
    standing = kwp["bodies"][0]["bodies"][0]
    assert standing["id"] == "kwp-standing-committee"
    assert standing["labels"] == ["Standing Committee", "Presidium"]
    assert (standing["start"], standing["end"]) == ("1956-04", "1961-09")
    cabinet = client.get("/organisations/cabinet").json()
    premier = next(p for p in cabinet["posts"] if p["id"] == "premier")
    assert premier["single_holder"] and premier["holders"][0]["person"]["id"] == "kim-il-sung"
    commerce = cabinet["bodies"][0]["posts"][0]
    held = [h["person"]["id"] for h in commerce["holders"]]
    assert commerce["id"] == "minister-of-commerce" and len(held) == 2
    whole = client.get("/posts/minister-of-commerce/holders").json()
    assert held == [t["person"]["id"] for t in whole["tenures"]]


def test_events_and_the_purges_at_them(client: TestClient) -> None:
    listed = client.get("/events").json()
    assert _ids(listed)[:2] == ["kwp-third-congress-1956", "kwp-cc-plenum-1956-08"]
    plenums = client.get("/events", params={"kind": "plenum"}).json()
    assert {e["kind"] for e in plenums} == {"plenum"} and len(plenums) < len(listed)
    august = client.get("/events/kwp-cc-plenum-1956-08").json()
    assert august["event"]["date"]["text"] == "1956-08-30/1956-08-31"
    assert august["event"]["purges"] == len(august["purges"]) > 0
    at = client.get("/purges", params={"event": "kwp-cc-plenum-1956-08"}).json()
    assert august["purges"] == at


def test_purge_kinds_and_event_kinds_name_every_id_in_use(client: TestClient) -> None:
    kinds = {k["id"]: k for k in client.get("/purge-kinds").json()}
    used = {p["purge"]["action"]["id"] for p in client.get("/purges").json()}
    assert used <= set(kinds) and all(kinds[k]["purges"] > 0 for k in used)
    assert sum(k["purges"] for k in kinds.values()) == int(
        client.get("/purges").headers["X-Total-Count"]
    )
    event_kinds = {k["id"]: k["events"] for k in client.get("/event-kinds").json()}
    assert sum(event_kinds.values()) == len(client.get("/events").json())


def test_unknown_ids_are_404s_naming_them(client: TestClient) -> None:
    assert_problem(client.get("/factions/trotskyist"), 404, "no faction with id 'trotskyist'")
    assert_problem(client.get("/organisations/politburo"), 404, "'politburo'")
    assert_problem(client.get("/events/nowhere"), 404, "no event with id 'nowhere'")
    assert_problem(client.get("/events", params={"kind": "picnic"}), 404, "'picnic'")
    assert_problem(client.get("/purges", params={"faction": "x"}), 404, "no faction")
