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


def separate(pdf: Path, out: Path, resolution: int = 72) -> list[tuple[Path, float]]:
    """(PNG, mean ink %) for every plate of every page."""
    from PIL import Image, ImageStat

    gs = shutil.which("gs")
    if gs is None:
        raise SystemExit("plates: Ghostscript (gs) is not installed")
    out.mkdir(parents=True, exist_ok=True)
    plates = []
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([gs, "-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-sDEVICE=tiffsep", f"-r{resolution}",
                        "-o", f"{tmp}/p%d.tif", str(pdf)], check=True)
        for tif in sorted(Path(tmp).glob("p*(*).tif")):  # p1(Cyan).tif ...; p1.tif is the composite
            with Image.open(tif) as im:
                grey = im.convert("L")
                ink = 100 * (1 - ImageStat.Stat(grey).mean[0] / 255)  # tiffsep plates: 255 = no ink
                png = out / (tif.stem.replace("(", "-").replace(")", "") + ".png")
                grey.save(png)
                plates.append((png, ink))
    return plates


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
