"""Every change an admin makes to the scoring is kept, with who and when; seekers are told."""

import re

import pytest
from django.urls import reverse

from offers.models import HISTORY_BASELINE, Dimension, Factor, ScoringVersion
from tests.factories import OfferFactory, UserFactory, rate_all, set_factor
from tests.test_admin import factor_changelist_post

pytestmark = pytest.mark.django_db

NOTICE = "The scoring changed since you last looked"


@pytest.fixture
def admin_client(client):
    admin = UserFactory(is_staff=True, is_superuser=True, email="admin@example.com")
    client.force_login(admin)
    return client, admin


def change_pay_weight_in_the_admin(client, weight):
    factors = list(Factor.objects.in_order())
    url = reverse("admin:offers_factor_changelist")
    response = client.post(url, factor_changelist_post(factors, pay={"weight": weight}))
    assert response.status_code == 302


def test_a_weight_change_in_the_admin_is_kept_with_who_and_when(admin_client):
    client, admin = admin_client
    change_pay_weight_in_the_admin(client, "2.5")
    change_pay_weight_in_the_admin(client, "3")
    pay = Factor.objects.get(key="pay")
    first, *records = list(pay.history.order_by("history_date", "history_id"))
    # Its first entry is the factor as the migrations made it, by nobody.
    assert (str(first.weight), first.history_type, first.history_user) == ("1.00", "+", None)
    assert [str(r.weight) for r in records] == ["2.50", "3.00"]
    assert all(r.history_user == admin for r in records)
    assert records[-1].diff_against(records[0]).changed_fields == ["weight"]
    page = client.get(reverse("admin:offers_factor_history", args=[pay.pk])).content.decode()
    assert "admin@example.com" in page
    assert re.search(r"<strong>Weight:</strong> 2\.50 → 3\.00", page)


def test_the_first_change_of_a_factor_made_by_a_migration_shows_what_it_was(admin_client):
    """Rows a data migration made have a first history entry, so a first change has a "from"."""
    client, _ = admin_client
    pay = Factor.objects.get(key="pay")
    assert pay.history.count() == 1
    change_pay_weight_in_the_admin(client, "2.5")
    page = client.get(reverse("admin:offers_factor_history", args=[pay.pk])).content.decode()
    assert re.search(r"<strong>Weight:</strong> 1\.00 → 2\.50", page)


def test_the_baseline_history_migration_fills_in_only_what_has_none():
    import importlib

    from django.apps import apps

    from offers.models import PlanAdvice

    migration = importlib.import_module("offers.migrations.0012_baseline_history")
    Factor.history.filter(key="pay").delete()
    before = {
        "factors": Factor.history.count(),
        "dimensions": Dimension.history.count(),
        "texts": PlanAdvice.history.count(),
    }
    migration.create(apps, None)
    assert Factor.history.count() == before["factors"] + 1  # pay alone had none
    assert Dimension.history.count() == before["dimensions"]
    assert PlanAdvice.history.count() == before["texts"]
    baseline = Factor.history.get(key="pay")
    assert baseline.weight == Factor.objects.get(key="pay").weight
    assert baseline.history_change_reason == HISTORY_BASELINE


def test_the_first_entries_are_no_news_to_the_seeker(client, user, comparison):
    """Deploying the baseline renews the scoring version, yet nobody changed anything."""
    import importlib

    from django.apps import apps

    rate_all(OfferFactory(comparison=comparison), 4, 4)
    client.force_login(user)
    client.get(comparison.get_absolute_url())  # seen
    Factor.history.all().delete()
    importlib.import_module("offers.migrations.0012_baseline_history").create(apps, None)
    ScoringVersion.renew()  # as every migrate does
    assert NOTICE not in client.get(comparison.get_absolute_url()).content.decode()


def test_a_threshold_change_is_kept_too(admin_client):
    client, admin = admin_client
    life_fit = Dimension.objects.get(key="life_fit")
    url = reverse("admin:offers_dimension_change", args=[life_fit.pk])
    page = client.get(url).content.decode()
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    data.update(
        {
            "label": life_fit.label,
            "question": life_fit.question,
            "strong_threshold": "75",
            "position": life_fit.position,
        }
    )
    for i, factor in enumerate(life_fit.factors.order_by("position", "pk")):
        data.update(
            {
                f"factors-{i}-id": factor.pk,
                f"factors-{i}-dimension": life_fit.pk,
                f"factors-{i}-label": factor.label,
                f"factors-{i}-key": factor.key,
                f"factors-{i}-help_text": factor.help_text,
                f"factors-{i}-weight": factor.weight,
                f"factors-{i}-position": factor.position,
                f"factors-{i}-active": "on",
            }
        )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    record = life_fit.history.latest()
    assert record.strong_threshold == 75
    assert record.history_user == admin


def test_the_seeker_is_told_once_what_changed_since_they_last_looked(client, user, comparison):
    rate_all(OfferFactory(comparison=comparison), 4, 4)
    client.force_login(user)
    url = comparison.get_absolute_url()
    assert NOTICE not in client.get(url).content.decode()  # the first look
    set_factor("pay", weight=3)
    set_factor("workload", active=False)
    page = client.get(url).content.decode()
    assert NOTICE in page
    assert "an administrator adjusted Pay, Workload." in page
    assert NOTICE not in client.get(url).content.decode()  # seen now


def test_a_new_scoring_version_without_a_change_says_nothing(client, user, comparison):
    client.force_login(user)
    url = comparison.get_absolute_url()
    client.get(url)
    ScoringVersion.renew()  # as every `migrate` does
    assert NOTICE not in client.get(url).content.decode()


def test_a_counsellor_is_not_shown_the_seekers_notice(client, user, comparison):
    from tests.factories import AccessFactory, CounsellorFactory

    counsellor = CounsellorFactory()
    AccessFactory(counsellor=counsellor, client=user)
    client.force_login(counsellor)
    url = reverse("counselling:comparison", args=[comparison.pk])
    client.get(url)
    set_factor("pay", weight=3)
    assert NOTICE not in client.get(url).content.decode()
