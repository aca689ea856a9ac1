"""littleCMS's verdict on an output profile is kept in the cache folder by the profile's
bytes: a process that checks a print PDF asks littleCMS once per profile ever, not once per
process (20 ms, a fifth of a two-page leaflet's preflight)."""

from __future__ import annotations

import pytest

from leafwright.preflight import profile
from tests.pdfkit import gracol


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    monkeypatch.setenv("LEAFWRIGHT_CACHE", str(tmp_path / "cache"))
    profile.usable.cache_clear()
    yield
    profile.usable.cache_clear()


def asked(monkeypatch) -> list:
    calls = []
    real = profile._lcms
    monkeypatch.setattr(profile, "_lcms", lambda data: calls.append(len(data)) or real(data))
    return calls


@pytest.mark.parametrize("data, verdict", [
    (gracol(), ()),
    (gracol()[:132] + bytes(400), ("the OutputIntent's profile cannot be used by littleCMS",)),
])
def test_the_verdict_is_asked_once_and_kept(fresh, monkeypatch, data, verdict):
    calls = asked(monkeypatch)
    first = profile.usable(data)
    profile.usable.cache_clear()  # as a new process
    again = profile.usable(data)
    assert calls == [len(data)]  # littleCMS asked the first time only
    assert first == again and [v[:len(w)] for v, w in zip(first, verdict)] == list(verdict) and \
        len(first) == len(verdict)


def test_a_damaged_entry_is_asked_again(fresh, monkeypatch, tmp_path):
    calls = asked(monkeypatch)
    profile.usable(gracol())
    for entry in (tmp_path / "cache" / "icc").iterdir():
        entry.write_bytes(entry.read_bytes()[:-3] + b"xyz")
    profile.usable.cache_clear()
    assert profile.usable(gracol()) == () and len(calls) == 2
