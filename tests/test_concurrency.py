"""Requests that arrive together: nothing lost, nothing resurrected, never a 500.

Real concurrency needs real connections: each thread has its own database connection and
client, they start together at a barrier, and PostgreSQL decides who waits for whom. SQLite
serialises writers and would hide these races, so the tests run on PostgreSQL only (as CI does).
"""

import threading
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse

from offers import services
from offers.models import Comparison, Offer, Rating
from tests.factories import ComparisonFactory, OfferFactory, UserFactory, rate

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="races show on PostgreSQL only; run with DATABASE_URL=postgres://…",
    ),
]


def together(count: int, work) -> list:
    """Run work(i) in `count` threads released at once; return each result or exception."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def offer_form(**overrides):
    return {"title": "Data analyst", "employer": "Northwind", "currency": "EUR",
            "pay_period": "year", "rating_pay": "4", **overrides}  # fmt: skip


def statuses(results) -> Counter:
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors
    return Counter(r.status_code for r in results)


def test_twenty_identical_add_offer_posts_create_one_offer_and_explain_the_rest():
    user = UserFactory()
    comparison = ComparisonFactory(owner=user)
    clients = [client_for(user) for _ in range(20)]
    url = reverse("offers:offer-create", args=[comparison.pk])

    results = together(20, lambda i: clients[i].post(url, offer_form()))

    assert statuses(results) == {302: 1, 200: 19}
    for response in results:
        if response.status_code == 200:
            assert "is already in this comparison" in response.content.decode()
    assert Offer.objects.filter(comparison=comparison).count() == 1
    assert Rating.objects.count() == 1


def test_the_database_refuses_a_twin_that_differs_only_in_case():
    from django.db import IntegrityError

    comparison = ComparisonFactory()
    OfferFactory(comparison=comparison, title="Data analyst", employer="Northwind")
    with pytest.raises(IntegrityError):
        Offer.objects.create(comparison=comparison, title="DATA ANALYST", employer="northwind")


def test_a_second_tab_cannot_silently_overwrite_what_the_first_saved():
    user = UserFactory()
    offer = rate(OfferFactory(comparison=ComparisonFactory(owner=user), title="Analyst",
                              employer="Acme", salary=50000), pay=3)  # fmt: skip
    url = reverse("offers:offer-update", args=[offer.pk])
    first, second = client_for(user), client_for(user)
    loaded = first.get(url).context["form"]["loaded_at"].value()
    assert second.get(url).context["form"]["loaded_at"].value() == loaded

    saved = first.post(url, offer_form(title="Analyst", employer="Acme", salary="52000",
                                       rating_pay="5", loaded_at=loaded))  # fmt: skip
    assert saved.status_code == 302
    clash = second.post(url, offer_form(title="Analyst", employer="Acme", salary="60000",
                                        rating_pay="2", loaded_at=loaded))  # fmt: skip

    assert clash.status_code == 200
    page = clash.content.decode()
    assert "This offer was saved by someone else after you opened it" in page
    assert "<td>52000</td><td>60000</td>" in page  # salary: saved meanwhile, yours
    assert "<td>5 · Excellent</td><td>2 · Weak</td>" in page
    assert 'value="60000"' in page  # what was typed is kept in the form
    offer.refresh_from_db()
    assert offer.salary == 52000 and offer.ratings.get().score == 5

    # Saving again, knowingly, replaces the saved version.
    again = clash.context["form"]["loaded_at"].value()
    final = second.post(url, offer_form(title="Analyst", employer="Acme", salary="60000",
                                        rating_pay="2", loaded_at=again))  # fmt: skip
    assert final.status_code == 302
    offer.refresh_from_db()
    assert offer.salary == 60000


def test_an_edit_that_finishes_after_a_delete_never_brings_the_offer_back():
    comparison = ComparisonFactory()
    offer = rate(OfferFactory(comparison=comparison), pay=4)
    stale = Offer.objects.get(pk=offer.pk)  # the edit has loaded the offer…
    Offer.objects.filter(pk=offer.pk).delete()  # …someone deletes it…
    with pytest.raises(services.Gone, match="This offer was deleted"):
        services.offer_update(offer=stale, data={"title": "Back?"}, ratings={})  # …edit ends
    assert not Offer.objects.filter(pk=offer.pk).exists()
    assert not Rating.objects.exists()


def race_an_edit_against(delete_url, rounds: int) -> None:
    """Rounds of one offer edited in one request while another deletes `delete_url(offer)`."""
    user = UserFactory()
    for _ in range(rounds):
        comparison = ComparisonFactory(owner=user)
        offer = rate(OfferFactory(comparison=comparison, title="Analyst", employer="Acme"), pay=3)
        edit = reverse("offers:offer-update", args=[offer.pk])
        delete = delete_url(offer)
        loaded = offer.updated_at.isoformat()
        clients = [client_for(user) for _ in range(2)]

        def act(i, edit=edit, delete=delete, clients=clients, loaded=loaded):
            if i == 0:
                return clients[0].post(edit, offer_form(title="Analyst", employer="Acme",
                                                        loaded_at=loaded))  # fmt: skip
            return clients[1].post(delete)

        results = together(2, act)
        assert set(statuses(results)) <= {302, 404}, [r.status_code for r in results]
        assert not Offer.objects.filter(pk=offer.pk).exists()
        assert not Rating.objects.filter(offer_id=offer.pk).exists()


def test_editing_and_deleting_one_offer_at_once_answers_without_a_500():
    race_an_edit_against(lambda offer: reverse("offers:offer-delete", args=[offer.pk]), 5)


def test_editing_an_offer_while_its_comparison_is_deleted_never_deadlocks():
    race_an_edit_against(
        lambda offer: reverse("offers:comparison-delete", args=[offer.comparison_id]), 8
    )


def test_deleting_a_comparison_while_offers_are_added_leaves_nothing_behind():
    user = UserFactory()
    comparison = ComparisonFactory(owner=user)
    clients = [client_for(user) for _ in range(8)]
    add = reverse("offers:offer-create", args=[comparison.pk])
    delete = reverse("offers:comparison-delete", args=[comparison.pk])

    def act(i):
        if i == 7:
            return clients[i].post(delete)
        return clients[i].post(add, offer_form(title=f"Role {i}"))

    results = together(8, act)

    assert set(statuses(results)) <= {302, 404}
    assert not Comparison.objects.filter(pk=comparison.pk).exists()
    assert not Offer.objects.exists() and not Rating.objects.exists()
    for response in results:
        if response.status_code == 404:
            assert "deleted" in response.content.decode()


def test_twenty_sign_ups_with_one_email_make_one_account_and_no_500():
    data = {"email": "race@example.com", "password1": "a-strong-pass-2027",
            "password2": "a-strong-pass-2027"}  # fmt: skip
    clients = [Client() for _ in range(20)]
    results = together(20, lambda i: clients[i].post(reverse("account_signup"), data))
    counts = statuses(results)
    # Answered alike (302 to "check your email"), or 429 once the sign-ups per client run out.
    assert set(counts) <= {302, 429} and counts[302] >= 1
    assert get_user_model().objects.filter(email="race@example.com").count() == 1


def test_the_offer_limit_holds_under_parallel_adds(settings):
    settings.MAX_OFFERS_PER_COMPARISON = 3
    user = UserFactory()
    comparison = ComparisonFactory(owner=user)
    clients = [client_for(user) for _ in range(6)]
    add = reverse("offers:offer-create", args=[comparison.pk])
    results = together(6, lambda i: clients[i].post(add, offer_form(title=f"Role {i}")))
    assert statuses(results) == {302: 3, 200: 3}
    assert Offer.objects.filter(comparison=comparison).count() == 3
    refused = next(r for r in results if r.status_code == 200).content.decode()
    assert "This comparison holds 3 offers, the most it can." in refused


def test_recording_a_decision_while_its_offer_is_deleted_never_leaves_a_dangling_choice():
    """Either the decision lands first and the deletion reopens it, or the deletion lands first
    and the decision is refused (404): never "none of these" by accident, never a 500."""
    user = UserFactory()
    for _ in range(6):
        comparison = ComparisonFactory(owner=user)
        offer = rate(OfferFactory(comparison=comparison, title="Analyst", employer="Acme"), pay=3)
        record = reverse("offers:comparison-decision", args=[comparison.pk])
        delete = reverse("offers:offer-delete", args=[offer.pk])
        clients = [client_for(user) for _ in range(2)]

        def act(i, record=record, delete=delete, clients=clients, offer=offer):
            if i == 0:
                return clients[0].post(
                    record, {"choice": offer.pk, "reason": "Mine", "decided_on": "2026-11-01"}
                )
            return clients[1].post(delete)

        results = together(2, act)
        codes = statuses(results)
        assert set(codes) <= {200, 302, 404}, codes
        saved = Comparison.objects.get(pk=comparison.pk)
        assert not Offer.objects.filter(pk=offer.pk).exists()
        assert not saved.has_decision and saved.decision_reason == ""
