"""Secure by default, private by default, and clear in an outage."""

from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from tests import test_settings as settings_tests
from tests.factories import ComparisonFactory, OfferFactory, UserFactory, rate_all

ROOT = Path(__file__).resolve().parent.parent
# Left out of the subprocess's environment: the test settings set them (the browser tests set
# DJANGO_ALLOW_ASYNC_UNSAFE in this process).
HTTPS_SETTINGS = {"SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
                  "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
                  "DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # fmt: skip


def manage(*args, **env):
    return settings_tests.manage(*args, drop=HTTPS_SETTINGS, **env)


def test_check_deploy_is_clean_with_only_a_secret_key_and_allowed_hosts():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        SECRET_KEY="k" * 60 + "-deploy-check-only", ALLOWED_HOSTS="careerfit.example",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_https_settings_are_on_by_default_and_off_when_switched_off_or_in_debug():
    code = (
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    )
    default = manage("shell", "--no-imports", "-c", code, SECRET_KEY="x" * 50)
    assert default.stdout.split() == ["True", "True", "True", "31536000"], default.stderr
    off = manage(
        "shell", "--no-imports", "-c", code, SECRET_KEY="x" * 50,
        SECURE_SSL_REDIRECT="0", SESSION_COOKIE_SECURE="0", CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
    )  # fmt: skip
    assert off.stdout.split() == ["False", "False", "False", "0"], off.stderr
    debug = manage("shell", "--no-imports", "-c", code, DEBUG="1")
    assert debug.stdout.split() == ["False", "False", "False", "0"], debug.stderr


@pytest.mark.django_db
def test_private_pages_and_downloads_are_never_stored_by_caches(client):
    user = UserFactory()
    comparison = ComparisonFactory(owner=user)
    rate_all(OfferFactory(comparison=comparison), 4, 4)
    client.force_login(user)
    for url in (
        comparison.get_absolute_url(),
        reverse("offers:comparison-export", args=[comparison.pk]),
        reverse("offers:comparison-list"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= cache_control, url


@pytest.mark.django_db
def test_every_page_refuses_browser_features_it_never_uses(client):
    response = client.get(reverse("offers:landing"))
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy
    assert "no-store" not in response.get("Cache-Control", "")  # the public landing page


@pytest.mark.django_db
def test_healthz_answers_ok_after_a_database_round_trip(client):
    response = client.get("/healthz", HTTP_HOST="not-an-allowed-host.example")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.fixture
def take_database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    return lambda: monkeypatch.setattr(connection, "ensure_connection", refuse)


@pytest.mark.django_db
def test_healthz_answers_503_without_a_database(take_database_down):
    take_database_down()
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json()["database"] == "unreachable"


@pytest.mark.django_db
def test_pages_answer_503_with_retry_after_and_our_own_page_when_the_database_is_down(
    take_database_down,
):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    take_database_down()
    response = client.get(reverse("offers:comparison-list"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "CareerFit is out of reach for a moment" in page
    assert "Traceback" not in page
