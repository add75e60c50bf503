"""An empty URL configuration (tests that change ROOT_URLCONF)."""

urlpatterns: list = []
