"""URL map. Each area owns its own ``urls.py`` (pages) and ``api_urls.py`` (REST), included here."""

from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from secor.accounts import views as accounts_views
from secor.core import views as core_views

# The API documentation viewers load Swagger UI / Redoc from their CDN (Redoc also runs one inline script and
# web workers from blob:); the site-wide Content-Security-Policy is widened for these two pages only.
_CDN = "https://cdn.jsdelivr.net"
_DOCS_CSP = {
    "script-src": [_CDN],
    "style-src": [_CDN, "'unsafe-inline'"],
    "img-src": [_CDN],
    "font-src": [_CDN],
    "worker-src": ["'self'", "blob:"],
}
_REDOC_CSP = {**_DOCS_CSP, "script-src": [_CDN, "'unsafe-inline'"]}

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        csp_update(_DOCS_CSP)(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path(
        "api/redoc/",
        csp_update(_REDOC_CSP)(SpectacularRedocView.as_view(url_name="api-schema")),
        name="api-redoc",
    ),
    path("api/", include("secor.core.api_urls")),
    path("files/", include("secor.core.files")),
    path("accounts/mfa/", include("secor.accounts.mfa_urls")),
    path("accounts/login/", accounts_views.LoginView.as_view(), name="login"),
    path(
        "accounts/password_reset/",
        accounts_views.RateLimitedPasswordResetView.as_view(),
        name="password_reset",
    ),
    path("signup/sent/", accounts_views.signup_sent, name="signup-sent"),
    path("signup/confirm/<str:token>/", accounts_views.signup_confirm, name="signup-confirm"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("team/", accounts_views.team, name="team"),
    path(
        "team/invitations/<int:pk>/withdraw/",
        accounts_views.invitation_withdraw,
        name="team_invitation_withdraw",
    ),
    path("invitations/<str:secret>/", accounts_views.invitation, name="invitation"),
    path("reports/", include("secor.reports.urls")),
    path("reminders/", include("secor.reminders.urls")),
    path("", include("audits.urls")),  # audits and partner review (issue 5)
    path("", include("safety_program.urls")),  # the safety program (issue 11)
    path("", include("secor.certificates.urls")),  # certificate ledger, verification, directory (issue 10)
    path("", include("secor.changes.urls")),  # business changes (issue 13)
    path("", include("secor.web.urls")),
    path("", include("secor.core.urls")),
]

if settings.BENCHMARK_HELLO:  # benchmarks/web.py only: the baseline view, through the same middleware
    urlpatterns.append(path("bench/hello/", core_views.bench_hello))

handler404 = "secor.core.views.not_found"
