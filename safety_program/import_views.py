"""``/program/import/``: past program records from a spreadsheet (CSV). Step 1 (POST a file): every row
previewed with its typed values and its problems per field; the file waits in storage. Step 2 (POST
``confirm``): exactly the previewed file is imported, all rows or none (:mod:`safety_program.importing`)."""

from __future__ import annotations

from django import forms
from django.http import HttpResponse
from django.shortcuts import render

from safety_program import importing
from secor import tenancy
from secor.employers.models import Employer
from secor.web.import_flow import handle_import
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

    def done(pending, result):
        count = len(result.created_ids)
        return f"Imported {count} program record{'s' if count != 1 else ''}.", "program:overview"

    response, preview = handle_import(
        request,
        employer,
        form,
        session_key=SESSION_KEY,
        page="program:import",
        preview=lambda data, cleaned: (importing.preview_import(employer=employer, data=data), {}),
        commit=lambda data, pending: importing.commit_import(
            employer=employer, data=data, token=pending["token"], user=request.user
        ),
        done=done,
    )
    if response is not None:
        return response
    status = 400 if preview is not None and not preview.ok else 200
    return render(
        request,
        "program/import.html",
        {"form": form, "preview": preview, "employer": employer, "columns": importing.COLUMNS},
        status=status,
    )
