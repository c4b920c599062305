"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import write_tiny_dataset


@pytest.fixture
def tiny_data(tmp_path: Path) -> Path:
    """A tiny, complete and valid dataset (two sources, four actors, two ties) in tmp_path."""
    return write_tiny_dataset(tmp_path / "data")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell a failure."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
