"""The API router: every area registers its viewsets here."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from secor.accounts import api as accounts_api
from secor.accounts import reviewers_api, signup_api
from secor.employers import api as employers_api
from training import api as training_api

router = DefaultRouter()
# records (issue 4): employers and everything they own, reference data, users
router.register("employers", employers_api.EmployerViewSet, basename="employer")
router.register("operating-provinces", employers_api.OperatingProvinceViewSet, basename="operatingprovince")
router.register("wcb-accounts", employers_api.WCBAccountViewSet, basename="wcbaccount")
router.register("memberships", employers_api.MembershipViewSet, basename="membership")
router.register("enrolments", employers_api.EnrolmentViewSet, basename="enrolment")
router.register("people", employers_api.PersonViewSet, basename="person")
router.register("headcount-snapshots", employers_api.HeadcountSnapshotViewSet, basename="headcountsnapshot")
router.register("payroll-years", employers_api.PayrollYearViewSet, basename="payrollyear")
router.register("partners", employers_api.CertifyingPartnerViewSet, basename="partner")
router.register("courses", training_api.CourseViewSet, basename="course")
router.register("training-records", training_api.TrainingRecordViewSet, basename="trainingrecord")
router.register("consultant-firms", accounts_api.ConsultantFirmViewSet, basename="consultantfirm")
# partner staff manage their partner's reviewers (issue 12)
router.register("partner-reviewers", reviewers_api.PartnerReviewerViewSet, basename="partner-reviewer")
router.register(
    "partner-reviewer-invitations",
    reviewers_api.PartnerReviewerInvitationViewSet,
    basename="partner-reviewer-invitation",
)

urlpatterns = [
    path("auth/token/", accounts_api.EmailObtainAuthToken.as_view(), name="api-token"),
    path("auth/logout/", accounts_api.LogoutView.as_view(), name="api-logout"),
    path("auth/logout-all/", accounts_api.LogoutView.as_view(every_token=True), name="api-logout-all"),
    path("signup/", signup_api.SignupView.as_view(), name="api-signup"),
    path("me/", accounts_api.MeView.as_view(), name="api-me"),
    path("invitations/accept/", accounts_api.InvitationAcceptView.as_view(), name="api-invitation-accept"),
    path("eligibility/", employers_api.EligibilityView.as_view(), name="api-eligibility"),
]
# data care: imports, certificates, restore (before the router so its training-records/{id}/certificate/ wins)
urlpatterns += [path("", include("secor.employers.import_api"))]
urlpatterns += [path("", include("secor.reminders.api_urls"))]  # reminders (issue 6)
urlpatterns += [path("", include("audits.api_urls"))]  # audits and partner review (issue 5)
urlpatterns += [path("", include("safety_program.api_urls"))]  # the safety program (issue 11)
urlpatterns += [path("", include("secor.certificates.api_urls"))]  # certificate ledger (issue 10)
urlpatterns += [path("", include("secor.changes.api_urls"))]  # business changes (issue 13)
urlpatterns += [*router.urls]
