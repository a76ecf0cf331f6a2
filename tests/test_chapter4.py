"""Questions a historian would put to the curated chapter 4 of Szalontai (2005): the January
1956 campaign against the Soviet Koreans, the Third Congress, the August plenum and its
reversal in September. Run over data/ on SQLite and PostgreSQL."""

from sqlalchemy.orm import Session

from prosopo import queries
from prosopo.periods import Certainty
from prosopo.resolve import resolve_person


def people(rows: list) -> set[str]:  # type: ignore[type-arg]
    return {r.person.id for r in rows}


def test_the_august_plenum_expelled_the_opposition(repo_session: Session) -> None:
    expelled = queries.purges(
        repo_session, event="kwp-cc-plenum-1956-08", action="expelled-from-party"
    )
    assert people(expelled) == {"choe-chang-ik", "pak-chang-ok", "yun-kong-hum"}
    assert all(p.purge.date and p.purge.date.text == "1956-08-30/1956-08-31" for p in expelled)


def test_four_opponents_fled_to_china_in_1956(repo_session: Session) -> None:
    fled = queries.purges(repo_session, 1956, action="fled-abroad", certain_only=True)
    assert people(fled) == {"yun-kong-hum", "so-hui", "yi-pil-gyu", "kim-kang"}


def test_the_september_plenum_took_the_leaders_back(repo_session: Session) -> None:
    back = queries.purges(repo_session, event="kwp-cc-plenum-1956-09", action="rehabilitated")
    assert {"choe-chang-ik", "pak-chang-ok"} <= people(back)


def test_the_standing_committee_of_april_1956_had_eleven_members(repo_session: Session) -> None:
    members = queries.who_held(
        repo_session, 1956, post="kwp-standing-committee-member", certain_only=True
    )
    assert len(people(members)) == 11
    assert {"kim-il-sung", "kim-tu-bong", "choe-chang-ik", "kim-il", "nam-il"} <= people(members)
    # Pak Ch'ang-ok was demoted at the Third Congress and is not among them
    assert "pak-chang-ok" not in people(members)


def test_who_lost_posts_in_1956_had_held_them(repo_session: Session) -> None:
    lost = [
        p for p in queries.purges(repo_session, 1956, certain_only=True) if p.purge.post is not None
    ]
    assert {(p.person.id, p.purge.post.id) for p in lost if p.purge.post} >= {
        ("choe-chang-ik", "kwp-cc-member"),
        ("pak-chang-ok", "kwp-cc-member"),
        ("pak-chang-ok", "kwp-political-committee-member"),
        ("pak-yong-bin", "kwp-political-committee-member"),
    }
    for p in lost:
        assert p.purge.post is not None
        holders = queries.who_held(repo_session, 1956, post=p.purge.post.id)
        assert p.person.id in people(holders), f"{p.person.id} lost {p.purge.post.id} unheld"


def test_pak_chang_ok_in_1956_and_after(repo_session: Session) -> None:
    held_1956 = {
        h.holding.post.id: h.certainty
        for h in queries.who_held(repo_session, 1956)
        if h.person.id == "pak-chang-ok"
    }
    assert held_1956["vice-premier"] is Certainty.certain
    assert held_1956["minister-of-machine-building-industry"] is Certainty.certain
    held_1957 = {
        h.holding.post.id
        for h in queries.who_held(repo_session, 1957)
        if h.person.id == "pak-chang-ok"
    }
    assert (
        "vice-premier" not in held_1957 and "minister-of-machine-building-industry" not in held_1957
    )


def test_the_january_1956_resolution_named_the_soviet_koreans(repo_session: Session) -> None:
    named = queries.purges(repo_session, event="kwp-cc-resolution-1956-01-18")
    assert {"pak-chang-ok", "pak-yong-bin", "ki-sok-pok", "chon-tong-hyok", "chong-yul"} <= people(
        named
    )
    factions = {m.faction.id for m in queries.career(repo_session, "pak-yong-bin").factions}
    assert factions == {"soviet"}


def test_every_assertion_in_a_career_is_cited(repo_session: Session) -> None:
    for person in ["kim-il-sung", "choe-chang-ik", "pak-chang-ok", "yun-kong-hum", "kim-il"]:
        career = queries.career(repo_session, person)
        for item in [*career.factions, *career.posts, *career.purges]:
            assert item.citations, f"{person}: {item.origin} has no citation"
        assert all(n.citations or n.editorial for n in career.names)


def test_kim_il_is_not_kim_il_sung(repo_session: Session) -> None:
    def who(name: str) -> str | None:
        person = resolve_person(repo_session, name).person
        return person.id if person else None

    assert who("Kim Il") == "kim-il"
    assert who("Kim II Sung") == who("Kim Il-song") == who("김일성") == "kim-il-sung"
    assert who("Yi Sung-yop") == "yi-sung-yop" and who("Yi Sung-yong") == "yi-sung-yong"
    assert who("Kim Kwang-hyop") == "kim-kwang-hyop" and who("Kim Kwang-ho") == "kim-kwang-ho"
    assert who("Pak Ch'ang-ok") == "pak-chang-ok" and who("Pak Ch'ang-sik") == "pak-chang-sik"
