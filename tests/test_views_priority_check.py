"""What do you need right now? The seeker answers, sees a suggestion, applies it or not."""

import csv
import io
import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from offers import services
from offers.guidance import Answers
from offers.models import Comparison, PriorityCheck
from tests.factories import (
    AccessFactory,
    ComparisonFactory,
    CounsellorFactory,
    OfferFactory,
    changed,
    rate_all,
)

pytestmark = pytest.mark.django_db

STABILITY = "Stability now (life fit 70 %)"
BALANCED = "Balanced (50 / 50)"
GROWTH = "Growth (future value 70 %)"
RENT_AT_RISK_REASON = (
    "With rent or a bill at risk and two months of savings, an offer that pays reliably now "
    "comes first."
)


def check_url(comparison):
    return reverse("offers:comparison-priority-check", args=[comparison.pk])


def clear_url(comparison):
    return reverse("offers:comparison-priority-check-clear", args=[comparison.pk])


def answers_post(**answers):
    """The form as a browser sends it: every radio group, "" where "Prefer not to say"."""
    data = {
        "money_at_risk": "",
        "dependants": "",
        "savings_months": "",
        "big_change": "",
        "growth_on_offer": "",
    }
    data.update(answers)
    return data


def save_check(comparison, **fields):
    """Answers saved directly, as `priority_check_save` would (it renews the version too)."""
    check = PriorityCheck.objects.create(comparison=comparison, **fields)
    changed(comparison)
    return check


@pytest.fixture
def offers(comparison):
    """One offer that pays the present and one that builds the future."""
    rate_all(OfferFactory(comparison=comparison, title="Steady", employer="S"), life=5, future=2)
    rate_all(OfferFactory(comparison=comparison, title="Stretch", employer="T"), life=2, future=5)


@pytest.fixture
def counsellor_client(user):
    counsellor = CounsellorFactory()
    AccessFactory(counsellor=counsellor, client=user)
    client = Client()
    client.force_login(counsellor)
    return client


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# The form ------------------------------------------------------------------------------------


def test_the_comparison_page_links_to_five_quick_questions_beside_the_priority_buttons(
    logged_in, comparison, offers
):
    page = text(logged_in.get(comparison.get_absolute_url()))
    assert (
        f'<a class="small" href="{check_url(comparison)}">Not sure? Answer five quick questions</a>'
        in page
    )
    assert "Your answers suggest" not in page


def test_the_form_asks_five_plain_questions_each_may_be_left_unsaid(logged_in, comparison):
    response = logged_in.get(check_url(comparison))
    assert response.status_code == 200
    page = text(response)
    for question in (
        "Is rent, a debt or a bill at risk if your income stops or drops?",
        "Do other people depend on your income?",
        "How many months of your living costs could your savings cover?",
        "Do you have a move, a health matter or another big change to absorb in the coming months?",
        "Does any offer here come with mentoring, strong training or a portfolio you could build?",
    ):
        assert question in page
    assert page.count('role="radiogroup"') == 4
    # A fresh form says nothing for the seeker: "Prefer not to say" is where each group starts.
    assert page.count('value="" checked') == 4
    assert page.count(">Prefer not to say</label>") == 4
    assert 'inputmode="numeric"' in page
    assert "See what my answers suggest" in page
    assert "Clear my answers" not in page
    assert "Your answers suggest" not in page


def test_saving_keeps_the_answers_and_shows_the_suggestion_with_a_button_to_apply_it(
    logged_in, comparison, offers
):
    response = logged_in.post(
        check_url(comparison), answers_post(money_at_risk="yes", savings_months="2"), follow=True
    )
    assert response.redirect_chain[-1][0] == f"{check_url(comparison)}#suggestion"
    page = text(response)
    assert "Your answers are saved. Here is what they suggest." in page
    assert f"Your answers suggest: {STABILITY}</h2>" in page
    assert RENT_AT_RISK_REASON in page
    assert f">Rank offers for {STABILITY}</button>" in page
    assert '<input type="hidden" name="priority" value="stability">' in page
    assert f"Offers are ranked for {BALANCED} now" in page
    check = PriorityCheck.objects.get(comparison=comparison)
    assert check.answers.money_at_risk is True
    assert (check.dependants, check.savings_months, check.big_change) == (None, 2, None)
    # The priority itself is left alone until the seeker applies the suggestion.
    assert Comparison.objects.get(pk=comparison.pk).priority == "balanced"
    # The form comes back with the saved answers.
    assert re.search(r'name="money_at_risk" id="id_money_at_risk_0" value="yes" checked', page)
    assert 'name="savings_months" id="id_savings_months" value="2"' in page
    assert "Clear my answers" in page


def test_applying_the_suggestion_ranks_the_offers_for_it(logged_in, comparison, offers):
    logged_in.post(check_url(comparison), answers_post(money_at_risk="yes", savings_months="2"))
    response = logged_in.post(
        reverse("offers:comparison-priority", args=[comparison.pk]),
        {"priority": "stability"},
        follow=True,
    )
    assert f"Offers are now ranked for: {STABILITY}." in text(response)
    report = response.context["report"]
    assert report.priority.value == "stability"
    assert report.panel.best.name == "Steady (S)"
    assert "Offers are ranked for it." in text(response)


def test_a_suggestion_that_is_the_current_priority_says_so_instead_of_offering_a_button(
    logged_in, comparison, offers
):
    Comparison.objects.filter(pk=comparison.pk).update(priority="growth")
    response = logged_in.post(
        check_url(comparison),
        answers_post(dependants="no", savings_months="8", growth_on_offer="yes"),
        follow=True,
    )
    page = text(response)
    assert f"Your answers suggest: {GROWTH}</h2>" in page
    assert f"Offers are already ranked for {GROWTH}." in page
    assert "Rank offers for" not in page
    detail = text(logged_in.get(comparison.get_absolute_url()))
    assert f"Your answers suggest <strong>{GROWTH}</strong>: With eight months" in detail
    assert "Offers are ranked for it." in detail


def test_the_comparison_page_shows_the_suggestion_near_the_priority_buttons(
    logged_in, comparison, offers
):
    logged_in.post(check_url(comparison), answers_post(money_at_risk="yes", savings_months="2"))
    page = text(logged_in.get(comparison.get_absolute_url()))
    assert (
        f"Your answers suggest <strong>{STABILITY}</strong>: {RENT_AT_RISK_REASON} "
        f'<a class="no-print" href="{check_url(comparison)}">See or change your answers</a>'
    ) in page
    assert "Not sure? Answer five quick questions" not in page
    # Only the priority buttons re-rank there: one button per priority, as before.
    assert page.count('name="priority"') == 3


def test_answers_can_be_changed_later(logged_in, comparison):
    logged_in.post(check_url(comparison), answers_post(money_at_risk="yes", savings_months="2"))
    first = PriorityCheck.objects.get().answered_at
    logged_in.post(
        check_url(comparison),
        answers_post(money_at_risk="no", dependants="no", savings_months="4 months"),
    )
    check = PriorityCheck.objects.get()
    assert (check.money_at_risk, check.dependants, check.savings_months) == (False, False, 4)
    assert check.answered_at > first


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "Enter a whole number of months, e.g. 3, or 0 if you have no savings."),
        ("2.5", "Enter a whole number of months, e.g. 3, or 0 if you have no savings."),
        ("-1", "Months cannot be negative: enter 0 if you have no savings."),
        ("121", "Enter at most 120 months (ten years): if your savings last longer, 120 says so."),
        ("9" * 40, "Enter at most 120 months"),
    ],
)
def test_bad_savings_get_a_message_beside_the_field_and_keep_what_was_typed(
    logged_in, comparison, typed, message
):
    save_check(comparison, savings_months=1)
    response = logged_in.post(
        check_url(comparison),
        answers_post(money_at_risk="yes", dependants="no", savings_months=typed),
    )
    assert response.status_code == 200
    page = text(response)
    assert "Nothing was saved yet." in page
    assert re.search(rf'<p class="invalid-feedback d-block mb-0" id="id_savings_months_error">'
                     rf"{re.escape(message)}", page)  # fmt: skip
    assert f'value="{typed}"' in page
    assert 'aria-invalid="true"' in page
    # What was chosen stays chosen.
    assert re.search(r'id="id_money_at_risk_0" value="yes" checked', page)
    assert re.search(r'id="id_dependants_1" value="no" checked', page)
    # The saved answers are untouched, and no suggestion is shown beside a refused form.
    assert PriorityCheck.objects.get().savings_months == 1
    assert "Your answers suggest" not in page


def test_an_answer_outside_yes_no_is_refused(logged_in, comparison):
    response = logged_in.post(check_url(comparison), answers_post(dependants="maybe"))
    assert "Choose yes, no or prefer not to say." in text(response)
    assert not PriorityCheck.objects.exists()


def test_prefer_not_to_say_everywhere_is_refused_with_a_reason(logged_in, comparison):
    response = logged_in.post(check_url(comparison), answers_post())
    assert response.status_code == 200
    assert "Answer at least one question for a suggestion" in text(response)
    assert not PriorityCheck.objects.exists()
    # An empty post (nothing at all) is refused the same way.
    assert "Answer at least one question" in text(logged_in.post(check_url(comparison), {}))


def test_clearing_forgets_the_answers_and_leaves_the_priority(logged_in, comparison, offers):
    Comparison.objects.filter(pk=comparison.pk).update(priority="stability")
    logged_in.post(check_url(comparison), answers_post(money_at_risk="yes"))
    response = logged_in.post(clear_url(comparison), follow=True)
    page = text(response)
    assert "Your answers are cleared. The priority stays as you chose it." in page
    assert not PriorityCheck.objects.exists()
    assert Comparison.objects.get(pk=comparison.pk).priority == "stability"
    assert "Your answers suggest" not in page
    assert "Not sure? Answer five quick questions" in page
    again = logged_in.post(clear_url(comparison), follow=True)
    assert "There were no answers to clear." in text(again)


def test_clearing_answers_only_a_post(logged_in, comparison):
    save_check(comparison, dependants=True)
    assert logged_in.get(clear_url(comparison)).status_code == 405
    assert PriorityCheck.objects.exists()


def test_another_users_check_answers_404_and_changes_nothing(client, other_user, comparison):
    save_check(comparison, money_at_risk=True, savings_months=1)
    client.force_login(other_user)
    assert client.get(check_url(comparison)).status_code == 404
    response = client.post(check_url(comparison), answers_post(money_at_risk="no"))
    assert response.status_code == 404
    assert client.post(clear_url(comparison)).status_code == 404
    check = PriorityCheck.objects.get()
    assert (check.money_at_risk, check.savings_months) == (True, 1)


def test_saving_renews_the_comparisons_version_and_moves_its_last_update(logged_in, comparison):
    before = Comparison.objects.get(pk=comparison.pk)
    logged_in.post(check_url(comparison), answers_post(growth_on_offer="yes"))
    after = Comparison.objects.get(pk=comparison.pk)
    assert after.version != before.version
    assert after.updated_at > before.updated_at
    logged_in.post(clear_url(comparison))
    assert Comparison.objects.get(pk=comparison.pk).version != after.version


# The counsellor -----------------------------------------------------------------------------


def test_the_counsellor_reads_the_answers_and_the_suggestion_without_a_way_to_change_them(
    logged_in, comparison, offers, counsellor_client
):
    logged_in.post(
        check_url(comparison),
        answers_post(money_at_risk="yes", dependants="no", savings_months="2"),
    )
    response = counsellor_client.get(reverse("counselling:comparison", args=[comparison.pk]))
    page = text(response)
    assert "<strong>What your client needs right now</strong>, as they answered on" in page
    for line in (
        "Rent, a debt or a bill at risk: <strong>yes</strong>",
        "Others depend on the income: <strong>no</strong>",
        "Savings cover: <strong>2 months</strong>",
        "A big change to absorb: <strong>not said</strong>",
        "Mentoring, training or a portfolio on offer: <strong>not said</strong>",
    ):
        assert line in page
    assert f"These answers suggest <strong>{STABILITY}</strong>: {RENT_AT_RISK_REASON}" in page
    assert f"Your client ranks offers for <strong>{BALANCED}</strong>." in page
    assert check_url(comparison) not in page
    assert clear_url(comparison) not in page
    assert "Not sure?" not in page


def test_a_counsellor_cannot_open_or_post_the_check(comparison, counsellor_client):
    save_check(comparison, big_change=True)
    assert counsellor_client.get(check_url(comparison)).status_code == 404
    assert counsellor_client.post(check_url(comparison), answers_post()).status_code == 404
    assert counsellor_client.post(clear_url(comparison)).status_code == 404
    assert PriorityCheck.objects.get().big_change is True


def test_the_counsellor_sees_nothing_of_a_check_never_answered(
    comparison, offers, counsellor_client
):
    page = text(counsellor_client.get(reverse("counselling:comparison", args=[comparison.pk])))
    assert "What your client needs right now" not in page


# Exports and query counts ------------------------------------------------------------------------


def csv_rows(client, url):
    response = client.get(url)
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_carries_the_situation_and_the_suggestion_on_every_row(
    logged_in, comparison, offers, counsellor_client
):
    export = reverse("offers:comparison-export", args=[comparison.pk])
    rows = csv_rows(logged_in, export)
    assert {(r["Situation"], r["Suggested priority"], r["Why suggested"]) for r in rows} == {
        ("", "", "")
    }
    logged_in.post(check_url(comparison), answers_post(money_at_risk="yes", savings_months="2"))
    rows = csv_rows(logged_in, export)
    assert len(rows) == 2
    assert {(r["Situation"], r["Suggested priority"], r["Why suggested"]) for r in rows} == {
        (
            "Rent, a debt or a bill at risk: yes; Others depend on the income: not said; "
            "Savings cover: 2 months; A big change to absorb: not said; "
            "Mentoring, training or a portfolio on offer: not said",
            STABILITY,
            RENT_AT_RISK_REASON,
        )
    }
    headings = list(rows[0])
    assert headings.index("Situation") == headings.index("Personal importance") + 1
    counsellor_rows = csv_rows(
        counsellor_client, reverse("counselling:comparison-export", args=[comparison.pk])
    )
    assert counsellor_rows[0]["Suggested priority"] == STABILITY


def queries_of(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_answers_cost_no_query_on_the_comparison_page_the_counsellors_or_the_csv(
    user, logged_in, offers, counsellor_client
):
    answered = ComparisonFactory(owner=user)
    never = ComparisonFactory(owner=user)
    for comparison in (answered, never):
        rate_all(OfferFactory(comparison=comparison), life=4, future=3)
    save_check(answered, money_at_risk=True, savings_months=0)
    for name, client in (
        ("offers:comparison-detail", logged_in),
        ("offers:comparison-export", logged_in),
        ("counselling:comparison", counsellor_client),
        ("counselling:comparison-export", counsellor_client),
    ):
        # Both viewed once first: the owner's first view records the scoring it has seen.
        for comparison in (answered, never):
            client.get(reverse(name, args=[comparison.pk]))
        with_answers = queries_of(client, reverse(name, args=[answered.pk]))
        without = queries_of(client, reverse(name, args=[never.pk]))
        assert with_answers == without, name


def test_the_check_page_runs_three_queries(logged_in, comparison, django_assert_num_queries):
    save_check(comparison, money_at_risk=True, savings_months=0)
    # The session, the user, and the comparison with its answers.
    with django_assert_num_queries(3):
        assert logged_in.get(check_url(comparison)).status_code == 200


def test_my_data_carries_the_answers_as_given(logged_in, user, comparison):
    ComparisonFactory(owner=user, title="Never answered")
    logged_in.post(
        check_url(comparison),
        answers_post(money_at_risk="no", dependants="yes", savings_months="0"),
    )
    response = logged_in.get(reverse("privacy:data-export"))
    exported = {c["title"]: c["priority_check"] for c in response.json()["comparisons"]}
    answered = exported[comparison.title]
    assert answered.pop("answered_at").startswith(str(PriorityCheck.objects.get().answered_at.year))
    assert answered == {
        "money_at_risk": False,
        "dependants": True,
        "savings_months": 0,
        "big_change": None,
        "growth_on_offer": None,
    }
    assert exported["Never answered"] is None


def test_saving_refuses_no_answers_at_all_and_a_comparison_deleted_meanwhile(comparison):
    with pytest.raises(ValidationError, match="Answer at least one question"):
        services.priority_check_save(comparison=comparison, answers=Answers())
    assert not PriorityCheck.objects.exists()
    Comparison.objects.filter(pk=comparison.pk).delete()
    with pytest.raises(services.Gone):
        services.priority_check_save(comparison=comparison, answers=Answers(dependants=True))
    with pytest.raises(services.Gone):
        services.priority_check_clear(comparison=comparison)
