"""More bad input: a folder of thousands of files, one article under two names, a page full of scripts and
boilerplate; and two safety defaults of the CLI: the app binds 127.0.0.1, and no error shows a password."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from explorer.cli import app
from explorer.model import Document
from explorer.sources import SourceProblem, read_paths
from tests.bolt_server import free_port

runner = CliRunner()
SECRET = "s3cret-Pa55word"
PEOPLE = ["Jane Smith", "Omar Haddad", "Li Wei", "Ana Costa", "Tom Berg", "Sara Nilsson", "Ivan Petrov"]
CITIES = ["Boston", "Lagos", "Lyon", "Porto", "Oslo", "Quito", "Perth"]


def _article(n: int) -> str:
    """A tiny article of its own (different text, so a different document)."""
    return f"Report {n}. {PEOPLE[n % 7]} joined Firm{n} Holdings in {CITIES[n // 7 % 7]} on {n % 28 + 1} May."


def _tiny_folder(root: Path, count: int, unsupported: int) -> Path:
    folder = root / "many"
    for n in range(count):
        sub = folder / f"batch{n // 500:02d}"  # nested folders are read too
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{n:05d}.txt").write_text(_article(n), encoding="utf-8")
    for n in range(unsupported):
        (folder / f"scan{n}.pdf").write_bytes(b"%PDF-1.4 not read")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    return folder


def test_a_folder_of_thousands_of_files_reads_each_file_once(tmp_path):
    folder = _tiny_folder(tmp_path, 3000, unsupported=25)
    documents, problems = [], []
    for item in read_paths([folder]):
        (problems if isinstance(item, SourceProblem) else documents).append(item)
    sources = [d.source for d in documents]
    assert len(sources) == len(set(sources)) == 3000
    assert {Path(s).name for s in sources} == {f"{n:05d}.txt" for n in range(3000)}
    assert len({d.id for d in documents}) == 3000
    assert sorted(Path(p.source).name for p in problems) == sorted(["notes.docx", *(f"scan{n}.pdf" for n in range(25))])
    assert all(not p.fatal and "skipped" in p.message for p in problems)


def test_an_ingest_of_hundreds_of_tiny_files_counts_right(tmp_path):
    folder = _tiny_folder(tmp_path, 300, unsupported=3)
    # The same article under a second name, and with other line ends and spacing: one document.
    shutil.copy(folder / "batch00" / "00007.txt", folder / "copy-of-7.txt")
    (folder / "00008-spaced.txt").write_bytes(("\ufeff  " + _article(8).replace(" ", " \t ") + "\r\n\r\n").encode())
    url = f"sqlite:///{tmp_path / 'graph.db'}"
    result = runner.invoke(app, ["ingest", str(folder), "--store", url, "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "300 new, 2 unchanged, 0 failed documents" in result.output
    assert result.output.count("skipped: not a supported file type") == 4
    stats = json.loads(runner.invoke(app, ["stats", "--json", "--store", url]).stdout)
    assert stats["documents"] == 300
    again = runner.invoke(app, ["ingest", str(folder), "--store", url, "--workers", "1"])
    assert "0 new, 302 unchanged, 0 failed documents" in again.output


def test_the_same_article_under_two_names_is_one_document():
    text = "Acme Corp hired Jane Smith in Boston.\nShe starts in May."
    variants = [text, text.replace("\n", "\r\n") + "\n\n", "  " + text.replace(" ", "   ").replace("\n", " \n ")]
    ids = {Document.from_text(v, source=f"{n}.txt").id for n, v in enumerate(variants)}
    assert len(ids) == 1


BOILERPLATE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Harbour authority approves new terminal</title>
<meta property="article:published_time" content="2024-06-12">
<script>window.dataLayer=[];document.write('TRACKER-WRITE');</script>
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "JSONLD-HEADLINE"}</script>
<style>body{font-family:sans-serif} /* STYLE-RULE */</style>
<script src="https://ads.example.com/ad.js"></script>
</head><body>
<div id="cookie-banner">We use cookies to improve your experience. ACCEPT-ALL-COOKIES</div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">NAV-WORLD</a></li>
<li><a href="/login">Sign in</a></li></ul></nav></header>
<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/x">SIDEBAR-HEADLINE one</a></li>
<li><a href="/y">SIDEBAR-HEADLINE two</a></li></ul></aside>
<main><article>
<h1>Harbour authority approves new terminal</h1>
<p>The Northport Harbour Authority approved a new container terminal on Tuesday after two years of public
consultation, its chairwoman Maria Okafor said.</p>
<script>var inline = "INLINE-SCRIPT"; console.log(inline);</script>
<div class="ad-slot" id="div-gpt-ad-1"><span class="ad-label">AD-LABEL</span></div>
<p>The terminal, to be built by Baltic Dredging Company, will double the port's capacity by 2028 and create
about 900 jobs, according to the authority.</p>
<aside class="ad">AD-ASIDE Buy now!</aside>
<div class="ad">AD-DIV Buy two, get one free</div>
<div class="advertisement wide"><p>ADVERT-PARAGRAPH Our partners offer great deals on shipping insurance.</p></div>
<section id="sponsored-content"><p>SPONSORED-SECTION A message from our sponsor.</p></section>
<p>Environmental groups said they would challenge the decision in court, arguing that dredging would harm
the estuary's seal colony.</p>
<noscript><img src="https://tracker.example.com/pixel.gif">NOSCRIPT-PIXEL</noscript>
<iframe src="https://video.example.com/embed">IFRAME-FALLBACK</iframe>
</article></main>
<section class="related"><h2>Related stories</h2><a href="/a">RELATED-LINK Port strike ends</a></section>
<footer><p>FOOTER-COPYRIGHT 2024 Northport News. All rights reserved.</p>
<a href="/subscribe">NEWSLETTER-CTA Subscribe to our newsletter</a></footer>
<script>(function(){var s=document.createElement('script');document.body.appendChild(s)})(); TRAILING</script>
<!-- HTML-COMMENT -->
</body></html>
"""


def test_html_full_of_scripts_and_boilerplate_gives_only_the_article(tmp_path):
    (tmp_path / "page.html").write_text(BOILERPLATE_PAGE, encoding="utf-8")
    (document,) = list(read_paths([tmp_path]))
    assert document.text == (
        "Harbour authority approves new terminal\n"
        "The Northport Harbour Authority approved a new container terminal on Tuesday after two years of public"
        " consultation, its chairwoman Maria Okafor said.\n"
        "The terminal, to be built by Baltic Dredging Company, will double the port's capacity by 2028 and create"
        " about 900 jobs, according to the authority.\n"
        "Environmental groups said they would challenge the decision in court, arguing that dredging would harm"
        " the estuary's seal colony."
    )
    assert (document.title, document.published) == ("Harbour authority approves new terminal", "2024-06-12")


def test_ui_binds_127_0_0_1_unless_told_otherwise(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(os, "execve", lambda path, args, env: calls.append((path, args, env)))
    url = f"sqlite:///{tmp_path / 'graph.db'}"
    assert runner.invoke(app, ["ui", "--store", url]).exit_code == 0
    exposed_args = ["ui", "--store", url, "--host", "0.0.0.0", "--port", "9000", "--read-only"]
    assert runner.invoke(app, exposed_args).exit_code == 0
    (_, default, env), (_, exposed, exposed_env) = calls
    assert (env["EXPLORER_READ_ONLY"], exposed_env["EXPLORER_READ_ONLY"]) == ("", "1")
    assert default[1:4] == ["-m", "streamlit", "run"] and default[4].endswith("app.py")
    options = dict(zip(default[5::2], default[6::2], strict=True))  # … run APP --option value …
    assert options["--server.address"] == "127.0.0.1"
    assert options["--browser.gatherUsageStats"] == "false"
    assert env["EXPLORER_STORE"] == url
    exposed_options = dict(zip(exposed[5::2], exposed[6::2], strict=True))
    assert (exposed_options["--server.address"], exposed_options["--server.port"]) == ("0.0.0.0", "9000")


def _commands(url: str, tmp_path: Path) -> list[list[str]]:
    article = tmp_path / "a.txt"
    article.write_text("Acme Corp hired Jane Smith in Boston.", encoding="utf-8")
    return [
        ["stats", "--store", url],
        ["search", "acme", "--store", url],
        ["ingest", str(article), "--store", url, "--workers", "1"],
        ["ui", "--store", url],
        ["export", str(tmp_path / "out.graphml"), "--store", url],
        ["copy", "--from", url, "--to", f"sqlite:///{tmp_path / 'copy.db'}"],
        ["copy", "--from", f"sqlite:///{tmp_path / 'copy.db'}", "--to", url],
        ["history", "--store", url],
    ]


@pytest.mark.parametrize("scheme", ["neo4j", "bolt", "neo4j+s"])
def test_no_error_shows_the_password_of_a_neo4j_url(scheme, tmp_path, monkeypatch):
    monkeypatch.setattr(os, "execve", lambda *args: pytest.fail("ui must not start over an unusable store"))
    url = f"{scheme}://neo4j:{SECRET}@127.0.0.1:{free_port()}"
    for command in [*_commands(url, tmp_path), ["stats"]]:
        monkeypatch.setenv("EXPLORER_STORE", url)
        result = runner.invoke(app, command)
        assert result.exit_code == 2, (command, result.output)
        assert SECRET not in result.output, command
        assert f"{scheme}://neo4j@127.0.0.1:" in result.output, (command, result.output)
        assert "Traceback" not in result.output


@pytest.mark.neo4j
def test_a_wrong_password_in_the_url_is_not_shown(bolt_server, tmp_path, monkeypatch):
    monkeypatch.setattr(os, "execve", lambda *args: pytest.fail("ui must not start over an unusable store"))
    url = f"bolt://{bolt_server.user}:{SECRET}@127.0.0.1:{bolt_server.bolt_port}"
    monkeypatch.setenv("NEO4J_DATABASE", bolt_server.database)
    for command in _commands(url, tmp_path)[:4]:
        result = runner.invoke(app, command)
        assert result.exit_code == 2, (command, result.output)
        assert SECRET not in result.output and "wrong user name or password" in result.output, result.output


def test_zero_width_characters_in_a_name_resolve_to_the_plain_entity_and_evidence_keeps_them(tmp_path):
    from explorer.ingest import ingest_documents
    from explorer.store.sqlite import SQLiteStore

    store = SQLiteStore.open(f"sqlite:///{tmp_path / 'graph.db'}")
    plain = Document.from_text("Mayor in Paris\nThe mayor met reporters in Paris on Monday.")
    hidden = Document.from_text("Mayor again\nThe mayor met reporters in Pa\u200cris on Tuesday.")
    ingest_documents([plain, hidden], store, workers=1)
    (paris,) = [e for e in store.iter_entities() if e.type == "GPE"]
    assert (paris.name, paris.doc_count) == ("Paris", 2)
    assert [e.id for e in store.search("Pa\u200cris")][:1] == [paris.id]
    assert [m.text for m in store.mentions_in(hidden.id) if m.entity == paris.id] == ["Pa\u200cris"]
    store.close()
