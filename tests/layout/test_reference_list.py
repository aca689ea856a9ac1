"""The reference list: numbers right-aligned in one column, text in a hanging indent.

A list of 120 cited references, justified on US Letter with 0.55 in side margins (where
"open-label" once printed as "openlabel"), read back with pdfplumber: the text after "1.",
"9.", "10.", "99." and "100." starts at one x, wrapped lines start there too, the numbers
end at one x, and every reference reads back word for word.
"""

from __future__ import annotations

import re

import pdfplumber
import pytest

from tests.conftest import run_cli, write_publication
from tests.layout.test_words_survive import word_faults

N = 120
TITLES = [
    "A phase 2, open-label study of high-dose interleukin-2 in metastatic renal cell carcinoma",
    "Long-term progression-free survival of patients with metastatic melanoma following "
    "high-dose interleukin-2: an open-label, multicenter, self-reported quality-of-life analysis "
    "in previously treated patients",
    "Immunohistochemistry",
]


def reference_text(i: int) -> str:
    title = TITLES[i % len(TITLES)]
    tail = f" doi:10.1136/jim-2020-{i:06d}" if i % 2 else " https://www.example.org/trials/open-label/record.html"
    return f"Author{i} AB, Writer CD, Third EF. {title}. J Clin Oncol. 2001;19(3):{i}-{i + 9}.{tail}"


@pytest.fixture(scope="module")
def reference_pages(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("refs")
    refs = "".join(f"- id: r{i}\n  text: \"{reference_text(i)}\"\n" for i in range(1, N + 1))
    cites = "\n".join(f"  - paragraph: Cited here.[{'; '.join(f'@r{i}' for i in range(k, k + 10))}]"
                      for k in range(1, N + 1, 10))
    pub = write_publication(tmp / "pub", {
        "publication.yaml": "id: p\ntheme: theme.yaml\nreferences: references.yaml\ndocuments: [doc.yaml]\n",
        "theme.yaml": "page: {size: letter, margins: [0.5in, 0.55in, 0.5in, 0.55in]}\n"
                      "footer: \"FOOTER {page}\"\nstyles:\n  reference: {align: justify}\n",
        "references.yaml": refs,
        "doc.yaml": f"id: doc\nbody:\n{cites}\n  - references: {{title: References}}\n",
    })
    proc = run_cli("build", str(pub), "-o", str(tmp / "out"))
    assert proc.returncode == 0, proc.stderr
    lines = []  # (page, [words]) of every line after the "References" title
    with pdfplumber.open(tmp / "out" / "doc.pdf") as pdf:
        started = False
        for n, page in enumerate(pdf.pages):
            words = page.extract_words(x_tolerance=1, y_tolerance=2)
            rows: dict[float, list] = {}
            for w in words:
                rows.setdefault(round(w["bottom"]), []).append(w)
            for _, row in sorted(rows.items()):
                row.sort(key=lambda w: w["x0"])
                if row[0]["text"] == "References":
                    started = True
                elif started and not row[0]["text"].startswith("FOOTER"):
                    lines.append(row)
    refs: dict[int, list] = {}  # number -> its lines
    current = None
    for row in lines:
        m = re.fullmatch(r"(\d+)\.", row[0]["text"])
        if m and len(row) > 1 and row[1]["text"] == f"Author{m.group(1)}":
            current = int(m.group(1))
            refs[current] = [row]
        else:
            assert current is not None, [w["text"] for w in row]
            refs[current].append(row)
    return refs


def test_every_reference_is_listed_in_order(reference_pages):
    assert list(reference_pages) == list(range(1, N + 1))


def test_text_starts_at_one_x_after_every_number_and_on_wrapped_lines(reference_pages):
    first = {n: lines[0][1]["x0"] for n, lines in reference_pages.items()}
    x = first[1]
    for n in (1, 9, 10, 99, 100, 120):
        assert first[n] == pytest.approx(x, abs=0.5), n
    wrapped = [(n, lines[k][0]["x0"]) for n, lines in reference_pages.items() for k in range(1, len(lines))]
    assert len(wrapped) > N / 2  # the long titles wrap
    for n, x0 in wrapped:
        assert x0 == pytest.approx(x, abs=0.5), n


def test_numbers_are_right_aligned(reference_pages):
    right = {n: lines[0][0]["x1"] for n, lines in reference_pages.items()}
    for n in (1, 9, 10, 99, 100, 120):
        assert right[n] == pytest.approx(right[1], abs=0.5), n
    left = {n: lines[0][0]["x0"] for n, lines in reference_pages.items()}
    assert left[100] < left[10] < left[9]  # wider numbers reach further left


def test_every_reference_reads_back_word_for_word(reference_pages):
    faults = []
    for n, lines in reference_pages.items():
        printed = [" ".join(w["text"] for w in row) for row in lines]
        faults += [f"{n}: {f}" for f in word_faults(f"{n}. {reference_text(n)}", printed)]
    assert not faults, "\n".join(faults[:10])
