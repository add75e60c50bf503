"""``POST /api/audits/{id}/answers/bulk/``: many answers at once, all or nothing (audits/bulk.py)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from audits import bulk, selectors
from audits.api import AnswerInputSerializer, AnswerSerializer


class BulkAnswersInputSerializer(serializers.Serializer):
    answers = AnswerInputSerializer(many=True, allow_empty=False, max_length=bulk.MAX_ANSWERS)


class BulkAnswersErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(required=False)
    answers = serializers.ListField(
        child=serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
        required=False,
        help_text="One entry per answer sent, in the same order: the field errors, empty where it was fine.",
    )


def _by_position(errors: dict, body) -> dict:
    """DRF reports the items' errors as ``{index: errors}``; the API answers a list with one entry per answer
    sent (empty where the answer was fine), as for the rules checked when saving (audits/bulk.py)."""
    items = errors.get("answers")
    sent = body.get("answers") if isinstance(body, dict) else None
    if isinstance(items, dict) and isinstance(sent, list):
        errors = {**errors, "answers": [items.get(i, items.get(str(i), {})) for i in range(len(sent))]}
    return errors


class BulkAnswersView(APIView):
    """Save several answers of one audit: every answer is checked as ``POST …/answers/`` checks one, and
    either all are saved or none (errors by position). Only while the audit is a draft or corrections were
    requested, and only for the employer's members and consultants."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="audits_answers_bulk_create",
        request=BulkAnswersInputSerializer,
        responses={
            200: AnswerSerializer(many=True),
            400: OpenApiResponse(
                BulkAnswersErrorSerializer,
                description="Nothing was saved: errors by position, or why the audit cannot be changed.",
            ),
        },
    )
    def post(self, request, pk: int):
        audit = selectors.audit_get(user=request.user, pk=pk, write=True)
        data = BulkAnswersInputSerializer(data=request.data, context={"request": request})
        if not data.is_valid():
            raise serializers.ValidationError(_by_position(data.errors, request.data))
        answers = bulk.answers_save_all(
            audit=audit, user=request.user, answers=data.validated_data["answers"]
        )
        return Response(AnswerSerializer(answers, many=True).data)
