"""The review copy: the screen PDF with a highlight annotation on every number and citation
group, whose note holds what its claims-matrix row holds (status, formula, check,
references with locators) — the form medical-legal reviewers annotate in."""

from dataclasses import replace

from .screen import VARIANT as SCREEN

# Not tagged: it is a working copy for reviewers, never published, and its review notes are
# annotations added after layout, which a PDF/UA structure tree would have to own.
VARIANT = replace(SCREEN, name="review", summary="the screen PDF annotated with the claims matrix, for review",
                  annotate=True, tagged=False, preflight="review")
