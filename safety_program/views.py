"""Safety program pages. Every object is fetched through :mod:`secor.tenancy` (another tenant's is a 404);
pages read the stored program status (:mod:`safety_program.state`), they do not recompute it."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from safety_program import selectors, services
from safety_program.defaults import apply_defaults
from safety_program.forms import CloseActionForm, CopyTemplateForm, InspectionForm, LibraryTemplateForm
from safety_program.library import LibraryTemplate, copy_to_client, library_for
from safety_program.models import Attachment, ChecklistTemplate, CorrectiveAction, Inspection, InspectionItem
from secor import tenancy
from secor.core.files import serve_file
from secor.core.uploads import validate_upload
from secor.employers.models import Employer
from secor.web.views import employer_required


@employer_required
def overview(request, employer: Employer):
    """``GET /program/``: since when each element is implemented, what is overdue, the documented history."""
    data = selectors.overview_for(employer, timezone.localdate())
    return render(
        request,
        "program/overview.html",
        {
            "employer": employer,
            "overview": data,
            "recent": selectors.recent_records(employer, request.user),
            "can_write": tenancy.can_write_employer(request.user, employer.pk),
        },
    )


@employer_required
@require_POST
def start_schedules(request, employer: Employer):
    """``POST /program/schedules/start/``: give the employer the starting kinds, checklists and schedules."""
    employer = tenancy.get_for_user(Employer, request.user, write=True, pk=employer.pk)
    created = apply_defaults(employer)
    messages.success(
        request,
        f"{len(created)} schedules added. They are your program's choices: change how often anything happens "
        "to match your work."
        if created
        else "Your program already has these schedules.",
    )
    return redirect("program:overview")


@require_GET
@login_required
def attachment_download(request, pk: int):
    """``GET /program/attachments/<pk>/``: a file attached to a program record the user may see."""
    attachment = tenancy.get_for_user(Attachment.objects.all(), request.user, pk=pk)
    path = PurePath(attachment.original_name)
    name = f"{slugify(path.stem) or 'attachment'}{path.suffix.lower()}"
    return serve_file(attachment.file, download_name=name)


# --- field pages (phone first) ------------------------------------------------------------------------


def _inspection_templates(employer, user):
    return (
        tenancy.scope(ChecklistTemplate.objects.filter(employer=employer), user)
        .filter(purpose=ChecklistTemplate.Purpose.INSPECTION, inspection_kind__isnull=False, archived=False)
        .select_related("inspection_kind")
        .order_by("inspection_kind__name", "name")
    )


def _uploads(request, lines) -> tuple[dict[int, object], dict[int, str]]:
    """The photos of the checklist lines, each checked by the shared upload rules before anything is saved."""
    photos, errors = {}, {}
    for line in lines:
        upload = request.FILES.get(f"photo-{line['n']}")
        if upload is None:
            continue
        try:
            validate_upload(upload)
        except ValidationError as exc:
            errors[line["n"]] = " ".join(exc.messages)
        else:
            photos[line["n"]] = upload
    return photos, errors


@employer_required
def inspection_new(request, employer: Employer):
    """``/program/inspections/new/?template=<id>``: answer a checklist on a phone; deficiencies become
    corrective actions; photos from the camera; the draft is kept in the browser if the connection drops."""
    employer = tenancy.get_for_user(Employer, request.user, write=True, pk=employer.pk)
    template_id = request.POST.get("template") or request.GET.get("template")
    if not template_id:
        return render(
            request,
            "program/inspection_choose.html",
            {"employer": employer, "templates": _inspection_templates(employer, request.user)},
        )
    template = tenancy.get_for_user(
        ChecklistTemplate.objects.filter(employer=employer).select_related("inspection_kind"),
        request.user,
        pk=template_id,
    )
    form = InspectionForm(
        request.POST if request.method == "POST" else None,
        employer=employer,
        template=template,
        initial={"occurred_on": timezone.localdate()},
    )
    if template.archived:
        form.add_error(None, f"The checklist “{template.name}” is archived; choose a current one.")
    elif request.method == "POST" and form.is_valid():
        photos, photo_errors = _uploads(request, form.lines)
        for line in form.lines:
            if line["n"] in photo_errors:
                line["errors"].append(photo_errors[line["n"]])
        if photo_errors:
            form.add_error(None, "A photo could not be used; see the lines marked below.")
        else:
            data = {k: form.cleaned_data[k] for k in ("occurred_on", "led_by", "location", "signed_name")}
            try:
                with transaction.atomic():
                    inspection = services.create_inspection(
                        data={
                            "employer": employer,
                            "kind": template.inspection_kind,
                            "template": template,
                            **data,
                        },
                        answers=form.cleaned_data["answers"],
                        user=request.user,
                    )
                    items = {item.position - 1: item for item in inspection.items.all()}
                    for n, upload in photos.items():
                        target = getattr(items[n], "corrective_action", None) or inspection
                        services.attach_file(record=target, upload=upload, user=request.user)
            except ValidationError as exc:
                form.apply_errors(exc)
            else:
                actions = inspection.actions.count()
                messages.success(
                    request,
                    f"Inspection saved. {actions} corrective action{'s' if actions != 1 else ''} opened."
                    if actions
                    else "Inspection saved. Nothing to fix.",
                )
                return redirect("program:inspection", pk=inspection.pk)
    return render(
        request,
        "program/inspection_form.html",
        {"employer": employer, "template": template, "form": form, "results": InspectionItem.Result.choices},
    )


@login_required
def inspection_detail(request, pk: int):
    inspection = tenancy.get_for_user(
        Inspection.objects.select_related("kind", "led_by", "employer").prefetch_related(
            "items__corrective_action", "attachments", "participants"
        ),
        request.user,
        pk=pk,
    )
    return render(request, "program/inspection_detail.html", {"inspection": inspection})


@login_required
def action_detail(request, pk: int):
    """A corrective action; writers close it here with the evidence (and a photo)."""
    action = tenancy.get_for_user(
        CorrectiveAction.objects.select_related("owner", "employer", "inspection__kind").prefetch_related(
            "attachments"
        ),
        request.user,
        pk=pk,
    )
    can_write = tenancy.can_write_employer(request.user, action.employer_id)
    form = None
    if action.status != CorrectiveAction.Status.CLOSED and can_write:
        status = action.status
        form = CloseActionForm(
            request.POST or None,
            request.FILES or None,
            instance=action,
            initial={"closed_on": timezone.localdate()},
        )
        if request.method == "POST" and form.is_valid():
            photo = form.cleaned_data.get("photo")
            try:
                if photo is not None:
                    validate_upload(photo)
                with transaction.atomic():
                    services.save_action(instance=action)
                    if photo is not None:
                        services.attach_file(record=action, upload=photo, user=request.user)
            except ValidationError as exc:
                for name, errors in exc.message_dict.items():
                    form.add_error(
                        name if name in form.fields else ("photo" if name == "file" else None), errors
                    )
            else:
                messages.success(request, "Corrective action closed.")
                return redirect("program:action", pk=action.pk)
        # not saved: show the action as it is stored
        action.status, action.closed_on, action.closure_evidence = (
            status,
            CorrectiveAction.objects.values_list("closed_on", flat=True).get(pk=action.pk),
            CorrectiveAction.objects.values_list("closure_evidence", flat=True).get(pk=action.pk),
        )
    elif request.method == "POST":
        raise PermissionDenied("You can view this record but not change it.")
    return render(request, "program/action_detail.html", {"action": action, "form": form})


# --- the consultant's template library -------------------------------------------------------------------


def _clients(user):
    return tenancy.scope(Employer.objects.all(), user, write=True).order_by("legal_name")


@login_required
def library(request):
    """``/program/library/``: the firm's templates; add one, copy one into a client."""
    if not (request.user.is_consultant or request.user.is_staff):
        raise PermissionDenied("The template library belongs to consulting firms.")
    form = LibraryTemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not request.user.consultant_firm_id:
            raise PermissionDenied("Only a firm's consultants add to its library.")
        template = LibraryTemplate(firm_id=request.user.consultant_firm_id, **form.cleaned_data)
        try:
            template.full_clean()
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            template.save()
            messages.success(request, f"“{template.name}” added to your library.")
            return redirect("program:library")
    clients = _clients(request.user)
    return render(
        request,
        "program/library.html",
        {
            "templates": library_for(request.user).select_related("firm"),
            "form": form,
            "copy_form": CopyTemplateForm(employers=clients),
        },
    )


@login_required
@require_POST
def library_copy(request, pk: int):
    template = get_object_or_404(library_for(request.user), pk=pk)
    form = CopyTemplateForm(request.POST, employers=_clients(request.user))
    if not form.is_valid():
        messages.error(request, "Choose a client you work for.")
        return redirect("program:library")
    employer = form.cleaned_data["employer"]
    copy_to_client(template=template, employer_id=employer.pk, user=request.user)
    messages.success(request, f"“{template.name}” copied to {employer.display_name}.")
    return redirect("program:library")
