"""Every kind of bad data file is reported as `file:line: what`."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from prosopo.build import yamlfile
from prosopo.build.load import DataErrors, load_data

from .conftest import FIXTURE_DATA, REPO_DATA

ASSERTIONS = "assertions/fixture.yaml"


def edit(data: Path, file: str, old: str, new: str) -> int:
    """Replace `old` by `new` in one data file; return the line the change starts on."""
    path = data / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def problems(data: Path) -> list[str]:
    with pytest.raises(DataErrors) as raised:
        load_data(data)
    return [str(e) for e in raised.value.errors]


def test_the_fixture_data_are_clean() -> None:
    counts = load_data(FIXTURE_DATA).counts()
    assert counts["persons"] == 4 and counts["holdings"] == 11 and counts["purges"] == 4
    assert counts["sources"] == 2 and counts["terms"] == 3


def test_unknown_person(data_copy: Path) -> None:
    line = edit(data_copy, ASSERTIONS, "{person: kim-il, faction", "{person: kim-ill, faction")
    assert problems(data_copy) == [f"data/{ASSERTIONS}:{line}: unknown person 'kim-ill'"]


def test_unknown_post(data_copy: Path) -> None:
    line = edit(
        data_copy,
        ASSERTIONS,
        "post: minister-of-commerce\n    during",
        "post: minister-of-trade\n    during",
    )
    assert problems(data_copy) == [f"data/{ASSERTIONS}:{line}: unknown post 'minister-of-trade'"]


def test_vocabulary_for_tenures_is_checked(data_copy: Path) -> None:
    kinds = "vocabulary/purge-kinds.yaml"
    line = edit(data_copy, kinds, "ends: [kwp-cc]", "ends: [kwp-centre]")
    edit(data_copy, kinds, "ends: all", "ends: everything")
    organisations = "vocabulary/organisations.yaml"
    org_line = edit(
        data_copy, organisations, "  parent: kwp-cc\n", "  parent: kwp-cc\n  succeeds: kwp-pb\n"
    )
    found = problems(data_copy)
    assert f"data/{kinds}:{line}: unknown organisation 'kwp-centre'" in found
    assert f"data/{organisations}:{org_line + 1}: unknown organisation 'kwp-pb'" in found
    neither = "ends: 'everything' is neither `all` nor a list of organisation ids"
    assert f"data/{kinds}:{line + 2}: {neither}" in found
    edit(data_copy, "vocabulary/posts.yaml", "single_holder: true}", "single_holder: maybe}")
    assert any("single_holder" in p for p in problems(data_copy))


def test_date_that_does_not_parse(data_copy: Path) -> None:
    line = edit(data_copy, ASSERTIONS, 'date: "1957"', 'date: "late 1957"')
    assert problems(data_copy) == [
        f"data/{ASSERTIONS}:{line}: date: date 'late 1957' is not an EDTF date (see docs/data.md)"
    ]


def test_unquoted_date_is_explained(data_copy: Path) -> None:
    # YAML 1.2 reads an unquoted day as text, but a year alone as a number
    line = edit(data_copy, "events.yaml", 'date: "1956-09"', "date: 1956")
    assert problems(data_copy) == [
        f'data/events.yaml:{line}: date: date 1956 must be written in quotes, e.g. "1956-08"'
    ]
    edit(data_copy, "events.yaml", "date: 1956", "date: 1956-09-01")
    assert load_data(data_copy).counts()["events"] == 3


def test_start_after_end(data_copy: Path) -> None:
    line = edit(
        data_copy,
        ASSERTIONS,
        'start: "1956-04"\n    end: "1956-08"',
        'start: "1957"\n    end: "1956-08"',
    )
    entry_line = line - 2  # the error points at the entry, whose fields are in conflict
    assert problems(data_copy) == [
        f"data/{ASSERTIONS}:{entry_line}: start '1957' is after end '1956-08'"
    ]


def test_a_key_given_twice_is_an_error_not_a_choice(data_copy: Path) -> None:
    """A second `date:` in one entry would silently replace the first: it is refused, where
    it stands, naming the first."""
    first = edit(
        data_copy, ASSERTIONS, '    date: "1957"\n', '    date: "1957"\n    date: "1958"\n'
    )
    assert problems(data_copy) == [
        f"data/{ASSERTIONS}:{first + 1}: not valid YAML:"
        f" duplicate key 'date' (first on line {first})"
    ]


def test_duplicate_id(data_copy: Path) -> None:
    persons = data_copy / "persons.yaml"
    text = persons.read_text(encoding="utf-8")
    persons.write_text(
        text + "- {id: kim-il, name: Kim Il, names: [{form: Kim Il, scheme: rr,"
        " editorial: true}]}\n",
        encoding="utf-8",
    )
    line = text.count("\n") + 1
    first = text[: text.index("- id: kim-il\n")].count("\n") + 1
    assert problems(data_copy) == [
        f"data/persons.yaml:{line}: duplicate person id 'kim-il'"
        f" (first at data/persons.yaml:{first})"
    ]


def test_missing_citation(data_copy: Path) -> None:
    line = edit(
        data_copy,
        ASSERTIONS,
        '    during: "1956?"\n    cite: ["book-2005:4.2.1"]\n',
        '    during: "1956?"\n',
    )
    entry_line = line - 2
    assert problems(data_copy) == [f"data/{ASSERTIONS}:{entry_line}: missing field 'cite'"]


def test_citation_to_unknown_source_or_bad_locator(data_copy: Path) -> None:
    first = edit(
        data_copy, "events.yaml", 'cite: ["book-2005:4.1.1"]', 'cite: ["lankov-2005:4.1.1"]'
    )
    second = edit(
        data_copy, "events.yaml", 'cite: ["book-2005:4.2.1"]', 'cite: ["book-2005:4.2.1.1"]'
    )
    assert problems(data_copy) == [
        f"data/events.yaml:{first}: citation 'lankov-2005:4.1.1': unknown source 'lankov-2005'",
        f"data/events.yaml:{second}: citation 'book-2005:4.2.1.1': locator '4.2.1.1' is not "
        "chapter[.section[.paragraph]] or chapter.nN",
    ]


def test_citation_of_a_passage_the_index_does_not_know(data_copy: Path) -> None:
    line = edit(data_copy, "events.yaml", 'cite: ["book-2005:4.3.1"]', 'cite: ["book-2005:4.3.9"]')
    assert problems(data_copy) == [
        f"data/events.yaml:{line}: citation 'book-2005:4.3.9': book-2005 has no passage 4.3.9"
        " (data/index/passages.tsv)"
    ]


def test_stale_mention_index(data_copy: Path) -> None:
    index = data_copy / "index" / "mentions.tsv"
    rows = index.read_text(encoding="utf-8").splitlines()
    rows.append("kim-jong-il\tbook-2005\t4.0.1\tKim Jong Il\t1")
    index.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert problems(data_copy) == [
        f"data/index/mentions.tsv:{len(rows)}: unknown person 'kim-jong-il';"
        " run `prosopo reindex` with the texts present"
    ]


def test_name_needs_citation_or_editorial_mark(data_copy: Path) -> None:
    line = edit(
        data_copy,
        "persons.yaml",
        "{form: 최창익, scheme: hangul, editorial: true}",
        "{form: 최창익, scheme: hangul}",
    )
    assert problems(data_copy) == [
        f"data/persons.yaml:{line}: names[1]: name '최창익' needs a citation, or 'editorial: true'"
    ]


def test_unknown_field(data_copy: Path) -> None:
    line = edit(
        data_copy, "events.yaml", "  kind: plenum\n", "  kind: plenum\n  place: Pyongyang\n"
    )
    assert problems(data_copy) == [f"data/events.yaml:{line + 1}: unknown field 'place'"]


def test_yaml_syntax_error(data_copy: Path) -> None:
    line = edit(
        data_copy,
        "persons.yaml",
        "  summary: Guerrilla veteran and vice-premier.",
        "  summary: [unclosed",
    )
    (message,) = problems(data_copy)
    assert message.startswith("data/persons.yaml:") and "not valid YAML" in message
    assert int(message.split(":")[1]) >= line


def test_every_problem_is_reported_at_once(data_copy: Path) -> None:
    edit(data_copy, ASSERTIONS, "{person: kim-il, faction", "{person: kim-ill, faction")
    edit(data_copy, "events.yaml", 'date: "1956-09"', 'date: "September"')
    assert len(problems(data_copy)) == 2


def test_missing_file(data_copy: Path) -> None:
    (data_copy / "events.yaml").unlink()
    assert problems(data_copy) == ["data/events.yaml: file is missing"]


def test_an_empty_file_is_an_error(data_copy: Path) -> None:
    (data_copy / "assertions" / "fixture.yaml").write_text("  \n", encoding="utf-8")
    (data_copy / "events.yaml").write_text("# nothing yet\n", encoding="utf-8")
    found = problems(data_copy)
    assert f"data/{ASSERTIONS}: file is empty" in found
    assert "data/events.yaml: file holds no entries, only comments" in found


def test_a_file_that_is_not_utf8_names_its_line(data_copy: Path) -> None:
    path = data_copy / "events.yaml"
    lines = path.read_bytes().split(b"\n")
    lines[3] = lines[3] + b" \xff\xfe"
    path.write_bytes(b"\n".join(lines))
    assert "data/events.yaml:4: not UTF-8 text" in problems(data_copy)


DISAGREEMENTS = "disagreements.yaml"


def test_a_disagreement_side_must_name_an_assertion_of_its_person(data_copy: Path) -> None:
    line = edit(
        data_copy,
        DISAGREEMENTS,
        "assertion: purge:yun-kong-hum:fled-abroad",
        "assertion: purge:yun-kong-hum:fled-abroad-x",
    )
    assert problems(data_copy) == [
        f"data/{DISAGREEMENTS}:{line}: unknown assertion"
        " 'purge:yun-kong-hum:fled-abroad-x:book-2005:4.2.1'"
    ]


def test_a_disagreement_side_about_another_person(data_copy: Path) -> None:
    line = edit(
        data_copy,
        DISAGREEMENTS,
        "assertion: purge:yun-kong-hum:removed-from-post:book-2005:5.0.1",
        "assertion: held:kim-il-sung:premier:book-2005:1.1.1",
    )
    assert problems(data_copy) == [
        f"data/{DISAGREEMENTS}:{line}: assertion 'held:kim-il-sung:premier:book-2005:1.1.1'"
        " is about kim-il-sung, not yun-kong-hum"
    ]


def test_a_disagreement_needs_two_sides(data_copy: Path) -> None:
    text = (data_copy / DISAGREEMENTS).read_text()
    start = text.index("    - assertion: purge:yun-kong-hum:removed")
    end = text.index("  note:")
    (data_copy / DISAGREEMENTS).write_text(text[:start] + text[end:])
    found = problems(data_copy)
    assert len(found) == 1 and found[0].startswith(f"data/{DISAGREEMENTS}:")
    assert "at least 2" in found[0]


def test_a_year_outside_the_calendar_is_a_data_error(data_copy: Path) -> None:
    """`check` and `build` agree: a year of 9999 is `file:line`, never a crash of the build."""
    line = edit(data_copy, ASSERTIONS, 'date: "1957"', 'date: "9999"')
    assert problems(data_copy) == [
        f"data/{ASSERTIONS}:{line}: date: date '9999' lies outside the years 1800-2100"
    ]


def _composed_lines(node: yaml.Node) -> Iterator[tuple[str, int, list[int]]]:
    """The line of every mapping and sequence and of its keys or items, by PyYAML's own
    composer: the lines a data file's tree must carry, found by a second method."""
    if isinstance(node, yaml.MappingNode):
        yield "map", node.start_mark.line, [k.start_mark.line for k, _ in node.value]
        for _, value in node.value:
            yield from _composed_lines(value)
    elif isinstance(node, yaml.SequenceNode):
        yield "seq", node.start_mark.line, [item.start_mark.line for item in node.value]
        for item in node.value:
            yield from _composed_lines(item)


def _tree_lines(value: object) -> Iterator[tuple[str, int, list[int]]]:
    if isinstance(value, yamlfile.Map):
        yield "map", value.line, list(value.lines.values())
        for item in value.values():
            yield from _tree_lines(item)
    elif isinstance(value, yamlfile.Seq):
        yield "seq", value.line, value.lines
        for item in value:
            yield from _tree_lines(item)


def test_every_line_of_every_data_file_is_the_line_the_yaml_composer_gives() -> None:
    files = sorted(REPO_DATA.rglob("*.yaml"))
    assert len(files) > 40
    for path in files:
        text = path.read_text(encoding="utf-8")
        composed = yaml.compose(text, Loader=yaml.CSafeLoader)
        assert composed is not None, path
        expected = list(_composed_lines(composed))
        assert list(_tree_lines(yamlfile.load(text))) == expected, path


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("a: 1\nb: [x\n", 3, "did not find expected ',' or ']'"),
        ("--- 1\n--- 2\n", 2, "but found another document"),
        ("a: *nowhere\n", 1, "found undefined alias"),
        ("? [1]\n: 2\n", 1, "a key must be a plain value"),
        ("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a' (first on line 1)"),
    ],
)
def test_what_is_not_a_data_file_says_where(text: str, line: int, problem: str) -> None:
    with pytest.raises(yamlfile.YAMLSyntaxError) as raised:
        yamlfile.load(text)
    assert (raised.value.line, raised.value.problem) == (line, problem)


def test_a_quoted_or_tagged_value_is_text_and_a_plain_one_is_typed() -> None:
    # `!!str 12` is the string the tag asks for (a tree composed before gave the number 12)
    found = yamlfile.load("a: !!str 12\nb: '12'\nc: 12\nd: no\ne: ~\nf: 1.5\ng: 1956-08\n")
    assert found == {"a": "12", "b": "12", "c": 12, "d": "no", "e": None, "f": 1.5, "g": "1956-08"}


def test_an_anchor_is_read_where_an_alias_names_it() -> None:
    assert yamlfile.load("a: &x [1, two]\nb: *x\n") == {"a": [1, "two"], "b": [1, "two"]}
    assert yamlfile.load("# only a comment\n") is None
