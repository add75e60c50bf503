"""REST endpoints for data care: CSV import (preview, commit), certificate upload, restore of deleted rows.

One small ``APIView`` per operation (HackSoft style). Every endpoint fetches the employer or record through
:mod:`secor.tenancy`: another tenant's id is a 404, a read-only role (reviewer) asking to write is a 403.

- ``POST /api/employers/<id>/imports/<people|training>/preview`` (multipart ``file``)
- ``POST /api/employers/<id>/imports/<people|training>/commit`` (multipart ``file`` + ``token``)
- ``POST /api/training-records/<id>/certificate/`` (multipart ``file``)
- ``POST /api/<employers|people|training-records>/<id>/restore/``
- ``GET  /api/employers/<id>/deleted/`` and ``GET /api/deleted-employers/``
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path, re_path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from secor import tenancy
from secor.core.files import attach_certificate
from secor.employers import importing, restore
from secor.employers.models import Employer

_FILE_HELP = "A UTF-8 CSV file; see /static/samples/people.csv and /static/samples/training.csv."


class ImportFileSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_FILE_HELP)


class ImportCommitSerializer(ImportFileSerializer):
    token = serializers.CharField(help_text="The token returned by the preview of this same file.")


class CertificateUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, image or Office document, at most UPLOAD_MAX_BYTES.")


class _DataCareView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @staticmethod
    def validated(serializer_class, request) -> dict:
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @staticmethod
    def employer_for_write(request, employer_id: int) -> Employer:
        return tenancy.get_for_user(Employer, request.user, write=True, pk=employer_id)


class ImportPreviewView(_DataCareView):
    """Validate a CSV file for one employer; nothing is written. The answer lists every row with its parsed
    values or its errors, and a ``token`` to commit exactly this file."""

    @extend_schema(
        request={"multipart/form-data": ImportFileSerializer},
        responses={200: OpenApiTypes.OBJECT},
        operation_id="employer_import_preview",
    )
    def post(self, request, employer_id: int, kind: str):
        employer = self.employer_for_write(request, employer_id)
        data = importing.read_upload(self.validated(ImportFileSerializer, request)["file"])
        preview = importing.preview_import(kind=kind, employer=employer, data=data)
        return Response(preview.to_dict())


class ImportCommitView(_DataCareView):
    """Write every row of the previewed file, or none (400 with the row-by-row errors)."""

    @extend_schema(
        request={"multipart/form-data": ImportCommitSerializer},
        responses={201: OpenApiTypes.OBJECT},
        operation_id="employer_import_commit",
    )
    def post(self, request, employer_id: int, kind: str):
        employer = self.employer_for_write(request, employer_id)
        payload = self.validated(ImportCommitSerializer, request)
        data = importing.read_upload(payload["file"])
        result = importing.commit_import(
            kind=kind, employer=employer, data=data, token=payload["token"], user=request.user
        )
        return Response(result.to_dict(), status=status.HTTP_201_CREATED)


class CertificateUploadView(_DataCareView):
    """Attach (or replace) the certificate file of a training record."""

    @extend_schema(
        request={"multipart/form-data": CertificateUploadSerializer},
        responses={
            200: inline_serializer(
                "CertificateUploaded",
                {
                    "id": serializers.IntegerField(),
                    "sha256": serializers.CharField(),
                    "url": serializers.CharField(),
                },
            )
        },
        operation_id="training_record_certificate_upload",
    )
    def post(self, request, pk: int):
        from training.models import TrainingRecord

        record = tenancy.get_for_user(TrainingRecord, request.user, write=True, pk=pk)
        upload = self.validated(CertificateUploadSerializer, request)["file"]
        try:
            record = attach_certificate(record=record, upload=upload, user=request.user)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc
        return Response(
            {"id": record.pk, "sha256": record.certificate_sha256, "url": f"/files/certificates/{record.pk}"}
        )


class RestoreView(APIView):
    """Restore a soft-deleted employer, person or training record (employer admins and site staff)."""

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT}, operation_id="record_restore")
    def post(self, request, kind: str, pk: int):
        model = restore.model_for(kind)
        obj = restore.get_deleted_for_admin(model, request.user, pk)
        obj = restore.restore(obj=obj, user=request.user)
        return Response(
            {"kind": kind, "id": obj.pk, "restored": True, "history": restore.history_of(obj)[:5]}
        )


def _person_row(p) -> dict:
    return {"id": p.pk, "name": p.full_name, "category": p.category, "deleted_at": p.deleted_at.isoformat()}


def _training_row(t) -> dict:
    return {
        "id": t.pk,
        "person": t.person.full_name,
        "person_id": t.person_id,
        "course": t.course.code,
        "completed_on": t.completed_on.isoformat(),
        "deleted_at": t.deleted_at.isoformat(),
    }


class DeletedListView(APIView):
    """The deleted people and training records of one employer (employer admins and site staff)."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="employer_deleted_list")
    def get(self, request, employer_id: int):
        employer = tenancy.get_for_user(Employer, request.user, pk=employer_id)
        if not tenancy.is_employer_admin(request.user, employer.pk):
            raise PermissionDenied("Only the employer's admins and site staff can see deleted records.")
        rows = restore.deleted_for_employer(employer=employer)
        return Response(
            {
                "employer": employer.pk,
                "people": [_person_row(p) for p in rows["people"][:500]],
                "training_records": [_training_row(t) for t in rows["training_records"][:500]],
            }
        )


class DeletedEmployersView(APIView):
    """Deleted employers the user may restore."""

    @extend_schema(
        responses={
            200: inline_serializer(
                "DeletedEmployer",
                fields={
                    "id": serializers.IntegerField(),
                    "name": serializers.CharField(),
                    "deleted_at": serializers.DateTimeField(),
                },
                many=True,
            )
        },
        operation_id="deleted_employer_list",
    )
    def get(self, request):
        employers = restore.deleted_employers_for(user=request.user)[:500]
        return Response(
            [{"id": e.pk, "name": e.display_name, "deleted_at": e.deleted_at.isoformat()} for e in employers]
        )


_KINDS = "|".join(importing.KINDS)
_RESTORE_KINDS = "|".join(restore.KINDS)

urlpatterns = [
    re_path(
        rf"^employers/(?P<employer_id>\d+)/imports/(?P<kind>{_KINDS})/preview/?$",
        ImportPreviewView.as_view(),
        name="employer-import-preview",
    ),
    re_path(
        rf"^employers/(?P<employer_id>\d+)/imports/(?P<kind>{_KINDS})/commit/?$",
        ImportCommitView.as_view(),
        name="employer-import-commit",
    ),
    path(
        "training-records/<int:pk>/certificate/", CertificateUploadView.as_view(), name="training-certificate"
    ),
    re_path(
        rf"^(?P<kind>{_RESTORE_KINDS})/(?P<pk>\d+)/restore/?$", RestoreView.as_view(), name="record-restore"
    ),
    path("employers/<int:employer_id>/deleted/", DeletedListView.as_view(), name="employer-deleted"),
    path("deleted-employers/", DeletedEmployersView.as_view(), name="deleted-employers"),
]
