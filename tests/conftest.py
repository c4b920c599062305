"""Shared fixtures: the code tests run on a small dataset made for them, not on the curated one
(whose own expectations are in test_dataset.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import write_tiny_dataset

from allies.load import Dataset, load_dataset


@pytest.fixture
def tiny_data(tmp_path: Path) -> Path:
    """A tiny, complete and valid dataset (two sources, four actors, two ties) in tmp_path."""
    return write_tiny_dataset(tmp_path / "data")


@pytest.fixture(scope="session")
def sample_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny dataset with the rows of helpers.MORE, written once (treat it as read-only)."""
    return write_tiny_dataset(tmp_path_factory.mktemp("sample") / "data", more=True)


@pytest.fixture(scope="session")
def sample(sample_data: Path) -> Dataset:
    """The sample dataset, loaded once (treat it as read-only)."""
    return load_dataset(sample_data)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell a failure."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
