"""Nothing a writer typed vanishes without a word: YAML comments eating a sentence, a
citation in a title, a job code nothing prints, a listed reference nothing cites, a
header citation drawn in the colour of its fill."""

from __future__ import annotations

import shutil

from tests.conftest import CONTENT, built_pdf, load, resolve, run_cli

PUB = {
    "publication.yaml": "references: refs.yaml\ndocuments: [doc.yaml]\n",
    "refs.yaml": '- {id: pi, text: "Prescribing information."}\n- {id: other, text: "Other."}\n',
}


def test_text_after_space_hash_is_a_warning_at_its_column(tmp_path):
    r = load(tmp_path, {"a.yaml": "id: a\nbody:\n  - paragraph: Response was 45% #1 in class[@pi]\n"
                                  "  - paragraph: kept    # an aligned comment is a comment\n"})
    (w,) = [x for x in r.diags if "YAML comment" in x.message]
    assert w.severity == "warning" and r.at(w) == ("a.yaml", 3, 33)
    assert w.message == "text after ' #' is a YAML comment and is not printed; quote the line to keep it"


def test_a_citation_in_a_title_is_an_error_at_it(tmp_path):
    r = load(tmp_path, {"a.yaml": "id: a\ntitle: Results[@pi]\nbody:\n  - paragraph: Hello.\n"})
    assert r.where("cannot print in a document title") == ("a.yaml", 2, 15)


def test_required_job_code_must_print(tmp_path):
    r = resolve(tmp_path, {
        "publication.yaml": "theme: theme.yaml\ndocuments: [a.yaml]\nrequires: [job-code]\n",
        "theme.yaml": 'footer: "Page {page} of {pages}"\n',
        "a.yaml": "id: a\ncode: US-X-1\nbody:\n  - paragraph: Hello.\n"})
    assert r.at(r.find("nothing prints it")) == ("publication.yaml", 3, 12)


def test_a_listed_reference_cited_nowhere_is_a_warning(tmp_path):
    from leafwright.resolve.resolver import resolve_publication

    r = load(tmp_path, {**PUB, "publication.yaml": PUB["publication.yaml"] + "citations: {list: all}\n",
                        "doc.yaml": "id: doc\nbody:\n  - paragraph: Hello.[@pi]\n"})
    _, diags = resolve_publication(r.pub)
    (w,) = [x for x in diags if "uncited-reference" in x.message]
    assert r.at(w) == ("refs.yaml", 2, 3) and "'other' is listed in document 'doc'" in w.message


def test_a_header_citation_stands_out_from_the_header_fill(tmp_path):
    import pdfplumber

    pdf = built_pdf(tmp_path, {**PUB, "doc.yaml": (
        "id: doc\nbody:\n  - table:\n      header: [\"Response[@pi]\", n]\n      rows: [[CR, \"12\"]]\n"
        "  - paragraph: See[@other]\n")}, "--variant", "screen")
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        fills = [r for r in page.rects if r.get("fill")]
        sup = [c for c in page.chars if c["size"] < 8]  # the superscripts: "1" in the header, "2" below
        digit = next(c for c in sup if c["text"] == "1")
        (header,) = [r for r in fills if r["x0"] <= digit["x0"] <= r["x1"] and r["top"] <= digit["top"] <= r["bottom"]]
        assert _distance(digit["non_stroking_color"], header["non_stroking_color"]) > 0.3
        body = next(c for c in sup if c["text"] == "2")  # a body link keeps the link colour
        assert _distance(body["non_stroking_color"], header["non_stroking_color"]) < 0.01


def _distance(a, b) -> float:
    return max(abs(x - y) for x, y in zip(a, b))


def test_the_seed_still_builds(tmp_path):
    shutil.copytree(CONTENT, tmp_path / "content")
    proc = run_cli("build", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr


def test_per_page_note_markers_print_in_the_matrix_as_on_the_page(tmp_path):
    import csv

    from leafwright.build import claims
    from tests.conftest import write_publication

    pub = write_publication(tmp_path / "pub", {
        "publication.yaml": "references: refs.yaml\nnotes: {restart: page}\ndocuments: [doc.yaml]\n",
        "refs.yaml": PUB["refs.yaml"],
        "doc.yaml": "id: doc\nnotes:\n  a: {text: 'First.[@pi]'}\n  b: {text: Second.}\nbody:\n"
                    "  - paragraph: One[^a] and two[^b].[@other]\n  - page-break: true\n"
                    "  - paragraph: Again[^b].\n"})
    result = claims(pub, tmp_path / "out")
    assert result.ok, [str(x) for x in result.diagnostics]
    with open(tmp_path / "out" / "doc-claims.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    groups = [(r["page"], r["value"], r["text"]) for r in rows if r["kind"] == "citation"]
    assert ("1", "*", "One[*] and two[†].[2]") in groups and ("1", "†", "One[*] and two[†].[2]") in groups
    assert ("2", "*", "Again[*].") in groups  # b restarts as the first marker of page 2
    assert not any("[]" in r["text"] or "^" in r["text"] for r in rows)
