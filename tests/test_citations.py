"""Passages cited as context (the endnote that dates an arrest, the paragraph that names a post)
reach every view marked as context, never as what states the fact: the career, the CSV and
table columns, and IPIF."""

from sqlalchemy.orm import Session

from prosopo import ipif, present, queries
from prosopo.filters import IpifQuery
from prosopo.schemas import TenureOut


def test_context_is_shown_as_context_in_the_career(repo_session: Session) -> None:
    career = queries.career(repo_session, "pang-hak-se")
    (removal,) = [p for p in career.purges if p.action.id == "removed-from-post"]
    roles = {(c.source, c.locator): c.role for c in removal.citations}
    # 6.5.15 states his removal in November 1960; endnote 147 only dates it
    assert roles == {
        ("szalontai-2005", "6.5.15"): "states",
        ("szalontai-2005", "6.n147"): "context",
    }
    interior = next(t for t in career.tenures if t.post.id == "minister-of-interior")
    names = [c.name for c in present.columns(TenureOut)]
    (row,) = present.rows(TenureOut, [interior])
    cited = row[names.index("sources")].split("; ")
    assert "szalontai-2005:6.5.15" in cited and "szalontai-2005:6.n147 (context)" in cited


def test_context_is_a_factoid_of_its_own_in_ipif(repo_session: Session) -> None:
    found = ipif.listing(repo_session, "factoids", IpifQuery(p="pang-hak-se", size=200), "http://a")
    ids = [f["@id"] for f in found["factoids"]]
    stated = [i for i in ids if i.startswith("purge:pang-hak-se:removed-from-post:")]
    assert any(i.endswith("@szalontai-2005:6.5.15") for i in stated)
    assert any(i.endswith("@szalontai-2005:6.n147#context") for i in stated)
