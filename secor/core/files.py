"""Uploaded files: storing them safely and serving them only to users who may see the record.

Rules (shared by training certificates now and audit evidence later):
- every upload is checked by :func:`secor.core.uploads.validate_upload` (type by extension *and* first bytes,
  size limit, not empty) and its SHA-256 is stored beside it;
- files are stored under generated names (``area/YYYY/MM/<uuid><ext>``) in ``MEDIA_ROOT``, outside
  ``static/``; the user's file name never reaches the file system;
- nothing is half-written: if saving the record fails, the stored file is removed again;
- files are served by views that fetch the record through :mod:`secor.tenancy` (another tenant's record is a
  404), and every download (certificates, audit evidence, generated PDFs) goes through
  :func:`download_headers`: an attachment, ``X-Content-Type-Options: nosniff``,
  ``Cache-Control: private, no-store`` and ``Content-Security-Policy: default-src 'none'; sandbox``.
"""

from __future__ import annotations

import logging
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch, path
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from secor import tenancy
from secor.core.uploads import content_type_for, generated_name, validate_upload

logger = logging.getLogger(__name__)


def store_upload(*, area: str, upload) -> tuple[str, str]:
    """Validate ``upload`` and store it under a generated name. Returns (storage name, sha256).

    Raises ``ValidationError`` (with a message saying what to fix) before anything is written."""
    digest = validate_upload(upload)
    upload.seek(0)
    name = default_storage.save(generated_name(area, upload.name), upload)
    return name, digest


def discard_file(name: str) -> None:
    """Remove a stored file, logging (not raising) if that fails: used on the error path."""
    if not name:
        return
    try:
        default_storage.delete(name)
    except OSError:  # pragma: no cover - the disk refused; nothing more to do on an error path
        logger.warning("could not remove orphaned upload %s", name, exc_info=True)


def attach_certificate(*, record, upload, user):
    """Store ``upload`` as the certificate of a training ``record`` (replacing any previous one).

    1. Validate the file and store it under a generated name, computing its SHA-256.
    2. Save the record (file name + checksum) in a transaction, with a history entry by ``user``.
    3. If step 2 fails, remove the stored file and re-raise: nothing is half-written.

    The previous file is kept on disk: the record's history still points at it."""
    try:
        name, digest = store_upload(area="certificates", upload=upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    try:
        with transaction.atomic():
            record.certificate_file.name = name
            record.certificate_sha256 = digest
            record._history_user = user
            record._change_reason = "certificate uploaded"
            record.save(update_fields=["certificate_file", "certificate_sha256"])
    except BaseException:
        discard_file(name)
        raise
    return record


def _login_or_401(request) -> HttpResponse:
    from django.contrib.auth.views import redirect_to_login

    try:
        resolve_url("login")
    except NoReverseMatch:
        response = HttpResponse("Log in to download this file.", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Session realm="secor"'
        return response
    return redirect_to_login(request.get_full_path())


DOWNLOAD_CSP = "default-src 'none'; sandbox"


def download_headers(response: HttpResponseBase, *, filename: str) -> HttpResponseBase:
    """The headers every file download gets: saved, never rendered by the browser as a page of this site
    (``attachment``, ``nosniff``, a sandboxing policy), and never kept in a shared or back-button cache."""
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    return response


def serve_file(file_field, *, download_name: str) -> HttpResponseBase:
    """An attachment response for a stored file, with the type from the extension."""
    if not file_field or not file_field.name:
        raise Http404("No file is attached.")
    try:
        handle = file_field.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("The file is missing from storage.") from exc
    response = FileResponse(
        handle, as_attachment=True, filename=download_name, content_type=content_type_for(file_field.name)
    )
    return download_headers(response, filename=download_name)


def serve_bytes(data: bytes, *, download_name: str, content_type: str) -> HttpResponseBase:
    """An attachment response for generated content (a PDF rendered in the request)."""
    return download_headers(HttpResponse(data, content_type=content_type), filename=download_name)


@require_GET
def certificate_download(request, record_id: int):
    """``GET /files/certificates/<record_id>``: the certificate of a training record the user may see."""
    from training.models import TrainingRecord

    if not request.user.is_authenticated:
        return _login_or_401(request)
    record = tenancy.get_for_user(
        TrainingRecord.objects.select_related("person", "course"), request.user, pk=record_id
    )
    ext = PurePath(record.certificate_file.name or "").suffix.lower()
    base = slugify(f"{record.person.full_name} {record.course.code} certificate") or "certificate"
    return serve_file(record.certificate_file, download_name=f"{base}{ext}")


# Included from ``secor/urls.py`` as ``path("files/", include("secor.core.files"))``.
app_name = "files"
urlpatterns = [
    path("certificates/<int:record_id>", certificate_download, name="certificate"),
]
