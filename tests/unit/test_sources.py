"""Readers: every supported format becomes a Document; every bad input becomes one problem line."""

from __future__ import annotations

import json

from explorer.model import Document
from explorer.sources import SourceProblem, read_paths


def _read(*paths):
    items = list(read_paths(paths))
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, SourceProblem)]


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
