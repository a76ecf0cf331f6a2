"""Make the table of (form, expected person) pairs that measures name resolution.

    python benchmarks/name_table.py > tests/fixtures/name_forms.tsv

Each person's forms in data/persons.yaml are turned into the spellings readers and other tools
use, by the romanization rules rather than by prosopo's own folding: full McCune–Reischauer
with breves and Revised Romanization spelled out from the hangul by ko-pron, hangul with a space,
no apostrophes, the given name joined or split, lower case, Western and North Korean surnames
(Park, Lee, Choi, Ri), the OCR's `II` for `Il`, and the OCR forms the texts really print. The
near-miss pairs are added by hand, and so are the names that must not resolve: North Korean
leaders of the period who are not in the data, and names a fuzzy match once took for someone
else; their person is empty. So is the person of a form two persons of the data bear (one man's
birth name is another's name): it must name neither. The table is committed; rerun this after
adding persons.
"""

from __future__ import annotations

import re
import sys

from prosopo.build.load import load_data
from prosopo.config import DEFAULT_DATA_DIR
from prosopo.names import name_key, romanize, surname_key

WESTERN = {
    "Pak": "Park",
    "Yi": "Lee",
    "Ch'oe": "Choi",
    "Chong": "Chung",
    "Chon": "Chun",
    "Yun": "Yoon",
    "Mun": "Moon",
    "Kim": "Kim",
    "Ho": "Hur",
    "Yim": "Lim",
    "So": "Suh",
}
NORTH = {"Yi": "Ri", "Yim": "Rim"}
NEAR_MISSES = [
    ("Kim Il", "kim-il"),
    ("Kim Il Sung", "kim-il-sung"),
    ("Kim Il-sung", "kim-il-sung"),
    ("Yi Sung-yop", "yi-sung-yop"),
    ("Yi Sung-yong", "yi-sung-yong"),
    ("Kim Kwang-hyop", "kim-kwang-hyop"),
    ("Kim Kwang-ho", "kim-kwang-ho"),
    ("Pak Ch'ang-ok", "pak-chang-ok"),
    ("Pak Ch'ang-sik", "pak-chang-sik"),
    ("Pak Chang-ok", "pak-chang-ok"),
    ("Pak Chang-sik", "pak-chang-sik"),
    ("Yi Sungyop", "yi-sung-yop"),
    ("Yi Sungyong", "yi-sung-yong"),
    ("Kim Kwangho", "kim-kwang-ho"),
    ("Kim Kwanghyop", "kim-kwang-hyop"),
    ("Kim Song-ju", "kim-il-sung"),
    ("Kim Ilsung", "kim-il-sung"),
]

# Names no person in the data bears, each in McCune–Reischauer and hangul: leaders the texts do
# not name (most of them later than 1970). The names a fuzzy match once took for another man
# (Cho Myong-rok for Cho Il-myong, Ch'oe Gyong-hak for Chu Yong-ha) are persons of the data now,
# each resolving to himself. When a name here is added to the data, the table can no longer be
# made: move the name out of this list.
MUST_NOT_RESOLVE = [
    ("Chang Song-t'aek", "장성택"),
    ("Paek Nam-sun", "백남순"),
    ("Yon Hyong-muk", "연형묵"),
    ("Kang Song-san", "강성산"),
    ("Kang Sok-ju", "강석주"),
    ("Kim Kyong-hui", "김경희"),
    ("Kim Yong-sun", "김용순"),
    ("Hwang Pyong-so", "황병서"),
    ("Ri Su-yong", "리수용"),
    ("Pak Yong-sik", "박영식"),
    ("Kim Won-hong", "김원홍"),
    ("Pak Pong-ju", "박봉주"),
    ("Ch'oe Ryong-hae", "최룡해"),
    ("Hyon Yong-ch'ol", "현영철"),
    ("Kim Yo-jong", "김여정"),
]


class NamedInData(ValueError):
    """A name listed as borne by no one is a form of a person in the data."""


def variants(form: str) -> dict[str, str]:
    """Spellings a reader may use for a McCune–Reischauer form such as `Ch'oe Ch'ang-ik`."""
    out = {}
    surname, _, given = form.partition(" ")
    bare = form.replace("'", "").replace("’", "")
    if bare != form:
        out["no-apostrophes"] = bare
    if "-" in given:
        out["given-joined"] = f"{surname} {given.replace('-', '')}"
        out["given-split"] = f"{surname} {given.replace('-', ' ').title()}"
    out["lower-case"] = form.lower()
    if surname in WESTERN and WESTERN[surname] != surname:
        out["western-surname"] = f"{WESTERN[surname]} {given}"
    if surname in NORTH:
        out["north-korean-surname"] = f"{NORTH[surname]} {given}"
    if re.search(r"\bIl\b", form):
        out["ocr"] = re.sub(r"\bIl\b", "II", form)
    return out


def table() -> str:
    """The table as tab-separated text: form, person, kind."""
    rows: dict[str, tuple[str, str]] = {}
    persons = [entry.record for entry in load_data(DEFAULT_DATA_DIR, with_index=False).persons]
    bearers: dict[str, set[str]] = {}  # a form written in the data -> every person who bears it
    for person in persons:
        for n in person.names:
            bearers.setdefault(n.form, set()).add(person.id)
    for form, ids in bearers.items():
        if len(ids) > 1:  # two men's name (a birth name of one is the name of the other)
            rows[form] = ("", "shared")
    for person in persons:
        source = [n.form for n in person.names if n.scheme == "source"]
        for n in person.names:
            if n.scheme in ("source", "ocr", "alias", "hangul", "hanja"):
                rows.setdefault(n.form, (person.id, n.scheme))
            if n.scheme == "hangul":
                rows.setdefault(f"{n.form[0]} {n.form[1:]}", (person.id, "hangul-spaced"))
                for scheme, spelled in romanize(n.form).items():
                    rows.setdefault(spelled, (person.id, f"{scheme}-from-hangul"))
        for form in source[:1]:
            for kind, spelled in variants(form).items():
                rows.setdefault(spelled, (person.id, kind))
    for form, person_id in NEAR_MISSES:
        rows[form] = (person_id, "near-miss")
    for form in _must_not_resolve(rows):
        rows[form] = ("", "must-not-resolve")
    lines = ["form\tperson\tkind"]
    for form, (person_id, kind) in sorted(rows.items(), key=lambda kv: (kv[1][0], kv[0])):
        lines.append(f"{form}\t{person_id}\t{kind}")
    return "\n".join(lines) + "\n"


def _must_not_resolve(rows: dict[str, tuple[str, str]]) -> list[str]:
    """The forms of MUST_NOT_RESOLVE; NamedInData when one is a spelling of a person's name."""
    taken: dict[str, str] = {}  # key of every form in the table -> its person
    for form, (person_id, _) in rows.items():
        for spelled in [form, *romanize(form).values()]:
            taken.setdefault(name_key(spelled), person_id)
            taken.setdefault(surname_key(spelled), person_id)
    forms = [form for pair in MUST_NOT_RESOLVE for form in pair if form]
    for form in forms:
        for spelled in [form, *romanize(form).values()]:
            for key in (name_key(spelled), surname_key(spelled)):
                if key in taken:
                    raise NamedInData(
                        f"{form!r} is in MUST_NOT_RESOLVE but is a name of {taken[key]} in "
                        "data/persons.yaml: take it out of MUST_NOT_RESOLVE "
                        "in benchmarks/name_table.py"
                    )
    return forms


def main() -> None:
    sys.stdout.write(table())


if __name__ == "__main__":
    main()
