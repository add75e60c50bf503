"""CSV import of past program records through the API (same flow as the people and training import,
:mod:`secor.employers.import_api`): the employer through :mod:`secor.tenancy` (another tenant's is a 404,
a reviewer writing a 403).

- ``POST /api/employers/<id>/imports/program-records/preview`` (multipart ``file``)
- ``POST /api/employers/<id>/imports/program-records/commit`` (multipart ``file`` + ``token``)
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from safety_program import importing
from secor.employers import importing as base
from secor.employers.import_api import ImportCommitSerializer, ImportFileSerializer, _DataCareView


class ProgramImportPreviewView(_DataCareView):
    """Validate a CSV of past program records; nothing is written. Every row with its typed values or its
    errors per field, and a ``token`` to commit exactly this file."""

    @extend_schema(
        request={"multipart/form-data": ImportFileSerializer},
        responses={200: OpenApiTypes.OBJECT},
        operation_id="program_import_preview",
    )
    def post(self, request, employer_id: int):
        employer = self.employer_for_write(request, employer_id)
        data = base.read_upload(self.validated(ImportFileSerializer, request)["file"])
        return Response(importing.preview_import(employer=employer, data=data).to_dict())


class ProgramImportCommitView(_DataCareView):
    """Write every row of the previewed file, or none (400 with the row-by-row errors)."""

    @extend_schema(
        request={"multipart/form-data": ImportCommitSerializer},
        responses={201: OpenApiTypes.OBJECT},
        operation_id="program_import_commit",
    )
    def post(self, request, employer_id: int):
        employer = self.employer_for_write(request, employer_id)
        payload = self.validated(ImportCommitSerializer, request)
        data = base.read_upload(payload["file"])
        result = importing.commit_import(
            employer=employer, data=data, token=payload["token"], user=request.user
        )
        return Response(result.to_dict(), status=status.HTTP_201_CREATED)
