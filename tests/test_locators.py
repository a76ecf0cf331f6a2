import pytest

from prosopo.locators import LocatorError, parse_locator, split_citation


def test_book_locators_name_chapter_section_paragraph_and_note() -> None:
    assert parse_locator("4.2.8", "chapters").describe() == "ch. 4, § 2, ¶ 8"
    assert parse_locator("4.0.3", "chapters").describe() == "ch. 4, opening, ¶ 3"
    assert parse_locator("4.n23", "chapters").describe() == "ch. 4, n. 23"
    assert parse_locator("4", "chapters").chapter == 4


def test_article_locators_name_paragraph_or_footnote() -> None:
    assert parse_locator("12", "paragraphs").paragraph == 12
    assert parse_locator("n5", "paragraphs").describe() == "n. 5"


@pytest.mark.parametrize(
    ("locator", "structure"),
    [
        ("4.2.8", "paragraphs"),
        ("p12", "paragraphs"),
        ("4.2.8.1", "chapters"),
        ("0.1.1", "chapters"),
        ("4.1.0", "chapters"),
        ("four", "chapters"),
    ],
)
def test_malformed_locators_are_refused(locator: str, structure: str) -> None:
    with pytest.raises(LocatorError):
        parse_locator(locator, structure)


def test_a_citation_is_source_colon_locator() -> None:
    assert split_citation("szalontai-2005:4.n23") == ("szalontai-2005", "4.n23")
    with pytest.raises(LocatorError, match="SOURCE:LOCATOR"):
        split_citation("szalontai-2005 4.2.8")
