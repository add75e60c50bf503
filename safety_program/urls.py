"""Safety program pages under /program/."""

from django.urls import path, re_path

from safety_program import audit_views, field_views, import_views, views

app_name = "program"
# the phone field pages (safety_program.field_views)
FIELD_KINDS = r"(?P<kind>meetings|hazards|incidents|drills|verifications)"

urlpatterns = [
    path("program/", views.overview, name="overview"),
    path("program/schedules/start/", views.start_schedules, name="start-schedules"),
    path("program/attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("program/inspections/new/", views.inspection_new, name="inspection-new"),
    path("program/inspections/<int:pk>/", views.inspection_detail, name="inspection"),
    path("program/actions/<int:pk>/", views.action_detail, name="action"),
    path("program/import/", import_views.import_page, name="import"),
    path("program/schedules/", field_views.schedules, name="schedules"),
    re_path(r"^program/" + FIELD_KINDS + "/new/$", field_views.record_new, name="record-new"),
    re_path(
        r"^program/" + FIELD_KINDS + r"/(?P<pk>[0-9]+)/$",
        field_views.record_detail,
        name="record",
    ),
    path("program/library/", views.library, name="library"),
    path("program/library/<int:pk>/copy/", views.library_copy, name="library-copy"),
    path("program/audits/<int:pk>/questions/<int:qid>/cite/", audit_views.cite, name="audit-cite"),
    path("program/citations/<int:cid>/remove/", audit_views.uncite, name="audit-uncite"),
    path("program/audits/<int:pk>/binder/", audit_views.binder, name="audit-binder"),
]
