"""`python -m explorer.cli` runs the command line (handy where the console script is not on PATH)."""

from explorer.cli import app

app()
