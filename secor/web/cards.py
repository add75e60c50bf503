"""The dashboard's status cards: deadlines split into overdue, upcoming, open and done (with links to the
pages that close them), the certificate card, and the note when an employer is at its partner's limit.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.apps import apps

import provinces
from provinces import base as rules
from secor.employers.models import Employer, Enrolment
from secor.status.compute import is_overdue


def split_deadlines(deadlines: tuple[rules.Deadline, ...], as_of: date) -> dict[str, list[dict[str, Any]]]:
    """Overdue, upcoming, open (an earliest date that has passed: allowed from then on) and done."""
    overdue, upcoming, open_, done = [], [], [], []
    for d in sorted(deadlines, key=lambda d: d.due):
        row = {"deadline": d, "days": (d.due - as_of).days}
        if d.met is True:
            done.append(row)
        elif is_overdue(d, as_of):
            overdue.append(row)
        elif d.due < as_of:
            open_.append(row)
        else:
            upcoming.append(row)
    return {"overdue": overdue, "upcoming": upcoming, "open": open_, "done": done}


def _with_pages(
    employer: Employer, split: dict[str, list[dict[str, Any]]]
) -> dict[str, list[dict[str, Any]]]:
    """Give each deadline row the id of its stored deadline (the page with its reminder schedule), matched by
    kind and due date (one query)."""
    try:
        Deadline = apps.get_model("reminders", "Deadline")
    except LookupError:
        return split
    pages = {
        (kind, due): pk
        for pk, kind, due in Deadline.objects.filter(employer=employer, resolved_at__isnull=True).values_list(
            "pk", "kind", "due"
        )
    }
    for rows in split.values():
        for row in rows:
            row["page"] = pages.get((row["deadline"].kind, row["deadline"].due))
    return split


LOST_STATES = ("cancelled", "lapsed", "expired", "removed", "moved_to_cor")
LOST_VERBS = {
    "cancelled": "was cancelled",
    "lapsed": "lapsed",
    "expired": "expired",
    "removed": "ended: you were removed from the program",
    "moved_to_cor": "ended: you moved to COR",
}


def certificate_status(
    enrolment: Enrolment | None, as_of: date, answer: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The certificate card. ``answer``: the engine's certificate answer stored on the status row (the same
    one every reader shows); when it says the certificate is no longer held, the card says since when, why
    and the way back, with the partner's sources, even before the daily job has recorded the decision."""
    if enrolment is None:
        return {
            "state": "none",
            "rag": "grey",
            "title": "Not enrolled",
            "text": "Choose a certifying partner.",
        }
    if answer and answer.get("state") in LOST_STATES:
        since = answer.get("not_held_since")
        rule = answer.get("rule") or {}
        return {
            "state": answer["state"],
            "rag": "grey" if answer["state"] == "moved_to_cor" else "red",
            "title": answer.get("label") or answer["state"],
            "enrolment": enrolment,
            "ended_on": date.fromisoformat(since) if since else None,
            "text": " ".join(
                t
                for t in (
                    f"Your SECOR {LOST_VERBS.get(answer['state'], 'ended')}"
                    + (f" on {day_text(date.fromisoformat(since))}." if since else "."),
                    answer.get("reason"),
                )
                if t
            ),
            "way_back": answer.get("way_back", ""),
            "references": "; ".join(
                r for r in (rule.get("reference", ""), answer.get("way_back_reference", "")) if r
            ),
        }
    holds = enrolment.holds_certificate and enrolment.expires_on
    if holds and enrolment.expires_on < as_of:
        return {
            "state": "expired",
            "rag": "red",
            "title": "Certificate expired",
            "enrolment": enrolment,
            "days": (enrolment.expires_on - as_of).days,
        }
    if holds:
        days = (enrolment.expires_on - as_of).days
        return {
            "state": "certified",
            "rag": "amber" if days <= 120 else "green",
            "title": "Certified",
            "enrolment": enrolment,
            "days": days,
        }
    if enrolment.status in Enrolment.ACTIVE_STATUSES:
        return {
            "state": "working",
            "rag": "amber",
            "title": "Working toward your SECOR",
            "enrolment": enrolment,
        }
    ended_on = enrolment.removed_on or (enrolment.expires_on if enrolment.issued_on else None)
    partner = label_partner(enrolment.partner)
    texts = {
        "lapsed": (
            "Your SECOR lapsed"
            + (f" on {day_text(ended_on)}" if ended_on else "")
            + f". To hold one again, plan a certification audit with {partner}: "
            "the deadlines and steps below start again from your records."
        ),
        "cancelled": (
            "Your SECOR was cancelled"
            + (f" on {day_text(ended_on)}" if ended_on else "")
            + f". Ask {partner} what it takes to register again."
        ),
        "removed": (
            f"{partner} removed you from the program"
            + (f" on {day_text(ended_on)}" if ended_on else "")
            + ". You may register again after the partner's waiting period."
        ),
        "moved_to_cor": "You moved to COR (more people than the SECOR limit).",
    }
    return {
        "state": enrolment.status,
        "rag": "red",
        "title": {"lapsed": "Lapsed", "cancelled": "Cancelled", "removed": "Removed"}.get(
            enrolment.status, enrolment.get_status_display()
        ),
        "enrolment": enrolment,
        "ended_on": ended_on,
        "text": texts.get(enrolment.status, ""),
    }


def label_partner(partner: Any) -> str:
    from secor.core.labels import partner_name

    return partner_name(partner.code)


def limit_note(eligibility: rules.EligibilityResult, enrolment: Enrolment, as_of: date) -> str:
    """A warning when an eligible employer is at (or within one hire of) its partner's limit: "10 of 10:
    one more hire ends eligibility". Empty when there is room or no count."""
    if not eligibility.eligible or eligibility.count is None:
        return ""
    inclusive = True
    try:
        profile = provinces.get_partner(enrolment.partner.province, enrolment.partner.code)
        inclusive = bool(profile.value("threshold", as_of).inclusive)
    except Exception:  # noqa: BLE001, S110 - unknown profile: read the limit as "or fewer"
        inclusive = True
    count, limit = float(eligibility.count), float(eligibility.limit)
    fte = eligibility.method == "fte_payroll"
    # Room left for whole new people (a full-time hire adds 1 to a headcount and about 1 FTE).
    room = (limit - count) if inclusive else (limit - count - (0.01 if fte else 1))
    shown = f"{count:g} {'FTE' if fte else ''}".strip()
    if room < 1:
        return (
            f"At the limit: {shown} of {eligibility.limit_text}. "
            "One more hire ends your eligibility for SECOR (the next step would be COR)."
        )
    if room < 2 and not fte:
        return (
            f"Close to the limit: {shown} counted, {eligibility.limit_text}. Two more hires end eligibility."
        )
    return ""


def day_text(day: date) -> str:
    return f"{day:%b} {day.day}, {day.year}"
