from django.urls import path

from secor.reports import views

app_name = "reports"

urlpatterns = [
    path("readiness.pdf", views.readiness, name="readiness"),
    path("status-letter.pdf", views.status_letter, name="status_letter"),
    path("portfolio/", views.portfolio, name="portfolio"),
    path("audit-revisions/<int:revision_id>/package/", views.audit_package, name="audit_package"),
    path("jobs/<int:pk>/", views.job, name="job"),
    path("jobs/<int:pk>/download", views.job_download, name="job_download"),
]
