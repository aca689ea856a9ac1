"""The floor a leafwright build is measured against: ReportLab and PyYAML imported, a
two-page platypus document written, nothing else.

    python benchmarks/floor.py [OUT.pdf]

No fonts registered, no preflight, no content read: whatever a leafwright build costs
above this process is leafwright's own.
"""

from __future__ import annotations

import io
import sys

import yaml  # noqa: F401  (leafwright reads its content with it: part of the floor)
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate


def main() -> None:
    styles = getSampleStyleSheet()
    story = []
    for page in (1, 2):
        story.append(Paragraph(f"Page {page}", styles["Heading1"]))
        story.extend(Paragraph("Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 6, styles["BodyText"])
                     for _ in range(8))
        story.append(PageBreak())
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story[:-1])
    if len(sys.argv) > 1:
        with open(sys.argv[1], "wb") as fh:
            fh.write(buffer.getvalue())


if __name__ == "__main__":
    main()
