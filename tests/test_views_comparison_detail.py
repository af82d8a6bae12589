"""The comparison page: verdict cards, ranking, trade-off, chart, table, CSV."""

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from offers.models import Comparison, Factor, Offer
from offers.scoring import Verdict
from tests.factories import (
    ComparisonFactory,
    NoteFactory,
    OfferFactory,
    rate,
    rate_all,
    rate_importance,
    report_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def four_offers(comparison):
    """One offer of each verdict, with known scores (ratings r give 100·(r−1)/4)."""
    return {
        "ideal": rate_all(OfferFactory(comparison=comparison, title="Ideal job",
                                       employer="Alpha"), life=4, future=5),
        "present": rate_all(OfferFactory(comparison=comparison, title="Comfortable job",
                                         employer="Beta"), life=5, future=2),
        "future": rate_all(OfferFactory(comparison=comparison, title="Stretch job",
                                        employer="Gamma"), life=2, future=5),
        "weak": rate_all(OfferFactory(comparison=comparison, title="Poor job",
                                      employer="Delta"), life=2, future=2),
    }  # fmt: skip


def ranked_titles(response):
    return [s.offer.title for s in response.context["report"].ranked]


def response_report(client, comparison):
    """The report the page shows (built afresh: a second view is served from the cache)."""
    assert client.get(comparison.get_absolute_url()).status_code == 200
    return report_of(comparison)


def test_each_offer_gets_its_verdict_and_scores(logged_in, comparison, four_offers):
    response = logged_in.get(comparison.get_absolute_url())
    report = response.context["report"]
    verdicts = {s.offer.title: (s.verdict.label, s.result.life.score, s.result.future.score)
                for s in report.ranked}  # fmt: skip
    assert verdicts == {
        "Ideal job": ("Ideal option", 75, 100),
        "Comfortable job": ("Pays the present", 100, 25),
        "Stretch job": ("Builds the future", 25, 100),
        "Poor job": ("Weak on both", 25, 25),
    }
    page = response.content.decode()
    for label in ("Ideal option", "Pays the present", "Builds the future", "Weak on both"):
        assert label in page


def test_the_page_names_the_best_offer_and_the_trade_off_between_the_top_two(
    logged_in, comparison, four_offers
):
    page = logged_in.get(comparison.get_absolute_url()).content.decode()
    assert re.search(
        r"With <strong>Balanced \(50 / 50\)</strong> as the priority, the best offer is"
        r"\s*<a href=\"#offer-\d+\"[^>]*>Ideal job \(Alpha\)</a>",
        page,
    )
    assert (
        "Ranked by verdict (Ideal option, then Pays the present and Builds the future together, "
        "then Weak on both), then within a verdict by a blend of 50 % life fit and 50 % future "
        "value. Offers still missing a rating come after the fully rated ones." in page
    )
    # Ideal 87.5 against Comfortable 62.5 on the 50 / 50 blend.
    assert "25 points ahead of Comfortable job (Beta) on the 50 / 50 blend" in page
    # Balanced: the two trade-offs tie at 62.5, so the one added first comes second.
    assert (
        "Choosing Ideal job (Alpha) over Comfortable job (Beta) gives up 25 points of life fit "
        "for 75 points of future value." in page
    )


@pytest.mark.parametrize(
    ("priority", "expected"),
    [
        ("stability", ["Ideal job", "Comfortable job", "Stretch job", "Poor job"]),
        ("growth", ["Ideal job", "Stretch job", "Comfortable job", "Poor job"]),
    ],
)
def test_ranking_follows_the_priority(logged_in, comparison, four_offers, priority, expected):
    Comparison.objects.filter(pk=comparison.pk).update(priority=priority)
    response = logged_in.get(comparison.get_absolute_url())
    assert ranked_titles(response) == expected


def test_trade_off_sentence_counts_points_per_dimension(logged_in, comparison):
    rate_all(OfferFactory(comparison=comparison, title="A", employer=""), life=3, future=5)
    rate_all(OfferFactory(comparison=comparison, title="B", employer=""), life=4, future=3)
    Comparison.objects.filter(pk=comparison.pk).update(priority="growth")
    page = logged_in.get(comparison.get_absolute_url()).content.decode()
    assert "Choosing A over B gives up 25 points of life fit for 50 points of future value." in page


def test_cards_show_what_lifts_and_holds_back_and_what_is_missing(logged_in, comparison):
    rate(OfferFactory(comparison=comparison), pay=5, workload=1, network=4)
    page = logged_in.get(comparison.get_absolute_url()).content.decode()
    assert re.search(r"Lifted most by</span>\s*Pay \(5\)", page)
    assert re.search(r"held back most by</span>\s*Workload \(1\)", page)
    assert "Not rated: Benefits, Schedule, Location, Predictability" in page


def test_cards_name_every_factor_tied_for_the_biggest_lift_ordered_by_key(logged_in, comparison):
    rate(OfferFactory(comparison=comparison), pay=5, benefits=5, schedule=4, location=4,
         predictability=4, workload=5, skill_growth=2)  # fmt: skip
    page = logged_in.get(comparison.get_absolute_url()).content.decode()
    lifted = re.search(r"Lifted most by</span>(.*?)</p>", page, re.S).group(1)
    assert " ".join(re.sub(r"<[^>]+>", "", lifted).split()) == (
        "Benefits (5), Pay (5), Workload (5)"
    )
    # The factors rated 4 lift too, but less: the table shows every rating.
    assert "Location (4)" not in lifted
    assert re.search(r"Held back most by</span>\s*Skill growth \(2\)", page)


def test_a_score_just_under_the_threshold_is_not_strong_and_does_not_read_as_70(
    logged_in, comparison
):
    # Pay 0.79 and Benefits 0.21 on ratings 4 and 3: (75·0.79 + 50·0.21) = 69.75, under 70.
    Factor.objects.filter(key="pay").update(weight=Decimal("0.79"))
    Factor.objects.filter(key="benefits").update(weight=Decimal("0.21"))
    rate(OfferFactory(comparison=comparison, title="Close call"), pay=4, benefits=3, skill_growth=5)

    response = logged_in.get(comparison.get_absolute_url())

    page = response.content.decode()
    assert re.search(r"<strong>69\.7</strong><span[^>]*>/100</span> · <span[^>]*>below 70", page)
    assert "Builds the future" in page
    assert response.context["report"].ranked[0].verdict is Verdict.FUTURE


def test_when_no_offer_can_be_scored_none_is_called_the_best(logged_in, comparison):
    rate(OfferFactory(comparison=comparison, title="Half rated"), pay=5)
    page = logged_in.get(comparison.get_absolute_url()).content.decode()
    assert "the best offer is" not in page
    assert "No offer can be ranked yet: it needs at least one rated factor" in page
    assert "Edit an offer to add its ratings." in page
    # Not given a place in a ranking it cannot have: no rank on its card or in the table.
    assert 'class="rank-number"' not in page
    assert response_report(logged_in, comparison).ranked[0].rank is None


def test_incomplete_offers_follow_the_ranking_without_a_place_in_it(logged_in, comparison):
    rate(OfferFactory(comparison=comparison, title="Half rated", employer="H"), pay=5)
    rate_all(OfferFactory(comparison=comparison, title="Rated"), life=2, future=2)
    page = logged_in.get(comparison.get_absolute_url()).content.decode()
    assert re.search(
        r"Not ranked until rated on both dimensions:\s*<a [^>]*>Half rated \(H\)</a>", page
    )
    assert page.count('class="rank-number"') == 1
    assert [v.rank for v in response_report(logged_in, comparison).ranked] == [1, None]


def test_a_single_offer_is_not_called_the_best_of_one(logged_in, comparison):
    rate_all(OfferFactory(comparison=comparison, title="Only one", employer="Solo"), 4, 4)
    page = logged_in.get(comparison.get_absolute_url()).content.decode()
    assert "the best offer is" not in page
    assert "With one offer there is nothing to weigh it against yet" in page
    assert "Ranked by verdict" not in page


def test_a_partly_rated_offer_is_never_named_best_and_ranks_after_the_fully_rated(
    logged_in, comparison
):
    # Rated 2 of 11 factors, both 5s: an "Ideal option" on paper, but not yet a verdict to trust.
    rate(OfferFactory(comparison=comparison, title="Sketchy", employer="S"), pay=5, network=5)
    rate_all(OfferFactory(comparison=comparison, title="Known", employer="K"), life=3, future=3)
    response = logged_in.get(comparison.get_absolute_url())
    page = response.content.decode()
    assert re.search(r"the best offer is\s*<a [^>]*>Known \(K\)</a>", page)
    assert [(v.name, v.rank) for v in response.context["report"].ranked] == [
        ("Known (K)", 1),
        ("Sketchy (S)", 2),
    ]
    assert "1 other offer partly rated" in page
    assert (
        "Rate Benefits, Schedule, Location, Predictability, Workload, Skill growth, Measurable "
        "achievements, Modern tools and Advancement pathways for Sketchy (S) to count it." in page
    )


def test_when_every_judged_offer_is_partly_rated_none_is_named_best(logged_in, comparison):
    rate(OfferFactory(comparison=comparison, title="Lone", employer="L"), pay=5, network=5)
    page = logged_in.get(comparison.get_absolute_url()).content.decode()
    assert "the best offer is" not in page
    assert "No offer can be named the best yet" in page
    assert "for Lone (L) to count it." in page
    assert 'class="decision-badge decision-badge-partly-rated"' in page


def test_no_trade_off_sentence_when_nothing_can_be_ranked(logged_in, comparison):
    rate(OfferFactory(comparison=comparison, title="A"), pay=5)
    OfferFactory(comparison=comparison, title="B")
    page = logged_in.get(comparison.get_absolute_url()).content.decode()
    assert "cannot be weighed against each other" not in page
    assert "No offer can be ranked yet: each needs" in page


def test_when_the_best_offer_is_weak_on_both_the_page_warns(logged_in, comparison):
    rate_all(OfferFactory(comparison=comparison, title="Meh"), life=3, future=3)
    rate_all(OfferFactory(comparison=comparison, title="Worse"), life=2, future=2)
    page = logged_in.get(comparison.get_absolute_url()).content.decode()
    assert re.search(r"the best offer is\s*<a [^>]*>Meh[^<]*</a>", page)
    assert "None of these offers is strong on either dimension" in page


def test_no_warning_when_an_offer_is_strong(logged_in, comparison, four_offers):
    page = logged_in.get(comparison.get_absolute_url()).content.decode()
    assert "None of these offers is strong" not in page
    assert "No offer can be ranked yet" not in page


def test_the_chart_says_which_offers_it_leaves_out(logged_in, comparison):
    rate(OfferFactory(comparison=comparison, title="Half rated", employer="Y"), pay=5)
    rate_all(OfferFactory(comparison=comparison, title="Rated"), life=2, future=2)
    page = logged_in.get(comparison.get_absolute_url()).content.decode()
    assert re.search(r"Not on the chart until rated on both dimensions:\s*Half rated \(Y\)\.", page)


def test_an_offer_without_ratings_is_incomplete_and_ranked_last(logged_in, comparison):
    rate(OfferFactory(comparison=comparison, title="Half rated"), pay=5)
    rate_all(OfferFactory(comparison=comparison, title="Rated"), life=2, future=2)
    response = logged_in.get(comparison.get_absolute_url())
    assert ranked_titles(response) == ["Rated", "Half rated"]
    assert response.context["report"].ranked[1].verdict.label == "Incomplete"


def test_chart_is_inline_svg_with_thresholds_quadrants_and_a_linked_dot_per_offer(
    logged_in, comparison, four_offers
):
    response = logged_in.get(comparison.get_absolute_url())
    page = response.content.decode()
    start = page.index("<svg viewBox=")
    svg = page[start : page.index("</svg>", start)]
    assert "<title" in svg and "<desc" in svg
    assert svg.count('class="threshold"') == 2
    for name in ("Ideal", "Pays the", "Builds the future", "Weak on both"):
        assert f">{name}" in svg
    assert svg.count("<circle") == 4
    ideal = four_offers["ideal"]
    # Each dot links to its card and says what it stands for.
    assert re.search(
        rf'<a href="#offer-{ideal.pk}" class="dot-link dot-ideal" aria-label="1\. Ideal job '
        r'\(Alpha\): life fit 75, future value 100, Ideal option"',
        svg,
    )
    assert f'id="offer-{ideal.pk}"' in page  # the card it leads to
    # The legend names every point and links to its card; the scores stay on the cards.
    assert re.search(
        rf'<li value="\d"><a href="#offer-{four_offers["future"].pk}">Stretch job \(Gamma\)</a> — '
        r"Builds the future</li>",
        page,
    )


def test_chart_labels_tell_apart_two_offers_for_the_same_role(logged_in, comparison):
    rate_all(OfferFactory(comparison=comparison, title="Dev", employer="Alpha"), 2, 4)
    rate_all(OfferFactory(comparison=comparison, title="dev", employer="Beta"), 3, 1)
    rate_all(OfferFactory(comparison=comparison, title="Tester", employer="Gamma"), 2, 2)
    chart = logged_in.get(comparison.get_absolute_url()).context["report"].chart
    assert [dot.label for dot in chart.dots] == ["1. Dev (Alpha)", "2. dev (Beta)", "3. Tester"]


def test_chart_dot_positions_follow_the_scores(logged_in, comparison):
    rate_all(OfferFactory(comparison=comparison, title="Top right"), life=5, future=5)
    chart = logged_in.get(comparison.get_absolute_url()).context["report"].chart
    dot = chart.dots[0]
    assert (dot.cx, dot.cy) == (chart.plot_right, chart.plot_top)
    assert chart.life_threshold_x == pytest.approx(chart.plot_left + chart.plot_width * 0.7)


def test_side_by_side_table_has_offers_as_columns_and_factors_grouped_by_dimension(
    logged_in, comparison, four_offers
):
    response = logged_in.get(comparison.get_absolute_url())
    sections = response.context["report"].sections
    assert [s.label for s in sections] == ["Life fit", "Future value"]
    assert len(sections[0].rows) == 6 and len(sections[1].rows) == 5
    assert [cell.score for cell in sections[0].rows[0].cells] == [4, 5, 2, 2]
    page = response.content.decode()
    assert 'class="table-responsive comparison-table-wrap"' in page
    # The offers' facts first, their pay as yearly figures, then one group per dimension.
    assert page.count('scope="colgroup"') == 4


def test_side_by_side_table_compares_the_facts_too(logged_in, comparison, four_offers):
    Offer.objects.filter(pk=four_offers["ideal"].pk).update(
        salary=Decimal("52000"), currency="EUR", pay_period="year", hours_per_week=Decimal("37.5"),
        decision_deadline=timezone.localdate() - timedelta(days=1),
    )  # fmt: skip
    Offer.objects.filter(pk=four_offers["present"].pk).update(
        salary=None, hours_per_week=None, decision_deadline=None
    )
    Offer.objects.filter(comparison=comparison).update(work_mode="", start_date=None)
    response = logged_in.get(comparison.get_absolute_url())
    facts = {row.label: row.cells for row in response.context["report"].facts}
    assert facts["Salary"][:2] == ["52,000 EUR per year", ""]
    assert facts["Hours a week"][:2] == ["37.5", ""]
    assert facts["Answer by"][0].endswith("(passed)")
    # A fact no offer has is left out rather than shown as a row of dashes.
    assert "Work mode" not in facts and "Starts" not in facts
    page = response.content.decode()
    assert "<td>52,000 EUR per year</td>" in page
    assert '—<span class="visually-hidden">not given</span>' in page


def test_empty_comparison_tells_what_to_do(logged_in, comparison):
    page = logged_in.get(comparison.get_absolute_url()).content.decode()
    assert "No offers yet" in page
    assert reverse("offers:offer-create", args=[comparison.pk]) in page
    assert "<svg viewBox" not in page


def test_the_page_has_no_inline_scripts_or_styles(logged_in, comparison, four_offers):
    page = logged_in.get(comparison.get_absolute_url()).content.decode()
    assert "style=" not in page
    assert "<style" not in page
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []


@pytest.mark.parametrize("count", [1, 20, 100])
def test_comparison_page_runs_a_constant_number_of_queries(
    logged_in, comparison, count, django_assert_max_num_queries
):
    for i in range(count):
        rate_all(OfferFactory(comparison=comparison), life=1 + i % 5, future=5 - i % 5)
    for _ in range(min(count, 20)):
        NoteFactory(comparison=comparison)
    Offer.objects.filter(pk=comparison.offers.first().pk).update(is_current_job=True)
    rate_importance(comparison, workload="none", pay="more")
    # session, user, comparison, dimensions, factors, plan texts, offers, ratings,
    # importances, plan ticks, notes, their replies, grants; and, on a first view, recording
    # which scoring the seeker has seen. (Dimensions, factors and plan texts come from the cache
    # once read.)
    with django_assert_max_num_queries(14):
        response = logged_in.get(comparison.get_absolute_url())
    assert len(response.context["report"].ranked) == count


def test_csv_export_has_one_row_per_offer_with_ratings_scores_and_verdict(
    logged_in, user, four_offers
):
    comparison = four_offers["ideal"].comparison
    Comparison.objects.filter(pk=comparison.pk).update(title="Spring / offers: 2027")
    response = logged_in.get(reverse("offers:comparison-export", args=[comparison.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="careerfit-spring-offers-2027.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["Role"] for r in rows] == ["Ideal job", "Comfortable job", "Stretch job",
                                         "Poor job"]  # fmt: skip
    first = rows[0]
    assert (first["Employer"], first["Pay (1-5)"], first["Network quality (1-5)"]) == (
        "Alpha",
        "4",
        "5",
    )
    assert (first["Life fit"], first["Future value"], first["Verdict"]) == (
        "75",
        "100",
        "Ideal option",
    )


def test_csv_export_reads_as_utf8_in_spreadsheets_and_keeps_the_notes(logged_in, comparison):
    OfferFactory(comparison=comparison, employer="Zürich AG", notes="Bonus 5 000 €\nRemote")
    response = logged_in.get(reverse("offers:comparison-export", args=[comparison.pk]))
    assert response.content.startswith("\ufeffRank,".encode())
    row = next(iter(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))))
    assert (row["Employer"], row["Notes"]) == ("Zürich AG", "Bonus 5 000 €\nRemote")


def test_csv_export_keeps_the_reasons_and_ranks_only_offers_with_a_verdict(logged_in, comparison):
    rated = rate_all(OfferFactory(comparison=comparison, title="Rated"), life=4, future=4)
    rated.ratings.filter(factor__key="pay").update(reason="10 % above market")
    rated.ratings.filter(factor__key="skill_growth").update(reason="=a mentor; weekly")
    OfferFactory(comparison=comparison, title="Not rated")
    response = logged_in.get(reverse("offers:comparison-export", args=[comparison.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["Rank"], r["Role"]) for r in rows] == [("1", "Rated"), ("", "Not rated")]
    assert rows[0]["Rating reasons"] == ("Pay: 10 % above market; Skill growth: =a mentor; weekly")
    assert rows[1]["Rating reasons"] == ""


def test_csv_export_neutralises_spreadsheet_formulas(logged_in, comparison):
    OfferFactory(
        comparison=comparison,
        title='=HYPERLINK("http://evil")',
        employer="+1",
        location="-2+3",
        notes="@SUM(A1:A9)",
    )
    response = logged_in.get(reverse("offers:comparison-export", args=[comparison.pk]))
    row = next(iter(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))))
    assert row["Role"].startswith("'=")
    assert row["Employer"] == "'+1"
    assert row["Location"] == "'-2+3"
    assert row["Notes"] == "'@SUM(A1:A9)"
    assert row["Verdict"] == "Incomplete"


@pytest.mark.parametrize("count", [1, 20, 100])
def test_csv_export_runs_a_constant_number_of_queries(
    logged_in, comparison, count, django_assert_max_num_queries
):
    for _ in range(count):
        rate_all(OfferFactory(comparison=comparison), life=3, future=4)
    rate_importance(comparison, workload="less")
    # session, user, comparison, dimensions, factors, plan texts, offers, ratings,
    # importances, plan ticks
    with django_assert_max_num_queries(10):
        response = logged_in.get(reverse("offers:comparison-export", args=[comparison.pk]))
    assert response.content.decode().count("\n") == count + 1


def test_another_users_comparison_page_leaks_nothing(client, other_user, four_offers):
    comparison = four_offers["ideal"].comparison
    client.force_login(other_user)
    response = client.get(comparison.get_absolute_url())
    assert response.status_code == 404
    assert "Ideal job" not in response.content.decode()


def test_my_other_comparisons_do_not_mix_in(logged_in, user, comparison):
    other = ComparisonFactory(owner=user)
    rate_all(OfferFactory(comparison=other, title="Elsewhere"), life=5, future=5)
    page = logged_in.get(comparison.get_absolute_url()).content.decode()
    assert "Elsewhere" not in page


def test_times_say_which_time_zone_they_are_in(logged_in, comparison, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    page = logged_in.get(comparison.get_absolute_url()).content.decode()
    assert re.search(r"updated <time [^>]*>\d{1,2} \w{3} \d{4}, \d\d:\d\d CES?T</time>", page)
