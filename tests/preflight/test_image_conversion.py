"""RGB images in a print leaflet go through the press profile (littleCMS), so RGB black is a
rich black with K; preflight reports the 300%-no-black image a profile-less conversion makes."""

from __future__ import annotations

import pikepdf
from PIL import Image

from leafwright.build import build
from leafwright.layout.raster import cmyk_raster
from leafwright.preflight import check
from tests.conftest import write_publication
from tests.pdfkit import page_pdf


def _cmyk_pixels(source) -> list[tuple[int, ...]]:
    with Image.open(source) as im:
        assert im.mode == "CMYK"
        return [im.getpixel((x, 0)) for x in range(im.width)]


def test_rgb_black_becomes_rich_black_with_k_and_grey_keeps_a_black_plate(tmp_path):
    strip = Image.new("RGB", (3, 1))
    for x, colour in enumerate([(0, 0, 0), (128, 128, 128), (255, 255, 255)]):
        strip.putpixel((x, 0), colour)
    strip.save(tmp_path / "strip.png")
    black, grey, white = _cmyk_pixels(cmyk_raster(tmp_path / "strip.png"))
    assert black[3] > 240 and sum(black) / 2.55 <= 300.5  # K near 100%, within the profile's ink limit
    assert all(v < 255 for v in black[:3])  # not C100 M100 Y100 K0
    assert grey[3] > 40 and white == (0, 0, 0, 0)
    naive = Image.open(tmp_path / "strip.png").convert("CMYK").getpixel((0, 0))
    assert naive == (255, 255, 255, 0)  # what Pillow alone makes of it: the fault preflight must catch


def test_greyscale_and_cmyk_images_pass_through(tmp_path):
    Image.new("L", (4, 4), 80).save(tmp_path / "grey.png")
    Image.new("CMYK", (4, 4), (0, 0, 0, 200)).save(tmp_path / "k.tif")
    assert cmyk_raster(tmp_path / "grey.png") == str(tmp_path / "grey.png")
    assert cmyk_raster(tmp_path / "k.tif") == str(tmp_path / "k.tif")


def _image_page(image: Image.Image) -> bytes:
    """A page placing `image` (CMYK) at 300 ppi, as an XObject with its raw samples."""

    def resources(pdf):
        stream = pdf.make_stream(image.tobytes(), Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                                 Width=image.width, Height=image.height, ColorSpace=pikepdf.Name.DeviceCMYK,
                                 BitsPerComponent=8)
        return pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=stream))

    side = image.width * 72 / 300
    return page_pdf(f"q {side} 0 0 {side} 72 400 cm /Im0 Do Q".encode(), resources)


def test_preflight_flags_a_cmyk_image_with_no_black(tmp_path):
    rgb = Image.new("RGB", (30, 30), (255, 255, 255))
    rgb.paste((0, 0, 0), (0, 0, 10, 10))
    naive = check(_image_page(rgb.convert("CMYK")))
    assert [(f.rule, str(f)) for f in naive] == [
        ("ink.no-black", "page 1: image Im0 has no black: its darkest pixels are 300% C+M+Y with 0% K (RGB converted "
                "without a profile); convert it through the output intent's profile")]
    rgb.save(tmp_path / "rgb.png")
    with Image.open(cmyk_raster(tmp_path / "rgb.png")) as managed:
        assert check(_image_page(managed.copy())) == []
    over = Image.new("CMYK", (30, 30), (230, 230, 230, 230))  # 360%, with black: over the limit all the same
    assert [str(f) for f in check(_image_page(over))] == [
        "page 1: image Im0 reaches 361% total ink, over 300%"]


def test_a_leaflet_with_an_rgb_photo_passes_its_own_preflight(tmp_path):
    pub = write_publication(tmp_path / "pub", {
        "publication.yaml": "id: p\ntitle: P\ntheme: theme.yaml\ndocuments: [doc.yaml]\n",
        "theme.yaml": "page:\n  size: letter\n",
        "doc.yaml": "id: doc\ntitle: Alpha\ndate: 2026-11\nbody:\n  - image: {file: dark.png, width: 20%}\n"})
    Image.new("RGB", (480, 480), (10, 10, 10)).save(pub / "dark.png")
    result = build(pub, tmp_path / "out", variant="print")
    assert result.ok and not result.diagnostics, [str(d) for d in result.diagnostics]
    with pikepdf.open(tmp_path / "out" / "doc.pdf") as pdf:
        (image,) = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
        samples = image.read_bytes()
        assert image.ColorSpace == "/DeviceCMYK" and len(samples) == 480 * 480 * 4
        assert samples[3] > 230 and sum(samples[:4]) / 2.55 <= 300.5  # K carries the dark, within the limit


def test_an_image_is_converted_once_per_content_and_profile(tmp_path):
    """`leafwright watch` and the property tests build with the same logo again and again:
    its conversion is remembered by the file's bytes, so a changed file is converted anew."""
    from leafwright.layout.raster import _transform

    def transforms() -> int:
        info = _transform.cache_info()
        return info.hits + info.misses

    Image.new("RGB", (5, 5), (0, 0, 0)).save(tmp_path / "logo.png")
    before = transforms()
    first = cmyk_raster(tmp_path / "logo.png").getvalue()
    assert transforms() == before + 1
    assert cmyk_raster(tmp_path / "logo.png").getvalue() == first and transforms() == before + 1
    Image.new("RGB", (5, 5), (255, 255, 255)).save(tmp_path / "logo.png")  # same path, new pixels
    assert _cmyk_pixels(cmyk_raster(tmp_path / "logo.png")) == [(0, 0, 0, 0)] * 5
    assert transforms() == before + 2
