"""The review copy: the screen PDF with a highlight annotation on every number and citation
group, whose note holds what its claims-matrix row holds (status, formula, check,
references with locators) — the form medical-legal reviewers annotate in."""

from dataclasses import replace

from .screen import VARIANT as SCREEN

VARIANT = replace(SCREEN, name="review", summary="the screen PDF annotated with the claims matrix, for review",
                  annotate=True)
