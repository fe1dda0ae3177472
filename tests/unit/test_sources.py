"""Readers: every supported format becomes a Document; every bad input becomes one problem line."""

from __future__ import annotations

import json
from pathlib import Path

from explorer.model import Document
from explorer.sources import read_documents, read_paths
from tests.factories import tiny_folder


def _read(*paths):
    return read_documents(paths)


def test_text_file_title_is_first_line(tmp_path):
    (tmp_path / "a.txt").write_text("Big Headline\r\nBody  text here.\n", encoding="utf-8")
    (doc,), problems = _read(tmp_path / "a.txt")
    assert (doc.title, doc.text, problems) == ("Big Headline", "Big Headline\nBody text here.", [])
    assert doc.source.endswith("a.txt")


def test_the_same_text_gets_the_same_id_whatever_the_file(tmp_path):
    (tmp_path / "a.txt").write_text("Same words.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Same   words.", encoding="utf-8")
    docs, _ = _read(tmp_path)
    assert len({d.id for d in docs}) == 1


def test_the_same_article_under_two_names_is_one_document():
    text = "Acme Corp hired Jane Smith in Boston.\nShe starts in May."
    variants = [text, text.replace("\n", "\r\n") + "\n\n", "  " + text.replace(" ", "   ").replace("\n", " \n ")]
    ids = {Document.from_text(v, source=f"{n}.txt").id for n, v in enumerate(variants)}
    assert len(ids) == 1


def test_markdown_loses_its_syntax(tmp_path):
    (tmp_path / "a.md").write_text("# Title here\n\nSee **bold** and [a link](http://x.y).\n", encoding="utf-8")
    (doc,), _ = _read(tmp_path / "a.md")
    assert doc.text == "Title here\n\nSee bold and a link."


def test_html_keeps_the_article_not_the_scripts(tmp_path):
    html = (
        "<html><head><title>Court rules on merger</title><script>alert('x')</script></head><body>"
        "<nav>Home | News | Sport</nav><article><h1>Court rules on merger</h1>"
        "<p>The High Court ruled on Tuesday that the merger of Alpha Bank and Beta Bank may go ahead, "
        "rejecting a challenge brought by the Consumer Council.</p>"
        "<p>Judge Maria Lopez said the regulator had acted within its powers.</p></article></body></html>"
    )
    (tmp_path / "a.html").write_text(html, encoding="utf-8")
    (doc,), problems = _read(tmp_path / "a.html")
    assert problems == []
    assert "Judge Maria Lopez said" in doc.text
    assert "alert" not in doc.text and "Home | News" not in doc.text
    assert doc.title == "Court rules on merger"


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


def test_jsonl_reads_each_line_and_reports_bad_ones_by_number(tmp_path):
    lines = [
        json.dumps({"id": "a1", "title": "One", "text": "First article.", "published": "2024-01-02T10:00"}),
        "{not json",
        json.dumps({"title": "no text"}),
        "",
        json.dumps({"text": "Second article.", "source": "wire"}),
    ]
    (tmp_path / "c.jsonl").write_text("\n".join(lines), encoding="utf-8")
    docs, problems = _read(tmp_path / "c.jsonl")
    assert [(d.title, d.published, d.source) for d in docs] == [
        ("One", "2024-01-02", f"{tmp_path / 'c.jsonl'}#a1"),
        ("Second article.", None, "wire"),
    ]
    assert [p.source.rsplit(":", 1)[-1] for p in problems] == ["2", "3"]
    assert "malformed JSON" in problems[0].message


def test_bad_inputs_each_give_one_problem(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    docs, problems = _read(tmp_path / "empty.txt", tmp_path / "binary.txt", tmp_path / "missing.txt")
    assert docs == []
    assert [p.message for p in problems] == ["empty: no text to read", "binary file, not text",
                                             "no such file or folder"]
    assert all(p.fatal for p in problems)


def test_invalid_utf8_is_replaced_with_a_warning(tmp_path):
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 owner Jos\xe9 spoke.".encode("latin-1"))
    (doc,), (warning,) = _read(tmp_path / "latin.txt")
    assert "\ufffd" in doc.text and not warning.fatal


def test_folders_skip_unsupported_and_hidden_files(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Inside a folder.", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_text("Hidden.", encoding="utf-8")
    docs, problems = _read(tmp_path)
    assert [d.text for d in docs] == ["Inside a folder."]
    assert [(p.fatal, p.source.endswith("notes.pdf")) for p in problems] == [(False, True)]
    _, (explicit,) = _read(tmp_path / "notes.pdf")
    assert explicit.fatal


def test_a_folder_of_thousands_of_files_reads_each_file_once(tmp_path):
    folder = tiny_folder(tmp_path, 3000, unsupported=25)
    documents, problems = _read(folder)
    sources = [d.source for d in documents]
    assert len(sources) == len(set(sources)) == 3000
    assert {Path(s).name for s in sources} == {f"{n:05d}.txt" for n in range(3000)}
    assert len({d.id for d in documents}) == 3000
    assert sorted(Path(p.source).name for p in problems) == sorted(["notes.docx", *(f"scan{n}.pdf" for n in range(25))])
    assert all(not p.fatal and "skipped" in p.message for p in problems)
