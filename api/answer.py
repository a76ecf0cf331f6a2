"""Every JSON route serialises its answer itself, after closing its session.

A sync route runs in a worker thread. If it returned the answer object, FastAPI would validate
and serialise it afterwards in another worker-thread call, while the request still held its
pooled database connection: with more requests in flight than threads and connections, threads
wait for connections that are held by requests waiting for threads, and everything stalls until
the pool times out. Here the session is closed and the answer turned into JSON bytes within the
route's own thread, so a request holds a connection only while it runs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pydantic_core
from fastapi import Response
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session

from prosopo import stored


def _answering(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(endpoint)
    def answer(*args: Any, **kwargs: Any) -> Any:
        try:
            result = endpoint(*args, **kwargs)
        finally:
            for value in kwargs.values():
                if isinstance(value, Session):
                    value.close()  # the connection goes back to the pool now
        if isinstance(result, Response):
            return result
        return Response(pydantic_core.to_json(result), media_type="application/json")

    return answer


class AnswerRoute(APIRoute):
    """A route whose (sync) endpoint closes its session and serialises its own answer. The
    declared return type still documents the answer in the OpenAPI schema."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, _answering(endpoint), **kwargs)


def stored_or_live(session: Session, kind: str, key: str, live: Callable[[], Any]) -> Any:
    """The answer the build stored for (kind, key), sent as it is; else the live answer."""
    body = stored.stored(session, kind, key)
    if body is not None:
        return Response(body, media_type="application/json")
    return live()
