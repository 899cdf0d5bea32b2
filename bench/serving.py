"""A Streamlit script served on localhost, and the headless Chromium that loads it.

One definition for the browser tests and the bench's first-paint measure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServedApp:
    """A streamlit script served on a free localhost port."""

    def __init__(self, url: str, process: subprocess.Popen):
        self.url = url
        self.process = process


def serve(script: Path, env: dict[str, str], *, timeout: float = 60) -> ServedApp:
    """Start ``streamlit run script`` on a free port and wait until it answers."""
    port = _free_port()
    streamlit = shutil.which("streamlit", path=str(Path(sys.executable).parent)) or "streamlit"
    # stderr goes to a file, not a pipe: a long-running server must never block on a full pipe
    log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the server
    process = subprocess.Popen(
        [
            streamlit,
            "run",
            str(script),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return ServedApp(url, process)
        except OSError:
            time.sleep(0.3)
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(log.read().decode(errors="replace")[-4000:])
    process.kill()
    raise RuntimeError(f"streamlit did not answer on {url} within {timeout} s")
