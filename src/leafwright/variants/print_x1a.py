"""PDF/X-1a:2003 (ISO 15930-4) on request, for print houses with older RIPs.

The 2003 edition rather than 2001: it is PDF 1.4, which is what ReportLab writes, and needs
no GTS_PDFXConformance key. It forbids transparency, which its preflight profile checks. Everything else
is the default print output's, so the two cannot drift apart."""

from dataclasses import replace

from . import PdfX
from .print_x4 import VARIANT as PRINT_X4

PDFX = PdfX(version="PDF/X-1a:2003", pdf_version="1.4", xmp=False)

VARIANT = replace(
    PRINT_X4, name="print-x1a", summary="PDF/X-1a:2003 for older press workflows",
    pdfx=PDFX, preflight="pdfx1a",
)
