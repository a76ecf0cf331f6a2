"""The answers stored at build time are the live answers: every one, on both engines."""

import json

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.main import create_app
from prosopo import stored
from prosopo.config import Settings
from prosopo.models import StoredAnswer


def test_every_stored_answer_is_the_live_answer(repo_session: Session) -> None:
    wanted = stored.keys(repo_session)
    assert len(wanted["career"]) == 143 and "1956" in wanted["holdings"]
    count = repo_session.scalar(select(func.count()).select_from(StoredAnswer))
    assert count == sum(len(ks) for ks in wanted.values())
    for kind, keys in wanted.items():
        for key in keys:
            body = stored.stored(repo_session, kind, key)
            assert body is not None, (kind, key)
            assert json.loads(body) == json.loads(stored.live(repo_session, kind, key)), (kind, key)


def test_the_api_sends_the_stored_answer_and_asks_the_core_otherwise(repo_db: str) -> None:
    with TestClient(create_app(Settings(database_url=repo_db))) as client:
        career = client.get("/persons/nam-il")
        assert career.status_code == 200 and career.json()["person"]["id"] == "nam-il"
        # filters, pages and years outside the data go to the core functions
        filtered = client.get("/holdings", params={"year": 1956, "basis": "stated"}).json()
        whole = client.get("/holdings", params={"year": 1956}).json()
        assert filtered == [h for h in whole if h["basis"] == "stated"]
        assert client.get("/holdings", params={"year": 1900}).json() == []
        assert client.get("/persons/nobody").status_code == 404
