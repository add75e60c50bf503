"""Audit pages of the safety program: citing records as evidence for an audit question, and the evidence
binder PDF. Thin: the audit comes through the audits selectors (tenancy), writes through
:mod:`safety_program.audit_evidence`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from audits import selectors as audit_selectors
from audits.models import Question
from safety_program import audit_evidence
from safety_program.citation_models import CitedRecord
from secor import tenancy
from secor.core.exceptions import ApplicationError


def _back(audit_id: int, question_id: int):
    return redirect(reverse("audits:question", args=[audit_id, question_id]) + "#program-records")


def _refused(request, exc: ApplicationError) -> None:
    for value in (exc.extra or {}).values():
        for text in value if isinstance(value, list) else [value]:
            messages.error(request, f"{exc.message} {text}")


@login_required
@require_POST
def cite(request, pk: int, qid: int):
    audit = audit_selectors.audit_get(user=request.user, pk=pk, write=True)
    q = get_object_or_404(
        Question.objects.select_related("element"), pk=qid, element__instrument=audit.instrument_id
    )
    try:
        record_id = int(request.POST.get("record_id", ""))
    except ValueError:
        messages.error(request, "The record cannot be cited. Choose a record.")
        return _back(audit.pk, q.pk)
    try:
        cited = audit_evidence.cite(
            audit=audit,
            question=q,
            user=request.user,
            record_kind=request.POST.get("record_kind", ""),
            record_id=record_id,
            checklist_item=request.POST.get("checklist_item", ""),
        )
    except ApplicationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, f"Cited for {q.code}: {cited.label}.")
    return _back(audit.pk, q.pk)


@login_required
@require_POST
def uncite(request, cid: int):
    cited = tenancy.get_for_user(
        CitedRecord.objects.select_related("audit"), request.user, write=True, pk=cid
    )
    try:
        audit_evidence.uncite(cited=cited, user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"No longer cited: {cited.label}.")
    return _back(cited.audit_id, cited.question_id)


@login_required
def binder(request, pk: int):
    """The evidence binder PDF (all elements, or ``?element=N`` for one), rendered in the request."""
    from django.http import Http404
    from django.utils.text import slugify

    from safety_program.binder import binder_context
    from secor.reports.pdf import render_pdf
    from secor.reports.views import pdf_response

    audit = audit_selectors.audit_get(user=request.user, pk=pk)
    element = request.GET.get("element")
    try:
        number = int(element) if element else None
    except ValueError as exc:
        raise Http404("No such element.") from exc
    context = binder_context(audit, element_number=number)
    if number is not None and not context["elements"]:
        raise Http404("No such element.")
    data = render_pdf("pdf/evidence_binder.html", context)
    suffix = f"-element-{number}" if number is not None else ""
    return pdf_response(data, f"evidence-binder-{slugify(audit.employer.display_name)}{suffix}.pdf")
