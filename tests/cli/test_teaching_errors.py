"""The usual first mistakes, through the command line: one line each, at the place, with the fix."""

from __future__ import annotations

from tests.conftest import run_cli, write_publication


def test_text_yaml_reads_as_syntax_and_a_broken_json_file(tmp_path):
    pub = write_publication(tmp_path / "pub", {
        "publication.yaml": "references: refs.json\ndocuments: [doc.yaml]\n",
        "refs.json": '[\n  {"id": "fyfe1995", "title": "A"}\n  {"id": "clark2021", "title": "B"}\n]\n',
        "doc.yaml": ("id: doc\nbody:\n  - paragraph: '[@fyfe1995] said so.'\n"
                     "  - bullets: [first, second [@clark2021]]\n"
                     + "".join(f"  - paragraph: 'Claim {i}.[@fyfe1995; @clark2021]'\n" for i in range(19))),
    })
    proc = run_cli("check", str(pub))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 2, proc.stderr
    assert errors[0].endswith("doc.yaml:4:22: error: YAML syntax in text: inside a [..., ...] list, brackets, "
                              "braces, commas and ': ' in text are YAML syntax; quote this text: "
                              "'second [@clark2021]'")
    assert errors[1].endswith("refs.json:3:3: error: JSON syntax: Expecting ',' delimiter")
    assert "never cited" not in proc.stderr and "unknown reference" not in proc.stderr
