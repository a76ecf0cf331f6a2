"""The disagreements of the real data (prosopo/disagreements.py): each is shown with sides that
rest on different passages, and appears in its person's career."""

from sqlalchemy.orm import Session

from prosopo.disagreements import disagreements
from prosopo.queries import career


def test_each_side_rests_on_its_own_passage(repo_session: Session) -> None:
    found = disagreements(repo_session)
    assert found, "data/disagreements.yaml marks at least one"
    for d in found:
        places = [{(c.source, c.locator) for c in s.citations} for s in d.sides]
        assert all(places), f"{d.id}: a side without a citation"
        # two sides resting on exactly the same passages would be one statement, not two
        assert len({frozenset(p) for p in places}) == len(places), d.id


def test_the_founding_of_the_bureau_koh_against_szalontai(repo_session: Session) -> None:
    kim = career(repo_session, "kim-il-sung")
    (bureau,) = [d for d in kim.disagreements if d.id == "kim-il-sung-bureau-head-1945"]
    cited = [
        [f"{c.source}:{c.locator}" for c in s.citations if c.role == "states"] for s in bureau.sides
    ]
    assert cited == [["koh-1965:8"], ["szalontai-2005:1.3.5"]]
    # Koh's notes 11 and 50 only frame his side: they come with it, as context
    context = [
        [f"{c.source}:{c.locator}" for c in s.citations if c.role == "context"]
        for s in bureau.sides
    ]
    assert context == [["koh-1965:n11", "koh-1965:n50"], []]
    # the dates stay as the texts give them, October against December 1945
    starts = [s.holding.start.text for s in bureau.sides if s.holding and s.holding.start]
    assert starts == ["1945-10/1945-10-17", "1945-12"]
