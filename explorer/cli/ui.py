"""`explorer ui`: serve the Streamlit app on this machine only (unless told otherwise, and then only
read-only or with a sign-in for writers); `explorer hash-password` makes a writer's sign-in entry."""

from __future__ import annotations

import importlib.util
import os
import socket
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from explorer import access
from explorer.cli import LOOKING, app
from explorer.cli.common import (
    EXIT_FAILED_INPUT,
    EXIT_STORE,
    StoreOption,
    console,
    fail,
    opened_store,
    shown,
    store_url,
)
from explorer.config import without_password

APP = Path(__file__).resolve().parent.parent / "ui" / "app.py"


@app.command(rich_help_panel=LOOKING)
def ui(
    store: StoreOption = None,
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8501,
    host: Annotated[str, typer.Option(help="Address to bind; 0.0.0.0 exposes the app to your network.")] = (
        "127.0.0.1"
    ),
    read_only: Annotated[
        bool, typer.Option("--read-only", help="Browse only: no Curate page, no upload, no write of any kind.")
    ] = False,
) -> None:
    """Start the explorer app in the browser.

    Bound beyond this machine it must not let anyone write: give --read-only, or set up a sign-in for
    writers (EXPLORER_UI_PASSWORD_HASH from `explorer hash-password`, or [auth] in .streamlit/secrets.toml).
    """
    try:
        signs_in = access.login_configured()
    except access.AccessError as error:
        fail(str(error), EXIT_FAILED_INPUT)
    if not (read_only or signs_in or access.is_loopback(host)):
        fail(
            f"--host {host} serves the app beyond this machine, where anyone could change the graph: add "
            "--read-only, or set up a sign-in for writers (EXPLORER_UI_PASSWORD_HASH from `explorer "
            "hash-password NAME`, or [auth] in .streamlit/secrets.toml)",
            EXIT_FAILED_INPUT,
        )
    if signs_in and access.oidc_configured() and importlib.util.find_spec("authlib") is None:
        fail("[auth] in secrets.toml needs Authlib for Streamlit's sign-in: pip install 'Authlib>=1.3.2'", 1)
    url = store_url(store)
    with opened_store(url):  # fail here, with one line, rather than in the browser
        pass
    busy = port_taken(host, port)
    if busy:
        fail(f"cannot serve on {host}:{port}: {busy}; choose another with --port (make run PORT=…)", EXIT_STORE)
    mode = " read-only;" if read_only else ""
    where = shown(f" (store: {without_password(url)});{mode} Ctrl+C stops it.")
    console.print(Text.assemble("explorer is at ", (f"http://{host}:{port}", "bold"), where), soft_wrap=True)
    env = {**os.environ, "EXPLORER_STORE": url, access.READ_ONLY_ENV: "1" if read_only else ""}
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


def port_taken(host: str, port: int) -> str | None:
    """Why the app could not listen on host:port (in use, not an address of this machine …), else None.

    Bound with SO_REUSEADDR, as Streamlit's server binds: a port left in TIME_WAIT by a stopped app is free.
    """
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as error:
        return f"unknown host ({error})"
    family, kind, proto, _, address = addresses[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            return error.strerror or str(error)
    return None


@app.command("hash-password", rich_help_panel=LOOKING)
def hash_password(
    name: Annotated[str, typer.Argument(help="The writer's name, recorded on each change they make.")],
) -> None:
    """Print a writer's entry for EXPLORER_UI_PASSWORD_HASH (asks for the password; only its hash is printed).

    Put several entries in the variable, separated by spaces, for several writers.
    """
    if not name.strip() or any(ch in name for ch in ":, \t"):
        fail("a writer's name must not be empty nor hold ':', ',' or spaces", EXIT_FAILED_INPUT)
    password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 8:
        fail("use a password of at least 8 characters", EXIT_FAILED_INPUT)
    typer.echo(f"{name}:{access.hash_password(password)}")
