"""Error pages speak CareerFit: they explain what happened and offer a way back."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from tests.factories import ComparisonFactory, CounsellorFactory

pytestmark = pytest.mark.django_db


def test_someone_elses_comparison_answers_a_helpful_404(client, user, other_user):
    theirs = ComparisonFactory(owner=other_user, title="Their private round")
    client.force_login(user)

    response = client.get(theirs.get_absolute_url())

    assert response.status_code == 404
    page = response.content.decode()
    assert "<title>Page not found · CareerFit</title>" in page
    assert "not yours to see" in page
    assert f'href="{reverse("offers:comparison-list")}"' in page
    assert "Their private round" not in page


def test_404_offers_a_counsellor_the_way_back_to_their_clients(client):
    client.force_login(CounsellorFactory())
    page = client.get("/counsellor/comparisons/999999/").content.decode()
    assert f'href="{reverse("counselling:client-list")}"' in page


def test_404_offers_a_visitor_the_home_page_and_log_in(client):
    page = client.get("/no-such-page/").content.decode()
    assert f'href="{reverse("account_login")}"' in page
    assert "Go to the home page" in page


def test_a_stale_form_gets_an_explanation_and_nothing_is_saved(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(
        reverse("offers:comparison-create"), {"title": "Lost", "priority": "balanced"}
    )

    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
    assert not user.comparisons.exists()


def test_500_page_renders_without_a_request():
    page = render_to_string("500.html")
    assert "Something went wrong on our side" in page
    assert "bootstrap.min.css" in page


def test_only_a_counsellor_is_told_that_access_may_have_been_revoked(client, user):
    client.force_login(user)
    assert "taken that access back" not in client.get("/comparisons/999999/").content.decode()
    client.force_login(CounsellorFactory())
    assert "taken that access back" in client.get("/comparisons/999999/").content.decode()


def test_browsers_asking_for_favicon_ico_get_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"
    assert client.get(response["Location"]).status_code == 200


def test_opening_the_log_out_address_asks_first_and_changes_nothing(client, user):
    client.force_login(user)
    response = client.get(reverse("account_logout"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Log out?" in page
    assert (
        page.count(f'<form method="post" action="{reverse("account_logout")}"') == 2
    )  # nav and page
    assert client.get(reverse("offers:comparison-list")).status_code == 200  # still logged in


def test_opening_a_button_only_address_of_ones_own_gets_the_page_too(client, user):
    comparison = ComparisonFactory(owner=user)
    client.force_login(user)
    response = client.get(reverse("offers:comparison-priority", args=[comparison.pk]))
    assert response.status_code == 405
    assert "This address works from a button" in response.content.decode()
    # A POST-only answer to a POST keeps Django's plain 405.
    response = client.post(reverse("offers:comparison-export", args=[comparison.pk]))
    assert response.status_code == 405
    assert response.content == b""
