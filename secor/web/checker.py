"""The public eligibility checker: a short form, answered by the rules engine.

No records exist yet for a visitor, so the form's answers are turned into a ``provinces.Scenario`` here (the
records-to-scenario mapping for real employers stays in :mod:`secor.employers.evaluation`). The counts
describe the busiest time of the last twelve months: that is the number every partner's threshold is about.
The answers are kept in the session so the sign-up page can create the employer from them.
"""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

from django import forms
from django.utils import timezone

import provinces
from provinces import base as rules
from provinces import readings as rule_readings
from secor.employers.models import CertifyingPartner

SESSION_KEY = "checker_answers"

# (form field, engine category, label, help, hours per week assumed for the engine)
CATEGORY_FIELDS: tuple[tuple[str, rules.PersonCategory, str, str, float | None], ...] = (
    (
        "owners",
        rules.PersonCategory.OWNER,
        "Owners and partners",
        "Working owners, partners, managers.",
        40.0,
    ),
    (
        "family",
        rules.PersonCategory.FAMILY_MEMBER,
        "Family members",
        "Paid or unpaid, who work in the business.",
        20.0,
    ),
    (
        "full_time",
        rules.PersonCategory.FULL_TIME_PERMANENT,
        "Full-time employees",
        "About 30 hours a week or more.",
        40.0,
    ),
    ("part_time", rules.PersonCategory.PART_TIME, "Part-time employees", "", 20.0),
    ("casual", rules.PersonCategory.CASUAL, "Casual or seasonal workers", "", 15.0),
    (
        "temporary",
        rules.PersonCategory.TEMPORARY,
        "Temporary workers",
        "Including agency staff you direct.",
        40.0,
    ),
    ("volunteers", rules.PersonCategory.VOLUNTEER, "Volunteers", "", 5.0),
    (
        "subcontractors",
        rules.PersonCategory.SUBCONTRACTOR,
        "Subcontractors",
        "People on your sites you hire by contract.",
        40.0,
    ),
    (
        "dedicated_contractors",
        rules.PersonCategory.DEDICATED_CONTRACTOR,
        "Dedicated contractors",
        "Contractors who work only for you.",
        40.0,
    ),
)


def partner_display(p) -> str:
    from secor.core.labels import partner_display as display

    return display(p)


def partner_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Partners grouped by province, as ``"AB/ACSA"`` values (loaded from the rules engine by migrate)."""
    from secor.core.fields import PROVINCE_CHOICES

    names = dict(PROVINCE_CHOICES)
    groups: dict[str, list[tuple[str, str]]] = {}
    for p in CertifyingPartner.objects.order_by("province", "name"):
        groups.setdefault(names.get(p.province, p.province), []).append(
            (f"{p.province}/{p.code}", partner_display(p))
        )
    return [("", [("", "Choose your province and partner…")]), *groups.items()]


class CheckerForm(forms.Form):
    partner = forms.ChoiceField(
        label="Your province and certifying partner",
        help_text="The safety association for your industry. Not sure? Construction in Alberta is ACSA; "
        "Saskatchewan is SCSA; tourism and hospitality in BC is go2HR.",
    )
    owners = forms.IntegerField(min_value=0, max_value=10_000, initial=1, required=False)
    family = forms.IntegerField(min_value=0, max_value=10_000, initial=0, required=False)
    full_time = forms.IntegerField(min_value=0, max_value=10_000, initial=0, required=False)
    part_time = forms.IntegerField(min_value=0, max_value=10_000, initial=0, required=False)
    casual = forms.IntegerField(min_value=0, max_value=10_000, initial=0, required=False)
    temporary = forms.IntegerField(min_value=0, max_value=10_000, initial=0, required=False)
    volunteers = forms.IntegerField(min_value=0, max_value=10_000, initial=0, required=False)
    subcontractors = forms.IntegerField(min_value=0, max_value=10_000, initial=0, required=False)
    dedicated_contractors = forms.IntegerField(min_value=0, max_value=10_000, initial=0, required=False)
    annual_payroll_hours = forms.DecimalField(
        label="Total payroll hours last year",
        min_value=0,
        max_value=10_000_000,
        decimal_places=2,
        required=False,
        help_text="BC partners (go2HR) count full-time equivalents: payroll hours ÷ 2,080. "
        "Leave empty if unsure.",
    )
    has_wcb_account = forms.BooleanField(
        label="I have a workers' compensation (WCB) account in this province", required=False, initial=True
    )
    has_membership = forms.BooleanField(
        label="I am registered with (or a member of) this certifying partner", required=False, initial=False
    )
    permanent_office = forms.BooleanField(
        label="I have a permanent office in this province", required=False, initial=True
    )
    holds_secor = forms.BooleanField(label="I already hold a SECOR", required=False)
    registered_on = forms.DateField(
        label="Registered with the partner on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="If you are registered: the deadlines count from this date.",
    )
    history_documented_since = forms.DateField(
        label="Safety program in place and documented since",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    employer_name = forms.CharField(label="Business name", max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for conflict in rule_readings.CONFLICTS:
            self.fields[reading_field(conflict.code)] = forms.ChoiceField(
                label=conflict.topic,
                required=False,
                choices=[
                    ("", "Our default reading"),
                    *((r.code, f"{r.label} ({r.source})") for r in conflict.readings),
                ],
            )
        self.fields["partner"].choices = partner_choices()
        for name, _category, label, help_text, _hours in CATEGORY_FIELDS:
            field = self.fields[name]
            field.label = label
            field.help_text = help_text
            field.widget.attrs.update({"inputmode": "numeric"})

    def category_fields(self):
        return [self[name] for name, *_rest in CATEGORY_FIELDS]

    def reading_fields(self):
        return [self[reading_field(c.code)] for c in rule_readings.CONFLICTS]

    def clean_partner(self) -> str:
        value = self.cleaned_data["partner"]
        province, _, code = value.partition("/")
        if not CertifyingPartner.objects.filter(province=province, code=code).exists():
            raise forms.ValidationError("Choose a partner from the list.")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        today = timezone.localdate()
        for name in ("registered_on", "history_documented_since"):
            if data.get(name) and data[name] > today:
                self.add_error(name, "This date is in the future; use the date it actually happened.")
        if (
            not self.errors
            and not any(data.get(name) for name, *_ in CATEGORY_FIELDS)
            and not data.get("annual_payroll_hours")
        ):
            raise forms.ValidationError(
                "Enter at least one person (for example 1 owner), or your payroll hours, "
                "so there is something to count."
            )
        return data


def reading_field(conflict_code: str) -> str:
    return f"reading_{conflict_code.lower()}"


def readings_from_answers(data: dict[str, Any]) -> dict[str, str]:
    """The readings chosen on the form (conflict code → reading); empty choices keep the default."""
    return {
        c.code: data[reading_field(c.code)]
        for c in rule_readings.CONFLICTS
        if data.get(reading_field(c.code))
    }


def answers_to_session(data: dict[str, Any]) -> dict[str, Any]:
    """JSON-safe copy of the cleaned answers (dates as ISO strings, decimals as strings)."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, date):
            out[key] = value.isoformat()
        elif value is None or isinstance(value, (bool, int, str)):
            out[key] = value
        else:
            out[key] = str(value)
    return out


def answers_from_session(stored: dict[str, Any]) -> dict[str, Any]:
    """The reverse of :func:`answers_to_session`, through the form so the values are validated again."""
    form = CheckerForm(data={k: v for k, v in stored.items() if v not in (None, False)})
    return form.cleaned_data if form.is_valid() else {}


def scenario_from_answers(data: dict[str, Any], as_of: date | None = None) -> rules.Scenario:
    """Build the engine's Scenario: one synthetic person per counted head, all at work within the last
    12 months (the counts are "at the busiest time"), so the peak equals the sum of the counts."""
    as_of = as_of or timezone.localdate()
    province, _, partner = data["partner"].partition("/")
    start = as_of - timedelta(days=90)
    people = []
    for name, category, label, _help, hours in CATEGORY_FIELDS:
        for i in range(int(data.get(name) or 0)):
            people.append(
                rules.Person(
                    id=f"{name}-{i + 1}",
                    name=f"{label} #{i + 1}",
                    category=category,
                    start=start,
                    hours_per_week=hours,
                    province=province,
                )
            )
    hours = data.get("annual_payroll_hours")
    return rules.Scenario(
        province=province,
        partner=partner,
        as_of=as_of,
        people=tuple(people),
        annual_payroll_hours=float(hours) if hours not in (None, "") else None,
        key_dates=rules.KeyDates(
            registered_on=data.get("registered_on"),
            history_documented_since=data.get("history_documented_since"),
        ),
        has_wcb_account=bool(data.get("has_wcb_account")),
        has_membership=bool(data.get("has_membership")),
        permanent_office_in_province=bool(data.get("permanent_office")),
        holds_secor=bool(data.get("holds_secor")),
        employer_name=data.get("employer_name") or None,
        readings=readings_from_answers(data),
    )


def excluded_summary(evaluation: rules.Evaluation) -> list[dict[str, Any]]:
    """Group the engine's "not counted" people by category: "3 subcontractors: not counted by ACSA …"."""
    labels = {name: label for name, _c, label, _h, _hrs in CATEGORY_FIELDS}
    groups: dict[tuple[str, str], int] = {}
    for excluded in evaluation.eligibility.excluded_people:
        key = excluded.person_id.rsplit("-", 1)[0]
        groups[(labels.get(key, key), excluded.reason)] = (
            groups.get((labels.get(key, key), excluded.reason), 0) + 1
        )
    return [{"label": label, "reason": reason, "count": n} for (label, reason), n in groups.items()]


def run_checker(data: dict[str, Any], as_of: date | None = None) -> dict[str, Any]:
    """Evaluate the answers; the page context for the result."""
    as_of = as_of or timezone.localdate()
    evaluation = provinces.evaluate(scenario_from_answers(data, as_of))
    eligibility = evaluation.eligibility
    if eligibility.eligible:
        tone = "yes"
    elif eligibility.status in (
        rules.EligibilityStatus.PREREQUISITES_MISSING,
        rules.EligibilityStatus.NO_DATA,
    ):
        tone = "maybe"
    else:
        tone = "no"
    province, _, code = data["partner"].partition("/")
    partner = CertifyingPartner.objects.filter(province=province, code=code).first()
    from secor.web.overview import limit_note  # the dashboard's own warning, same words

    return {
        "limit_note": limit_note(eligibility, SimpleNamespace(partner=partner), as_of)
        if partner is not None
        else "",
        "evaluation": evaluation,
        "eligibility": eligibility,
        "tone": tone,
        "partner": partner,
        "excluded": excluded_summary(evaluation),
        "readings": evaluation.readings,
        "differing_readings": [r for r in evaluation.readings if r.others],
        "total_people": sum(int(data.get(name) or 0) for name, *_ in CATEGORY_FIELDS),
    }
