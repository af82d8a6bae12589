"""Comparable pay on the pages: the offer form's pay fields, the table's yearly figures, the
seeker's exchange rates, the Pay suggestion, the CSV and the data export."""

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from offers.models import ExchangeRate, Offer
from tests.factories import AccessFactory, CounsellorFactory, OfferFactory, rate, rate_all
from tests.test_views_offers import offer_post


def money_rows(page: str) -> dict[str, list[str]]:
    """The "Pay, per year" rows of a comparison page: label → each column's text."""
    body = re.search(r'<tbody class="money-rows">(.*?)</tbody>', page, re.S)
    if body is None:
        return {}
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S):
        label = re.search(r'<th scope="row" class="fw-normal">([^<]+)', row).group(1)
        cells = [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<td>(.*?)</td>", row, re.S)
        ]
        rows[label] = cells
    return rows


def field_errors(response) -> dict[str, list[str]]:
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def test_an_offer_with_bonus_and_equity_shows_its_yearly_figures(logged_in, comparison):
    url = reverse("offers:offer-create", args=[comparison.pk])
    data = offer_post(
        salary="80k", hours_per_week="40", sign_on_bonus="€4,000", yearly_bonus="6000",
        equity_per_year="10 000", vesting_years="4", vesting_cliff_months="12",
        living_costs="30000",
    )  # fmt: skip
    assert logged_in.post(url, data).status_code == 302
    offer = Offer.objects.get(comparison=comparison)
    assert (offer.salary, offer.sign_on_bonus, offer.equity_per_year) == (
        Decimal("80000"), Decimal("4000"), Decimal("10000")
    )  # fmt: skip
    assert (offer.vesting_years, offer.vesting_cliff_months) == (4, 12)

    rows = money_rows(logged_in.get(comparison.get_absolute_url()).content.decode())
    assert rows == {
        "Yearly base (guaranteed)": ["80,000 EUR"],
        "Effective hourly rate": ["38.46 EUR"],  # 80000 / (40 × 52)
        "Pay at risk a year": ["16,000 EUR bonus 6,000 + equity 10,000 (4 years, 12-month cliff)"],
        "First-year total": ["100,000 EUR"],  # 80000 + 4000 + 6000 + 10000
        "Average yearly total over 4 years": ["97,000 EUR"],  # 80000 + 6000 + 10000 + 4000 / 4
        "Living costs a year": ["30,000 EUR"],
        "Left after living costs": ["50,000 EUR"],
    }


def test_hourly_monthly_and_yearly_offers_read_side_by_side(logged_in, comparison):
    OfferFactory(comparison=comparison, title="Barista", salary=24, pay_period="hour",
                 hours_per_week=40)  # fmt: skip
    OfferFactory(comparison=comparison, title="Clerk", salary=5400, pay_period="month",
                 hours_per_week=None)  # fmt: skip
    OfferFactory(comparison=comparison, title="Analyst", salary=61000, pay_period="year",
                 hours_per_week=Decimal("37.5"))  # fmt: skip
    rows = money_rows(logged_in.get(comparison.get_absolute_url()).content.decode())
    assert rows["Yearly base (guaranteed)"] == ["49,920 EUR", "64,800 EUR", "61,000 EUR"]
    assert rows["Effective hourly rate"] == ["24.00 EUR", "— not given", "31.28 EUR"]
    # Nothing at risk, no sign-on, no equity, no living costs: no rows of dashes for them.
    assert list(rows) == ["Yearly base (guaranteed)", "Effective hourly rate"]


def test_a_comparison_without_pay_shows_no_pay_rows(logged_in, comparison):
    OfferFactory(comparison=comparison, salary=None)
    page = logged_in.get(comparison.get_absolute_url()).content.decode()
    assert "money-rows" not in page and "Pay, per year" not in page


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        ({"pay_period": "hour", "salary": "24", "hours_per_week": "0"}, "hours_per_week",
         "Pay per hour needs the hours you work in a week (more than 0) to give a yearly figure."),
        ({"pay_period": "hour", "salary": "24", "hours_per_week": ""}, "hours_per_week",
         "Pay per hour needs the hours you work in a week (more than 0) to give a yearly figure."),
        ({"pay_period": "hour", "salary": "900000", "hours_per_week": "40"}, "salary",
         "That comes to 1,872,000,000 a year. Check the amount and whether it is per hour, "
         "month or year."),
        ({"sign_on_bonus": "-500"}, "sign_on_bonus", "A sign-on bonus cannot be negative."),
        ({"yearly_bonus": "a lot"}, "yearly_bonus",
         "Enter bonus as one number, e.g. 5000, 5,000.50 or 5k."),
        ({"living_costs": "12345678901"}, "living_costs",
         "That amount is too large; enter it in full, e.g. 5000."),
        ({"equity_per_year": "10000"}, "vesting_years",
         "Say over how many years the equity vests, e.g. 4."),
        ({"vesting_years": "4"}, "equity_per_year",
         "Enter what the equity is worth a year, or clear the vesting years and cliff."),
        ({"equity_per_year": "1", "vesting_years": "0"}, "vesting_years",
         "Enter between 1 and 10 years."),
        ({"equity_per_year": "1", "vesting_years": "four"}, "vesting_years",
         "Enter the vesting years as a whole number, e.g. 4."),
        ({"equity_per_year": "1", "vesting_years": "2", "vesting_cliff_months": "30"},
         "vesting_cliff_months", "The cliff cannot be longer than the vesting (2 years is 24 "
         "months)."),
    ],
)  # fmt: skip
def test_bad_pay_gets_a_clear_message_and_keeps_what_was_typed(
    logged_in, comparison, typed, field, message
):
    response = logged_in.post(
        reverse("offers:offer-create", args=[comparison.pk]), offer_post(**typed)
    )
    assert response.status_code == 200
    assert field_errors(response)[field] == [message]
    form = response.context["form"]
    for name, value in typed.items():
        assert form[name].value() == value
    assert not Offer.objects.exists()


def test_the_edit_form_shows_saved_amounts_as_typed(logged_in, comparison):
    offer = OfferFactory(comparison=comparison, sign_on_bonus=Decimal("4000.00"),
                         living_costs=Decimal("30000.50"))  # fmt: skip
    page = logged_in.get(reverse("offers:offer-update", args=[offer.pk])).content.decode()
    assert re.search(r'name="sign_on_bonus" value="4000"', page)
    assert re.search(r'name="living_costs" value="30000.5"', page)


# Currencies -----------------------------------------------------------------------------------


@pytest.fixture
def two_currencies(comparison):
    here = OfferFactory(comparison=comparison, title="Here", employer="Acme", salary=50000)
    there = OfferFactory(comparison=comparison, title="There", employer="Bolt", salary=60000,
                         currency="USD")  # fmt: skip
    return here, there


def test_offers_in_two_currencies_are_not_compared_without_a_rate(
    logged_in, user, comparison, two_currencies
):
    page = logged_in.get(comparison.get_absolute_url()).content.decode()
    assert "These offers are paid in EUR and USD." in page
    assert "enter an exchange rate</a> to see USD figures in EUR" in page
    assert money_rows(page)["Yearly base (guaranteed)"] == ["50,000 EUR", "60,000 USD"]
    assert "converted" not in " ".join(money_rows(page)["Yearly base (guaranteed)"])

    counsellor = CounsellorFactory()
    AccessFactory(counsellor=counsellor, client=user)
    client = Client()
    client.force_login(counsellor)
    theirs = client.get(reverse("counselling:comparison", args=[comparison.pk])).content.decode()
    assert "These offers are paid in EUR and USD." in theirs
    assert "exchange-rates" not in theirs  # a counsellor does not set the client's rates


def test_a_rate_of_the_seekers_own_converts_and_marks_the_figures(
    logged_in, user, comparison, two_currencies
):
    counsellor = CounsellorFactory()
    AccessFactory(counsellor=counsellor, client=user)
    client = Client()
    client.force_login(counsellor)
    counsellor_url = reverse("counselling:comparison", args=[comparison.pk])
    client.get(counsellor_url)  # cached before the rate is given
    logged_in.get(comparison.get_absolute_url())

    url = reverse("offers:comparison-rates", args=[comparison.pk])
    form_page = logged_in.get(url).content.decode()
    assert "This comparison shows money in EUR" in form_page and "1 USD in EUR" in form_page
    response = logged_in.post(url, {"USD": "0,92"}, follow=True)
    assert "Exchange rate saved (1 USD = 0.92 EUR)." in response.content.decode()
    rows = money_rows(response.content.decode())
    assert rows["Yearly base (guaranteed)"] == ["50,000 EUR", "60,000 USD ≈ 55,200 EUR converted"]
    page = response.content.decode()
    assert "at your own rate: 1 USD = 0.92 EUR" in page
    theirs = client.get(counsellor_url).content.decode()
    assert "at your client’s own rate: 1 USD = 0.92 EUR" in theirs
    assert "≈ 55,200 EUR" in theirs

    # Cleared, the currencies are kept apart again.
    logged_in.post(url, {"USD": ""})
    assert not ExchangeRate.objects.exists()
    page = logged_in.get(comparison.get_absolute_url()).content.decode()
    assert "These offers are paid in EUR and USD." in page and "≈" not in page


def test_a_rate_given_the_other_way_round_is_used_and_replaced(
    logged_in, comparison, two_currencies
):
    ExchangeRate.objects.create(comparison=comparison, source="EUR", target="USD", rate=2)
    url = reverse("offers:comparison-rates", args=[comparison.pk])
    assert logged_in.get(url).context["form"]["USD"].value() == "0.5"
    logged_in.post(url, {"USD": "0.8"})
    assert list(ExchangeRate.objects.values_list("source", "target", "rate")) == [
        ("USD", "EUR", Decimal("0.8"))
    ]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "Enter the rate as a number, e.g. 0.92 EUR for 1 USD."),
        ("0", "A rate must be more than 0."),
        ("-1", "A rate must be more than 0."),
        ("2000000", "That rate is too large; check which way round it is."),
        ("0.123456789", "Use at most 8 digits after the decimal point."),
    ],
)
def test_a_bad_rate_is_refused_with_what_was_typed(
    logged_in, comparison, two_currencies, typed, message
):
    response = logged_in.post(
        reverse("offers:comparison-rates", args=[comparison.pk]), {"USD": typed}
    )
    assert response.status_code == 200
    assert field_errors(response) == {"USD": [message]}
    assert response.context["form"]["USD"].value() == typed
    assert "Nothing was saved yet." in response.content.decode()
    assert not ExchangeRate.objects.exists()


def test_the_rates_page_of_a_one_currency_comparison_has_nothing_to_convert(logged_in, comparison):
    OfferFactory(comparison=comparison)
    url = reverse("offers:comparison-rates", args=[comparison.pk])
    assert "Every offer in this comparison is paid in EUR" in logged_in.get(url).content.decode()
    assert logged_in.post(url, {"EUR": "2"}).status_code == 200
    assert not ExchangeRate.objects.exists()


# The Pay suggestion ---------------------------------------------------------------------------


def test_the_edit_form_suggests_a_pay_rating_and_leaves_the_rating_alone(logged_in, comparison):
    OfferFactory(comparison=comparison, title="Lead", employer="Acme", salary=65000)
    mine = rate(OfferFactory(comparison=comparison, title="Analyst", employer="Bolt",
                             salary=58000), pay=2)  # fmt: skip
    response = logged_in.get(reverse("offers:offer-update", args=[mine.pk]))
    page = response.content.decode()
    assert "The pay figures suggest 4 · Good." in page
    assert (
        "Its average yearly total, 58,000 EUR, is 89 % of the best-paid offer here: "
        "Lead (Acme), 65,000 EUR."
    ) in page
    assert "You chose 2 · Weak; keep it if you know more than the figures show." in page
    assert 'data-rating="4"' in page
    assert response.context["form"]["rating_pay"].value() == "2"  # not overwritten


def test_the_suggestion_follows_the_figures_typed_so_far(logged_in, comparison):
    OfferFactory(comparison=comparison, title="Lead", employer="Acme", salary=65000)
    url = reverse("offers:pay-suggestion", args=[comparison.pk])
    figures = {"salary": "5000", "currency": "eur", "pay_period": "month", "hours_per_week": ""}
    page = logged_in.get(url, {**figures, "rating_pay": ""}).content.decode()
    # 5000 a month is 60,000 a year: 92 % of the best-paid offer.
    assert "The pay figures suggest 4 · Good." in page and "is 92 % of" in page
    assert "You chose" not in page and 'data-rating="4"' in page
    page = logged_in.get(url, {**figures, "salary": "4000", "rating_pay": "2"}).content.decode()
    assert "The pay figures suggest 2 · Weak." in page  # 48,000 is 73 %
    assert "Your rating is the same." in page and "data-rating" not in page
    page = logged_in.get(url, {**figures, "salary": "6000"}).content.decode()
    assert "It pays the most of the offers here: 72,000 EUR, its average yearly total." in page
    # Figures that cannot be read yet suggest nothing rather than something wrong.
    assert logged_in.get(url, {**figures, "salary": "oops"}).content.decode().strip() == ""


def test_the_suggestion_counts_other_currencies_only_at_a_rate(logged_in, comparison):
    OfferFactory(comparison=comparison, title="Abroad", employer="Acme", salary=100000,
                 currency="USD")  # fmt: skip
    url = reverse("offers:pay-suggestion", args=[comparison.pk])
    figures = {"salary": "50000", "currency": "EUR", "pay_period": "year"}
    assert logged_in.get(url, figures).content.decode().strip() == ""
    ExchangeRate.objects.create(comparison=comparison, source="USD", target="EUR", rate=1)
    page = logged_in.get(url, figures).content.decode()
    assert "The pay figures suggest 1 · Poor." in page
    assert "Counted at your own exchange rate: Abroad (Acme)." in page


def test_the_offer_being_edited_is_not_weighed_against_itself(logged_in, comparison):
    offer = OfferFactory(comparison=comparison, salary=90000)
    url = reverse("offers:pay-suggestion", args=[comparison.pk])
    figures = {"salary": "45000", "currency": "EUR", "pay_period": "year"}
    assert "suggest 1 · Poor" in logged_in.get(url, figures).content.decode()
    assert logged_in.get(url, {**figures, "offer": offer.pk}).content.decode().strip() == ""


# CSV and the data export ----------------------------------------------------------------------


def test_the_csv_carries_pay_terms_and_yearly_figures(logged_in, comparison, two_currencies):
    here, _ = two_currencies
    Offer.objects.filter(pk=here.pk).update(yearly_bonus=5000, equity_per_year=2000,
                                            vesting_years=2, living_costs=20000)  # fmt: skip
    ExchangeRate.objects.create(comparison=comparison, source="USD", target="EUR", rate="0.5")
    for offer in two_currencies:
        rate_all(offer, 3, 3)
    export = logged_in.get(reverse("offers:comparison-export", args=[comparison.pk]))
    rows = {r["Role"]: r for r in csv.DictReader(io.StringIO(export.content.decode("utf-8-sig")))}
    assert {k: rows["Here"][k] for k in ("Yearly bonus (target)", "Equity per year",
            "Vesting years", "Living costs per year")} == {
        "Yearly bonus (target)": "5000.00", "Equity per year": "2000.00", "Vesting years": "2",
        "Living costs per year": "20000.00",
    }  # fmt: skip
    assert rows["Here"]["Yearly base"] == "50000.00"
    assert rows["Here"]["Average yearly total over 2 years"] == "57000.00"
    assert rows["Here"]["Left after living costs"] == "30000.00"
    assert rows["There"]["Yearly base"] == "60000.00"
    assert rows["There"]["Average yearly total in EUR (converted)"] == "30000.00"
    assert rows["Here"]["Average yearly total in EUR (converted)"] == ""
    assert rows["There"]["Exchange rates used"] == "1 USD = 0.5 EUR"


def test_the_data_export_holds_pay_terms_and_rates(logged_in, comparison, two_currencies):
    Offer.objects.filter(pk=two_currencies[0].pk).update(sign_on_bonus=Decimal("1500.50"))
    ExchangeRate.objects.create(comparison=comparison, source="USD", target="EUR", rate="0.92")
    data = json.loads(logged_in.get(reverse("privacy:data-export")).content)
    saved = data["comparisons"][0]
    assert saved["exchange_rates"] == [{"from": "USD", "to": "EUR", "rate": "0.92"}]
    here = next(o for o in saved["offers"] if o["role"] == "Here")
    assert here["sign_on_bonus"] == "1500.5" and here["vesting_years"] is None
