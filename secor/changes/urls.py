from django.urls import path

from secor.changes import views

app_name = "changes"

urlpatterns = [
    path("changes/<int:employer_id>/", views.change_list, name="list"),
    path("changes/<int:employer_id>/new/", views.change_new, name="new"),
    path("changes/<int:employer_id>/<int:pk>/", views.change_detail, name="detail"),
    path("changes/<int:employer_id>/<int:pk>/withdraw/", views.change_withdraw, name="withdraw"),
]
