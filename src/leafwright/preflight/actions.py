"""What a print file must not carry beside its drawing: annotations in the printed area and
JavaScript (rules annotations.in-trim and actions.javascript). The PDF/X profiles make both
errors, `print` warnings (the press ignores them, but an agency file with them was exported
for the screen), `screen` does not check them."""

from __future__ import annotations

from . import Finding

_PRINTER = {"/PrinterMark", "/TrapNet"}  # the annotations PDF/X allows on the sheet
_MAX_ACTIONS = 200  # /Next chains followed, so a looped chain ends


def annotations(page, number: int) -> list[Finding]:
    """An annotation (a link, a comment, a form field) whose rectangle reaches into the
    TrimBox: PDF/X forbids annotations inside the BleedBox other than printer's marks and
    trap networks (ISO 15930-4 and -7, annotations), and a viewer shows a link's frame."""
    import pikepdf

    annots = page.obj.get("/Annots")
    if not isinstance(annots, pikepdf.Array):
        return []
    box = page.obj.get("/TrimBox") or page.obj.get("/BleedBox") or page.mediabox
    tx0, ty0, tx1, ty1 = _rect(box)
    out = []
    for annot in annots:
        if not isinstance(annot, pikepdf.Dictionary) or annot.get("/Subtype") in _PRINTER:
            continue
        rect = annot.get("/Rect")
        if not isinstance(rect, pikepdf.Array) or len(rect) != 4:
            continue
        x0, y0, x1, y1 = _rect(rect)
        if x0 < tx1 and x1 > tx0 and y0 < ty1 and y1 > ty0:
            kind = str(annot.get("/Subtype", "/?")).lstrip("/")
            out.append(Finding("annotations.in-trim", f"a {kind} annotation inside the trim", number))
    return list(dict.fromkeys(out))


def _rect(r) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in r)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def javascript(doc, profile) -> list[Finding]:
    """JavaScript anywhere a viewer runs it: the document's open action and additional
    actions, the JavaScript name tree, the pages' and annotations' actions. PDF/X forbids
    actions and JavaScript (ISO 15930-4 and -7); a RIP ignores it, a print buyer's viewer may not."""
    import pikepdf

    if not profile.on("actions.javascript"):
        return []
    root = doc.Root
    places = [("the document's open action", root.get("/OpenAction")), ("the document's actions", root.get("/AA"))]
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/JavaScript" in names:
        return [Finding("actions.javascript", "the document has JavaScript (a JavaScript name tree)")]
    for number, page in enumerate(doc.pages, 1):
        places.append((f"page {number}'s actions", page.obj.get("/AA")))
        annots = page.obj.get("/Annots")
        for annot in annots if isinstance(annots, pikepdf.Array) else []:
            if isinstance(annot, pikepdf.Dictionary):
                places += [(f"an annotation on page {number}", annot.get("/A")),
                           (f"an annotation on page {number}", annot.get("/AA"))]
    for where, action in places:
        if action is not None and _has_javascript(action):
            return [Finding("actions.javascript", f"JavaScript in {where}")]
    return []


def _has_javascript(action) -> bool:
    """An action, a chain of them (/Next) or an additional-actions dictionary of them."""
    import pikepdf

    todo, seen = [action], 0
    while todo and seen < _MAX_ACTIONS:
        item = todo.pop()
        seen += 1
        if isinstance(item, pikepdf.Array):  # a /Next array; a destination array holds no actions
            todo += [x for x in item if isinstance(x, pikepdf.Dictionary) and "/S" in x]
        elif isinstance(item, pikepdf.Dictionary):
            if item.get("/S") == "/JavaScript" or "/JS" in item:
                return True
            if "/S" in item:
                nxt = item.get("/Next")
                if nxt is not None:
                    todo.append(nxt)
            else:  # an /AA dictionary: trigger -> action
                todo += [v for v in item.values() if isinstance(v, pikepdf.Dictionary) and "/S" in v]
    return False
