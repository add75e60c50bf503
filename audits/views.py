"""Audit pages: the employer's workspace (plan, answer, evidence, readiness, submit, withdraw, answer notes)
(the reviewer's workspace is in audits/review_views.py). Thin: objects come
through the selectors (tenancy), writes through the services; service errors are shown next to the fields."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from audits import carryover, forms, revision_diff, selectors, services
from audits.models import AuditStatus, AuditTransition, Evidence, Question, ReviewNote
from secor import tenancy
from secor.core.exceptions import ApplicationError
from secor.core.files import serve_file
from secor.employers.models import Employer, Person
from secor.web.current import current_employer


def _people(audit_or_employer_id):
    return Person.objects.filter(employer_id=audit_or_employer_id, deleted_at__isnull=True)


def _question(audit, qid) -> Question:
    return get_object_or_404(
        Question.objects.select_related("element"), pk=qid, element__instrument=audit.instrument_id
    )


# What a service error's keys are about, in words (a page never shows field names).
_ERROR_TOPICS = {
    "ends_on": "Data gathering",
    "starts_on": "Data gathering",
    "answers": "Answers",
    "notes": "Reviewer notes",
    "auditor_person": "Auditor",
    "auditor_type": "Auditor",
    "external_auditor_name": "Auditor",
    "external_auditor_certificate": "Auditor",
    "notice_sent_on": "Notice of Audit Activity",
    "response": "Response",
    "reason": "Reason",
}


def _error_message(request, exc: ApplicationError) -> None:
    """The service's message, then one line per problem, each led by what it is about in words."""
    messages.error(request, exc.message)
    for key, value in (exc.extra or {}).items():
        for text in value if isinstance(value, list) else [value]:
            topic = _ERROR_TOPICS.get(key)
            messages.error(request, f"{topic}: {text}" if topic else str(text))


def _question_order(audit) -> list[int]:
    return list(
        Question.objects.filter(element__instrument=audit.instrument_id)
        .order_by("element__number", "order", "pk")
        .values_list("pk", flat=True)
    )


def _neighbours(audit, q) -> tuple[int | None, int | None]:
    order = _question_order(audit)
    i = order.index(q.pk)
    return (order[i - 1] if i > 0 else None, order[i + 1] if i + 1 < len(order) else None)


# --- employer side ------------------------------------------------------------------------------------------


@login_required
def workspace(request):
    # The employer workspace lists the audits of employers the user works for (reviewers use the queue).
    employers = tenancy.scope(Employer.objects.all(), request.user, write=True).order_by("legal_name")
    audits = selectors.audit_list_for(user=request.user).filter(employer__in=employers.values("pk"))
    current = current_employer(request)
    return render(
        request,
        "audits/workspace.html",
        {"audits": audits[:200], "employers": employers, "current_pk": current.pk if current else None},
    )


@login_required
def create(request):
    employer_id = request.GET.get("employer") or request.POST.get("employer")
    if not employer_id or not str(employer_id).isdigit():
        raise Http404("Choose an employer.")
    employer = tenancy.get_for_user(Employer, request.user, write=True, pk=int(employer_id))
    form = forms.AuditPlanForm(request.POST or None, people=_people(employer.pk))
    if request.method == "POST" and form.is_valid():
        try:
            audit = services.audit_create(user=request.user, employer=employer, **form.cleaned_data)
        except ApplicationError as exc:
            forms.apply_errors(form, exc)
        else:
            messages.success(request, "Audit planned.")
            return redirect("audits:detail", pk=audit.pk)
    return render(request, "audits/plan_form.html", {"form": form, "employer": employer, "audit": None})


@login_required
def plan(request, pk: int):
    audit = selectors.audit_get(user=request.user, pk=pk, write=True)
    initial = {f: getattr(audit, f) for f in services.PLAN_FIELDS}
    form = forms.AuditPlanForm(
        request.POST or None, initial=initial, people=_people(audit.employer_id), with_kind=False
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_update_plan(audit=audit, user=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            forms.apply_errors(form, exc)
        else:
            messages.success(request, "Plan saved.")
            return redirect("audits:detail", pk=audit.pk)
    return render(
        request, "audits/plan_form.html", {"form": form, "employer": audit.employer, "audit": audit}
    )


@login_required
def detail(request, pk: int):
    audit = selectors.audit_get(user=request.user, pk=pk)
    if not tenancy.can_write_employer(request.user, audit.employer_id):
        # A reviewer (read-only on employer data) works in the reviewer workspace.
        return redirect("audits:review", pk=audit.pk)
    return _detail_page(request, audit)


def _detail_page(request, audit, *, responding=None, status: int = 200):
    """The employer's audit page. ``responding`` is a note whose response was refused: its box shows the
    typed text with the error next to it (every other note gets an empty box)."""
    can_edit = audit.is_editable and tenancy.can_write_employer(request.user, audit.employer_id)
    notes = list(
        audit.notes.select_related("question", "revision", "author").order_by("-revision__number", "pk")
    )
    for n in notes:
        n.respond_form = (
            responding.respond_form if responding and n.pk == responding.pk else forms.RespondForm()
        )
        n.can_respond = (
            n.kind == ReviewNote.Kind.ACTIONABLE
            and not n.response
            and audit.status == AuditStatus.CORRECTIONS_REQUESTED
            and n.revision.number == audit.revision_count
        ) or (responding is not None and n.pk == responding.pk)
    return render(
        request,
        "audits/detail.html",
        {
            "audit": audit,
            "state": services.readiness(audit),
            "can_edit": can_edit,
            "notes": notes,
            "revisions": audit.revisions.order_by("-number"),
            "transitions": audit.transitions.select_related("actor").order_by("-at", "-pk")[:50],
            "can_withdraw": audit.status == AuditStatus.SUBMITTED,
            "decision": _last_decision(audit),
            "carry": carryover.offer(audit) if can_edit else None,
        },
        status=status,
    )


_DECISIONS = {
    AuditStatus.CORRECTIONS_REQUESTED: AuditTransition.Action.CORRECTIONS_REQUESTED,
    AuditStatus.REJECTED: AuditTransition.Action.REJECTED,
    AuditStatus.ACCEPTED: AuditTransition.Action.ACCEPTED,
}


def _last_decision(audit) -> AuditTransition | None:
    """The reviewer's decision the audit is in now (with its message), for the employer's audit page."""
    action = _DECISIONS.get(audit.status)
    if action is None:
        return None
    return audit.transitions.filter(action=action).select_related("actor", "revision").order_by("-pk").first()


@login_required
def readiness(request, pk: int):
    audit = selectors.audit_get(user=request.user, pk=pk, write=True)
    return render(request, "audits/readiness.html", {"audit": audit, "state": services.readiness(audit)})


@login_required
def question(request, pk: int, qid: int):
    audit = selectors.audit_get(user=request.user, pk=pk, write=True)
    q = _question(audit, qid)
    if request.method == "POST":
        return _save_question(request, audit, q, upload=False)
    return _question_page(request, audit, q, _answer_form(audit, q), forms.EvidenceForm(question=q))


@login_required
@require_POST
def evidence_upload(request, pk: int, qid: int):
    audit = selectors.audit_get(user=request.user, pk=pk, write=True)
    return _save_question(request, audit, _question(audit, qid), upload=True)


def _save_question(request, audit, q, *, upload: bool):
    """The question page is one form: "Save answer" and "Upload" both send the answer and the evidence
    fields, and what they save is saved together or not at all. On any error (a refused file, a score out of
    range) the page comes back with every typed value and the error next to its field; nothing is stored,
    so the saved answer is never erased. A request without the answer's fields leaves the answer alone."""
    answer_posted = any(name in request.POST for name in ("score", "notes", "interviews_total"))
    form = _answer_form(audit, q, request.POST if answer_posted else None)
    attach = upload or bool(request.FILES.get("file")) or bool(request.POST.get("description", "").strip())
    if attach:
        evidence_form = forms.EvidenceForm(request.POST, request.FILES, question=q)
    else:
        typed = {k: request.POST.get(k, "") for k in ("method", "checklist_item", "description")}
        evidence_form = forms.EvidenceForm(initial=typed, question=q)
    valid = (form.is_valid() or not answer_posted) & (evidence_form.is_valid() if attach else True)
    saved_answer = failed = False
    if valid:
        with transaction.atomic():
            if answer_posted and (not upload or form.has_changed()):
                try:
                    services.answer_save(audit=audit, question=q, user=request.user, **form.cleaned_data)
                    saved_answer = True
                except ApplicationError as exc:
                    forms.apply_errors(form, exc)
                    failed = True
            if attach and not failed:
                try:
                    services.evidence_add(
                        audit=audit, question=q, user=request.user, **evidence_form.cleaned_data
                    )
                except ApplicationError as exc:
                    forms.apply_errors(evidence_form, exc)
                    failed = True
            if failed:
                transaction.set_rollback(True)
    if not valid or failed:
        return _question_page(request, audit, q, form, evidence_form, status=400)
    if saved_answer:
        messages.success(request, f"Answer {q.code} saved.")
    if attach:
        messages.success(request, "Evidence attached.")
    # Stay on the question (or move on with "Save and next"), never back to the overview.
    _, following = _neighbours(audit, q)
    if request.POST.get("next") and following:
        return redirect("audits:question", pk=audit.pk, qid=following)
    return redirect("audits:question", pk=audit.pk, qid=q.pk)


def _answer_form(audit, q, data=None) -> forms.AnswerForm:
    """The answer form of one question: what was typed when ``data`` is given, else the stored answer.

    Every page showing the question builds it here, so an error elsewhere on the page (a rejected upload)
    never shows the answer empty, and the next "Save answer" cannot erase it."""
    answer = audit.answers.filter(question=q).first()
    initial = {}
    if answer:
        initial = {
            "score": answer.score,
            "notes": answer.notes,
            "interviews_total": answer.interviews_total,
            "interviews_positive": answer.interviews_positive,
        }
    return forms.AnswerForm(data, initial=initial, question=q)


def _question_page(request, audit, q, form, evidence_form, status=200):
    evidence = audit.evidence.filter(question=q).order_by("uploaded_at")
    notes = audit.notes.filter(question=q).select_related("revision", "author")
    previous_id, next_id = _neighbours(audit, q)
    from safety_program.audit_evidence import checklist  # program records as evidence (issue 11)

    return render(
        request,
        "audits/question.html",
        {
            "audit": audit,
            "question": q,
            "form": form,
            "evidence_form": evidence_form,
            "evidence": evidence,
            "records": checklist(audit, q),
            "notes": notes,
            "can_edit": audit.is_editable,
            "previous_id": previous_id,
            "next_id": next_id,
            "carried": audit.answers.filter(question=q).exclude(carry_state="").first(),
        },
        status=status,
    )


@login_required
@require_POST
def evidence_remove(request, eid: int):
    evidence = tenancy.get_for_user(
        Evidence.objects.select_related("audit"), request.user, write=True, pk=eid
    )
    try:
        services.evidence_remove(evidence=evidence, user=request.user)
    except ApplicationError as exc:
        _error_message(request, exc)
    return redirect("audits:question", pk=evidence.audit_id, qid=evidence.question_id)


@login_required
def evidence_download(request, eid: int):
    """Serve an evidence file to someone who can see it (never from a public URL)."""
    evidence = selectors.evidence_get(user=request.user, pk=eid)
    return serve_file(evidence.file, download_name=evidence.original_name or "evidence")


@login_required
@require_POST
def submit(request, pk: int):
    audit = selectors.audit_get(user=request.user, pk=pk, write=True)
    try:
        revision = services.audit_submit(audit=audit, user=request.user)
    except ApplicationError as exc:
        _error_message(request, exc)
        return redirect("audits:readiness", pk=audit.pk)
    messages.success(request, f"Revision {revision.number} submitted to {audit.partner.name}.")
    return redirect("audits:detail", pk=audit.pk)


@login_required
@require_POST
def withdraw(request, pk: int):
    audit = selectors.audit_get(user=request.user, pk=pk, write=True)
    form = forms.WithdrawForm(request.POST)
    form.is_valid()
    try:
        services.audit_withdraw(audit=audit, user=request.user, reason=form.cleaned_data.get("reason", ""))
    except ApplicationError as exc:
        _error_message(request, exc)
    else:
        messages.success(request, "Submission withdrawn; the audit is a draft again.")
    return redirect("audits:detail", pk=audit.pk)


@login_required
@require_POST
def note_respond(request, nid: int):
    note = tenancy.get_for_user(
        ReviewNote.objects.select_related("audit", "revision"), request.user, write=True, pk=nid
    )
    form = forms.RespondForm(request.POST)
    if form.is_valid():
        try:
            services.note_respond(note=note, user=request.user, response=form.cleaned_data["response"])
        except ApplicationError as exc:
            forms.apply_errors(form, exc)
        else:
            messages.success(request, "Response sent.")
            return redirect(reverse("audits:detail", args=[note.audit_id]) + f"#note-{note.pk}")
    # Refused: the page again, with the typed response and the error next to its box.
    note.respond_form = form
    audit = selectors.audit_get(user=request.user, pk=note.audit_id)
    return _detail_page(request, audit, responding=note, status=400)


@login_required
def revision(request, pk: int, number: int):
    audit = selectors.audit_get(user=request.user, pk=pk)
    rev = selectors.revision_get(user=request.user, audit=audit, number=number)
    return render(request, "audits/revision.html", _revision_context(audit, rev))


def _revision_context(audit, rev) -> dict:
    """What a revision page shows: the snapshot's answers by element, with the review notes of that revision,
    and what changed since the previous revision (see :mod:`audits.revision_diff`)."""
    notes_by_q: dict = {}
    for n in audit.notes.filter(revision=rev).select_related("author", "question"):
        notes_by_q.setdefault(n.question_id, []).append(n)
    previous = (
        audit.revisions.filter(number=rev.number - 1).only("snapshot", "number").first()
        if rev.number > 1
        else None
    )
    diff = revision_diff.compare(previous.snapshot if previous else None, rev.snapshot)
    evidence_ids = [e["id"] for e in rev.snapshot["evidence"]]
    evidence_by_q: dict = {}
    for e in rev.snapshot["evidence"]:
        evidence_by_q.setdefault(e["question_id"], []).append(e)
    records_by_q: dict = {}  # program records cited, frozen with their checksums (issue 11)
    for r in rev.snapshot.get("records", []):
        records_by_q.setdefault(r["question_id"], []).append(r)
    order = [a["question_id"] for a in rev.snapshot["answers"]]
    neighbours = {
        qid: (order[i - 1] if i > 0 else None, order[i + 1] if i + 1 < len(order) else None)
        for i, qid in enumerate(order)
    }
    elements = []
    by_element: dict = {}
    for a in rev.snapshot["answers"]:
        qid = a["question_id"]
        a = {
            **a,
            "evidence": evidence_by_q.get(qid, []),
            "records": records_by_q.get(qid, []),
            "review_notes": notes_by_q.get(qid, []),
            "change": diff.answers.get(qid),
            "previous_id": neighbours[qid][0],
            "next_id": neighbours[qid][1],
        }
        by_element.setdefault(a["element"], []).append(a)
    for e in rev.snapshot["scores"]["elements"]:
        elements.append({**e, "answers": by_element.get(e["number"], [])})
    return {
        "audit": audit,
        "revision": rev,
        "previous_revision": previous,
        "diff": diff,
        "elements": elements,
        "general_notes": notes_by_q.get(None, []),
        "scores": rev.snapshot["scores"],
        "evidence_ids": evidence_ids,
        "intact": rev.verify(),
    }


@login_required
@require_POST
def carry_over(request, pk: int):
    """Start this maintenance/recertification draft from the last accepted audit (audits/carryover.py)."""
    audit = selectors.audit_get(user=request.user, pk=pk, write=True)
    try:
        report = carryover.carry_over(audit=audit, user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"{len(report['carried'])} answers carried over from {report['from_year']}: confirm or update "
            "each before submitting.",
        )
    return redirect("audits:detail", pk=audit.pk)
