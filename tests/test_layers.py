"""The package shows its layers: the server answers questions and imports nothing of the build
(prosopo/build/), nor what only the build, the exports or the CLI's pictures need."""

import json
import subprocess
import sys


def test_the_server_imports_nothing_of_the_build() -> None:
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, sys, api.main; print(json.dumps(sorted(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    modules = set(json.loads(loaded.stdout))
    assert "prosopo.year_holders" in modules  # the question side is there
    kept_out = ("prosopo.build", "yaml", "alembic", "networkx", "cairosvg", "matplotlib")
    found = sorted(m for m in modules if m.split(".")[0] in kept_out or m.startswith(kept_out))
    assert found == []
