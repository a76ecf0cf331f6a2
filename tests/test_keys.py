"""Assertion ids are readable, permanent, and a build refuses data that would drop a published
one (prosopo/build/keys.py)."""

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from prosopo.build import build
from prosopo.build.keys import PUBLISHED, Claim, assign, read_published, write_published
from prosopo.build.load import load_data
from prosopo.models import Assertion

from .conftest import FIXTURE_DATA, REPO_DATA
from .test_load import ASSERTIONS, edit, problems

PREMIER = "held:kim-il-sung:premier:book-2005:1.1.1"


def ids_of(url: str) -> dict[str, str]:
    """permanent id -> origin, read from a built database."""
    from prosopo import db

    engine = db.make_engine(url)
    try:
        with engine.connect() as c:
            return dict(c.execute(select(Assertion.permanent_id, Assertion.origin)).all())
    finally:
        engine.dispose()


def test_an_id_says_what_the_assertion_is_and_where_it_was_first_cited() -> None:
    ds = load_data(FIXTURE_DATA)
    assert PREMIER in ds.permanent_ids()
    assert "member:choe-chang-ik:yanan:book-2005:4.1.2" in ds.permanent_ids()
    assert "purge:yun-kong-hum:fled-abroad:book-2005:4.2.1" in ds.permanent_ids()
    assert "name:kim-il-sung:kimilsung" in ds.permanent_ids()


def test_entries_that_would_share_an_id_are_told_apart_in_data_order() -> None:
    ids, clashes = assign(
        [Claim("a.yaml:1", "held:x:p:s:1", False), Claim("a.yaml:5", "held:x:p:s:1", False)]
    )
    assert ids == {"a.yaml:1": "held:x:p:s:1", "a.yaml:5": "held:x:p:s:1:2"}
    assert clashes == []


def test_a_pinned_id_is_taken_first_and_never_twice() -> None:
    ids, clashes = assign(
        [
            Claim("a.yaml:1", "held:x:p:s:1", False),
            Claim("a.yaml:5", "held:x:p:s:1", True),
            Claim("a.yaml:9", "held:x:p:s:1", True),
        ]
    )
    assert ids["a.yaml:5"] == "held:x:p:s:1"
    assert ids["a.yaml:1"] == "held:x:p:s:1:2"
    assert clashes == [("a.yaml:9", "id 'held:x:p:s:1' is already pinned at a.yaml:5")]


def test_editing_a_date_keeps_the_id(data_copy: Path, tmp_path: Path) -> None:
    edit(
        data_copy,
        ASSERTIONS,
        'start: "1948-09", cite: ["book-2005:1.1.1"]',
        'start: "1948-08", cite: ["book-2005:1.1.1"]',
    )
    url = f"sqlite:///{tmp_path / 'p.sqlite'}"
    build(url, data_copy)
    assert PREMIER in ids_of(url)


def test_adding_an_entry_above_keeps_every_other_id(data_copy: Path, tmp_path: Path) -> None:
    before, after = f"sqlite:///{tmp_path / 'a.sqlite'}", f"sqlite:///{tmp_path / 'b.sqlite'}"
    build(before, data_copy)
    edit(
        data_copy,
        ASSERTIONS,
        "holdings:\n",
        "holdings:\n"
        '  - {person: kim-il, post: premier, during: "1957", cite: ["book-2005:4.2.2"]}\n',
    )
    build(after, data_copy)
    old, new = ids_of(before), ids_of(after)
    assert set(old) < set(new)
    assert set(new) - set(old) == {"held:kim-il:premier:book-2005:4.2.2"}


def test_a_published_id_that_no_longer_names_an_assertion_fails_the_load(
    data_copy: Path,
) -> None:
    write_published(data_copy / PUBLISHED, load_data(data_copy).permanent_ids())
    line = next(n for n, id_ in read_published(data_copy / PUBLISHED) if id_ == PREMIER)
    # citing another passage first changes the derived id: the statement would be renumbered
    edit(
        data_copy,
        ASSERTIONS,
        'start: "1948-09", cite: ["book-2005:1.1.1"]',
        'start: "1948-09", cite: ["book-2005:4.2.2", "book-2005:1.1.1"]',
    )
    assert problems(data_copy) == [
        f"data/{PUBLISHED}:{line}: published id {PREMIER!r} no longer names an assertion:"
        f" pin it with `id: {PREMIER}` on the entry that replaced it"
    ]
    # pinning the old id on the entry is the cure
    edit(
        data_copy,
        ASSERTIONS,
        "{person: kim-il-sung, post: premier",
        f"{{id: '{PREMIER}', person: kim-il-sung, post: premier",
    )
    assert PREMIER in load_data(data_copy).permanent_ids()


def test_publishing_only_adds(data_copy: Path) -> None:
    path = data_copy / PUBLISHED
    ids = load_data(data_copy).permanent_ids()
    assert write_published(path, ids) == len(ids)
    assert write_published(path, ids) == 0
    path.write_text(path.read_text() + "held:gone:premier:book-2005:1.1.1\n")
    assert write_published(path, ids) == 0
    assert "held:gone:premier:book-2005:1.1.1" in {i for _, i in read_published(path)}


def test_every_id_of_the_real_data_is_published() -> None:
    """So that an edit which would change one is caught by the next build; after a curation,
    `prosopo publish-ids` adds the new ones."""
    published = {id_ for _, id_ in read_published(REPO_DATA / PUBLISHED)}
    missing = load_data(REPO_DATA).permanent_ids() - published
    assert not missing, f"run `prosopo publish-ids`: {sorted(missing)[:5]}"


def test_the_served_answers_carry_the_ids(fixture_session: Session) -> None:
    from prosopo.ipif import corpus
    from prosopo.queries import career

    found = career(fixture_session, "kim-il-sung")
    assert PREMIER in [h.id for h in found.posts]
    statements = corpus(fixture_session).statements
    assert PREMIER in statements
