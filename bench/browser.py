"""What the browser figures share: serving the app (``streamlit run`` on a free port, as
the browser tests do: :mod:`bench.serving`), the served app's peak RSS, and the
event-coloured pixels of a screenshot (the oranges of geo.style, which no basemap layer
uses).  The figures themselves are :mod:`bench.measures.map_browser`'s.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import numpy as np

from bench.serving import serve as serve_app


def serve(
    script: Path, env: dict[str, str], *, timeout: float = 120
) -> tuple[str, subprocess.Popen]:
    """Start ``streamlit run script`` on a free port; (url, process) once it answers."""
    app = serve_app(script, env, timeout=timeout)
    return app.url, app.process


def stop(process: subprocess.Popen) -> None:
    """Terminate one server we started (by its pid), killing it if it hangs."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def peak_rss_mb(pid: int) -> float | None:
    """Peak resident set size of a process (VmHWM), in MB; None when unreadable."""
    try:
        import psutil  # optional

        info = psutil.Process(pid).memory_full_info()
        peak = getattr(info, "peak_wset", None)  # Windows only
        if peak:
            return peak / 1e6
    except Exception:
        pass
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        return None
    return None


def event_pixels(png: bytes) -> int:
    """Pixels in the event oranges (Explosions/Battles), plain or blended on the basemap."""
    from PIL import Image

    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    r, g, b = image[..., 0], image[..., 1], image[..., 2]
    orange = (r >= 180) & (g >= 80) & (g <= 215) & (b <= 150) & (r - b >= 100)
    return int(orange.sum())
