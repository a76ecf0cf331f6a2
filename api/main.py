"""The FastAPI application factory."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline

from api import errors, examples
from api.cache import Answers, HeldAnswers, ready
from api.head import HeadAsGet
from api.query import NormalQuery, known_parameters
from api.routes import (
    disagreements,
    events,
    export,
    factions,
    holdings,
    ipif,
    organisations,
    passages,
    persons,
    purges,
    sources,
    terms,
)
from api.served import Build, ServedDatabase
from api.web import routes as web
from prosopo import __version__, db
from prosopo.config import Settings, read_settings
from prosopo.schemas import Problem

DESCRIPTION = """
A prosopography of the North Korean leadership, 1945–1970, built from Szalontai (2005) and
Koh (1965–66). Every answer carries its citations (source and locator); dates keep the
uncertainty of the texts, and year queries say on what basis a year is claimed: stated by a
passage, inferred between two attestations, or only possible.
"""


def create_app(settings: Settings | None = None, *, serving: bool = False) -> FastAPI:
    """Build the API for the database that `settings` names (by default the embedded SQLite).
    `serving`: the app is the whole process (`prosopo serve`), not one of many (tests)."""
    settings = settings or read_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        database: ServedDatabase = app.state.database
        await database.start()  # the build there is, prepared before the first request
        if serving:
            # what the server holds from now on (modules, routes, the build prepared) is left
            # out of the collector's full passes: each walked all of it while answers were
            # made, and every request waited (a held answer's p99 109 ms -> 18.5 just after a
            # start, benchmarks/serve.py --only-rebuilds)
            gc.collect()
            gc.freeze()
        async with database.watching():
            yield
        # in a worker thread: dispose waits for a look under way, which may be making a new
        # build's answers ready on this event loop (`before_current`): blocking the loop here
        # would leave that look waiting for it
        await anyio.to_thread.run_sync(database.dispose)

    # the docs pages load their script and styles from this package, not from a CDN: /docs
    # works on a machine without internet
    app = FastAPIOffline(
        title="prosopo",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        responses={400: {"model": Problem}, 404: {"model": Problem}, 422: {"model": Problem}},
        dependencies=[Depends(known_parameters)],
    )
    app.state.settings = settings
    url = settings.database_url
    app.state.database = ServedDatabase(url, **db.server_pool(url))
    app.state.answers = Answers()

    def before_current(current: Build, new: Build) -> None:
        # in the worker thread of the look for builds: the answers are made on the event loop
        anyio.from_thread.run(ready, app, app.state.answers, current, new)

    app.state.database.before_current = before_current
    errors.install(app)
    examples.install(app)
    # innermost, so that what it sends passes through CORS and HEAD handling like any answer
    app.add_middleware(HeldAnswers, database=app.state.database, answers=app.state.answers)
    app.add_middleware(NormalQuery)
    if settings.cors_origins:
        # read-only API: GET and HEAD from those origins, and the paging headers readable
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "HEAD"],
            expose_headers=["X-Total-Count", "Link"],
        )
    app.add_middleware(HeadAsGet)
    app.add_middleware(errors.NulAsReplacement)
    app.include_router(persons.router)
    app.include_router(holdings.router)
    app.include_router(purges.router)
    app.include_router(organisations.router)
    app.include_router(factions.router)
    app.include_router(events.router)
    app.include_router(disagreements.router)
    app.include_router(terms.router)
    app.include_router(export.router)
    app.include_router(ipif.router)
    app.include_router(sources.router)
    app.include_router(passages.router)
    web.install(app)
    return app
