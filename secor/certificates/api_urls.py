from django.urls import path

from secor.certificates import api

urlpatterns = [
    path("enrolments/<int:pk>/certificate/", api.LedgerView.as_view(), name="api-certificate-ledger"),
    path(
        "enrolments/<int:pk>/certificate/decisions/",
        api.DecisionView.as_view(),
        name="api-certificate-decision",
    ),
    path("enrolments/<int:pk>/certificate/issue/", api.IssueView.as_view(), name="api-certificate-issue"),
    path("enrolments/<int:pk>/declarations/", api.DeclareView.as_view(), name="api-certificate-declare"),
    path(
        "declarations/<int:pk>/confirm/",
        api.DeclarationDecisionView.as_view(confirm=True),
        name="api-declaration-confirm",
    ),
    path(
        "declarations/<int:pk>/refuse/",
        api.DeclarationDecisionView.as_view(confirm=False),
        name="api-declaration-refuse",
    ),
]
