"""Readers: every supported format becomes a Document; every bad input becomes one problem line."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest

from explorer.model import Document
from explorer.sources import (
    MAX_HTML_BYTES,
    SourceProblem,
    is_iso_date,
    read_content,
    read_documents,
    read_paths,
    with_origin,
)
from tests.factories import tiny_folder


def _read(*paths):
    return read_documents(paths)


def test_text_file_title_is_first_line(tmp_path):
    (tmp_path / "a.txt").write_text("Big Headline\r\nBody  text here.\n", encoding="utf-8")
    (doc,), problems = _read(tmp_path / "a.txt")
    assert (doc.title, doc.text, problems) == ("Big Headline", "Big Headline\nBody text here.", [])
    assert doc.source.endswith("a.txt")


def test_content_given_as_bytes_reads_as_the_same_file_would(tmp_path):
    page = b"<html><head><title>T</title></head><body><article><p>Acme Corp hired Jane Smith.</p></article></body>"
    (tmp_path / "a.html").write_bytes(page)
    (from_file,), _ = _read(tmp_path / "a.html")
    (from_bytes,) = read_content("upload/a.html", page)
    assert (from_bytes.id, from_bytes.title, from_bytes.source) == (from_file.id, from_file.title, "upload/a.html")
    (refused,) = read_content("notes.pdf", b"%PDF")
    assert isinstance(refused, SourceProblem) and refused.message == "skipped: unsupported file type '.pdf'"
    (too_large,) = read_content("big.html", b" " * (MAX_HTML_BYTES + 1))
    assert isinstance(too_large, SourceProblem) and too_large.message.startswith("too large")


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


def test_jsonl_gives_each_article_its_outlet(tmp_path):
    lines = [
        json.dumps({"text": "First article.", "outlet": "The Tigris Post", "published": "2024-01-27"}),
        json.dumps({"text": "Second article.", "source_name": "Reuters"}),
        json.dumps({"text": "Third article."}),
    ]
    (tmp_path / "c.jsonl").write_text("\n".join(lines), encoding="utf-8")
    docs, problems = _read(tmp_path / "c.jsonl")
    assert problems == []
    assert [(d.outlet, d.published) for d in docs] == [("The Tigris Post", "2024-01-27"), ("Reuters", None), ("", None)]


def test_html_gives_the_site_name_as_outlet(tmp_path):
    page = BOILERPLATE_PAGE.replace(
        '<meta charset="utf-8">', '<meta charset="utf-8"><meta property="og:site_name" content="Northport Gazette">'
    )
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    (document,) = list(read_paths([tmp_path]))
    assert (document.outlet, document.published) == ("Northport Gazette", "2024-06-12")


def test_given_dates_and_outlets_win_over_what_documents_say():
    document = Document.from_text("Text.", published="2024-01-27", outlet="Wire")
    assert with_origin(document, "2024-02-01", "The Post").published == "2024-02-01"
    assert with_origin(document, "2024-02-01", "The Post").outlet == "The Post"
    assert (with_origin(document).published, with_origin(document).outlet) == ("2024-01-27", "Wire")


@pytest.mark.parametrize(("text", "valid"), [("2024-01-27", True), ("2024-02-30", False), ("27/01/2024", False)])
def test_iso_dates_are_checked(text, valid):
    assert is_iso_date(text) is valid


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


def test_links_out_of_the_folder_are_skipped_with_a_warning(tmp_path):
    folder, outside = tmp_path / "articles", tmp_path / "elsewhere"
    (folder / "sub").mkdir(parents=True)
    outside.mkdir()
    (folder / "sub" / "a.txt").write_text("Inside the folder.", encoding="utf-8")
    (outside / "secret.txt").write_text("Outside the folder.", encoding="utf-8")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "secret.txt").symlink_to(outside / "secret.txt")
    (folder / "elsewhere").symlink_to(outside, target_is_directory=True)
    (folder / "again.txt").symlink_to(folder / "sub" / "a.txt")  # inside to inside: read
    (folder / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    docs, problems = _read(folder)
    assert sorted(d.source.rsplit("/", 1)[-1] for d in docs) == ["a.txt", "again.txt"]
    assert {d.text for d in docs} == {"Inside the folder."}
    assert sorted((p.source.rsplit("/", 1)[-1], p.fatal) for p in problems) == [
        ("broken.txt", False),
        ("elsewhere", False),
        ("passwd.txt", False),
        ("secret.txt", False),
    ]
    passwd = next(p for p in problems if p.source.endswith("passwd.txt"))
    assert passwd.message == f"skipped: a link to /etc/passwd, outside the folder {folder}"
    followed, _ = [i for i in read_paths([folder], follow_links=True) if isinstance(i, Document)], None
    assert "Outside the folder." in {d.text for d in followed}
    (named,), _ = _read(folder / "secret.txt")  # a link named on the command line is the user's choice
    assert named.text == "Outside the folder."


def test_a_folder_or_file_that_cannot_be_read_is_named(tmp_path, monkeypatch):
    # Tests run as root, whom chmod 000 does not stop: the refusal is the operating system's, simulated.
    locked = tmp_path / "locked"
    (locked / "inner").mkdir(parents=True)
    (locked / "inner" / "b.txt").write_text("Never read.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Readable.", encoding="utf-8")
    real_scandir, real_stat = os.scandir, Path.stat

    def scandir(path):
        if Path(path) == locked / "inner":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def stat(path, *args, **kwargs):
        if path.parent == locked / "inner":
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(Path, "stat", stat)
    docs, problems = _read(tmp_path, locked / "inner" / "b.txt")
    assert [d.text for d in docs] == ["Readable."]
    assert [(p.source, p.message, p.fatal) for p in problems] == [
        (str(locked / "inner"), "cannot read folder: Permission denied", True),
        (str(locked / "inner" / "b.txt"), "cannot read: Permission denied", True),
    ]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_files_are_read_with_or_without_a_bom(tmp_path, encoding):
    text = "Émile Zola wrote to the President of France.\nSecond line."
    (tmp_path / "a.txt").write_bytes(text.encode(encoding))
    (doc,), problems = _read(tmp_path / "a.txt")
    assert (doc.text, problems) == (text, [])


def test_control_characters_are_cleaned_on_reading_tabs_and_newlines_kept(tmp_path):
    body = "Acme\x1b[31m hired\x07 Jane.\tTabbed.\nNext line." + " padding" * 1200 + " NUL\x00 here."
    (tmp_path / "a.txt").write_text(body, encoding="utf-8")
    record = {"title": "Head\x1b]0;pwned\x07line", "text": "Text \x1b[2J with\x00 control."}
    (tmp_path / "b.jsonl").write_text(json.dumps(record), encoding="utf-8")
    (tmp_path / "c.html").write_text(
        "<html><head><title>Page\x1b[1m title</title></head><body><article><p>"
        + "A paragraph\x1b[0m of the article that is long enough to be kept as its main text. " * 3
        + "</p></article></body></html>",
        encoding="utf-8",
    )
    docs, problems = _read(tmp_path)
    assert problems == []
    assert all(not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", d.text + d.title) for d in docs)
    by_name = {d.source.rsplit("/", 1)[-1]: d for d in docs}
    assert by_name["a.txt"].text.startswith("Acme[31m hired Jane. Tabbed.\nNext line.")
    assert by_name["a.txt"].text.endswith("NUL here.")
    assert (by_name["b.jsonl:1"].title, by_name["b.jsonl:1"].text) == ("Head]0;pwnedline", "Text [2J with control.")
    assert by_name["c.html"].title == "Page[1m title"


def test_a_deeply_nested_json_line_is_one_problem_and_the_rest_is_read(tmp_path):
    deep = "[" * 2000 + "]" * 2000
    lines = [json.dumps({"text": "First article."}), deep, json.dumps({"text": "Third article."})]
    (tmp_path / "a.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "b.txt").write_text("Another file.", encoding="utf-8")
    docs, problems = _read(tmp_path)
    assert [d.text for d in docs] == ["First article.", "Third article.", "Another file."]
    assert [(p.source.rsplit("/", 1)[-1], p.message) for p in problems] == [
        ("a.jsonl:2", "malformed JSON (nested too deeply)")
    ]


# The time limit's first signal may land in a gc callback (Hypothesis installs one), which swallows it and
# says so; the limit fires again (see the next test).
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_page_too_large_or_too_slow_to_read_is_refused_and_the_rest_read(tmp_path, monkeypatch):
    import explorer.sources as sources

    paragraphs = "".join(f"<p>Paragraph {n} of a page that never ends.</p>" for n in range(100_000))
    (tmp_path / "slow.html").write_text(f"<html><body><article>{paragraphs}</article></body></html>")
    (tmp_path / "fine.txt").write_text("A short article.", encoding="utf-8")
    monkeypatch.setattr(sources, "HTML_SECONDS", 1)
    monkeypatch.setattr(sources, "MAX_HTML_BYTES", 6_000_000)
    (tmp_path / "big.html").write_bytes(b"<p>" + b"x" * 6_100_000 + b"</p>")
    started = time.monotonic()
    docs, problems = _read(tmp_path)
    assert time.monotonic() - started < 25  # unlimited, the page alone takes about a minute
    assert [d.text for d in docs] == ["A short article."]
    assert [(p.source.rsplit("/", 1)[-1], p.message) for p in problems] == [
        ("big.html", "too large: 6 MB, over the limit for a .html file"),
        ("slow.html", "took too long: reading the page's text ran past 1 s"),
    ]


def test_a_time_limit_swallowed_once_fires_again_and_is_always_disarmed():
    import signal

    from explorer.sources import TookTooLong, within

    swallowed = []

    def stubborn() -> None:
        """Spins for 5 s; the first interruption lands where it is lost (as in a finaliser or a gc callback)."""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                while time.monotonic() < deadline:
                    pass
            except TookTooLong:
                if swallowed:
                    raise
                swallowed.append(time.monotonic())

    started = time.monotonic()
    with pytest.raises(TookTooLong):
        within(0.2, stubborn)
    assert swallowed and time.monotonic() - started < 2
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
    assert within(0.2, sum, [1, 2]) == 3 and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
