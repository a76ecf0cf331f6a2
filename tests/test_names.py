import pytest

from prosopo.names import NameForm, NameIndex, name_key, romanize, surname_key


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
