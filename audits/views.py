"""Audit pages: the employer's workspace (plan, answer, evidence, readiness, submit, withdraw, answer notes)
and the reviewer's workspace (queue, submission, notes, corrections, accept/reject). Thin: objects come
through the selectors (tenancy), writes through the services; service errors are shown next to the fields."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
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
    can_edit = audit.is_editable and tenancy.can_write_employer(request.user, audit.employer_id)
    if not tenancy.can_write_employer(request.user, audit.employer_id):
        # A reviewer (read-only on employer data) works in the reviewer workspace.
        return redirect("audits:review", pk=audit.pk)
    state = services.readiness(audit)
    notes = audit.notes.select_related("question", "revision", "author").order_by("-revision__number", "pk")
    decision = _last_decision(audit)
    return render(
        request,
        "audits/detail.html",
        {
            "audit": audit,
            "state": state,
            "can_edit": can_edit,
            "notes": notes,
            "revisions": audit.revisions.order_by("-number"),
            "transitions": audit.transitions.select_related("actor").order_by("-at", "-pk")[:50],
            "can_withdraw": audit.status == AuditStatus.SUBMITTED,
            "respond_form": forms.RespondForm(),
            "decision": decision,
            "carry": carryover.offer(audit) if can_edit else None,
        },
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
    form = _answer_form(audit, q, request.POST or None)
    evidence_form = forms.EvidenceForm(question=q)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_save(audit=audit, question=q, user=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            forms.apply_errors(form, exc)
        else:
            messages.success(request, f"Answer {q.code} saved.")
            # Stay on the question (or move on with "Save and next"), never back to the overview.
            _, following = _neighbours(audit, q)
            if request.POST.get("next") and following:
                return redirect("audits:question", pk=audit.pk, qid=following)
            return redirect("audits:question", pk=audit.pk, qid=q.pk)
    return _question_page(request, audit, q, form, evidence_form)


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
def evidence_upload(request, pk: int, qid: int):
    audit = selectors.audit_get(user=request.user, pk=pk, write=True)
    q = _question(audit, qid)
    evidence_form = forms.EvidenceForm(request.POST, request.FILES, question=q)
    if evidence_form.is_valid():
        try:
            services.evidence_add(audit=audit, question=q, user=request.user, **evidence_form.cleaned_data)
        except ApplicationError as exc:
            forms.apply_errors(evidence_form, exc)
        else:
            messages.success(request, "Evidence attached.")
            return redirect("audits:question", pk=audit.pk, qid=q.pk)
    return _question_page(request, audit, q, _answer_form(audit, q), evidence_form, status=400)


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
            _error_message(request, exc)
    else:
        messages.error(request, "Write a response.")
    return redirect("audits:detail", pk=note.audit_id)


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


# --- reviewer side ------------------------------------------------------------------------------------------


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
