"""PDF/X-1a:2003 (ISO 15930-4) on request, for print houses with older RIPs.

The 2003 edition rather than 2001: it is PDF 1.4, which is what ReportLab writes, and needs
no GTS_PDFXConformance key. It forbids transparency, which preflight checks."""

from . import Expect, PdfX, Variant

PDFX = PdfX(version="PDF/X-1a:2003", pdf_version="1.4", transparency=False)

VARIANT = Variant(
    name="print-x1a", summary="PDF/X-1a:2003 for older press workflows",
    colour_space="cmyk", boxes=True, crop_marks=True, links=False, outlines=False, image_conversion="cmyk",
    solid_black=True, overprint_below=12.0,  # smaller black overprints: no halo where plates misregister
    pdfx=PDFX, expect=Expect(boxes=True, print_colour=True, pdfx=PDFX),
)
