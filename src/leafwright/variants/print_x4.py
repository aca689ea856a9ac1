"""The default print output: PDF/X-4 (ISO 15930-7), CMYK with bleed and crop marks.

X-4 over X-1a because it keeps live transparency and PDF 1.6 and is what print houses ask
for today; the OutputIntent names the press condition the colours were chosen for."""

from . import PdfX, Variant

PDFX = PdfX(version="PDF/X-4", pdf_version="1.6")

VARIANT = Variant(
    name="print-x4", summary="PDF/X-4 for the press (default print)",
    colour_space="cmyk", boxes=True, crop_marks=True, links=False, outlines=False, image_conversion="cmyk",
    solid_black=True, overprint_below=12.0,  # smaller black overprints: no halo where plates misregister
    pdfx=PDFX, preflight="pdfx4",
)
