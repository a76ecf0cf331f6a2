"""The package a non-editable install (`pip install .`) gets holds everything a build and a
server read from beside the code: the migrations, the web templates and assets, the examples."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from prosopo.config import REPO_ROOT


def test_the_wheel_holds_what_build_and_serve_read(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps"]
        + ["-w", str(tmp_path), str(REPO_ROOT)],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    (wheel,) = tmp_path.glob("prosopo-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    versions = {p.name for p in (REPO_ROOT / "prosopo" / "migrations" / "versions").glob("*.py")}
    assert {f"prosopo/migrations/versions/{v}" for v in versions} <= names
    assert {"prosopo/migrations/env.py", "prosopo/migrations/script.py.mako"} <= names
    web = REPO_ROOT / "api" / "web"
    shipped = {str(p.relative_to(REPO_ROOT)) for p in web.rglob("*") if p.is_file()}
    shipped = {s for s in shipped if "/templates/" in s or "/static/" in s}
    assert shipped and shipped <= names
    assert "api/examples.json" in names
