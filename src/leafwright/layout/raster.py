"""Raster images for print: RGB converted to the press's CMYK through a real ICC profile.

Pillow's own RGB to CMYK is `C = 1 - R` with no black: RGB black prints as C100 M100 Y100
K0 (300% on three plates that must register perfectly, no K to hold the detail), a 50%
grey as C50 M50 Y50 K0. littleCMS (Pillow's ImageCms) converts through the output intent's
profile instead, so black generation and the total ink limit are the press condition's own:

- source: the image's embedded ICC profile, else sRGB (what an untagged RGB file means);
- destination: the variant's output condition profile (render/profiles/);
- rendering intent: relative colorimetric with black point compensation, the prepress
  default (Adobe's too): in-gamut colours stay exact, paper white maps to paper white, and
  RGB black lands on the press's darkest black (with GRACoL TR006: C69 M56 Y50 K97, 273%)
  instead of being clipped.

Greyscale images stay greyscale: they print on the K plate alone, as a grey image should.
CMYK images pass through untouched (their separation is the sender's decision).

A conversion is remembered in the process, keyed on the file's bytes and the press profile
(`_Converted`): each build converted every image again (about 16 ms for a 640 px logo, three
times ReportLab's own work on it), `leafwright watch` rebuilds with the same images on every
save, and a batch repeats its logo in every document.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Optional, Union

from ..cache import file_digest
from ..variants import OutputCondition, get_variant


def cmyk_raster(path, condition: Optional[OutputCondition] = None) -> Union[str, io.BytesIO]:
    """The image at `path` ready for a print page: the path itself when it is already CMYK
    or greyscale, else a lossless TIFF of its CMYK conversion (transparency flattened on
    white). `condition` defaults to the default print variant's."""
    condition = condition or get_variant("print").pdfx.condition
    key = (file_digest(path), condition.profile)  # (None for a file that cannot be read: read below, it says why)
    known = _CONVERTED.get(key) if key[0] is not None else None
    if known is None:
        known = _CONVERTED.put(key, _converted(Path(path).read_bytes(), condition))
    return io.BytesIO(known) if known else str(path)


_AS_IS = b""  # what is remembered for an image that goes to the page as it is


def _converted(data: bytes, condition: OutputCondition) -> bytes:
    """The image in `data` as an uncompressed CMYK or grey TIFF, or _AS_IS. Uncompressed: the
    TIFF lives only in memory, and ReportLab decodes it and compresses the samples itself."""
    from PIL import Image as PILImage

    with PILImage.open(io.BytesIO(data)) as im:
        if im.mode in ("CMYK", "L", "1", "I", "I;16", "F"):
            return _AS_IS
        if im.mode == "LA":  # grey with alpha: flattened on white, still grey
            converted = PILImage.new("L", im.size, 255)
            converted.paste(im.convert("L"), mask=im.split()[-1])
        else:
            source_icc = im.info.get("icc_profile") or b""
            if im.mode in ("RGBA", "P", "PA"):
                im = im.convert("RGBA")
                flat = PILImage.new("RGB", im.size, "white")
                flat.paste(im, mask=im.split()[-1])
                im = flat
            converted = _convert(im.convert("RGB"), condition.profile, source_icc)
    buffer = io.BytesIO()
    converted.save(buffer, format="TIFF")
    return buffer.getvalue()


class _Converted:
    """Conversions by (file digest, profile), the least recently used dropped first once they
    hold more than `limit` bytes. A lock: Dask runs tasks on threads of one process."""

    def __init__(self, limit: int):
        self.limit, self.held = limit, 0
        self._items: OrderedDict[tuple, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Optional[bytes]:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: tuple, value: bytes) -> bytes:
        with self._lock:
            if key not in self._items and len(value) <= self.limit:
                self._items[key] = value
                self.held += len(value)
                while self.held > self.limit:
                    self.held -= len(self._items.popitem(last=False)[1])
            return value


_CONVERTED = _Converted(limit=64 << 20)  # a few dozen photos at print size


def _convert(rgb, profile: str, source_icc: bytes):
    from PIL import ImageCms

    try:
        transform = _transform(profile, source_icc)
    except ImageCms.PyCMSError:  # an embedded profile littleCMS cannot use (or not RGB): take it as sRGB
        transform = _transform(profile, b"")
    return ImageCms.applyTransform(rgb, transform)


@lru_cache(maxsize=8)
def _transform(profile: str, source_icc: bytes):
    """One transform per (press profile, source profile): building it costs more than
    converting a logo."""
    from PIL import ImageCms

    source = ImageCms.ImageCmsProfile(io.BytesIO(source_icc)) if source_icc else ImageCms.createProfile("sRGB")
    press = ImageCms.ImageCmsProfile(io.BytesIO((files("leafwright.render") / "profiles" / profile).read_bytes()))
    return ImageCms.buildTransform(source, press, "RGB", "CMYK",
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                   flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
