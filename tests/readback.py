"""Characters read back from a PDF as drawn: text, box and type size, by pdfium.

pdfium, not pdfplumber, where a test reads many thousands of characters: pdfplumber takes
seconds for what pdfium reads in a fraction of one. The boxes are pdfplumber's (pdfminer's)
to within 0.001 pt — left, top and bottom at the font's descent and size — except that a
glyph whose ink runs past its advance (an 'f') reaches up to its ink on the right, a few
tenths of a point further: a check that a box stays inside a frame only gets stricter.
"""

from __future__ import annotations

from pathlib import Path
from typing import Union


def printed_chars(pdf: Union[bytes, Path]) -> list[list[dict]]:
    """Each page's characters as drawn, with their boxes (top-down y: x0, x1, top, bottom)
    and type size; the line breaks and spaces pdfium adds of its own are left out."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pages = []
    doc = pdfium.PdfDocument(str(pdf) if isinstance(pdf, Path) else pdf)
    try:
        for page in doc:
            height, tp, chars = page.get_height(), page.get_textpage(), []
            for i in range(tp.count_chars()):
                text = chr(raw.FPDFText_GetUnicode(tp, i)).replace("\x02", "-")  # pdfium marks a line-final hyphen
                if raw.FPDFText_IsGenerated(tp, i) or text in "\r\n":
                    continue
                left, bottom, right, top = tp.get_charbox(i, loose=True)
                chars.append({"text": text, "x0": left, "x1": right, "top": height - top,
                              "bottom": height - bottom, "size": raw.FPDFText_GetFontSize(tp, i)})
            pages.append(chars)
    finally:
        doc.close()
    return pages
