"""A plan for the trade you make: habits and questions for weak future value, what to negotiate
for weak life fit, ticked done by the seeker and read by their counsellor."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from offers import scoring, services
from offers.models import (
    HISTORY_BASELINE,
    Comparison,
    Factor,
    PlanAdvice,
    PlanTick,
    ScoringVersion,
)
from offers.report import weakest_factors
from tests.factories import (
    AccessFactory,
    CounsellorFactory,
    OfferFactory,
    UserFactory,
    changed,
    rate,
    rate_all,
    rate_importance,
    report_of,
)

pytestmark = pytest.mark.django_db

FUTURE = ["skill_growth", "achievements", "modern_tools", "network", "advancement"]
LIFE = ["pay", "benefits", "schedule", "location", "predictability", "workload"]
ORDER = {key: place for place, key in enumerate(LIFE + FUTURE)}


# The rule: which factors a plan covers (pure).


def future_score(ratings, *, threshold=70, weights=None):
    weights = weights or {}
    specs = [
        scoring.FactorSpec(key, key, scoring.FUTURE_VALUE, weight=weights.get(key, 1))
        for key in FUTURE
    ]
    dimension = scoring.DimensionSpec(scoring.FUTURE_VALUE, "Future value", threshold)
    return scoring.score_dimension(dimension, specs, ratings)


def ratings(*values):
    return {key: value for key, value in zip(FUTURE, values, strict=True) if value is not None}


@pytest.mark.parametrize(
    ("case", "given", "options", "expected"),
    [
        ("strong: no plan", ratings(4, 4, 4, 4, 4), {}, []),
        ("lowest first", ratings(3, 1, 5, 2, 4), {}, ["achievements", "network", "skill_growth"]),
        ("at most three", ratings(1, 2, 2, 1, 3), {}, ["skill_growth", "network", "achievements"]),
        ("ties in factor order", ratings(2, 2, 2, 2, 2), {}, FUTURE[:3]),
        ("a 4 is strong enough at 70", ratings(4, 4, 3, 4, 1), {}, ["advancement", "modern_tools"]),
        ("only rated factors", ratings(None, None, None, 2, 3), {}, ["network", "advancement"]),
        (
            "only factors with texts",
            ratings(1, 2, 2, 2, 5),
            {"with_texts": set(FUTURE) - {"skill_growth"}},
            ["achievements", "modern_tools", "network"],
        ),
        (
            "not a factor that does not count",
            ratings(1, 2, 2, 2, 5),
            {"weights": {"skill_growth": 0}},
            ["achievements", "modern_tools", "network"],
        ),
        (
            "a 4 is weak at 80",
            ratings(4, 4, 5, 4, 3),
            {"threshold": 80},
            ["advancement", "skill_growth", "achievements"],
        ),
        ("a 3 is strong enough at 50", ratings(3, 3, 2, 3, 3), {"threshold": 50}, ["modern_tools"]),
        ("unrated dimension", {}, {}, []),
    ],
)
def test_the_plan_covers_the_weakest_rated_factors(case, given, options, expected):
    score = future_score(
        given, threshold=options.get("threshold", 70), weights=options.get("weights")
    )
    with_texts = options.get("with_texts", set(FUTURE))
    chosen = weakest_factors(score, ORDER, with_texts)
    assert [c.key for c in chosen] == expected, case


# The plan on the report.


@pytest.fixture
def paid(comparison):
    """Strong on life fit, weak on future value: it pays the present."""
    offer = rate_all(OfferFactory(comparison=comparison, title="Sales", employer="Bolt"), 5, 3)
    offer.ratings.filter(factor__key="network").update(score=1)
    offer.ratings.filter(factor__key="achievements").update(score=2)
    changed(comparison)
    return offer


@pytest.fixture
def stretch(comparison):
    """Weak on life fit, strong on future value: it builds the future."""
    offer = rate_all(OfferFactory(comparison=comparison, title="Research", employer="Lab"), 4, 5)
    offer.ratings.filter(factor__key__in=["workload", "pay"]).update(score=1)
    offer.ratings.filter(factor__key="schedule").update(score=2)
    offer.ratings.filter(factor__key="benefits").update(score=3)
    changed(comparison)
    return offer


def texts(plan):
    return [
        (section.dimension, factor.label, item.kind)
        for section in plan.sections
        for factor in section.factors
        for item in factor.items
    ]


def test_weak_future_value_gets_a_habit_and_two_questions_per_weakest_factor(comparison, paid):
    plan = report_of(comparison).plan
    assert plan.subject.offer == paid
    assert (
        plan.intro
        == "For Sales (Bolt), the best offer for your priority, until you record your decision."
    )
    [section] = plan.sections
    assert section.heading == "Build the future value it lacks"
    assert section.intro.startswith("Future value is 35, below the 70 where it counts as strong.")
    assert [f.label for f in section.factors] == [
        "Network quality",
        "Measurable achievements",
        "Skill growth",
    ]
    assert [f.rating for f in section.factors] == ["1 · Poor", "2 · Weak", "3 · Fair"]
    for factor in section.factors:
        assert [i.label for i in factor.items] == [
            "Habit",
            "Ask before signing",
            "Ask before signing",
        ]
    assert plan.progress == "0 of 9 done"


def test_weak_life_fit_gets_what_to_negotiate(comparison, stretch):
    plan = report_of(comparison).plan
    [section] = plan.sections
    assert section.dimension == "life_fit"
    assert section.heading == "Negotiate what it lacks for life now"
    assert [f.label for f in section.factors] == ["Pay", "Workload", "Schedule"]
    assert all([i.label for i in f.items] == ["Negotiate"] for f in section.factors)
    pay = section.factors[0].items[0].text
    assert pay == PlanAdvice.objects.get(factor__key="pay", kind="negotiate").text


def test_weak_on_both_plans_for_both_future_first(comparison):
    rate_all(OfferFactory(comparison=comparison), 2, 2)
    plan = report_of(comparison).plan
    assert [s.dimension for s in plan.sections] == ["future_value", "life_fit"]
    assert [len(s.factors) for s in plan.sections] == [3, 3]


def test_strong_on_both_needs_no_plan(comparison):
    rate_all(OfferFactory(comparison=comparison, title="Ideal", employer="Co"), 4, 4)
    plan = report_of(comparison).plan
    assert plan.sections == []
    assert plan.note == "Ideal (Co) is strong on both life fit and future value: no plan needed."


def test_the_plan_follows_the_offer_chosen_not_the_best(comparison, paid, stretch):
    report = report_of(comparison)
    assert report.panel.best.offer == stretch  # 68.75 blended against 67.5
    assert report.plan.subject.offer == stretch
    services.decision_record(
        comparison=comparison, offer_id=paid.pk, reason="", decided_on=date.today()
    )
    plan = report_of(comparison).plan
    assert plan.subject.offer == paid
    assert plan.intro == "For Sales (Bolt), the offer you chose."
    assert report_of(comparison, for_owner=False).plan.intro == (
        "For Sales (Bolt), the offer your client chose."
    )


def test_none_of_these_leaves_nothing_to_plan(comparison, paid):
    services.decision_record(
        comparison=comparison, offer_id=None, reason="", decided_on=date.today()
    )
    plan = report_of(comparison).plan
    assert plan.subject is None and plan.sections == []
    assert plan.note == "You decided on none of these offers: no plan to prepare."


def test_staying_in_the_current_job_asks_the_manager(comparison):
    current = rate_all(OfferFactory(comparison=comparison, is_current_job=True, title="Clerk",
                                    employer="Town"), 4, 2)  # fmt: skip
    services.decision_record(
        comparison=comparison, offer_id=current.pk, reason="", decided_on=date.today()
    )
    plan = report_of(comparison).plan
    assert plan.intro == "For Clerk (Town), your current job."
    labels = {i.label for s in plan.sections for f in s.factors for i in f.items}
    assert labels == {"Habit", "Ask your manager"}


def test_no_offer_rated_no_plan_section(comparison):
    OfferFactory(comparison=comparison)
    assert report_of(comparison).plan is None


def test_a_partly_rated_offer_is_planned_on_what_it_has(comparison):
    offer = rate(OfferFactory(comparison=comparison, title="Gig", employer="X"), pay=5, network=2)
    services.decision_record(
        comparison=comparison, offer_id=offer.pk, reason="", decided_on=date.today()
    )
    plan = report_of(comparison).plan
    assert texts(plan) == [
        ("future_value", "Network quality", k) for k in ("habit", "question", "question")
    ]


def test_a_factor_that_counts_for_nothing_to_the_seeker_is_left_out(comparison, paid):
    rate_importance(comparison, network="none")
    [section] = report_of(comparison).plan.sections
    assert section.factors[0].label == "Measurable achievements"
    assert "Network quality" not in [f.label for f in section.factors]


def test_texts_switched_off_or_reordered_by_an_admin_show_as_they_are(comparison, paid):
    questions = PlanAdvice.objects.filter(factor__key="network", kind="question").order_by(
        "position"
    )
    first, second = list(questions)
    first.active = False
    first.save()
    second.text = "Who here would you introduce me to in my first month?"
    second.save()
    network = report_of(comparison).plan.sections[0].factors[0]
    assert [i.text for i in network.items][1:] == [
        "Who here would you introduce me to in my first month?"
    ]


# Ticks.


def tick(comparison, offer, advice, done=True):
    return services.plan_tick_set(
        comparison=comparison, offer_id=offer.pk, advice_id=advice.pk, done=done
    )


def network_habit():
    return PlanAdvice.objects.get(factor__key="network", kind="habit")


def test_a_tick_is_kept_once_renews_the_version_and_can_be_undone(comparison, paid):
    version = Comparison.objects.get(pk=comparison.pk).version
    assert tick(comparison, paid, network_habit()) is True
    after = Comparison.objects.get(pk=comparison.pk).version
    assert after != version
    first = PlanTick.objects.get().done_at
    assert tick(comparison, paid, network_habit()) is False  # a double click
    assert PlanTick.objects.get().done_at == first
    assert Comparison.objects.get(pk=comparison.pk).version == after
    item = report_of(comparison).plan.sections[0].factors[0].items[0]
    assert item.done and item.done_text.startswith("Done on ")
    assert report_of(comparison).plan.progress == "1 of 9 done"
    assert tick(comparison, paid, network_habit(), done=False) is True
    assert not PlanTick.objects.exists()


def test_ticks_belong_to_their_offer(comparison, paid, stretch):
    services.decision_record(
        comparison=comparison, offer_id=paid.pk, reason="", decided_on=date.today()
    )
    tick(comparison, paid, network_habit())
    assert report_of(comparison).plan.items[0].done
    services.decision_record(
        comparison=comparison, offer_id=stretch.pk, reason="", decided_on=date.today()
    )
    assert not any(i.done for i in report_of(comparison).plan.items)
    services.decision_record(
        comparison=comparison, offer_id=paid.pk, reason="", decided_on=date.today()
    )
    assert report_of(comparison).plan.items[0].done  # back on the offer it was ticked for


def test_a_tick_for_another_comparisons_offer_or_a_retired_text_saves_nothing(comparison, paid):
    stranger = rate_all(OfferFactory(), 5, 2)
    with pytest.raises(services.Gone):
        tick(comparison, stranger, network_habit())
    habit = network_habit()
    habit.active = False
    habit.save()
    with pytest.raises(ValidationError, match="no longer part of the plan"):
        tick(comparison, paid, habit)
    assert not PlanTick.objects.exists()


def test_ticks_go_with_their_offer(comparison, paid):
    tick(comparison, paid, network_habit())
    services.offer_delete(offer=paid)
    assert not PlanTick.objects.exists()


# The page.


def plan_url(comparison):
    return reverse("offers:comparison-plan-tick", args=[comparison.pk])


def section(page):
    return re.search(r'<section id="plan".*?</section>', page, re.S).group(0)


def test_the_seeker_ticks_an_item_on_the_page_without_javascript(logged_in, comparison, paid):
    habit = network_habit()
    page = section(logged_in.get(comparison.get_absolute_url()).content.decode())
    assert "A plan for the trade you make" in page
    assert habit.text in page
    assert page.count(">Mark done</button>") == 9
    response = logged_in.post(
        plan_url(comparison), {"offer": paid.pk, "advice": habit.pk, "done": "1"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{comparison.get_absolute_url()}#plan-item-{habit.pk}"
    page = section(logged_in.get(comparison.get_absolute_url()).content.decode())
    assert page.count(">Mark done</button>") == 8
    assert re.search(r"✓ </span>Done on \d+ \w+ \d{4}", page)
    assert ">Undo</button>" in page
    assert "1 of 9 done." in page
    logged_in.post(plan_url(comparison), {"offer": paid.pk, "advice": habit.pk, "done": "0"})
    assert not PlanTick.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"offer": "x", "advice": "1", "done": "1"},
        {"offer": "1", "advice": "1", "done": "maybe"},
    ],
)
def test_a_broken_tick_changes_nothing_and_says_so(logged_in, comparison, paid, data):
    response = logged_in.post(plan_url(comparison), data, follow=True)
    assert "That plan item could not be found" in response.content.decode()
    assert not PlanTick.objects.exists()


def test_a_retired_text_is_explained(logged_in, comparison, paid):
    habit = network_habit()
    PlanAdvice.objects.filter(pk=habit.pk).update(active=False)
    response = logged_in.post(
        plan_url(comparison), {"offer": paid.pk, "advice": habit.pk, "done": "1"}, follow=True
    )
    assert "an administrator changed the plan texts" in response.content.decode()


def test_ticking_is_for_the_owner_only(client, user, comparison, paid):
    habit = network_habit()
    data = {"offer": paid.pk, "advice": habit.pk, "done": "1"}
    client.force_login(UserFactory())
    assert client.post(plan_url(comparison), data).status_code == 404
    advisor = CounsellorFactory()
    AccessFactory(counsellor=advisor, client=user)
    client.force_login(advisor)
    assert client.post(plan_url(comparison), data).status_code == 404
    client.force_login(user)
    assert client.get(plan_url(comparison)).status_code == 405
    assert not PlanTick.objects.exists()


def test_the_counsellor_sees_the_plan_and_the_ticks_read_only(user, comparison, paid):
    tick(comparison, paid, network_habit())
    advisor = CounsellorFactory()
    AccessFactory(counsellor=advisor, client=user)
    counsellor = Client()
    counsellor.force_login(advisor)
    page = counsellor.get(reverse("counselling:comparison", args=[comparison.pk])).content.decode()
    plan = section(page)
    assert "the best offer for their priority (no decision recorded yet)" in plan
    assert network_habit().text in plan
    assert plan.count("Not done yet") == 8
    assert re.search(r"✓ </span>Done on \d+ \w+ \d{4}", plan)
    assert "<form" not in plan and "Mark done" not in plan and "Undo" not in plan


# Exports.


def test_the_csv_carries_the_plan_with_its_ticks_on_its_offers_row(
    logged_in, comparison, paid, stretch
):
    services.decision_record(
        comparison=comparison, offer_id=paid.pk, reason="", decided_on=date.today()
    )
    tick(comparison, paid, network_habit())
    response = logged_in.get(reverse("offers:comparison-export", args=[comparison.pk]))
    rows = {r["Role"]: r for r in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))}
    assert rows["Research"]["Plan"] == ""
    items = rows["Sales"]["Plan"].split("; ")
    assert len(items) == 9
    assert re.fullmatch(r"\[done \d{4}-\d\d-\d\d\] Network quality, Habit: .+", items[0])
    assert items[1].startswith("[to do] Network quality, Ask before signing: ")


def test_the_data_export_carries_the_ticks(logged_in, comparison, paid):
    tick(comparison, paid, network_habit())
    exported = logged_in.get(reverse("privacy:data-export")).json()
    offers = {o["role"]: o for o in exported["comparisons"][0]["offers"]}
    [ticked] = offers["Sales"]["plan_ticks"]
    assert (ticked["factor"], ticked["kind"], ticked["text"]) == (
        "network",
        "habit",
        network_habit().text,
    )
    assert ticked["done_at"]


# The texts: seeded for every factor, edited in the admin.


def test_every_factor_has_its_texts_from_the_migration():
    counts = {
        (key, kind): PlanAdvice.objects.filter(factor__key=key, kind=kind).count()
        for key in FUTURE + LIFE
        for kind in ("habit", "question", "negotiate")
    }
    for key in FUTURE:
        assert (counts[key, "habit"], counts[key, "question"], counts[key, "negotiate"]) == (
            1,
            2,
            0,
        )
    for key in LIFE:
        assert (counts[key, "habit"], counts[key, "question"], counts[key, "negotiate"]) == (
            0,
            0,
            1,
        )


def test_an_admin_edits_a_text_from_the_list_and_it_is_kept_in_history(staff_client):
    habit = network_habit()
    version = ScoringVersion.read()
    texts = list(PlanAdvice.objects.order_by("pk"))
    data = {
        "form-TOTAL_FORMS": str(len(texts)),
        "form-INITIAL_FORMS": str(len(texts)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    ordered = list(PlanAdvice.objects.order_by(
        "factor__dimension__position", "factor__position", "kind", "position", "pk"
    ))  # fmt: skip
    for i, advice in enumerate(ordered):
        data[f"form-{i}-id"] = advice.pk
        data[f"form-{i}-text"] = "Meet one new person a month." if advice == habit else advice.text
        data[f"form-{i}-position"] = advice.position
        data[f"form-{i}-active"] = "on"
    response = staff_client.post(reverse("admin:offers_planadvice_changelist"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    habit.refresh_from_db()
    assert habit.text == "Meet one new person a month."
    assert ScoringVersion.read() != version
    # The text as the migrations made it, then the admin's change.
    assert habit.history.count() == 2
    assert habit.history.earliest().history_change_reason == HISTORY_BASELINE


def test_the_factor_page_edits_its_texts_and_refuses_a_kind_of_the_other_dimension(staff_client):
    pay = Factor.objects.get(key="pay")
    [negotiate] = pay.advice.all()
    url = reverse("admin:offers_factor_change", args=[pay.pk])
    page = staff_client.get(url).content.decode()
    assert negotiate.text in page
    data = {
        "dimension": pay.dimension_id, "key": pay.key, "label": pay.label,
        "help_text": pay.help_text, "weight": "1", "position": pay.position, "active": "on",
        "advice-TOTAL_FORMS": "2", "advice-INITIAL_FORMS": "1",
        "advice-MIN_NUM_FORMS": "0", "advice-MAX_NUM_FORMS": "1000",
        "advice-0-id": negotiate.pk, "advice-0-factor": pay.pk, "advice-0-kind": "negotiate",
        "advice-0-text": "Ask for a raise after probation.", "advice-0-position": "1",
        "advice-0-active": "on",
        "advice-1-factor": pay.pk, "advice-1-kind": "habit",
        "advice-1-text": "Track your spending.", "advice-1-position": "2", "advice-1-active": "on",
    }  # fmt: skip
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "Life fit factors take “what to negotiate” texts" in response.content.decode()
    assert pay.advice.count() == 1
    data.update({"advice-TOTAL_FORMS": "1"})
    response = staff_client.post(url, data)
    assert response.status_code == 302
    negotiate.refresh_from_db()
    assert negotiate.text == "Ask for a raise after probation."
    assert Factor.objects.get(key="pay").weight == Decimal("1")


def test_a_plan_text_change_is_not_announced_as_a_scoring_change(logged_in, comparison, paid):
    logged_in.get(comparison.get_absolute_url())  # seen with the scoring as it is
    habit = network_habit()
    habit.text = "Meet one new person a month."
    habit.save()
    page = logged_in.get(comparison.get_absolute_url()).content.decode()
    assert "Meet one new person a month." in page
    assert "The scoring changed since you last looked" not in page
