"""The claims matrix of the seed: a row for every number on its pages, each with a status;
files that say which PDF they describe; `--since` for the next review round."""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli

DOCS = ("proleukin-mrcc", "proleukin-mm")
STATUSES = {"computed", "checked", "mismatch", "unverified", "sourced"}
_NUMBER = re.compile(r"(?<![A-Za-z][-−])(?<![A-Za-z\d.,])\d+(?:[.,]\d+)*")


@pytest.fixture
def seed(seed_claims):
    return seed_claims


def read(path: Path) -> tuple[str, list[dict]]:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    return lines[0], list(csv.DictReader(line for line in lines if not line.startswith("#")))


def page_numbers(pdf_path: Path) -> list[list[str]]:
    """Per page, the numbers a reader sees in the copy: the words pdfplumber reads, less the
    reference list, the footer and superscripts (citation groups and note markers, which
    are rows of their own), each number a token (`15% (37/255)` is three)."""
    import pdfplumber

    pages = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            words = page.extract_words(extra_attrs=["size"], y_tolerance=2)
            footer = min((w["top"] for w in words if w["text"].startswith("US-PRO-")), default=page.height)
            refs = min((w["top"] for w in words if w["text"] == "References"), default=page.height)
            seen = [w["text"] for w in words if w["top"] < min(footer, refs) - 1 and w["size"] > 6.6]
            pages.append(_NUMBER.findall(" ".join(seen)))
    return pages


@pytest.mark.parametrize("doc", DOCS)
def test_a_row_for_every_number_on_the_seed_pages(seed, doc):
    _, rows = read(seed / "output" / f"{doc}-claims.csv")
    numbers = [r for r in rows if r["kind"] != "citation"]
    assert numbers and all(r["status"].split(" ")[0] in STATUSES for r in numbers)
    assert all(r["page"] for r in rows), [r for r in rows if not r["page"]]
    pages = page_numbers(seed / "output" / f"{doc}.pdf")
    for number, on_page in enumerate(pages, 1):
        in_rows = sorted(n for r in numbers if r["page"] == str(number) for n in _NUMBER.findall(r["value"]))
        assert in_rows == sorted(on_page), (number, sorted(set(on_page) ^ set(in_rows)))
    assert sum(map(len, pages)) > 75  # about eighty on each leaflet


@pytest.mark.parametrize("doc", DOCS)
def test_the_files_name_the_pdf_they_describe(seed, seed_pdfs, doc):
    out = seed / "output"
    first, rows = read(out / f"{doc}-claims.csv")
    pdf = (out / f"{doc}.pdf").read_bytes()
    digest = hashlib.sha256(pdf).hexdigest()
    assert first.startswith(f"# document: {doc}; job code: US-PRO-000")
    assert "date: 2026-11; variant: screen; leafwright: " in first and first.strip().endswith(f"pdf sha256: {digest}")
    html = (out / f"{doc}-claims.html").read_text(encoding="utf-8")
    assert digest in html and "US-PRO-000" in html
    assert len({r["id"] for r in rows}) == len(rows)
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert pages == len(re.findall(rb"/Type\s*/Page\b", seed_pdfs["screen"][doc].read_bytes()))  # as `build` makes it


def test_since_marks_new_changed_removed_and_keeps_the_reviewers_columns(seed, tmp_path):
    work = tmp_path / "round2"
    shutil.copytree(seed / "content", work / "content")
    old = seed / "output" / "proleukin-mrcc-claims.csv"
    first, rows = read(old)
    signed = tmp_path / "signed.csv"
    with open(signed, "w", newline="", encoding="utf-8") as fh:
        fh.write(first)
        writer = csv.DictWriter(fh, list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        for r in rows:
            writer.writerow(dict(r, **{"review status": "approved", "reviewer": "MLR", "comment": "ok"}))
    doc = work / "content" / "documents" / "mrcc.yaml"
    text = doc.read_text()
    text = text.replace("for up to 14 consecutive doses", "for up to 15 consecutive doses")  # changed
    text = text.replace("A second, identical cycle was administered, following up to 9 days of rest",
                        "A second cycle followed")  # removed
    text = text.replace("Retrospective analysis of Proleukin", "Retrospective analysis (2019) of Proleukin")  # new
    doc.write_text(text)
    proc = run_cli("claims", "--since", str(signed), cwd=work)
    assert proc.returncode == 0, proc.stderr
    _, after = read(work / "output" / "proleukin-mrcc-claims.csv")
    changes = {r["change"].split(" ")[0] for r in after}
    assert changes == {"", "new", "changed", "removed"}
    (removed,) = [r for r in after if r["change"] == "removed"]
    assert removed["value"] == "9"
    (new,) = [r for r in after if r["change"] == "new"]
    assert new["value"] == "2019"
    changed = [r for r in after if r["change"].startswith("changed")]
    assert changed and all(r["reviewer"] == "" for r in changed)
    assert any(r["value"] == "15" and "value: '14' → '15'" in r["change"] for r in changed)
    same = [r for r in after if r["change"] == ""]
    assert same and all((r["review status"], r["reviewer"], r["comment"]) == ("approved", "MLR", "ok") for r in same)


def test_since_a_file_that_is_not_a_matrix_is_a_command_line_error(seed, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    proc = run_cli("claims", "--since", str(bad), cwd=seed)
    assert proc.returncode == 2 and "no 'id' column" in proc.stderr
