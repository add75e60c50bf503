"""Safety program pages. Every object is fetched through :mod:`secor.tenancy` (another tenant's is a 404)."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib.auth.decorators import login_required
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from safety_program.models import Attachment
from secor import tenancy
from secor.core.files import serve_file


@require_GET
@login_required
def attachment_download(request, pk: int):
    """``GET /program/attachments/<pk>/``: a file attached to a program record the user may see."""
    attachment = tenancy.get_for_user(Attachment.objects.all(), request.user, pk=pk)
    path = PurePath(attachment.original_name)
    name = f"{slugify(path.stem) or 'attachment'}{path.suffix.lower()}"
    return serve_file(attachment.file, download_name=name)
