from django.apps import AppConfig


class WebConfig(AppConfig):
    """The browser product: pages, forms and template tags (no models)."""

    name = "secor.web"
    label = "web"
    verbose_name = "Web pages"
