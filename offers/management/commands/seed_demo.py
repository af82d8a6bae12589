"""Create a demo job seeker with one comparison whose four offers get four different verdicts."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.services import email_confirmed
from offers import selectors, services
from offers.models import Comparison, Factor
from offers.services import RatingInput

DEMO_EMAIL = "demo@careerfit.example"
DEMO_PASSWORD = "demo-careerfit-2026"
DEMO_TITLE = "Demo: spring offers"

# Each offer's ratings follow this order.
FACTOR_KEYS = [
    "pay", "benefits", "schedule", "location", "predictability", "workload",
    "skill_growth", "achievements", "modern_tools", "network", "advancement",
]  # fmt: skip
DEMO_OFFERS = [
    (
        {
            "title": "Product analyst",
            "employer": "Northwind Retail",
            "location": "Lyon",
            "salary": 52000,
            "pay_period": "year",
            "hours_per_week": 38,
            "yearly_bonus": 4000,
            "living_costs": 22000,
            "work_mode": "hybrid",
        },
        [5, 4, 4, 4, 4, 4, 5, 4, 4, 4, 4],
        "Ideal option",
    ),
    (
        {
            "title": "Operations coordinator",
            "employer": "Harbour Logistics",
            "location": "Marseille",
            "salary": 48000,
            "pay_period": "year",
            "hours_per_week": 35,
            "work_mode": "on_site",
        },
        [5, 5, 4, 4, 5, 4, 2, 2, 3, 2, 2],
        "Pays the present",
    ),
    (
        {
            "title": "Junior machine-learning engineer",
            "employer": "Lumen Labs",
            "location": "Paris",
            "salary": 3250,
            "pay_period": "month",
            "hours_per_week": 45,
            "sign_on_bonus": 3000,
            "equity_per_year": 4000,
            "vesting_years": 4,
            "vesting_cliff_months": 12,
            "living_costs": 26000,
            "work_mode": "on_site",
        },
        [2, 2, 3, 2, 2, 2, 5, 5, 5, 4, 4],
        "Builds the future",
    ),
    (
        {
            "title": "Store assistant",
            "employer": "QuickMart",
            "location": "Lille",
            "salary": 14,
            "pay_period": "hour",
            "hours_per_week": 30,
            "work_mode": "on_site",
        },
        [2, 2, 2, 3, 2, 3, 2, 1, 2, 2, 1],
        "Weak on both",
    ),
]


class Command(BaseCommand):
    help = "Create (or reset) the demo job seeker and their comparison of four offers."

    @transaction.atomic
    def handle(self, *args, **options):
        user, created = get_user_model().objects.get_or_create(
            email=DEMO_EMAIL, defaults={"name": "Demo job seeker"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        email_confirmed(user=user)  # the demo logs in without a mail round trip

        # Idempotent: the demo comparison is rebuilt, the user's other data is left alone.
        Comparison.objects.filter(owner=user, title=DEMO_TITLE).delete()
        comparison = services.comparison_create(
            owner=user,
            title=DEMO_TITLE,
            notes="Four offers, one of each verdict, to show how CareerFit reads them.",
        )
        factors = Factor.objects.in_bulk(FACTOR_KEYS, field_name="key")
        for data, scores, _ in DEMO_OFFERS:
            ratings = {
                factors[key]: RatingInput(score=score)
                for key, score in zip(FACTOR_KEYS, scores, strict=True)
                if key in factors
            }
            services.offer_create(comparison=comparison, data=data, ratings=ratings)

        for offer, score in selectors.comparison_scores(comparison):
            self.stdout.write(f"  {offer}: {score.verdict.label}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready. Log in as {DEMO_EMAIL} with the password {DEMO_PASSWORD}"
                if created
                else f"Demo comparison rebuilt for {DEMO_EMAIL} (password unchanged)."
            )
        )
