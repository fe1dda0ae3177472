"""Writing through the app needs a writer: a read-only app has no Curate page, no upload and a store that
refuses writes; with a sign-in set up, Curate and upload wait for it and each action records the writer."""

from __future__ import annotations

import pytest

from explorer import access, curate
from explorer.store import open_store
from explorer.store.readonly import ReadOnlyError
from explorer.ui import signin
from explorer.ui.app import available
from explorer.ui.connection import current_store
from explorer.ui.markup import esc
from explorer.ui.views import PAGES
from tests.factories import ACME
from tests.ui.conftest import PMF, open_page


@pytest.fixture
def no_secrets(monkeypatch, tmp_path):
    monkeypatch.setattr(access, "SECRETS_FILES", (tmp_path / "secrets.toml",))
    monkeypatch.delenv(access.PASSWORDS_ENV, raising=False)
    monkeypatch.setattr(signin, "FAILED_PAUSE", 0)


@pytest.fixture
def writers(monkeypatch, no_secrets):
    monkeypatch.setenv(access.PASSWORDS_ENV, f"alice:{access.hash_password('correct horse')}")


def test_a_read_only_app_has_no_curate_page_no_upload_and_cannot_write(store_url, empty_url, monkeypatch, no_secrets):
    monkeypatch.setenv(access.READ_ONLY_ENV, "1")
    assert [p.name for p in PAGES if available(p, store_url)] == [
        "explore", "entity", "document", "paths", "timeline", "disagreements", "overview"
    ]  # fmt: skip
    overview = open_page("overview")
    assert not overview.get("file_uploader") and "read-only" in overview.info[0].value
    monkeypatch.setenv("EXPLORER_STORE", empty_url)
    welcome = open_page("explore")
    assert not welcome.get("file_uploader") and "read-only" in welcome.info[0].value
    monkeypatch.setenv("EXPLORER_STORE", store_url)
    store = current_store()  # the app's own store object
    with pytest.raises(ReadOnlyError):
        curate.rename(store, ACME, "Hacked")
    with pytest.raises(ReadOnlyError):
        store.upsert_extraction(None)
    curate_page = open_page("curate", entity=PMF)  # even reached by its module, it offers nothing
    assert not curate_page.button and "read-only" in curate_page.info[0].value


def test_curate_waits_for_a_sign_in_and_records_the_writer(store_url, writers):
    at = open_page("curate", entity=PMF)
    assert not at.tabs and "Sign in to curate" in at.info[0].value
    at.text_input(key="curate_signin_name").input("alice")
    at.text_input(key="curate_signin_password").input("wrong horse")
    at.button[0].click().run()
    assert at.error[0].value == "Wrong name or password." and not at.tabs
    at.text_input(key="curate_signin_password").input("correct horse")
    at.button[0].click().run()
    assert len(at.tabs) == 4 and "made by alice" in at.caption[0].value
    at.text_input(key=f"rename_{PMF}").input("Popular Mobilisation Forces").run()
    at.button(key=f"do_rename_{PMF}").click().run()
    store = open_store(store_url)
    assert [(a.kind, a.user) for a in curate.history(store)] == [("rename", "alice")]
    store.close()
    history = "".join(str(m.value) for m in at.markdown if "<table>" in str(m.value))
    assert "<th>Who</th>" in history and "<td>alice</td>" in history


def _stale_rename(url: str) -> None:
    import streamlit as st

    from explorer import curate
    from explorer.store import open_store
    from explorer.ui.views.curate import FLASH, act
    from tests.factories import ACME

    act(open_store(url), curate.rename, ACME, "Hacked")
    st.write(st.session_state[FLASH][1])


def test_a_stale_action_without_a_writer_writes_nothing(store_url, writers):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_stale_rename, args=(store_url,), default_timeout=30).run()
    assert at.markdown[0].value == "Sign in to curate."
    store = open_store(store_url)
    assert store.curation_log() == [] and store.entity(ACME).name == "Acme Corporation"
    store.close()


def test_upload_waits_for_a_sign_in(empty_url, writers):
    at = open_page("explore")
    assert not at.get("file_uploader") and "Sign in to add articles" in at.info[0].value


def test_oidc_sign_in_is_streamlits_own(store_url, monkeypatch, no_secrets):
    monkeypatch.setattr(access, "oidc_configured", lambda: True)
    monkeypatch.setattr(signin, "oidc_user", lambda: None)
    at = open_page("curate")
    assert not at.tabs and at.button(key="curate_signin_oidc").label == "Sign in"
    monkeypatch.setattr(signin, "oidc_user", lambda: "ann@example.org")
    at = open_page("curate")
    assert len(at.tabs) == 4 and esc("made by ann@example.org") in at.caption[0].value


def test_on_this_machine_without_a_sign_in_the_local_user_writes(store_url, no_secrets):
    at = open_page("curate")
    assert len(at.tabs) == 4 and f"made by {signin.local_user()}" in at.caption[0].value
