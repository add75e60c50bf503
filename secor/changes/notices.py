"""Notices of a business change: an in-app notice and an e-mail (through
:func:`secor.reminders.notices.notify`, which respects mutes and the daily digest) to the employer's people
who receive reminders and its consultants, saying what the change means for the certificate with each
partner and what to tell the partner, with the public sources. The one who recorded it sees the same on the
page and is not told again. Kind ``business_change``; one notice per person and change."""

from __future__ import annotations

from secor.changes.models import BusinessChange
from secor.core.citations import public_text, sources_text
from secor.reminders.notices import notify
from secor.reminders.services import recipients_for


def body(change: BusinessChange) -> str:
    parts = [
        f"{change.employer.display_name} recorded a business change: {change.get_kind_display().lower()}, "
        f"effective {change.effective_on:%B} {change.effective_on.day}, {change.effective_on.year}."
    ]
    if not change.verdicts:
        parts.append(
            "The employer is not enrolled with a certifying partner: nothing changes for a certificate."
        )
    for v in change.verdicts:
        lines = [f"With {v['partner_name']}: {v['headline']}."]
        for p in v["certificate"] + v["todo"]:
            lines.append(f"- {public_text(p['text'])}")
        for p in v["tell_partner"]:
            lines.append(f"- What to tell the partner: {public_text(p['text'])}")
        refs = "; ".join(
            dict.fromkeys(
                s
                for p in v["certificate"] + v["tell_partner"] + v["todo"]
                for s in [sources_text(p["reference"])]
                if s
            )
        )
        if refs:
            lines.append(f"Sources: {refs}")
        parts.append("\n".join(lines))
    parts.append("The status has been re-checked; open the change for the details.")
    return "\n\n".join(parts)


def change_recorded(change: BusinessChange, *, actor) -> None:
    from secor.changes.services import change_url

    ids = set(recipients_for([change.employer_id]).get(change.employer_id, set()))
    ids.discard(getattr(actor, "pk", None))
    notify(
        user_ids=ids,
        kind="business_change",
        title=f"Business change – {change.employer.display_name}",
        body=body(change),
        url=change_url(change),
        event_key=f"business-change:{change.pk}",
        employer_id=change.employer_id,
    )
