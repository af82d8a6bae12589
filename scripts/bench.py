"""Print timing, query and memory figures for the heaviest pages.

Run with `make bench`. It builds a throw-away test database (SQLite, or the server named by
DATABASE_URL), fills comparisons of 1, 20 and 100 offers, and requests each page repeatedly.
Figures, not assertions: these machines are too noisy for timed tests.
"""

import os
import statistics
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerfit.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

ROUNDS = 30


def seed(size):
    from tests.factories import ComparisonFactory, OfferFactory, UserFactory, rate_all

    user = UserFactory()
    comparison = ComparisonFactory(owner=user, title=f"{size} offers")
    for i in range(size):
        rate_all(OfferFactory(comparison=comparison), life=1 + i % 5, future=5 - i % 5)
    return user, comparison


def measure(client, url):
    client.get(url)  # warm caches and templates
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    query_count = len(queries)  # read now: the next request resets the log
    tracemalloc.start()
    client.get(url)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), max(times), query_count, peak / 1024


def main():
    setup_test_environment()
    # Keep one connection for the whole run, as Django's own test cases do.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    warnings.filterwarnings("ignore", message="No directory at")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The test client speaks plain http: no redirect to https (on by default with DEBUG off).
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"database: {connection.vendor}; {ROUNDS} requests per page after one warm-up")
        # The reference, measured in the same run: /healthz, one SELECT 1 and no template.
        reference, *_ = measure(Client(), "/healthz")
        print(f"reference: /healthz, median {reference:.2f} ms; × = page median / reference\n")
        header = ("page", "offers", "median ms", "×", "max ms", "queries", "peak KiB")
        print("{:<28}{:>7}{:>11}{:>8}{:>9}{:>9}{:>10}".format(*header))
        for size in (1, 20, 100):
            user, comparison = seed(size)
            client = Client()
            client.force_login(user)
            pages = {
                "comparison page": comparison.get_absolute_url(),
                "CSV export": reverse("offers:comparison-export", args=[comparison.pk]),
                "my comparisons": reverse("offers:comparison-list"),
                "offer form": reverse("offers:offer-create", args=[comparison.pk]),
            }
            for name, url in pages.items():
                median, worst, queries, peak = measure(client, url)
                ratio = median / reference
                print(
                    f"{name:<28}{size:>7}{median:>11.1f}{ratio:>8.0f}{worst:>9.1f}"
                    f"{queries:>9}{peak:>10.0f}"
                )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
