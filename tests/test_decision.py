"""The seeker records a decision on a comparison: the offer chosen (or none), why, and when."""

import csv
import io
from datetime import date, timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db.models import RestrictedError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from offers import services
from offers.models import Comparison, Offer
from tests.factories import (
    AccessFactory,
    ComparisonFactory,
    CounsellorFactory,
    OfferFactory,
    UserFactory,
    rate_all,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(comparison):
    """An analyst's offer strong on both, a well-paid one that teaches little, a current job."""
    return {
        "analyst": rate_all(
            OfferFactory(comparison=comparison, title="Data analyst", employer="Acme"), 4, 4
        ),
        "paid": rate_all(OfferFactory(comparison=comparison, title="Sales", employer="Bolt"), 5, 2),
        "current": rate_all(
            OfferFactory(
                comparison=comparison, title="Porter", employer="Inn", is_current_job=True
            ),
            2,
            2,
        ),
    }


def decision_url(comparison):
    return reverse("offers:comparison-decision", args=[comparison.pk])


def reopen_url(comparison):
    return reverse("offers:comparison-decision-reopen", args=[comparison.pk])


def fresh(comparison) -> Comparison:
    return Comparison.objects.get(pk=comparison.pk)


def status(offer) -> str:
    return Offer.objects.get(pk=offer.pk).status


# Services.


def test_recording_a_chosen_offer_accepts_it_and_leaves_the_other_statuses(comparison, offers):
    Offer.objects.filter(pk=offers["paid"].pk).update(status="negotiating")
    version = fresh(comparison).version
    outcome = services.decision_record(
        comparison=comparison,
        offer_id=offers["analyst"].pk,
        reason="  Best team  ",
        decided_on=date(2026, 11, 20),
    )
    saved = fresh(comparison)
    assert (saved.decided_on, saved.decided_offer_id, saved.decision_reason) == (
        date(2026, 11, 20),
        offers["analyst"].pk,
        "Best team",
    )
    assert saved.version != version
    assert outcome.accepted_now and outcome.chosen == offers["analyst"]
    assert status(offers["analyst"]) == "accepted"
    assert status(offers["paid"]) == "negotiating"
    assert status(offers["current"]) == "considering"


def test_staying_in_the_current_job_or_none_of_these_changes_no_status(comparison, offers):
    outcome = services.decision_record(
        comparison=comparison, offer_id=offers["current"].pk, reason="", decided_on=date.today()
    )
    assert not outcome.accepted_now
    assert fresh(comparison).decided_offer_id == offers["current"].pk
    services.decision_record(
        comparison=comparison, offer_id=None, reason="Keep looking", decided_on=date.today()
    )
    saved = fresh(comparison)
    assert saved.has_decision and saved.decided_offer_id is None
    assert set(Offer.objects.values_list("status", flat=True)) == {"considering"}


def test_changing_the_decision_leaves_the_first_choice_accepted_and_says_so(comparison, offers):
    services.decision_record(
        comparison=comparison, offer_id=offers["analyst"].pk, reason="", decided_on=date.today()
    )
    outcome = services.decision_record(
        comparison=comparison, offer_id=offers["paid"].pk, reason="", decided_on=date.today()
    )
    assert status(offers["paid"]) == "accepted"
    assert status(offers["analyst"]) == "accepted"  # left alone, as every other status
    assert outcome.also_accepted == [offers["analyst"]]


@pytest.mark.parametrize(
    ("reason", "decided_on", "field"),
    [
        ("x" * 501, date.today(), "reason"),
        ("Fine", date.today() + timedelta(days=1), "decided_on"),
    ],
)
def test_bad_input_saves_nothing_not_even_the_status(comparison, offers, reason, decided_on, field):
    before = fresh(comparison)
    with pytest.raises(ValidationError) as refusal:
        services.decision_record(
            comparison=comparison,
            offer_id=offers["analyst"].pk,
            reason=reason,
            decided_on=decided_on,
        )
    assert field in refusal.value.message_dict
    after = fresh(comparison)
    assert not after.has_decision and after.version == before.version
    assert status(offers["analyst"]) == "considering"


def test_an_offer_of_another_comparison_cannot_be_chosen(comparison, offers):
    stranger = rate_all(OfferFactory(), 4, 4)
    with pytest.raises(services.Gone):
        services.decision_record(
            comparison=comparison, offer_id=stranger.pk, reason="", decided_on=date.today()
        )
    assert not fresh(comparison).has_decision
    assert status(stranger) == "considering"


def test_a_failure_after_the_status_change_rolls_back_the_whole_decision(comparison, offers):
    with (
        mock.patch.object(services, "_touch", side_effect=RuntimeError("database went away")),
        pytest.raises(RuntimeError),
    ):
        services.decision_record(
            comparison=comparison,
            offer_id=offers["analyst"].pk,
            reason="",
            decided_on=date.today(),
        )
    assert not fresh(comparison).has_decision
    assert status(offers["analyst"]) == "considering"


def test_reopening_clears_the_decision_and_keeps_the_statuses(comparison, offers):
    services.decision_record(
        comparison=comparison, offer_id=offers["analyst"].pk, reason="Why", decided_on=date.today()
    )
    version = fresh(comparison).version
    reopened, accepted = services.decision_reopen(comparison=comparison)
    saved = fresh(comparison)
    assert reopened and accepted == [offers["analyst"]]
    assert (saved.decided_on, saved.decided_offer_id, saved.decision_reason) == (None, None, "")
    assert saved.version != version
    assert status(offers["analyst"]) == "accepted"
    # A second click: nothing to reopen, nothing changes.
    assert services.decision_reopen(comparison=comparison)[0] is False
    assert fresh(comparison).version == saved.version


# Deleting the chosen offer reopens the decision; it never reads "none of these".


def test_deleting_the_chosen_offer_reopens_the_decision(comparison, offers):
    services.decision_record(
        comparison=comparison, offer_id=offers["paid"].pk, reason="Money", decided_on=date.today()
    )
    assert services.offer_delete(offer=offers["paid"]) is True
    saved = fresh(comparison)
    assert not saved.has_decision and saved.decision_reason == ""


def test_deleting_another_offer_keeps_the_decision(comparison, offers):
    services.decision_record(
        comparison=comparison, offer_id=offers["paid"].pk, reason="", decided_on=date.today()
    )
    assert services.offer_delete(offer=offers["analyst"]) is False
    assert fresh(comparison).decided_offer_id == offers["paid"].pk


def test_the_database_layer_refuses_to_delete_the_chosen_offer_behind_the_services_back(
    comparison, offers
):
    services.decision_record(
        comparison=comparison, offer_id=offers["paid"].pk, reason="", decided_on=date.today()
    )
    with pytest.raises(RestrictedError):
        Offer.objects.filter(pk=offers["paid"].pk).delete()
    assert fresh(comparison).decided_offer_id == offers["paid"].pk


def test_a_comparison_or_account_with_a_decision_still_deletes_whole(user, comparison, offers):
    services.decision_record(
        comparison=comparison, offer_id=offers["paid"].pk, reason="", decided_on=date.today()
    )
    other = ComparisonFactory(owner=user)
    chosen = rate_all(OfferFactory(comparison=other), 4, 4)
    services.decision_record(
        comparison=other, offer_id=chosen.pk, reason="", decided_on=date.today()
    )
    services.comparison_delete(comparison=comparison)
    assert not Offer.objects.filter(comparison_id=comparison.pk).exists()
    user.delete()  # the account: every comparison, with the offers its decision names
    assert not Comparison.objects.exists() and not Offer.objects.exists()


def test_the_delete_page_warns_that_the_decision_reopens(logged_in, comparison, offers):
    services.decision_record(
        comparison=comparison, offer_id=offers["paid"].pk, reason="", decided_on=date.today()
    )
    url = reverse("offers:offer-delete", args=[offers["paid"].pk])
    assert "Deleting it reopens the decision" in logged_in.get(url).content.decode()
    other = reverse("offers:offer-delete", args=[offers["analyst"].pk])
    assert "reopens the decision" not in logged_in.get(other).content.decode()
    response = logged_in.post(url, follow=True)
    page = response.content.decode()
    assert "Your decision named it, so the decision is open again" in page
    assert "Record your decision" in page


# The form and the page.


def test_the_form_offers_each_offer_staying_and_none_and_defaults_to_today(
    logged_in, comparison, offers
):
    page = logged_in.get(decision_url(comparison)).content.decode()
    assert "Stay in my current job: Porter (Inn)" in page
    assert "Data analyst (Acme)" in page and "Sales (Bolt)" in page
    assert "None of these" in page
    assert f'value="{timezone.localdate().isoformat()}"' in page
    assert f'max="{timezone.localdate().isoformat()}"' in page


def test_recording_shows_the_decision_on_the_page_with_edit_and_reopen(
    logged_in, comparison, offers
):
    response = logged_in.post(
        decision_url(comparison),
        {
            "choice": offers["analyst"].pk,
            "reason": "The team & the mentor",
            "decided_on": "2026-11-03",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Decision recorded: “Data analyst (Acme)”. Its status is now Accepted" in page
    assert "You decided on 3 Nov 2026:" in page
    assert (
        'href="#offer-{}" class="fw-semibold">Data analyst (Acme)</a>'.format(offers["analyst"].pk)
        in page
    )
    assert "Reason:</span> The team &amp; the mentor" in page
    assert "Edit the decision" in page and "Reopen the decision" in page
    assert "Record your decision" not in page
    assert '<span class="decision-badge decision-badge-chosen">Chosen</span>' in page


def test_edit_starts_from_the_decision_recorded(logged_in, comparison, offers):
    services.decision_record(
        comparison=comparison, offer_id=None, reason="Keep looking", decided_on=date(2026, 11, 2)
    )
    page = logged_in.get(decision_url(comparison)).content.decode()
    assert "Edit your decision" in page
    assert 'value="none" checked' in page
    assert "Keep looking</textarea>" in page
    assert 'value="2026-11-02"' in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "Kept"}, "Choose an offer, your current job, or “None of these”."),
        ({"choice": "999999", "reason": "Kept"}, "That offer is no longer in this comparison"),
        ({"choice": "none", "reason": "Kept", "decided_on": "2999-01-01"}, "cannot be dated"),
        ({"choice": "none", "reason": "Kept", "decided_on": "31/12/2026"}, "year-month-day"),
        ({"choice": "none", "reason": "Kept", "decided_on": ""}, "Enter the date you decided"),
        (
            {"choice": "none", "reason": "Kept" + "x" * 600},
            "Shorten this to 500 characters or fewer (it has 604).",
        ),
    ],
)
def test_bad_input_comes_back_with_a_clear_message_and_what_was_typed(
    logged_in, comparison, offers, data, message
):
    data = {"decided_on": "2026-11-01", **data}
    response = logged_in.post(decision_url(comparison), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Kept" in page  # the reason typed is still there
    assert "Nothing was saved yet." in page
    assert not fresh(comparison).has_decision
    assert set(Offer.objects.values_list("status", flat=True)) == {"considering"}


def test_an_offer_deleted_after_the_form_was_checked_answers_404_with_what_was_typed(
    logged_in, comparison, offers
):
    real = services.decision_record

    def offer_gone_meanwhile(**kwargs):
        Offer.objects.filter(pk=kwargs["offer_id"]).delete()
        return real(**kwargs)

    with mock.patch.object(services, "decision_record", offer_gone_meanwhile):
        response = logged_in.post(
            decision_url(comparison),
            {"choice": offers["paid"].pk, "reason": "My words", "decided_on": "2026-11-01"},
        )
    assert response.status_code == 404
    assert "My words" in response.content.decode()
    assert not fresh(comparison).has_decision


def test_reopen_asks_first_then_clears_and_says_statuses_stay(logged_in, comparison, offers):
    services.decision_record(
        comparison=comparison, offer_id=offers["analyst"].pk, reason="Team", decided_on=date.today()
    )
    confirm = logged_in.get(reopen_url(comparison)).content.decode()
    assert "Reopen your decision?" in confirm
    assert "“Data analyst (Acme)” stays marked Accepted" in confirm
    assert fresh(comparison).has_decision  # looking changes nothing
    page = logged_in.post(reopen_url(comparison), follow=True).content.decode()
    assert "Decision reopened" in page
    assert "“Data analyst (Acme)” is still marked Accepted" in page
    assert "You decided" not in page and "Record your decision" in page
    assert status(offers["analyst"]) == "accepted"


def test_reopen_without_a_decision_goes_back_to_the_comparison(logged_in, comparison, offers):
    response = logged_in.get(reopen_url(comparison))
    assert response.status_code == 302 and response["Location"] == comparison.get_absolute_url()
    response = logged_in.post(reopen_url(comparison), follow=True)
    assert "nothing to reopen" in response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url", [decision_url, reopen_url])
def test_another_users_comparison_answers_404(client, comparison, offers, method, url):
    client.force_login(UserFactory())
    response = getattr(client, method)(url(comparison), {"choice": "none"})
    assert response.status_code == 404
    assert not fresh(comparison).has_decision


def test_the_counsellor_reads_the_decision_without_any_control(user, comparison, offers):
    services.decision_record(
        comparison=comparison,
        offer_id=offers["current"].pk,
        reason="Family",
        decided_on=date(2026, 11, 5),
    )
    advisor = CounsellorFactory()
    AccessFactory(counsellor=advisor, client=user)
    counsellor = Client()
    counsellor.force_login(advisor)
    page = counsellor.get(reverse("counselling:comparison", args=[comparison.pk])).content.decode()
    assert "Your client’s decision" in page
    assert "Your client decided on 5 Nov 2026 to stay in their current job," in page
    assert "Family" in page
    assert "Reopen the decision" not in page and "Edit the decision" not in page
    assert "Record your decision" not in page
    assert reverse("offers:comparison-decision", args=[comparison.pk]) not in page
    # And a counsellor cannot record one.
    response = counsellor.post(
        decision_url(comparison), {"choice": "none", "decided_on": "2026-11-05"}
    )
    assert response.status_code == 404
    assert fresh(comparison).decided_offer_id == offers["current"].pk


def test_my_comparisons_and_the_counsellors_list_say_what_was_decided(
    logged_in, user, comparison, offers
):
    list_url = reverse("offers:comparison-list")
    assert "Decided:" not in logged_in.get(list_url).content.decode()
    logged_in.post(
        decision_url(comparison), {"choice": offers["paid"].pk, "decided_on": "2026-11-01"}
    )
    assert "Decided: Sales (Bolt)" in logged_in.get(list_url).content.decode()
    logged_in.post(
        decision_url(comparison), {"choice": offers["current"].pk, "decided_on": "2026-11-01"}
    )
    assert (
        "Decided: stay in the current job, Porter (Inn)" in logged_in.get(list_url).content.decode()
    )
    logged_in.post(decision_url(comparison), {"choice": "none", "decided_on": "2026-11-01"})
    assert "Decided: none of these offers" in logged_in.get(list_url).content.decode()
    advisor = CounsellorFactory()
    AccessFactory(counsellor=advisor, client=user)
    counsellor = Client()
    counsellor.force_login(advisor)
    page = counsellor.get(reverse("counselling:client-detail", args=[user.pk])).content.decode()
    assert "Decided: none of these offers" in page
    logged_in.post(reopen_url(comparison))
    page = logged_in.get(list_url).content.decode()
    assert "Decided:" not in page
    assert "Accepted: Sales (Bolt)" in page  # the status the first decision set stays


# Exports.


def csv_rows(client, comparison):
    response = client.get(reverse("offers:comparison-export", args=[comparison.pk]))
    return {r["Role"]: r for r in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))}


def test_the_csv_marks_the_chosen_offer_with_date_and_reason(logged_in, comparison, offers):
    assert {r["Decision"] for r in csv_rows(logged_in, comparison).values()} == {""}
    services.decision_record(
        comparison=comparison,
        offer_id=offers["paid"].pk,
        reason="=pay",
        decided_on=date(2026, 11, 3),
    )
    rows = csv_rows(logged_in, comparison)
    assert (rows["Sales"]["Decision"], rows["Sales"]["Decided on"]) == ("chosen", "2026-11-03")
    assert rows["Sales"]["Decision reason"] == "'=pay"  # no formula in a spreadsheet
    assert (rows["Data analyst"]["Decision"], rows["Data analyst"]["Decided on"]) == (
        "not chosen",
        "",
    )
    services.decision_record(
        comparison=comparison,
        offer_id=offers["current"].pk,
        reason="",
        decided_on=date(2026, 11, 3),
    )
    assert csv_rows(logged_in, comparison)["Porter"]["Decision"] == "chosen: stay"
    services.decision_record(
        comparison=comparison, offer_id=None, reason="None fit", decided_on=date(2026, 11, 4)
    )
    rows = csv_rows(logged_in, comparison)
    assert {(r["Decision"], r["Decided on"], r["Decision reason"]) for r in rows.values()} == {
        ("none of these", "2026-11-04", "None fit")
    }


def test_the_data_export_carries_the_decision(logged_in, comparison, offers):
    url = reverse("privacy:data-export")
    assert logged_in.get(url).json()["comparisons"][0]["decision"] is None
    services.decision_record(
        comparison=comparison,
        offer_id=offers["analyst"].pk,
        reason="Team",
        decided_on=date(2026, 11, 3),
    )
    exported = logged_in.get(url).json()["comparisons"][0]
    assert exported["decision"] == {
        "choice": "offer",
        "role": "Data analyst",
        "employer": "Acme",
        "reason": "Team",
        "decided_on": "2026-11-03",
    }
    services.decision_record(
        comparison=comparison, offer_id=None, reason="", decided_on=date(2026, 11, 4)
    )
    decision = logged_in.get(url).json()["comparisons"][0]["decision"]
    assert (decision["choice"], decision["role"]) == ("none", None)
