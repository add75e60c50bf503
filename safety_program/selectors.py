"""Reads for the safety program pages: everything through :mod:`secor.tenancy`, from stored state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from safety_program import models as m
from safety_program.history import ElementRow, HistorySummary, element_rows, history_summary
from safety_program.state import ProgramState, program_state
from secor import tenancy


def instrument_elements(partner) -> list[tuple[int, str]]:
    """The elements of the partner's current audit instrument (number, name)."""
    from audits.models import InstrumentElement

    rows = (
        InstrumentElement.objects.filter(instrument__partner=partner, instrument__is_current=True)
        .order_by("instrument__code", "number")
        .values_list("instrument__code", "number", "name")
    )
    first_code = None
    out: list[tuple[int, str]] = []
    for code, number, name in rows:
        first_code = first_code or code
        if code == first_code:
            out.append((number, name))
    return out


@dataclass
class Overview:
    state: ProgramState
    elements: list[ElementRow]
    history: HistorySummary | None
    partner_name: str


def overview_for(employer, as_of: date) -> Overview:
    from secor.employers.evaluation import current_enrolment

    state = program_state(employer, as_of)
    enrolment = current_enrolment(employer)
    if enrolment is None:
        return Overview(state=state, elements=[], history=None, partner_name="")
    elements = element_rows(instrument_elements(enrolment.partner), state)
    return Overview(
        state=state,
        elements=elements,
        history=history_summary(enrolment, state),
        partner_name=enrolment.partner.name,
    )


def recent_records(employer, user, limit: int = 8) -> list:
    """The latest records of each kind (through the tenancy scope), newest first."""
    out: list = []
    for model in m.RECORD_MODELS:
        out.extend(
            tenancy.scope(model.objects.filter(employer=employer), user)
            .select_related("led_by", *(["kind"] if model is m.Inspection else []))
            .prefetch_related("participants")
            .order_by("-occurred_on", "-pk")[:limit]
        )
    return sorted(out, key=lambda r: (r.occurred_on, r.created_at), reverse=True)[:limit]
