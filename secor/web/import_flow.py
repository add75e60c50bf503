"""The two steps of a spreadsheet import page, shared by the people/training import (``/records/import/``)
and the program records import (``/program/import/``).

Step 1 (POST a file): every row previewed with its values and its problems; the file waits in storage and
the session remembers it (employer, token, path and whatever the page adds, e.g. the kind). Step 2 (POST
``confirm`` with the token): exactly the previewed file is committed, all rows or none; a stale or foreign
token is refused with "That preview has expired".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect

from secor.core.exceptions import ApplicationError
from secor.employers.importing import ImportPreview, ImportResult, read_upload


def handle_import(
    request,
    employer,
    form,
    *,
    session_key: str,
    page: str,
    preview: Callable[[bytes, dict[str, Any]], tuple[ImportPreview, dict[str, Any]]],
    commit: Callable[[bytes, dict[str, Any]], ImportResult],
    done: Callable[[dict[str, Any], ImportResult], tuple[str, str]],
) -> tuple[HttpResponse | None, ImportPreview | None]:
    """Run the step the request asks for. ``preview(data, cleaned_data)`` → (preview, extra session keys);
    ``commit(data, pending)`` → result; ``done(pending, result)`` → (success message, URL name to go to);
    ``page``: this page's URL name (where an expired or refused confirmation goes back to).

    Returns (a redirect to send, None) after a confirmation, else (None, the preview or None) for the page
    to render with the form (whose errors are next to the file field)."""
    pending = request.session.get(session_key)
    if pending and pending.get("employer") != employer.pk:
        pending = None
    if request.method == "POST" and "confirm" in request.POST:
        if not pending or request.POST.get("token") != pending.get("token"):
            messages.error(request, "That preview has expired. Upload the file again.")
            return redirect(page), None
        with default_storage.open(pending["path"], "rb") as fh:
            data = fh.read()
        try:
            result = commit(data, pending)
        except ApplicationError as exc:
            messages.error(request, str(exc))
            return redirect(page), None
        default_storage.delete(pending["path"])
        request.session.pop(session_key, None)
        message, target = done(pending, result)
        messages.success(request, message)
        return redirect(target), None
    if request.method != "POST" or not form.is_valid():
        return None, None
    try:
        data = read_upload(form.cleaned_data["file"])
    except (ValidationError, ApplicationError) as exc:
        form.add_error("file", getattr(exc, "messages", None) or str(exc))
        return None, None
    result, extra = preview(data, form.cleaned_data)
    if pending:
        default_storage.delete(pending["path"])
    path = default_storage.save(f"imports/pending/{result.token}.csv", ContentFile(data))
    request.session[session_key] = {"employer": employer.pk, "token": result.token, "path": path, **extra}
    return None, result
