"""Who may write through the app: `explorer ui` refuses to serve beyond this machine unless read-only or
with a sign-in for writers; writers' passwords are kept only as scrypt hashes."""

from __future__ import annotations

import os

import pytest
from typer.testing import CliRunner

from explorer import access
from explorer.cli import app, ui
from explorer.store import open_store

runner = CliRunner()


@pytest.fixture
def launches(monkeypatch, tmp_path):
    """The `explorer ui` launches that reached Streamlit (none is started), from a folder without secrets."""
    calls: list[dict[str, str]] = []
    monkeypatch.setattr(os, "execve", lambda path, args, env: calls.append(env))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(access, "SECRETS_FILES", (tmp_path / ".streamlit" / "secrets.toml",))
    monkeypatch.delenv(access.PASSWORDS_ENV, raising=False)
    monkeypatch.setenv("EXPLORER_STORE", f"sqlite:///{tmp_path / 'graph.db'}")
    open_store(f"sqlite:///{tmp_path / 'graph.db'}").close()
    monkeypatch.setattr(ui, "port_taken", lambda host, port: None)  # hosts here need not be this machine's
    return calls


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "example.org"])
def test_a_non_loopback_host_without_read_only_or_sign_in_is_refused_in_one_line(launches, host):
    result = runner.invoke(app, ["ui", "--host", host])
    assert result.exit_code == 1 and launches == []
    assert result.output.startswith(f"error: --host {host} serves the app beyond this machine")
    assert "--read-only" in result.output and "explorer hash-password" in result.output
    assert result.output.count("\n") == 1


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1"])
def test_this_machine_needs_nothing(launches, host):
    assert runner.invoke(app, ["ui", "--host", host]).exit_code == 0
    assert launches[0][access.READ_ONLY_ENV] == ""


def test_read_only_or_a_sign_in_lets_it_serve_the_network(launches, monkeypatch, tmp_path):
    assert runner.invoke(app, ["ui", "--host", "0.0.0.0", "--read-only"]).exit_code == 0
    monkeypatch.setenv(access.PASSWORDS_ENV, f"alice:{access.hash_password('correct horse')}")
    assert runner.invoke(app, ["ui", "--host", "0.0.0.0"]).exit_code == 0
    monkeypatch.delenv(access.PASSWORDS_ENV)
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('[auth]\nredirect_uri = "http://x/oauth2callback"\n')
    result = runner.invoke(app, ["ui", "--host", "0.0.0.0"])
    # OIDC counts as a sign-in; without Authlib installed it is refused with what to install.
    assert result.exit_code == 0 or "pip install 'Authlib" in result.output
    assert [env[access.READ_ONLY_ENV] for env in launches][:2] == ["1", ""]


def test_a_malformed_password_entry_is_refused(launches, monkeypatch):
    monkeypatch.setenv(access.PASSWORDS_ENV, "alice:plaintext-password")
    result = runner.invoke(app, ["ui"])
    assert result.exit_code == 1 and launches == []
    assert "plaintext" not in result.output and "explorer hash-password NAME" in result.output


def test_hash_password_prints_an_entry_that_signs_in_and_never_the_password(monkeypatch):
    result = runner.invoke(app, ["hash-password", "alice"], input="correct horse\ncorrect horse\n")
    assert result.exit_code == 0
    entry = result.stdout.strip().splitlines()[-1]
    assert entry.startswith("alice:scrypt$") and "correct horse" not in result.stdout
    monkeypatch.setenv(access.PASSWORDS_ENV, f"{entry} bob:{access.hash_password('battery staple')}")
    assert access.sign_in("alice", "correct horse") and access.sign_in("bob", "battery staple")
    assert not access.sign_in("alice", "battery staple") and not access.sign_in("carol", "correct horse")
    assert runner.invoke(app, ["hash-password", "a:b"], input="x\nx\n").exit_code == 1


def test_hashes_are_salted():
    first, second = access.hash_password("same"), access.hash_password("same")
    assert first != second and access.check_password("same", first) and access.check_password("same", second)
    assert not access.check_password("same", "scrypt$bad")
