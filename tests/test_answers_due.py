"""My comparisons lists the answers due soon across all comparisons, soonest first."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ComparisonFactory, OfferFactory

pytestmark = pytest.mark.django_db


def due_list(client) -> list[str]:
    page = client.get(reverse("offers:comparison-list")).content.decode()
    section = re.search(r'<section class="answers-due.*?</section>', page, re.S)
    if section is None:
        return []
    items = re.findall(r"<li[^>]*>(.*?)</li>", section.group(0), re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip() for item in items]


def test_open_offers_due_within_two_weeks_are_listed_soonest_first(client, user, other_user):
    today = timezone.localdate()

    def offer(comparison, title, days, **fields):
        return OfferFactory(
            comparison=comparison,
            title=title,
            employer="E",
            decision_deadline=today + timedelta(days=days),
            **fields,
        )

    spring = ComparisonFactory(owner=user, title="Spring")
    autumn = ComparisonFactory(owner=user, title="Autumn")
    offer(spring, "In three days", 3)
    offer(autumn, "Yesterday", -1, status="negotiating")
    offer(spring, "In two weeks", 14)
    offer(spring, "In three weeks", 21)
    offer(spring, "Long passed", -30)
    offer(autumn, "Declined", 2, status="declined")
    offer(autumn, "Accepted", 2, status="accepted")
    offer(autumn, "Current job", 2, is_current_job=True)
    offer(ComparisonFactory(owner=other_user), "Not mine", 1)
    client.force_login(user)

    listed = due_list(client)
    assert [item.split(" · ")[1].split(" in ")[0] for item in listed] == [
        "Yesterday (E)",
        "In three days (E)",
        "In two weeks (E)",
    ]
    assert "passed" in listed[0] and "negotiating" in listed[0] and "in Autumn" in listed[0]
    assert "passed" not in listed[1] and "in Spring" in listed[1]


def test_nothing_due_shows_no_section(client, user):
    ComparisonFactory(owner=user)
    client.force_login(user)
    assert due_list(client) == []
