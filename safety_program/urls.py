"""Safety program pages under /program/."""

from django.urls import path

from safety_program import views

app_name = "program"

urlpatterns = [
    path("program/", views.overview, name="overview"),
    path("program/schedules/start/", views.start_schedules, name="start-schedules"),
    path("program/attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("program/inspections/new/", views.inspection_new, name="inspection-new"),
    path("program/inspections/<int:pk>/", views.inspection_detail, name="inspection"),
    path("program/actions/<int:pk>/", views.action_detail, name="action"),
    path("program/library/", views.library, name="library"),
    path("program/library/<int:pk>/copy/", views.library_copy, name="library-copy"),
]
