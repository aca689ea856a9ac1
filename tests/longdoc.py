"""Generated long publications, for the layout property tests and benchmarks/long_document.py.

`long_publication(folder, sections, seed)` writes one document of `sections` sections, each
about a page: a heading, cited paragraphs (some with a note, some with bold runs and
hyphenated words, which is what tripped ReportLab's paragraph splitting), a table with a
header, bullets, now and then a subheading or callouts; then the notes and the references.
The same seed gives the same text, section by section, whatever the number of sections.
"""

from __future__ import annotations

import random
from pathlib import Path

WORDS = ("the patients treatment response were in of with and a trial durable complete partial months "
         "interleukin-2 aldesleukin responders 15-minute 600,000 IU/kg ≥ 50% (CR) follow-up high-dose "
         "progression-free and/or 10.5+ well-being survival median institutions enrolled").split()
BOLD = ("high-dose", "progression-free", "durable", "median", "interleukin-2", "complete")
REFERENCES = 30
NOTES = 12


def _sentence(rng: random.Random, lo: int, hi: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    if rng.random() < 0.2:
        i = rng.randrange(len(words))  # a bold run, sometimes running into the next word
        words[i] = f"**{rng.choice(BOLD)}**" + (rng.choice(BOLD) if rng.random() < 0.5 else "")
    return " ".join(words).capitalize() + "."


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def long_publication(folder: Path, sections: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    (folder / "documents").mkdir(parents=True, exist_ok=True)
    (folder / "publication.yaml").write_text(
        "id: long\ntitle: Long\nreferences: references.yaml\ncitations: {list: all}\n"
        "documents: [documents/long.yaml]\n", encoding="utf-8")
    (folder / "references.yaml").write_text("".join(
        f"- id: r{i}\n  text: {_quoted(f'Author {i}, Writer B. On reference number {i} and its trial. J Things. 20{i % 30:02d};{i}:1-{i + 5}.')}\n"
        for i in range(REFERENCES)), encoding="utf-8")
    notes = "".join(f"  n{i}: {{series: letter, text: {_quoted(_sentence(rng, 4, 40))}}}\n" for i in range(NOTES))
    body = []
    used = set()
    for s in range(sections):
        body.append(f"  - heading: {_quoted(f'Section {s + 1}: ' + _sentence(rng, 2, 6))}")
        for _ in range(rng.randint(4, 7)):
            text = " ".join(_sentence(rng, 6, 18) for _ in range(rng.randint(3, 9)))
            text += f"[@r{rng.randrange(REFERENCES)}]"
            if rng.random() < 0.3:
                n = rng.randrange(NOTES)
                used.add(n)
                text += f"[^n{n}]"
            body.append(f"  - paragraph: {_quoted(text)}")
        if rng.random() < 0.3:
            body.append(f"  - subheading: {_quoted(_sentence(rng, 2, 5))}")
        rows = "".join(f"        - [{_quoted(_sentence(rng, 2, 10))}, \"{rng.randint(1, 99)}%\"]\n"
                       for _ in range(rng.randint(3, 12)))
        body.append("  - table:\n      header: [Response, Patients]\n      widths: [75%, 25%]\n      rows:\n"
                    + rows.rstrip("\n"))
        body.append("  - bullets:\n" + "\n".join(f"      - {_quoted(_sentence(rng, 4, 24))}"
                                                  for _ in range(rng.randint(2, 5))))
        if rng.random() < 0.15:
            body.append("  - callouts:\n" + "\n".join(
                f"      - {{value: \"{rng.randint(1, 99)}%\", label: {_quoted(_sentence(rng, 3, 12))}}}"
                for _ in range(rng.randint(1, 3))))
    for n in range(NOTES):  # every note is used: an unused one is a warning, not a layout case
        if n not in used:
            body.append(f"  - paragraph: {_quoted(_sentence(rng, 3, 8) + f'[^n{n}]')}")
    (folder / "documents" / "long.yaml").write_text(
        f"id: long\ntitle: A long generated document\nnotes:\n{notes}body:\n" + "\n".join(body) + "\n",
        encoding="utf-8")
    return folder
