"""iCalendar feeds of deadlines (RFC 5545, built with the ``icalendar`` library).

Outlook and Google Calendar subscribe to a URL and want: ``VCALENDAR`` with ``PRODID`` and ``VERSION:2.0``;
``VEVENT`` s with a stable ``UID`` (so a changed deadline updates the event instead of duplicating it),
``DTSTAMP``, and all-day dates (``DTSTART;VALUE=DATE`` with ``DTEND`` the next day).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from icalendar import Calendar, Event

from secor.core.citations import public_text, sources_text
from secor.reminders.models import Deadline

PRODID = "-//SECOR Tracker//Deadlines//EN"
STATUS_TEXT = {"met": "Met", "missed": "Missed", "overdue": "Overdue", "open": "Open", "resolved": "Resolved"}


UID_DOMAIN = "deadlines.secor-tracker"


def deadline_uid(deadline: Deadline) -> str:
    """Stable for the life of the deadline: it does not depend on ``SITE_URL`` (moving the site to another
    address must not duplicate every event in subscribed calendars)."""
    return f"deadline-{deadline.pk}@{UID_DOMAIN}"


def build_calendar(deadlines: Iterable[Deadline], *, name: str, today, url_for) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-published-ttl", "PT12H")
    cal.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    for d in deadlines:
        status = STATUS_TEXT[d.status_on(today)]
        event = Event()
        event.add("uid", deadline_uid(d))
        event.add("dtstamp", d.updated_at)
        event.add("last-modified", d.updated_at)
        event.add("dtstart", d.due)
        event.add("dtend", d.due + timedelta(days=1))
        prefix = "" if status == "Open" else f"[{status}] "
        event.add("summary", f"{prefix}{d.employer.display_name}: {public_text(d.title)}")
        lines = [
            f"{d.kind_label} – {status}.",
            f"If missed: {public_text(d.consequence)}" if d.consequence else "",
            f"Source: {sources_text(d.source)}" if sources_text(d.source) else "",
            f"Details: {url_for(d)}",
        ]
        event.add("description", "\n".join(line for line in lines if line))
        event.add("url", url_for(d))
        event.add("categories", [d.kind_label])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()
