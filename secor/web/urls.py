"""Browser pages (namespace ``web``). Auth pages (log-in, log-out, password reset) use Django's own views and
names (``login``, ``logout``, ``password_reset`` …), included from ``secor/urls.py``."""

from django.urls import path

from secor.web import views, views_portfolio, views_records

app_name = "web"

urlpatterns = [
    path("check/", views.checker_page, name="checker"),
    path("signup/", views.signup, name="signup"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("employers/", views.choose_employer, name="choose_employer"),
    path("employers/<int:pk>/switch/", views.switch_employer, name="switch_employer"),
    path("portfolio/", views_portfolio.portfolio, name="portfolio"),
    # records
    path("people/", views_records.people, name="people"),
    path("people/new/", views_records.person_edit, name="person_new"),
    path("people/<int:pk>/", views_records.person_edit, name="person_edit"),
    path("people/<int:pk>/delete/", views_records.person_delete, name="person_delete"),
    path("people/<int:pk>/restore/", views_records.person_restore, name="person_restore"),
    path("people/<int:person_pk>/training/new/", views_records.training_edit, name="training_new"),
    path("training/<int:pk>/", views_records.training_edit, name="training_edit"),
    path("training/<int:pk>/delete/", views_records.training_delete, name="training_delete"),
    path("accounts-and-memberships/", views_records.accounts, name="accounts"),
    path("wcb-accounts/new/", views_records.wcb_edit, name="wcb_new"),
    path("wcb-accounts/<int:pk>/", views_records.wcb_edit, name="wcb_edit"),
    path("memberships/new/", views_records.membership_edit, name="membership_new"),
    path("memberships/<int:pk>/", views_records.membership_edit, name="membership_edit"),
    path("enrolment/", views_records.enrolment_edit, name="enrolment_edit"),
    path("import/", views_records.import_page, name="import"),
]
