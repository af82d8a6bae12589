"""The pages requested, each with the URLs and session cookies its requests cycle through,
and their SQL queries counted in-process. Import after django.setup()."""

import random
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scripts.loadbench.load import Page
from scripts.loadbench.seed import Plan, Seeded, seed

Target = tuple[str, str]  # (path, Cookie header; empty for an anonymous request)


def seed_pages(users: int, urls: str) -> list[Page]:
    """Seed the database; the pages, with many users' URLs (urls="spread") or one ("one")."""
    step = time.monotonic()
    rng = random.Random(2026)
    some = min(50, users // 4)
    seeded = seed(Plan(users=users, list_users=some, big_users=some), rng)
    made = ", ".join(f"{count:,} {table}" for table, count in seeded.rows.items())
    print(f"Seeded {made}, vacuumed and analysed in {time.monotonic() - step:.1f} s")
    pages = build_pages(seeded)
    for page in pages:
        rng.shuffle(page.targets)  # consecutive requests go to different users
        if urls == "one":
            del page.targets[1:]
    return pages


def build_pages(seeded: Seeded) -> list[Page]:
    def cookie(user_id: int) -> str:
        return f"{settings.SESSION_COOKIE_NAME}={seeded.sessions[user_id]}"

    def each(comparisons, view: str) -> list[Target]:
        return [(reverse(view, args=[c.pk]), cookie(c.owner_id)) for c in comparisons]

    comparison_list = reverse("offers:comparison-list")
    return [
        Page("bare", [("/bench/bare", "")]),
        Page("one-query", [("/bench/one-query", "")]),
        Page("comparison, 10 offers", each(seeded.small, "offers:comparison-detail")),
        Page("comparison, 50 offers", each(seeded.big, "offers:comparison-detail")),
        Page("my comparisons (20)", [(comparison_list, cookie(u.pk)) for u in seeded.list_users]),
        Page("offer form (GET)", each(seeded.small, "offers:offer-create")),
        Page("CSV export, 10 offers", each(seeded.small, "offers:comparison-export")),
    ]


def count_queries(pages: list[Page]) -> dict[str, str]:
    """SQL queries of each page's first URL, "cold/warm", with the test client in-process.

    Cold is the first request after the cache was flushed, warm the same request again. When
    sessions live only in the cache, flushing would log everybody out: cold is then just the
    first request.
    """
    sessions_in_cache = settings.SESSION_ENGINE == "django.contrib.sessions.backends.cache"
    counts = {}
    for page in pages:
        url, cookie = page.targets[0]
        client = Client(HTTP_HOST="127.0.0.1")
        if cookie:
            client.cookies.load(cookie)
        if not sessions_in_cache:
            cache.clear()
        cold = query_count(client, url)
        warm = query_count(client, url)
        counts[page.name] = f"{cold}/{warm}"
    return counts


def query_count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}, not 200")
    return len(queries)
