"""Safety program pages under /program/."""

from django.urls import path

from safety_program import views

app_name = "program"

urlpatterns = [
    path("program/", views.overview, name="overview"),
    path("program/schedules/start/", views.start_schedules, name="start-schedules"),
    path("program/attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
