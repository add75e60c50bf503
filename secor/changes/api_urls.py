from django.urls import path

from secor.changes import api

urlpatterns = [
    path("employers/<int:pk>/changes/", api.EmployerChangesView.as_view(), name="api-employer-changes"),
    path("changes/<int:pk>/", api.ChangeDetailView.as_view(), name="api-change"),
]
