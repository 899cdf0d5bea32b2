"""Sign-in and roles (ui.auth): the allow-list logic, and the gate in a running page."""

from __future__ import annotations

import pytest
from conftest import ROOT

from ui.auth import (
    AuthConfig,
    anonymous_allowed,
    config_from,
    identity,
    may_edit,
    may_view,
    parse_list,
    role_of,
)

KEYCLOAK = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "not-a-real-secret",
    "keycloak": {
        "client_id": "sitmap",
        "client_secret": "not-a-real-secret",
        "server_metadata_url": "http://localhost:8080/realms/sitmap/.well-known/openid-configuration",
    },
}
TEAM = AuthConfig(
    enabled=True,
    provider="keycloak",
    editors=parse_list("lead@example.org, Coder@Example.org"),
    viewers=parse_list("@partner.example, guest@example.net"),
)


def test_without_auth_the_local_analyst_may_do_everything():
    local = config_from({}, {})
    assert local == AuthConfig(enabled=False)
    assert role_of(None, local) == "editor"
    assert may_edit(None, local) and may_view(None, local)


@pytest.mark.parametrize(
    ("user", "role"),
    [
        ("lead@example.org", "editor"),
        ("  CODER@example.ORG ", "editor"),  # case and spaces do not matter
        ("anyone@partner.example", "viewer"),  # a whole domain
        ("guest@example.net", "viewer"),
        ("stranger@example.org", None),  # signed in, but on no list
        ("lead@example.org.evil.test", None),  # not fooled by a longer name
        ("someone@sub.partner.example", None),  # a domain entry is that domain only
        ("partner.example", None),
        ("", None),
        (None, None),  # nobody signed in
    ],
)
def test_roles_follow_the_lists(user, role):
    assert role_of(user, TEAM) == role
    assert may_view(user, TEAM) is (role is not None)
    assert may_edit(user, TEAM) is (role == "editor")


def test_an_empty_list_admits_nobody_and_a_star_admits_everyone_signed_in():
    closed = AuthConfig(enabled=True)
    assert role_of("lead@example.org", closed) is None
    open_to_all = AuthConfig(enabled=True, viewers=parse_list("*"))
    assert role_of("x@y.z", open_to_all) == "viewer"
    assert role_of(None, open_to_all) is None
    assert not may_edit("x@y.z", open_to_all)


def test_lists_come_from_the_environment_before_the_secrets():
    secrets = {
        "auth": KEYCLOAK,
        "sitmap": {"editors": ["a@x.org"], "viewers": ["@x.org"]},
    }
    from_secrets = config_from(secrets, {})
    assert from_secrets.enabled and from_secrets.provider == "keycloak"
    assert from_secrets.editors == {"a@x.org"} and from_secrets.viewers == {"@x.org"}
    env = {"SITMAP_EDITORS": "b@x.org,c@x.org", "SITMAP_VIEWERS": ""}
    from_env = config_from(secrets, env)
    assert from_env.editors == {"b@x.org", "c@x.org"}
    assert from_env.viewers == frozenset()  # set but empty: nobody else


def test_the_provider_is_the_only_named_one_or_the_default():
    single = {"auth": {**KEYCLOAK["keycloak"], "redirect_uri": "x", "cookie_secret": "y"}}
    assert config_from(single, {}).provider is None  # st.login() with the [auth] client
    two = {"auth": {**KEYCLOAK, "other": {"client_id": "o"}}}
    assert config_from(two, {}).provider is None
    chosen = {"auth": {**KEYCLOAK, "other": {"client_id": "o"}}, "sitmap": {"provider": "other"}}
    assert config_from(chosen, {}).provider == "other"


def test_identity_is_the_verified_email():
    assert identity({"is_logged_in": False, "email": "a@x.org"}) is None
    assert identity({"is_logged_in": True, "email": "A@X.org"}) == "a@x.org"
    assert identity({"is_logged_in": True, "email": "a@x.org", "email_verified": False}) is None
    assert identity({"is_logged_in": True, "email": "a@x.org", "email_verified": True})
    assert identity({"is_logged_in": True}) is None  # no e-mail claim: cannot be listed


@pytest.mark.parametrize(
    ("address", "env", "allowed"),
    [
        ("localhost", {}, True),
        ("127.0.0.1", {}, True),
        ("::1", {}, True),
        ("0.0.0.0", {}, False),
        ("", {}, False),  # Streamlit's default: every interface
        (None, {}, False),
        ("10.0.0.5", {"SITMAP_ALLOW_ANONYMOUS": "true"}, True),
    ],
)
def test_without_sign_in_only_loopback_serves_data(address, env, allowed):
    assert anonymous_allowed(address, env) is allowed


GATED_PAGE = """
import streamlit as st
from ui.auth import account, require_viewer, may_edit
user = require_viewer()
account(user)
st.text("THE MAP")
if may_edit(user):
    st.button("Import")
"""


def run_gated(secrets: dict | None = None, address: str = "localhost"):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(GATED_PAGE, default_timeout=30)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    import streamlit as st

    previous = st.get_option("server.address")
    st.config.set_option("server.address", address)
    try:
        return at.run()
    finally:
        st.config.set_option("server.address", previous)


def texts(at) -> list[str]:
    return [t.value for t in at.text]


def test_the_page_shows_only_a_sign_in_button_until_someone_signs_in(monkeypatch):
    monkeypatch.chdir(ROOT)
    at = run_gated({"auth": KEYCLOAK, "sitmap": {"viewers": ["*"]}})
    assert not at.exception
    assert "THE MAP" not in texts(at)
    assert [b.label for b in at.button] == ["Sign in"]


def test_single_analyst_mode_shows_everything_on_localhost(monkeypatch):
    monkeypatch.chdir(ROOT)
    at = run_gated()
    assert "THE MAP" in texts(at)
    assert [b.label for b in at.button] == ["Import"]


def test_single_analyst_mode_refuses_a_public_address(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("SITMAP_ALLOW_ANONYMOUS", raising=False)
    at = run_gated(address="0.0.0.0")
    assert "THE MAP" not in texts(at)
    assert "only serves this machine" in at.error[0].value
