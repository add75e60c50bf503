"""Implementation history derived from the records, per element of the partner's audit instrument.

- **Per scheduled activity**: implemented since the start of its current unbroken run of records
  (:func:`safety_program.periods.implemented_since`).
- **Per element**: the activities that evidence it (matched by the element's name, :data:`ELEMENT_ACTIVITIES`:
  our mapping, docs/safety-program.md); implemented since the latest of their starts.
- **Program**: implemented since the latest start of all scheduled activities. That date is the documented
  history the rules engine reads (``history_documented_since``, contributed as a key date), and the
  partner's minimum (``history_months``, in ``provinces/``) is counted from it.
- A date typed on the enrolment stays possible as an override: it wins, and it is shown as **declared** with
  a warning beside what the records show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from safety_program import periods
from safety_program.models import Activity
from safety_program.state import STATUS_PREFETCH, ProgramState, ScheduleState, program_state

# element-name keyword (lower case) -> the scheduled activities whose records evidence that element
ELEMENT_ACTIVITIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("inspection", (Activity.INSPECTION,)),
    ("hazard", (Activity.HAZARD_ASSESSMENT,)),
    ("emergency", (Activity.DRILL,)),
    ("management", (Activity.MEETING,)),
    ("policy", (Activity.MEETING,)),
    ("communication", (Activity.MEETING,)),
    ("committee", (Activity.MEETING,)),
)


def activities_for(element_name: str) -> tuple[str, ...]:
    name = element_name.lower()
    found: list[str] = []
    for keyword, activities in ELEMENT_ACTIVITIES:
        if keyword in name:
            found.extend(a for a in activities if a not in found)
    return tuple(found)


@dataclass(frozen=True)
class ElementRow:
    number: int
    name: str
    schedules: list[ScheduleState]
    since: date | None
    overdue: list[ScheduleState]

    @property
    def derived(self) -> bool:
        return bool(self.schedules)


def element_rows(elements: list[tuple[int, str]], state: ProgramState) -> list[ElementRow]:
    rows = []
    for number, name in elements:
        wanted = activities_for(name)
        mine = [s for s in state.schedules if s.activity in wanted]
        rows.append(
            ElementRow(
                number=number,
                name=name,
                schedules=mine,
                since=periods.latest_start(s.since for s in mine) if mine else None,
                overdue=[s for s in mine if s.overdue],
            )
        )
    return rows


@dataclass(frozen=True)
class HistorySummary:
    derived_since: date | None
    declared_since: date | None
    months_implemented: int
    required_months: int | None
    rule_text: str
    rule_reference: str

    @property
    def used_since(self) -> date | None:
        return self.declared_since or self.derived_since

    @property
    def is_declared(self) -> bool:
        return self.declared_since is not None

    @property
    def earliest_application(self) -> date | None:
        if self.used_since is None or not self.required_months:
            return None
        return periods.add_interval(self.used_since, self.required_months, periods.MONTH)


def history_summary(enrolment, state: ProgramState) -> HistorySummary:
    from audits import rules

    derived = state.implemented_since
    rule = rules.history_rule(enrolment.partner, state.as_of) if enrolment is not None else None
    return HistorySummary(
        derived_since=derived,
        declared_since=enrolment.history_documented_since if enrolment is not None else None,
        months_implemented=periods.full_months_between(derived, state.as_of) if derived else 0,
        required_months=rule.value if rule is not None else None,
        rule_text=rule.text if rule is not None else "",
        rule_reference=rule.reference if rule is not None else "",
    )


def key_dates_for(employer, enrolment, as_of: date) -> dict[str, date]:
    """The key-date source: the derived documented history, unless a date was typed (the override)."""
    if enrolment is None or enrolment.history_documented_since is not None:
        return {}
    since = program_state(employer, as_of).implemented_since
    return {"history_documented_since": since} if since is not None else {}


def register() -> None:
    from secor.employers.evaluation import register_key_date_source

    register_key_date_source("program", key_dates_for, prefetch=[STATUS_PREFETCH])
