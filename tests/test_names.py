import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from prosopo.errors import NotFound
from prosopo.names import NameForm, NameIndex, has_given_name, name_key, romanize, surname_key
from prosopo.resolve import resolve_person, search_persons

# Anything a user may type, and above all what sits near names: hangul syllables and loose jamo,
# two-syllable surnames, breves, apostrophes, the OCR's 1 and I, and the characters that
# regular expressions give a meaning to.
TYPED = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(min_codepoint=0x1100, max_codepoint=0xD7A3)),
    st.text(alphabet=st.sampled_from("김박이리남궁독고ㄱㅏᄀ각 -'’·ŏŭKim Il1I[](){}*+?\\|^$.")),
)
SOME = settings(max_examples=300, deadline=None)


@pytest.mark.parametrize(
    "form",
    [
        "Ch'oe Ch'ang-ik",
        "Choe Chang-ik",
        "Ch’oe Ch’angik",
        "choe changik",
        "Ch'oe Ch'ang ik",
        "Ch\u02bcoe Ch\u02bcang-ik",
    ],
)
def test_spelling_variants_share_one_key(form: str) -> None:
    assert name_key(form) == "choechangik"


def test_breves_and_ocr_damage_are_folded_but_hangul_is_kept() -> None:
    assert name_key("Pak Hŏn-yŏng") == name_key("Pak Hon-yong")
    assert name_key("Kim II Sung") == name_key("Kim 11 Sung") == name_key("Kim Ilsung")
    assert name_key("최창익") == "최창익"


def test_distinct_names_keep_distinct_keys() -> None:
    assert name_key("Kim Il") != name_key("Kim Il Sung")
    assert name_key("Yi Sung-yop") != name_key("Yi Sung-yong")


@pytest.mark.parametrize("surname", ["Yi", "Ri", "Lee", "Rhee", "I"])
def test_surname_families(surname: str) -> None:
    assert surname_key(f"{surname} Sung-yop") == surname_key("Yi Sung-yop")


@pytest.mark.parametrize(
    ("hangul", "mr", "rr"),
    [
        ("김일성", "Kim Il-sŏng", "Gim Il-seong"),
        ("최창익", "Ch'oe Ch'ang-ik", "Choe Chang-ik"),
        ("박헌영", "Pak Hŏn-yŏng", "Bak Heon-yeong"),
        ("김두봉", "Kim Tu-bong", "Gim Du-bong"),  # the voiced b inside the given name
        ("이승엽", "Yi Sŭng-yŏp", "I Seung-yeop"),
        ("남일", "Nam Il", "Nam Il"),
    ],
)
def test_romanize_writes_names_as_korean_names_are_written(hangul: str, mr: str, rr: str) -> None:
    assert romanize(hangul) == {"mr": mr, "rr": rr}


@pytest.mark.parametrize(
    ("text", "spelled"),
    [
        ("김", {"mr": "Kim", "rr": "Gim"}),  # a surname alone has no given name to spell
        ("독고", {"mr": "Tokko", "rr": "Dokgo"}),
        ("김 일성", {"mr": "Kim Il-sŏng", "rr": "Gim Il-seong"}),
        ("", {}),
        ("ㄱ", {}),  # loose jamo, which ko-pron cannot read
        ("Kim", {}),
        ("김Il성", {}),
    ],
)
def test_romanize_spells_hangul_names_only(text: str, spelled: dict[str, str]) -> None:
    assert romanize(text) == spelled


@SOME
@given(TYPED)
def test_keys_and_romanization_take_any_text(text: str) -> None:
    assert isinstance(name_key(text), str) and isinstance(surname_key(text), str)
    spelled = romanize(text)
    assert set(spelled) <= {"mr", "rr"} and all(spelled.values())
    assert isinstance(has_given_name(text), bool)


@pytest.mark.parametrize(
    ("form", "given_name"),
    [("Kim Tu", True), ("김두", True), ("Kim", False), ("김", False), ("남궁", False), ("", False)],
)
def test_a_surname_alone_has_no_given_name(form: str, given_name: bool) -> None:
    assert has_given_name(form) is given_name


INDEX = NameIndex(
    [
        NameForm("kim-il-sung", "Kim Il Sung", "source"),
        NameForm("kim-il-sung", "김일성", "hangul"),
        NameForm("kim-il", "Kim Il", "source"),
        NameForm("pak-chang-ok", "Pak Ch'ang-ok", "source"),
        NameForm("pak-chang-sik", "Pak Ch'ang-sik", "source"),
    ]
)


def test_an_exact_or_normalised_match_outranks_a_fuzzy_one() -> None:
    (best, *rest) = INDEX.search("Pak Chang-ok")
    assert (best.person_id, best.how) == ("pak-chang-ok", "normalised")
    assert all(m.score < best.score for m in rest)


def test_prefixes_serve_autocomplete() -> None:
    assert [m.person_id for m in INDEX.search("Pak Ch'ang")] == ["pak-chang-ok", "pak-chang-sik"]


def test_a_hangul_query_is_romanized_when_no_hangul_form_is_known() -> None:
    (best, *_) = INDEX.search("박창옥")
    assert (best.person_id, best.how) == ("pak-chang-ok", "romanized")


def test_nothing_within_reach_gives_no_match_but_nearest_forms() -> None:
    assert INDEX.search("Kim Jong Il") == []
    assert INDEX.nearest("Kim Jong Il", 1)[0].person_id == "kim-il"


def test_one_hangul_syllable_is_a_prefix() -> None:
    assert [(m.person_id, m.how) for m in INDEX.search("김")] == [("kim-il-sung", "prefix")]
    assert INDEX.search("박") == []


@SOME
@given(TYPED, st.integers(min_value=1, max_value=20))
def test_search_takes_any_text(text: str, limit: int) -> None:
    found = INDEX.search(text, limit=limit)
    assert len(found) <= limit
    assert len({m.person_id for m in found}) == len(found)  # one match per person
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
    assert all(0 < m.score <= 100 for m in found)
    assert len(INDEX.nearest(text)) == 3


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TYPED)
def test_resolve_takes_any_text_and_never_resolves_a_fuzzy_match(
    fixture_session: Session, text: str
) -> None:
    try:
        resolution = resolve_person(fixture_session, text)
    except NotFound:
        return  # nothing to name: a 404 in the API, a message in the CLI
    best = resolution.candidates[0]
    assert resolution.resolved is (resolution.person is not None)
    if resolution.person is not None:
        assert best.person == resolution.person and best.how != "fuzzy"
    assert search_persons(fixture_session, text)[0] == best


def test_resolve_never_takes_a_fuzzy_match_for_a_name(fixture_session: Session) -> None:
    resolution = resolve_person(fixture_session, "Choe Chang-il")
    assert [(c.person.id, c.how) for c in resolution.candidates] == [("choe-chang-ik", "fuzzy")]
    assert resolution.resolved is False and resolution.person is None


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("Kim II Sung", "kim-il-sung"),  # normalised, though Kim Il's forms are a prefix of it
        ("Kim Il", "kim-il"),  # exact, though a prefix of Kim Il Sung
        ("Choi Chang-ik", "choe-chang-ik"),  # variant surname
        ("윤공흠", "yun-kong-hum"),  # romanized: the fixture has no hangul form for him
        ("Yun Kong", "yun-kong-hum"),  # the start of one name only, beyond the surname
        ("Yun", None),  # a surname alone, though only one person bears it
        ("김", None),  # likewise in hangul
        ("Kim I", None),  # the start of two names
    ],
)
def test_what_resolves(fixture_session: Session, name: str, person: str | None) -> None:
    resolution = resolve_person(fixture_session, name)
    assert (resolution.person.id if resolution.person else None) == person
