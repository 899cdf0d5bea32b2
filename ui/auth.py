"""Sign-in and roles: who may look at the map, and who may import and undo.

Off by default.  Without an ``[auth]`` section in ``.streamlit/secrets.toml`` sitmap
runs in single-analyst mode: no sign-in, whoever reaches the page may do everything,
and so the server must listen on localhost only (:func:`require_viewer` refuses to
show anything otherwise, unless ``SITMAP_ALLOW_ANONYMOUS=true`` says an
authenticating proxy stands in front).

With ``[auth]`` configured (OpenID Connect, Streamlit's ``st.login``; needs
``Authlib``, i.e. ``streamlit[auth]``), a viewer must sign in, and then:

* an **editor** may view, import and undo;
* a **viewer** may only view;
* anyone else signed in sees a refusal and a sign-out button.

The lists come from the environment, ``SITMAP_EDITORS`` and ``SITMAP_VIEWERS``
(comma-separated), else from the ``[sitmap]`` section of secrets.toml
(``editors = [...]``, ``viewers = [...]``).  An entry is an e-mail address
(compared without regard to case), ``@example.org`` for a whole domain, or ``*``
for anyone signed in.  Editors may always view.

The role logic is plain functions over an :class:`AuthConfig`, testable without
Streamlit; only :func:`load_config`, :func:`signed_in_user`, :func:`require_viewer`
and :func:`account` touch Streamlit.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

Role = Literal["editor", "viewer"]
LOOPBACK = {"localhost", "127.0.0.1", "::1", "[::1]"}
TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class AuthConfig:
    """Whether sign-in is on, which provider to use, and the two allow-lists."""

    enabled: bool = False
    provider: str | None = None
    editors: frozenset[str] = field(default_factory=frozenset)
    viewers: frozenset[str] = field(default_factory=frozenset)


def parse_list(value: str | Iterable[str] | None) -> frozenset[str]:
    """``"a@x.org, @y.org"`` or ``["a@x.org"]`` → normalised entries (no blanks)."""
    if value is None:
        return frozenset()
    items = value.split(",") if isinstance(value, str) else value
    return frozenset(_normalise(str(item)) for item in items if str(item).strip())


def config_from(secrets: Mapping, environ: Mapping[str, str]) -> AuthConfig:
    """The configuration from secrets (a plain mapping) and the environment."""
    auth = secrets.get("auth") or {}
    section = secrets.get("sitmap") or {}
    if not isinstance(auth, Mapping) or not auth:
        return AuthConfig(enabled=False)
    provider = section.get("provider")
    if provider is None:  # named providers are subsections: [auth.keycloak]
        named = [name for name, value in auth.items() if isinstance(value, Mapping)]
        provider = named[0] if len(named) == 1 and "client_id" not in auth else None
    editors = environ.get("SITMAP_EDITORS")
    viewers = environ.get("SITMAP_VIEWERS")
    return AuthConfig(
        enabled=True,
        provider=provider,
        editors=parse_list(editors if editors is not None else section.get("editors")),
        viewers=parse_list(viewers if viewers is not None else section.get("viewers")),
    )


def role_of(user: str | None, config: AuthConfig) -> Role | None:
    """What ``user`` (an e-mail, or None if nobody is signed in) may do."""
    if not config.enabled:
        return "editor"  # single-analyst mode: the one person at this machine
    if not user:
        return None
    if _listed(user, config.editors):
        return "editor"
    if _listed(user, config.viewers):
        return "viewer"
    return None


def may_view(user: str | None, config: AuthConfig | None = None) -> bool:
    """Whether ``user`` may see the map and the events."""
    return role_of(user, config or load_config()) is not None


def may_edit(user: str | None, config: AuthConfig | None = None) -> bool:
    """Whether ``user`` may import and undo batches."""
    return role_of(user, config or load_config()) == "editor"


def anonymous_allowed(address: str | None, environ: Mapping[str, str]) -> bool:
    """Without sign-in, only a server bound to loopback may show data (or an explicit
    ``SITMAP_ALLOW_ANONYMOUS=true`` when a proxy authenticates in front)."""
    if str(environ.get("SITMAP_ALLOW_ANONYMOUS", "")).strip().lower() in TRUE:
        return True
    return (address or "").strip().lower() in LOOPBACK


def identity(info: Mapping) -> str | None:
    """The user name to check against the lists: the e-mail from the identity token
    (unless the provider says it is unverified), else None."""
    if not info.get("is_logged_in"):
        return None
    if info.get("email_verified") is False:
        return None
    email = info.get("email")
    return _normalise(str(email)) if email else None


def _normalise(entry: str) -> str:
    return entry.strip().casefold()


def _listed(user: str, entries: frozenset[str]) -> bool:
    user = _normalise(user)
    domain = "@" + user.rpartition("@")[2] if "@" in user else None
    return "*" in entries or user in entries or (domain is not None and domain in entries)


# -- Streamlit ---------------------------------------------------------------


def load_config() -> AuthConfig:
    """The configuration of this server: ``st.secrets`` and ``os.environ``."""
    import streamlit as st

    try:
        secrets = st.secrets.to_dict()
    except Exception:  # no secrets.toml at all: single-analyst mode
        secrets = {}
    return config_from(secrets, os.environ)


def signed_in_user() -> str | None:
    """The signed-in user's e-mail (lower case), or None (nobody, or sign-in is off)."""
    import streamlit as st

    if not load_config().enabled:
        return None
    try:
        return identity(st.user.to_dict())
    except Exception:
        return None


def require_viewer() -> str | None:
    """Stop the page unless the visitor may view; returns the signed-in user (or None
    in single-analyst mode).  Call it first, before anything shows data."""
    import streamlit as st

    config = load_config()
    if not config.enabled:
        if not anonymous_allowed(st.get_option("server.address"), os.environ):
            st.error(
                "Sign-in is not configured, so sitmap only serves this machine. "
                "Bind the server to localhost, or configure [auth] in secrets.toml."
            )
            st.stop()
        return None
    user = signed_in_user()
    if user is None:
        st.title("sitmap")
        st.text("Sign in to see the situation map.")
        st.button("Sign in", on_click=st.login, args=(config.provider,), type="primary")
        st.stop()
    if not may_view(user, config):
        st.title("sitmap")
        st.text(f"Signed in as {user}, who is not on this map's list of viewers.")
        st.button("Sign out", on_click=st.logout)
        st.stop()
    return user


def account(user: str | None) -> None:
    """Who is signed in, their role and a sign-out button (nothing in single-analyst mode)."""
    import streamlit as st

    if user is None:
        return
    role = role_of(user, load_config()) or "no access"
    st.text(f"Signed in as {user} ({role})")
    st.button("Sign out", on_click=st.logout, key="sign_out")
