"""The site builds with `mkdocs build --strict` and zero warnings.

The build is the session's shared one (site_fixtures.site_build): the browser tests use its output.
"""
from __future__ import annotations

from site_fixtures import SiteBuild


def test_strict_build_has_no_warnings(site_build: SiteBuild):
    log = site_build.log
    assert site_build.returncode == 0, f"mkdocs build --strict failed:\n{log}"
    assert "WARNING" not in log, f"mkdocs build printed warnings:\n{log}"
    assert (site_build.site_dir / "index.html").exists()
