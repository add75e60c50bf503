"""The one place raw codes become words people read: ``full_time_permanent`` → "Full-time permanent",
``is_assessor`` → "Assessor", ``in_review`` → "In review", ``GO2HR`` → "go2HR".

Pages, e-mails, calendar feeds and PDFs show codes only through :func:`label` (the ``label`` template
filter, a builtin) and error texts through :func:`human_errors`. The words come from the models' own
choices (one source of truth), the partner catalogue, and a short list of field and engine codes below.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

# Field names that can reach a page (import previews, error messages) and engine codes without a model.
FIELDS: dict[str, str] = {
    "is_assessor": "Assessor",
    "is_safety_champion": "Safety champion",
    "is_owner": "Owner",
    "course_code": "Course",
    "course": "Course",
    "person": "Person",
    "first_name": "First name",
    "last_name": "Last name",
    "job_title": "Job title",
    "category": "Category",
    "hours_per_week": "Hours per week",
    "start_date": "Start date",
    "end_date": "End date",
    "completed_on": "Completed on",
    "expires_on": "Expires on",
    "starts_on": "Data gathering starts on",
    "ends_on": "Data gathering ends on",
    "notice_sent_on": "Notice of Audit Activity sent on",
    "auditor_person": "Internal auditor",
    "answers": "Answers",
    "email": "E-mail",
    "province": "Province",
    "partner": "Certifying partner",
    "partner_code": "Certifying partner",
    "wcb_account": "WCB account",
    "industry_code": "WCB industry code",
    "rag": "Mark",
    "days_left": "Days left",
    "next_deadline": "Next deadline",
    "readiness": "Readiness",
    "risk": "Risk",
    "name": "Name",
    "status": "Status",
    "__all__": "",
    "non_field_errors": "",
    # engine states
    "eligible": "Eligible",
    "not_eligible": "Not eligible",
    "outgrown": "Outgrown",
    "todo": "To do",
    "done": "Done",
    "blocked": "Blocked",
    "not_applicable": "Not needed",
    "no_data": "Not enough information",
    "prerequisites_missing": "Something is missing first",
    "over_threshold": "Over the limit",
    "fte_payroll": "Full-time equivalents",
    "any_given_time": "At any one time",
}
RAG = {"red": "Needs action", "amber": "Watch", "green": "On track", "grey": "No data"}


@cache
def _choices() -> dict[str, str]:
    from django.apps import apps

    words: dict[str, str] = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, text in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str) and value and value not in words:
                    words[value] = str(text)
    return words


# Partner codes that are not how the partner writes its name.
PARTNERS = {"GO2HR": "go2HR", "AGSAFE": "AgSafe BC", "MSABC": "MSABC"}


def _partners() -> dict[str, str]:
    return PARTNERS


def partner_display(partner: Any) -> str:
    """ "Alberta Construction Safety Association (ACSA)", "go2HR": the name, with the short form when it adds
    something. A partner object or a snapshot's mapping (``{"code": …, "name": …}``) alike."""
    if isinstance(partner, Mapping):
        name, code = str(partner.get("name") or ""), str(partner.get("code") or "")
    else:
        name = getattr(partner, "name", "") or ""
        code = getattr(partner, "code", "") or ""
    short = partner_name(code)
    if not name:
        return short
    if not short or short.lower() == name.lower() or short.lower() in name.lower():
        return name
    return f"{name} ({short})"


def partner_name(code: str | None) -> str:
    """A partner as people write it ("go2HR", "ACSA")."""
    if not code:
        return ""
    return _partners().get(code, code)


def label(code: Any) -> str:
    """Words for a code. Unknown codes read as a sentence ("some_code" → "Some code"), never raw."""
    if code is None:
        return ""
    if isinstance(code, bool):
        return "Yes" if code else "No"
    key = str(code)
    if key in FIELDS:
        return FIELDS[key]
    if key in RAG:
        return RAG[key]
    partners = _partners()
    if key in partners:
        return partners[key]
    choices = _choices()
    if key in choices:
        return choices[key]
    if key.isupper() or not key.replace("_", "").isalpha():
        return key.replace("_", " ")
    text = key.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def value_text(value: Any) -> str:
    """A stored value as people read it (booleans as Yes/No, codes as words, numbers as they are)."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str) and value and "_" in value and value.replace("_", "").isalpha():
        return label(value)
    if isinstance(value, str) and value in _choices() and value.islower():
        return label(value)
    return "" if value is None else str(value)


def _sentence(text: str) -> str:
    text = str(text).strip()
    if not text:
        return ""
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _question_problems(value: Any) -> str:
    if isinstance(value, Mapping):
        items = [f"{k} ({v})" for k, v in value.items()]
    else:
        items = []
        for part in str(value).split("; "):
            code, _, problem = part.partition(": ")
            items.append(f"{code} ({problem})" if problem else code)
    return "Questions not ready yet: " + ", ".join(items) + "."


def human_errors(errors: Mapping[str, Any] | Iterable[Any] | str | None) -> list[str]:
    """Service errors (``{"ends_on": "…", "answers": "6.1: not answered; 6.2: …"}``) as sentences people
    read: "Data gathering ends on: enter the last day…", "Questions not ready yet: 6.1 (not answered)…"."""
    if not errors:
        return []
    if isinstance(errors, str):
        return [_sentence(errors)]
    out: list[str] = []
    if isinstance(errors, Mapping):
        for field, messages in errors.items():
            if field in ("answers", "questions"):
                out.append(_question_problems(messages))
                continue
            name = label(field)
            seq = messages if isinstance(messages, list | tuple) else [messages]
            for m in seq:
                text = _sentence(str(m))
                out.append(f"{name}: {text[:1].lower() + text[1:]}" if name else text)
        return out
    return [_sentence(str(e)) for e in errors]
