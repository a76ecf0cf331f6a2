"""One-off: move every monograph citation from the old paragraph numbering to the printed book's.

The segmenter before issue 7 missed four section headings of the table of contents and read a
plain-digit endnote number ("... of any kind. 18") as the middle of a paragraph, so most of its
paragraph locators named another paragraph than a reader counts in the book. This script maps
each old locator to the new paragraph(s) covering the same lines of the text and rewrites the
citations in data/ and docs/. Where an old passage was two or more printed paragraphs, the
citation goes to the part that mentions the assertion's person; the others were decided by hand
(`DECIDED`). Kept in the history, never run by the build:

    PROSOPO_SOURCES=../shared/sources .venv/bin/python scripts/relocate_citations.py OLD_REV [--write]
"""

from __future__ import annotations

import bisect
import csv
import io
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from prosopo.config import Settings
from prosopo.load import Dataset, Entry, load_data
from prosopo.texts.mentions import NameMatcher
from prosopo.texts.segment import Passage
from prosopo.texts.sources import read_sources
from prosopo.verify import person_forms

SOURCE = "szalontai-2005"
ROOT = Path(__file__).resolve().parent.parent

# (file:line, old locator) -> new locator, for citations of a split passage that no mention
# decides: read in the text by hand ("A+B": the fact needs both paragraphs).
# fmt: off
DECIDED: dict[tuple[str, str], str] = {
    ("data/vocabulary/organisations.yaml:45", "1.4.4"): "1.5.7",  # Dates NKWP end: northern and southern wings merge into KWP, 1949
    ("data/vocabulary/organisations.yaml:53", "1.3.22"): "1.4.6",  # Names the 1946 Political Committee and its members
    ("data/vocabulary/organisations.yaml:59", "1.4.4"): "1.5.7",  # SKWP leaders flee north; southern wing merged in 1949
    ("data/vocabulary/organisations.yaml:68", "1.4.4"): "1.5.7",  # KWP formed by the 1949 merger
    ("data/vocabulary/organisations.yaml:94", "5.1.10"): "5.1.11",  # Uses SC for Kim Tu-bong seat; other part is CPSU presidium
    ("data/vocabulary/organisations.yaml:94", "6.4.5"): "6.4.7",  # KWP Presidium session of 24 August
    ("data/vocabulary/organisations.yaml:94", "6.5.3"): "6.5.4",  # CC Presidium resolution of October 1960
    ("data/vocabulary/organisations.yaml:94", "6.6.1"): "6.6.1",  # Presidium session of 24 August 1960
    ("data/vocabulary/organisations.yaml:105", "8.2.28"): "8.2.30",  # Two Politburo members at 1961 Albanian reception
    ("data/vocabulary/organisations.yaml:111", "2.3.9"): "2.4.14",  # Yim Hae as Central Control Commission chair
    ("data/vocabulary/organisations.yaml:122", "2.1.8"): "2.1.12",  # Pak Yong-bin heads the Organizational Department
    ("data/vocabulary/organisations.yaml:122", "2.3.9"): "2.4.14",  # Han Sang-du heads the Organizational Department
    ("data/vocabulary/organisations.yaml:128", "2.3.9"): "2.4.14",  # Yi Hyo-sun heads the CC Cadre Department
    ("data/vocabulary/organisations.yaml:147", "2.1.8"): "2.1.12",  # Pang Hak-se heads Ministry of the Interior from late 1952
    ("data/vocabulary/organisations.yaml:153", "8.3.28"): "8.3.31",  # Sok San as Minister of Public Security, 1968
    ("data/vocabulary/organisations.yaml:163", "5.1.10"): "5.1.11",  # Kim Kwang-hyop appointed minister of defense, 1957
    ("data/vocabulary/organisations.yaml:163", "5.2.11"): "5.2.14",  # Defense ministry official Ch'oe Gyong-hak caught in 1958 purge
    ("data/vocabulary/organisations.yaml:169", "1.4.4"): "1.5.7",  # Pak Hon-yong made foreign minister
    ("data/vocabulary/organisations.yaml:181", "2.2.18"): "2.3.10",  # Ministry of Heavy Industry officials brief Widder, 1954
    ("data/vocabulary/organisations.yaml:193", "5.2.2"): "5.2.2",  # Ministry of Metallurgy and Engineering staff transfer, 1958
    ("data/vocabulary/organisations.yaml:201", "6.3.6"): "6.3.7",  # Machine-Building Ministry abolished January 1960
    ("data/vocabulary/organisations.yaml:216", "8.2.28"): "8.2.30",  # Kang Hui-won named light industry minister, 1961
    ("data/vocabulary/organisations.yaml:223", "6.3.6"): "6.3.7",  # Coal Industry Ministry abolished January 1960
    ("data/vocabulary/organisations.yaml:230", "6.3.6"): "6.3.7",  # Heavy Industry Commission set up under Yi Chong-ok
    ("data/vocabulary/organisations.yaml:237", "6.3.6"): "6.3.7",  # Light Industry Commission set up under Chong Chun-t'aek
    ("data/vocabulary/organisations.yaml:237", "6.6.1"): "6.6.2",  # Light Industry Commission decision on industrial design
    ("data/vocabulary/organisations.yaml:243", "4.3.12"): "4.3.14",  # Yi Yong-sok, deputy agriculture minister, speaks February 1957
    ("data/vocabulary/organisations.yaml:243", "6.6.1"): "6.6.1",  # Ministry of Agriculture officials talk to Hungarians
    ("data/vocabulary/organisations.yaml:249", "5.2.2"): "5.2.2",  # Ministry of Construction planners and plastering
    ("data/vocabulary/organisations.yaml:268", "2.1.3"): "2.1.3",  # Ministry of Internal Trade handled trade until 1952
    ("data/vocabulary/organisations.yaml:275", "2.1.3"): "2.1.3",  # Ministry of Foreign Trade set up end of 1952
    ("data/vocabulary/organisations.yaml:275", "2.3.9"): "2.4.16",  # Minister of foreign trade talks to Szarvas, August 1954
    ("data/vocabulary/organisations.yaml:281", "2.1.3"): "2.1.3",  # Anti-aircraft guns in Ministry of Culture and Propaganda courtyard
    ("data/vocabulary/organisations.yaml:288", "4.1.10"): "4.1.11+4.1.12",  # Label minister of education in 4.1.11, education minister in 4.1.12
    ("data/vocabulary/organisations.yaml:294", "5.1.12"): "5.1.14",  # Soviet teachers invited by Ministry of Education and Culture
    ("data/vocabulary/organisations.yaml:294", "5.2.11"): "5.2.14",  # An Mak as deputy culture and education minister
    ("data/vocabulary/organisations.yaml:294", "5.3.13"): "5.3.15",  # An Mak as Deputy Culture Minister
    ("data/vocabulary/organisations.yaml:305", "3.3.16"): "3.3.18",  # Yi Hyo-sun replaces Ch'oe Ch'ang-ik at state control
    ("data/vocabulary/organisations.yaml:311", "4.1.11"): "4.1.14",  # Ministry of Health legalises acupuncture, mid-1956
    ("data/vocabulary/organisations.yaml:341", "4.1.11"): "4.1.15",  # SPA Presidium abolishes estate tax, June 1956
    ("data/vocabulary/organisations.yaml:363", "4.4.14"): "4.4.17",  # North Korean Youth League role in collectivisation
    ("data/vocabulary/organisations.yaml:379", "5.2.11"): "5.2.14",  # Kim Kwang-ho chairs Committee of Housing and Construction
    ("data/events.yaml:10", "1.4.8"): "1.5.12",  # Third CC plenum, December 1950, officers dismissed and expelled
    ("data/events.yaml:17", "1.4.8"): "1.5.17",  # Fourth plenum November 1951 blames Ho Ka-i, readmissions
    ("data/events.yaml:17", "4.4.24"): "4.4.29",  # Recalls fourth plenum readmitting expelled members
    ("data/events.yaml:40", "2.1.8"): "2.1.12",  # Yi Sung-yop trial said organised with Soviet security help
    ("data/events.yaml:47", "2.1.8"): "2.1.11",  # Sixth CC plenum of 6-9 August, Ho Ka-i branded traitor
    ("data/events.yaml:69", "3.2.6"): "3.2.6+3.2.7",  # Date of plenum in 3.2.6; Kim Il blamed and purges in 3.2.7
    ("data/events.yaml:69", "4.4.21"): "4.4.24",  # April 1955 plenum debates kept out of press
    ("data/events.yaml:159", "4.1.10"): "4.1.11",  # Third Congress resolutions and Kim Ch'ang-man speech
    ("data/events.yaml:194", "4.4.21"): "4.4.24",  # August 1956 plenum debates kept out of press
    ("data/events.yaml:203", "4.3.2"): "4.3.2",  # Hoxha arrives 7 September; Kim complains about China
    ("data/events.yaml:210", "4.3.2"): "4.3.3",  # Mikoyan and Peng sent to Pyongyang
    ("data/events.yaml:217", "4.3.2"): "4.3.3",  # 23 September plenum readmits purged leaders
    ("data/events.yaml:230", "4.3.12"): "4.3.15",  # December plenum sends students, intellectuals to physical work
    ("data/events.yaml:237", "4.3.12"): "4.3.15",  # Mid-December show trial of alleged U.S. spies
    ("data/persons.yaml:146", "4.1.10"): "4.1.11",  # First naming of Kim Ch'ang-man with his posts
    ("data/persons.yaml:349", "1.3.22"): "1.4.6",  # Names Ho Ka-i as leading Soviet Korean on 1946 committee
    ("data/assertions/szalontai-2005-ch4-factions.yaml:37", "1.3.22"): "1.4.6",  # Kim's guerrillas a minority among NKWP leaders
    ("data/assertions/szalontai-2005-ch4-factions.yaml:42", "1.3.24"): "1.4.9",  # Kim and his guerrillas judged less loyal to Moscow
    ("data/assertions/szalontai-2005-ch4-factions.yaml:46", "3.2.6"): "3.2.7",  # Kim Il Sung's group set against foreign factions
    ("data/assertions/szalontai-2005-ch4-factions.yaml:353", "2.1.8"): "2.1.10",  # Why Southerners were purged, Pak Hon-yong central
    ("data/assertions/szalontai-2005-ch4-factions.yaml:392", "1.3.22"): "1.4.6+1.4.7",  # Note combines 1946 committee (1.4.6) and feud with Pak (1.4.7)
    ("data/assertions/szalontai-2005-ch4-factions.yaml:397", "1.4.8"): "1.5.17",  # Ho Ka-i as chief Soviet Korean rival, November 1951
    ("data/assertions/szalontai-2005-ch4-posts.yaml:146", "4.3.2"): "4.3.3",  # Purged leaders readmitted to CC on 23 September
    ("data/assertions/szalontai-2005-ch4-posts.yaml:153", "4.3.2"): "4.3.3",  # Purged leaders readmitted to CC on 23 September
    ("data/assertions/szalontai-2005-ch4-posts.yaml:162", "4.1.10"): "4.1.11",  # Vice chair of CC when speaking at Third Congress
    ("data/assertions/szalontai-2005-ch4-posts.yaml:168", "4.1.10"): "4.1.11+4.1.12",  # Post at Congress in 4.1.11; education minister form in 4.1.12
    ("data/assertions/szalontai-2005-ch4-posts.yaml:316", "1.3.22"): "1.4.6",  # Lists 1946 Political Committee members
    ("data/assertions/szalontai-2005-ch4-posts.yaml:334", "1.3.22"): "1.4.6",  # Lists 1946 Political Committee members
    ("data/assertions/szalontai-2005-ch4-posts.yaml:353", "2.1.8"): "2.1.12",  # Yi Tong-gon temporarily succeeds Pak Hon-yong
    ("data/assertions/szalontai-2005-ch4-purges.yaml:27", "1.4.8"): "1.5.17",  # Kim blames Ho Ka-i for excesses, November 1951
    ("data/assertions/szalontai-2005-ch4-purges.yaml:102", "2.1.8"): "2.1.11",  # Criticised by Kim for mistakes before his death
    ("data/assertions/szalontai-2005-ch4-purges.yaml:108", "2.1.8"): "2.1.11",  # Suicide in suspicious circumstances, July 1953
    ("data/assertions/szalontai-2005-ch4-purges.yaml:221", "2.1.8"): "2.1.11",  # Pak Chong-ae brands him traitor at sixth plenum
    ("data/assertions/szalontai-2005-ch4-purges.yaml:535", "4.3.2"): "4.3.2",  # Hoxha meeting 7 September bounds the escape date
    ("data/assertions/szalontai-2005-ch4-purges.yaml:542", "4.3.2"): "4.3.2",  # Hoxha meeting 7 September bounds the escape date
    ("data/assertions/szalontai-2005-ch4-purges.yaml:549", "4.3.2"): "4.3.2",  # Hoxha meeting 7 September bounds the escape date
    ("data/assertions/szalontai-2005-ch4-purges.yaml:556", "4.3.2"): "4.3.2",  # Hoxha meeting 7 September bounds the escape date
    ("data/assertions/szalontai-2005-ch4-purges.yaml:564", "4.3.2"): "4.3.3",  # Mikoyan-Peng intervention, readmission at 23 September plenum
    ("data/assertions/szalontai-2005-ch4-purges.yaml:572", "4.3.2"): "4.3.3",  # Mikoyan-Peng intervention, readmission at 23 September plenum
}
# fmt: on


def old_paragraphs(rev: str) -> list[tuple[int, str]]:
    """(first line, locator) of every monograph paragraph in the index at `rev`."""
    text = subprocess.run(
        ["git", "show", f"{rev}:data/index/passages.tsv"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = csv.DictReader(io.StringIO(text), delimiter="\t")
    return sorted(
        (int(r["line"]), r["locator"])
        for r in rows
        if r["source"] == SOURCE and r["kind"] == "paragraph"
    )


def citations(ds: Dataset) -> list[tuple[str, str, str | None]]:
    """(origin, citation, person or None) of every citation in the data."""
    found: list[tuple[str, str, str | None]] = []

    def add(
        entry: Entry[Any],
        cites: list[str],
        person: str | None,
        *path: str | int,
        field: str = "cite",
    ) -> None:
        for i, cite in enumerate(cites):
            found.append((entry.origin(*path, field, i), cite, person))

    for org in ds.organisations:
        add(org, org.record.cite, None)
    for event in ds.events:
        add(event, event.record.cite, None)
    for person in ds.persons:
        for i, name in enumerate(person.record.names):
            add(person, name.cite, person.record.id, "names", i)
    for excluded in ds.excluded:
        add(excluded, excluded.record.cite, None)
    for group in (ds.memberships, ds.holdings, ds.purges):
        for entry in group:
            add(entry, entry.record.cite, entry.record.person)
            add(entry, entry.record.context, None, field="context")
    return found


def main() -> int:
    rev, write = sys.argv[1], "--write" in sys.argv
    settings = Settings()
    ds = load_data(settings.data_dir, with_index=False)
    texts = read_sources(settings.sources, [s.record for s in ds.sources])
    new = [p for p in texts[SOURCE].passages() if p.kind == "paragraph"]
    new_starts = [p.line for p in new]
    old = old_paragraphs(rev)
    old_starts = [line for line, _ in old]
    notes_line = min(p.line for p in texts[SOURCE].passages() if p.kind == "note")
    matcher = NameMatcher(person_forms(ds))

    def parts(locator: str) -> list[Passage]:
        """The new paragraphs covering the lines of an old paragraph."""
        k = next(i for i, (_, loc) in enumerate(old) if loc == locator)
        start = old_starts[k]
        end = old_starts[k + 1] if k + 1 < len(old) else notes_line
        first = bisect.bisect_right(new_starts, start) - 1  # the new paragraph holding `start`
        chosen = [new[first]] + [p for p in new if start < p.line < end]
        # an old span may run over a chapter title: keep the parts of the same chapter
        return [p for p in chosen if p.chapter == new[first].chapter]

    def mentions(p: Passage, person: str) -> bool:
        texts_ = [p.text] + [
            n.text
            for n in texts[SOURCE].passages()
            if n.kind == "note"
            and n.chapter == p.chapter
            and int(n.locator.split("n")[1]) in p.notes
        ]
        return any(person in m.person_ids for t in texts_ for m in matcher.find(t))

    moves: dict[tuple[str, str], str] = {}  # (origin, old cite) -> new cite
    tally: Counter[str] = Counter()
    undecided: list[str] = []
    for origin, cite, person in citations(ds):
        source, locator = cite.split(":", 1)
        if source != SOURCE or ".n" in locator or locator.count(".") != 2:
            continue
        candidates = parts(locator)
        if len(candidates) == 1:
            target = candidates[0].locator
            tally["unchanged" if target == locator else "moved"] += 1
        else:
            decided = DECIDED.get((origin, locator))
            saying = [p for p in candidates if person and mentions(p, person)]
            if decided:
                target = decided
            elif len(saying) == 1:
                target = saying[0].locator
            else:
                undecided.append(
                    f"{origin}: {cite} ({person}): one of "
                    + ", ".join(f"{p.locator} (line {p.line})" for p in candidates)
                )
                continue
            tally["split, decided by hand" if decided else "split, decided by the mention"] += 1
        moves[(origin, cite)] = f"{SOURCE}:{target}"
    for line in undecided:
        print("UNDECIDED", line)
    for what, n in sorted(tally.items()):
        print(f"{what}: {n}")
    if write and not undecided:
        rewrite(moves)
    docs = relocate_docs(parts, write)
    return 1 if undecided or docs else 0


# docs/vocabulary.md cites the paragraphs that use each label of the party's top body, as bare
# locators; docs/data.md shows citations as examples. Split ones, read by hand and keyed by the
# line of docs/vocabulary.md (one locator is cited there for different labels):
DECIDED_DOCS: dict[tuple[int, str], str] = {
    (26, "1.3.22"): "1.4.6",
    (50, "1.3.22"): "1.4.6",
    (20, "1.4.4"): "1.5.7",
    (76, "1.4.4"): "1.5.4",
    (41, "1.4.8"): "1.5.13",
    (66, "1.4.8"): "1.5.12",
    (75, "1.4.8"): "1.5.12",
    (89, "2.1.3"): "2.1.3",
    (101, "2.1.3"): "2.1.3",
    (102, "2.1.3"): "2.1.3",
    (76, "2.1.8"): "2.1.12",
    (98, "2.1.8"): "2.1.12",
    (104, "2.2.18"): "2.3.10",
    (92, "4.1.10"): "4.1.11",
    (38, "4.1.11"): "4.1.15",
    (110, "4.3.9"): "4.3.10",
    (110, "6.2.15"): "6.2.22",
    (72, "4.4.21"): "4.4.25",
    (32, "5.1.10"): "5.1.11",
    (41, "5.1.10"): "5.1.10",
    (109, "5.1.10"): "5.1.11",
    (123, "5.1.10"): "5.1.11",
    (93, "5.1.12"): "5.1.14",
    (93, "5.2.11"): "5.2.14",
    (86, "5.2.2"): "5.2.2",
    (94, "5.3.13"): "5.3.15",
    (85, "6.3.6"): "6.3.7",
    (106, "6.3.6"): "6.3.7",
    (35, "6.4.5"): "6.4.7",
    (35, "6.6.1"): "6.6.1",
    (33, "6.5.3"): "6.5.4",
    (41, "7.2.17"): "7.2.22",
    (37, "8.2.28"): "8.2.30",
    (107, "8.2.28"): "8.2.30",
    (99, "8.3.28"): "8.3.31",
}
_BARE = re.compile(r"(?<![\d.:])([1-8]\.\d{1,2}\.\d{1,2})(?![\d.])")


def relocate_docs(parts: Any, write: bool) -> int:
    """Rewrite the monograph locators of docs/; the number of those still to decide."""
    undecided = 0
    for name, pattern in (
        ("docs/vocabulary.md", _BARE),
        ("docs/data.md", re.compile(r"szalontai-2005:([1-8]\.\d{1,2}\.\d{1,2})\b")),
    ):
        path = ROOT / name
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for number, line in enumerate(lines, 1):

            def new(m: re.Match[str], number: int = number) -> str:
                nonlocal undecided
                old = m.group(1)
                candidates = parts(old)
                if len(candidates) == 1:
                    target = candidates[0].locator
                elif (number, old) in DECIDED_DOCS:
                    target = DECIDED_DOCS[(number, old)]
                else:
                    undecided += 1
                    print(
                        f"UNDECIDED {name}:{number}: {old}: one of",
                        [(p.locator, p.line) for p in candidates],
                    )
                    return m.group(0)
                return m.group(0).replace(old, target)

            lines[number - 1] = pattern.sub(new, line)
        if write and not undecided:
            path.write_text("".join(lines), encoding="utf-8")
    return undecided


def rewrite(moves: dict[tuple[str, str], str]) -> None:
    by_file: dict[str, dict[int, list[tuple[str, str]]]] = {}
    for (origin, old), new in moves.items():
        file, line = origin.rsplit(":", 1)
        by_file.setdefault(file, {}).setdefault(int(line), []).append((old, new))
    for file, lines in by_file.items():
        path = ROOT / file
        text = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for line, changes in lines.items():
            for old, new in changes:
                # the exact citation, not a longer one that starts with it (4.1.1 in 4.1.12)
                pattern = re.compile(re.escape(old) + r"(?![\d.])")
                both = '", "'.join(f"{SOURCE}:{part}" for part in new.split(":")[1].split("+"))
                text[line - 1], n = pattern.subn(both, text[line - 1], count=1)
                assert n == 1, f"{file}:{line}: {old} not found"
        path.write_text("".join(text), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
