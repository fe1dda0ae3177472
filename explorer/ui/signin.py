"""Who may write in this browser session: the one gate of Curate and upload (settings in explorer/access.py).

Anyone may read. Writing needs a writer: the user signed in through Streamlit's OIDC (`st.login`) when
secrets.toml has `[auth]`, else one signed in with a name and password of EXPLORER_UI_PASSWORD_HASH, else,
when no sign-in is set up at all, the person who started the app (`explorer ui` then serves this machine
only). A read-only app has no writer.
"""

from __future__ import annotations

import getpass
import time

import streamlit as st

from explorer import access
from explorer.ui.markup import esc

WRITER = "signin_writer"
FAILED_PAUSE = 1.0  # seconds after a wrong password: guessing stays slow


def writer() -> str | None:
    """The name recorded on this session's writes, or None when it may not write."""
    if access.read_only():
        return None
    if access.oidc_configured():
        return oidc_user()
    if access.password_writers():
        return st.session_state.get(WRITER)
    return local_user()


def oidc_user() -> str | None:
    if not st.user.is_logged_in:
        return None
    return str(st.user.get("email") or st.user.get("name") or "signed-in user")


def local_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "local user"


def sign_in_prompt(what: str, key: str) -> None:
    """Shown where a write would be: why it is not there, and how to sign in."""
    if access.read_only():
        st.info(f"This app is read-only: {what} is done from the command line.")
        return
    st.info(f"Sign in to {what}.")
    if access.oidc_configured():
        st.button("Sign in", key=f"{key}_oidc", type="primary", on_click=st.login)
        return
    with st.form(key=f"{key}_form"):
        name = st.text_input("Name", key=f"{key}_name")
        password = st.text_input("Password", type="password", key=f"{key}_password")
        if st.form_submit_button("Sign in", type="primary"):
            if access.sign_in(name, password):
                st.session_state[WRITER] = name.strip()
                st.rerun()
            time.sleep(FAILED_PAUSE)
            st.error("Wrong name or password.")


def signed_in_as(name: str, key: str) -> None:
    """Who is writing, with a way out when they signed in."""
    if access.oidc_configured():
        left, right = st.columns([4, 1], vertical_alignment="center")
        right.button("Sign out", key=f"{key}_signout", on_click=st.logout)
    elif access.password_writers():
        left, right = st.columns([4, 1], vertical_alignment="center")
        right.button("Sign out", key=f"{key}_signout", on_click=lambda: st.session_state.pop(WRITER, None))
    else:
        left = st
    left.caption(f"Changes are recorded as made by {esc(name)}.")
