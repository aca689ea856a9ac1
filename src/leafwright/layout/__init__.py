"""Layout: ReportLab flowables, page templates, theme, fonts and charts.

ReportLab is imported only below this package and `leafwright.render`.
"""
