"""The certification timeline: every milestone of an employer's SECOR life, with its date or due date and its
state, for the dashboard and the readiness PDF.

Milestones come from what is already read for the dashboard's cards (the enrolment, the stored evaluation's
deadlines and training verdict, the training records, the audits) plus one read of the certificate ledger
(``secor.certificates``): registration, training, history start, audits (planned, submitted, decided),
certificate issued or renewed, maintenance years, expiry and recertification. :func:`timeline_svg` lays them
on one time axis (inline SVG, drawn on the server); the table beside it says the same in words (what a screen
reader reads, and what a phone shows in full).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from provinces import base as rules

# Deadline kinds the timeline shows (the others stay in the deadlines list).
DEADLINE_KINDS: dict[str, str] = {
    "history_minimum": "Earliest application (documented history)",
    "history_one_year_secor": "Earliest application for a one-year SECOR",
    "milestone_1": "Milestone 1 (courses, program, manual)",
    "certification_deadline": "Certification deadline",
    "maintenance_audit": "Maintenance audit",
    "maintenance_audit_final": "Maintenance audit (latest allowed date)",
    "recertification": "Recertification audit",
    "certificate_expiry": "Certificate expires",
    "training_refresher": "Refresher training",
    "move_to_cor": "Move to COR",
}
LEDGER_TITLES = {
    "issued": "Certificate issued",
    "renewed": "Certificate renewed (recertification)",
    "maintenance_accepted": "Maintenance audit accepted",
    "maintenance_missed": "Maintenance audit missed",
    "cancelled": "Certificate cancelled",
    "lapsed": "Certificate lapsed",
    "expired": "Certificate expired",
    "moved_to_cor": "Moved to COR",
    "removed": "Removed from the program",
    "reinstated": "Certificate reinstated",
}
AUDIT_KIND = {
    "certification": "Certification",
    "maintenance": "Maintenance",
    "recertification": "Recertification",
}
STATE_LABELS = {
    "done": "Done",
    "overdue": "Overdue",
    "missed": "Missed",
    "due": "Due",
    "planned": "Planned",
    "open": "In progress",
    "todo": "To do",
}
STATE_COLOURS = {
    "done": "#1e7a3c",
    "overdue": "#b3261e",
    "missed": "#b3261e",
    "due": "#0b5cad",
    "planned": "#0b5cad",
    "open": "#a35a00",
    "todo": "#6b7683",
}


@dataclass(frozen=True)
class Milestone:
    key: str
    title: str
    on: date | None  # the day it happened, or its due/planned date
    state: str  # a STATE_LABELS key
    detail: str = ""
    reference: str = ""  # engine rule reference (shown through the public-sources renderer)

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def colour(self) -> str:
        return STATE_COLOURS[self.state]

    @property
    def date_word(self) -> str:
        if self.on is None:
            return ""
        return {"due": "due", "overdue": "was due", "planned": "planned", "todo": "from"}.get(self.state, "")


def _ledger(enrolment: Any) -> list[Any]:
    from secor.certificates.models import CertificateEvent

    return list(
        CertificateEvent.objects.filter(enrolment_id=enrolment.pk)
        .select_related("certificate")
        .order_by("effective_on", "pk")
    )


def _training(evaluation: rules.Evaluation, records: list[Any]) -> Milestone:
    reqs = evaluation.training.requirements
    if not reqs:
        return Milestone("training", "Required training", None, "done", "No course required.")
    dates: list[date] = []
    for req in reqs:
        done = [r.completed_on for r in records if r.course.code in req.courses]
        if done:
            dates.append(min(done))
    reference = reqs[0].rule.reference
    if evaluation.training.satisfied and dates:
        return Milestone("training", "Required training completed", max(dates), "done", reference=reference)
    missing = sum(1 for r in reqs if not r.satisfied)
    return Milestone(
        "training",
        "Required training",
        max(dates) if dates else None,
        "todo",
        f"{missing} of {len(reqs)} requirement{'s' if len(reqs) != 1 else ''} not met yet.",
        reference,
    )


def _audit_milestones(audits: list[Any], as_of: date) -> list[Milestone]:
    out: list[Milestone] = []
    for a in sorted(audits, key=lambda a: (a.starts_on, a.pk)):
        name = f"{AUDIT_KIND.get(a.kind, a.kind.capitalize())} audit"
        if a.status == "draft" and not a.first_submitted_on:
            if a.starts_on > as_of:
                out.append(Milestone(f"audit-{a.pk}-planned", f"{name} planned", a.starts_on, "planned"))
            else:
                out.append(
                    Milestone(
                        f"audit-{a.pk}-started", f"{name} started (being answered)", a.starts_on, "open"
                    )
                )
            continue
        if a.first_submitted_on:
            out.append(
                Milestone(f"audit-{a.pk}-submitted", f"{name} submitted", a.first_submitted_on, "done")
            )
        if a.status in ("accepted", "rejected") and a.decided_at:
            verdict = "accepted" if a.status == "accepted" else "rejected"
            out.append(
                Milestone(
                    f"audit-{a.pk}-decided",
                    f"{name} {verdict}",
                    a.decided_at.date(),
                    "done" if verdict == "accepted" else "missed",
                    a.outcome_verdict or "",
                )
            )
        elif a.status in ("submitted", "in_review", "corrections_requested"):
            due = a.corrections_due_on if a.status == "corrections_requested" else a.review_due_on
            label = "Corrections to send" if a.status == "corrections_requested" else "Partner's review"
            state = "overdue" if due and due < as_of and a.status == "corrections_requested" else "open"
            out.append(Milestone(f"audit-{a.pk}-review", f"{name}: {label.lower()}", due, state))
    return out


def _deadline_state(d: rules.Deadline, as_of: date) -> str:
    if d.met is True:
        return "done"
    if d.met is False:
        return "missed"
    if d.kind in ("history_minimum", "history_one_year_secor") and d.due <= as_of:
        return "done"  # a "not before" date: reaching it is the milestone
    return "overdue" if d.due < as_of else "due"


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


BAD_EVENTS = ("maintenance_missed", "cancelled", "lapsed", "expired", "removed")


def _engine_events(cert: Any, ledger: list[Any], as_of: date) -> list[Milestone]:
    """What the engine's certificate answer adds to the recorded ledger: events its rules imply (a missed
    maintenance audit, the cancellation that follows) and, when no certificate is held, since when and the
    way back."""
    out: list[Milestone] = []
    recorded = {(e.kind, e.effective_on) for e in ledger}
    for ev in _get(cert, "events") or ():
        kind = str(getattr(_get(ev, "kind"), "value", _get(ev, "kind")))
        on = _as_date(_get(ev, "on"))
        if on is None or (kind, on) in recorded or kind not in LEDGER_TITLES:
            continue
        state = "missed" if kind in BAD_EVENTS else "done"
        out.append(
            Milestone(f"cert-{kind}-{on}", LEDGER_TITLES[kind], on, state, str(_get(ev, "reason") or ""))
        )
    since = _as_date(_get(cert, "not_held_since"))
    if (
        not _get(cert, "held")
        and since is not None
        and not any(m.on == since and m.state == "missed" for m in out)
    ):
        rule = _get(cert, "rule")
        detail = " ".join(str(x) for x in (_get(cert, "reason"), _get(cert, "way_back")) if x)
        out.append(
            Milestone(
                "cert-not-held",
                str(_get(cert, "label") or "Certificate not held"),
                since,
                "missed",
                detail,
                str(_get(rule, "reference") or "") if rule is not None else "",
            )
        )
    return out


def certification_timeline(
    *,
    enrolment: Any,
    evaluation: rules.Evaluation,
    as_of: date,
    records: list[Any],
    audits: list[Any],
    ledger: list[Any] | None = None,
) -> list[Milestone]:
    """Every milestone, in date order (undated ones last). ``ledger``: the enrolment's certificate events
    (read here when not given)."""
    items: list[Milestone] = []
    if enrolment.registered_on:
        items.append(
            Milestone("registered", "Registered with the certifying partner", enrolment.registered_on, "done")
        )
    if enrolment.history_documented_since:
        items.append(
            Milestone(
                "history",
                "Safety program documented since",
                enrolment.history_documented_since,
                "done" if enrolment.history_documented_since <= as_of else "planned",
            )
        )
    else:
        items.append(
            Milestone("history", "Safety program documented since", None, "todo", "Not recorded yet.")
        )
    if enrolment.milestone1_completed_on:
        items.append(
            Milestone("milestone1", "Milestone 1 completed", enrolment.milestone1_completed_on, "done")
        )
    items.append(_training(evaluation, records))
    items += _audit_milestones(audits, as_of)
    if ledger is None:
        ledger = _ledger(enrolment)
    for e in ledger:
        title = LEDGER_TITLES.get(e.kind, e.get_kind_display())
        number = e.certificate.number if e.certificate_id and e.kind in ("issued", "renewed") else ""
        detail = f"Certificate {number}" if number else ""
        if e.expires_on and e.kind in ("issued", "renewed"):
            detail = f"{detail}, valid to {e.expires_on:%Y-%m-%d}".lstrip(", ")
        bad = e.kind in ("maintenance_missed", "cancelled", "lapsed", "expired", "removed")
        items.append(Milestone(f"ledger-{e.pk}", title, e.effective_on, "missed" if bad else "done", detail))
    if not ledger and enrolment.issued_on:  # records kept before the ledger
        items.append(Milestone("issued", "Certificate issued", enrolment.issued_on, "done"))
    if not enrolment.issued_on and not any(e.kind in ("issued", "renewed") for e in ledger):
        items.append(Milestone("issued", "Certificate issued", None, "todo", "After an accepted audit."))
    cert = getattr(evaluation, "certificate", None)  # the engine's certificate answer, when it gives one
    held = True if cert is None else bool(_get(cert, "held"))
    if cert is not None:
        items += _engine_events(cert, ledger, as_of)
    seen: set[tuple[str, date]] = set()
    for d in evaluation.deadlines:
        if d.kind not in DEADLINE_KINDS or d.person_id or (d.kind, d.due) in seen:
            continue
        seen.add((d.kind, d.due))
        title = DEADLINE_KINDS[d.kind]
        if d.kind == "maintenance_audit" and enrolment.issued_on:
            year = d.due.year - enrolment.issued_on.year + 1
            title = f"Maintenance audit, year {max(year, 2)}"
        items.append(
            Milestone(f"deadline-{d.kind}-{d.due}", title, d.due, _deadline_state(d, as_of), "", d.reference)
        )
    if (
        enrolment.expires_on
        and (held or enrolment.expires_on < as_of)
        and not any(m.key.startswith("deadline-certificate_expiry") for m in items)
    ):
        state = "missed" if enrolment.expires_on < as_of else "due"
        items.append(Milestone("expiry", "Certificate expires", enrolment.expires_on, state))
    # One line per loss: the engine's "not held since" (with the reason and the way back) replaces a recorded
    # ledger line or the expiry on the same day.
    lost_on = {m.on for m in items if m.key == "cert-not-held"}
    items = [
        m
        for m in items
        if not (m.on in lost_on and m.key != "cert-not-held" and (m.state == "missed" or m.key == "expiry"))
    ]
    dated = sorted((m for m in items if m.on), key=lambda m: (m.on, m.key))
    return dated + [m for m in items if m.on is None]


# ------------------------------------------------------------------------------------------------------------
# The picture
# ------------------------------------------------------------------------------------------------------------


def timeline_svg(milestones: list[Milestone], as_of: date, *, width: int = 420) -> dict[str, Any]:
    """Positions for a horizontal time axis: one dot per dated milestone (stacked when close), year ticks and
    a "today" line. The template draws it; everything it shows is in the table too."""
    dated = [m for m in milestones if m.on]
    left, right, height = 18, width - 18, 118
    axis_y = 66
    if not dated:
        return {"width": width, "height": height, "dots": [], "ticks": [], "empty": True}
    start = min([m.on for m in dated if m.on] + [as_of])
    end = max([m.on for m in dated if m.on] + [as_of])
    start = date(start.year, 1, 1)
    end = date(end.year + 1, 1, 1)
    span = max((end - start).days, 1)

    def x(day: date) -> float:
        return round(left + (right - left) * (day - start).days / span, 1)

    dots: list[dict[str, Any]] = []
    last_x: float | None = None
    level = 0
    for m in dated:
        assert m.on is not None  # noqa: S101 - filtered above
        px = x(m.on)
        level = level + 1 if last_x is not None and px - last_x < 11 and level < 3 else 0
        last_x = px
        dots.append(
            {
                "x": px,
                "y": axis_y - 14 - level * 13,
                "colour": m.colour,
                "label": f"{m.title}: {m.on:%Y-%m-%d} ({m.state_label})",
                "hollow": m.state in ("due", "planned", "todo", "open"),
            }
        )
    ticks = [
        {"x": x(date(y, 1, 1)), "label": str(y)}
        for y in range(start.year, end.year + 1)
        if (end.year - start.year) <= 6 or y % 2 == 0
    ]
    done = sum(1 for m in milestones if m.state == "done")
    upcoming = [m for m in dated if m.on and m.on >= as_of and m.state in ("due", "planned")]
    summary = f"{done} of {len(milestones)} milestones done"
    if upcoming:
        summary += (
            f"; next: {upcoming[0].title} on {upcoming[0].on:%B} {upcoming[0].on.day}, {upcoming[0].on.year}"
        )
    return {
        "width": width,
        "height": height,
        "axis_y": axis_y,
        "left": left,
        "right": right,
        "today_x": x(as_of),
        "today_label_x": min(max(x(as_of), left + 22), right - 22),
        "dots": dots,
        "ticks": ticks,
        "summary": summary + ".",
        "empty": False,
    }


def timeline_context(
    *, enrolment: Any, evaluation: rules.Evaluation, as_of: date, records: list[Any], audits: list[Any]
) -> dict[str, Any]:
    milestones = certification_timeline(
        enrolment=enrolment, evaluation=evaluation, as_of=as_of, records=records, audits=audits
    )
    return {"milestones": milestones, "svg": timeline_svg(milestones, as_of)}
