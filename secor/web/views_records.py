"""Records pages for the current employer: people, training records (with certificate upload), WCB accounts,
partner memberships, the enrolment's key dates, and the CSV import with preview.

Every object is fetched through :mod:`secor.tenancy` *and* checked to belong to the current employer, so an
id from another employer (even one the user may see) is a 404 on these pages. Writes need write access
(reviewers get a 403)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from secor import tenancy
from secor.core.exceptions import ApplicationError
from secor.core.redirects import safe_next, safe_redirect_target
from secor.employers.models import Enrolment, Membership, Person, WCBAccount
from secor.web.forms import (
    EnrolmentForm,
    ImportForm,
    MembershipForm,
    PersonForm,
    TrainingRecordForm,
    WCBAccountForm,
)
from secor.web.views import employer_required
from training.models import TrainingRecord


def _require_write(request: HttpRequest, employer) -> None:
    if not tenancy.can_write_employer(request.user, employer.pk):
        raise PermissionDenied("You can view this employer's records but not change them.")


def _own(queryset, request: HttpRequest, employer, *, write: bool, **lookup):
    """One object of the current employer, through the tenancy scope (404 otherwise, 403 if read-only)."""
    path = queryset.model.tenant_path
    return tenancy.get_for_user(queryset.filter(**{path: employer}), request.user, write=write, **lookup)


# ---- people ------------------------------------------------------------------------------------------------


@employer_required
def people(request: HttpRequest, employer) -> HttpResponse:
    records = (
        TrainingRecord.objects.filter(deleted_at__isnull=True)
        .select_related("course")
        .order_by("-completed_on")
    )
    people_qs = (
        tenancy.scope(Person.objects.filter(employer=employer), request.user)
        .select_related("wcb_account")
        .prefetch_related(Prefetch("training_records", queryset=records, to_attr="current_records"))
        .order_by("end_date", "last_name", "first_name")
    )
    show_former = request.GET.get("former") == "1"
    query = (request.GET.get("q") or "").strip()[:100]
    if query:
        people_qs = people_qs.filter(
            Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(job_title__icontains=query)
            | Q(email__icontains=query)
        )
    sort = request.GET.get("sort") if request.GET.get("sort") in PEOPLE_SORTS else "name"
    people_qs = people_qs.order_by(*PEOPLE_SORTS[sort])
    rows = list(people_qs)
    from django.utils import timezone

    today = timezone.localdate()
    if request.GET.get("format") == "csv":
        return _people_csv(employer, rows, today)
    current = [p for p in rows if p.end_date is None or p.end_date > today]
    former = [p for p in rows if p not in current]
    deleted = []
    if tenancy.is_employer_admin(request.user, employer.pk):
        from secor.employers.restore import deleted_for_employer

        deleted = list(deleted_for_employer(employer=employer)["people"][:20])
    return render(
        request,
        "records/people.html",
        {
            "employer": employer,
            "people": current,
            "former": former if show_former else [],
            "former_count": len(former),
            "deleted": deleted,
            "can_write": tenancy.can_write_employer(request.user, employer.pk),
            "query": query,
            "sort": sort,
        },
    )


# Sort keys of the people list (the column a person clicks → the ordering).
PEOPLE_SORTS = {
    "name": ("last_name", "first_name", "pk"),
    "category": ("category", "last_name", "first_name", "pk"),
    "started": ("start_date", "last_name", "pk"),
    "-started": ("-start_date", "last_name", "pk"),
}


def _people_csv(employer, rows, today) -> HttpResponse:
    """The people list as a spreadsheet, in the import's own columns (a round trip works), with words for
    categories in an extra column for people reading it."""
    import csv

    from django.utils.text import slugify

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="people-{slugify(employer.display_name)}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "first_name",
            "last_name",
            "email",
            "job_title",
            "category",
            "hours_per_week",
            "province",
            "start_date",
            "end_date",
            "is_assessor",
            "is_safety_champion",
            "category (words)",
            "training",
        ]
    )
    for p in rows:
        writer.writerow(
            [
                p.first_name,
                p.last_name,
                p.email,
                p.job_title,
                p.category,
                p.hours_per_week if p.hours_per_week is not None else "",
                p.province,
                p.start_date.isoformat() if p.start_date else "",
                p.end_date.isoformat() if p.end_date else "",
                "yes" if p.is_assessor else "no",
                "yes" if p.is_safety_champion else "no",
                p.get_category_display(),
                "; ".join(f"{r.course.name} {r.completed_on:%Y-%m-%d}" for r in p.current_records),
            ]
        )
    return response


@employer_required
def person_edit(request: HttpRequest, employer, pk: int | None = None) -> HttpResponse:
    _require_write(request, employer)
    person = _own(Person.objects.all(), request, employer, write=True, pk=pk) if pk else None
    form = PersonForm(request.POST or None, instance=person, employer=employer)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"{saved.full_name} is saved.")
        if person is None and request.POST.get("then") == "training":
            return redirect("web:training_new", person_pk=saved.pk)
        return redirect("web:people")
    return render(request, "records/person_form.html", {"form": form, "person": person, "employer": employer})


@employer_required
@require_http_methods(["GET", "POST"])
def person_delete(request: HttpRequest, employer, pk: int) -> HttpResponse:
    """GET asks for confirmation (a page, so it works without JavaScript); POST removes."""
    from secor.employers.restore import soft_delete

    person = _own(Person.objects.all(), request, employer, write=True, pk=pk)
    if request.method == "GET":
        return render(request, "records/person_delete.html", {"person": person, "employer": employer})
    soft_delete(obj=person, user=request.user)
    messages.success(
        request,
        f"{person.full_name} was removed. If they left, edit their end date instead: "
        "that keeps their history.",
    )
    return redirect("web:people")


@employer_required
@require_POST
def person_restore(request: HttpRequest, employer, pk: int) -> HttpResponse:
    """Bring back a person removed by mistake (employer admins and site staff; secor.employers.restore)."""
    from secor.employers.restore import get_deleted_for_admin, restore

    person = get_deleted_for_admin(Person, request.user, pk)
    if person.employer_id != employer.pk:
        raise Http404("No person matches the given query.")
    try:
        restore(obj=person, user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{person.full_name} is back, with their training and history.")
    return redirect("web:people")


# ---- training ----------------------------------------------------------------------------------------------


def _partners(employer):
    partners = [e.partner for e in employer.enrolments.select_related("partner")]
    partners += [m.partner for m in employer.partner_memberships.select_related("partner")]
    return list({p.pk: p for p in partners}.values())


@employer_required
def training_edit(
    request: HttpRequest, employer, pk: int | None = None, person_pk: int | None = None
) -> HttpResponse:
    """Add (``person_pk``) or edit (``pk``) a training record, with an optional certificate file. The record
    and its file are saved together: a refused file leaves no record behind."""
    _require_write(request, employer)
    if pk:
        record = _own(TrainingRecord.objects.select_related("person"), request, employer, write=True, pk=pk)
        person = record.person
    else:
        record = None
        person = _own(Person.objects.all(), request, employer, write=True, pk=person_pk)
    form = TrainingRecordForm(
        request.POST or None,
        request.FILES or None,
        instance=record,
        person=person,
        partners=_partners(employer),
    )
    if request.method == "POST" and form.is_valid():
        from secor.core.files import attach_certificate

        try:
            with transaction.atomic():
                saved = form.save()
                if form.cleaned_data.get("certificate"):
                    attach_certificate(
                        record=saved, upload=form.cleaned_data["certificate"], user=request.user
                    )
        except ValidationError as exc:
            form.add_error("certificate", exc.messages)
        else:
            messages.success(request, f"{saved.course.name} for {person.full_name} is saved.")
            return redirect(safe_next(request, "web:people"))
    return render(
        request,
        "records/training_form.html",
        {
            "form": form,
            "record": record,
            "person": person,
            "employer": employer,
            "next": safe_redirect_target(request, request.GET.get("next"), ""),
        },
    )


@employer_required
@require_POST
def training_delete(request: HttpRequest, employer, pk: int) -> HttpResponse:
    from training.services import training_record_delete

    record = _own(
        TrainingRecord.objects.select_related("person", "course"), request, employer, write=True, pk=pk
    )
    training_record_delete(record=record, user=request.user)
    messages.success(request, f"{record.course.name} for {record.person.full_name} was removed.")
    return redirect("web:people")


# ---- WCB accounts, memberships, enrolment ------------------------------------------------------------------


@employer_required
def accounts(request: HttpRequest, employer) -> HttpResponse:
    return render(
        request,
        "records/accounts.html",
        {
            "employer": employer,
            "wcb_accounts": tenancy.scope(WCBAccount.objects.filter(employer=employer), request.user),
            "memberships": tenancy.scope(
                Membership.objects.filter(employer=employer).select_related("partner"), request.user
            ),
            "enrolments": tenancy.scope(
                Enrolment.objects.filter(employer=employer).select_related("partner"), request.user
            ).prefetch_related("declarations"),
            "can_write": tenancy.can_write_employer(request.user, employer.pk),
        },
    )


def _simple_edit(request, employer, *, model, form_class, pk, template, noun):
    _require_write(request, employer)
    instance = _own(model.objects.all(), request, employer, write=True, pk=pk) if pk else None
    form = form_class(request.POST or None, instance=instance, employer=employer)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"The {noun} is saved.")
        return redirect("web:accounts")
    return render(request, template, {"form": form, "instance": instance, "employer": employer, "noun": noun})


@employer_required
def wcb_edit(request: HttpRequest, employer, pk: int | None = None) -> HttpResponse:
    return _simple_edit(
        request,
        employer,
        model=WCBAccount,
        form_class=WCBAccountForm,
        pk=pk,
        template="records/simple_form.html",
        noun="WCB account",
    )


@employer_required
def membership_edit(request: HttpRequest, employer, pk: int | None = None) -> HttpResponse:
    return _simple_edit(
        request,
        employer,
        model=Membership,
        form_class=MembershipForm,
        pk=pk,
        template="records/simple_form.html",
        noun="partner membership",
    )


@employer_required
def enrolment_edit(request: HttpRequest, employer) -> HttpResponse:
    from secor.employers.evaluation import current_enrolment

    enrolment = current_enrolment(employer)
    pk = enrolment.pk if enrolment else None
    return _simple_edit(
        request,
        employer,
        model=Enrolment,
        form_class=EnrolmentForm,
        pk=pk,
        template="records/simple_form.html",
        noun="program enrolment",
    )


# ---- CSV import --------------------------------------------------------------------------------------------

IMPORT_SESSION_KEY = "pending_import"


@employer_required
def import_page(request: HttpRequest, employer) -> HttpResponse:
    """Step 1 (POST with a file): preview every row with its errors; the file waits in storage.
    Step 2 (POST ``confirm``): commit exactly the previewed file (all rows or none)."""
    from secor.employers import importing
    from secor.web.import_flow import handle_import

    _require_write(request, employer)
    form = ImportForm(request.POST or None, request.FILES or None)

    def preview_file(data, cleaned):
        kind = cleaned["kind"]
        return importing.preview_import(kind=kind, employer=employer, data=data), {"kind": kind}

    def done(pending, result):
        noun = "people" if pending["kind"] == "people" else "training records"
        return f"Imported {len(result.created_ids)} {noun}.", "web:people"

    response, preview = handle_import(
        request,
        employer,
        form,
        session_key=IMPORT_SESSION_KEY,
        page="web:import",
        preview=preview_file,
        commit=lambda data, pending: importing.commit_import(
            kind=pending["kind"], employer=employer, data=data, token=pending["token"], user=request.user
        ),
        done=done,
    )
    if response is not None:
        return response
    columns = {kind: importing.COLUMNS[kind] for kind in importing.COLUMNS}
    return render(
        request,
        "records/import.html",
        {"form": form, "preview": preview, "employer": employer, "columns": columns},
    )
