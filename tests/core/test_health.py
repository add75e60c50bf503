import pytest
from django.test import Client


@pytest.mark.django_db
def test_healthz_reports_database_and_broker():
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is True


@pytest.mark.django_db
def test_healthz_is_503_when_broker_is_down(settings):
    # A closed port on this machine: the broker is unreachable, the answer must say so.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = Client().get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["broker"]["ok"] is False
    assert body["database"]["ok"] is True


def test_healthz_is_503_when_database_is_down(monkeypatch):
    from secor.core import views

    monkeypatch.setattr(views, "check_database", lambda: (False, "OperationalError: refused"))
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == {"ok": False, "detail": "OperationalError: refused"}


@pytest.mark.django_db
def test_home_page_serves():
    response = Client().get("/")
    assert response.status_code == 200
    assert b"SECOR" in response.content
