"""Fill the bench database quickly: bulk inserts, one password hash, sessions made directly.

Every user gets a few comparisons of ten offers; some users get twenty comparisons (for the
"my comparisons" page) and some one comparison at the offer cap. Every offer is rated on every
active factor, with scores spread so that all four verdicts occur. Then the database is
vacuumed and analysed, as one in service would be.
"""

import importlib
import random
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from accounts.models import User
from counselling.models import CounsellorAccess
from offers.models import Comparison, Factor, FactorImportance, Offer, Rating
from offers.scoring import Importance, Priority

BATCH = 5000
PASSWORD = "bench-password-not-a-secret"
ROLES = ["Data analyst", "Backend developer", "Product manager", "UX designer", "SRE", "Tester"]
EMPLOYERS = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne"]
CITIES = ["Lisbon", "Berlin", "Lyon", "Remote", "Madrid", "Porto", "Ghent"]


@dataclass
class Plan:
    users: int = 1000
    comparisons_each: int = 3
    offers_each: int = 10
    list_users: int = 50  # users with list_size comparisons in all
    list_size: int = 20
    big_users: int = 50  # users with one more comparison of big_size offers
    big_size: int = field(default_factory=lambda: settings.MAX_OFFERS_PER_COMPARISON)
    counsellors: int = 10  # each with a caseload of `clients_each` of the users
    clients_each: int = 40


@dataclass
class Seeded:
    """What the pages are requested with: comparisons by size, users, their session keys."""

    small: list[Comparison]  # plan.offers_each offers
    big: list[Comparison]  # plan.big_size offers
    list_users: list[User]  # plan.list_size comparisons each
    counsellors: list[User]  # plan.clients_each clients each
    sessions: dict[int, str]  # user pk → session key
    rows: dict[str, int]  # table → rows inserted


def seed(plan: Plan, rng: random.Random) -> Seeded:
    factors = list(Factor.objects.active().select_related("dimension"))
    with transaction.atomic():
        users = make_users(plan.users)
        sizes = comparison_sizes(plan, users)
        comparisons = make_comparisons(sizes, rng)
        offers = make_offers(comparisons, sizes, rng)
        ratings = make_ratings(offers, factors, rng)
        importances = make_importances(comparisons, factors, rng)
        counsellors, grants = make_caseloads(plan, users)
    sessions = make_sessions(users + counsellors)
    analyze()
    return Seeded(
        small=[
            c for c, size in zip(comparisons, sizes, strict=True) if size[1] == plan.offers_each
        ],
        big=[c for c, size in zip(comparisons, sizes, strict=True) if size[1] == plan.big_size],
        list_users=users[: plan.list_users],
        counsellors=counsellors,
        sessions=sessions,
        rows={
            "users": len(users) + len(counsellors),
            "access grants": grants,
            "comparisons": len(comparisons),
            "offers": len(offers),
            "ratings": ratings,
            "importances": importances,
        },
    )


def make_users(count: int) -> list[User]:
    password = make_password(PASSWORD)  # hashed once: a hash costs a good part of a second
    users = User.objects.bulk_create(
        [
            User(email=f"bench{i}@example.com", name=f"Bench user {i}", password=password)
            for i in range(count)
        ],
        batch_size=BATCH,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        batch_size=BATCH,
    )
    return users


def make_caseloads(plan: Plan, users: list[User]) -> tuple[list[User], int]:
    """Counsellors, each given access by `plan.clients_each` of the users (taken in turn)."""
    password = make_password(PASSWORD)
    counsellors = User.objects.bulk_create(
        [
            User(
                email=f"counsellor{i}@example.com",
                name=f"Bench counsellor {i}",
                password=password,
                is_counsellor=True,
            )
            for i in range(plan.counsellors)
        ]
    )
    grants = [
        CounsellorAccess(
            counsellor=counsellor, client=users[(i * plan.clients_each + j) % len(users)]
        )
        for i, counsellor in enumerate(counsellors)
        for j in range(plan.clients_each)
    ]
    return counsellors, len(CounsellorAccess.objects.bulk_create(grants, batch_size=BATCH))


def comparison_sizes(plan: Plan, users: list[User]) -> list[tuple[User, int]]:
    """(owner, offer count) for every comparison to make."""
    sizes = []
    for i, user in enumerate(users):
        count = plan.list_size if i < plan.list_users else plan.comparisons_each
        sizes += [(user, plan.offers_each)] * count
        if plan.list_users <= i < plan.list_users + plan.big_users:
            sizes.append((user, plan.big_size))
    return sizes


def make_comparisons(sizes, rng: random.Random) -> list[Comparison]:
    priorities = [p.value for p in Priority]
    return Comparison.objects.bulk_create(
        [
            Comparison(owner=owner, title=f"Offers round {i + 1}", priority=rng.choice(priorities))
            for i, (owner, _) in enumerate(sizes)
        ],
        batch_size=BATCH,
    )


def make_offers(comparisons, sizes, rng: random.Random) -> list[Offer]:
    offers = []
    for comparison, (_, count) in zip(comparisons, sizes, strict=True):
        has_current_job = comparison.pk % 2 == 0  # half the comparisons hold the current job
        for j in range(count):
            offers.append(
                Offer(
                    comparison=comparison,
                    title=ROLES[j % len(ROLES)],
                    employer=f"{EMPLOYERS[j % len(EMPLOYERS)]} {j + 1}",  # unique per comparison
                    location=rng.choice(CITIES),
                    salary=rng.randrange(28_000, 120_000, 500),
                    hours_per_week=rng.choice([32, 36, 38, 40, 45]),
                    work_mode=rng.choice(Offer.WorkMode.values),
                    notes="Second interview went well." if j % 4 == 0 else "",
                    is_current_job=has_current_job and j == 0,
                )
            )
    return Offer.objects.bulk_create(offers, batch_size=BATCH)


def make_ratings(offers, factors, rng: random.Random) -> int:
    """Rate every offer on every active factor, in batches (the rows do not stay in memory).

    Each offer leans one way on each dimension, so verdicts vary: ideal, trade-offs, weak.
    """
    batch, total = [], 0
    for offer in offers:
        lean = {"life_fit": rng.randint(1, 5), "future_value": rng.randint(1, 5)}
        for factor in factors:
            score = lean[factor.dimension.key] + rng.choice((-1, 0, 0, 1))
            reason = "Asked them in the interview." if rng.random() < 0.1 else ""
            batch.append(
                Rating(
                    offer_id=offer.pk,
                    factor_id=factor.pk,
                    score=min(5, max(1, score)),
                    reason=reason,
                )
            )
        if len(batch) >= BATCH:
            total += len(Rating.objects.bulk_create(batch))
            batch = []
    return total + len(Rating.objects.bulk_create(batch))


def make_importances(comparisons, factors, rng: random.Random) -> int:
    """One comparison in three says one factor matters more or less than usual."""
    rows = [
        FactorImportance(
            comparison=c,
            factor=rng.choice(factors),
            importance=rng.choice([Importance.MORE.value, Importance.LESS.value]),
        )
        for c in comparisons[::3]
    ]
    return len(FactorImportance.objects.bulk_create(rows, batch_size=BATCH))


def make_sessions(users: list[User]) -> dict[int, str]:
    """A logged-in session per user, made by the configured session engine (no log-in flow)."""
    engine = importlib.import_module(settings.SESSION_ENGINE)
    keys = {}
    with transaction.atomic():
        for user in users:
            session = engine.SessionStore()
            session[SESSION_KEY] = user._meta.pk.value_to_string(user)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.save()
            keys[user.pk] = session.session_key
    return keys


def analyze() -> None:
    """Vacuum and gather the planner's statistics, as autovacuum does in service. Without them
    the planner guesses row counts on the fresh tables and reads the whole ratings table (with
    parallel workers) to fetch one comparison's ratings."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
