"""The OutputIntent's ICC profile: is it one, and is it the CMYK output profile it says it is.

A RIP converts and proofs through this profile; a garbage stream, or an sRGB profile with
`/N 4` stuck on it, passes a check that reads only the dictionary. The 128-byte header (ICC.1
7.2) says what the profile is; littleCMS (Pillow's ImageCms) then parses its tags, so a
profile it cannot open is reported too.
"""

from __future__ import annotations

import struct
from functools import lru_cache

_CHANNELS = {b"GRAY": 1, b"RGB ": 3, b"CMYK": 4}


def output_profile(stream) -> list[str]:
    """What is wrong with a DestOutputProfile stream (empty when nothing is). PDF/X wants an
    output device (`prtr`) profile for the print condition, CMYK (or grey), with /N matching
    the profile's colour space (ISO 15930-4 and -7, output intents)."""
    try:
        data = stream.read_bytes()
    except Exception as exc:
        return [f"the OutputIntent's profile cannot be read ({exc})"]
    if len(data) < 132 or data[36:40] != b"acsp":
        return ["the OutputIntent's profile is not an ICC profile"]
    size, = struct.unpack(">I", data[:4])
    device_class, space = data[12:16], data[16:20]
    n = int(stream.get("/N", 0))
    problems = []
    if size > len(data):
        problems.append(f"the OutputIntent's profile is truncated ({len(data)} of {size} bytes)")
    channels = _CHANNELS.get(space)
    label = space.decode("latin-1").strip() or "?"
    if channels != n:
        problems.append(f"the OutputIntent's profile is {label} but labelled /N {n}")
    elif channels != 4:
        problems.append(f"the OutputIntent's profile is {label}, not CMYK")
    if device_class != b"prtr":
        problems.append(f"the OutputIntent's profile is a '{device_class.decode('latin-1')}' profile, not an "
                        f"output (printer) profile")
    if not problems:
        problems += list(usable(data))
    return problems


@lru_cache(maxsize=8)  # our builds embed one profile: asked once per process
def usable(data: bytes) -> tuple[str, ...]:
    """littleCMS opens the profile and builds a transform to Lab from it: a profile whose
    header is right but whose tables are not fails here. Its verdict on the same bytes, from
    the same Pillow, is kept in the cache folder: opening a press profile costs a process
    20 ms, a fifth of a two-page leaflet's preflight."""
    from ..cache import cache_root, code_version, digest, installed, read_entry, write_entry

    entry = cache_root() / "icc" / f"{digest('icc-v1', code_version(__name__), installed('PIL'), data)}.txt"
    body = read_entry(entry, "icc")
    if body is not None:
        return tuple(filter(None, body.decode("utf-8").split("\n")))
    verdict = _lcms(data)
    write_entry(entry, "\n".join(verdict).encode("utf-8"), "icc")
    return verdict


def _lcms(data: bytes) -> tuple[str, ...]:
    import io

    from PIL import Image, ImageCms

    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
        lab = ImageCms.createProfile("LAB")
        transform = ImageCms.buildTransform(profile, lab, "CMYK", "LAB")
        ImageCms.applyTransform(Image.new("CMYK", (1, 1)), transform)
    except Exception as exc:  # PyCMSError, OSError: littleCMS's refusal, in its own words
        return (" ".join(f"the OutputIntent's profile cannot be used by littleCMS "
                         f"({str(exc) or type(exc).__name__})".split()),)  # one line, as the cache keeps it
    return ()
