"""Sharing with a counsellor, the counsellor area and notes."""

import re

import pytest
from django.urls import reverse

from counselling.models import CounsellorAccess, CounsellorNote
from tests.factories import (
    AccessFactory,
    ComparisonFactory,
    CounsellorFactory,
    NoteFactory,
    OfferFactory,
    UserFactory,
    rate,
    rate_all,
    rate_importance,
)

pytestmark = pytest.mark.django_db

NEUTRAL = "belongs to a CareerFit counsellor, they can now read your comparisons"


@pytest.fixture
def client_user(db):
    return UserFactory(email="client@example.com", name="Cleo Client")


@pytest.fixture
def counsellor(db):
    return CounsellorFactory(email="coach@example.com", name="Camille Coach")


@pytest.fixture
def granted(client_user, counsellor):
    return AccessFactory(client=client_user, counsellor=counsellor)


@pytest.fixture
def shared_comparison(client_user, granted):
    comparison = ComparisonFactory(owner=client_user, title="Cleo's spring offers")
    rate_all(OfferFactory(comparison=comparison, title="Analyst"), life=4, future=4)
    rate_all(OfferFactory(comparison=comparison, title="Clerk"), life=4, future=1)
    return comparison


def as_user(client, user):
    client.force_login(user)
    return client


# Sharing (the client's side).


def test_granting_a_counsellor_by_email(client, client_user, counsellor):
    as_user(client, client_user)
    response = client.post(reverse("counselling:sharing"), {"email": "COACH@example.com"},
                           follow=True)  # fmt: skip
    assert CounsellorAccess.objects.get().counsellor == counsellor
    page = response.content.decode()
    assert NEUTRAL in page
    assert "coach@example.com" in page and "since" in page


@pytest.mark.parametrize("email", ["nobody@example.com", "plain@example.com"])
def test_a_non_counsellor_email_gets_the_same_message_and_nothing_is_granted(
    client, client_user, email
):
    UserFactory(email="plain@example.com")
    as_user(client, client_user)
    response = client.post(reverse("counselling:sharing"), {"email": email}, follow=True)
    assert NEUTRAL in response.content.decode()
    assert not CounsellorAccess.objects.exists()


def test_the_message_is_word_for_word_the_same_for_a_counsellor_and_a_stranger(
    client, client_user, counsellor
):
    as_user(client, client_user)
    said = []
    for email in (counsellor.email, "nobody@example.com"):
        response = client.post(reverse("counselling:sharing"), {"email": email}, follow=True)
        said.append(
            [(m.tags, str(m).replace(email, "EMAIL")) for m in response.context["messages"]]
        )
    assert said[0] == said[1]
    # Neutral in tone as well as words: not a green "done" when nothing may have been granted.
    assert said[0][0][0] == "info"
    assert len(said[0]) == 1


def test_a_counsellor_cannot_grant_access_to_themselves(client, counsellor):
    as_user(client, counsellor)
    typed = counsellor.email.upper()
    response = client.post(reverse("counselling:sharing"), {"email": typed})
    assert response.status_code == 200
    page = response.content.decode()
    assert "That is your own address." in page
    assert response.context["form"]["email"].value() == typed
    assert not CounsellorAccess.objects.exists()


def test_granting_twice_keeps_one_grant(client, client_user, counsellor):
    as_user(client, client_user)
    for _ in range(2):
        client.post(reverse("counselling:sharing"), {"email": counsellor.email})
    assert CounsellorAccess.objects.count() == 1


def test_an_invalid_email_is_refused_with_a_message(client, client_user):
    as_user(client, client_user)
    response = client.post(reverse("counselling:sharing"), {"email": "not-an-email"})
    assert response.status_code == 200
    assert "Enter a valid email address" in response.content.decode()
    assert response.context["form"]["email"].value() == "not-an-email"


def test_revoking_asks_first_and_ends_access_on_the_next_request(
    client, client_user, counsellor, granted, shared_comparison
):
    url = reverse("counselling:access-revoke", args=[granted.pk])
    as_user(client, client_user)
    assert "Revoke access" in client.get(url).content.decode()
    assert CounsellorAccess.objects.exists()

    reader = type(client)()
    as_user(reader, counsellor)
    comparison_url = reverse("counselling:comparison", args=[shared_comparison.pk])
    assert reader.get(comparison_url).status_code == 200

    response = client.post(url, follow=True)
    assert "can no longer see your comparisons" in response.content.decode()
    assert not CounsellorAccess.objects.exists()
    assert reader.get(comparison_url).status_code == 404
    assert reader.get(reverse("counselling:client-list")).context["rows"] == []


def test_a_grant_can_only_be_revoked_by_its_client(client, granted, counsellor):
    as_user(client, counsellor)
    url = reverse("counselling:access-revoke", args=[granted.pk])
    assert client.post(url).status_code == 404
    assert CounsellorAccess.objects.exists()


# The counsellor area.


def test_navigation_shows_the_counsellor_area_only_to_counsellors(client, client_user, counsellor):
    clients_url = reverse("counselling:client-list")
    page = as_user(client, client_user).get(reverse("offers:comparison-list")).content.decode()
    assert clients_url not in page
    assert reverse("counselling:sharing") in page
    page = as_user(client, counsellor).get(reverse("offers:comparison-list")).content.decode()
    assert clients_url in page


def test_my_clients_lists_each_client_with_comparisons_and_best_verdicts(
    client, counsellor, shared_comparison
):
    AccessFactory(counsellor=counsellor)  # a client with nothing yet
    ComparisonFactory(owner=UserFactory(), title="Not shared")
    response = as_user(client, counsellor).get(reverse("counselling:client-list"))
    rows = response.context["rows"]
    # The client with recent activity first, the one with nothing yet last.
    assert [r.client.email for r in rows] == ["client@example.com", rows[1].client.email]
    assert (rows[1].comparison_count, rows[1].latest) == (0, None)
    first = rows[0]
    assert first.comparison_count == 1
    assert first.latest.comparison.title == "Cleo's spring offers"
    assert first.latest.best_verdict.label == "Ideal option"
    assert first.last_update == shared_comparison.updated_at
    page = response.content.decode()
    assert "Not shared" not in page
    assert "no comparison yet" in page


def test_my_clients_says_when_the_latest_comparison_still_needs_ratings(
    client, counsellor, client_user, granted
):
    comparison = ComparisonFactory(owner=client_user, title="Barely begun")
    OfferFactory(comparison=comparison)
    page = as_user(client, counsellor).get(reverse("counselling:client-list")).content.decode()
    assert re.search(r"Barely begun</a><br><span[^>]*>needs ratings", page)
    ComparisonFactory(owner=client_user, title="Empty")  # now the latest
    page = client.get(reverse("counselling:client-list")).content.decode()
    assert re.search(r"Empty</a><br><span[^>]*>no offers yet", page)


def test_a_client_page_lists_their_comparisons(client, counsellor, client_user, shared_comparison):
    url = reverse("counselling:client-detail", args=[client_user.pk])
    page = as_user(client, counsellor).get(url).content.decode()
    assert "Cleo&#x27;s spring offers" in page
    assert reverse("counselling:comparison", args=[shared_comparison.pk]) in page


def test_the_counsellor_reads_the_comparison_as_the_client_sees_it_without_edit_controls(
    client, counsellor, client_user, shared_comparison
):
    mine = as_user(type(client)(), client_user).get(shared_comparison.get_absolute_url())
    response = as_user(client, counsellor).get(
        reverse("counselling:comparison", args=[shared_comparison.pk])
    )
    page = response.content.decode()
    assert [s.verdict for s in response.context["report"].ranked] == [
        s.verdict for s in mine.context["report"].ranked
    ]
    assert "Ideal option" in page and "Pays the present" in page
    assert '<svg viewBox="0 0 560' in page
    assert response.context["report"].panel.trade_off in page
    assert response.context["report"].panel.margin in page
    for edit_url in (
        reverse("offers:offer-create", args=[shared_comparison.pk]),
        reverse("offers:comparison-update", args=[shared_comparison.pk]),
        reverse("offers:comparison-delete", args=[shared_comparison.pk]),
        reverse("offers:comparison-priority", args=[shared_comparison.pk]),
    ):
        assert edit_url not in page
    for offer in shared_comparison.offers.all():
        assert reverse("offers:offer-update", args=[offer.pk]) not in page


def test_a_counsellor_is_not_asked_to_rate_the_clients_offers(
    client, counsellor, client_user, granted
):
    comparison = ComparisonFactory(owner=client_user)
    rate(OfferFactory(comparison=comparison, title="Sketchy", employer="S"), pay=5, network=5)
    url = reverse("counselling:comparison", args=[comparison.pk])
    page = as_user(client, counsellor).get(url).content.decode()
    assert "Sketchy (S) is not rated on Benefits, Schedule" in page
    assert "so it cannot be named the best." in page
    assert "to count it" not in page and "Edit an offer" not in page


def test_the_counsellor_can_export_the_csv(client, counsellor, shared_comparison):
    url = reverse("counselling:comparison-export", args=[shared_comparison.pk])
    response = as_user(client, counsellor).get(url)
    assert response["Content-Disposition"] == (
        'attachment; filename="careerfit-cleo-client-cleos-spring-offers.csv"'
    )
    assert response.content.decode().count("\n") == 3


def test_a_counsellor_cannot_change_the_clients_data(client, counsellor, shared_comparison):
    as_user(client, counsellor)
    offer = shared_comparison.offers.first()
    for url, data in [
        (reverse("offers:comparison-update", args=[shared_comparison.pk]),
         {"title": "Changed", "priority": "growth"}),
        (reverse("offers:comparison-priority", args=[shared_comparison.pk]),
         {"priority": "growth"}),
        (reverse("offers:offer-update", args=[offer.pk]), {"title": "Changed", "employer": "X"}),
        (reverse("offers:offer-delete", args=[offer.pk]), {}),
        (reverse("offers:comparison-delete", args=[shared_comparison.pk]), {}),
    ]:  # fmt: skip
        assert client.post(url, data).status_code == 404
    shared_comparison.refresh_from_db()
    assert (shared_comparison.title, shared_comparison.priority) == (
        "Cleo's spring offers", "balanced"
    )  # fmt: skip
    assert shared_comparison.offers.count() == 2


def test_a_counsellor_whose_role_was_withdrawn_loses_access(client, counsellor, shared_comparison):
    counsellor.is_counsellor = False
    counsellor.save()
    as_user(client, counsellor)
    assert (
        client.get(reverse("counselling:comparison", args=[shared_comparison.pk])).status_code
        == 404
    )
    assert client.get(reverse("counselling:client-list")).status_code == 404


@pytest.mark.parametrize("count", [1, 20, 100])
def test_counsellor_pages_run_a_constant_number_of_queries(
    client, counsellor, count, django_assert_max_num_queries
):
    for _ in range(3):
        grant = AccessFactory(counsellor=counsellor)
        comparison = ComparisonFactory(owner=grant.client)
        for i in range(count):
            rate_all(OfferFactory(comparison=comparison, is_current_job=i == 0), life=4, future=2)
            NoteFactory(comparison=comparison, author=counsellor)
        rate_importance(comparison, workload="none", pay="more")
    as_user(client, counsellor)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("counselling:client-list"))
    assert len(response.context["rows"]) == 3
    with django_assert_max_num_queries(9):
        response = client.get(reverse("counselling:client-detail", args=[grant.client.pk]))
    assert response.status_code == 200
    assert len(response.context["summaries"]) == 1
    # As the seeker's page (without recording what was seen), plus the counsellor's notes.
    with django_assert_max_num_queries(13):
        response = client.get(reverse("counselling:comparison", args=[comparison.pk]))
    assert len(response.context["report"].ranked) == count
    assert len(response.context["notes"]) == count


# Notes.


def test_a_counsellor_writes_a_note_the_client_reads(
    client, counsellor, client_user, shared_comparison
):
    url = reverse("counselling:note-create", args=[shared_comparison.pk])
    response = as_user(client, counsellor).post(
        url, {"text": "Take the analyst role.\n<script>alert(1)</script>"}, follow=True
    )
    note = CounsellorNote.objects.get()
    assert (note.author, note.comparison) == (counsellor, shared_comparison)
    assert "Note saved" in response.content.decode()

    reader = as_user(type(client)(), client_user)
    page = reader.get(shared_comparison.get_absolute_url()).content.decode()
    assert "Take the analyst role.<br>&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "Camille Coach" in page
    listing = reader.get(reverse("offers:comparison-list")).content.decode()
    assert "1 counsellor note" in listing


def test_notes_are_newest_first(client, client_user, counsellor, shared_comparison):
    NoteFactory(comparison=shared_comparison, author=counsellor, text="First")
    NoteFactory(comparison=shared_comparison, author=counsellor, text="Second")
    response = as_user(client, client_user).get(shared_comparison.get_absolute_url())
    assert [n.note.text for n in response.context["notes"].shown] == ["Second", "First"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Write something"),
        ("   \n ", "Write something"),
        ("x" * 5000, "Keep the note under 5,000 characters (it has 5000)."),
    ],
)
def test_empty_or_overlong_notes_are_refused(client, counsellor, shared_comparison, text, message):
    url = reverse("counselling:note-create", args=[shared_comparison.pk])
    response = as_user(client, counsellor).post(url, {"text": text})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["note_form"]["text"].value() == text
    assert not CounsellorNote.objects.exists()


def test_a_refused_note_brings_the_counsellor_back_to_the_note_form(
    client, counsellor, shared_comparison
):
    url = reverse("counselling:note-create", args=[shared_comparison.pk])
    page = as_user(client, counsellor).post(url, {"text": " "}).content.decode()
    form = re.search(
        r'<form method="post" action="([^"]*)"[^>]*>', page[page.index('id="notes"') :]
    )
    assert form.group(1) == url
    textarea = re.search(r"<textarea[^>]*>", page).group()
    assert "autofocus" in textarea


def test_reloading_the_notes_address_goes_back_to_the_comparison(
    client, counsellor, shared_comparison
):
    url = reverse("counselling:note-create", args=[shared_comparison.pk])
    response = as_user(client, counsellor).get(url)
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("counselling:comparison", args=[shared_comparison.pk]) + "#notes"
    )


def test_a_long_paste_is_not_cut_silently_by_the_browser(client, counsellor, shared_comparison):
    url = reverse("counselling:comparison", args=[shared_comparison.pk])
    page = as_user(client, counsellor).get(url).content.decode()
    textarea = re.search(r"<textarea[^>]*>", page).group()
    assert 'name="text"' in textarea
    assert "maxlength" not in textarea


def test_a_note_just_under_5000_characters_is_saved(client, counsellor, shared_comparison):
    url = reverse("counselling:note-create", args=[shared_comparison.pk])
    response = as_user(client, counsellor).post(url, {"text": "x" * 4999})
    assert response.status_code == 302
    assert len(CounsellorNote.objects.get().text) == 4999


def test_the_author_edits_and_deletes_their_note(client, counsellor, shared_comparison):
    note = NoteFactory(comparison=shared_comparison, author=counsellor, text="Old")
    as_user(client, counsellor)
    edit = reverse("counselling:note-update", args=[note.pk])
    form_page = client.get(edit).content.decode()
    # The way back: My clients › client › comparison.
    for back in (
        reverse("counselling:client-list"),
        reverse("counselling:client-detail", args=[shared_comparison.owner.pk]),
        reverse("counselling:comparison", args=[shared_comparison.pk]),
    ):
        assert f'<li class="breadcrumb-item"><a href="{back}">' in form_page
    assert client.post(edit, {"text": ""}).status_code == 200
    response = client.post(edit, {"text": "New"})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.text == "New"
    delete = reverse("counselling:note-delete", args=[note.pk])
    assert "cannot be undone" in client.get(delete).content.decode()
    client.post(delete)
    assert not CounsellorNote.objects.exists()


def test_only_the_author_may_change_a_note(client, client_user, shared_comparison):
    colleague = CounsellorFactory()
    AccessFactory(counsellor=colleague, client=client_user)
    note = NoteFactory(comparison=shared_comparison, text="Mine")
    as_user(client, colleague)
    assert client.post(reverse("counselling:note-update", args=[note.pk]),
                       {"text": "Theirs"}).status_code == 404  # fmt: skip
    assert client.post(reverse("counselling:note-delete", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.text == "Mine"


def test_the_client_hides_and_shows_a_note_but_cannot_delete_it(
    client, client_user, counsellor, shared_comparison
):
    note = NoteFactory(comparison=shared_comparison, author=counsellor, text="Hmm")
    as_user(client, client_user)
    hide = reverse("counselling:note-hide", args=[note.pk])
    client.post(hide, {"hidden": "1"})
    note.refresh_from_db()
    assert note.hidden_by_client
    response = client.get(shared_comparison.get_absolute_url())
    assert response.context["notes"].shown == []
    assert [n.note for n in response.context["notes"].hidden] == [note]
    # Nothing left to read on paper: the section is not printed.
    assert '<section id="notes" class="my-4 no-print"' in response.content.decode()
    assert "counsellor note" not in client.get(reverse("offers:comparison-list")).content.decode()
    client.post(hide, {"hidden": "0"})
    note.refresh_from_db()
    assert not note.hidden_by_client
    page = client.get(shared_comparison.get_absolute_url()).content.decode()
    assert '<section id="notes" class="my-4"' in page
    assert client.post(reverse("counselling:note-delete", args=[note.pk])).status_code == 404
    assert CounsellorNote.objects.exists()


def test_notes_of_a_revoked_counsellor_stay_visible_to_the_client_marked(
    client, client_user, counsellor, granted, shared_comparison
):
    NoteFactory(comparison=shared_comparison, author=counsellor, text="Keep this")
    granted.delete()
    page = as_user(client, client_user).get(shared_comparison.get_absolute_url()).content.decode()
    assert "Keep this" in page
    assert "No longer has access" in page


def test_a_counsellor_whose_role_was_withdrawn_loses_access_and_is_marked_so(
    client, client_user, counsellor, granted, shared_comparison
):
    NoteFactory(comparison=shared_comparison, author=counsellor, text="Keep this")
    page = as_user(client, client_user).get(shared_comparison.get_absolute_url()).content.decode()
    assert "No longer has access" not in page
    counsellor.is_counsellor = False
    counsellor.save()
    page = client.get(shared_comparison.get_absolute_url()).content.decode()
    assert "Keep this" in page
    assert "No longer has access" in page
    url = reverse("counselling:comparison", args=[shared_comparison.pk])
    assert as_user(client, counsellor).get(url).status_code == 404


def test_a_revoked_counsellor_can_no_longer_edit_their_note(
    client, counsellor, granted, shared_comparison
):
    note = NoteFactory(comparison=shared_comparison, author=counsellor, text="Before")
    granted.delete()
    as_user(client, counsellor)
    assert client.post(reverse("counselling:note-update", args=[note.pk]),
                       {"text": "After"}).status_code == 404  # fmt: skip
    note.refresh_from_db()
    assert note.text == "Before"


def test_a_counsellor_sees_only_their_own_notes(client, client_user, counsellor, shared_comparison):
    colleague = CounsellorFactory()
    AccessFactory(counsellor=colleague, client=client_user)
    NoteFactory(comparison=shared_comparison, author=colleague, text="Colleague's advice")
    NoteFactory(comparison=shared_comparison, author=counsellor, text="My advice")
    url = reverse("counselling:comparison", args=[shared_comparison.pk])
    page = as_user(client, counsellor).get(url).content.decode()
    assert "My advice" in page
    assert "Colleague" not in page


# Admin for support.


def test_admin_lists_and_searches_grants_and_notes(staff_client, granted, shared_comparison):
    NoteFactory(comparison=shared_comparison, author=granted.counsellor, text="Negotiate pay")
    response = staff_client.get(reverse("admin:counselling_counselloraccess_changelist"),
                                {"q": "client@example"})  # fmt: skip
    assert list(response.context["cl"].result_list) == [granted]
    response = staff_client.get(reverse("admin:counselling_counsellornote_changelist"),
                                {"q": "negotiate"})  # fmt: skip
    assert [n.text for n in response.context["cl"].result_list] == ["Negotiate pay"]


def test_admin_support_can_read_and_delete_grants_and_notes_but_not_write_them(
    staff_client, granted, shared_comparison
):
    note = NoteFactory(comparison=shared_comparison, author=granted.counsellor, text="Mine")
    for model, obj in (("counselloraccess", granted), ("counsellornote", note)):
        assert staff_client.get(reverse(f"admin:counselling_{model}_add")).status_code == 403
        change = reverse(f"admin:counselling_{model}_change", args=[obj.pk])
        page = staff_client.get(change)
        assert page.status_code == 200  # a read-only view
        assert 'name="_save"' not in page.content.decode()
        assert staff_client.post(change, {"text": "Rewritten"}).status_code == 403
    note.refresh_from_db()
    assert note.text == "Mine"
    delete = reverse("admin:counselling_counselloraccess_delete", args=[granted.pk])
    staff_client.post(delete, {"post": "yes"})
    assert not CounsellorAccess.objects.exists()


def test_admin_filters_users_by_counsellor_flag(staff_client, counsellor, client_user):
    response = staff_client.get(reverse("admin:accounts_user_changelist"),
                                {"is_counsellor__exact": "1"})  # fmt: skip
    assert list(response.context["cl"].result_list) == [counsellor]
