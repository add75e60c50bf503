"""API routes of the audits area (included under /api/ by secor/urls.py)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from audits import api, api_bulk

router = SimpleRouter()
router.register("audits", api.AuditViewSet, basename="audit")
router.register("review-queue", api.ReviewQueueViewSet, basename="review-queue")
router.register("audit-notes", api.NoteViewSet, basename="audit-note")
router.register("audit-revisions", api.RevisionViewSet, basename="audit-revision")
router.register("audit-instruments", api.InstrumentViewSet, basename="audit-instrument")
router.register("maintenance-dues", api.MaintenanceDueViewSet, basename="maintenance-due")

urlpatterns = [
    path("audits/<int:pk>/answers/bulk/", api_bulk.BulkAnswersView.as_view(), name="api-audit-answers-bulk"),
    *router.urls,
]
