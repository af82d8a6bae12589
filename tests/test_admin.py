"""The Django admin lets staff tune weights and thresholds, and refuses bad values."""

from decimal import Decimal

import pytest
from django.urls import reverse

from offers.models import Dimension, Factor
from tests.factories import OfferFactory, UserFactory, rate_importance

pytestmark = pytest.mark.django_db


def factor_changelist_post(factors, **overrides):
    """The changelist's list_editable formset, with every factor as it is unless overridden."""
    data = {
        "form-TOTAL_FORMS": str(len(factors)),
        "form-INITIAL_FORMS": str(len(factors)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for i, factor in enumerate(factors):
        values = {
            "id": factor.pk,
            "weight": factor.weight,
            "position": factor.position,
            "active": "on" if factor.active else "",
        }
        values.update(overrides.get(factor.key, {}))
        for name, value in values.items():
            if name == "active" and not value:
                continue
            data[f"form-{i}-{name}"] = str(value)
    return data


def test_staff_can_change_a_weight_from_the_factor_list(staff_client):
    factors = list(Factor.objects.order_by("label"))
    url = reverse("admin:offers_factor_changelist")
    response = staff_client.post(url, factor_changelist_post(factors, pay={"weight": "2.5"}))
    assert response.status_code == 302
    assert Factor.objects.get(key="pay").weight == Decimal("2.5")


def test_a_negative_weight_is_refused_and_nothing_is_saved(staff_client):
    factors = list(Factor.objects.order_by("label"))
    url = reverse("admin:offers_factor_changelist")
    data = factor_changelist_post(factors, pay={"weight": "-1"}, workload={"weight": "3"})
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0" in response.content.decode()
    assert Factor.objects.get(key="pay").weight == Decimal("1")
    assert Factor.objects.get(key="workload").weight == Decimal("1")


LIFE_FIT_KEYS = ["pay", "benefits", "schedule", "location", "predictability", "workload"]


def test_the_factor_list_refuses_to_leave_a_dimension_without_a_weighted_factor(staff_client):
    factors = list(Factor.objects.order_by("label"))
    url = reverse("admin:offers_factor_changelist")
    zeroed = {key: {"weight": "0"} for key in LIFE_FIT_KEYS[:-1]}
    data = factor_changelist_post(factors, **zeroed, workload={"active": ""})
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "“Life fit” would be left without an active factor" in response.content.decode()
    assert not Factor.objects.filter(weight=0).exists()
    assert Factor.objects.get(key="workload").active
    # Leaving one weighted, active factor is fine.
    data = factor_changelist_post(factors, **zeroed)
    assert staff_client.post(url, data).status_code == 302
    assert Factor.objects.filter(weight=0).count() == 5


def test_a_factor_page_refuses_to_switch_off_its_dimensions_last_weighted_factor(staff_client):
    Factor.objects.filter(key__in=LIFE_FIT_KEYS[:-1]).update(weight=0)
    workload = Factor.objects.get(key="workload")
    url = reverse("admin:offers_factor_change", args=[workload.pk])
    data = {
        "dimension": workload.dimension_id, "key": workload.key, "label": workload.label,
        "help_text": workload.help_text, "weight": "0", "position": workload.position,
        "active": "on",
    }  # fmt: skip
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "“Life fit” would be left without an active factor" in response.content.decode()
    workload.refresh_from_db()
    assert workload.weight == Decimal("1")


def dimension_post(dimension, **changes):
    factors = list(dimension.factors.order_by("position"))
    data = {
        "label": dimension.label,
        "question": dimension.question,
        "strong_threshold": dimension.strong_threshold,
        "position": dimension.position,
        "factors-TOTAL_FORMS": str(len(factors)),
        "factors-INITIAL_FORMS": str(len(factors)),
        "factors-MIN_NUM_FORMS": "0",
        "factors-MAX_NUM_FORMS": "1000",
    }
    for i, f in enumerate(factors):
        data.update({
            f"factors-{i}-id": f.pk, f"factors-{i}-dimension": dimension.pk,
            f"factors-{i}-label": f.label, f"factors-{i}-key": f.key,
            f"factors-{i}-weight": f.weight, f"factors-{i}-position": f.position,
            f"factors-{i}-active": "on", f"factors-{i}-help_text": f.help_text,
        })  # fmt: skip
    data.update(changes)
    return data


def test_staff_can_change_a_threshold_and_inline_weight(staff_client):
    dimension = Dimension.objects.get(key="life_fit")
    url = reverse("admin:offers_dimension_change", args=[dimension.pk])
    response = staff_client.post(
        url, dimension_post(dimension, strong_threshold=65, **{"factors-0-weight": "4"})
    )
    assert response.status_code == 302
    dimension.refresh_from_db()
    assert dimension.strong_threshold == 65
    assert dimension.factors.order_by("position").first().weight == Decimal("4")


def test_the_dimension_page_refuses_to_zero_every_factor_weight(staff_client):
    dimension = Dimension.objects.get(key="future_value")
    url = reverse("admin:offers_dimension_change", args=[dimension.pk])
    zeros = {f"factors-{i}-weight": "0" for i in range(dimension.factors.count())}
    response = staff_client.post(url, dimension_post(dimension, strong_threshold=60, **zeros))
    assert response.status_code == 200
    assert "“Future value” would be left without an active factor" in response.content.decode()
    dimension.refresh_from_db()
    assert dimension.strong_threshold == 70
    assert not dimension.factors.filter(weight=0).exists()


@pytest.mark.parametrize("threshold", ["101", "-5", "seventy"])
def test_a_bad_threshold_is_refused_with_a_field_error(staff_client, threshold):
    dimension = Dimension.objects.get(key="future_value")
    url = reverse("admin:offers_dimension_change", args=[dimension.pk])
    response = staff_client.post(
        url, dimension_post(dimension, strong_threshold=threshold, **{"factors-0-weight": "9"})
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["strong_threshold"]
    dimension.refresh_from_db()
    assert dimension.strong_threshold == 70
    assert dimension.factors.order_by("position").first().weight == Decimal("1")


def test_dimensions_cannot_be_added_or_deleted(staff_client):
    dimension = Dimension.objects.first()
    assert staff_client.get(reverse("admin:offers_dimension_add")).status_code == 403
    delete_url = reverse("admin:offers_dimension_delete", args=[dimension.pk])
    assert staff_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Dimension.objects.count() == 2


def test_factor_list_filters_by_dimension_and_searches(staff_client):
    url = reverse("admin:offers_factor_changelist")
    life = Dimension.objects.get(key="life_fit")
    response = staff_client.get(url, {"dimension__id__exact": life.pk})
    assert [f.key for f in response.context["cl"].result_list] == [
        "pay",
        "benefits",
        "schedule",
        "location",
        "predictability",
        "workload",
    ]
    response = staff_client.get(url, {"q": "network"})
    assert [f.key for f in response.context["cl"].result_list] == ["network"]


def test_comparisons_and_offers_are_listed_for_support_but_read_only(staff_client):
    offer = OfferFactory(title="Data engineer")
    response = staff_client.get(reverse("admin:offers_comparison_changelist"))
    assert offer.comparison.title in response.content.decode()
    response = staff_client.get(reverse("admin:offers_offer_change", args=[offer.pk]))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert "Data engineer" in response.content.decode()


def test_a_comparisons_personal_importances_show_read_only_for_support(staff_client):
    offer = OfferFactory(title="Data engineer", is_current_job=True)
    rate_importance(offer.comparison, workload="none")
    response = staff_client.get(
        reverse("admin:offers_comparison_change", args=[offer.comparison.pk])
    )
    page = response.content.decode()
    assert "personal importance" in page.lower()
    assert "Not at all" in page
    assert 'name="importances-0-importance"' not in page  # shown, not editable


def test_non_staff_users_cannot_reach_the_admin(client):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:offers_factor_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_staff_can_mark_users_as_counsellors(staff_client):
    people = [UserFactory(), UserFactory()]
    response = staff_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "mark_as_counsellor", "_selected_action": [p.pk for p in people]},
    )
    assert response.status_code == 302
    for person in people:
        person.refresh_from_db()
        assert person.is_counsellor


def test_staff_can_create_a_user_with_an_email(staff_client):
    response = staff_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "coach@example.com",
            "name": "Coach",
            "is_counsellor": "on",
            "usable_password": "true",
            "password1": "Plenty-long-pass-42",
            "password2": "Plenty-long-pass-42",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    from accounts.models import User

    assert User.objects.get(email="coach@example.com").is_counsellor
