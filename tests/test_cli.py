"""The `prosopo` command, driven as a user would drive it."""

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from prosopo import present
from prosopo.cli import app
from prosopo.config import Settings
from prosopo.schemas import Purged

from .conftest import FIXTURE_DATA, FIXTURE_SOURCES, REPO_DATA, USER_SETTINGS, Databases
from .test_load import edit

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def built(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    code, out, _ = run("build", "--db", url, "--data", str(FIXTURE_DATA))
    assert code == 0 and "4 persons" in out
    return url


@pytest.fixture(scope="module")
def cli_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The fixture data built once by `prosopo build`, for the commands that only read it."""
    with pytest.MonkeyPatch.context() as env:
        for name in USER_SETTINGS:
            env.delenv(name, raising=False)
        return built(tmp_path_factory.mktemp("cli"))


def test_check_reports_file_and_line(data_copy: Path) -> None:
    line = edit(
        data_copy,
        "assertions/fixture.yaml",
        "post: vice-premier, during",
        "post: vice-premiere, during",
    )
    code, _, err = run("check", "--data", str(data_copy))
    assert code == 1
    assert f"data/assertions/fixture.yaml:{line}: unknown post 'vice-premiere'" in err
    assert "1 problem(s)" in err


def test_check_passes_on_good_data() -> None:
    code, out, _ = run("check", "--data", str(FIXTURE_DATA))
    assert code == 0 and "4 persons" in out


def test_failed_build_says_the_database_was_not_changed(tmp_path: Path, data_copy: Path) -> None:
    url = built(tmp_path)
    before = (tmp_path / "cli.sqlite").read_bytes()
    edit(data_copy, "events.yaml", 'date: "1956-09"', 'date: "autumn"')
    code, _, err = run("build", "--db", url, "--data", str(data_copy))
    assert code == 1 and "the database was not changed" in err
    assert (tmp_path / "cli.sqlite").read_bytes() == before


def test_career_by_any_spelling(cli_db: str) -> None:
    url = cli_db
    code, out, _ = run("career", "Choe Chang-ik", "--db", url, "--format", "json")
    assert code == 0
    career = json.loads(out)
    assert career["person"]["id"] == "choe-chang-ik"
    assert [p["action"]["id"] for p in career["purges"]] == ["expelled-from-party", "rehabilitated"]
    code, out, _ = run("career", "choe-chang-ik", "--db", url)
    assert code == 0 and "Vice-Premier" in out and "book-2005:4.2.3" in out


def test_career_of_nobody(cli_db: str) -> None:
    code, _, err = run("career", "Kim Jong Il", "--db", cli_db)
    assert code == 1 and "no person named 'Kim Jong Il'" in err


def clean_exit(*args: str) -> tuple[int, str, str]:
    """Run the command and check it ended by its own exit, with no traceback."""
    result = runner.invoke(app, list(args))
    assert isinstance(result.exception, SystemExit | None), result.exception
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_a_fuzzy_match_is_offered_not_taken(tmp_path: Path, cli_db: str) -> None:
    url = cli_db
    picture = tmp_path / "career.svg"
    for command in (
        ["career"],
        ["mentions"],
        ["index", "--person"],
        ["chart", "career", "-o", str(picture)],
    ):
        code, out, err = clean_exit(*command, "Choe Chang-il", "--db", url)
        assert code == 1 and out == "", command
        assert err.strip() == (
            "error: no person is named 'Choe Chang-il'; "
            "did you mean: Ch'oe Ch'ang-ik (choe-chang-ik)?"
        ), command
    assert not picture.exists()


def test_a_surname_alone_is_only_part_of_a_name(cli_db: str) -> None:
    code, _, err = clean_exit("career", "Yun", "--db", cli_db)
    assert code == 1
    assert "'Yun' is only part of a name; did you mean: Yun Kong-hum (yun-kong-hum)?" in err


def test_one_hangul_syllable(cli_db: str) -> None:
    url = cli_db
    code, out, _ = clean_exit("search", "김", "--db", url, "--format", "json")
    assert code == 0 and [c["person"]["id"] for c in json.loads(out)] == ["kim-il-sung"]
    code, _, err = clean_exit("career", "김", "--db", url)
    assert code == 1 and "'김' is only part of a name" in err
    code, _, err = clean_exit("career", "박", "--db", url)
    assert code == 1 and "no person named '박'; nearest forms:" in err
    code, _, err = clean_exit("search", "박", "--db", url)
    assert code == 1 and "no person named '박'; nearest forms:" in err


def test_who_held_and_purged(cli_db: str) -> None:
    url = cli_db
    code, out, _ = run("who-held", "1956", "--post", "vice-premier", "--db", url, "-f", "json")
    assert code == 0
    assert [r["person"]["id"] for r in json.loads(out)] == ["choe-chang-ik", "kim-il"]
    code, out, _ = run("purged", "1956", "--basis", "stated", "--db", url, "-f", "json")
    assert code == 0
    assert {r["person"]["id"] for r in json.loads(out)} == {"choe-chang-ik", "yun-kong-hum"}
    code, out, _ = run("who-held", "1957", "--basis", "possible", "--db", url, "-f", "json")
    assert code == 0
    assert {(r["person"]["id"], r["basis"]) for r in json.loads(out)} == {("kim-il", "possible")}
    code, _, err = run("who-held", "1956", "--basis", "certain", "--db", url)
    assert code == 2 and "'certain' is not one of" in err


def test_lists_as_csv_in_the_columns_the_api_uses(cli_db: str) -> None:
    url = cli_db
    code, out, _ = run("purged", "1956", "--db", url, "-f", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and rows[0] == [c.name for c in present.columns(Purged)]
    code, as_json, _ = run("purged", "1956", "--db", url, "-f", "json")
    assert [r[2] for r in rows[1:]] == [p["person"]["id"] for p in json.loads(as_json)]
    code, out, _ = run("holders", "minister-of-commerce", "--db", url, "-f", "csv")
    assert code == 0 and out.splitlines()[0] == "person,person id,years,bounded by,sources"
    code, _, err = run("leadership", "1956", "--db", url, "-f", "csv")
    assert code == 1 and "not a list" in err
    code, out, _ = run("serve", "--db", url, "--get", "/purges?year=1956&format=csv")
    assert code == 0 and list(csv.reader(io.StringIO(out))) == rows


def test_the_vocabularies_mirror_the_routes(cli_db: str) -> None:
    url = cli_db
    code, out, _ = run(
        "persons", "--faction", "yanan", "--active", "1956", "--db", url, "-f", "csv"
    )
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and [r[0] for r in rows[1:]] == ["choe-chang-ik", "yun-kong-hum"]
    assert rows[0] == ["id", "name", "factions", "active", "summary"]
    code, out, _ = run("factions", "--db", url, "-f", "csv")
    assert code == 0 and out.splitlines()[0] == "id,name,labels,members"
    code, out, _ = run("factions", "yanan", "--db", url)
    assert code == 0 and "Yan'an group" in out and "fled-abroad" not in out
    assert "Yun Kong-hum" in out
    code, out, _ = run("factions", "yanan", "--db", url, "-f", "json")
    assert code == 0 and len(json.loads(out)["members"]) == 2
    code, out, _ = run("organisations", "cabinet", "--db", url)
    assert code == 0 and "Minister of Commerce" in out and "Premier" in out
    code, out, _ = run("events", "--kind", "plenum", "--db", url, "-f", "json")
    assert code == 0 and {e["kind"] for e in json.loads(out)} == {"plenum"}
    code, out, _ = run("events", "kwp-cc-plenum-1956-08", "--db", url, "-f", "json")
    assert code == 0 and json.loads(out)["purges"]
    code, out, _ = run("purge-kinds", "--db", url, "-f", "json")
    assert code == 0 and "expelled-from-party" in {k["id"] for k in json.loads(out)}
    code, out, _ = run("event-kinds", "--db", url)
    assert code == 0 and "plenum" in out
    code, _, err = run("factions", "trotskyist", "--db", url)
    assert code == 1 and "no faction with id 'trotskyist'" in err


def test_export_writes_the_database_to_take_away(tmp_path: Path, cli_db: str) -> None:
    url = cli_db
    code, out, _ = run("export", str(tmp_path / "out"), "--db", url)
    assert code == 0 and "wrote" in out
    written = {p.name for p in (tmp_path / "out").iterdir()}
    assert {
        "persons.csv",
        "prosopo.json",
        "README.md",
        "network.graphml",
        "prosopo.sqlite",
    } <= written
    code, _, err = run("export", str(tmp_path / "no" / "such" / "out"), "--db", url)
    assert code == 1 and "does not exist" in err


def test_a_filter_out_of_its_bounds_is_one_line(cli_db: str) -> None:
    """The CLI builds the query models of the API (prosopo/filters.py): their bounds refuse a
    bad filter, in one line naming it."""
    url = cli_db
    code, _, err = run("persons", "--active", "9999", "--db", url)
    assert code == 1 and err.strip().splitlines() == [
        "error: --active: Input should be less than or equal to 2100"
    ]
    code, out, _ = run("purged", "1956", "--scope", "record", "--db", url, "-f", "json")
    assert code == 0 and json.loads(out) == []


def test_leadership_and_holders(cli_db: str) -> None:
    url = cli_db
    code, out, _ = run("leadership", "1956", "--scope", "texts", "--db", url, "-f", "json")
    assert code == 0
    cabinet = next(b for b in json.loads(out)["bodies"] if b["organisation"]["id"] == "cabinet")
    # the text names no premier after 1948: the seat says why, with the passage
    notes = [s["note"] for s in cabinet["seats"]]
    assert notes[1] is None and notes[0].startswith(
        "no holder for 1956: its last holder in the texts, Kim Il Sung, is last named in it in 1948"
    )
    code, out, _ = run("leadership", "1956", "--db", url, "-f", "json")
    cabinet = next(b for b in json.loads(out)["bodies"] if b["organisation"]["id"] == "cabinet")
    assert [s["note"] for s in cabinet["seats"]] == [None, None]  # the record names the premier
    code, _, err = run("leadership", "1956", "--scope", "gospel", "--db", url)
    assert code == 2 and "gospel" in err
    code, out, _ = run("leadership", "1956-05-01", "--db", url, "-f", "json")
    assert code == 0 and json.loads(out)["date"] == "1956-05-01"
    code, out, _ = run("leadership", "1930", "--db", url)
    assert code == 0 and "the data name no one in any body for 1930" in out
    code, _, err = run("leadership", "May 1956", "--db", url)
    assert code == 1 and "neither a year (1956) nor a day (1956-09-01)" in err
    code, out, _ = run("holders", "minister-of-commerce", "--db", url, "-f", "json")
    closed = [t["closed"]["explanation"] for t in json.loads(out)["tenures"]]
    assert code == 0 and closed == ["a purge that took the post away", "removed from the post"]
    code, _, err = run("holders", "tsar", "--db", url)
    assert code == 1 and "no post with id 'tsar'" in err
    code, _, err = run("purged", "1956", "--action", "shot", "--db", url)
    assert code == 1 and "no purge kind with id 'shot'" in err


def test_missing_database_is_explained(tmp_path: Path) -> None:
    code, _, err = run("purged", "1956", "--db", f"sqlite:///{tmp_path / 'none.sqlite'}")
    assert code == 1 and "run `prosopo build` first" in err


def test_serve_get_prints_one_response(cli_db: str) -> None:
    url = cli_db
    code, out, _ = run("serve", "--db", url, "--get", "/purges?year=1957")
    assert code == 0 and json.loads(out)[0]["person"]["id"] == "yun-kong-hum"
    code, out, _ = run("serve", "--db", url, "--get", "/persons/nobody")
    assert code == 1 and json.loads(out) == {"status": 404, "error": "no person with id 'nobody'"}


def test_charts_are_drawn_to_svg_or_png(tmp_path: Path, cli_db: str) -> None:
    url = cli_db
    svg, png = tmp_path / "career.svg", tmp_path / "purges.png"
    assert run("chart", "career", "Kim Il", "-o", str(svg), "--db", url)[0] == 0
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert "Vice-Premier" in svg.read_text(encoding="utf-8")
    # one drawing for every view: the file is the API's answer, byte for byte
    code, out, _ = run("serve", "--db", url, "--get", "/persons/kim-il/timeline.svg")
    assert code == 0 and out.strip() == svg.read_text(encoding="utf-8").strip()
    assert run("chart", "purges", "-o", str(png), "--db", url)[0] == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    code, _, err = run("chart", "purges", "-o", str(tmp_path / "x.gif"), "--db", url)
    assert code == 1 and "must end in .svg or .png" in err
    factions = tmp_path / "factions.svg"
    assert run("chart", "factions", "cabinet", "-o", str(factions), "--db", url)[0] == 0
    assert "Factions in Cabinet" in factions.read_text(encoding="utf-8")
    code, _, err = run("chart", "factions", "tsardom", "-o", str(factions), "--db", url)
    assert code == 1 and "no organisation with id 'tsardom'" in err


SOURCES = str(FIXTURE_SOURCES)


def test_reindex_rewrites_the_index_from_the_texts(data_copy: Path) -> None:
    (data_copy / "index" / "mentions.tsv").write_text("stale\n", encoding="utf-8")
    assert run("check", "--data", str(data_copy))[0] == 1
    code, out, _ = run("reindex", "--data", str(data_copy), "--sources", SOURCES)
    assert code == 0 and "17 passages, 11 mentions, 6 archival references" in out
    assert run("check", "--data", str(data_copy))[0] == 0


def test_verify_and_its_exit_codes(data_copy: Path) -> None:
    code, out, _ = run("verify", "--data", str(data_copy), "--sources", SOURCES)
    assert code == 0 and "every citation" in out
    edit(
        data_copy,
        "assertions/fixture.yaml",
        'during: "1956", cite: ["book-2005:4.2.2"]',
        'during: "1956", cite: ["book-2005:4.1.2"]',
    )
    code, out, err = run("verify", "--data", str(data_copy), "--sources", SOURCES)
    assert code == 1 and "book-2005:4.1.2: the passage does not mention Kim Il (kim-il)" in out
    code, _, err = run("verify", "--data", str(data_copy))
    assert code == 2 and "cannot run: PROSOPO_SOURCES is not set" in err


def test_coverage_and_candidates(tmp_path: Path) -> None:
    data = str(FIXTURE_DATA)
    code, out, _ = run(
        "coverage", "--data", data, "--sources", SOURCES, "--chapter", "4", "-f", "json"
    )
    assert code == 0
    (chapter,) = json.loads(out)
    assert [n["name"] for n in chapter["missing"]] == ["Pak Ui-wan"]
    code, out, _ = run("coverage", "--data", data, "--sources", SOURCES, "--chapter", "4")
    assert code == 0 and "Pak Ui-wan" in out and "Ho Chi" in out and "missing" in out
    persons = len(chapter["persons"])
    summary = f"book-2005, chapter 4: {persons} persons in the data, 1 Korean names missing"
    assert summary in out
    review = tmp_path / "candidates.tsv"
    code, out, _ = run("candidates", "-o", str(review), "--data", data, "--sources", SOURCES)
    assert code == 0
    rows = review.read_text(encoding="utf-8").splitlines()
    assert rows[0].split("\t") == [
        "source",
        "locator",
        "person",
        "cues",
        "already_cited",
        "sentence",
    ]
    assert any(r.startswith("book-2005\t5.0.1\tyun-kong-hum\t") for r in rows)


def test_text_commands_over_a_database_with_the_texts(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'texts.sqlite'}"
    code, out, _ = run("build", "--db", url, "--data", str(FIXTURE_DATA), "--sources", SOURCES)
    assert code == 0 and "passages have no text" not in out
    code, out, _ = run("text", "list", "--db", url, "-f", "json")
    assert json.loads(out)[0]["has_text"] is True
    code, out, _ = run("text", "show", "book-2005", "4.2.1", "--db", url)
    assert (
        code == 0 and "Yun Kong-hum, the minister of commerce" in out and "5 September 1956" in out
    )
    code, out, _ = run("text", "search", "Standing Committee", "--db", url, "-f", "json")
    assert [h["locator"] for h in json.loads(out)] == ["4.1.1"]
    # the table shows the matched words, not swallowed as markup
    code, out, _ = run("text", "search", "fled", "--db", url)
    assert code == 0 and "and fled to China" in out
    code, out, _ = run("index", "--db", url)
    assert "Kim Il: book-2005 4.1.1, 4.2.2" in out
    code, out, _ = run("mentions", "Kim Il Sung", "--db", url, "-f", "json")
    assert [m["form"] for m in json.loads(out)] == ["Kim Il Sung", "Kim Il Sung", "Kim II Sung"]
    code, _, err = run("text", "show", "book-2005", "9.9.9", "--db", url)
    assert code == 1 and "book-2005 has no passage 9.9.9" in err


def test_build_refuses_texts_that_differ(tmp_path: Path) -> None:
    altered = tmp_path / "sources"
    altered.mkdir()
    (altered / "book-2005.txt").write_text("another edition\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    code, _, err = run("build", "--db", url, "--data", str(FIXTURE_DATA), "--sources", str(altered))
    assert code == 1 and "not the edition the data were curated from" in err
    assert not (tmp_path / "x.sqlite").exists()


def test_commands_explain_instead_of_failing(tmp_path: Path, cli_db: str) -> None:
    url = cli_db
    code, _, err = run(
        "chart", "purges", "-o", str(tmp_path / "no" / "such" / "x.svg"), "--db", url
    )
    assert code == 1 and "folder" in err and "does not exist" in err
    code, _, err = run("purged", "1956", "--db", "not a url")
    assert code == 1 and "'not a url' is not a database URL" in err
    never = tmp_path / "never.sqlite"
    never.write_bytes(b"")
    for command in (["purged", "1956"], ["serve"]):
        code, _, err = run(*command, "--db", f"sqlite:///{never}")
        assert code == 1 and "was not built by this version of prosopo" in err, command
    assert "Traceback" not in err


def test_an_empty_sources_setting_means_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROSOPO_SOURCES", "")
    assert Settings().sources is None


@pytest.mark.parametrize(
    ("value", "says"),
    [("[bad", "cannot read its value"), ('"https://a.example"', "Input should be a valid list")],
)
def test_a_bad_setting_is_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch, value: str, says: str
) -> None:
    monkeypatch.setenv("PROSOPO_CORS_ORIGINS", value)
    code, out, err = run("serve", "--get", "/sources")
    assert code == 1 and out == ""
    (line,) = err.strip().splitlines()
    assert line.startswith("error: PROSOPO_CORS_ORIGINS: ") and says in line


def test_an_empty_answer_for_one_post_says_why(cli_db: str) -> None:
    """The table of an empty year answer for one post carries the explanation the leadership's
    seat gives (one function, `silences.silences`)."""
    url = cli_db
    code, out, _ = run("who-held", "1990", "--post", "vice-premier", "--db", url)
    said = " ".join(out.split())
    assert code == 0 and "its last holder, Kim Il, is last named in it in 1957" in said
    code, out, _ = run("who-held", "1940", "--post", "vice-premier", "--db", url)
    assert code == 0 and "the next holder is named only from 1954" in " ".join(out.split())


def test_the_leadership_table_keeps_what_a_seats_holders_leave_unsaid(databases: Databases) -> None:
    """Two holders of a one-holder post whose dates overlap: the table names both and says
    that the dates do not tell when one gave way to the other (the table once showed a seat's
    note only when no one held it, and dropped this doubt)."""
    url = databases.url("sqlite", REPO_DATA)
    code, out, _ = run("leadership", "1956", "--db", url)
    assert code == 0
    rows = out.split("Minister of Education ", 1)[1].split("Ministry of Education and Culture")[0]
    words = " ".join(rows.replace("│", " ").split())  # the cells' lines as one text
    assert "Kim Ch'ang-man (stated), Paek Nam-un (stated)" in words
    assert "Kim Ch'ang-man and Paek Nam-un may each have held this one-holder post" in words
