"""The CLI end to end on the seed: ingest → stats → search, extract --json, and bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from explorer.cli import app

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
runner = CliRunner()


@pytest.fixture
def store_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'graph.db'}"


def _run(*args: str):
    return runner.invoke(app, list(args))


def test_ingest_then_stats_then_search(store_url):
    first = _run("ingest", str(SEEDS), "--store", store_url, "--workers", "1")
    assert first.exit_code == 0, first.output
    assert "1 new, 0 unchanged, 0 failed documents" in first.output
    stats = json.loads(_run("stats", "--json", "--store", store_url).stdout)
    assert stats["documents"] == 1 and stats["entities"] >= 10 and stats["relations"] >= 20

    again = _run("ingest", str(SEEDS), "--store", store_url, "--workers", "1")
    assert "0 new, 1 unchanged, 0 failed documents" in again.output
    assert json.loads(_run("stats", "--json", "--store", store_url).stdout) == stats

    found = json.loads(_run("search", "united states", "--json", "--store", store_url).stdout)
    assert found[0]["name"] == "United States" and found[0]["type"] == "GPE"
    assert {"U.S.", "Washington"} <= set(found[0]["aliases"])
    assert set(found[0]) >= {"id", "name", "type", "aliases", "mentions"}
    by_alias = json.loads(_run("search", "Muhandis", "--json", "--store", store_url).stdout)
    assert by_alias[0]["name"] == "Abu Mahdi al-Muhandis"


def test_bad_input_fails_alone_with_one_line_each(tmp_path, store_url):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS / "000_8ef1c1f620d117f8.txt", folder / "good.txt")
    (folder / "empty.txt").write_text("")
    (folder / "bad.jsonl").write_text('{"text": "Acme Corp hired Jane Smith in Boston."}\n{oops\n')
    (folder / "deep.jsonl").write_text("[" * 2000 + "]" * 2000 + "\n")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    result = _run("ingest", str(folder), str(tmp_path / "missing"), "--store", store_url, "--workers", "1")
    assert result.exit_code == 1
    assert "2 new, 0 unchanged, 4 failed documents" in result.output
    assert "empty.txt: empty" in result.output
    assert "bad.jsonl:2: malformed JSON" in result.output
    assert "deep.jsonl:1: malformed JSON (nested too deeply)" in result.output
    assert f"warning: {folder / 'passwd.txt'}: skipped: a link to /etc/passwd, outside the folder" in result.output
    assert "missing: no such file or folder" in result.output
    assert "Traceback" not in result.output
    stats = json.loads(_run("stats", "--json", "--store", store_url).stdout)
    assert stats["documents"] == 2


def test_extract_json_has_the_documented_shape():
    result = _run("extract", "--json", "--workers", "1", str(SEEDS / "000_8ef1c1f620d117f8.txt"))
    assert result.exit_code == 0, result.output
    corpus = json.loads(result.stdout)
    (document,) = corpus["documents"]
    assert set(document) >= {"id", "title", "source"}
    assert document["title"].startswith("United States and Iraq Engage in Formal Talks")
    ids = set()
    for entity in corpus["entities"]:
        assert set(entity) >= {"id", "name", "type", "aliases", "mentions"}
        assert entity["type"] in {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"}
        ids.add(entity["id"])
    for relation in corpus["relations"]:
        assert set(relation) >= {"source", "target", "type", "label", "doc", "evidence", "confidence"}
        assert {relation["source"], relation["target"]} <= ids
        assert relation["doc"] == document["id"]
        assert relation["evidence"] in corpus["documents"][0]["text"]
    assert any(r["type"] == "CO_MENTIONED" for r in corpus["relations"])
    assert isinstance(corpus["events"], list)


def test_extract_reports_a_deeply_nested_line_and_extracts_the_rest(tmp_path):
    (tmp_path / "a.jsonl").write_text(
        "[" * 2000 + "]" * 2000 + "\n" + json.dumps({"text": "Acme Corp hired Jane Smith in Boston."}) + "\n"
    )
    result = _run("extract", "--json", "--workers", "1", str(tmp_path / "a.jsonl"))
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path / 'a.jsonl'}:1: malformed JSON (nested too deeply)\n"
    assert [d["text"] for d in json.loads(result.stdout)["documents"]] == ["Acme Corp hired Jane Smith in Boston."]


def test_a_broken_store_is_one_line_and_exit_code_2(tmp_path):
    broken = tmp_path / "graph.db"
    broken.write_bytes(b"this is not a database at all" * 100)
    result = _run("stats", "--store", f"sqlite:///{broken}")
    assert result.exit_code == 2
    assert "is not an explorer store" in result.output
    assert broken.read_bytes() == b"this is not a database at all" * 100


def test_file_names_print_as_written_never_as_markup_or_terminal_codes(tmp_path, store_url):
    folder = tmp_path / "d["
    folder.mkdir()
    (folder / "[red]colour.txt").write_text("Acme Corp hired Jane Smith in Boston.", encoding="utf-8")
    (folder / ":skull:.txt").write_text("", encoding="utf-8")
    (folder / "esc\x1b[31mred.txt").write_text("", encoding="utf-8")
    (folder / "rlo\u202etxt.md").write_text("", encoding="utf-8")
    result = _run("ingest", str(folder), "--store", store_url, "--workers", "1")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "1 new, 0 unchanged, 3 failed documents" in result.output
    assert f"error: {folder}/:skull:.txt: empty" in result.output
    assert f"error: {folder}/esc\\x1b[31mred.txt: empty" in result.output
    assert f"error: {folder}/rlo\\u202etxt.md: empty" in result.output
    assert "\x1b" not in result.output and "\u202e" not in result.output and "\N{SKULL}" not in result.output
    (document,) = json.loads(_run("extract", "--json", "--workers", "1", str(folder / "[red]colour.txt")).stdout)[
        "documents"
    ]
    assert document["source"] == str(folder / "[red]colour.txt")
