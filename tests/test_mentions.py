"""Finding persons through every form of their name, in the texts' real spellings and damage."""

import pytest

from prosopo.build.texts.mentions import NameMatcher, fold

MATCHER = NameMatcher(
    {
        "kim-il-sung": ["Kim Il Sung", "Kim Il-song"],
        "kim-il": ["Kim Il"],
        "yi-sung-yop": ["Yi Sung-yop"],
        "yi-sung-yong": ["Yi Sung-yong"],
        "choe-chang-ik": ["Ch'oe Ch'ang-ik"],
        "pak-hon-yong": ["Pak Hon-yong"],
        "kim-kwang-hyop": ["Kim Kwang-hyop"],
    }
)


def found(text: str) -> list[tuple[str, ...]]:
    return [m.person_ids for m in MATCHER.find(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Kim Il Sung",  # the monograph
        "Kim II Sung",  # capital i for lower-case L
        "Kim Il-song",  # the article
        "Kim II-song",
        "Kim Il·song",  # a middle dot for the hyphen
        "Kim TI-song",
        "Kim 11-song",
        "Kim Il~song",
        "K im Il-song",  # a space inside the surname
        "KIM IL SUNG",
        "Kim Il-\nsong",  # broken across lines
    ],
)
def test_every_damaged_form_of_kim_il_sung(text: str) -> None:
    assert found(f"Then {text} spoke.") == [("kim-il-sung",)]


@pytest.mark.parametrize(
    "text",
    ["Ch'oe Ch'ang-ik", "Choe Chang-ik", "Ch’oe Ch’ang-ik", "Ch'oe Ch'angik", "Pak Hŏn-yŏng"],
)
def test_apostrophes_breves_and_hyphens_do_not_matter(text: str) -> None:
    assert len(found(text)) == 1


def test_near_misses_stay_distinct() -> None:
    assert found("Kim Il and Kim Il Sung") == [("kim-il",), ("kim-il-sung",)]
    assert found("Yi Sung-yong, not Yi Sung-yop") == [("yi-sung-yong",), ("yi-sung-yop",)]
    assert found("Kim Kwang-ho") == []  # no form of Kim Kwang-hyop is a prefix match


def test_matches_end_on_word_boundaries() -> None:
    assert found("Kim Il Sung's regime") == [("kim-il-sung",)]
    assert found("Kim Ilsungian") == []
    assert found("Akim Il") == []


def test_offsets_point_at_the_printed_form() -> None:
    text = "In 1956 Kim II Sung won."
    (mention,) = MATCHER.find(text)
    assert text[mention.start : mention.end] == mention.form == "Kim II Sung"


def test_fold_is_the_comparison_key() -> None:
    assert fold("Ch'oe Ch'ang-ik") == fold("choe changik") == "choechangik"
    assert fold("Kim II Sung") == fold("Kim Il Sung")
