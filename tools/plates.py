"""Separate a print PDF into its plates with Ghostscript's tiffsep, for a look by eye.

    python tools/plates.py output/proleukin-mrcc.pdf [-o /tmp/plates] [-r 72]

Writes one greyscale PNG per page and plate (Cyan, Magenta, Yellow, Black and any spot
colour; dark = ink) and prints each plate's ink coverage, so a 90% K body text, a rich black
or an RGB leftover separated into CMY shows up before the print house sees it.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow is imported when plates are made
    from PIL import Image


def separations(pdf: Path, resolution: int = 72) -> dict[tuple[int, str], "Image.Image"]:
    """{(page, plate): greyscale image} from Ghostscript's tiffsep, 0 = full ink, 255 = none;
    plates are Cyan, Magenta, Yellow, Black and each spot colour by its name. Ghostscript
    simulates overprint on this device, so a plate shows what the press would print."""
    from PIL import Image

    gs = shutil.which("gs")
    if gs is None:
        raise SystemExit("plates: Ghostscript (gs) is not installed")
    plates = {}
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([gs, "-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-sDEVICE=tiffsep", f"-r{resolution}",
                        "-o", f"{tmp}/p%d.tif", str(pdf)], check=True)
        for tif in Path(tmp).glob("p*(*).tif"):  # p1(Cyan).tif ...; p1.tif is the composite
            page, _, name = tif.stem.partition("(")
            with Image.open(tif) as im:
                plates[int(page[1:]), name[:-1]] = im.convert("L")
    return dict(sorted(plates.items()))


def page_plates(pdf: Path, page: int = 1, resolution: int = 72) -> dict[str, "Image.Image"]:
    """{plate: greyscale image} of one page of `pdf` (see `separations`)."""
    return {name: image for (number, name), image in separations(pdf, resolution).items() if number == page}


def separate(pdf: Path, out: Path, resolution: int = 72) -> list[tuple[Path, float]]:
    """(PNG, mean ink %) for every plate of every page."""
    from PIL import ImageStat

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for (page, name), grey in separations(pdf, resolution).items():
        ink = 100 * (1 - ImageStat.Stat(grey).mean[0] / 255)
        png = out / f"p{page}-{name}.png"
        grey.save(png)
        written.append((png, ink))
    return written


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("pdf", type=Path)
    p.add_argument("-o", "--output", type=Path, default=Path("/tmp/plates"))
    p.add_argument("-r", "--resolution", type=int, default=72)
    args = p.parse_args(argv)
    for png, ink in separate(args.pdf, args.output, args.resolution):
        print(f"{png}: {ink:5.1f}% mean ink")
    return 0


if __name__ == "__main__":
    sys.exit(main())
