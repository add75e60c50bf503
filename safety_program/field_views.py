"""Phone field pages: a meeting with its attendance, a field-level hazard assessment signed by the crew, an
incident or near-miss report (with a camera photo), an emergency drill, an orientation or competency
verification of a worker, the saved record, and the schedule page. Like the
inspection form: large targets, no sideways scroll at 390 px, the draft kept in the browser
(``static/js/program-draft.js``) until the saved record's page loads; bad input re-shows the form with the
messages next to the fields and nothing written (the photo is checked before anything is saved)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from safety_program import field_forms, services
from safety_program import models as m
from secor import tenancy
from secor.core.uploads import validate_upload
from secor.employers.models import Employer
from secor.web.views import employer_required

# url kind -> (form, model, title, draft key)
PAGES = {
    "meetings": (field_forms.MeetingForm, m.SafetyMeeting, "Safety meeting or toolbox talk", "meeting"),
    "hazards": (field_forms.FieldHazardForm, m.HazardAssessment, "Field-level hazard assessment", "hazard"),
    "incidents": (field_forms.IncidentForm, m.Incident, "Incident or near-miss report", "incident"),
    "drills": (field_forms.DrillForm, m.EmergencyDrill, "Emergency drill", "drill"),
    "verifications": (
        field_forms.VerificationForm,
        m.CompetencyVerification,
        "Orientation or competency verification",
        "verification",
    ),
}

EXTRA_RELATED = {"drills": ("plan",), "verifications": ("worker",)}


@employer_required
def record_new(request, employer: Employer, kind: str):
    if kind not in PAGES:
        raise Http404
    form_class, _model, title, draft = PAGES[kind]
    employer = tenancy.get_for_user(Employer, request.user, write=True, pk=employer.pk)
    form = form_class(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        employer=employer,
        initial={"occurred_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        photo = form.cleaned_data.get("photo")
        try:
            if photo is not None:
                validate_upload(photo)
        except ValidationError as exc:
            form.add_error("photo", " ".join(exc.messages))
        else:
            try:
                with transaction.atomic():
                    record = services.save_record(
                        instance=form.instance,
                        participants=list(form.cleaned_data.get("participants") or []),
                        user=request.user,
                    )
                    if photo is not None:
                        services.attach_file(record=record, upload=photo, user=request.user)
            except ValidationError as exc:
                form.instance.pk = None
                form.instance._state.adding = True
                form.apply_errors(exc)
            else:
                messages.success(request, f"{record._meta.verbose_name.capitalize()} saved.")
                return redirect("program:record", kind=kind, pk=record.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "program/field_form.html",
        {"form": form, "title": title, "draft": draft, "kind": kind, "employer": employer},
        status=status,
    )


@login_required
def record_detail(request, kind: str, pk: int):
    if kind not in PAGES:
        raise Http404
    _form, model, title, draft = PAGES[kind]
    record = tenancy.get_for_user(
        model.objects.select_related("led_by", "employer", *EXTRA_RELATED.get(kind, ())).prefetch_related(
            "participants", "attachments"
        ),
        request.user,
        pk=pk,
    )
    return render(
        request,
        "program/record_detail.html",
        {"record": record, "title": title, "draft": draft, "kind": kind},
    )


@employer_required
def schedules(request, employer: Employer):
    """``/program/schedules/``: how often each activity happens (the employer's choices); change or add."""
    can_write = tenancy.can_write_employer(request.user, employer.pk)
    rows = list(
        tenancy.scope(m.ActivitySchedule.objects.filter(employer=employer), request.user)
        .select_related("inspection_kind")
        .order_by("-active", "activity", "pk")
    )
    editing = None
    new_form = field_forms.ScheduleForm(employer=employer, prefix="new")
    forms_by_id = {
        s.pk: field_forms.ScheduleForm(instance=s, employer=employer, prefix=f"s{s.pk}") for s in rows
    }
    status = 200
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied("You can view this employer's program but not change it.")
        target = request.POST.get("schedule", "new")
        if target == "new":
            form = field_forms.ScheduleForm(request.POST, employer=employer, prefix="new")
            new_form = form
        else:
            schedule = next((s for s in rows if str(s.pk) == target), None)
            if schedule is None:
                raise Http404
            form = field_forms.ScheduleForm(
                request.POST, instance=schedule, employer=employer, prefix=f"s{schedule.pk}"
            )
            forms_by_id[schedule.pk] = form
            editing = schedule.pk
        if form.is_valid():
            form.save()
            messages.success(request, "Schedule saved.")
            return redirect("program:schedules")
        status = 400
    return render(
        request,
        "program/schedules.html",
        {
            "employer": employer,
            "rows": [(s, forms_by_id[s.pk]) for s in rows],
            "new_form": new_form,
            "editing": editing,
            "can_write": can_write,
        },
        status=status,
    )
