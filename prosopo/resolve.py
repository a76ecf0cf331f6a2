"""Finding persons by any form of their name, over the database: search and resolve.

Resolution never guesses. A name resolves to a person only by a real match: the same form, the
same key, a variant spelling of the surname or a romanized hangul name, and then only when no
other person matches as well (two persons whose names differ only in case, breves, the
surname's spelling or apostrophes share the name, and neither is the answer); or by the start
of a name that goes beyond the surname and that only one person's forms begin with. A fuzzy
match, however close, is only a candidate: a client that links records by name would otherwise
merge two men (Cho Myong-rok is not Cho Il-myong).
"""

from __future__ import annotations

import threading
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from prosopo.errors import NotFound
from prosopo.models import Person, PersonName
from prosopo.names import Match, NameForm, NameIndex, has_given_name
from prosopo.schemas import Candidate, PersonOut, Resolution

# One index per database build: the database is read-only once built, and a lookup must not
# pay for loading every name form again. An engine reads one build (prosopo.db.make_engine), so
# the engine is the build's key; a server makes the index before it answers from the build.
_INDEXES: WeakKeyDictionary[Engine, tuple[NameIndex, dict[str, PersonOut]]] = WeakKeyDictionary()
_LOCK = threading.Lock()


def name_index(session: Session) -> tuple[NameIndex, dict[str, PersonOut]]:
    """The name index of the session's database, and its persons by id."""
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    found = _INDEXES.get(engine)
    if found is None:
        forms = [
            NameForm(person_id, form, scheme)
            for person_id, form, scheme in session.execute(
                select(PersonName.person_id, PersonName.form, PersonName.scheme)
            )
        ]
        persons = {p.id: PersonOut.model_validate(p) for p in session.scalars(select(Person))}
        with _LOCK:
            found = _INDEXES.setdefault(engine, (NameIndex(forms), persons))
    return found


def _candidates(matches: list[Match], persons: dict[str, PersonOut]) -> list[Candidate]:
    return [
        Candidate(
            person=persons[m.person_id], form=m.form, scheme=m.scheme, how=m.how, score=m.score
        )
        for m in matches
    ]


def _not_found(index: NameIndex, name: str) -> NotFound:
    near = ", ".join(f"{f.form} ({f.person_id})" for f in index.nearest(name))
    return NotFound(f"no person named {name!r}; nearest forms: {near}")


def nearest_persons(session: Session, name: str, limit: int = 3) -> list[PersonOut]:
    """The persons whose forms lie closest to a name that matches nothing, however far: to offer,
    never to answer with."""
    index, persons = name_index(session)
    return list({f.person_id: persons[f.person_id] for f in index.nearest(name, limit)}.values())


def search_persons(session: Session, name: str, limit: int = 10) -> list[Candidate]:
    """Persons whose name forms match `name`, best first (prefixes included, for autocomplete);
    NotFound, with the nearest forms, when none does."""
    index, persons = name_index(session)
    if name in persons:  # an id is a name too
        return [Candidate(person=persons[name], form=name, scheme="id", how="exact", score=100.0)]
    found = index.search(name, limit=limit)
    if not found:
        raise _not_found(index, name)
    return _candidates(found, persons)


SAME_NAME = ("exact", "normalised", "variant")


def resolve_person(session: Session, name: str) -> Resolution:
    """The one person `name` means, or every candidate and no guess (the rule is in the module
    docstring); NotFound, with the nearest forms, when nothing matches at all."""
    candidates = search_persons(session, name, limit=10)
    real = [c for c in candidates if c.how != "fuzzy"]
    if not real:
        person = None
    elif real[0].how == "prefix":  # prefixes rank below every other real match: all are prefixes
        person = real[0].person if len(real) == 1 and has_given_name(name) else None
    elif len(real) == 1 or (real[1].score < real[0].score and real[1].how not in SAME_NAME):
        # two persons whose names differ only in case, breves, apostrophes or the spelling of the
        # surname (Ri, Yi, Lee) share the name:
        # neither is the answer, however the query happens to be spelled
        person = real[0].person
    else:
        person = None
    return Resolution(query=name, resolved=person is not None, person=person, candidates=candidates)
