import pytest
from django.conf import settings

from tests.factories import ComparisonFactory, UserFactory


def pytest_configure(config):
    # PBKDF2 costs ~0.4 s a hash; tests check behaviour, not hashing strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Serve static files from the source folders: tests must not depend on collectstatic.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True


def pytest_report_header(config):
    db = settings.DATABASES["default"]
    return f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('HOST') or ''} {db['NAME']}"


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def comparison(user):
    return ComparisonFactory(owner=user)


@pytest.fixture
def staff_client(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client
