"""Generated publications for the benchmarks: nothing here is hand-written content.

    python benchmarks/generate.py batch DIR [N]       N two-page documents (default 48)
    python benchmarks/generate.py sections DIR N      one document of N sections, notes per page

Each also writes a Typst twin of the same text (DIR/twin.typ) for `run.py` to compare with.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

WORDS = ("response duration patients therapy interval enrolled cohort remission follow-up dose "
         "infusion survival median baseline lesion tumour measurable institution trial partial "
         "complete durable progression evidence review analysis").split()

REFERENCES = """\
- id: smith2020
  type: article-journal
  author: [{family: Smith, given: Anna}, {family: Jones, given: Bo}]
  title: Durable responses in a long trial
  container-title: Journal of Investigative Medicine
  container-title-short: J Investig Med
  issued: {date-parts: [[2020, 5]]}
  volume: 68
  page: 100-108
- id: lee2019
  type: article-journal
  author: [{family: Lee, given: Chen}]
  title: Follow-up of a cohort
  container-title: Cancer
  issued: {date-parts: [[2019]]}
  volume: 12
  page: 1-9
"""


def _sentence(i: int, n: int = 18) -> str:
    words = [WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(n)]
    return " ".join(words).capitalize() + "."


def _paragraph(i: int, sentences: int = 5) -> str:
    return " ".join(_sentence(i * 11 + k) for k in range(sentences))


def _write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def batch(folder: Path, n: int = 48) -> Path:
    """N independent documents of two pages each: text, bullets, a table, citations."""
    docs = {}
    for d in range(n):
        body = []
        for s in range(3):
            body.append(f"  - heading: Section {s + 1}\n")
            for p in range(3):
                body.append(f"  - paragraph: >-\n      {_paragraph(d * 13 + s * 3 + p)} "
                            f"{{x_rate}} responded.[@smith2020]\n")
            body.append("  - bullets:\n" + "".join(f"      - '{_sentence(d + k, 9)}[@lee2019]'\n" for k in range(3)))
        body.append("  - table:\n      header: [Group, Patients]\n      rows:\n"
                    + "".join(f"        - [Arm {k}, '{10 + k + d}']\n" for k in range(5)))
        body.append("  - references: {title: References}\n")
        docs[f"documents/doc{d:03d}.yaml"] = (f"id: doc{d:03d}\ntitle: Generated document {d}\ncode: GEN-{d:04d}\n"
                                             f"date: 2026-11\nbody:\n" + "".join(body))
    listed = "".join(f"  - {name}\n" for name in docs)
    pub = ("id: batch\ntitle: Generated batch\ndata: data.yaml\nreferences: references.yaml\n"
           "lints: {doi: false, uncited-stat: false}\ndocuments:\n" + listed)
    data = "values:\n  x: {n: 120, r: 54}\nstats:\n  x_rate: {count: x.r, of: x.n}\n"
    return _write(folder, {"publication.yaml": pub, "data.yaml": data, "references.yaml": REFERENCES, **docs})


def sections(folder: Path, n: int) -> Path:
    """One document of N sections, each a heading and a paragraph with a note that restarts
    numbering on every page; and its Typst twin (twin.typ)."""
    body, notes, typst = [], [], ['#set page(paper: "us-letter", margin: 0.5in)\n#set text(size: 9pt)\n']
    for s in range(n):
        text = _paragraph(s, 3)
        body.append(f"  - heading: Section {s + 1}\n  - paragraph: >-\n      {text}[^n{s}]\n")
        notes.append(f"  n{s}: Note {s + 1} on this section, {_sentence(s, 8)}\n")
        typst.append(f"== Section {s + 1}\n{text}#footnote[Note {s + 1} on this section, {_sentence(s, 8)}]\n\n")
    doc = "id: sections\ntitle: Generated sections\ncode: GEN-S\ndate: 2026-11\nnotes:\n" + "".join(notes)
    doc += "body:\n" + "".join(body)
    pub = "id: sections\ntitle: Sections\nnotes: {restart: page}\ndocuments: [sections.yaml]\n"
    return _write(folder, {"publication.yaml": pub, "sections.yaml": doc, "twin.typ": "".join(typst)})


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in ("batch", "sections"):
        print(textwrap.dedent(__doc__).strip(), file=sys.stderr)
        return 2
    folder = Path(argv[1])
    if argv[0] == "batch":
        batch(folder, int(argv[2]) if len(argv) > 2 else 48)
    else:
        sections(folder, int(argv[2]) if len(argv) > 2 else 100)
    print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
