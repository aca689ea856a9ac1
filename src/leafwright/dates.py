"""Every date leafwright reads, in one place: a document's date of preparation (the PDF's
CreationDate), ISO dates in references (CSL date-parts) and SOURCE_DATE_EPOCH.

A date is read once, where it is loaded, so a date no reader understands is a diagnostic
at its line instead of a PDF silently dated 2000-01-01.
"""

from __future__ import annotations

import calendar
import datetime
import re
import time
from typing import Optional

# The forms of a date of preparation a writer types (2026-11, November 2026, Nov. 2026, ...)
PREPARATION_FORMATS = ("%Y-%m-%d", "%Y-%m", "%Y", "%B %Y", "%b %Y", "%b. %Y", "%d %B %Y", "%d %b %Y",
                       "%d %b. %Y", "%B %d, %Y", "%b %d, %Y", "%b. %d, %Y")
Y2K = 946684800  # ReportLab's invariant date, 2000-01-01: a document without a date

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?(?:[T ].*)?$")


def iso_date(text: str) -> Optional[dict]:
    """ISO text ("2021-02-04", "2021-02", "2021", a time after it ignored) as CSL date-parts;
    None when it is not one. Loading reads YAML dates with it, and the AMA formatter raw dates."""
    m = _ISO_DATE.match(text.strip())
    return {"date-parts": [[int(p) for p in m.groups() if p]]} if m else None


def preparation_date(text: str) -> Optional[datetime.date]:
    """The date a document's `date:` names, at its first day when it names a month or a
    year; None when it is empty or no form above reads it. Month names are English (`%B`
    under the C locale), as the footer prints the text as typed anyway."""
    text = " ".join(text.split())
    for fmt in PREPARATION_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def epoch_of(date: Optional[datetime.date]) -> int:
    """Seconds since 1970 at 00:00 UTC of `date`, or 2000-01-01 without one: never the clock,
    so a rebuild is byte-identical."""
    return calendar.timegm(date.timetuple()) if date is not None else Y2K


def source_date_epoch(value: Optional[str]) -> tuple[Optional[int], Optional[str]]:
    """SOURCE_DATE_EPOCH (reproducible builds): (seconds, None) when set, (None, None) when
    unset or empty, (None, why) when it is not whole seconds since 1970 as `date +%s` prints."""
    if value is None or not value.strip():
        return None, None
    text = value.strip()
    try:
        if not text.lstrip("-").isdigit() or len(text) > 15:
            raise ValueError
        if not 1 <= time.gmtime(int(text)).tm_year <= 9999:
            raise ValueError
    except (ValueError, OverflowError, OSError):
        shown = text if len(text) <= 40 else text[:40] + "..."
        return None, (f"SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 (as 'date +%s' prints), "
                      f"not {shown!r}")
    return int(text), None
