"""The reviewer's workspace: the queue (open, decided, all; searched and filtered), one submission with its
revision differences, assignment, notes, and the decisions (corrections, accept, reject). Thin like
:mod:`audits.views`: reads through the selectors, writes through the services, errors next to their field."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from audits import forms, selectors, services
from audits.models import Audit, AuditStatus
from audits.views import _revision_context
from secor.changes.selectors import changes_since
from secor.core.exceptions import ApplicationError


def _require_reviewer(user):
    if not (user.is_staff or user.reviewer_partner_id):
        raise PermissionDenied("The review workspace is for certifying-partner reviewers.")


QUEUE_PAGE_SIZE = 50


@login_required
def review_queue(request):
    """The reviewer workspace: open, decided or all submissions, searched and filtered, 50 a page."""
    _require_reviewer(request.user)
    form = forms.QueueFilterForm(
        request.GET or None, initial={"view": "open"}, statuses=selectors.REVIEW_STATUSES
    )
    filters: dict = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    elif form.is_bound:
        # Keep the filters that are valid; the bad ones are shown next to their field.
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "") and k not in form.errors}
    view = filters.pop("view", "open")
    if request.GET.get("mine"):  # the old "Assigned to me" link
        filters.setdefault("assigned", "me")
    assigned = filters.pop("assigned", "")
    queue = selectors.review_queue_for(
        user=request.user,
        view=view,
        assigned_to=request.user if assigned == "me" else None,
        unassigned=assigned == "none",
        **filters,
    )
    page = Paginator(queue, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    view_params = params.copy()
    view_params.pop("view", None)
    view_params.pop("status", None)
    return render(
        request,
        "audits/review_queue.html",
        {
            "form": form,
            "page": page,
            "view": view,
            "views": forms.QueueFilterForm.VIEWS,
            "query": params.urlencode(),
            "view_query": view_params.urlencode(),
            "filtered": bool(filters) or bool(assigned),
            "dated": any(k.endswith(("_from", "_to")) for k in filters)
            or any(f.endswith(("_from", "_to")) for f in form.errors),
        },
    )


def _reviewers(audit):
    from secor.accounts.models import User

    return User.objects.filter(reviewer_partner_id=audit.partner_id, is_active=True).order_by("email")


def _previous_accepted(audit):
    """The employer's accepted audit decided before this one (business changes since it are listed)."""
    qs = Audit.objects.filter(employer_id=audit.employer_id, status=AuditStatus.ACCEPTED).exclude(pk=audit.pk)
    if audit.decided_at is not None:
        qs = qs.filter(decided_at__lt=audit.decided_at)
    return qs.order_by("-decided_at", "-pk").only("pk", "kind", "decided_at", "starts_on").first()


@login_required
def review(request, pk: int, forms_override: dict | None = None, status: int = 200):
    _require_reviewer(request.user)
    audit = selectors.audit_get(user=request.user, pk=pk)
    if not (request.user.is_staff or audit.partner_id == request.user.reviewer_partner_id):
        raise Http404("No audit matches the given query.")
    rev = audit.latest_revision
    if rev is None:
        raise Http404("Nothing was submitted.")
    context = _revision_context(audit, rev)
    previous = _previous_accepted(audit)
    context["previous_accepted"] = previous
    context["changes"] = changes_since(
        audit.employer_id, request.user, previous.decided_at if previous else None
    )
    f = forms_override or {}
    context.update(
        {
            "assign_form": f.get("assign")
            or forms.AssignForm(
                reviewers=_reviewers(audit), initial={"reviewer": audit.assigned_reviewer_id}
            ),
            "note_form": f.get("note") or forms.NoteForm(),
            "note_error_qid": _note_error_question(f.get("note")),
            "general_note_form": f.get("note")
            if f.get("note") is not None and _note_error_question(f.get("note")) is None
            else forms.NoteForm(),
            "accept_form": f.get("accept") or forms.AcceptForm(),
            "reject_form": f.get("reject") or forms.ReasonForm(),
            "corrections_form": f.get("corrections") or forms.MessageForm(),
            "transitions": audit.transitions.select_related("actor", "revision").order_by("at", "pk"),
            "revisions": audit.revisions.order_by("-number"),
            "in_review": audit.status == AuditStatus.IN_REVIEW,
            "pending": audit.status == AuditStatus.SUBMITTED,
            "open": audit.status
            in (AuditStatus.SUBMITTED, AuditStatus.IN_REVIEW, AuditStatus.CORRECTIONS_REQUESTED),
        }
    )
    return render(request, "audits/review.html", context, status=status)


def _note_error_question(form) -> int | None:
    """The question a rejected note was about: its errors are shown in that question's row."""
    if form is None or not form.is_bound:
        return None
    raw = form.data.get("question") or ""
    return int(raw) if str(raw).isdigit() else None


def _review_action(request, pk: int, name: str, form, call, *, done: str = "", anchor: str = ""):
    _require_reviewer(request.user)
    audit = selectors.audit_get(user=request.user, pk=pk)
    if form.is_valid():
        try:
            call(audit, form.cleaned_data)
        except ApplicationError as exc:
            forms.apply_errors(form, exc)
        else:
            if done:
                messages.success(request, done)
            return redirect(reverse("audits:review", args=[audit.pk]) + anchor)
    return review(request, pk, forms_override={name: form}, status=400)


@login_required
@require_POST
def review_assign(request, pk: int):
    audit = selectors.audit_get(user=request.user, pk=pk)
    form = forms.AssignForm(request.POST, reviewers=_reviewers(audit))
    return _review_action(
        request,
        pk,
        "assign",
        form,
        lambda a, d: services.review_assign(audit=a, reviewer=d["reviewer"], by=request.user),
    )


@login_required
@require_POST
def review_start(request, pk: int):
    return _review_action(
        request,
        pk,
        "start",
        forms.forms.Form({}),
        lambda a, d: services.review_start(audit=a, by=request.user),
    )


@login_required
@require_POST
def review_note(request, pk: int):
    form = forms.NoteForm(request.POST)
    qid = _note_error_question(form)
    return _review_action(
        request,
        pk,
        "note",
        form,
        lambda a, d: services.review_add_note(audit=a, by=request.user, **d),
        done="Note added.",
        anchor=f"#rq-{qid}" if qid else "#general-note",
    )


@login_required
@require_POST
def review_corrections(request, pk: int):
    return _review_action(
        request,
        pk,
        "corrections",
        forms.MessageForm(request.POST),
        lambda a, d: services.review_request_corrections(
            audit=a, by=request.user, message=d.get("reason", ""), answer_by=d.get("answer_by")
        ),
        done="Corrections requested; the employer has been told.",
    )


@login_required
@require_POST
def review_accept(request, pk: int):
    return _review_action(
        request,
        pk,
        "accept",
        forms.AcceptForm(request.POST),
        lambda a, d: services.review_accept(audit=a, by=request.user, qa_score=d.get("qa_score")),
        done="Accepted; the employer has been told.",
    )


@login_required
@require_POST
def review_reject(request, pk: int):
    return _review_action(
        request,
        pk,
        "reject",
        forms.ReasonForm(request.POST),
        lambda a, d: services.review_reject(audit=a, by=request.user, reason=d["reason"]),
        done="Rejected; the employer has been told.",
    )
