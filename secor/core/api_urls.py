"""The API router: every area registers its viewsets here."""

from django.urls import path
from rest_framework.routers import DefaultRouter

router = DefaultRouter()

urlpatterns = [*router.urls]
