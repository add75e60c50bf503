from django.urls import path

from secor.certificates import views

app_name = "certificates"

urlpatterns = [
    path("certificate/<int:employer_id>/", views.ledger_page, name="ledger"),
    path("certificate/<int:employer_id>/declare/<int:enrolment_id>/", views.declare_page, name="declare"),
    path("certificate/<int:employer_id>/decide/<int:enrolment_id>/", views.decide_page, name="decide"),
    path("certificate/declarations/<int:pk>/<str:action>/", views.declaration_decide, name="declaration"),
    path("certificate/declarations/<int:pk>/copy/", views.declaration_copy, name="declaration_copy"),
    path("certificate/<int:employer_id>/directory/", views.directory_toggle, name="directory_toggle"),
    path("verify/", views.verify_page, name="verify"),
    path("find-a-secor-company/", views.directory_index, name="directory_index"),
    path("find-a-secor-company/<str:province>/<str:code>/", views.directory_page, name="directory"),
]
