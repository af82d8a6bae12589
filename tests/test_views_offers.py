"""Adding, editing and deleting an offer with its ratings."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from offers.models import Factor, Offer, Rating
from tests.factories import OfferFactory, rate

pytestmark = pytest.mark.django_db


def offer_post(**overrides):
    data = {
        "title": "Data analyst",
        "employer": "Northwind",
        "location": "Lyon",
        "salary": "52000",
        "currency": "eur",
        "pay_period": "year",
        "hours_per_week": "38",
        "work_mode": "hybrid",
        "start_date": "2027-02-01",
        "decision_deadline": "2027-01-10",
        "url": "careers.example.com/analyst",
        "notes": "Met the team",
        "rating_pay": "5",
        "reason_pay": "Above market",
        "rating_workload": "2",
        "rating_skill_growth": "4",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_has_a_labelled_rating_per_active_factor_grouped_by_dimension(
    logged_in, comparison
):
    Factor.objects.filter(key="benefits").update(active=False)
    response = logged_in.get(reverse("offers:offer-create", args=[comparison.pk]))
    form = response.context["form"]
    groups = form.rating_groups()
    assert [g.dimension.label for g in groups] == ["Life fit", "Future value"]
    assert [f.factor.label for f in groups[0].fields] == [
        "Pay", "Schedule", "Location", "Predictability", "Workload",
    ]  # fmt: skip
    page = response.content.decode()
    assert "<legend" in page and 'role="radiogroup"' in page
    assert "Benefits" not in page
    workload = Factor.objects.get(key="workload")
    assert workload.help_text in page
    assert f'id="{form["rating_workload"].auto_id}_label">Workload</legend>' in page


def test_adding_an_offer_saves_facts_and_ratings_together(logged_in, comparison):
    url = reverse("offers:offer-create", args=[comparison.pk])
    response = logged_in.post(url, offer_post(), follow=True)
    offer = Offer.objects.get()
    assert offer.comparison == comparison
    assert (offer.title, offer.employer, offer.currency) == ("Data analyst", "Northwind", "EUR")
    assert offer.salary == Decimal("52000")
    assert offer.url == "https://careers.example.com/analyst"
    ratings = {r.factor.key: (r.score, r.reason) for r in offer.ratings.select_related("factor")}
    assert ratings == {
        "pay": (5, "Above market"), "workload": (2, ""), "skill_growth": (4, ""),
    }  # fmt: skip
    assert response.redirect_chain[-1][0] == f"{comparison.get_absolute_url()}#offer-{offer.pk}"
    assert "Offer “Data analyst (Northwind)” added" in response.content.decode()


def test_unrated_factors_are_allowed(logged_in, comparison):
    data = {k: v for k, v in offer_post().items() if not k.startswith(("rating_", "reason_"))}
    logged_in.post(reverse("offers:offer-create", args=[comparison.pk]), data)
    assert Offer.objects.count() == 1
    assert not Rating.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"rating_workload": "0"}, "rating_workload", "Choose a rating from 1 to 5"),
        ({"rating_workload": "6"}, "rating_workload", "Choose a rating from 1 to 5"),
        ({"salary": "-10"}, "salary", "A salary cannot be negative."),
        ({"salary": "a lot"}, "salary", "Enter the salary as one number"),
        ({"hours_per_week": "40-45"}, "hours_per_week", "Enter the hours as one number"),
        ({"hours_per_week": "200"}, "hours_per_week", "A week has 168 hours"),
        ({"title": ""}, "title", "This field is required"),
        ({"title": "x" * 2000}, "title", "Shorten this to 120 characters or fewer (it has 2000)."),
        ({"location": "x" * 200}, "location", "Shorten this to 120 characters or fewer"),
        ({"currency": "E1R"}, "currency", "three-letter currency code"),
        ({"currency": "euros"}, "currency", "Use a three-letter currency code"),
        ({"start_date": "next week"}, "start_date", "Enter a valid date"),
        ({"decision_deadline": "2027-03-01"}, "decision_deadline", "on or before the start date"),
        ({"url": "not a link at all"}, "url", "Enter a valid URL"),
        ({"salary": "52.000"}, "salary", "For thousands, write 52000 or 52,000."),
        ({"salary": "1" * 13}, "salary", "That salary is too large"),
        ({"hours_per_week": "37.25"}, "hours_per_week", "Round the hours to one decimal"),
        ({"hours_per_week": "-1"}, "hours_per_week", "Hours cannot be negative."),
        ({"rating_pay": "", "reason_pay": "Above market"}, "reason_pay", "Choose a rating for Pay"),
    ],
)
def test_bad_input_comes_back_with_a_message_and_everything_typed(
    logged_in, comparison, overrides, field, message
):
    url = reverse("offers:offer-create", args=[comparison.pk])
    response = logged_in.post(url, offer_post(**overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert message in response.content.decode().replace("&#x27;", "'")
    # What the person typed is still in the form.
    assert form["employer"].value() == "Northwind"
    assert form["notes"].value() == "Met the team"
    if "rating_pay" not in overrides:
        assert form["rating_pay"].value() == "5"
        assert 'value="5" checked' in response.content.decode()
    assert form["reason_pay"].value() == "Above market"
    assert not Offer.objects.exists()
    assert not Rating.objects.exists()


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("52,000", Decimal("52000")),
        ("1,234,567.5", Decimal("1234567.50")),
        ("52 000.50", Decimal("52000.50")),
        ("€52,000", Decimal("52000")),
        ("52000 €", Decimal("52000")),
        ("52k", Decimal("52000")),
        ("52.5K", Decimal("52500")),
        ("52,5", None),
    ],
)
def test_salary_may_be_typed_with_thousands_separators(logged_in, comparison, typed, saved):
    url = reverse("offers:offer-create", args=[comparison.pk])
    response = logged_in.post(url, offer_post(salary=typed))
    if saved is None:  # a decimal comma is ambiguous: refused, and kept as typed
        assert response.status_code == 200
        assert response.context["form"]["salary"].value() == typed
        assert "Enter the salary as one number" in response.content.decode()
        assert not Offer.objects.exists()
    else:
        assert response.status_code == 302
        assert Offer.objects.get().salary == saved


def test_numbers_are_text_inputs_that_a_browser_cannot_silently_empty(logged_in, comparison):
    """<input type="number"> sends "" for "40-45"; a text input sends what was typed."""
    offer = OfferFactory(comparison=comparison, salary=Decimal("52000.00"), hours_per_week=37.5)
    page = logged_in.get(reverse("offers:offer-update", args=[offer.pk])).content.decode()
    assert 'type="number"' not in page
    assert re.search(r'<input type="text" name="salary" value="52000" inputmode="decimal"', page)
    assert re.search(r'<input type="text" name="hours_per_week" value="37.5"', page)


def test_the_error_summary_names_each_problem_and_links_to_its_field(logged_in, comparison):
    url = reverse("offers:offer-create", args=[comparison.pk])
    data = offer_post(salary="-5", rating_workload="9", rating_pay="", reason_pay="Above market")
    page = logged_in.post(url, data).content.decode()
    summary = re.search(r'<div class="alert alert-danger js-error-summary".*?</div>', page, re.S)
    links = re.findall(r'<a class="alert-link" href="#([^"]+)">([^<]+)</a>: ([^<]+)</li>',
                       summary.group())  # fmt: skip
    assert links == [
        ("id_salary", "Salary (gross)", "A salary cannot be negative."),
        (
            "id_reason_pay",
            "Reason for Pay",
            "Choose a rating for Pay to keep this reason, or clear it.",
        ),
        ("id_rating_workload_label", "Workload", "Choose a rating from 1 to 5, or “Not rated”."),
    ]
    for anchor, _, _ in links:
        assert f'id="{anchor}"' in page


def test_edit_shows_current_ratings_and_updates_adds_and_clears_them(logged_in, comparison):
    offer = rate(OfferFactory(comparison=comparison), pay=2, workload=3, network=5)
    url = reverse("offers:offer-update", args=[offer.pk])
    form = logged_in.get(url).context["form"]
    assert form["rating_pay"].value() == "2"
    assert form["rating_network"].value() == "5"
    assert form["rating_schedule"].value() == ""

    data = offer_post(rating_pay="4", rating_workload="", rating_skill_growth="5",
                      loaded_at=form["loaded_at"].value())  # fmt: skip
    response = logged_in.post(url, data)
    assert response["Location"] == f"{comparison.get_absolute_url()}#offer-{offer.pk}"
    scores = {r.factor.key: r.score for r in offer.ratings.select_related("factor")}
    assert scores == {"pay": 4, "skill_growth": 5}
    offer.refresh_from_db()
    assert offer.title == "Data analyst"


def test_a_bad_edit_changes_nothing(logged_in, comparison):
    offer = rate(OfferFactory(comparison=comparison, title="Before"), pay=2)
    url = reverse("offers:offer-update", args=[offer.pk])
    response = logged_in.post(url, offer_post(title="After", rating_pay="3", salary="-1"))
    assert response.status_code == 200
    offer.refresh_from_db()
    assert offer.title == "Before"
    assert offer.ratings.get().score == 2
    # The field keeps what was typed; the page still names the offer as it is saved.
    page = response.content.decode()
    assert 'value="After"' in page
    assert "Edit “Before (" in page
    assert "Edit “After" not in page


def test_ratings_of_an_inactive_factor_are_kept_through_an_edit(logged_in, comparison):
    offer = rate(OfferFactory(comparison=comparison), benefits=5, pay=1)
    Factor.objects.filter(key="benefits").update(active=False)
    logged_in.post(
        reverse("offers:offer-update", args=[offer.pk]),
        offer_post(rating_pay="3", loaded_at=offer.updated_at.isoformat()),
    )
    scores = {r.factor.key: r.score for r in offer.ratings.select_related("factor")}
    assert scores["benefits"] == 5
    assert scores["pay"] == 3


def test_delete_asks_first(logged_in, comparison):
    offer = rate(OfferFactory(comparison=comparison), pay=2)
    url = reverse("offers:offer-delete", args=[offer.pk])
    assert "cannot be undone" in logged_in.get(url).content.decode()
    assert Offer.objects.exists()
    response = logged_in.post(url, follow=True)
    assert response.redirect_chain[-1][0] == comparison.get_absolute_url()
    assert "deleted" in response.content.decode()
    assert not Offer.objects.exists()
    assert not Rating.objects.exists()


@pytest.mark.parametrize("name", ["offer-update", "offer-delete"])
def test_another_users_offer_answers_404(client, other_user, comparison, name):
    offer = rate(OfferFactory(comparison=comparison, title="Mine"), pay=2)
    client.force_login(other_user)
    url = reverse(f"offers:{name}", args=[offer.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, offer_post(title="Hijacked")).status_code == 404
    offer.refresh_from_db()
    assert offer.title == "Mine"


def test_adding_to_another_users_comparison_answers_404(client, other_user, comparison):
    client.force_login(other_user)
    url = reverse("offers:offer-create", args=[comparison.pk])
    assert client.post(url, offer_post()).status_code == 404
    assert not Offer.objects.exists()


def test_anonymous_offer_form_redirects_to_log_in(client, comparison):
    url = reverse("offers:offer-create", args=[comparison.pk])
    response = client.get(url)
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("count", [1, 20])
def test_offer_forms_run_a_constant_number_of_queries(
    logged_in, comparison, count, django_assert_max_num_queries
):
    offers = [rate(OfferFactory(comparison=comparison), pay=3) for _ in range(count)]
    with django_assert_max_num_queries(6):
        response = logged_in.get(reverse("offers:offer-create", args=[comparison.pk]))
    assert response.status_code == 200
    assert len(response.context["form"].factors) == 11
    # One more for an offer with pay: the other offers' pay, for the Pay suggestion.
    with django_assert_max_num_queries(8):
        response = logged_in.get(reverse("offers:offer-update", args=[offers[-1].pk]))
    assert response.context["form"]["rating_pay"].value() == "3"


def test_text_fields_carry_no_maxlength_that_would_cut_a_paste_silently(logged_in, comparison):
    for url in (
        reverse("offers:offer-create", args=[comparison.pk]),
        reverse("offers:comparison-update", args=[comparison.pk]),
    ):
        page = logged_in.get(url).content.decode()
        assert 'name="title"' in page
        assert "maxlength" not in page


def test_the_same_offer_sent_twice_is_refused_not_duplicated(logged_in, comparison):
    """Back after saving shows the old form; sending it again must not add a second copy."""
    url = reverse("offers:offer-create", args=[comparison.pk])
    assert logged_in.post(url, offer_post()).status_code == 302
    data = offer_post(title=offer_post()["title"].upper(), employer=offer_post()["employer"] + " ")
    response = logged_in.post(url, data)
    assert response.status_code == 200
    assert "is already in this comparison. Edit that offer instead" in " ".join(
        response.context["form"].errors["title"]
    )
    assert Offer.objects.count() == 1


def test_an_offer_may_be_saved_again_under_its_own_name(logged_in, comparison):
    offer = OfferFactory(comparison=comparison, title="Analyst", employer="Northwind")
    OfferFactory(title="Analyst", employer="Northwind")  # someone else's: no clash
    data = offer_post(title="Analyst", employer="Northwind", notes="Changed",
                      loaded_at=offer.updated_at.isoformat())  # fmt: skip
    response = logged_in.post(reverse("offers:offer-update", args=[offer.pk]), data)
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.notes == "Changed"


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("38,5", Decimal("38.5")),
        ("37.5", Decimal("37.5")),
        ("40.00", Decimal("40")),
        ("52.000", Decimal("52")),
        ("37.25", None),
        ("40-45", None),
    ],
)
def test_hours_read_a_decimal_comma_and_explain_a_range(logged_in, comparison, typed, saved):
    response = logged_in.post(
        reverse("offers:offer-create", args=[comparison.pk]), offer_post(hours_per_week=typed)
    )
    if saved is None:
        assert response.status_code == 200
        assert response.context["form"].errors["hours_per_week"]
        assert response.context["form"]["hours_per_week"].value() == typed
    else:
        assert response.status_code == 302
        assert Offer.objects.get().hours_per_week == saved


def test_an_edit_sent_without_the_time_the_form_was_opened_is_refused(logged_in, comparison):
    offer = OfferFactory(comparison=comparison, title="Analyst", employer="Northwind")
    response = logged_in.post(
        reverse("offers:offer-update", args=[offer.pk]),
        offer_post(title="Changed", employer="Northwind"),
    )
    assert response.status_code == 200
    assert "This form is out of date. Open the offer again to edit it." in response.content.decode()
    offer.refresh_from_db()
    assert offer.title == "Analyst"


def test_an_edit_sent_to_a_deleted_offer_answers_404_with_what_was_typed(logged_in, comparison):
    offer = OfferFactory(comparison=comparison, title="Analyst", employer="Northwind")
    url = reverse("offers:offer-update", args=[offer.pk])
    loaded = offer.updated_at.isoformat()
    offer.delete()  # in another tab
    response = logged_in.post(
        url,
        offer_post(title="Analyst", employer="Northwind", notes="My long note", loaded_at=loaded),
    )
    assert response.status_code == 404
    page = response.content.decode()
    assert "What you typed (nothing was saved)" in page
    assert "My long note" in page
    assert loaded not in page  # the form's own bookkeeping is not echoed


def test_saving_an_offer_runs_as_many_statements_for_one_rating_as_for_eleven(
    logged_in, comparison
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def statements(ratings: dict) -> list[str]:
        facts = {k: v for k, v in offer_post().items() if not k.startswith(("rating_", "reason_"))}
        data = {**facts, "title": f"Role {len(ratings)}", **ratings}
        with CaptureQueriesContext(connection) as captured:
            response = logged_in.post(reverse("offers:offer-create", args=[comparison.pk]), data)
        assert response.status_code == 302
        return [q["sql"] for q in captured.captured_queries]

    logged_in.get(reverse("offers:offer-create", args=[comparison.pk]))  # the factors, cached
    one = statements({"rating_pay": "4"})
    eleven = statements({f"rating_{f.key}": "4" for f in Factor.objects.all()})
    assert len(eleven) == len(one)
    assert sum("SAVEPOINT" in s for s in eleven) == sum("SAVEPOINT" in s for s in one)
