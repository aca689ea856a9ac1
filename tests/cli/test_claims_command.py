"""`leafwright claims`: the claims matrix of the seed and of the MLR fixture, read back parsed."""

from __future__ import annotations

import csv
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from leafwright.build import claims as write_claims
from tests.conftest import ROOT

MLR = ROOT / "tests" / "fixtures" / "mlr"
SEED_STATS = {  # every stat each seed leaflet prints (copy, tables, callouts, notes, charts)
    "proleukin-mrcc": {"mm_orr", "mm_cr", "mm_pr", "mrcc_orr", "mrcc_cr", "mrcc_pr", "ltpfs_mrcc_cr",
                       "pd1_mrcc_bor", "pd1_mrcc_sd", "mrcc_burden_regress90", "mrcc_burden_disappear"},
    "proleukin-mm": {"mm_orr", "mm_cr", "mm_pr", "mrcc_orr", "mrcc_cr", "mrcc_pr", "mm_cr_maintained",
                     "ltpfs_mm_cr", "pd1_mm_bor", "pd1_mm_sd"},
}


class Table(HTMLParser):
    """The matrix table's rows as (class, [cell text], [hrefs]); plus every tag seen."""

    def __init__(self):
        super().__init__()
        self.rows, self.tags, self.warnings = [], [], []
        self._row = self._cell = self._li = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "tr":
            self._row = (attrs.get("class", ""), [], [])
        elif tag == "td" and self._row is not None:
            self._cell = []
        elif tag == "a" and self._row is not None and attrs.get("href"):
            self._row[2].append(attrs["href"])
        elif tag == "li":
            self._li = []

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self._row[1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._row[1]:
                self.rows.append(self._row)
            self._row = None
        elif tag == "li" and self._li is not None:
            self.warnings.append("".join(self._li).strip())
            self._li = None

    def handle_data(self, data):
        for part in (self._cell, self._li):
            if part is not None:
                part.append(data)


@pytest.fixture(scope="module")
def seed(seed_claims_run, seed_pdfs):
    """The seed's claims run (tests/conftest.py) and its screen PDFs as `build` makes them."""
    return {"proc": seed_claims_run["proc"], "out": seed_claims_run["work"] / "output", "screen": seed_pdfs["screen"]}


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def pdf_pages(path: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [re.sub(r"\s+", " ", page.extract_text(y_tolerance=4) or "") for page in pdf.pages]


def test_writes_csv_and_html_per_document(seed):
    assert seed["proc"].returncode == 0, seed["proc"].stderr
    names = {p.name for p in seed["out"].iterdir()}
    assert {f"{doc}-claims.{ext}" for doc in SEED_STATS for ext in ("csv", "html")} <= names
    assert [line for line in seed["proc"].stdout.splitlines() if line.startswith("wrote ")] == [
        f"wrote output/{doc}{ext}" for doc in SEED_STATS for ext in ("-claims.csv", "-claims.html", ".pdf")]


@pytest.mark.parametrize("doc", sorted(SEED_STATS))
def test_every_statistic_with_counts_and_the_page_it_printed_on(seed, doc):
    rows = read_csv(seed["out"] / f"{doc}-claims.csv")
    assert {"page", "kind", "text", "value", "formula", "check", "references"} <= set(rows[0])
    stats = [r for r in rows if r["kind"] == "stat"]
    assert {r["name"] for r in stats} == SEED_STATS[doc]
    pages = pdf_pages(seed["screen"][doc])
    for r in stats:
        count, total = re.search(r"= (\d+)/(\d+)", r["formula"]).groups()
        assert 0 < int(total) and int(count) <= int(total), r
        assert r["value"] in pages[int(r["page"]) - 1], r  # really printed on that page
        if "%" in r["value"] and "CI" not in r["value"]:
            assert re.search(rf"→ {re.escape(r['value'].split()[0])}(, half-up| \(half-up rounds a tie up\))$",
                             r["formula"]), r
        assert r["status"] == "computed", r
        assert re.fullmatch(r"computed from \d+/\d+(; data check content/data\.yaml:\d+:\d+: .*)?", r["check"]), r
    assert [int(r["page"]) for r in rows] == sorted(int(r["page"]) for r in rows)  # reading order


def test_seed_rows_in_detail(seed):
    rows = read_csv(seed["out"] / "proleukin-mrcc-claims.csv")
    (ltpfs,) = [r for r in rows if r["name"] == "ltpfs_mrcc_cr" and r["value"] == "83%"]
    assert ltpfs["page"] == "1"
    assert ltpfs["formula"] == "ltpfs.mrcc_cr / ltpfs.mrcc = 38/46 = 82.609% → 83%, half-up"
    assert "printed '93%' DOES NOT MATCH" in ltpfs["check"]
    assert "cites nothing" in ltpfs["warnings"]
    (orr,) = [r for r in rows if r["name"] == "mrcc_orr" and r["value"] == "15% (37/255)"]
    assert orr["formula"] == "(mrcc.cr + mrcc.pr) / mrcc.enrolled = 37/255 = 14.510% → 15%, half-up"
    assert orr["check"].endswith("printed '15% (37/255)' matches")
    assert orr["text"] == "Objective response rate (CR[a] + PR[b]) | 15% (37/255)"
    (bor,) = [r for r in rows if r["name"] == "pd1_mrcc_bor"]
    assert (bor["page"], bor["check"]) == ("2", "computed from 4/17")
    note = [r for r in rows if r["name"] == "mrcc_burden_regress90"]
    assert note[0]["page"] == "2" and note[0]["references"] == "4. Atkins, Cancer J Sci Am, 2000"


@pytest.mark.parametrize("doc", sorted(SEED_STATS))
def test_every_citation_group_with_its_references(seed, doc):
    rows = [r for r in read_csv(seed["out"] / f"{doc}-claims.csv") if r["kind"] == "citation"]
    pages = pdf_pages(seed["screen"][doc])
    assert len(rows) >= 15
    for r in rows:
        assert r["value"] in pages[int(r["page"]) - 1]
        numbers = set()
        for part in re.findall(r"\d+(?:-\d+)?", r["value"]):
            lo, _, hi = part.partition("-")
            numbers |= set(range(int(lo), int(hi or lo) + 1))
        listed = {int(ref.split(".")[0]) for ref in r["references"].split(" | ") if ref}
        assert listed == numbers, r
    first = rows[0]
    assert (first["page"], first["value"]) == ("1", "1-4")
    assert first["references"].split(" | ") == [
        "1. Clark, J Investig Med, 2021", "2. Proleukin, Clinigen, Inc, 2019",
        "3. Fisher, Cancer J Sci Am, 2000", "4. Atkins, Cancer J Sci Am, 2000"]


@pytest.mark.parametrize("doc", sorted(SEED_STATS))
def test_html_matches_the_csv_and_links_pages(seed, doc):
    rows = read_csv(seed["out"] / f"{doc}-claims.csv")
    parser = Table()
    parser.feed((seed["out"] / f"{doc}-claims.html").read_text(encoding="utf-8"))
    assert not [t for t, a in parser.tags if t in ("script", "iframe", "link", "img")]
    assert len(parser.rows) == len(rows)
    for (cls, cells, hrefs), row in zip(parser.rows, rows):
        page, kind, sentence, value, status = cells[:5]
        assert status == row["status"]
        assert (page, kind, value) == (row["page"], row["kind"], row["value"])
        assert sentence.startswith(row["text"])
        assert hrefs == [f"{doc}.pdf#page={row['page']}"]
        failed = "DOES NOT MATCH" in row["check"] or row["status"].startswith("mismatch")
        assert cls == ("fail" if failed else "warn" if row["warnings"] else ""), row
    lints = [line for line in run_warnings(seed) if doc.split("-")[1] + ".yaml" in line]
    assert len(parser.warnings) >= len(lints) > 0
    assert any("DOES NOT MATCH" in r["check"] for r in rows) == any(c == "fail" for c, _, _ in parser.rows)


def run_warnings(seed) -> list[str]:
    return [line for line in seed["proc"].stderr.splitlines() if ": warning: " in line]


def test_mlr_fixture_matrix(tmp_path):
    result = write_claims(MLR, tmp_path)  # the library function the command calls
    assert result.ok and [p.name for p in result.written] == [
        "mlr-review-claims.csv", "mlr-review-claims.html", "mlr-review.pdf"]
    rows = read_csv(tmp_path / "mlr-review-claims.csv")
    by_value = {(r["name"], r["value"]): r for r in rows}
    ci = by_value[("orr", "95% CI, 36.8%-53.0%")]
    assert ci["formula"].endswith("69/154: exact (Clopper-Pearson) → 95% CI, 36.8%-53.0%")
    assert "printed '95% CI: 36.8-53.0' matches" in ci["check"]
    assert ci["text"].endswith("(69/154; 95% CI, 36.8%-53.0%).[1]")  # moved outside the period (AMA)
    small = by_value[("small", "22.5%")]
    assert small["page"] == "2" and "fewer than 100" in small["warnings"]
    assert [r["page"] for r in rows if r["text"].startswith("Chart: Response")] == ["2", "2"]


def test_content_errors_write_nothing(tmp_path):
    work = tmp_path / "pub"
    shutil.copytree(MLR, work)
    doc = work / "documents" / "review.yaml"
    doc.write_text(doc.read_text().replace("    role: isi\n", ""))
    result = write_claims(work, tmp_path / "out")
    assert not result.ok and result.written == []
    (error,) = [str(x) for x in result.diagnostics if x.severity == "error"]
    assert re.search(r"review\.yaml:1:1: error: document 'mlr-review' needs a block with 'role: isi'", error)
    assert not (tmp_path / "out").exists()
