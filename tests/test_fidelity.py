"""No more than the texts say: the fixes a blind review asked for stay fixed (issue 21). Each
test reads the data files through the loader, so it names the assertion a regression would
touch."""

from prosopo.build.load import Dataset, load_data
from prosopo.build.records import HoldingRecord, MembershipRecord, PurgeRecord
from prosopo.locators import split_citation

from .conftest import REPO_DATA

DATA: Dataset = load_data(REPO_DATA, with_index=False)


def _holdings(person: str, post: str) -> list[HoldingRecord]:
    return [h.record for h in DATA.holdings if (h.record.person, h.record.post) == (person, post)]


def _cited(record: HoldingRecord | MembershipRecord | PurgeRecord) -> set[str]:
    return {split_citation(c)[1] for c in record.cite}


def test_a_start_is_not_borrowed_from_the_body_or_another_mans_fall() -> None:
    # 7.1.10 says only "some time after March 1959", not the congress that founded the body
    for person in ("choe-hyon", "yi-chong-ok"):
        (held,) = [
            h
            for h in _holdings(person, "kwp-political-committee-1961-member")
            if "7.1.10" in _cited(h)
        ]
        assert held.start == "1959-03/1961-09"
    # 8.4.19 dates Nam Il's appointment among the changes of 1952-1955, not by Pak Il-u's fall
    (nam,) = [
        h for h in _holdings("nam-il", "minister-of-foreign-affairs") if "8.4.19" in _cited(h)
    ]
    assert nam.start == "1952/1955"


def test_a_death_whose_manner_the_text_does_not_give_is_not_an_execution() -> None:
    han = [p.record for p in DATA.purges if p.record.person == "han-chi-song"]
    assert {p.action for p in han} >= {"died"} and "executed" not in {p.action for p in han}
    assert "died" in {k.record.id for k in DATA.purge_kinds}


def test_a_citation_covers_every_part_of_its_assertion() -> None:
    # the post Chu Yong-ha was demoted from is named only in 2.1.9
    (demoted,) = [
        p.record
        for p in DATA.purges
        if (p.record.person, p.record.action) == ("chu-yong-ha", "demoted")
    ]
    assert demoted.post == "vice-minister-of-foreign-affairs" and "2.1.9" in _cited(demoted)
    # 1.4.4 lumps the Yan'an group with the domestic movement: Kim Tu-bong's membership that
    # cites it cites 1.3.15 too, which places him with the Yan'an Koreans
    lumped = [
        m.record
        for m in DATA.memberships
        if m.record.person == "kim-tu-bong" and "1.4.4" in _cited(m.record)
    ]
    assert lumped and all("1.3.15" in _cited(m) for m in lumped)
