from django.urls import path
from rest_framework.routers import SimpleRouter

from secor.reminders import api

router = SimpleRouter()
router.register("reminders/deadlines", api.DeadlineViewSet, basename="reminder-deadline")
router.register("reminders/notifications", api.NotificationViewSet, basename="reminder-notification")
router.register("reminders/calendars", api.CalendarFeedViewSet, basename="reminder-calendar")

urlpatterns = [
    path("reminders/preferences/", api.PreferenceView.as_view(), name="reminder-preferences"),
    path("reminders/policies/<int:employer_id>/", api.PolicyView.as_view(), name="reminder-policy"),
    *router.urls,
]
