"""Charts drawn by matplotlib, converted by svglib, read back from real PDFs; and the SVG cache."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from leafwright.colour import Cmyk, Rgb
from tests.conftest import pdf_text, run_cli, squash, write_publication

pytestmark = pytest.mark.start_first  # matplotlib drawing, cold and warm, in child processes

BRAND = (1.0, 0.6, 0.0, 0.1)  # cmyk(100, 60, 0, 10): not the built-in brand, so the bars must follow it

FILES = {
    "publication.yaml": "id: p\ntitle: P\ntheme: theme.yaml\ndata: data.yaml\ndocuments: [doc.yaml]\n",
    "theme.yaml": """
        colors:
          brand: cmyk(100, 60, 0, 10)
          accent: cmyk(70, 0, 20, 0)
    """,
    "data.yaml": """
        values:
          a: {n: 255, cr: 17, pr: 20}
          b: {n: 270, cr: 17, pr: 26}
        stats:
          a_orr: {count: a.cr + a.pr, of: a.n}
          a_cr: {count: a.cr, of: a.n}
          a_pr: {count: a.pr, of: a.n}
          b_cr: {count: b.cr, of: b.n}
          b_pr: {count: b.pr, of: b.n}
    """,
    "doc.yaml": """
        id: doc
        title: Chart test
        body:
          - paragraph: Before the chart.
          - chart:
              kind: bar
              categories: [Untitled one, Untitled two]
              series:
                - {name: Trial A, values: [b_cr, b_pr]}
              height: 1in
          - chart:
              kind: bar
              title: Response rates & more
              categories: [Objective response, Complete response, Partial response]
              series:
                - {name: Trial A, values: [a_orr, a_cr, a_pr]}
              height: 2in
          - columns:
            - - chart:
                  kind: hbar
                  title: Horizontal
                  categories: [Alpha arm, Beta arm]
                  series:
                    - {name: Trial A, values: [a_cr, a_pr]}
                  height: 1.2in
            - - chart:
                  kind: stacked-bar
                  title: Stacked
                  categories: [Gamma, Delta]
                  series:
                    - {name: Complete, values: [a_cr, b_cr]}
                    - {name: Partial, values: [a_pr, b_pr]}
                  height: 1.6in
    """,
}


def build(pub: Path, out: Path, cache: Path, *extra: str) -> subprocess.CompletedProcess:
    return run_cli("build", str(pub), "-o", str(out), *extra, env={"LEAFWRIGHT_CACHE": str(cache)})


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("charts")
    pub = write_publication(root / "pub", FILES)
    cache = root / "cache"
    for variant in ("print", "screen"):
        proc = build(pub, root / variant, cache, "--variant", variant)
        assert proc.returncode == 0, proc.stderr
    return {"root": root, "pub": pub, "cache": cache,
            "print": root / "print" / "doc.pdf", "screen": root / "screen" / "doc.pdf",
            "text": {variant: squash(pdf_text(root / variant / "doc.pdf")) for variant in ("print", "screen")}}


def content(pdf: Path) -> bytes:
    return b"\n".join(page.get_contents().get_data() for page in pypdf.PdfReader(pdf).pages)


def operators(data: bytes, *names: bytes) -> list[bytes]:
    """Operator tokens in a content stream (strings are subset-encoded, so a plain scan is safe)."""
    return [m.group(1) for m in re.finditer(rb"(?<![^\s\]\)>])(" + b"|".join(names) + rb")(?=\s|$)", data)]


# ----------------------------------------------------------------------------------------------
# The PDFs

@pytest.mark.parametrize("variant", ["print", "screen"])
@pytest.mark.parametrize("needle", ["15%", "7%", "8%", "6%", "10%", "Objective response", "Complete response",
                                    "Partial response", "Untitled one", "Alpha arm", "Beta arm", "Gamma", "Delta",
                                    "Complete", "Partial", "Response rates & more", "Horizontal", "Stacked"])
def test_chart_text_is_real_text(built, variant, needle):
    assert needle in built["text"][variant]


def test_single_series_has_no_legend(built):
    words = [w["text"] for w in _words(built["print"])]
    assert "Trial" not in words  # both single-series charts name their series "Trial A"; no legend drawn


@pytest.mark.parametrize("variant", ["print", "screen"])
def test_vector_only(built, variant):
    raw = built[variant].read_bytes()
    assert not re.search(rb"/Subtype\s*/Image\b", raw)
    for page in pypdf.PdfReader(built[variant]).pages:
        xobjects = page["/Resources"].get("/XObject")
        for xobj in (xobjects.get_object().values() if xobjects else ()):
            assert xobj.get_object().get("/Subtype") != "/Image"


def test_print_is_cmyk_only(built):
    data = content(built["print"])
    assert operators(data, b"rg", b"RG") == []
    assert operators(data, b"g", b"G") == []  # no grey operators either: greys are K-only CMYK
    assert operators(data, b"k")  # the bars and labels really are there, in CMYK
    assert b"1 .6 0 .1 k" in data  # brand blue exactly as the theme specifies it


def test_screen_is_rgb(built):
    data = content(built["screen"])
    assert operators(data, b"k", b"K") == []
    assert operators(data, b"rg")


@pytest.mark.parametrize("variant", ["print", "screen"])
def test_fonts_embedded_and_no_helvetica(built, variant):
    reader = pypdf.PdfReader(built[variant])
    seen = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            name = str(font["/BaseFont"])
            seen.add(name)
            assert "Helvetica" not in name
            if font["/Subtype"] == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor or "/FontFile" in descriptor, name
    assert any("SourceSansPro-Bold" in n for n in seen)  # value labels are bold theme text
    assert b"Helvetica" not in built[variant].read_bytes()


def _words(pdf: Path) -> list[dict]:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return doc.pages[0].extract_words()


def _chart_region_pixels(pdf: Path, scale: float = 2.0):
    """Pixels between the first chart's title and its category labels."""
    import pypdfium2

    words = _words(pdf)
    title = next(w for w in words if w["text"] == "Response")
    label = next(w for w in words if w["text"] == "Objective")
    page = pypdfium2.PdfDocument(str(pdf))[0]
    image = page.render(scale=scale).to_pil().convert("RGB")
    box = tuple(int(v * scale) for v in (0, title["bottom"] + 2, image.width / scale, label["top"] - 2))
    return image, image.crop(box)


def _count_near(image, rgb, tolerance) -> int:
    data = image.tobytes()
    pixels = zip(data[0::3], data[1::3], data[2::3])
    return sum(1 for px in pixels if all(abs(a - b) <= tolerance for a, b in zip(px, rgb)))


def test_bars_are_brand_blue_print(built):
    page, region = _chart_region_pixels(built["print"])
    band = page.getpixel((page.width // 2, int(60 * 2)))  # the title band is brand colour too
    c, m, y, k = BRAND
    naive = tuple(255 * v for v in ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)))
    assert sum(abs(a - b) for a, b in zip(band, naive)) < 160, band  # the renderer's CMYK → RGB, roughly
    assert _count_near(region, band, 8) > 2000  # three solid bars, not a hairline


def test_bars_are_brand_blue_screen(built):
    _, region = _chart_region_pixels(built["screen"])
    c, m, y, k = BRAND
    naive = tuple(round(255 * v) for v in ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)))
    assert _count_near(region, naive, 3) > 2000


# ----------------------------------------------------------------------------------------------
# The cache

PROBE = """
import sys
from pathlib import Path
from leafwright.build import build
result = build(Path(sys.argv[1]), Path(sys.argv[2]))
assert result.ok, result.diagnostics
print("matplotlib" in sys.modules)
"""


def probe(pub: Path, out: Path, cache: Path) -> str:
    env = {**os.environ, "LEAFWRIGHT_CACHE": str(cache)}
    proc = subprocess.run([sys.executable, "-c", PROBE, str(pub), str(out)], capture_output=True, text=True,
                          timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def cache_files(cache: Path) -> list[Path]:
    return sorted((cache / "charts").glob("*.svg"))


def test_cache_filled_atomically(built):
    files = cache_files(built["cache"])
    assert len(files) == 4  # one per chart; print and screen share the SVG
    assert not list((built["cache"] / "charts").glob("*.tmp"))
    assert all(f.read_bytes().startswith(b"leafwright-chart ") for f in files)


def test_warm_cache_skips_matplotlib_and_builds_the_same_pdf(built, tmp_path):
    assert probe(built["pub"], tmp_path / "warm", built["cache"]) == "False"
    assert (tmp_path / "warm" / "doc.pdf").read_bytes() == built["print"].read_bytes()


def test_cold_cache_does_import_matplotlib(built, tmp_path):
    assert probe(built["pub"], tmp_path / "cold", tmp_path / "empty-cache") == "True"
    assert len(cache_files(tmp_path / "empty-cache")) == 4
    assert (tmp_path / "cold" / "doc.pdf").read_bytes() == built["print"].read_bytes()


def redrawn(built: dict, cache: Path, out: Path) -> None:
    """Build with a damaged copy of the cache, in-process: whether matplotlib was imported says
    nothing here (the process has drawn before), so the proof of a redraw is that every chart
    entry is again byte for byte the one a cold build writes (drawing is deterministic: no other
    path writes an entry)."""
    proc = build(built["pub"], out, cache)
    assert proc.returncode == 0 and "warning" not in proc.stderr, proc.stderr
    pristine = {f.name: f.read_bytes() for f in cache_files(built["cache"])}
    assert len(pristine) == 4 and {f.name: f.read_bytes() for f in cache_files(cache)} == pristine  # healed


@pytest.mark.parametrize("garbage", [b"", b"not an svg at all \x00\xff", b"leafwright-chart 0000\n<svg>"])
def test_corrupt_cache_entry_is_redrawn(built, tmp_path, garbage):
    cache = tmp_path / "cache"
    shutil.copytree(built["cache"], cache)
    for f in cache_files(cache):
        f.write_bytes(garbage)
    redrawn(built, cache, tmp_path / "out")
    assert (tmp_path / "out" / "doc.pdf").read_bytes() == built["print"].read_bytes()


def test_tampered_svg_with_stale_digest_is_redrawn(built, tmp_path):
    cache = tmp_path / "cache"
    shutil.copytree(built["cache"], cache)
    for f in cache_files(cache):
        f.write_bytes(f.read_bytes().replace(b"15%", b"99%"))
    redrawn(built, cache, tmp_path / "out")
    text = pdf_text(tmp_path / "out" / "doc.pdf")
    assert "99%" not in text and "15%" in text


def test_unusable_cache_location_still_builds(built, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    proc = build(built["pub"], tmp_path / "out", blocker)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("warning") == 0
    assert "15%" in pdf_text(tmp_path / "out" / "doc.pdf")


def test_cache_location(monkeypatch, tmp_path):
    from leafwright.layout.charts.cache import cache_dir

    monkeypatch.setenv("LEAFWRIGHT_CACHE", str(tmp_path / "x"))
    assert cache_dir() == tmp_path / "x" / "charts"
    monkeypatch.delenv("LEAFWRIGHT_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "leafwright" / "charts"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_dir() == Path.home() / ".cache" / "leafwright" / "charts"


# ----------------------------------------------------------------------------------------------
# Pieces

def _styles(colors: dict | None = None, cmyk: bool = True):
    from dataclasses import replace

    from leafwright.layout.styles import Styles
    from leafwright.load.theme import Theme, with_font_files
    from leafwright.variants import get_variant

    theme = with_font_files(Theme(), Path("."))
    if colors:
        theme = replace(theme, colors={**theme.colors, **colors})
    return Styles(theme, get_variant("print" if cmyk else "screen"))


def _chart(kind="bar", values=(15.0, 7.0), labels=("15%", "7%")):
    from leafwright.diagnostics import Span
    from leafwright.resolve.document import RChart, RSeries

    return RChart(kind, "T", ("A", "B"), (RSeries("S", values, labels),), None, Span("x.yaml"))


def test_palette_maps_back_exactly_and_keeps_specs_apart():
    from reportlab.lib.colors import CMYKColor, Color

    from leafwright.layout.charts import Palette

    styles = _styles({"series2": Cmyk(0.5, 0.1, 0.0, 0.0), "series3": Rgb(0.5, 0.9, 1.0)})
    # series3 given as RGB with the same stand-in as series2's CMYK: the palette must nudge one apart
    pal = Palette(styles)
    h2, h3 = pal.hex("series2"), pal.hex("series3")
    assert h2 != h3
    back = pal.convert(Color(*(int(h2[i:i + 2], 16) / 255 for i in (1, 3, 5))))
    assert isinstance(back, CMYKColor) and (back.cyan, back.magenta, back.yellow, back.black) == (0.5, 0.1, 0.0, 0.0)
    grey = pal.convert(Color(0.6, 0.6, 0.6))
    assert (grey.cyan, grey.magenta, grey.yellow) == (0, 0, 0) and abs(grey.black - 0.4) < 1e-6
    other = pal.convert(Color(1.0, 0.0, 0.0))
    assert isinstance(other, CMYKColor) and (other.cyan, other.magenta, other.yellow, other.black) == (0, 1, 1, 0)
    screen = Palette(_styles(cmyk=False))
    assert not isinstance(screen.convert(Color(0.2, 0.4, 0.6)), CMYKColor)


def test_series_colours_follow_a_restyled_brand():
    from leafwright.layout.charts import series_color_names

    # the built-in brand and series1 are the same blue: listed once
    assert series_color_names(_styles()) == ["series1", "series2", "series3", "accent"]
    restyled = _styles({"brand": Cmyk(0.0, 1.0, 0.5, 0.0)})
    assert series_color_names(restyled) == ["brand", "series2", "series3", "accent", "series1"]
    both = _styles({"brand": Cmyk(0.0, 1.0, 0.5, 0.0), "accent": Cmyk(0.0, 0.3, 1.0, 0.0)})
    assert series_color_names(both) == ["brand", "accent", "series3", "series1", "series2"]
    own = _styles({"brand": Cmyk(0.0, 1.0, 0.5, 0.0), "series1": Cmyk(0.1, 0.2, 0.3, 0.0)})
    assert series_color_names(own)[0] == "series1"


def test_key_changes_with_every_input(monkeypatch, tmp_path):
    from leafwright.layout import charts

    monkeypatch.setenv("LEAFWRIGHT_CACHE", str(tmp_path))
    styles = _styles()
    calls = [(_chart(), styles, 300), (_chart(), styles, 300), (_chart(), styles, 301),
             (_chart("hbar"), styles, 300), (_chart(values=(15.0, 7.1)), styles, 300),
             (_chart(labels=("15%", "8%")), styles, 300),
             (_chart(), _styles({"brand": Cmyk(0.0, 1.0, 0.0, 0.0)}), 300),
             (_chart(), _styles({"text": Cmyk(0.0, 0.0, 0.0, 1.0)}), 300)]
    counts = []
    for chart, st, width in calls:
        charts.chart_flowable(chart, st, width)
        counts.append(len(list(tmp_path.glob("charts/*.svg"))))
    assert counts == [1, 1, 2, 3, 4, 5, 6, 7]  # the same chart twice hits; every change is a new key


def test_drawing_is_sized_and_cmyk(monkeypatch, tmp_path):
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.colors import CMYKColor, Color

    from leafwright.layout import charts

    monkeypatch.setenv("LEAFWRIGHT_CACHE", str(tmp_path))
    for kind in ("bar", "hbar", "stacked-bar"):
        flow = charts.chart_flowable(_chart(kind), _styles(), 250)
        drawing = flow.drawing
        assert isinstance(drawing, Drawing) and (drawing.width, drawing.height) == (250, charts.DEFAULT_HEIGHT)
        strings, colours = [], []

        def walk(node):
            for attr in ("fillColor", "strokeColor"):
                if isinstance(getattr(node, attr, None), Color):
                    colours.append(getattr(node, attr))
            if hasattr(node, "text") and hasattr(node, "fontName"):
                strings.append((node.text, node.fontName))
            for child in getattr(node, "contents", ()) or ():
                walk(child)

        walk(drawing)
        assert colours and all(isinstance(c, CMYKColor) for c in colours)
        assert {"15%", "7%", "A", "B"} <= {t for t, _ in strings}
        assert {f for _, f in strings} <= {"SourceSansPro", "SourceSansPro-bold"}


def test_untitled_chart_is_as_tall_as_its_drawing(monkeypatch, tmp_path):
    from dataclasses import replace

    from leafwright.layout import charts

    monkeypatch.setenv("LEAFWRIGHT_CACHE", str(tmp_path))
    flow = charts.chart_flowable(replace(_chart(), title=""), _styles(), 200)
    assert flow.wrap(200, 500) == (200, charts.DEFAULT_HEIGHT)


def test_empty_chart_is_nothing():
    from dataclasses import replace

    from leafwright.layout.charts import chart_flowable

    flow = chart_flowable(replace(_chart(), categories=()), _styles(), 200)
    assert flow.wrap(200, 100)[1] == 0


def test_labels_that_crush_the_bars_are_a_content_error(tmp_path, monkeypatch):
    monkeypatch.setenv("LEAFWRIGHT_CACHE", str(tmp_path / "cache"))
    from tests.conftest import run_cli, write_publication

    long = "x" * 400
    pub = write_publication(tmp_path / "pub", {
        "publication.yaml": "id: p\ndata: data.yaml\ndocuments: [doc.yaml]\n",
        "data.yaml": "values: {n: 10, k: 3}\nstats: {s: {count: k, of: n}}\n",
        "doc.yaml": f"id: doc\nbody:\n  - chart:\n      kind: hbar\n      categories: ['{long}']\n"
                    f"      series: [{{name: S, values: [s]}}]\n      height: 40pt\n",
    })
    proc = run_cli("build", str(pub), "-o", str(tmp_path / "out"))
    assert proc.returncode == 1, proc.stderr
    assert "doc.yaml:3:5: error: this chart's labels leave no room for its bars" in proc.stderr
    assert "Warning" not in proc.stderr and "Traceback" not in proc.stderr
