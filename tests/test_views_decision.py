"""The decision panel: best offer, margin, close calls, flips, and the current job as a baseline."""

import re

import pytest
from django.urls import reverse

from offers import services
from offers.models import Comparison, Factor, Offer
from offers.services import RatingInput
from tests.factories import OfferFactory, rate_all, report_of

pytestmark = pytest.mark.django_db


def page_of(client, comparison):
    response = client.get(comparison.get_absolute_url())
    return response, response.content.decode()


def test_a_clear_winner_shows_its_margin_and_what_would_break_it(logged_in, comparison):
    rate_all(OfferFactory(comparison=comparison, title="Clear", employer="C"), 5, 5)
    rate_all(OfferFactory(comparison=comparison, title="Meh", employer="M"), 3, 3)
    response, page = page_of(logged_in, comparison)
    panel = response.context["report"].panel
    assert panel.best.name == "Clear (C)"
    assert "50 points ahead of Meh (M) on the 50 / 50 blend of the two scores." in page
    assert "Close call" not in page and 'decision-badge-fragile"' not in page
    assert "No single rating change flips this verdict." in page


def test_a_close_call_is_said_with_the_factor_that_separates_the_top_two(logged_in, comparison):
    first = rate_all(OfferFactory(comparison=comparison, title="First", employer="F"), 4, 4)
    second = rate_all(OfferFactory(comparison=comparison, title="Second", employer="S"), 4, 4)
    first.ratings.filter(factor__key="network").update(score=5)  # future 80 against 75
    second.ratings.filter(factor__key="workload").update(score=3)  # life 70.8 against 75
    response, page = page_of(logged_in, comparison)
    assert response.context["report"].panel.best.name == "First (F)"
    # Blended 77.5 against 72.9: within 5 points.
    assert "Close call:</strong> The top two are 5 points apart" in page
    # Network quality (5 against 4) moves the blend 2.5 points, Workload (4 against 3) 2.1.
    assert (
        "Network quality separates the top two most, in favour of First (F): 5 for First (F), "
        "4 for Second (S)." in page
    )
    assert 'decision-badge decision-badge-close-call"' in page


def test_a_fragile_best_offer_is_marked_and_its_flip_spelled_out(logged_in, comparison):
    best = rate_all(OfferFactory(comparison=comparison, title="Edge", employer="E"), 4, 5)
    best.ratings.filter(factor__key="predictability").update(score=3)  # life 70.8: just strong
    rate_all(OfferFactory(comparison=comparison, title="Low", employer="L"), 2, 2)
    response, page = page_of(logged_in, comparison)
    panel = response.context["report"].panel
    assert panel.best.fragile
    assert 'decision-badge decision-badge-fragile"' in page
    assert "Close call:</strong> The best offer’s verdict is one rating step from changing." in page
    assert re.search(
        r"One step lower on \w[\w ]* \(\d → \d\) and it stops being strong on life fit: "
        r"Builds the future\.",
        page,
    )


def test_following_a_flip_suggestion_changes_the_verdict(logged_in, comparison):
    offer = rate_all(OfferFactory(comparison=comparison, title="Almost", employer="A"), 4, 4)
    # Future value (3·75 + 2·50) / 5 = 65: one step on either 3 reaches 70.
    offer.ratings.filter(factor__key__in=["network", "advancement"]).update(score=3)
    response, before = page_of(logged_in, comparison)
    assert "verdict-ideal" not in before
    view = response.context["report"].ranked[0]
    match = re.fullmatch(
        r"One step higher on (.+) \((\d) → (\d)\) would make it strong on future value: (.+)\.",
        view.flip_up,
    )
    assert match, view.flip_up
    label, old, new, promised = match.groups()
    key = offer.ratings.get(factor__label=label).factor.key
    assert offer.ratings.get(factor__key=key).score == int(old)
    # Follow it as the seeker does: edit the offer's rating.
    services.offer_update(
        offer=offer, data={}, ratings={Factor.objects.get(key=key): RatingInput(int(new))}
    )
    assert report_of(comparison).ranked[0].verdict.label == promised == "Ideal option"
    assert "verdict-ideal" in page_of(logged_in, comparison)[1]


# The current job.


def offer_form(**overrides):
    data = {
        "title": "Analyst",
        "employer": "Now Corp",
        "currency": "EUR",
        "pay_period": "year",
        "is_current_job": "on",
        **{f"rating_{k}": "3" for k in ("pay", "benefits", "schedule", "location",
                                        "predictability", "workload")},
        **{f"rating_{k}": "3" for k in ("skill_growth", "achievements", "modern_tools",
                                        "network", "advancement")},
    }  # fmt: skip
    data.update(overrides)
    return data


def test_the_current_job_is_shown_first_marked_and_every_offer_shows_its_difference(
    logged_in, comparison
):
    rate_all(OfferFactory(comparison=comparison, title="Better", employer="B"), 5, 4)
    logged_in.post(reverse("offers:offer-create", args=[comparison.pk]), offer_form())
    current = Offer.objects.get(is_current_job=True)
    response, page = page_of(logged_in, comparison)
    report = response.context["report"]
    assert [v.name for v in report.offers] == ["Analyst (Now Corp)", "Better (B)"]
    assert [v.rank for v in report.offers] == [2, 1]  # ranked like any offer
    assert "Your current job</span>" in page
    # Better: life 100, future 75; the current job: 50 and 50.
    better = report.offers[1]
    assert better.baseline_delta == "+50 life fit, +25 future value"
    assert "+50 life fit, +25 future value</strong> against your current job" in page
    assert '<th scope="row">Against your current job</th>' in page
    assert current.pk == report.offers[0].offer.pk


def test_when_the_current_job_ranks_first_the_page_says_staying_is_best(logged_in, comparison):
    rate_all(OfferFactory(comparison=comparison, title="Worse", employer="W"), 2, 2)
    logged_in.post(
        reverse("offers:offer-create", args=[comparison.pk]),
        offer_form(**{f"rating_{k}": "5" for k in ("pay", "schedule", "network")}),
    )
    _, page = page_of(logged_in, comparison)
    assert re.search(
        r"Staying in your current job, <a [^>]*>Analyst \(Now Corp\)</a>, is the best option", page
    )
    assert "−" in page  # the other offer is behind on both


def test_a_second_current_job_is_refused_with_a_message_and_nothing_saved(logged_in, comparison):
    OfferFactory(comparison=comparison, title="Today", employer="Now", is_current_job=True)
    response = logged_in.post(
        reverse("offers:offer-create", args=[comparison.pk]),
        offer_form(title="Also today", employer="Other"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "“Today (Now)” is already marked as your current job." in page
    assert 'value="Also today"' in page  # what was typed is kept
    assert Offer.objects.filter(comparison=comparison).count() == 1


def test_the_database_refuses_two_current_jobs_in_one_comparison(comparison):
    from django.db import IntegrityError, transaction

    OfferFactory(comparison=comparison, is_current_job=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        OfferFactory(comparison=comparison, is_current_job=True)
    # Another comparison may have its own.
    OfferFactory(comparison=Comparison.objects.create(owner=comparison.owner, title="B"),
                 is_current_job=True)  # fmt: skip


def test_editing_the_current_job_keeps_it_and_unmarking_it_frees_the_place(logged_in, comparison):
    today = OfferFactory(comparison=comparison, title="Today", employer="Now", is_current_job=True)
    url = reverse("offers:offer-update", args=[today.pk])
    logged_in.post(url, offer_form(title="Today", employer="Now",
                                   loaded_at=today.updated_at.isoformat()))  # fmt: skip
    today.refresh_from_db()
    assert today.is_current_job
    data = offer_form(title="Today", employer="Now", loaded_at=today.updated_at.isoformat())
    del data["is_current_job"]
    logged_in.post(url, data)
    today.refresh_from_db()
    assert not today.is_current_job


def test_an_unrated_current_job_asks_to_be_rated_before_deltas(logged_in, comparison):
    OfferFactory(comparison=comparison, title="Today", employer="Now", is_current_job=True)
    rate_all(OfferFactory(comparison=comparison, title="New", employer="N"), 4, 4)
    response, page = page_of(logged_in, comparison)
    assert "Rate Today (Now), your current job, on both dimensions" in page
    assert all(v.baseline_delta == "" for v in response.context["report"].offers)


def test_the_counsellor_sees_the_current_job_and_the_deltas_read_only(client, user, comparison):
    from tests.factories import AccessFactory, CounsellorFactory

    rate_all(OfferFactory(comparison=comparison, title="Today", employer="Now",
                          is_current_job=True), 3, 3)  # fmt: skip
    rate_all(OfferFactory(comparison=comparison, title="New", employer="N"), 4, 4)
    counsellor = CounsellorFactory()
    AccessFactory(counsellor=counsellor, client=user)
    client.force_login(counsellor)
    page = client.get(reverse("counselling:comparison", args=[comparison.pk])).content.decode()
    assert "+25 life fit, +25 future value</strong> against your current job" in page
    assert reverse("offers:offer-update", args=[comparison.offers.first().pk]) not in page


def test_a_partly_rated_runner_up_is_said_to_be_behind_for_its_missing_ratings(
    logged_in, comparison
):
    rate_all(OfferFactory(comparison=comparison, title="Known", employer="K"), 2, 2)
    from tests.factories import rate

    rate(OfferFactory(comparison=comparison, title="Sketchy", employer="S"), pay=5, network=5)
    response, page = page_of(logged_in, comparison)
    panel = response.context["report"].panel
    assert panel.best.name == "Known (K)"
    assert panel.margin == (
        "First because Sketchy (S) is still missing ratings; on the ratings it has, it is "
        "75 points ahead on the 50 / 50 blend of the two scores."
    )
    # Not every judged offer is weak: no "none of these is strong" warning.
    assert not panel.weak_warning
    assert "None of these offers is strong" not in page


def test_first_for_its_verdict_says_so_when_the_runner_up_blends_higher(logged_in, comparison):
    rate_all(OfferFactory(comparison=comparison, title="Balanced", employer="B"), 4, 4)  # 75/75
    rate_all(OfferFactory(comparison=comparison, title="Lopsided", employer="L"), 5, 3)  # 100/50
    Comparison.objects.filter(pk=comparison.pk).update(priority="stability")
    response, _ = page_of(logged_in, comparison)
    # Stability blends 0.7: Balanced 75, Lopsided 85; the Ideal option still ranks first.
    assert response.context["report"].panel.margin == (
        "First for its verdict: Ideal option ranks before Pays the present for this priority, "
        "though Lopsided (L) is 10 points ahead on the 70 / 30 blend of the two scores."
    )


def test_one_judged_offer_beside_incomplete_ones_is_named_best_for_the_priority(
    logged_in, comparison
):
    rate_all(OfferFactory(comparison=comparison, title="Rated", employer="R"), 4, 4)
    OfferFactory(comparison=comparison, title="Blank", employer="X")
    response, page = page_of(logged_in, comparison)
    panel = response.context["report"].panel
    assert not panel.single and panel.runner_up is None
    assert re.search(r"the best offer is\s*<a [^>]*>Rated \(R\)</a>", page)
    assert "With one offer there is nothing to weigh it against" not in page


def test_a_partly_rated_current_job_is_said_to_make_the_differences_provisional(
    logged_in, comparison
):
    from tests.factories import rate

    rate(OfferFactory(comparison=comparison, title="Today", employer="Now", is_current_job=True),
         pay=3, network=3)  # fmt: skip
    rate_all(OfferFactory(comparison=comparison, title="New", employer="N"), 4, 4)
    _, page = page_of(logged_in, comparison)
    assert "Today (Now), your current job, is missing ratings on Benefits" in page
    assert "the differences from it may still move." in page


def test_a_rating_that_counts_for_nothing_to_the_seeker_is_named_on_the_card(logged_in, comparison):
    from tests.factories import rate_importance

    rate_all(OfferFactory(comparison=comparison, title="Job", employer="J"), 4, 4)
    rate_importance(comparison, pay="none")
    _, page = page_of(logged_in, comparison)
    assert "Rated but not counted for you: Pay." in page


def test_the_csv_gives_the_differences_from_the_current_job_as_numbers(logged_in, comparison):
    import csv
    import io

    rate_all(OfferFactory(comparison=comparison, title="Today", employer="Now",
                          is_current_job=True), 3, 4)  # fmt: skip
    rate_all(OfferFactory(comparison=comparison, title="New", employer="N"), 4, 3)
    response = logged_in.get(reverse("offers:comparison-export", args=[comparison.pk]))
    rows = {r["Role"]: r for r in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))}
    assert (rows["New"]["Life fit vs current job"], rows["New"]["Future value vs current job"]) == (
        "25",
        "-25",
    )
    assert rows["Today"]["Life fit vs current job"] == ""
