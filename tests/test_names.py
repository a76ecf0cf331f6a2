import pytest

from prosopo.names import name_key


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


def test_breves_are_ignored_but_hangul_is_kept() -> None:
    assert name_key("Pak Hŏn-yŏng") == name_key("Pak Hon-yong")
    assert name_key("최창익") == "최창익"


def test_distinct_names_keep_distinct_keys() -> None:
    assert name_key("Kim Il") != name_key("Kim Il Sung")
    assert name_key("Yi Sung-yop") != name_key("Yi Sung-yong")
