"""A tagged PDF (PDF/UA-1) from what layout recorded (layout.tagging.Structure), with pikepdf.

ReportLab writes no structure tree; layout marked each element's content (BDC with an MCID)
and recorded where, and this module writes the rest: the StructTreeRoot with its elements,
the ParentTree (each page's MCIDs and each link annotation back to its element),
/StructParents on pages and /StructParent on annotations, link elements (`Link` with an OBJR
to the annotation, whose /Contents says where it leads), MarkInfo, the PDF/UA identification
in XMP, `Tabs /S` on pages with annotations. Whatever still paints outside marked content
(table rules and fills, the title band, the note rule) is wrapped as a layout artifact, so no
item is left neither tagged nor artifact. Deterministic: no clock, no chance.
"""

from __future__ import annotations

import io
import warnings

_PATH_START = {"m", "re"}
_PATH_END = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"}
_SINGLE = {"Do", "sh", "INLINE IMAGE"}


def tag(pdf: bytes, structure) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as out:
        pages = list(out.pages)
        for page in pages:
            _artifacts(out, page)
        _tree(out, pages, structure)
        out.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
        prefs = out.Root.get("/ViewerPreferences", pikepdf.Dictionary())
        prefs.DisplayDocTitle = True
        out.Root.ViewerPreferences = prefs
        for page in pages:
            if "/Annots" in page.obj:
                page.obj.Tabs = pikepdf.Name.S
        with out.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            with warnings.catch_warnings():  # /Trapped has no direct XMP twin; a screen file needs none
                warnings.simplefilter("ignore", UserWarning)
                meta.load_from_docinfo(out.docinfo)  # dc:title among them, which PDF/UA requires
            meta["pdfuaid:part"] = "1"
        buffer = io.BytesIO()
        out.save(buffer, deterministic_id=True)
    return buffer.getvalue()


def _artifacts(pdf, page) -> None:
    """Wrap every graphics object painted outside marked content in /Artifact BMC ... EMC."""
    import pikepdf

    ops = pikepdf.parse_content_stream(page)
    wraps: list[list[int]] = []
    depth, start, tagged_text = 0, None, False
    for i, item in enumerate(ops):
        op = str(item.operator)
        if op in ("BMC", "BDC"):
            tagged_text = tagged_text or start is not None  # a paragraph's text object, marked inside
            depth += 1
            continue
        if op == "EMC":
            depth -= 1
            continue
        if depth:
            continue
        if start is None and (op == "BT" or op in _PATH_START):
            start = i
        if op == "ET" and tagged_text:
            start, tagged_text = None, False
            continue
        end = (op == "ET") or (op in _PATH_END and start is not None) or (op in _SINGLE and start is None)
        if end:
            first = i if start is None else start
            if wraps and wraps[-1][1] == first - 1:
                wraps[-1][1] = i
            else:
                wraps.append([first, i])
            start = None
    if not wraps:
        return
    begin = {a for a, _ in wraps}
    finish = {b for _, b in wraps}
    out = []
    for i, item in enumerate(ops):
        if i in begin:
            out.append(pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact], pikepdf.Operator("BMC")))
        out.append(item)
        if i in finish:
            out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC")))
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))


def _tree(pdf, pages: list, structure) -> None:
    import pikepdf

    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    elems = [pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name("/" + e.role)))
             for e in structure.elements]
    by_page: dict[int, dict[int, object]] = {}  # page number (1-based) -> MCID -> element
    links: list = []  # (annotation, Link element)
    for e, elem in zip(structure.elements, elems):
        elem.P = root if e.parent is None else elems[e.parent]
        first_page = next((k[1] for k in e.kids if k[0] == "mcid"), None)
        if first_page is not None:
            elem.Pg = pages[first_page - 1].obj
        kids = []
        for kid in e.kids:
            if kid[0] == "elem":
                kids.append(elems[kid[1]])
            elif kid[0] == "mcid":
                _, page, mcid = kid
                by_page.setdefault(page, {})[mcid] = elem
                kids.append(mcid if page == first_page else
                            pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=pages[page - 1].obj, MCID=mcid))
            else:
                _, page, index, leads_to = kid
                annot = pages[page - 1].obj.Annots[index]
                if not str(annot.get("/Contents", "")):
                    annot.Contents = pikepdf.String(leads_to)
                objr = pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=annot, Pg=pages[page - 1].obj)
                if e.role == "Link":  # a link with its glyphs: the annotation is its own
                    kids.append(objr)
                    links.append((annot, elem))
                    continue
                link = pdf.make_indirect(pikepdf.Dictionary(
                    Type=pikepdf.Name.StructElem, S=pikepdf.Name.Link, P=elem, Pg=pages[page - 1].obj,
                    K=pikepdf.Array([objr])))
                kids.append(link)
                links.append((annot, link))
        elem.K = kids[0] if len(kids) == 1 and not isinstance(kids[0], int) else pikepdf.Array(kids)
        _attributes(elem, dict(e.attrs))
    root.K = elems[0]
    nums = []
    key = 0
    for number in range(1, len(pages) + 1):
        mcids = by_page.get(number, {})
        pages[number - 1].obj.StructParents = key
        nums += [key, pdf.make_indirect(pikepdf.Array([mcids[m] for m in range(len(mcids))]))]
        key += 1
    for annot, link in links:
        annot.StructParent = key
        nums += [key, link]
        key += 1
    root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))
    root.ParentTreeNextKey = key
    pdf.Root.StructTreeRoot = root


def _attributes(elem, attrs: dict) -> None:
    import pikepdf

    if "Alt" in attrs:
        elem.Alt = pikepdf.String(attrs["Alt"])
    if "ID" in attrs:
        elem.ID = pikepdf.String(attrs["ID"])
    owned = []
    if "Scope" in attrs:
        owned.append(pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=pikepdf.Name("/" + attrs["Scope"])))
    if "BBox" in attrs:
        owned.append(pikepdf.Dictionary(O=pikepdf.Name.Layout, BBox=pikepdf.Array(list(attrs["BBox"]))))
    if owned:
        elem.A = owned[0] if len(owned) == 1 else pikepdf.Array(owned)
