"""No function of the core or the API above 20 by radon's cyclomatic measure: past that a
function says several things at once. The text segmenters are left out, for a reason."""

from pathlib import Path

from radon.complexity import cc_visit  # type: ignore[import-untyped]

ROOT = Path(__file__).parent.parent
LIMIT = 20
# the text segmenters follow the printed layout of each text, case by case
LEFT_OUT = {"prosopo/build/texts/article.py", "prosopo/build/texts/segment.py"}


def test_no_function_above_the_limit() -> None:
    found = []
    for folder in ("prosopo", "api"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            shown = path.relative_to(ROOT).as_posix()
            if shown in LEFT_OUT or "/migrations/" in shown:
                continue
            for block in cc_visit(path.read_text(encoding="utf-8")):
                if block.complexity > LIMIT:
                    found.append(f"{shown}:{block.lineno} {block.name} ({block.complexity})")
    assert found == []


def test_the_measure_sees_a_complex_function() -> None:
    # the test above means something only if radon counts what it should
    branches = "\n".join(f"    if x == {i}:\n        return {i}" for i in range(LIMIT + 1))
    (block,) = cc_visit(f"def f(x):\n{branches}\n    return -1\n")
    assert block.complexity == LIMIT + 2
