"""The seed's claims matrix, made once for the report tests that read it."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import CONTENT, run_cli


@pytest.fixture(scope="session")
def seed_claims(tmp_path_factory):
    """A folder holding a copy of the seed (content/) and what `leafwright claims` wrote for it
    (output/: the CSV and HTML matrices and the screen PDFs they link to). Tests may add
    folders beside those, never change them."""
    work = tmp_path_factory.mktemp("claims")
    shutil.copytree(CONTENT, work / "content")
    proc = run_cli("claims", cwd=work)
    assert proc.returncode == 0, proc.stderr
    return work
