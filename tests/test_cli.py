"""The CLI end to end: ingest → stats → search on the seed, a folder of hundreds of tiny files, extract --json,
bad input; and two safety defaults: the app binds 127.0.0.1, and no error shows a password."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from explorer.cli import CURATING, DATA_IN, LOOKING, MOVING, app
from explorer.store import open_store
from tests.bolt_server import free_port
from tests.factories import tiny_article, tiny_folder

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
runner = CliRunner()
SECRET = "s3cret-Pa55word"


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
    for short in ("US", "USA", "U.S.", "United States of America"):
        found = json.loads(_run("search", short, "--json", "--store", store_url).stdout)
        assert found[0]["name"] == "United States", short
    nothing = _run("search", "Xuhandis", "--store", store_url)
    assert nothing.exit_code == 0
    [line] = nothing.output.strip().splitlines()
    assert line.startswith("No entity matches “Xuhandis”. Nearest names: ") and "Abu Mahdi al-Muhandis" in line


def test_ingest_takes_dates_and_outlets_from_datelines_unless_given(tmp_path, store_url):
    from explorer.store import open_store

    (tmp_path / "wire.txt").write_text(
        "Arrests in Baghdad\nBAGHDAD, Jan. 27, 2024 (Reuters) — Iraqi forces arrested eight men.", encoding="utf-8"
    )
    (tmp_path / "given.txt").write_text(
        "Talks in Amman\nAMMAN, Jordan, Feb. 3, 2024 (AP) — Jordan hosted talks on Iraq.", encoding="utf-8"
    )
    assert _run("ingest", str(tmp_path / "wire.txt"), "--store", store_url, "--workers", "1").exit_code == 0
    given = _run("ingest", str(tmp_path / "given.txt"), "--store", store_url, "--workers", "1",
                 "--published", "2024-02-04", "--outlet", "The Amman Ledger")
    assert given.exit_code == 0, given.output
    store = open_store(store_url)
    found = {d.title: (d.published, d.outlet) for d in store.documents()}
    store.close()
    assert found == {
        "Arrests in Baghdad": ("2024-01-27", "Reuters"),
        "Talks in Amman": ("2024-02-04", "The Amman Ledger"),
    }


def test_ingest_refuses_a_date_it_cannot_read_in_one_line(tmp_path, store_url):
    (tmp_path / "a.txt").write_text("Acme bought Globex.", encoding="utf-8")
    result = _run("ingest", str(tmp_path / "a.txt"), "--store", store_url, "--published", "27/01/2024")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == ["error: --published '27/01/2024' is not a date written YYYY-MM-DD"]


CLAIMS = Path(__file__).resolve().parent / "data" / "claims"


def test_conflicts_lists_each_disagreement_with_its_sides(store_url):
    assert _run("ingest", str(SEEDS), "--store", store_url, "--workers", "1").exit_code == 0
    assert _run("conflicts", "--store", store_url).stdout.strip() == "No disagreements."
    paths = [str(CLAIMS / "first_round_january.txt")]
    assert _run("ingest", *paths, "--store", store_url, "--workers", "1").exit_code == 0
    (found,) = json.loads(_run("conflicts", "--json", "--store", store_url).stdout)
    assert found["kind"] == "date" and len(found["subject"]) >= 2
    assert sorted(c["value"] for c in found["claims"]) == ["2021-05-30", "2024-01-27"]
    assert all(set(c) >= {"value", "doc", "sentence", "evidence"} for c in found["claims"])
    table = _run("conflicts", "--store", store_url).stdout
    assert "2021-05-30" in table and "2024-01-27" in table and "Iraq's foreign ministry" in table


def test_an_ingest_of_hundreds_of_tiny_files_counts_right(tmp_path):
    folder = tiny_folder(tmp_path, 300, unsupported=3)
    # The same article under a second name, and with other line ends and spacing: one document.
    shutil.copy(folder / "batch00" / "00007.txt", folder / "copy-of-7.txt")
    (folder / "00008-spaced.txt").write_bytes(("\ufeff  " + tiny_article(8).replace(" ", " \t ") + "\r\n\r\n").encode())
    url = f"sqlite:///{tmp_path / 'graph.db'}"
    result = runner.invoke(app, ["ingest", str(folder), "--store", url, "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "300 new, 2 unchanged, 0 failed documents" in result.output
    assert result.output.count("skipped: not a supported file type") == 4
    stats = json.loads(runner.invoke(app, ["stats", "--json", "--store", url]).stdout)
    assert stats["documents"] == 300
    again = runner.invoke(app, ["ingest", str(folder), "--store", url, "--workers", "1"])
    assert "0 new, 302 unchanged, 0 failed documents" in again.output


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


def test_ui_binds_127_0_0_1_unless_told_otherwise(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(os, "execve", lambda path, args, env: calls.append((path, args, env)))
    url = f"sqlite:///{tmp_path / 'graph.db'}"
    open_store(url).close()
    port = str(free_port())
    assert runner.invoke(app, ["ui", "--store", url, "--port", port]).exit_code == 0
    exposed_args = ["ui", "--store", url, "--host", "0.0.0.0", "--port", port, "--read-only"]
    assert runner.invoke(app, exposed_args).exit_code == 0
    (_, default, env), (_, exposed, exposed_env) = calls
    assert (env["EXPLORER_READ_ONLY"], exposed_env["EXPLORER_READ_ONLY"]) == ("", "1")
    assert default[1:4] == ["-m", "streamlit", "run"] and default[4].endswith("app.py")
    options = dict(zip(default[5::2], default[6::2], strict=True))  # … run APP --option value …
    assert options["--server.address"] == "127.0.0.1"
    assert options["--browser.gatherUsageStats"] == "false"
    assert env["EXPLORER_STORE"] == url
    exposed_options = dict(zip(exposed[5::2], exposed[6::2], strict=True))
    assert (exposed_options["--server.address"], exposed_options["--server.port"]) == ("0.0.0.0", port)


def _commands(url: str, tmp_path: Path) -> list[list[str]]:
    article = tmp_path / "a.txt"
    article.write_text("Acme Corp hired Jane Smith in Boston.", encoding="utf-8")
    open_store(f"sqlite:///{tmp_path / 'copy.db'}").close()  # a store to copy from
    return [
        ["stats", "--store", url],
        ["search", "acme", "--store", url],
        ["ingest", str(article), "--store", url, "--workers", "1"],
        ["ui", "--store", url],
        ["export", str(tmp_path / "out.graphml"), "--store", url],
        ["copy", "--from", url, "--to", f"sqlite:///{tmp_path / 'copy.db'}"],
        ["copy", "--from", f"sqlite:///{tmp_path / 'copy.db'}", "--to", url],
        ["history", "--store", url],
        ["conflicts", "--store", url],
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


def test_extract_names_bad_input_and_extracts_the_rest(tmp_path):
    (tmp_path / "good.txt").write_text(tiny_article(1), encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 owner Jos\xe9 spoke in Lyon.".encode("latin-1"))
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    result = _run("extract", "--json", "--workers", "1", str(tmp_path), str(tmp_path / "missing"))
    assert result.exit_code == 1
    assert [Path(d["source"]).name for d in json.loads(result.stdout)["documents"]] == ["good.txt", "latin.txt"]
    assert result.stderr.replace(str(tmp_path), "DIR").splitlines() == [
        "error: DIR/empty.txt: empty: no text to read",
        "warning: DIR/latin.txt: invalid text encoding, undecodable bytes replaced",
        "warning: DIR/notes.pdf: skipped: not a supported file type",
        "error: DIR/missing: no such file or folder",
    ]


def test_load_refuses_dangling_references_one_line_each(tmp_path, store_url):
    from explorer.interchange import to_interchange
    from tests.factories import sample_extractions

    corpus = to_interchange(sample_extractions())
    corpus["mentions"].append({**corpus["mentions"][0], "entity": "ghost"})
    corpus["relations"].append({**corpus["relations"][0], "target": "ghost"})
    path = tmp_path / "corpus.json"
    path.write_text(json.dumps(corpus))
    result = _run("load", str(path), "--store", store_url)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and all("names entity 'ghost', which the file does not hold" in line for line in lines)
    stats = json.loads(_run("stats", "--json", "--store", store_url).stdout)
    assert (stats["documents"], stats["mentions"]) == (0, 0)


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


def _reads(url: str, tmp_path: Path) -> list[list[str]]:
    """Commands that only read the store, or change what is in it: none of them may create it."""
    return [
        ["stats", "--store", url],
        ["search", "acme", "--store", url],
        ["relations", "e1", "--store", url],
        ["history", "--store", url],
        ["candidates", "--store", url],
        ["merge", "e1", "e2", "--store", url],
        ["undo", "--store", url],
        ["export", str(tmp_path / "out.graphml"), "--store", url],
        ["backup", str(tmp_path / "copy.db"), "--store", url],
        ["curation", "export", "-", "--store", url],
        ["copy", "--from", url, "--to", f"sqlite:///{tmp_path / 'target.db'}"],
        ["ui", "--store", url, "--port", str(free_port())],
    ]


def test_only_ingest_load_and_copy_create_a_store(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "execve", lambda *args: pytest.fail("ui must not start without a store"))
    missing = tmp_path / "typo" / "graph.db"
    for command in _reads(f"sqlite:///{missing}", tmp_path):
        result = _run(*command)
        assert result.exit_code == 2, (command, result.output)
        assert result.output.startswith(f"error: no store at {missing}: `explorer ingest FOLDER`")
        assert result.output.count("\n") == 1
        assert list(tmp_path.iterdir()) == [], command

    article = tmp_path / "in" / "a.txt"
    article.parent.mkdir()
    article.write_text("Acme Corp hired Jane Smith in Boston.", encoding="utf-8")
    assert _run("ingest", str(article), "--store", f"sqlite:///{missing}", "--workers", "1").exit_code == 0
    assert _run("copy", "--from", f"sqlite:///{missing}", "--to", f"sqlite:///{tmp_path / 'copied.db'}").exit_code == 0
    corpus = tmp_path / "corpus.json"
    corpus.write_text(_run("extract", "--json", "--workers", "1", str(article)).stdout, encoding="utf-8")
    assert _run("load", str(corpus), "--store", f"sqlite:///{tmp_path / 'loaded.db'}").exit_code == 0
    for made in (missing, tmp_path / "copied.db", tmp_path / "loaded.db"):
        assert json.loads(_run("stats", "--json", "--store", f"sqlite:///{made}").stdout)["documents"] == 1


def test_stats_in_an_empty_folder_creates_nothing_and_exits_2(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "EXPLORER_STORE"}
    done = subprocess.run(
        [sys.executable, "-m", "explorer.cli", "stats"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: no store at {tmp_path / 'data' / 'graph.db'}: ")
    assert done.stderr.count("\n") == 1 and done.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_a_search_that_finds_nothing_says_so_in_one_line(store_url):
    open_store(store_url).close()
    result = _run("search", "US", "--store", store_url)
    assert (result.exit_code, result.stdout) == (0, "No entity matches “US”.\n")
    assert json.loads(_run("search", "US", "--json", "--store", store_url).stdout) == []


def test_ui_on_a_busy_port_says_so_before_anything_else(store_url, monkeypatch):
    monkeypatch.setattr(os, "execve", lambda *args: pytest.fail("ui must not start on a busy port"))
    open_store(store_url).close()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = _run("ui", "--store", store_url, "--port", str(port))
    assert result.exit_code == 2
    assert result.output.startswith(f"error: cannot serve on 127.0.0.1:{port}: ") and "--port" in result.output
    assert result.output.count("\n") == 1 and "explorer is at" not in result.output


def test_help_groups_the_commands_in_the_order_a_newcomer_follows():
    lines = _run("--help").stdout.splitlines()
    titles = (DATA_IN, LOOKING, CURATING, MOVING)
    panels = [next(n for n, line in enumerate(lines) if title in line) for title in titles]
    assert panels == sorted(panels)
    names = ("ingest", "stats", "ui", "merge", "curation", "export", "copy")
    # A command starts its row, after the panel's border (box characters or ASCII, as the terminal allows).
    where = {name: next(n for n, line in enumerate(lines) if re.match(rf"\W*{name}\s", line)) for name in names}
    assert panels[0] < where["ingest"] < panels[1] < where["stats"] < where["ui"] < panels[2]
    assert panels[2] < where["merge"] < where["curation"] < panels[3] < where["export"] < where["copy"]


@pytest.mark.neo4j
def test_reading_an_empty_neo4j_database_reports_it_empty(bolt_server, monkeypatch):
    monkeypatch.setattr(os, "execve", lambda *args: pytest.fail("ui must not start on a busy port"))
    bolt_server.wipe()
    for name, value in bolt_server.env().items():
        monkeypatch.setenv(name, value)
    stats = _run("stats", "--json", "--store", bolt_server.url)
    assert stats.exit_code == 0 and set(json.loads(stats.stdout).values()) == {0}
    found = _run("search", "US", "--store", bolt_server.url)
    assert (found.exit_code, found.stdout) == (0, "No entity matches “US”.\n")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        served = _run("ui", "--store", bolt_server.url, "--port", str(port))
    assert served.exit_code == 2 and f"cannot serve on 127.0.0.1:{port}" in served.output
