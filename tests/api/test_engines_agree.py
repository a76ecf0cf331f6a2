"""The same question gets the same answer, byte for byte, from SQLite and from PostgreSQL: the
curated data built on both, and the API asked over each. An order left to the engine (NULLs
first on one and last on the other, rows in whatever order a plan yields them) shows here.
Full-text search ranks with each engine's own index and is left out, as is the export, which
names when each database was built."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.main import create_app
from prosopo import db
from prosopo.config import Settings
from prosopo.models import Event, Organisation, Person, Post, Term

from ..conftest import REPO_DATA, Databases

Asked = tuple[str, TestClient, TestClient]  # the SQLite URL, and a client on each engine


@pytest.fixture(scope="module")
def clients(databases: Databases) -> Iterator[Asked]:
    sqlite, postgresql = (databases.url(engine, REPO_DATA) for engine in ("sqlite", "postgresql"))
    with (
        TestClient(create_app(Settings(database_url=sqlite))) as one,
        TestClient(create_app(Settings(database_url=postgresql))) as other,
    ):
        yield sqlite, one, other


def _urls(url: str) -> list[str]:
    engine = db.make_engine(url)
    with engine.connect() as c:
        persons = c.execute(select(Person.id).order_by(Person.id)).scalars().all()
        posts = c.execute(select(Post.id).order_by(Post.id)).scalars().all()
        bodies = c.execute(select(Organisation.id).order_by(Organisation.id)).scalars().all()
        events = c.execute(select(Event.id).order_by(Event.id)).scalars().all()
        terms = c.execute(select(Term.id).order_by(Term.id)).scalars().all()
    engine.dispose()
    urls = ["/persons", "/purges", "/terms", "/events", "/factions", "/organisations", "/sources"]
    urls += ["/disagreements", "/purges/per-year", "/ipif/persons", "/ipif/statements"]
    urls += ["/ui/sources"]  # every archival document the notes cite
    for year in range(1945, 1971, 3):
        urls += [
            f"/holdings?year={year}",
            f"/holdings?year={year}&basis=possible",
            f"/leadership?year={year}&scope=texts",
            f"/purges?year={year}",
            f"/ui/years/{year}",
        ]
    urls += [f"/persons/{p}" for p in persons[::4]] + [f"/ui/persons/{p}" for p in persons[::9]]
    urls += [f"/persons/{p}/served-with" for p in persons[::5]]
    urls += [f"/posts/{p}/holders" for p in posts[::5]]
    urls += [f"/organisations/{o}/factions" for o in bodies[::6]]
    urls += [f"/events/{e}" for e in events] + [f"/terms/{t}" for t in terms]
    return urls


def test_sqlite_and_postgresql_answer_alike(clients: Asked) -> None:
    sqlite, one, other = clients
    urls = _urls(sqlite)
    assert len(urls) > 300
    differ = []
    for url in urls:
        a, b = one.get(url), other.get(url)
        assert a.status_code == 200, (url, a.text[:300])
        if (b.status_code, b.content) != (a.status_code, a.content):
            differ.append(url)
    assert differ == [], f"{len(differ)} of {len(urls)} differ"
