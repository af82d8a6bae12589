"""My comparisons: list, create, edit, delete — and refusals."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from offers.models import Comparison, Offer, Rating
from tests.factories import ComparisonFactory, NoteFactory, OfferFactory, rate_all, rate_importance

pytestmark = pytest.mark.django_db


def test_landing_page_explains_the_two_dimensions_to_visitors(client):
    page = client.get(reverse("offers:landing")).content.decode()
    for words in ("Life fit", "Future value", "Ideal option", "Pays the present",
                  "Builds the future", "Weak on both", reverse("account_signup")):  # fmt: skip
        assert words in page


def test_landing_page_sends_logged_in_users_to_their_comparisons(logged_in):
    response = logged_in.get(reverse("offers:landing"))
    assert response["Location"] == reverse("offers:comparison-list")


def test_empty_list_tells_a_new_user_what_to_do(logged_in):
    page = logged_in.get(reverse("offers:comparison-list")).content.decode()
    assert "No comparisons yet" in page
    assert "Create your first comparison" in page


def test_list_shows_only_my_comparisons_newest_first_with_count_and_best_verdict(
    logged_in, user, other_user
):
    older = ComparisonFactory(owner=user, title="Autumn round")
    newer = ComparisonFactory(owner=user, title="Spring round")
    ComparisonFactory(owner=other_user, title="Not mine")
    rate_all(OfferFactory(comparison=newer), life=5, future=5)
    rate_all(OfferFactory(comparison=newer), life=2, future=2)
    Comparison.objects.filter(pk=older.pk).update(updated_at=newer.updated_at.replace(year=2020))

    response = logged_in.get(reverse("offers:comparison-list"))
    summaries = response.context["summaries"]
    assert [s.comparison.title for s in summaries] == ["Spring round", "Autumn round"]
    assert [s.offer_count for s in summaries] == [2, 0]
    assert summaries[0].best_verdict.label == "Ideal option"
    assert summaries[1].best_verdict is None
    page = response.content.decode()
    assert "Not mine" not in page
    assert "2 offers" in page


def test_a_comparison_without_a_rated_offer_asks_for_ratings_not_a_verdict(logged_in, user):
    comparison = ComparisonFactory(owner=user, title="Just started")
    OfferFactory(comparison=comparison)
    page = logged_in.get(reverse("offers:comparison-list")).content.decode()
    assert "Needs ratings before a verdict" in page
    assert "Best verdict" not in page


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("offers:comparison-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_create_a_comparison(logged_in, user):
    response = logged_in.post(
        reverse("offers:comparison-create"),
        {"title": "Spring offers", "priority": "growth", "notes": "Two in Lyon"},
        follow=True,
    )
    comparison = Comparison.objects.get()
    assert comparison.owner == user
    assert (comparison.title, comparison.priority) == ("Spring offers", "growth")
    assert response.redirect_chain[-1][0] == comparison.get_absolute_url()
    assert "“Spring offers” created" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "", "priority": "balanced"}, "title"),
        ({"title": "   ", "priority": "balanced"}, "title"),
        ({"title": "x" * 2000, "priority": "balanced"}, "title"),
        ({"title": "Fine", "priority": "whenever"}, "priority"),
    ],
)
def test_create_refuses_bad_input_and_keeps_what_was_typed(logged_in, data, field):
    response = logged_in.post(reverse("offers:comparison-create"), {**data, "notes": "keep me"})
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert form["notes"].value() == "keep me"
    assert not Comparison.objects.exists()


def test_a_2000_character_title_gets_a_length_message(logged_in):
    response = logged_in.post(
        reverse("offers:comparison-create"), {"title": "x" * 2000, "priority": "balanced"}
    )
    assert "Shorten this to 120 characters or fewer (it has 2000)." in response.content.decode()


def test_edit_a_comparison(logged_in, comparison):
    url = reverse("offers:comparison-update", args=[comparison.pk])
    assert logged_in.get(url).context["form"]["title"].value() == comparison.title
    response = logged_in.post(url, {"title": "Renamed", "priority": "stability", "notes": ""})
    assert response["Location"] == comparison.get_absolute_url()
    comparison.refresh_from_db()
    assert (comparison.title, comparison.priority) == ("Renamed", "stability")


def test_edit_refuses_bad_input_and_changes_nothing(logged_in, comparison):
    url = reverse("offers:comparison-update", args=[comparison.pk])
    response = logged_in.post(url, {"title": "", "priority": "growth"})
    assert "title" in response.context["form"].errors
    comparison.refresh_from_db()
    assert comparison.priority == "balanced"


def test_a_refused_edit_keeps_the_typed_title_in_the_field_but_not_in_the_headings(
    logged_in, comparison
):
    old_title = comparison.title
    url = reverse("offers:comparison-update", args=[comparison.pk])
    response = logged_in.post(url, {"title": "Renamed round", "priority": "sideways"})
    page = response.content.decode()
    assert "priority" in response.context["form"].errors
    assert f"<title>Edit “{old_title}” · CareerFit</title>" in page
    assert 'value="Renamed round"' in page
    assert "Edit “Renamed round”" not in page


def test_delete_asks_first_then_deletes_with_offers_and_ratings(logged_in, comparison):
    rate_all(OfferFactory(comparison=comparison), life=3, future=3)
    url = reverse("offers:comparison-delete", args=[comparison.pk])
    page = logged_in.get(url).content.decode()
    assert "cannot be undone" in page
    assert "its 1 offer with all their ratings" in page
    assert Comparison.objects.exists()
    response = logged_in.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("offers:comparison-list")
    assert "were deleted" in response.content.decode()
    assert not Comparison.objects.exists()
    assert not Offer.objects.exists()
    assert not Rating.objects.exists()


@pytest.mark.parametrize(
    "name",
    ["comparison-detail", "comparison-update", "comparison-delete", "comparison-export",
     "offer-create"],
)  # fmt: skip
def test_another_users_comparison_answers_404(client, other_user, comparison, name):
    client.force_login(other_user)
    url = reverse(f"offers:{name}", args=[comparison.pk])
    assert client.get(url).status_code == 404
    # Read-only pages refuse the method before looking at the object.
    post_status = 405 if name in ("comparison-detail", "comparison-export") else 404
    assert client.post(url, {"title": "Hijacked", "priority": "growth"}).status_code == post_status
    comparison.refresh_from_db()
    assert comparison.title != "Hijacked"
    assert Comparison.objects.filter(pk=comparison.pk).exists()
    assert not Offer.objects.exists()


def test_priority_can_be_switched_from_the_comparison_page(logged_in, comparison):
    url = reverse("offers:comparison-priority", args=[comparison.pk])
    assert logged_in.get(url).status_code == 405
    response = logged_in.post(url, {"priority": "growth"}, follow=True)
    comparison.refresh_from_db()
    assert comparison.priority == "growth"
    assert response.redirect_chain[-1][0] == comparison.get_absolute_url()
    assert "now ranked for" in response.content.decode()


def test_an_unknown_priority_is_refused(logged_in, comparison):
    url = reverse("offers:comparison-priority", args=[comparison.pk])
    response = logged_in.post(url, {"priority": "luck"}, follow=True)
    comparison.refresh_from_db()
    assert comparison.priority == "balanced"
    assert "Choose one of the listed priorities" in response.content.decode()


def test_another_users_priority_switch_answers_404(client, other_user, comparison):
    client.force_login(other_user)
    url = reverse("offers:comparison-priority", args=[comparison.pk])
    assert client.post(url, {"priority": "growth"}).status_code == 404
    comparison.refresh_from_db()
    assert comparison.priority == "balanced"


@pytest.mark.parametrize("count", [1, 20])
def test_list_page_runs_a_constant_number_of_queries(
    logged_in, user, count, django_assert_max_num_queries
):
    for _ in range(3):
        comparison = ComparisonFactory(owner=user)
        for _ in range(count):
            rate_all(OfferFactory(comparison=comparison), life=4, future=2)
        rate_importance(comparison, workload="more")
    # session, user, comparisons, answers due; on a cold cache the factors (2), then the
    # offers, ratings and importances of every comparison at once
    with django_assert_max_num_queries(9):
        response = logged_in.get(reverse("offers:comparison-list"))
    assert len(response.context["summaries"]) == 3


def test_deleting_an_empty_comparison_does_not_talk_of_zero_offers(logged_in, comparison):
    page = logged_in.get(reverse("offers:comparison-delete", args=[comparison.pk]))
    assert "which holds no offers yet" in page.content.decode()
    assert "0 offers" not in page.content.decode()
    response = logged_in.post(
        reverse("offers:comparison-delete", args=[comparison.pk]), follow=True
    )
    assert f"“{comparison.title}” was deleted." in response.content.decode()


def test_delete_warns_that_counsellor_notes_go_too(logged_in, comparison):
    NoteFactory(comparison=comparison)
    NoteFactory(comparison=comparison, hidden_by_client=True)
    page = logged_in.get(reverse("offers:comparison-delete", args=[comparison.pk])).content.decode()
    assert "and the 2 counsellor notes left on it (hidden ones included)" in page


def test_a_comparison_changed_a_moment_ago_says_just_now(logged_in, comparison):
    page = logged_in.get(reverse("offers:comparison-list")).content.decode()
    assert re.search(r"updated <time[^>]*>just now</time>", page)
    Comparison.objects.filter(pk=comparison.pk).update(
        updated_at=timezone.now() - timedelta(hours=3, minutes=5)
    )
    page = logged_in.get(reverse("offers:comparison-list")).content.decode()
    # One unit is enough to place it (and lets the list be cached for longer than a minute).
    assert re.search(r"updated <time[^>]*>3\xa0hours ago</time>", page)


def test_an_account_holds_at_most_the_set_number_of_comparisons(logged_in, user, settings):
    settings.MAX_COMPARISONS_PER_USER = 2
    ComparisonFactory.create_batch(2, owner=user)
    response = logged_in.post(
        reverse("offers:comparison-create"), {"title": "Third", "priority": "balanced"}
    )
    assert response.status_code == 200
    assert "You have 2 comparisons, the most an account can hold." in response.content.decode()
    assert 'value="Third"' in response.content.decode()  # what was typed is kept
    assert user.comparisons.count() == 2


def test_a_full_comparison_says_so_before_an_offer_is_typed(logged_in, comparison, settings):
    settings.MAX_OFFERS_PER_COMPARISON = 1
    OfferFactory(comparison=comparison)
    page = logged_in.get(reverse("offers:offer-create", args=[comparison.pk])).content.decode()
    assert "This comparison holds 1 offer, the most it can." in page
