"""Personal importance: a seeker says how much each factor matters to them on one comparison."""

import csv
import io
import re

import pytest
from django.urls import reverse

from offers.models import Comparison, FactorImportance
from tests.factories import (
    AccessFactory,
    ComparisonFactory,
    CounsellorFactory,
    OfferFactory,
    rate_all,
    rate_importance,
    set_factor,
)

pytestmark = pytest.mark.django_db

KEYS = ["pay", "benefits", "schedule", "location", "predictability", "workload",
        "skill_growth", "achievements", "modern_tools", "network", "advancement"]  # fmt: skip


def importance_post(**levels):
    return {f"importance_{key}": levels.get(key, "usual") for key in KEYS}


@pytest.fixture
def overworked(comparison):
    """An offer that is strong on life fit except for a crushing workload, and a steady one."""
    heavy = rate_all(OfferFactory(comparison=comparison, title="Heavy", employer="H"), 4, 4)
    heavy.ratings.filter(factor__key="workload").update(score=1)  # life (5·75 + 0) / 6 = 62.5
    steady = rate_all(OfferFactory(comparison=comparison, title="Steady", employer="S"), 4, 3)
    return heavy, steady


def test_the_form_offers_four_levels_per_factor_with_as_usual_chosen(logged_in, comparison):
    response = logged_in.get(reverse("offers:comparison-importance", args=[comparison.pk]))
    page = response.content.decode()
    for label in ("Not at all", "Less", "As usual", "More"):
        assert f">{label}</label>" in page
    assert page.count('value="usual" checked') == len(KEYS)
    assert page.count('role="radiogroup"') == len(KEYS)


def test_setting_workload_to_not_at_all_changes_the_verdict_and_the_ranking(
    logged_in, comparison, overworked
):
    before = logged_in.get(comparison.get_absolute_url()).context["report"]
    assert [(v.name, v.verdict.label) for v in before.ranked] == [
        ("Heavy (H)", "Builds the future"),
        ("Steady (S)", "Pays the present"),
    ]
    response = logged_in.post(
        reverse("offers:comparison-importance", args=[comparison.pk]),
        importance_post(workload="none"),
        follow=True,
    )
    page = response.content.decode()
    assert "Personal importance saved (Workload: not at all)" in page
    report = response.context["report"]
    assert [(v.name, v.verdict.label) for v in report.ranked] == [
        ("Heavy (H)", "Ideal option"),
        ("Steady (S)", "Pays the present"),
    ]
    assert re.search(r"Personal importance in use</strong>:\s*Workload — not at all", page)
    assert "not counted for you" in page  # beside Workload in the table
    assert list(FactorImportance.objects.values_list("factor__key", "importance")) == [
        ("workload", "none")
    ]


def test_reset_puts_every_factor_back_to_its_usual_weight(logged_in, comparison, overworked):
    rate_importance(comparison, workload="none", pay="more")
    response = logged_in.post(
        reverse("offers:comparison-importance-reset", args=[comparison.pk]), follow=True
    )
    assert "Personal importance reset" in response.content.decode()
    assert not FactorImportance.objects.exists()
    assert response.context["report"].ranked[0].verdict.label == "Builds the future"
    assert "Personal importance in use" not in response.content.decode()


def test_only_departures_from_usual_are_stored_and_usual_everywhere_clears_them(
    logged_in, comparison
):
    url = reverse("offers:comparison-importance", args=[comparison.pk])
    logged_in.post(url, importance_post(pay="more", workload="less"))
    assert set(FactorImportance.objects.values_list("factor__key", "importance")) == {
        ("pay", "more"),
        ("workload", "less"),
    }
    response = logged_in.post(url, importance_post(), follow=True)
    assert "Every factor counts as usual again." in response.content.decode()
    assert not FactorImportance.objects.exists()


def test_an_importance_outside_the_allowed_set_is_refused_and_changes_nothing(
    logged_in, comparison
):
    rate_importance(comparison, pay="more")
    url = reverse("offers:comparison-importance", args=[comparison.pk])
    response = logged_in.post(url, importance_post(workload="triple", schedule="less"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose how much Workload matters to you: not at all, less, as usual or more." in page
    assert "Nothing was changed yet." in page
    # What was typed is kept: schedule stays on "less" in the form.
    assert re.search(r'value="less" checked>\s*<label[^>]*for="id_importance_schedule_1"', page)
    assert list(FactorImportance.objects.values_list("factor__key", "importance")) == [
        ("pay", "more")
    ]


def test_a_dimension_must_keep_a_factor_that_counts(logged_in, comparison):
    url = reverse("offers:comparison-importance", args=[comparison.pk])
    future = dict.fromkeys(KEYS[6:], "none")
    response = logged_in.post(url, importance_post(**future))
    assert "Future value needs at least one factor that counts" in response.content.decode()
    assert not FactorImportance.objects.exists()
    # A factor the admin weighted 0 does not count either.
    set_factor("network", weight=0)
    future.pop("network")
    response = logged_in.post(url, importance_post(**future))
    assert "Future value needs at least one factor that counts" in response.content.decode()


def test_other_comparisons_and_other_users_keep_their_results(
    logged_in, user, comparison, overworked
):
    mine_elsewhere = ComparisonFactory(owner=user)
    theirs = ComparisonFactory()
    for c in (mine_elsewhere, theirs):
        offer = rate_all(OfferFactory(comparison=c, title="Heavy"), 4, 4)
        offer.ratings.filter(factor__key="workload").update(score=1)
    logged_in.post(
        reverse("offers:comparison-importance", args=[comparison.pk]),
        importance_post(workload="none"),
    )
    elsewhere = logged_in.get(mine_elsewhere.get_absolute_url()).context["report"]
    assert elsewhere.ranked[0].verdict.label == "Builds the future"
    theirs_client = type(logged_in)()
    theirs_client.force_login(theirs.owner)
    assert (
        theirs_client.get(theirs.get_absolute_url()).context["report"].ranked[0].verdict.label
        == "Builds the future"
    )


def test_another_users_importance_page_answers_404(client, other_user, comparison):
    client.force_login(other_user)
    url = reverse("offers:comparison-importance", args=[comparison.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, importance_post(workload="none")).status_code == 404
    reset = reverse("offers:comparison-importance-reset", args=[comparison.pk])
    rate_importance(comparison, workload="more")
    assert client.post(reset).status_code == 404
    assert FactorImportance.objects.count() == 1


def test_the_counsellor_sees_the_effective_result_and_which_importances_were_set(
    client, user, comparison, overworked
):
    counsellor = CounsellorFactory()
    AccessFactory(counsellor=counsellor, client=user)
    rate_importance(comparison, workload="none")
    client.force_login(counsellor)
    response = client.get(reverse("counselling:comparison", args=[comparison.pk]))
    page = response.content.decode()
    assert response.context["report"].ranked[0].verdict.label == "Ideal option"
    assert re.search(r"Personal importance in use</strong>, set by your client:\s*Workload", page)
    assert reverse("offers:comparison-importance", args=[comparison.pk]) not in page
    assert reverse("offers:comparison-importance-reset", args=[comparison.pk]) not in page


def test_the_csv_says_which_importances_were_used(logged_in, comparison, overworked):
    rate_importance(comparison, workload="none", pay="more")
    response = logged_in.get(reverse("offers:comparison-export", args=[comparison.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {r["Personal importance"] for r in rows} == {"Pay: more; Workload: not at all"}
    assert rows[0]["Verdict"] == "Ideal option"


def test_saving_importance_moves_the_comparisons_last_update(logged_in, comparison):
    before = comparison.updated_at
    logged_in.post(
        reverse("offers:comparison-importance", args=[comparison.pk]),
        importance_post(pay="less"),
    )
    assert Comparison.objects.get(pk=comparison.pk).updated_at > before


def test_importance_of_an_inactive_factor_is_kept_for_when_it_returns(logged_in, comparison):
    rate_importance(comparison, benefits="more")
    set_factor("benefits", active=False)
    logged_in.post(
        reverse("offers:comparison-importance", args=[comparison.pk]),
        {k: v for k, v in importance_post(workload="less").items() if k != "importance_benefits"},
    )
    assert set(FactorImportance.objects.values_list("factor__key", "importance")) == {
        ("benefits", "more"),
        ("workload", "less"),
    }
