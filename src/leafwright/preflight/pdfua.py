"""PDF/UA-1's machine-checkable rules that a tagged leaflet can break, read from the bytes.

Every painted item (text, path, image, shading) inside marked content that is either tagged
(an MCID) or an artifact, never both and never neither (7.1); every MCID in the structure
tree exactly once and the ParentTree pointing back at the same element; Figures with /Alt
(7.3); headings that start at H1 and never skip a level (7.4.2); tables with header cells
(7.5, a warning); /Lang, MarkInfo /Marked, DisplayDocTitle, dc:title and pdfuaid:part in XMP (5, 7.1);
annotations in the structure tree, link annotations with /Contents, Tabs /S (7.18). What
veraPDF checks beyond this is listed in the README ("Accessible screen PDFs").
"""

from __future__ import annotations

import re

from . import Finding

_PAINT = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Do", "sh", "INLINE IMAGE"}
_STANDARD_HEADING = re.compile(r"^H([1-6])$")


def pdfua(doc) -> list[Finding]:
    found: list[Finding] = []

    def add(rule: str, message: str, page=None) -> None:
        found.append(Finding(rule, message, page))

    root = doc.Root
    if not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
        add("pdfua.marked", "the catalog's MarkInfo does not say /Marked true")
    if not str(root.get("/Lang", "")).strip():
        add("pdfua.lang", "no document language (/Lang in the catalog)")
    if not bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)):
        add("pdfua.display-title", "ViewerPreferences /DisplayDocTitle is not true: viewers would show the file name")
    meta = doc.open_metadata()
    if str(meta.get("pdfuaid:part", "")) != "1":
        add("pdfua.identification", "XMP metadata has no pdfuaid:part 1 (PDF/UA identification)")
    if not str(meta.get("dc:title", "")).strip():
        add("pdfua.title", "XMP metadata has no dc:title")
    tree = root.get("/StructTreeRoot")
    if tree is None:
        return found + [Finding("pdfua.tagged", "no structure tree (the PDF is not tagged)")]

    pages = {page.obj.objgen: number for number, page in enumerate(doc.pages, 1)}
    drawn: dict[tuple[int, int], None] = {}  # (page number, MCID) in content
    for number, page in enumerate(doc.pages, 1):
        for message in _content(page, number, drawn):
            add("pdfua.tagged", message, number)

    owner: dict[tuple[int, int], object] = {}  # (page, MCID) -> the element whose K holds it
    roles: list[tuple[str, object]] = []  # every element in tree order
    annotations: set = set()  # objgens of annotations the tree points at (OBJR)
    _walk(tree.get("/K"), None, pages, owner, roles, annotations, add)

    parents = _numbers(tree.get("/ParentTree"))
    for key in drawn:
        if key not in owner:
            add("pdfua.structure", f"MCID {key[1]} is drawn but no structure element holds it", key[0])
    for key, elem in owner.items():
        if key not in drawn:
            add("pdfua.structure", f"the structure tree names MCID {key[1]}, which the page does not draw", key[0])
    for number, page in enumerate(doc.pages, 1):
        mcids = sorted(m for p, m in drawn if p == number)
        if not mcids:
            continue
        index = page.obj.get("/StructParents")
        entry = parents.get(int(index)) if index is not None else None
        if entry is None:
            add("pdfua.structure", "the page has marked content but no ParentTree entry (/StructParents)", number)
            continue
        for m in mcids:
            if m >= len(entry) or entry[m].objgen != owner.get((number, m), entry[m]).objgen:
                add("pdfua.structure", f"the ParentTree does not map MCID {m} to the element that holds it", number)

    level = 0
    for role, elem in roles:
        match = _STANDARD_HEADING.match(role)
        if match:
            n = int(match.group(1))
            if n > level + 1:
                before = "H" + str(level) if level else "no heading"
                add("pdfua.headings", f"heading H{n} follows {before}: heading levels skip")
            level = n
        if role == "Figure" and not str(elem.get("/Alt", "")).strip():
            add("pdfua.alt", "a Figure has no alternative text (/Alt)")
        if role == "Table" and not any(r == "TH" for r, _ in _below(elem)):  # (`screen`: a warning)
            add("pdfua.table-headers", "a table has no header cells (TH): give it a header row")

    for number, page in enumerate(doc.pages, 1):
        annots = [a for a in page.obj.get("/Annots", []) if a.get("/Subtype") not in ("/Popup", "/PrinterMark")]
        if annots and page.obj.get("/Tabs") != "/S":
            add("pdfua.annotations", "a page with annotations has no Tabs /S (tab order by structure)", number)
        for a in annots:
            if a.objgen not in annotations or a.get("/StructParent") is None:
                kind = str(a.get("/Subtype", "/?"))[1:]
                add("pdfua.annotations", f"an annotation ({kind}) is not in the structure tree", number)
            elif a.get("/Subtype") == "/Link" and not str(a.get("/Contents", "")).strip():
                add("pdfua.link-contents", "a link annotation has no /Contents describing where it leads", number)
    return found


def _content(page, number: int, drawn: dict) -> list[str]:
    """Marked content of one page: every painting operator inside an MCID or an Artifact."""
    import pikepdf

    problems: list[str] = []
    stack: list[str] = []  # "mcid", "artifact" or "other" for each open BMC/BDC
    opened_in_text: list[bool] = []  # ... and whether it began inside BT/ET (the two must nest)
    in_text = False
    loose = 0
    for item in pikepdf.parse_content_stream(page):
        op = str(item.operator)
        if op in ("BT", "ET"):
            if op == "ET" and any(opened_in_text):
                problems.append("a marked-content sequence begun in a text object outlives it (BT/ET and BDC/EMC "
                                "must nest)")
            in_text = op == "BT"
        if op in ("BMC", "BDC"):
            opened_in_text.append(in_text)
            tag = str(item.operands[0])
            props = item.operands[1] if op == "BDC" and len(item.operands) > 1 else None
            mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
            if tag == "/Artifact":
                if "mcid" in stack:
                    problems.append("an artifact inside tagged content")
                stack.append("artifact")
            elif mcid is not None:
                if "artifact" in stack:
                    problems.append(f"MCID {int(mcid)} inside an artifact")
                if (number, int(mcid)) in drawn:
                    problems.append(f"MCID {int(mcid)} used twice on one page")
                drawn[(number, int(mcid))] = None
                stack.append("mcid")
            else:
                stack.append("other")
        elif op == "EMC":
            if stack:
                stack.pop()
                if opened_in_text.pop() != in_text:
                    problems.append("a marked-content sequence crosses a text object's bounds (BT/ET and BDC/EMC "
                                    "must nest)")
            else:
                problems.append("EMC without a marked-content sequence to end")
        elif op in _PAINT and not ({"mcid", "artifact"} & set(stack)):
            loose += 1
    if loose:
        problems.append(f"{loose} painting operators are neither tagged content nor an artifact")
    return problems


def _walk(kids, parent, pages: dict, owner: dict, roles: list, annotations: set, add) -> None:
    import pikepdf

    if kids is None:
        return
    if not isinstance(kids, pikepdf.Array):
        kids = [kids]
    for kid in kids:
        if isinstance(kid, int) or (isinstance(kid, pikepdf.Object) and kid._type_code == pikepdf.ObjectType.integer):
            _own(parent, parent.get("/Pg") if parent is not None else None, int(kid), pages, owner, add)
        elif isinstance(kid, pikepdf.Dictionary):
            kind = kid.get("/Type")
            if kind == "/MCR":
                _own(parent, kid.get("/Pg", parent.get("/Pg") if parent is not None else None), int(kid.MCID),
                     pages, owner, add)
            elif kind == "/OBJR":
                annotations.add(kid.Obj.objgen)
            else:
                roles.append((str(kid.get("/S", ""))[1:], kid))
                _walk(kid.get("/K"), kid, pages, owner, roles, annotations, add)


def _own(elem, pg, mcid: int, pages: dict, owner: dict, add) -> None:
    number = pages.get(pg.objgen) if pg is not None else None
    if number is None:
        add("pdfua.structure", f"MCID {mcid} belongs to an element with no page (/Pg)")
        return
    if (number, mcid) in owner:
        add("pdfua.structure", f"MCID {mcid} has two parents in the structure tree", number)
    owner[(number, mcid)] = elem


def _below(elem):
    import pikepdf

    kids = elem.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield str(kid.S)[1:], kid
            yield from _below(kid)


def _numbers(tree) -> dict:
    """A number tree (ParentTree) as a dict, Kids and all."""
    out: dict = {}
    if tree is None:
        return out
    nums = tree.get("/Nums")
    if nums is not None:
        for i in range(0, len(nums) - 1, 2):
            out[int(nums[i])] = nums[i + 1]
    for kid in tree.get("/Kids", []):
        out.update(_numbers(kid))
    return out
