from django.apps import AppConfig


class WebConfig(AppConfig):
    """The browser product: pages, forms and template tags (no models)."""

    name = "secor.web"
    label = "web"
    verbose_name = "Web pages"

    def ready(self) -> None:
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save

        from secor.web.activity import audit_changed

        try:
            audit_models = apps.get_app_config("audits").get_models()
        except LookupError:
            return
        for model in audit_models:  # the dashboard's audits card follows every audit record
            post_save.connect(audit_changed, sender=model, dispatch_uid=f"dashboard-audits-{model.__name__}")
            post_delete.connect(
                audit_changed, sender=model, dispatch_uid=f"dashboard-audits-del-{model.__name__}"
            )
