from django.urls import path

from secor.core import views

urlpatterns = [
    path("", views.home, name="home"),
]
