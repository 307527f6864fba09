"""Shared fixtures (paths live in testdata.py)."""

from __future__ import annotations

import pytest

import policytext
from testdata import CORPUS, PAIR_REPORT, SEED


@pytest.fixture(scope="session")
def seed_doc() -> policytext.Document:
    return policytext.parse(SEED)


@pytest.fixture(scope="session")
def raw_doc() -> policytext.Document:
    """The raw copy of the report the segmenter and spaCy tests compare."""
    return policytext.parse(CORPUS / "raw" / PAIR_REPORT)


@pytest.fixture(scope="session")
def seg_doc() -> policytext.Document:
    """The segmented copy of the same report."""
    return policytext.parse(CORPUS / "segmented" / PAIR_REPORT)
