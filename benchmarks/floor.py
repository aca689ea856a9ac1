"""ReportLab's floor: a minimal two-page platypus document (what any ReportLab tool pays)."""

import sys

from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

styles = getSampleStyleSheet()
text = "Durable responses were seen in patients of every cohort in the trial. " * 12
SimpleDocTemplate(sys.argv[1], pagesize=letter).build([Paragraph(text, styles["BodyText"]) for _ in range(10)])
