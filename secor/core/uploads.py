"""Upload rules shared by certificates and audit evidence.

Allowed: PDF, images (PNG, JPEG, GIF, WebP), Office documents (Word, Excel, PowerPoint, OpenDocument),
plain text/CSV; at most ``settings.UPLOAD_MAX_BYTES``. The type is checked by extension *and* by the
file's first bytes, so a renamed executable is refused. Files are stored under generated names in
``MEDIA_ROOT`` (outside ``static/``) and served only through views that check the viewer may see the record.
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
ALLOWED_TYPES: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    ".webp": ("image/webp", (b"RIFF",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP),
    ".odt": ("application/vnd.oasis.opendocument.text", _ZIP),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", _ZIP),
    ".doc": ("application/msword", _OLE),
    ".xls": ("application/vnd.ms-excel", _OLE),
    ".ppt": ("application/vnd.ms-powerpoint", _OLE),
    ".txt": ("text/plain", None),
    ".csv": ("text/csv", None),
}


def human_size(num: int) -> str:
    return f"{num / (1024 * 1024):.1f} MB" if num >= 1024 * 1024 else f"{num / 1024:.0f} KB"


def validate_upload(upload) -> str:
    """Check an uploaded file; return its SHA-256. Raises ``ValidationError`` that says what to fix."""
    name = getattr(upload, "name", "") or ""
    ext = PurePath(name).suffix.lower()
    if ext not in ALLOWED_TYPES:
        allowed = ", ".join(sorted(e.lstrip(".").upper() for e in ALLOWED_TYPES))
        raise ValidationError(
            f"“{name}” is not an allowed file type. Upload one of: {allowed}.", code="file_type"
        )
    size = upload.size
    if size == 0:
        raise ValidationError(f"“{name}” is empty.", code="file_empty")
    if size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            f"“{name}” is {human_size(size)}; the limit is {human_size(settings.UPLOAD_MAX_BYTES)}.",
            code="file_size",
        )
    upload.seek(0)
    head = upload.read(16)
    _mime, signatures = ALLOWED_TYPES[ext]
    if signatures is not None and not any(head.startswith(sig) for sig in signatures):
        raise ValidationError(
            f"“{name}” does not look like a {ext.lstrip('.').upper()} file "
            "(its content does not match its name).",
            code="file_content",
        )
    if signatures is None and b"\x00" in head:
        raise ValidationError(f"“{name}” is not a text file.", code="file_content")
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def generated_name(area: str, original: str) -> str:
    """A storage path that never uses the user's file name: ``area/YYYY/MM/<uuid><ext>``."""
    ext = PurePath(original).suffix.lower()
    if ext not in ALLOWED_TYPES:
        ext = ""
    today = timezone.localdate()
    return f"{area}/{today:%Y/%m}/{uuid.uuid4().hex}{ext}"


def content_type_for(path: str) -> str:
    return ALLOWED_TYPES.get(PurePath(path).suffix.lower(), ("application/octet-stream", None))[0]
