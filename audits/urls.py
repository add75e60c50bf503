"""Audit pages: the employer's audit workspace under /audits/ and the reviewers' workspace under /review/."""

from django.urls import path

from audits import review_views, views

app_name = "audits"

urlpatterns = [
    path("audits/", views.workspace, name="workspace"),
    path("audits/new/", views.create, name="create"),
    path("audits/<int:pk>/", views.detail, name="detail"),
    path("audits/<int:pk>/plan/", views.plan, name="plan"),
    path("audits/<int:pk>/readiness/", views.readiness, name="readiness"),
    path("audits/<int:pk>/questions/<int:qid>/", views.question, name="question"),
    path("audits/<int:pk>/questions/<int:qid>/evidence/", views.evidence_upload, name="evidence-upload"),
    path("audits/<int:pk>/submit/", views.submit, name="submit"),
    path("audits/<int:pk>/carry-over/", views.carry_over, name="carry-over"),
    path("audits/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("audits/<int:pk>/revisions/<int:number>/", views.revision, name="revision"),
    path("audits/evidence/<int:eid>/", views.evidence_download, name="evidence-download"),
    path("audits/evidence/<int:eid>/remove/", views.evidence_remove, name="evidence-remove"),
    path("audits/notes/<int:nid>/respond/", views.note_respond, name="note-respond"),
    path("review/", review_views.review_queue, name="review-queue"),
    path("review/<int:pk>/", review_views.review, name="review"),
    path("review/<int:pk>/assign/", review_views.review_assign, name="review-assign"),
    path("review/<int:pk>/start/", review_views.review_start, name="review-start"),
    path("review/<int:pk>/note/", review_views.review_note, name="review-note"),
    path("review/<int:pk>/corrections/", review_views.review_corrections, name="review-corrections"),
    path("review/<int:pk>/accept/", review_views.review_accept, name="review-accept"),
    path("review/<int:pk>/reject/", review_views.review_reject, name="review-reject"),
]
