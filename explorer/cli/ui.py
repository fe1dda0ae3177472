"""`explorer ui`: serve the Streamlit app on this machine only (unless told otherwise)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from explorer.cli import app
from explorer.cli.common import StoreOption, console, opened_store, store_url
from explorer.config import without_password

APP = Path(__file__).resolve().parent.parent / "ui" / "app.py"


@app.command()
def ui(
    store: StoreOption = None,
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8501,
    host: Annotated[str, typer.Option(help="Address to bind; 0.0.0.0 exposes the app to your network.")] = (
        "127.0.0.1"
    ),
) -> None:
    """Start the explorer app in the browser."""
    url = store_url(store)
    with opened_store(url):  # fail here, with one line, rather than in the browser
        pass
    address = f"explorer is at [bold]http://{host}:{port}[/] (store: {without_password(url)}); Ctrl+C stops it."
    console.print(address, soft_wrap=True)
    env = {**os.environ, "EXPLORER_STORE": url}
    args = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.port", str(port),
        "--server.address", host,
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--global.developmentMode", "false",
        # A served app does not watch its sources, nor pause for a full garbage collection after every run:
        # both hold the interpreter while the browser is fetching the page's scripts.
        "--server.fileWatcherType", "none",
        "--runner.postScriptGC", "false",
    ]
    os.execve(sys.executable, args, env)
