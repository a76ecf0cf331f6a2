"""The database to take away: tables, JSON, the SQLite file and the network hold what the
database holds, and never the passages' text."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import networkx as nx
from fastapi.testclient import TestClient

from prosopo import export

from .helpers import assert_problem


def test_every_table_as_csv_and_json(texts_client: TestClient) -> None:
    document = texts_client.get("/export/prosopo.json").json()
    assert set(document) == {t.name for t in export.tables()}
    persons = list(csv.DictReader(io.StringIO(texts_client.get("/export/tables/persons.csv").text)))
    assert [p["id"] for p in persons] == [p["id"] for p in document["persons"]]
    assert {p["id"] for p in persons} >= {"choe-chang-ik", "kim-il-sung"}
    passages = texts_client.get("/export/tables/passages.csv").text
    assert "text" not in passages.splitlines()[0].split(",")  # the sources are copyrighted
    assert all("text" not in p for p in document["passages"])
    readme = texts_client.get("/export/README.md").text
    assert "## post_holdings" in readme and "| post_id | VARCHAR(100) | no | posts.id |" in readme
    assert_problem(texts_client.get("/export/tables/secrets.csv"), 404, "no table 'secrets'")


def test_the_network_links_who_served_or_fell_together(texts_client: TestClient) -> None:
    graph = nx.parse_graphml(texts_client.get("/export/network.graphml").text)
    assert graph.nodes["choe-chang-ik"]["factions"] == "yanan"
    assert "expelled-from-party" in graph.nodes["choe-chang-ik"]["fates"]
    # both vice-premiers in 1956 (the fixture data): one body, the cabinet
    edge = graph.edges["choe-chang-ik", "kim-il"]
    assert "Cabinet" in edge["bodies"]
    assert all(graph.has_node(n) for n in ("kim-il-sung", "yun-kong-hum"))


def test_the_sqlite_file_without_the_texts(
    texts_client: TestClient, texts_db: str, tmp_path: Path
) -> None:
    response = texts_client.get("/export/prosopo.sqlite")
    if not texts_db.startswith("sqlite"):
        assert_problem(response, 409, "PostgreSQL")
        return
    assert response.status_code == 200
    path = tmp_path / "download.sqlite"
    path.write_bytes(response.content)
    with sqlite3.connect(path) as copy:
        assert copy.execute("SELECT count(*) FROM persons").fetchone()[0] == 4
        assert copy.execute("SELECT count(*) FROM passages WHERE text IS NOT NULL").fetchone() == (
            0,
        )
        assert copy.execute("SELECT count(*) FROM passages").fetchone()[0] > 0
    with sqlite3.connect(texts_db.removeprefix("sqlite:///")) as served:
        assert (
            served.execute("SELECT count(*) FROM passages WHERE text IS NOT NULL").fetchone()[0] > 0
        )
