"""The server configuration (.streamlit/config.toml) keeps the safe settings, and the
installed Streamlit escapes pydeck tooltips (fixed in 1.60, streamlit PR #15820)."""

from __future__ import annotations

import tomllib
from importlib.metadata import version

import pytest
from conftest import ROOT

CONFIG = ROOT / ".streamlit" / "config.toml"
SECRETS = ROOT / ".streamlit" / "secrets.toml"


@pytest.fixture(scope="module")
def config() -> dict:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


def option(config: dict, dotted: str):
    section, name = dotted.split(".")
    return config.get(section, {}).get(name)


def test_the_server_listens_on_localhost_only(config):
    assert option(config, "server.address") in ("localhost", "127.0.0.1")
    assert option(config, "browser.serverAddress") in ("localhost", "127.0.0.1")
    assert option(config, "server.headless") is True


def test_xsrf_and_cors_protection_are_on(config):
    assert option(config, "server.enableXsrfProtection") is True
    assert option(config, "server.enableCORS") is True
    assert not option(config, "server.corsAllowedOrigins")


def test_errors_show_no_details_to_the_browser(config):
    assert option(config, "client.showErrorDetails") == "none"


def test_nothing_is_reported_home(config):
    assert option(config, "browser.gatherUsageStats") is False


def test_uploads_are_capped(config):
    limit = option(config, "server.maxUploadSize")
    assert isinstance(limit, int) and 0 < limit <= 50


def test_no_experimental_agent_api_and_no_save_reruns(config):
    assert not option(config, "server.enableAgentApi")
    assert option(config, "server.runOnSave") is not True


def test_the_builtin_dataframe_download_is_off(config):
    """Streamlit's own table "Download as CSV" does not neutralise formulas; ours does."""
    assert option(config, "client.disableDataExport") is True


def test_websocket_hosts_are_allow_listed(config):
    """Against DNS rebinding: only the names the app is really reached by."""
    hosts = option(config, "server.allowedHosts")
    assert hosts and "*" not in hosts
    assert {"localhost", "127.0.0.1"} <= set(hosts)


def test_secrets_are_not_committed():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    if not SECRETS.exists():
        return
    assert any(line.strip() in (".streamlit/secrets.toml", "secrets.toml") for line in ignored)


def test_the_installed_streamlit_escapes_tooltips_and_markdown_links():
    major, minor = (int(part) for part in version("streamlit").split(".")[:2])
    assert (major, minor) >= (1, 60)  # pydeck html tooltips escaped (1.60), js: links (1.56)


def test_every_option_set_is_one_streamlit_knows(config):
    """A misspelt option is silently ignored; this catches it."""
    from streamlit import config as st_config

    known = set(st_config._config_options_template)
    for section, values in config.items():
        for name in values:
            assert f"{section}.{name}" in known, f"unknown option {section}.{name}"
