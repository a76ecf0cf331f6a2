"""The answers stored at build time are the live answers: every one, on both engines."""

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.main import create_app
from prosopo import stored
from prosopo.config import Settings
from prosopo.models import Person, StoredAnswer


def test_every_stored_answer_is_the_live_answer(repo_session: Session) -> None:
    wanted = stored.keys(repo_session)
    persons = repo_session.scalar(select(func.count()).select_from(Person))
    assert len(wanted["career"]) == persons and "1956" in wanted["holdings"]
    count = repo_session.scalar(select(func.count()).select_from(StoredAnswer))
    assert count == sum(len(ks) for ks in wanted.values())
    for kind, keys in wanted.items():
        for key in keys:
            found = stored.stored(repo_session, kind, key)
            assert found is not None, (kind, key)
            now = stored.live(repo_session, kind, key)
            assert json.loads(found.body) == json.loads(now.body), (kind, key)
            assert found.total == now.total, (kind, key)


def test_the_api_sends_the_stored_answer_and_asks_the_core_otherwise(repo_db: str) -> None:
    with TestClient(create_app(Settings(database_url=repo_db))) as client:
        career = client.get("/persons/nam-il")
        assert career.status_code == 200 and career.json()["person"]["id"] == "nam-il"
        # filters, pages and years outside the data go to the core functions
        everything = {"year": 1956, "limit": 10000}
        filtered = client.get("/holdings", params={**everything, "basis": "stated"}).json()
        whole = client.get("/holdings", params=everything).json()
        assert filtered == [h for h in whole if h["basis"] == "stated"]
        assert client.get("/holdings", params={"year": 1900}).json() == []
        assert client.get("/persons/nobody").status_code == 404


def test_stored_answers_are_held_in_memory_within_a_bound(repo_db: str) -> None:
    """A stored answer, once read, is sent from memory; what memory holds never exceeds the
    bound, and is what the database holds."""
    app = create_app(Settings(database_url=repo_db))
    with TestClient(app) as client:
        answers = app.state.answers
        answers.cache_bytes = 200_000  # smaller than the stored careers together
        years = [str(y) for y in range(1945, 1971)]
        sent = {y: client.get("/purges", params={"year": y}) for y in years}
        for y in years:
            assert client.get("/purges", params={"year": y}).content == sent[y].content
        for person in stored.keys(Session(app.state.database.current()))["career"]:
            assert client.get(f"/persons/{person}").status_code == 200
            assert answers.cached_bytes <= 200_000
        assert answers.cached_bytes > 100_000
    with Session(app.state.database.current()) as session:
        for y in years:
            found = stored.stored(session, "purges", y)
            if found is not None:
                assert json.loads(found.body) == sent[y].json()
                assert sent[y].headers["X-Total-Count"] == str(found.total)


def test_a_live_answer_is_made_once_per_question(
    fixture_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The data are read-only between builds: a question asked again is answered from memory,
    and only the same question (the query in any order) is."""
    from prosopo import catalogue

    calls: list[str] = []
    faction = catalogue.faction

    def counted(session: Session, faction_id: str) -> object:
        calls.append(faction_id)
        return faction(session, faction_id)

    monkeypatch.setattr(catalogue, "faction", counted)
    with TestClient(create_app(Settings(database_url=fixture_db))) as client:
        first = client.get("/factions/yanan")
        again = client.get("/factions/yanan")
        other = client.get("/factions/partisan")
        listed = [
            client.get(f"/persons?{q}")
            for q in ("faction=yanan&sort=name", "sort=name&faction=yanan")
        ]
    assert first.status_code == 200 and again.content == first.content
    assert other.json()["faction"]["id"] == "partisan"
    assert calls == ["yanan", "partisan"]
    assert listed[0].content == listed[1].content
