"""Computed results are cached, and no write leaves an old one behind.

The comparison page's report and each comparison's best verdict on the list pages are kept in
the cache under the comparison's version and the scoring version. Each test below makes a
write the way a user or an admin makes it, and checks that the page then served is exactly
the page computed from scratch, and that it did change.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from offers.models import Comparison, Dimension, Offer, PlanAdvice
from tests.factories import (
    AccessFactory,
    ComparisonFactory,
    CounsellorFactory,
    NoteFactory,
    OfferFactory,
    changed,
    rate_all,
    set_factor,
)

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
# The message a write leaves ("Offer saved.") shows once, on the next page, cached or not.
# So is "The scoring changed since you last looked", after an admin's change.
SCORING_NOTICE = re.compile(r'<div class="alert alert-info scoring-changes".*?</div>', re.S)
MESSAGES = re.compile(r'<div class="messages">.*?</button>\s*</div>\s*</div>', re.S)


@pytest.fixture
def offers(comparison):
    """A steady offer strong on both and a well-paid one that teaches little."""
    steady = rate_all(OfferFactory(comparison=comparison, title="Steady", employer="S"), 4, 4)
    paid = rate_all(OfferFactory(comparison=comparison, title="Paid", employer="P"), 5, 2)
    return steady, paid


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    html = MESSAGES.sub("", CSRF.sub("csrf", response.content.decode()))
    html = SCORING_NOTICE.sub("", html)
    return re.sub(r"\s+", " ", html)


def computed_afresh(client, url) -> str:
    cache.clear()
    return page(client, url)


def offer_form(offer, **changes):
    data = {
        "title": offer.title,
        "employer": offer.employer,
        "currency": offer.currency,
        "pay_period": offer.pay_period,
        "loaded_at": Offer.objects.get(pk=offer.pk).updated_at.isoformat(),
        **{f"rating_{r.factor.key}": str(r.score) for r in offer.ratings.select_related("factor")},
    }
    data.update(changes)
    return data


def rename(client, comparison, offers):
    url = reverse("offers:comparison-update", args=[comparison.pk])
    client.post(url, {"title": "Autumn offers", "priority": comparison.priority, "notes": ""})


def rank_for_growth(client, comparison, offers):
    client.post(reverse("offers:comparison-priority", args=[comparison.pk]), {"priority": "growth"})


def add_an_offer(client, comparison, offers):
    url = reverse("offers:offer-create", args=[comparison.pk])
    client.post(url, offer_form(offers[0], title="Newcomer", employer="N", loaded_at=""))


def lower_a_rating(client, comparison, offers):
    steady = offers[0]
    url = reverse("offers:offer-update", args=[steady.pk])
    client.post(url, offer_form(steady, rating_workload="1", rating_pay="1"))


def delete_an_offer(client, comparison, offers):
    client.post(reverse("offers:offer-delete", args=[offers[1].pk]))


def say_pay_matters_more(client, comparison, offers):
    url = reverse("offers:comparison-importance", args=[comparison.pk])
    keys = [r.factor.key for r in offers[0].ratings.select_related("factor")]
    client.post(url, {f"importance_{k}": "more" if k == "pay" else "usual" for k in keys})


def reset_importance(client, comparison, offers):
    say_pay_matters_more(client, comparison, offers)
    page(client, comparison.get_absolute_url())  # cached with the importance in use
    client.post(reverse("offers:comparison-importance-reset", args=[comparison.pk]))


def answer_what_you_need_now(client, comparison, offers):
    url = reverse("offers:comparison-priority-check", args=[comparison.pk])
    client.post(url, {"money_at_risk": "yes", "savings_months": "2", "dependants": ""})


def change_those_answers(client, comparison, offers):
    answer_what_you_need_now(client, comparison, offers)
    page(client, comparison.get_absolute_url())  # cached with the first answers
    url = reverse("offers:comparison-priority-check", args=[comparison.pk])
    client.post(url, {"money_at_risk": "no", "savings_months": "9", "growth_on_offer": "yes"})


def clear_those_answers(client, comparison, offers):
    answer_what_you_need_now(client, comparison, offers)
    page(client, comparison.get_absolute_url())  # cached with the answers
    client.post(reverse("offers:comparison-priority-check-clear", args=[comparison.pk]))


def admin_changes_a_weight(client, comparison, offers):
    set_factor("pay", weight=Decimal("5"))


def admin_switches_a_factor_off(client, comparison, offers):
    set_factor("skill_growth", active=False)


def admin_raises_a_threshold(client, comparison, offers):
    future = Dimension.objects.get(key="future_value")
    future.strong_threshold = 80
    future.save()


def record_a_decision(client, comparison, offers):
    url = reverse("offers:comparison-decision", args=[comparison.pk])
    today = timezone.localdate().isoformat()
    client.post(url, {"choice": offers[1].pk, "reason": "The pay", "decided_on": today})


def reopen_the_decision(client, comparison, offers):
    record_a_decision(client, comparison, offers)
    page(client, comparison.get_absolute_url())  # cached with the decision
    client.post(reverse("offers:comparison-decision-reopen", args=[comparison.pk]))


def first_plan_item():
    """The first item of the plan for "Paid" (5 on life fit, 2 on future value)."""
    return PlanAdvice.objects.filter(factor__key="skill_growth", kind="habit").get()


def tick_a_plan_item(client, comparison, offers):
    record_a_decision(client, comparison, offers)  # the plan is for Paid, weak on future value
    page(client, comparison.get_absolute_url())  # cached with the plan, nothing ticked
    url = reverse("offers:comparison-plan-tick", args=[comparison.pk])
    client.post(url, {"offer": offers[1].pk, "advice": first_plan_item().pk, "done": "1"})


def admin_edits_a_plan_text(client, comparison, offers):
    record_a_decision(client, comparison, offers)
    page(client, comparison.get_absolute_url())
    advice = first_plan_item()
    advice.text = "Learn one new thing a week and write it down."
    advice.save()  # as the admin saves it


WRITES = [
    rename,
    rank_for_growth,
    add_an_offer,
    lower_a_rating,
    delete_an_offer,
    say_pay_matters_more,
    reset_importance,
    answer_what_you_need_now,
    change_those_answers,
    clear_those_answers,
    admin_changes_a_weight,
    admin_switches_a_factor_off,
    admin_raises_a_threshold,
    record_a_decision,
    reopen_the_decision,
    tick_a_plan_item,
    admin_edits_a_plan_text,
]


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.__name__)
def test_after_any_write_the_comparison_page_is_what_it_computes_afresh(
    logged_in, comparison, offers, write
):
    url = comparison.get_absolute_url()
    before = page(logged_in, url)
    assert page(logged_in, url) == before  # served from the cache
    write(logged_in, comparison, offers)
    after = page(logged_in, url)
    assert after != before
    assert after == computed_afresh(logged_in, url)


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.__name__)
def test_after_any_write_the_counsellor_reads_what_it_computes_afresh(
    client, user, comparison, offers, write
):
    advisor = CounsellorFactory()
    AccessFactory(counsellor=advisor, client=user)
    counsellor = Client()
    counsellor.force_login(advisor)
    url = reverse("counselling:comparison", args=[comparison.pk])
    before = page(counsellor, url)
    client.force_login(user)
    write(client, comparison, offers)
    after = page(counsellor, url)
    assert after != before
    assert after == computed_afresh(counsellor, url)


@pytest.mark.parametrize(
    "write",
    [rank_for_growth, lower_a_rating, delete_an_offer, admin_raises_a_threshold],
    ids=lambda w: w.__name__,
)
def test_after_a_write_my_comparisons_shows_the_new_best_verdict(
    logged_in, comparison, offers, write
):
    url = reverse("offers:comparison-list")
    before = page(logged_in, url)
    write(logged_in, comparison, offers)
    after = page(logged_in, url)
    assert after == computed_afresh(logged_in, url)
    # The verdict badge or the "updated" time moved; the verdict is what a fresh page says.
    assert after != before


def test_a_cached_page_is_cheap_and_constant_whatever_the_offers(logged_in, comparison):
    url = comparison.get_absolute_url()
    for count in (1, 20, 50):
        while comparison.offers.count() < count:
            rate_all(OfferFactory(comparison=comparison), 3, 4)
        page(logged_in, url)  # computes and caches
        with CaptureQueriesContext(connection) as queries:
            page(logged_in, url)
        tables = " ".join(q["sql"] for q in queries.captured_queries)
        # The session, the user, and the comparison with its versions and count of notes
        # (none, so no query for them): no offer, rating or factor.
        assert len(queries) <= 3, tables
        assert "offers_rating" not in tables and "offers_factor" not in tables


def test_my_comparisons_reads_cached_verdicts_and_scores_only_what_changed(
    logged_in, user, comparison, offers
):
    for _ in range(19):
        rate_all(OfferFactory(comparison=ComparisonFactory(owner=user)), 4, 4)
    url = reverse("offers:comparison-list")
    page(logged_in, url)
    with CaptureQueriesContext(connection) as warm:
        page(logged_in, url)
    assert not any("offers_rating" in q["sql"] for q in warm.captured_queries)
    lower_a_rating(logged_in, comparison, offers)
    with CaptureQueriesContext(connection) as after_write:
        page(logged_in, url)
    ratings = [q["sql"] for q in after_write.captured_queries if "offers_rating" in q["sql"]]
    assert len(ratings) == 1  # only the changed comparison is scored again


def test_each_visitor_gets_their_own_csrf_token_in_a_cached_page(user, comparison, offers):
    url = comparison.get_absolute_url()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(user)
    second.force_login(user)  # another device: another session, another token
    first.get(url)  # renders and caches the report
    html = second.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert "placeholder" not in token
    response = second.post(
        reverse("offers:comparison-priority", args=[comparison.pk]),
        {"priority": "growth", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    comparison.refresh_from_db()
    assert comparison.priority == "growth"


def test_text_that_looks_like_the_token_placeholder_stays_text(logged_in, comparison):
    comparison.title = (
        '<input type="hidden" name="csrfmiddlewaretoken" value="csrf-token-placeholder">'
    )
    comparison.save()
    html = logged_in.get(comparison.get_absolute_url()).content.decode()
    assert "&lt;input type=&quot;hidden&quot;" in html
    assert 'value="csrf-token-placeholder"' not in html


UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "careerfit.cache.ForgivingRedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing answers there
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def test_when_redis_is_down_pages_are_served_from_the_database(
    client, user, comparison, offers, caplog
):
    with override_settings(CACHES=UNREACHABLE_REDIS):
        client.force_login(user)
        html = page(client, comparison.get_absolute_url())
        assert "Steady (S)" in html
        assert comparison.title in page(client, reverse("offers:comparison-list"))
        lower_a_rating(client, comparison, offers)
        assert page(client, comparison.get_absolute_url()) != html
        response = Client().post(
            reverse("account_login"), {"login": user.email, "password": "wrong"}
        )
        assert response.status_code == 200  # the form again, with its message; no error page
    assert "Cache unreachable" in caplog.text


def test_the_edit_form_shows_what_was_just_saved_and_saves_again_without_a_conflict(
    logged_in, comparison, offers
):
    steady = offers[0]
    url = reverse("offers:offer-update", args=[steady.pk])
    page(logged_in, url)  # cached with the offer as it was
    lower_a_rating(logged_in, comparison, offers)  # Pay 4 → 1
    html = page(logged_in, url)
    assert re.search(r'name="rating_pay" id="[^"]+" value="1" checked', html)
    loaded_at = re.search(r'name="loaded_at" value="([^"]+)"', html).group(1)
    assert loaded_at == Offer.objects.get(pk=steady.pk).updated_at.isoformat()
    data = offer_form(steady, rating_pay="3")
    assert data["loaded_at"] == loaded_at
    response = logged_in.post(url, data)
    assert response.status_code == 302  # saved, no "saved by someone else" warning


def test_the_add_form_follows_the_factors_an_admin_switches_off(logged_in, comparison):
    url = reverse("offers:offer-create", args=[comparison.pk])
    assert 'id="factor-skill_growth"' in page(logged_in, url)
    admin_switches_a_factor_off(logged_in, comparison, [])
    assert 'id="factor-skill_growth"' not in page(logged_in, url)


def test_my_comparisons_keeps_its_times_and_note_counts_current(logged_in, comparison, offers):
    url = reverse("offers:comparison-list")
    assert ">just now</time>" in page(logged_in, url)
    # Time passes; nothing is written, yet "updated … ago" moves on.
    earlier = timezone.now() - timedelta(hours=3)
    Comparison.objects.filter(pk=comparison.pk).update(updated_at=earlier)
    assert ">3 hours ago</time>" in page(logged_in, url)
    # A counsellor's note counts on the client's list at once.
    NoteFactory(comparison=comparison)
    assert "1 counsellor note" in page(logged_in, url)
    assert page(logged_in, url) == computed_afresh(logged_in, url)


def test_the_owner_and_a_counsellor_never_get_each_others_cached_page(
    logged_in, user, comparison, offers
):
    advisor = CounsellorFactory()
    AccessFactory(counsellor=advisor, client=user)
    counsellor = Client()
    counsellor.force_login(advisor)
    counsellor_url = reverse("counselling:comparison", args=[comparison.pk])
    edit_links = [
        reverse("offers:offer-create", args=[comparison.pk]),
        reverse("offers:comparison-priority", args=[comparison.pk]),
        reverse("offers:comparison-export", args=[comparison.pk]),
    ]
    for _ in range(2):  # each one's page computed first, then read from the cache
        owners = page(logged_in, comparison.get_absolute_url())
        theirs = page(counsellor, counsellor_url)
        assert all(f'"{link}"' in owners for link in edit_links)
        assert not any(f'"{link}"' in theirs for link in edit_links)
        assert f'"{reverse("counselling:comparison-export", args=[comparison.pk])}"' in theirs


def test_an_answer_by_date_shows_as_passed_from_the_next_day_on(
    logged_in, comparison, offers, monkeypatch
):
    today = timezone.localdate()
    Offer.objects.filter(pk=offers[0].pk).update(decision_deadline=today)
    changed(comparison)
    url = comparison.get_absolute_url()
    assert "(passed)" not in page(logged_in, url)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today + timedelta(days=1))
    assert "(passed)" in page(logged_in, url)


def test_both_pages_show_each_decision_and_plan_write_at_once(client, user, comparison, offers):
    """The owner's and the counsellor's pages, each cached, after every write of the feature."""
    advisor = CounsellorFactory()
    AccessFactory(counsellor=advisor, client=user)
    counsellor = Client()
    counsellor.force_login(advisor)
    client.force_login(user)
    urls = [(client, comparison.get_absolute_url()),
            (counsellor, reverse("counselling:comparison", args=[comparison.pk]))]  # fmt: skip
    tick_url = reverse("offers:comparison-plan-tick", args=[comparison.pk])

    def tick(done):
        data = {"offer": offers[1].pk, "advice": first_plan_item().pk, "done": done}
        return lambda: client.post(tick_url, data)

    def edit_text():
        advice = first_plan_item()
        advice.text = "Learn one new thing a week and write it down."
        advice.save()

    def switch_text_off():
        advice = first_plan_item()
        advice.active = False
        advice.save()

    steps = [
        ("record", lambda: record_a_decision(client, comparison, offers), "decided on"),
        ("tick", tick("1"), "Done on"),
        ("untick", tick("0"), "0 of 9 done"),
        ("edit a text", edit_text, "Learn one new thing a week"),
        ("switch a text off", switch_text_off, "0 of 8 done"),
        (
            "reopen",
            lambda: client.post(reverse("offers:comparison-decision-reopen", args=[comparison.pk])),
            "Strong on both",  # the plan follows the best offer again: Steady, Ideal
        ),
    ]
    for name, write, shown in steps:
        before = [page(who, url) for who, url in urls]
        assert [page(who, url) for who, url in urls] == before  # served from the cache
        write()
        for (who, url), old in zip(urls, before, strict=True):
            after = page(who, url)
            assert after != old, (name, url)
            assert shown.lower() in after.lower(), (name, url)
            assert after == computed_afresh(who, url), (name, url)


def test_a_cached_page_with_a_decision_and_ticks_still_costs_three_queries(
    logged_in, comparison, offers
):
    record_a_decision(logged_in, comparison, offers)
    url = reverse("offers:comparison-plan-tick", args=[comparison.pk])
    for advice in PlanAdvice.objects.filter(factor__key__in=["skill_growth", "achievements"]):
        logged_in.post(url, {"offer": offers[1].pk, "advice": advice.pk, "done": "1"})
    page(logged_in, comparison.get_absolute_url())  # computes and caches
    with CaptureQueriesContext(connection) as queries:
        html = page(logged_in, comparison.get_absolute_url())
    assert "6 of 9 done" in html
    assert len(queries) <= 3, " ".join(q["sql"] for q in queries.captured_queries)


def test_both_pages_show_each_note_on_its_offers_card_at_once(client, user, comparison, offers):
    """Notes stay out of the cached report; the cards still follow every note write."""
    steady, paid = offers
    advisor = CounsellorFactory()
    AccessFactory(counsellor=advisor, client=user)
    counsellor = Client()
    counsellor.force_login(advisor)
    client.force_login(user)
    owner_url = comparison.get_absolute_url()
    counsellor_url = reverse("counselling:comparison", args=[comparison.pk])

    def card(html, offer):
        return re.search(rf'<article[^>]*id="offer-{offer.pk}".*?</article>', html).group()

    def note():
        return comparison.counsellor_notes.get()

    def write_note():
        counsellor.post(
            reverse("counselling:note-create", args=[comparison.pk]),
            {"offer": steady.pk, "text": "Ask Steady about on-call."},
        )

    def move_note():
        counsellor.post(
            reverse("counselling:note-update", args=[note().pk]),
            {"offer": paid.pk, "text": "Ask Paid about on-call."},
        )

    def hide(hidden):
        return lambda: client.post(
            reverse("counselling:note-hide", args=[note().pk]), {"hidden": hidden}
        )

    def delete_note():
        counsellor.post(reverse("counselling:note-delete", args=[note().pk]))

    owner_link, counsellor_link = "note from your counsellor about this offer", "You left 1 note"
    # After each write: the offer whose card points to the note on each page (None: no card).
    steps = [
        ("write", write_note, steady, steady),
        ("move", move_note, paid, paid),
        ("hide", hide("1"), None, paid),  # hidden by the client, still the counsellor's note
        ("show", hide("0"), paid, paid),
        ("delete", delete_note, None, None),
    ]
    for name, write, owners_card, counsellors_card in steps:
        for who, url in [(client, owner_url), (counsellor, counsellor_url)]:
            page(who, url)  # cached before the write
        write()
        for who, url, link, expected in [
            (client, owner_url, owner_link, owners_card),
            (counsellor, counsellor_url, counsellor_link, counsellors_card),
        ]:
            html = page(who, url)
            for offer in offers:
                assert (link in card(html, offer)) == (offer == expected), (name, url, offer)
            assert html == computed_afresh(who, url), (name, url)


def test_the_cached_report_holds_no_note_and_no_reader_of_its_own(rf, user, comparison, offers):
    from counselling import services
    from offers import rendering

    steady, _ = offers
    advisor = CounsellorFactory()
    AccessFactory(counsellor=advisor, client=user)
    version = Comparison.objects.get(pk=comparison.pk).version
    note = services.note_create(
        comparison=comparison, author=advisor, text="Secret advice", offer=steady
    )
    services.reply_create(note=note, author=user, text="Secret answer")
    fresh = Comparison.objects.with_versions().get(pk=comparison.pk)
    request = rf.get("/")
    for for_owner in (True, False):
        html = rendering.comparison_report(
            request, fresh, for_owner=for_owner, export_url="/x", report_url="/y"
        )
        assert "Secret" not in html and "about this offer" not in html
        assert f"<!--offer-slot:{steady.pk}-->" in html
    # Writing the note renewed nothing: the comparison's own results stay cached.
    assert Comparison.objects.get(pk=comparison.pk).version == version
