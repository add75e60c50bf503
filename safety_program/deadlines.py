"""The safety program's deadlines for the reminders sweep (``secor.reminders.sources``, origin ``"program"``):

- each active schedule: the activity is due ``every`` weeks/months after it was last done (the employer's own
  program choice, see :mod:`safety_program.periods`);
- each open corrective action: its due date;
- each program document: the review date of its current version.

``met`` is None until the due date passes, then False (overdue). Done activities move the due date on, so the
old deadline disappears from the source and the sweep marks it resolved; closed actions likewise.
Registered in :meth:`safety_program.apps.SafetyProgramConfig.ready`; the reminders app never imports this app.
"""

from __future__ import annotations

from datetime import date

from provinces import base as engine
from safety_program.state import program_state

SOURCE_NAME = "program"
SCHEDULE_REFERENCE = "Your program schedule (set by you on the safety program page)"


def program_deadlines(employer, as_of: date) -> list[engine.Deadline]:
    state = program_state(employer, as_of)
    out: list[engine.Deadline] = []
    for s in state.schedules:
        unit = "week" if s.unit == "week" else "month"
        every = f"every {unit}" if s.every == 1 else f"every {s.every} {unit}s"
        out.append(
            engine.Deadline(
                kind=f"program_{s.activity}",
                title=f"{s.label} ({every})",
                due=s.due,
                consequence="A missed activity breaks the program's documented history: the months the "
                "partner asks for count only while the program's records keep up with its schedule.",
                reference=SCHEDULE_REFERENCE,
                met=False if s.overdue else None,
            )
        )
    for a in state.actions:
        out.append(
            engine.Deadline(
                kind="corrective_action",
                title=f"Corrective action: {a.title}",
                due=a.due,
                consequence="An open corrective action past its due date is a finding in the audit.",
                reference="Corrective action record",
                met=False if a.overdue else None,
            )
        )
    for r in state.reviews:
        out.append(
            engine.Deadline(
                kind="program_document_review",
                title=f"Annual review of “{r.title}”",
                due=r.due,
                consequence="Program documents are reviewed at least once a year; an out-of-date document "
                "is a finding in the audit.",
                reference="Program document record",
                met=False if r.overdue else None,
            )
        )
    return out


def register() -> None:
    from secor.reminders.sources import register_deadline_source

    # No prefetch of its own: the sweep's employers come with the evaluation data, which already holds the
    # stored program status (the key-date source in safety_program.history registers that prefetch).
    register_deadline_source(SOURCE_NAME, program_deadlines)
