"""The site builds with `mkdocs build --strict` and zero warnings."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from snippet_sections import ROOT


def test_strict_build_has_no_warnings(tmp_path: Path):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{log}"
    assert "WARNING" not in log, f"mkdocs build printed warnings:\n{log}"
    assert (tmp_path / "site" / "index.html").exists()
