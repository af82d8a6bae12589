import importlib.util
from pathlib import Path

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


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits count in the cache: each test starts with none used."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def logged_in(client, user):
    """The test client, logged in as `user`."""
    client.force_login(user)
    return client


@pytest.fixture
def comparison(user):
    return ComparisonFactory(owner=user)


@pytest.fixture
def staff_client(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


# --- Reference data --------------------------------------------------------------------------
# live_server needs transactional tests, and those end by flushing every table: the two
# dimensions and eleven factors created by the data migration offers/0002, the plan texts of
# offers/0011 and their first history entries (0012) would be gone for the next test (and, with
# --reuse-db, for the next run). Re-create them from the migrations themselves before each
# transactional test (browser and concurrency tests) and again after its flush.


def _load_reference_data_migration(name: str):
    path = Path(__file__).resolve().parents[1] / "offers" / "migrations" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"offers_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_reference_data = [
    _load_reference_data_migration("0002_dimensions_and_factors"),
    _load_reference_data_migration("0011_plan_texts"),
    _load_reference_data_migration("0012_baseline_history"),
]
_test_db = pytest.StashKey[tuple]()


def restore_reference_data():
    from django.apps import apps

    for migration in _reference_data:
        migration.create(apps, None)


@pytest.fixture(autouse=True)
def reference_data(request, django_db_blocker):
    """Dimensions and factors exist during the test and are put back after the flush."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    if transactional or {"transactional_db", "live_server"} & set(request.fixturenames):
        from django.db import connection

        request.getfixturevalue("transactional_db")
        request.node.stash[_test_db] = (django_db_blocker, connection.settings_dict["NAME"])
        restore_reference_data()
    yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)  # all fixtures torn down: transactional_db has flushed the tables
    finally:
        blocker, test_db_name = item.stash.get(_test_db, (None, None))
        if blocker is not None:
            from django.db import connection

            # After the last test the test database may be gone already (the settings then
            # name the real database again): nothing to restore, and nothing to touch.
            if connection.settings_dict["NAME"] == test_db_name:
                with blocker.unblock():
                    try:
                        restore_reference_data()
                    finally:
                        # Leave no session open: PostgreSQL refuses to drop the test database
                        # at the end while one is.
                        connection.close()
