"""API routes of the safety program (included under /api/ by secor/core/api_urls.py)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from safety_program import api, audit_api, import_api

router = SimpleRouter()
router.register("program-documents", api.ProgramDocumentViewSet, basename="program-document")
router.register("program-document-versions", api.DocumentVersionViewSet, basename="program-document-version")
router.register("inspection-kinds", api.InspectionKindViewSet, basename="inspection-kind")
router.register("checklist-templates", api.ChecklistTemplateViewSet, basename="checklist-template")
router.register("inspections", api.InspectionViewSet, basename="inspection")
router.register("hazard-assessments", api.HazardAssessmentViewSet, basename="hazard-assessment")
router.register("safety-meetings", api.SafetyMeetingViewSet, basename="safety-meeting")
router.register("emergency-drills", api.EmergencyDrillViewSet, basename="emergency-drill")
router.register("incidents", api.IncidentViewSet, basename="incident")
router.register(
    "competency-verifications", api.CompetencyVerificationViewSet, basename="competency-verification"
)
router.register("corrective-actions", api.CorrectiveActionViewSet, basename="corrective-action")

router.register("audit-record-citations", audit_api.CitedRecordViewSet, basename="audit-record-citation")
router.register("program-schedules", api.ActivityScheduleViewSet, basename="program-schedule")

urlpatterns = [
    *router.urls,
    path(
        "employers/<int:employer_id>/imports/program-records/preview",
        import_api.ProgramImportPreviewView.as_view(),
        name="program-import-preview",
    ),
    path(
        "employers/<int:employer_id>/imports/program-records/commit",
        import_api.ProgramImportCommitView.as_view(),
        name="program-import-commit",
    ),
]
