"""Start the app on a free port over a store holding the ingested seed, and drive Debian's chromium.

Shared by the end-to-end tests and bench/ui.py. Nothing here downloads a browser: Playwright is pointed at
/usr/bin/chromium with every background connection switched off.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.bolt_server import free_port

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
GRAPH_FRAME = "st_link_analysis"


def why_no_browser() -> str | None:
    """None when chromium and Playwright are usable, else the reason."""
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        return f"playwright is not installed ({error})"
    return None


def explorer_command() -> list[str]:
    script = Path(sys.executable).parent / "explorer"
    return [str(script)] if script.exists() else [sys.executable, "-c", "from explorer.cli import app; app()"]


def ingest(store_url: str, *paths: str) -> None:
    env = {**os.environ, "EXPLORER_STORE": store_url}
    subprocess.run([*explorer_command(), "ingest", *paths], cwd=ROOT, env=env, check=True, capture_output=True)


@contextmanager
def serve(store_url: str, timeout: float = 40) -> Iterator[str]:
    """`explorer ui` on a free port; yields its base URL and stops it afterwards."""
    port = free_port()
    env = {**os.environ, "EXPLORER_STORE": store_url}
    process = subprocess.Popen(
        [*explorer_command(), "ui", "--port", str(port), "--host", "127.0.0.1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, process, timeout)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_healthy(base: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"explorer ui exited: {process.stderr.read().decode()[-2000:] if process.stderr else ''}"
            )
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"explorer ui did not answer on {base} within {timeout:.0f} s")


@contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def settle(page: Any) -> None:
    """Wait until Streamlit has finished its run (the status widget disappears)."""
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=15_000)


def graph_frame(page: Any) -> Any | None:
    return next((f for f in page.frames if GRAPH_FRAME in f.url), None)


def drawn_nodes(page: Any) -> int:
    """Nodes in the graph component once it has laid them out (0 before)."""
    frame = graph_frame(page)
    if frame is None:
        return 0
    try:
        return frame.evaluate(
            """() => { const cy = document.getElementById('cy')?._cyreg?.cy;
                       if (!cy || cy.nodes().length === 0) return 0;
                       const box = cy.nodes().boundingBox();
                       return box.w > 0 && box.h > 0 ? cy.nodes().length : 0; }"""
        )
    except Exception:  # the frame may be replaced while Streamlit reruns
        return 0


def wait_for_graph(page: Any, at_least: int = 1, timeout: float = 20) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        count = drawn_nodes(page)
        if count >= at_least:
            return count
        page.wait_for_timeout(50)  # not time.sleep: Playwright only sees new frames while it is called
    raise AssertionError(f"the graph did not draw {at_least} nodes within {timeout:.0f} s")


def tap_node(page: Any, node_id: str) -> None:
    """Click a node in the graph the way the component listens for it (Cytoscape's tap event)."""
    graph_frame(page).evaluate(f"() => document.getElementById('cy')._cyreg.cy.$id({node_id!r}).emit('tap') && true")
