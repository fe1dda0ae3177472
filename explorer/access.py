"""Who may change the graph through the app: read-only mode, and the two ways writers sign in.

- `explorer ui --read-only` sets EXPLORER_READ_ONLY: no Curate page, no upload, and the app's store
  refuses every write (explorer/store/readonly.py).
- Streamlit's own OIDC sign-in (`st.login`), configured by an `[auth]` section in .streamlit/secrets.toml,
  for a team with an identity provider.
- For a small team, EXPLORER_UI_PASSWORD_HASH: one `name:hash` per writer (separated by spaces), each hash
  a salted scrypt written by `explorer hash-password NAME`. The passwords themselves are stored nowhere.

Bound to anything but this machine, the app starts only read-only or with one of the two sign-ins.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import os
import secrets
import tomllib
from pathlib import Path

READ_ONLY_ENV = "EXPLORER_READ_ONLY"
PASSWORDS_ENV = "EXPLORER_UI_PASSWORD_HASH"
SECRETS_FILES = (Path(".streamlit") / "secrets.toml", Path.home() / ".streamlit" / "secrets.toml")
# scrypt at n=2**14, r=8, p=1: about 16 MB and a few tens of milliseconds per try.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


class AccessError(ValueError):
    """The sign-in settings cannot be used (a malformed hash): one line for the user."""


def read_only() -> bool:
    return os.environ.get(READ_ONLY_ENV, "") not in ("", "0", "false")


def is_loopback(host: str) -> bool:
    """Does binding to `host` keep the app on this machine?"""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name: it may resolve to any address


def hash_password(password: str) -> str:
    """A salted scrypt hash: `scrypt$n$r$p$salt$key` (base64)."""
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    return "$".join(["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(key)])


def check_password(password: str, stored: str) -> bool:
    """Does `password` match the hash (compared in constant time)?"""
    try:
        kind, n, r, p, salt, key = stored.split("$")
        if kind != "scrypt":
            return False
        expected = base64.b64decode(key)
        found = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(found, expected)


def password_writers() -> dict[str, str]:
    """Writer name → stored hash, from EXPLORER_UI_PASSWORD_HASH (AccessError when an entry is malformed)."""
    writers: dict[str, str] = {}
    for entry in os.environ.get(PASSWORDS_ENV, "").replace(",", " ").split():
        name, _, stored = entry.rpartition(":")
        if not name or stored.count("$") != 5 or not stored.startswith("scrypt$"):
            raise AccessError(
                f"{PASSWORDS_ENV} holds an entry that is not name:hash; make one with `explorer hash-password NAME`"
            )
        writers[name] = stored
    return writers


def sign_in(name: str, password: str) -> bool:
    """Is this a writer of EXPLORER_UI_PASSWORD_HASH with the right password?"""
    stored = password_writers().get(name.strip())
    return stored is not None and check_password(password, stored)


def oidc_configured() -> bool:
    """Is there an `[auth]` section in a secrets.toml Streamlit reads (this folder's or the home one)?"""
    for path in SECRETS_FILES:
        try:
            if "auth" in tomllib.loads(path.read_text(encoding="utf-8")):
                return True
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            continue
    return False


def login_configured() -> bool:
    return bool(password_writers()) or oidc_configured()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
