"""PDF bytes for one resolved document, and atomic writing of a whole build."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from ..load.theme import Theme
from ..resolve.document import ResolvedDocument

VARIANTS = ("print", "screen")


def render_pdf(doc: ResolvedDocument, theme: Theme, variant: str = "print") -> bytes:
    """Lay out and render in memory; nothing touches the output folder here."""
    from ..layout.pagenotes import MAX_PASSES, PageNoteState
    from ..layout.pages import LayoutProblem, make_template, story
    from ..layout.styles import Styles

    styles = Styles(theme, cmyk=(variant == "print"), links=(variant == "screen"))
    page_notes = PageNoteState(doc.page_notes) if doc.page_notes else None
    for _ in range(MAX_PASSES):
        buffer = io.BytesIO()
        template, canvasmaker = make_template(buffer, doc, styles, page_notes)
        template.build(story(doc, styles, page_notes), canvasmaker=canvasmaker)
        if page_notes is None or page_notes.next_pass():
            return buffer.getvalue()
    raise LayoutProblem(doc.span, f"footnotes that restart on every page did not settle after {MAX_PASSES} "
                                f"layout passes (a note keeps moving between pages); use 'restart: document' "
                                f"or move the marker")


def write_all(outputs: dict[Path, bytes]) -> None:
    """Each PDF goes to a temporary file beside its target, then all are renamed into place."""
    staged: list[tuple[str, Path]] = []
    try:
        for target, data in outputs.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            staged.append((tmp, target))
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a PDF is an ordinary file
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        for tmp, target in staged:
            os.replace(tmp, target)
    finally:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
