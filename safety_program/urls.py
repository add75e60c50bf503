"""Safety program pages under /program/."""

from django.urls import path

from safety_program import views

app_name = "program"

urlpatterns = [
    path("program/attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
