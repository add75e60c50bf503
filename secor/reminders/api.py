"""REST API for deadlines, notifications, preferences, reminder policies and calendar feeds.

Employer data goes through :mod:`secor.tenancy` (another tenant's employer is a 404); notifications,
preferences and feeds belong to the requesting user."""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from secor.core.api import StrictBooleanField, query_bool
from secor.core.exceptions import ApplicationError
from secor.employers.filters import id_filter
from secor.employers.models import Employer
from secor.reminders import selectors, services
from secor.reminders.models import KIND_CHOICES, KIND_LABELS, CalendarFeed, Deadline, Notification
from secor.tenancy import get_for_user


def _url_id(pk: str, what: str) -> int:
    """The id from the URL; a malformed one is a 404 like a missing one (never a 500)."""
    try:
        return int(pk)
    except ValueError as exc:
        raise Http404(f"No such {what}.") from exc


class DeadlineSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(read_only=True)
    employer_name = serializers.CharField(source="employer.display_name", read_only=True)

    class Meta:
        model = Deadline
        fields = [
            "id",
            "employer",
            "employer_name",
            "enrolment",
            "origin",
            "kind",
            "kind_label",
            "key",
            "due",
            "title",
            "consequence",
            "source",
            "met",
            "person_ref",
            "resolved_at",
            "updated_at",
        ]
        read_only_fields = fields


class DeadlineFilter(django_filters.FilterSet):
    # A plain number: a foreign and a missing employer id both match nothing (secor/employers/filters.py).
    employer = id_filter("employer_id", "Employer id.")

    class Meta:
        model = Deadline
        fields = ["employer", "kind", "met"]


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("include_resolved", bool, description="Also deadlines already met.")]
    )
)
class DeadlineViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DeadlineSerializer
    filterset_class = DeadlineFilter
    ordering_fields = ["due", "kind"]

    def get_queryset(self):
        include_resolved = query_bool(self.request, "include_resolved") if self.action == "list" else False
        return selectors.deadline_list_for(user=self.request.user, include_resolved=include_resolved)


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "title",
            "body",
            "url",
            "employer",
            "deadline",
            "created_at",
            "read_at",
            "is_read",
        ]
        read_only_fields = fields


class NotificationReadSerializer(serializers.Serializer):
    read = serializers.BooleanField(default=True)


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("unread", bool, description="Only notifications not read.")]
    )
)
class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = NotificationSerializer
    filterset_fields = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user to scope by
            return Notification.objects.none()
        qs = selectors.notification_list_for(user=self.request.user)
        unread = self.action == "list" and query_bool(self.request, "unread")
        return qs.filter(read_at__isnull=True) if unread else qs

    @extend_schema(request=NotificationReadSerializer, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        data = NotificationReadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        notification = services.notification_mark_read(
            user=request.user, notification_id=_url_id(pk, "notification"), read=data.validated_data["read"]
        )
        return Response(NotificationSerializer(notification).data)

    @extend_schema(
        request=None,
        responses=inline_serializer("NotificationReadAllOutput", {"marked_read": serializers.IntegerField()}),
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked_read": services.notifications_mark_all_read(user=request.user)})


class PreferenceSerializer(serializers.Serializer):
    digest = StrictBooleanField()
    muted_kinds = serializers.ListField(child=serializers.ChoiceField(choices=KIND_CHOICES), allow_empty=True)
    kinds = serializers.DictField(
        child=serializers.CharField(), read_only=True, help_text="Every reminder kind with its label."
    )


class PreferenceView(APIView):
    serializer_class = PreferenceSerializer

    @extend_schema(responses=PreferenceSerializer)
    def get(self, request):
        pref = selectors.preference_for(user=request.user)
        return Response({"digest": pref.digest, "muted_kinds": pref.muted_kinds, "kinds": KIND_LABELS})

    @extend_schema(request=PreferenceSerializer, responses=PreferenceSerializer)
    def put(self, request):
        s = PreferenceSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        pref = services.preference_update(user=request.user, **s.validated_data)
        return Response({"digest": pref.digest, "muted_kinds": pref.muted_kinds, "kinds": KIND_LABELS})


class PolicySerializer(serializers.Serializer):
    offsets = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=730), min_length=1, max_length=12
    )
    overdue_every_days = serializers.IntegerField(min_value=0, max_value=90)
    enabled = serializers.BooleanField(default=True)


class PolicyView(APIView):
    serializer_class = PolicySerializer

    @extend_schema(responses=PolicySerializer)
    def get(self, request, employer_id: int):
        employer = get_for_user(Employer, request.user, pk=employer_id)
        p = selectors.policy_for(employer=employer)
        return Response(
            {"offsets": p.offsets, "overdue_every_days": p.overdue_every_days, "enabled": p.enabled}
        )

    @extend_schema(request=PolicySerializer, responses=PolicySerializer)
    def put(self, request, employer_id: int):
        employer = get_for_user(Employer, request.user, write=True, pk=employer_id)
        s = PolicySerializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            p = services.policy_set(user=request.user, employer=employer, **s.validated_data)
        except ApplicationError as exc:
            raise PermissionDenied(str(exc)) from exc
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return Response(
            {"offsets": p.offsets, "overdue_every_days": p.overdue_every_days, "enabled": p.enabled}
        )


class CalendarFeedSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = CalendarFeed
        fields = ["id", "employer", "url", "created_at", "revoked_at"]
        read_only_fields = ["id", "url", "created_at", "revoked_at"]
        extra_kwargs = {
            "employer": {"required": False, "allow_null": True, "queryset": Employer.objects.all()}
        }

    def get_url(self, feed) -> str:
        return self.context["request"].build_absolute_uri(reverse("reminders:calendar", args=[feed.token]))


class CalendarFeedInputSerializer(serializers.Serializer):
    employer = serializers.IntegerField(required=False, allow_null=True)


class CalendarFeedViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = CalendarFeedSerializer
    filterset_fields = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user to scope by
            return CalendarFeed.objects.none()
        return selectors.feed_list_for(user=self.request.user)

    def create(self, request, *args, **kwargs):
        data = CalendarFeedInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)  # a body that is not an object, or a non-numeric id: 400
        employer_id = data.validated_data.get("employer")
        employer = None
        if employer_id is not None:
            # A body field: an employer you cannot see is a field error, like one that does not exist.
            try:
                employer = get_for_user(Employer, request.user, pk=employer_id)
            except Http404:
                raise ValidationError({"employer": ["No employer with this id."]}) from None
        feed = services.calendar_feed_create(user=request.user, employer=employer)
        return Response(self.get_serializer(feed).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=CalendarFeedSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        feed = services.calendar_feed_revoke(user=request.user, feed_id=_url_id(pk, "calendar feed"))
        return Response(self.get_serializer(feed).data)
