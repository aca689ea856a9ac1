"""The review copy's annotations: a highlight on every number and citation group, its note
holding what the claims-matrix row holds (status, formula, check, references with
locators, what was silenced and why), so a reviewer reads the row where the claim prints.

The places come from layout's recorder (layout/claimpages.py): a text claim's start on its
baseline with its font and size (its width is the printed value's width in that font), a
chart's own box for its bars. pikepdf writes the annotations; nothing is drawn.
"""

from __future__ import annotations

import io


def annotate(pdf: bytes, claims: tuple, boxes: dict) -> bytes:
    """`pdf` with one /Highlight annotation per claim that has a recorded place."""
    import pikepdf
    from reportlab.pdfbase.pdfmetrics import stringWidth

    charts: dict = {}  # a chart's box -> its claims: the title's numbers on a band at its top, bars side by side
    for index, box in boxes.items():
        if not isinstance(box[3], str):
            charts.setdefault(box, []).append(index)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for index, claim in enumerate(claims):
            box = boxes.get(index)
            if box is None:
                continue
            page, x, y, third, fourth = box[:5]
            if isinstance(third, str):  # text: font name and size; the place may be one character in
                if box[5] and claim.value:
                    x -= stringWidth(claim.value[0], third, fourth)
                width = max(stringWidth(claim.value or " ", third, fourth), fourth / 2)
                rect = [x, y - fourth * 0.25, x + width, y + fourth * 0.95]
            else:
                rect = _in_chart(index, claims, charts[box], x, y, third, fourth)
            quad = [rect[0], rect[3], rect[2], rect[3], rect[0], rect[1], rect[2], rect[1]]
            annot = pikepdf.Dictionary(
                Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Highlight, Rect=rect, QuadPoints=quad,
                C=[1, 0.85, 0.2] if claim.status not in ("mismatch",) else [1, 0.45, 0.45], F=4,
                T=pikepdf.String(claim.id), Contents=pikepdf.String(note(claim)), NM=pikepdf.String(claim.id))
            target = doc.pages[page - 1]
            if "/Annots" not in target.obj:
                target.obj.Annots = pikepdf.Array()
            target.obj.Annots.append(doc.make_indirect(annot))
        out = io.BytesIO()
        doc.save(out, deterministic_id=True)
        return out.getvalue()


def _in_chart(index: int, claims: tuple, members: list, x: float, y: float, w: float, h: float) -> list:
    """A chart claim's part of the chart's box: a number in the title on the top band, the
    n-th bar in the n-th of equal columns below it."""
    band = min(14.0, h / 4)
    if claims[index].kind == "typed":
        return [x, y + h - band, x + w, y + h]
    bars = [i for i in members if claims[i].kind != "typed"]
    step = w / len(bars)
    left = x + step * bars.index(index)
    return [left, y, left + step, y + h - band]


def note(claim) -> str:
    """The annotation's text: the claims-matrix row, one field a line."""
    lines = [f"{claim.kind} {claim.status or ''}: {claim.value}".replace("  ", " "),
             f"exempt: {claim.exempt}" if claim.exempt else "", f"formula: {claim.formula}" if claim.formula else "",
             f"check: {claim.check}" if claim.check else "",
             *(f"ref {r}" for r in claim.references), *(f"via note {v}" for v in claim.via),
             f"silenced: {claim.silenced}" if claim.silenced else "", *(f"warning: {w}" for w in claim.warnings),
             f"source: {claim.span}"]
    return "\n".join(line for line in lines if line)
