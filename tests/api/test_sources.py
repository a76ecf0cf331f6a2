from fastapi.testclient import TestClient

from .helpers import assert_problem


def test_sources_say_whether_their_text_is_present(
    client: TestClient, texts_client: TestClient
) -> None:
    without, page = client.get("/sources").json()
    with_text, _ = texts_client.get("/sources").json()
    assert without["id"] == with_text["id"] == "book-2005"
    # a page of the official record: read where it is published, no text in the database
    assert (page["id"], page["kind"], page["url"]) == (
        "page-cabinet",
        "reference",
        "https://reference.example/cabinets",
    )
    assert page["read_on"] == "2026-12-07" and page["relies_on"] and page["passages"] == 0
    assert page["locators"].startswith("section/row")
    assert without["passages"] == with_text["passages"] == 17
    assert (without["has_text"], with_text["has_text"]) == (False, True)
    assert texts_client.get("/sources/book-2005").json()["locators"].startswith("chapter.section")


def test_a_passage_with_its_notes_documents_and_mentions(texts_client: TestClient) -> None:
    body = texts_client.get("/sources/book-2005/passages/4.1.1").json()
    assert body["reference"] == "Author 2005, ch. 4, § 1, ¶ 1"
    assert body["section_title"] == "The Congress"
    assert body["text"].startswith("The Third Congress of the KWP met")
    (note,) = body["notes"]
    assert note["locator"] == "4.n2"
    assert [(d["issuer"], d["date"], d["box"]) for d in note["documents"]] == [
        ("Hungarian Embassy to the DPRK", "1956-05-02", "12"),
        ("Hungarian Foreign Ministry", "1956-05-04", "3"),
    ]
    assert [m["id"] for m in body["mentions"]] == ["choe-chang-ik", "kim-il"]


def test_a_passage_without_text_still_has_its_locator(client: TestClient) -> None:
    body = client.get("/sources/book-2005/passages/4.2.2").json()
    assert body["text"] is None and body["section_title"] is None
    assert {m["id"] for m in body["mentions"]} == {"kim-il", "kim-il-sung"}


def test_missing_passages_are_404_and_bad_locators_422(texts_client: TestClient) -> None:
    assert_problem(
        texts_client.get("/sources/book-2005/passages/4.9.9"),
        404,
        "book-2005 has no passage 4.9.9 (Author 2005, ch. 4, § 9, ¶ 9)",
    )
    assert_problem(
        texts_client.get("/sources/book-2005/passages/p12"),
        422,
        "book-2005 locators are chapter.section.paragraph",
    )
    assert_problem(texts_client.get("/sources/lankov-2002"), 404, "no source with id")


def test_full_text_search(texts_client: TestClient) -> None:
    hits = texts_client.get("/passages", params={"q": "fled China"}).json()
    assert [h["locator"] for h in hits] == ["4.2.1"]
    assert "[" in hits[0]["snippet"]  # the matched words are marked
    # characters that are operators of the search engines are taken as plain words
    assert texts_client.get("/passages", params={"q": 'minister "commerce OR ('}).status_code == 200
    assert texts_client.get("/passages", params={"q": "zebra"}).json() == []


def test_a_search_of_too_many_words_is_a_400(texts_client: TestClient) -> None:
    words = " ".join(f"word{n}" for n in range(500))
    response = texts_client.get("/passages", params={"q": words})
    assert_problem(response, 400, "a search takes at most 32 words, and this one has 500")


def test_search_without_text_is_a_409(client: TestClient) -> None:
    assert_problem(
        client.get("/passages", params={"q": "plenum"}), 409, "build it with PROSOPO_SOURCES"
    )
    # an unknown source is a 404 like every other unknown id, text or no text
    assert_problem(
        client.get("/passages", params={"q": "plenum", "source": "nope"}),
        404,
        "no source with id 'nope'",
    )


def test_mentions_of_a_person(texts_client: TestClient) -> None:
    rows = texts_client.get("/persons/kim-il-sung/mentions").json()
    assert [(r["locator"], r["form"]) for r in rows] == [
        ("1.1.1", "Kim Il Sung"),
        ("4.0.1", "Kim Il Sung"),
        ("4.2.2", "Kim II Sung"),
    ]
    assert rows[2]["text"].startswith("Kim II Sung relied on Kim Il")
    assert_problem(texts_client.get("/persons/nobody/mentions"), 404, "no person")


def test_back_of_book_index(client: TestClient) -> None:
    index = {e["person"]["id"]: e["locators"] for e in client.get("/index").json()}
    assert index["choe-chang-ik"] == {"book-2005": ["4.1.1", "4.1.2", "4.2.3", "4.3.1"]}
    assert list(index) == ["choe-chang-ik", "kim-il", "kim-il-sung", "yun-kong-hum"]


def test_head_works_where_get_does(client: TestClient) -> None:
    got = client.get("/sources")
    head = client.head("/sources")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert client.head("/persons/nobody").status_code == 404


def test_an_error_does_not_echo_a_huge_parameter(client: TestClient) -> None:
    response = client.get("/persons/" + "x" * 10_000)
    assert response.status_code == 404
    assert len(response.json()["error"]) <= 300


def test_the_docs_need_no_internet(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "cdn" not in page.lower()
    script = next(line for line in page.splitlines() if "swagger-ui-bundle.js" in line)
    path = script.split('src="')[1].split('"')[0]
    assert client.get(path).status_code == 200


def test_a_nul_character_is_no_crash_on_either_engine(client: TestClient) -> None:
    # PostgreSQL cannot compare text holding NUL; it is answered as the unknown id it is
    assert_problem(client.get("/purges", params={"action": "\x00"}), 404, "no purge kind")
    assert_problem(client.get("/persons/a%00b"), 404, "no person with id 'a\ufffdb'")
    assert client.get("/persons/search", params={"name": "Kim\x00"}).status_code in (200, 404)


def test_search_means_the_same_on_both_engines(texts_client: TestClient) -> None:
    # every word must occur, as written: no stemming ("fle" is not "fled"), no operators
    assert [h["locator"] for h in texts_client.get("/passages", params={"q": "fled"}).json()]
    assert texts_client.get("/passages", params={"q": "flee"}).json() == []
    both = texts_client.get("/passages", params={"q": "fled China"}).json()
    either = texts_client.get("/passages", params={"q": "fled OR zebra"}).json()
    assert both and either == []  # OR is a word that must occur, not an operator


def test_a_name_in_any_spelling_finds_the_passages_naming_the_person(
    texts_client: TestClient,
) -> None:
    hits = texts_client.get("/passages", params={"q": "Choe Chang-ik"}).json()
    assert hits and all("[Ch'oe Ch'ang-ik]" in h["snippet"] for h in hits)
    # the words alone would find nothing: the printed form has apostrophes
    assert texts_client.get("/passages", params={"q": "Choe Chang ik zzz"}).json() == []
