"""Shared fixtures (paths live in testdata.py)."""

from __future__ import annotations

import pytest

import policytext
from testdata import SEED


@pytest.fixture(scope="session")
def seed_doc() -> policytext.Document:
    return policytext.parse(SEED)
