"""The pages requested, each with the URLs and session cookies its requests cycle through,
and their SQL queries counted in-process. Import after django.setup()."""

import random
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from offers.models import Comparison
from scripts.loadbench.load import Page
from scripts.loadbench.seed import Plan, Seeded, seed

Target = tuple[str, str]  # (path, Cookie header; empty for an anonymous request)
DETAIL = "offers:comparison-detail"
CACHED = 100  # the ten-offer comparisons read unchanged; the others are "just changed"


def seed_pages(users: int, urls: str) -> list[Page]:
    """Seed the database; the pages, with many users' URLs (urls="spread") or one ("one")."""
    step = time.monotonic()
    rng = random.Random(2026)
    some = min(50, users // 4)
    # Twice as many 50-offer comparisons: half read unchanged, half "just changed".
    seeded = seed(Plan(users=users, list_users=some, big_users=2 * some), rng)
    made = ", ".join(f"{count:,} {table}" for table, count in seeded.rows.items())
    print(f"Seeded {made}, vacuumed and analysed in {time.monotonic() - step:.1f} s")
    pages = build_pages(seeded)
    for page in pages:
        rng.shuffle(page.targets)  # consecutive requests go to different users
        if urls == "one":
            del page.targets[1:]
    return pages


def build_pages(seeded: Seeded) -> list[Page]:
    """The pages, each over its own set of comparisons so that runs do not disturb each other.

    The comparison pages come twice: read again unchanged (served from the cache) and right
    after a change (computed afresh).
    """

    def cookie(user_id: int) -> str:
        return f"{settings.SESSION_COOKIE_NAME}={seeded.sessions[user_id]}"

    def each(comparisons, view: str) -> list[Target]:
        return [(reverse(view, args=[c.pk]), cookie(c.owner_id)) for c in comparisons]

    # The list users' comparisons stay unchanged: "my comparisons" reads them from the cache.
    listing = {u.pk for u in seeded.list_users}
    small = [c for c in seeded.small if c.owner_id not in listing]
    read, changed = small[:CACHED], small[CACHED:]
    big_read, big_changed = seeded.big[: len(seeded.big) // 2], seeded.big[len(seeded.big) // 2 :]
    comparison_list = reverse("offers:comparison-list")
    return [
        Page("bare", [("/bench/bare", "")]),
        Page("one-query", [("/bench/one-query", "")]),
        Page("comparison, 10 offers", each(read, DETAIL), warm=True),
        Page("comparison, 50 offers", each(big_read, DETAIL), warm=True),
        Page(
            "my comparisons (20)",
            [(comparison_list, cookie(u.pk)) for u in seeded.list_users],
            warm=True,
        ),
        Page("offer form (GET)", each(read, "offers:offer-create"), warm=True),
        Page(
            "my clients (40)",
            [(reverse("counselling:client-list"), cookie(c.pk)) for c in seeded.counsellors],
            warm=True,
        ),
        Page("10 offers, just edited", each(changed, DETAIL), changed=[c.pk for c in changed]),
        Page(
            "50 offers, just edited",
            each(big_changed, DETAIL),
            changed=[c.pk for c in big_changed],
        ),
        Page("CSV export, 10 offers", each(seeded.small, "offers:comparison-export")),
    ]


def renew_versions(comparison_ids: list[int]) -> None:
    """What every write does to a comparison: its cached results are left behind."""
    Comparison.objects.filter(pk__in=comparison_ids).update(version=uuid.uuid4())


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
