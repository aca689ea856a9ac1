"""pyphen's parsed hyphenation patterns kept between builds.

Parsing `hyph_en_US.dic` (11,000 patterns) is the largest single cost of a warm build
after ReportLab's import (60-190 ms); unpickling the parsed dictionary takes a tenth of
that. The entry is keyed by the .dic file's content, pyphen's version and this code, lives
in the user's own cache folder (as trusted as the installed packages) and is handed to pyphen
through its own per-process dictionary cache, so pyphen hyphenates exactly as it would
after parsing. An entry that does not load is parsed again and rewritten.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from ..cache import cache_root, code_version, digest, read_entry, write_entry


def preload(lang: str) -> None:
    """Put `lang`'s parsed patterns into pyphen's cache, from disk when they were parsed before."""
    import pyphen

    try:
        path = pyphen.LANGUAGES[pyphen.language_fallback(lang)]
        data = Path(path).read_bytes()
    except (KeyError, OSError, TypeError):
        return  # pyphen itself says what is wrong when the Hyphenator is made
    if path in pyphen.hdcache:
        return
    key = digest("hyphdict-v1", pyphen.__version__, code_version(__name__), data)
    entry = cache_root() / "hyphenation" / f"{key}.pickle"
    body = read_entry(entry, "hyphenation")
    if body is not None:
        try:
            parsed = pickle.loads(body)
        except Exception:
            parsed = None
        if isinstance(parsed, pyphen.HyphDict) and isinstance(getattr(parsed, "patterns", None), dict):
            parsed.cache = {}
            pyphen.hdcache[path] = parsed
            return
    parsed = pyphen.HyphDict(path)
    pyphen.hdcache[path] = parsed
    write_entry(entry, pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL), "hyphenation")
