"""``/program/import/``: past program records from a spreadsheet (CSV). Step 1 (POST a file): every row
previewed with its typed values and its problems per field; the file waits in storage. Step 2 (POST
``confirm``): exactly the previewed file is imported, all rows or none (:mod:`safety_program.importing`)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render

from safety_program import importing
from secor import tenancy
from secor.core.exceptions import ApplicationError
from secor.employers import importing as base
from secor.employers.models import Employer
from secor.web.views import employer_required

SESSION_KEY = "pending_program_import"


class ProgramImportForm(forms.Form):
    file = forms.FileField(label="CSV file", help_text="Comma-separated, UTF-8, first row = column names.")


@employer_required
def import_page(request, employer: Employer):
    employer = tenancy.get_for_user(Employer, request.user, write=True, pk=employer.pk)
    if request.GET.get("sample"):
        response = HttpResponse(importing.sample_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="program-records-sample.csv"'
        return response
    form = ProgramImportForm(request.POST or None, request.FILES or None)
    preview = None
    pending = request.session.get(SESSION_KEY)
    if pending and pending.get("employer") != employer.pk:
        pending = None
    if request.method == "POST" and "confirm" in request.POST:
        if not pending or request.POST.get("token") != pending.get("token"):
            messages.error(request, "That preview has expired. Upload the file again.")
            return redirect("program:import")
        with default_storage.open(pending["path"], "rb") as fh:
            data = fh.read()
        try:
            result = importing.commit_import(
                employer=employer, data=data, token=pending["token"], user=request.user
            )
        except ApplicationError as exc:
            messages.error(request, str(exc))
            return redirect("program:import")
        default_storage.delete(pending["path"])
        request.session.pop(SESSION_KEY, None)
        count = len(result.created_ids)
        messages.success(request, f"Imported {count} program record{'s' if count != 1 else ''}.")
        return redirect("program:overview")
    if request.method == "POST" and form.is_valid():
        try:
            data = base.read_upload(form.cleaned_data["file"])
        except (ValidationError, ApplicationError) as exc:
            form.add_error("file", getattr(exc, "messages", None) or str(exc))
        else:
            preview = importing.preview_import(employer=employer, data=data)
            if pending:
                default_storage.delete(pending["path"])
            path = default_storage.save(f"imports/pending/{preview.token}.csv", ContentFile(data))
            request.session[SESSION_KEY] = {"employer": employer.pk, "token": preview.token, "path": path}
    status = 400 if preview is not None and not preview.ok else 200
    return render(
        request,
        "program/import.html",
        {"form": form, "preview": preview, "employer": employer, "columns": importing.COLUMNS},
        status=status,
    )
