from prosopo.build.texts.korean import is_given_name, korean_names


def test_korean_names_are_spotted_in_english_prose() -> None:
    text = "Pak Hon-yong met Ch'oe Ch'ang-ik; So far, No one and An important guest knew Kim Il."
    assert [c.name for c in korean_names(text)] == ["Pak Hon-yong", "Ch'oe Ch'ang-ik", "Kim Il"]


def test_given_names_must_be_mccune_reischauer_syllables() -> None:
    assert is_given_name("Hon-yong") and is_given_name("Ch'ang-ik") and is_given_name("Il")
    assert is_given_name("Hŏn-yŏng")
    assert not is_given_name("Important") and not is_given_name("Far")
