"""Archival references in the monograph's endnotes, parsed into their parts.

Szalontai's notes cite documents of the Hungarian National Archives (the Foreign Ministry's
records by country), in the shape::

    Hungarian Embassy to the DPRK, Report, 1 March 1956, KTS, 12. doboz, 27/a, 003127/1956
    <issuer>,                      <type>, <date>,       <series>, <box>, <folder>, <file number>

Records of 1965 on add the year before the box ("KTS, 1965, 73. doboz, IV–130, 005834/1965").
A note cites several documents separated by ";", and may mix them with books, articles, "Ibid."
and sentences of commentary. The fields of :class:`ArchivalReference`:

issuer
    Who wrote the document, as written: "Hungarian Embassy to the DPRK", "Hungarian Foreign
    Ministry", "Branch Office of the Hungarian Ministry of Foreign Trade in P'yongyang".
document_type
    "Report", "Annual Report", "Memorandum", "Study" ...: the element between issuer and date.
date_text, date
    The date as written ("1 March 1956", "August 1955", "1963") and as ISO 8601 at the precision
    given ("1956-03-01", "1955-08", "1963"); `date` is None when the text names no real day.
series
    The code of the record series, as given; the book's list of abbreviations reads the first
    letter as the country (K Korea, C China, V Vietnam, A Albania, S Soviet Union) and the rest
    as the kind: "TS" top secret documents, "A" administrative documents.
year
    The separate year element of the post-1964 records ("KTS, 1965, ..."), else None.
box
    The box ("doboz" in Hungarian) within the series: 12 for "12. doboz".
folder
    The subject file within the box ("27/a", "5/ca", "IV–130"), as written; when more than one
    element stands between box and file number ("IV-138/1, 84") they are kept, joined by ", ".
file_number
    The document's registration number, ending in its year ("003127/1956", "00338/2/1953",
    "025/25/11–6/1956", "0012/RT/1963"), as written; once without its year ("001139"); None
    when the note says "(no reference number)" or gives none.
raw
    The reference as it stands in the note, from issuer to its last element, trimmed.

One type for several dates ("Reports, 16 September 1957, and 10 October 1957, KA, ...") gives
one reference per date, with the type in the singular and the same holding and `raw`.

A reference counts as archival when it has an issuer, a document type and a date, and at least
a series, a box, or a folder with a file number; anything else (books, articles, "Ibid.", a
document cited without its type) is not returned. "Ibid." is never resolved here: it points at
the note before, which this function does not see. The notes cite no archive other than the
Hungarian one, but nothing here depends on the issuer being Hungarian or on a known series code.
Tolerated conversion damage: "Doboz" for "doboz", "." for "," between elements, "((no reference
number)", a space inside "/ 1959", and hyphens where the book has en dashes (kept as written).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as calendar_date

MONTHS = (
    "January February March April May June July August September October November December"
).split()
_MONTH = {name: i + 1 for i, name in enumerate(MONTHS)}
_MONTHS_RE = "|".join(MONTHS)

# The date element: "1 March 1956", "August 1955" or "1963", between commas.
_DATE_TEXT = rf"(?:(?:(?P<day>\d{{1,2}})\s+)?(?P<month>{_MONTHS_RE})\s+)?(?P<year>1[89]\d\d|20\d\d)"
_DATE = re.compile(rf",\s*(?P<date>{_DATE_TEXT})\s*,\s*")
# One document type for several documents: "Reports, 16 September 1957, and 10 October 1957".
_ANOTHER_DATE = re.compile(rf"and\s+(?P<date>{_DATE_TEXT})\s*,\s*")
_SINGULAR = {"Reports": "Report", "Memoranda": "Memorandum", "Studies": "Study"}
# After the date: series code, the optional year element, the box.
_SERIES = re.compile(r"(?P<series>[A-Z]{1,5})(?=\s*[,.]\s)")
_YEAR = re.compile(r"(?P<year>1[89]\d\d|20\d\d)(?=\s*,)")
_BOX = re.compile(r"(?P<box>\d{1,4})\.\s*[Dd]oboz\b")
_SEPARATOR = re.compile(r"\s*[,.]\s*|\s+(?=\()")
# "(no reference number)/1954", also with "((" or "/ 1959" from the conversion.
_NO_NUMBER = re.compile(r"\(+\s*no reference number\s*\)\s*/\s*(?:1[89]\d\d|20\d\d)\b")
# A registration number: starts with a digit, ends with "/<year>".
_FILE = re.compile(r"\d[\w/–-]*?/\s?(?:19\d\d|20\d\d)(?![\w/–-])")
# A registration number whose year the note left out: "001139".
_FILE_NO_YEAR = re.compile(r"0\d{3,}(?:/\w+)*(?=\s*[;.]|\s*$)")
# A subject file: "27/a", "5/ca", "IV–130", "IV-138/1", "5", "84".
_FOLDER = re.compile(r"(?:\d+|[IVXL]+)(?:[/–-][0-9A-Za-z]+)*(?=\s*[,.;(]|\s*$)")
# A sentence ends before an issuer: "... 1955. Hungarian Embassy".
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[A-Z\"“])")
_LEAD_IN = re.compile(r"^(?:(?:see|cf\.?)(?:\s+also)?|also|and)\s+", re.IGNORECASE)
# Words that make an element an institution (an issuer), never a document type.
_INSTITUTION = re.compile(
    r"\b(?:Embassy|Legation|Consulate|Ministry|Office|Board|Department|Committee|Mission"
    r"|Hungarian|Soviet|Chinese|Korean|Branch)\b"
)
_DOC_TYPE = re.compile(r"[A-Z][a-z]+(?:\s+(?:[A-Z][a-z]+|of|on|the|with|from|to))*")
_ISSUER = re.compile(r"[A-Z][\w'’&/-]*(?:\s+[\w'’&/()-]+)*")


@dataclass(frozen=True)
class ArchivalReference:
    """One archival document cited in a note; see the module docstring for each field."""

    issuer: str
    document_type: str
    date_text: str
    date: str | None
    series: str | None
    year: int | None
    box: int | None
    folder: str | None
    file_number: str | None
    raw: str


def iso_date(day: str | None, month: str | None, year: str) -> str | None:
    """The ISO 8601 form of a date at the precision given; None if the day does not exist."""
    if month is None:
        return None if day else year
    m = _MONTH[month]
    if day is None:
        return f"{year}-{m:02d}"
    try:
        return calendar_date(int(year), m, int(day)).isoformat()
    except ValueError:
        return None


def _issuer_and_type(before: str) -> tuple[str, str] | None:
    """Issuer and document type from the text before a date, if the last two elements are so."""
    clause = _SENTENCE_END.split(before)[-1]
    parts = [p.strip() for p in clause.split(",")]
    if len(parts) < 2:
        return None
    issuer, doc_type = _LEAD_IN.sub("", parts[-2]), parts[-1]
    if not _DOC_TYPE.fullmatch(doc_type) or _INSTITUTION.search(doc_type):
        return None
    if len(doc_type.split()) > 5 or not _ISSUER.fullmatch(issuer) or len(issuer.split()) > 14:
        return None
    if issuer.lower().startswith("ibid"):
        return None
    return issuer, doc_type


def _holding(text: str, at: int) -> tuple[dict[str, str | None], int]:
    """Series, year, box, folder and file number from `at` on; and where they end."""
    found: dict[str, str | None] = dict.fromkeys(("series", "year", "box", "folder", "file"))
    pos = end = at  # the next element starts at pos; the last one taken ends at end

    def take(pattern: re.Pattern[str]) -> re.Match[str] | None:
        nonlocal pos, end
        m = pattern.match(text, pos)
        if m:
            end = m.end()
            separator = _SEPARATOR.match(text, end)
            pos = separator.end() if separator else end
        return m

    for key, pattern in (("series", _SERIES), ("year", _YEAR), ("box", _BOX)):
        m = take(pattern)
        if m:
            found[key] = m[key]
    folders: list[str] = []
    while True:
        if take(_NO_NUMBER):
            break
        m = take(_FILE) or take(_FILE_NO_YEAR)
        if m:
            found["file"] = re.sub(r"\s", "", m.group())
            break
        m = take(_FOLDER)
        if not m:
            break
        folders.append(m.group())
    found["folder"] = ", ".join(folders) or None
    return found, end


def _parse_one(segment: str) -> list[ArchivalReference]:
    """The archival references in one ";"-separated part of a note."""
    found: list[ArchivalReference] = []
    start = 0  # where the next reference's issuer may begin
    pos = 0
    while (m := _DATE.search(segment, pos)) is not None:
        pos = m.end()
        named = _issuer_and_type(segment[start : m.start()])
        if named is None:
            continue
        dates = [m]
        while (more := _ANOTHER_DATE.match(segment, dates[-1].end())) is not None:
            dates.append(more)
        holding, end = _holding(segment, dates[-1].end())
        if not (holding["series"] or holding["box"] or (holding["folder"] and holding["file"])):
            continue
        issuer, doc_type = named
        if len(dates) > 1:
            doc_type = _SINGULAR.get(doc_type, doc_type)
        raw = segment[segment.rfind(issuer, start, m.start()) : end].strip()
        for d in dates:
            found.append(
                ArchivalReference(
                    issuer=issuer,
                    document_type=doc_type,
                    date_text=d["date"],
                    date=iso_date(d["day"], d["month"], d["year"]),
                    series=holding["series"],
                    year=int(holding["year"]) if holding["year"] else None,
                    box=int(holding["box"]) if holding["box"] else None,
                    folder=holding["folder"],
                    file_number=holding["file"],
                    raw=raw,
                )
            )
        start = pos = end
    return found


def parse_references(note_text: str) -> list[ArchivalReference]:
    """Every archival document a note cites, in order; books, articles and "Ibid." are skipped."""
    return [ref for segment in note_text.split(";") for ref in _parse_one(segment)]
