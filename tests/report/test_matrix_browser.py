"""The HTML claims matrix in a real browser: Debian's `chromium --headless` renders it (the
screenshot is not blank) and every page link it parsed resolves to a page of the PDF beside
it that prints the row's value. Skipped, with the reason, where chromium is not installed
(`apt-get install chromium`)."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1400,1000"]


class Links(HTMLParser):
    """(href, the row's value cell) for every page link of the rendered matrix table."""

    def __init__(self):
        super().__init__()
        self.rows, self._cells, self._href, self._in = [], None, None, False

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._cells, self._href = [], None
        elif tag == "td" and self._cells is not None:
            self._cells.append("")
            self._in = True
        elif tag == "a" and self._cells is not None and self._cells:
            self._href = dict(attrs).get("href")

    def handle_endtag(self, tag):
        if tag == "td":
            self._in = False
        elif tag == "tr" and self._cells:
            self.rows.append((self._href, self._cells[3].strip()))
            self._cells = None

    def handle_data(self, data):
        if self._in and self._cells:
            self._cells[-1] += data


@pytest.fixture
def matrix(seed_claims):
    return seed_claims / "output"


def chromium(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *FLAGS, *args], capture_output=True, text=True, timeout=120)


def test_the_matrix_renders_and_is_not_blank(matrix, tmp_path):
    from PIL import Image

    shot = tmp_path / "matrix.png"
    proc = chromium(f"--screenshot={shot}", (matrix / "proleukin-mrcc-claims.html").as_uri())
    assert shot.exists(), proc.stderr
    image = Image.open(shot).convert("L")
    assert image.size == (1400, 1000)
    histogram = image.histogram()
    assert histogram[255] < 0.97 * sum(histogram)  # mostly white, but text and table rules are drawn
    assert sum(1 for count in histogram if count) > 20  # anti-aliased text, not a flat page


def test_every_page_link_the_browser_parsed_opens_a_page_that_prints_the_value(matrix):
    import pdfplumber

    page = matrix / "proleukin-mm-claims.html"
    proc = chromium("--dump-dom", page.as_uri())
    links = Links()
    links.feed(proc.stdout)
    assert len(links.rows) > 50, proc.stderr
    pdf_path = None
    with pdfplumber.open(matrix / "proleukin-mm.pdf") as pdf:
        texts = [re.sub(r"\s+", "", p.extract_text() or "") for p in pdf.pages]
        for href, value in links.rows:
            target = urlparse(urljoin(page.as_uri(), href))
            pdf_path = Path(unquote(target.path))
            number = int(re.fullmatch(r"page=(\d+)", target.fragment).group(1))
            assert pdf_path == matrix / "proleukin-mm.pdf" and 1 <= number <= len(pdf.pages)
            assert re.sub(r"\s+", "", value).replace("\u2009", "") in texts[number - 1], (href, value)
    assert pdf_path is not None
