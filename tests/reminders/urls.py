"""Fallback URLconf for these tests while another area's URLs are half-written (see conftest)."""

from django.urls import include, path

urlpatterns = [
    path("api/", include("secor.reminders.api_urls")),
    path("reminders/", include("secor.reminders.urls")),
]
