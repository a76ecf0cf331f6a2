"""`python -m prosopo` is the `prosopo` command."""

from prosopo.cli import app

app()
