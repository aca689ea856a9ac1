"""Layout: ReportLab flowables, page templates, theme, fonts and charts.

ReportLab is imported only below this package and `leafwright.render`. `lay_out` is the
stage's one entry: a resolved document and a variant in, a `LaidOut` out. It owns the
page-dependent work (footnotes that restart per page, in a bounded number of passes) and
what a recorder learns while pages are drawn (the claims matrix's pages).
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from typing import Optional

from ..dates import epoch_of
from ..diagnostics import Diagnostic
from ..resolve.document import ResolvedDocument
from ..variants import Variant


@dataclass(frozen=True)
class LaidOut:
    """A document on its pages: ReportLab's PDF, before the variant's finish (render), and
    what layout noticed. `pdf` is None when the document could not be laid out; then
    `diagnostics` holds the error. Plain data, so a worker process can hand it back."""

    id: str
    pdf: Optional[bytes]
    epoch: int  # the PDF's CreationDate and ModDate, seconds since 1970
    diagnostics: tuple[Diagnostic, ...] = ()
    passes: int = 1

    @property
    def ok(self) -> bool:
        return self.pdf is not None


def lay_out(doc: ResolvedDocument, variant: Variant, recorder=None, epoch: Optional[int] = None) -> LaidOut:
    """Lay out `doc` for `variant`. `recorder` (a layout.claimpages.ClaimPages, a
    layout.tagging.Tags, a layout.drawn.Drawn, or a tuple of them) learns what is drawn where:
    the page of every claim, the structure element of every drawn item, what preflight judges
    on each page; `epoch` overrides the date of preparation
    (SOURCE_DATE_EPOCH)."""
    from .claimpages import ClaimPages
    from .drawn import Drawn, recording
    from .fonts import family_for
    from .glyphs import fallbacks
    from .livenotes import LiveNotes
    from .pagenotes import MAX_PASSES, NoteIndex, NotePass, NotePlan, NoteRecord, next_plan
    from .pages import FootNotes, make_template, story
    from .problems import LayoutProblem, Sources
    from .styles import Styles
    from .tagging import Tags

    recorders = recorder if isinstance(recorder, tuple) else (recorder,) if recorder is not None else ()
    claims = next((r for r in recorders if isinstance(r, ClaimPages)), None)
    tags = next((r for r in recorders if isinstance(r, Tags)), None)
    drawn = next((r for r in recorders if isinstance(r, Drawn)), None)

    epoch = epoch_of(doc.prepared) if epoch is None else epoch
    styles = Styles(doc.theme, variant, hyphenation=doc.hyphenation,  # layout asks the variant its questions
                    fallback={ch: family_for(family, doc.theme) for ch, family in fallbacks(doc).items()})
    index = NoteIndex(doc.page_notes) if doc.page_notes else None  # notes that restart on every page
    feet = FootNotes(styles, claims) if index is not None else None
    plan = NotePlan()  # the first pass assumes nothing: it decides live (livenotes.py)
    try:
        for passes in range(1, MAX_PASSES + 1):
            buffer = io.BytesIO()
            for r in recorders:
                r.clear()
            notes = None
            if index is not None:
                record = NoteRecord()
                live = LiveNotes(index, record, feet.height) if passes == 1 else None
                notes = NotePass(index, plan, record, live)
            sources = Sources()
            template, canvasmaker = make_template(buffer, doc, styles, notes=notes, feet=feet,
                                                  claim_pages=claims, tags=tags, sources=sources)
            if drawn is not None:  # what each page draws, for preflight (observes only)
                canvasmaker = recording(canvasmaker, drawn)
            template.build(story(doc, styles, notes, claims, tags, sources), canvasmaker=_dated(canvasmaker, epoch))
            if notes is None or notes.stands(passes):
                warnings = tuple(dict.fromkeys(styles.warnings))  # once, however many passes
                return LaidOut(doc.id, buffer.getvalue(), epoch, warnings, passes)
            plan = next_plan(index, plan, notes.record, passes)
        raise LayoutProblem(doc.span, f"footnotes that restart on every page did not settle after {MAX_PASSES} "
                                      f"layout passes (a note keeps moving between pages); use 'restart: document' "
                                      f"or move the marker")
    except LayoutProblem as problem:
        warnings = tuple(dict.fromkeys(styles.warnings))
        return LaidOut(doc.id, None, epoch, warnings + (Diagnostic("error", problem.span, problem.message),))


def _dated(canvasmaker: type, epoch: int) -> type:
    """The canvas class with its PDF dates set to `epoch` (ReportLab itself knows only the
    clock, SOURCE_DATE_EPOCH or 2000-01-01)."""
    from reportlab.lib.utils import TimeStamp

    class Stamp(TimeStamp):
        def __init__(self):
            self.t, self.lt = epoch, time.gmtime(epoch)
            self.YMDhms, self.dhh, self.dmm, self.tzname = tuple(self.lt)[:6], 0, 0, "UTC"

    def __init__(self, *args, **kwargs):
        canvasmaker.__init__(self, *args, **kwargs)
        self._doc._timeStamp = Stamp()

    return type(canvasmaker.__name__, (canvasmaker,), {"__init__": __init__})
