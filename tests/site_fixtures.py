"""Fixtures for the site tests: placeholder, replaced by the browser-tests work."""
