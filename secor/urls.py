"""URL map. Each area owns its own ``urls.py`` (pages) and ``api_urls.py`` (REST), included here."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from secor.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("api/", include("secor.core.api_urls")),
    path("files/", include("secor.core.files")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("reports/", include("secor.reports.urls")),
    path("reminders/", include("secor.reminders.urls")),
    path("", include("audits.urls")),  # audits and partner review (issue 5)
    path("", include("secor.web.urls")),
    path("", include("secor.core.urls")),
]
