"""The errors of the core library. Each says in its message what was wrong and what to ask
instead, and carries the HTTP status that fits it; the API and the CLI each translate every one
of them in one place (api/errors.py, prosopo/cli.py)."""

from __future__ import annotations

from typing import ClassVar


class ProsopoError(Exception):
    """A question the core cannot answer as asked."""

    status: ClassVar[int] = 400


class NotFound(ProsopoError, LookupError):
    """Something asked for by id is not in the database; the message says what."""

    status = 404


class BadQuestion(ProsopoError, ValueError):
    """A question that cannot be answered as asked (e.g. both a year and a date); the message
    says what to ask instead."""

    status = 422


class Conflict(ProsopoError):
    """The question is sound but the database cannot answer it as it was built (e.g. a text
    search in a database built without the texts)."""

    status = 409


class PastLimit(ProsopoError):
    """A question past a bound the server sets on every question of its kind (the words of a
    search); the message names the bound."""

    status = 400


class TooCostly(ProsopoError):
    """A question that would take the server longer than it gives any one question; the message
    says how to narrow it."""

    status = 503
