"""Email notifications: who is told what, switching them off, and sending that never breaks a
request (Django's outbox, a mail server that refuses, and a real SMTP server)."""

import logging
import re
import socket
from contextlib import contextmanager

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse

from counselling import services as counselling
from notifications import services
from notifications.models import Kind, MutedNotification
from tests.factories import AccessFactory, CounsellorFactory, UserFactory

NOTE_TEXT = "Ask Fabrikam about the on-call rota before Friday."


@pytest.fixture
def sent(django_capture_on_commit_callbacks, mailoutbox):
    """`with sent() as outbox:` runs the block's commit hooks, waits for the mail and fills
    `outbox` with what was sent during the block."""

    @contextmanager
    def capture():
        mail.outbox.clear()
        box = []
        with django_capture_on_commit_callbacks(execute=True):
            yield box
        services.wait_for_sending()
        box.extend(mail.outbox)

    return capture


@pytest.fixture
def counsellor(db):
    return CounsellorFactory(email="casey@example.com", name="Casey Counsellor")


@pytest.fixture
def client_user(db):
    return UserFactory(email="robin@example.com", name="Robin Client")


def links(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def test_the_counsellor_is_told_when_a_client_gives_access(sent, counsellor, client_user):
    with sent() as outbox:
        counselling.access_grant(client=client_user, email="CASEY@example.com")
    [message] = outbox
    assert message.to == ["casey@example.com"]
    assert message.subject == "CareerFit: Robin Client shared their comparisons with you"
    assert "Robin Client gave you access to their comparisons" in message.body
    client_page = reverse("counselling:client-detail", args=[client_user.pk])
    assert f"http://127.0.0.1:8000{client_page}" in links(message)
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe in links(message)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Given again, or to an address that is no counsellor's: nobody is emailed.
    with sent() as outbox:
        counselling.access_grant(client=client_user, email="casey@example.com")
        counselling.access_grant(client=client_user, email="nobody@example.com")
    assert outbox == []


def test_the_client_is_told_of_a_note_without_its_text(sent, counsellor, client_user):
    from tests.factories import ComparisonFactory

    comparison = ComparisonFactory(owner=client_user, title="Spring offers")
    AccessFactory(counsellor=counsellor, client=client_user)
    with sent() as outbox:
        note = counselling.note_create(comparison=comparison, author=counsellor, text=NOTE_TEXT)
    [message] = outbox
    assert message.to == ["robin@example.com"]
    assert message.subject == "CareerFit: Casey Counsellor left you a note"
    # Straight to the note itself on the comparison page.
    assert f"http://127.0.0.1:8000{comparison.get_absolute_url()}#note-{note.pk}" in links(message)
    assert "Fabrikam" not in message.body and "on-call" not in message.body
    assert "Spring offers" not in message.body + message.subject  # no titles either


def test_nothing_is_sent_for_a_write_that_is_rolled_back(sent, counsellor, client_user):
    with sent() as outbox, pytest.raises(RuntimeError), transaction.atomic():
        counselling.access_grant(client=client_user, email=counsellor.email)
        raise RuntimeError("the request failed after the grant")
    assert outbox == []


def test_a_switched_off_kind_is_not_sent(sent, counsellor, client_user):
    services.mute(user=counsellor, kind=Kind.ACCESS_GIVEN)
    with sent() as outbox:
        counselling.access_grant(client=client_user, email=counsellor.email)
    assert outbox == []


def test_the_settings_page_lists_the_kinds_a_person_can_get(logged_in, user, counsellor):
    url = reverse("notifications:settings")
    page = logged_in.get(url).content.decode()
    assert "My counsellor leaves me a note or answers my reply" in page
    assert "A client gives me access" not in page  # not a counsellor

    as_counsellor = Client()
    as_counsellor.force_login(counsellor)
    form = as_counsellor.get(url).context["form"]
    assert list(form.fields) == ["note", "access_given", "client_reply", "decision"]
    assert all(form[name].value() for name in form.fields)  # all on until switched off


def test_turning_a_kind_off_and_on_again(logged_in, user, sent, counsellor):
    url = reverse("notifications:settings")
    response = logged_in.post(url, {}, follow=True)  # every box unticked
    assert "Your email settings are saved." in response.content.decode()
    assert set(MutedNotification.objects.filter(user=user).values_list("kind", flat=True)) == {
        "note"
    }
    assert response.context["form"]["note"].value() is False
    from tests.factories import ComparisonFactory

    comparison = ComparisonFactory(owner=user)
    AccessFactory(counsellor=counsellor, client=user)
    with sent() as outbox:
        counselling.note_create(comparison=comparison, author=counsellor, text=NOTE_TEXT)
    assert outbox == []

    logged_in.post(url, {"note": "on"})
    assert not MutedNotification.objects.filter(user=user).exists()
    with sent() as outbox:
        counselling.note_create(comparison=comparison, author=counsellor, text=NOTE_TEXT)
    assert len(outbox) == 1


def test_a_client_cannot_mute_a_counsellors_kind_by_posting_it(logged_in, user):
    logged_in.post(reverse("notifications:settings"), {"note": "on", "decision": ""})
    assert not MutedNotification.objects.filter(user=user).exists()


def test_the_unsubscribe_link_works_without_logging_in(sent, counsellor, client_user):
    with sent() as outbox:
        counselling.access_grant(client=client_user, email=counsellor.email)
    link = outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = link.removeprefix("http://127.0.0.1:8000")
    anyone = Client(enforce_csrf_checks=True)

    # Opening the link (as a mail scanner would) changes nothing.
    page = anyone.get(path)
    assert page.status_code == 200
    assert "You will no longer get an email when a client gives you access" in page.content.decode()
    assert not MutedNotification.objects.exists()

    # One click: the mail client's POST carries no CSRF token and needs none.
    done = anyone.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert "You are unsubscribed" in done.content.decode()
    assert list(MutedNotification.objects.values_list("user", "kind")) == [
        (counsellor.pk, "access_given")
    ]
    assert anyone.post(path).status_code == 200  # twice is harmless

    with sent() as outbox:
        counselling.access_revoke(grant=counsellor.client_grants.get())
        counselling.access_grant(client=client_user, email=counsellor.email)
    assert outbox == []


@pytest.mark.parametrize("token", ["not-a-token", "W1sxLCJub3RlIl0:abc:def"])
def test_a_forged_unsubscribe_link_is_not_found(db, client, token):
    response = client.post(reverse("notifications:unsubscribe", args=[token]))
    assert response.status_code == 404
    assert not MutedNotification.objects.exists()


def test_a_token_for_a_kind_the_person_cannot_get_is_not_found(client, client_user):
    token = services.unsubscribe_token(client_user, Kind.DECISION)  # not a counsellor
    assert client.get(reverse("notifications:unsubscribe", args=[token])).status_code == 404


def test_an_unsubscribe_link_names_one_person_and_one_kind(client, counsellor, client_user):
    mine = services.read_unsubscribe_token(services.unsubscribe_token(counsellor, Kind.DECISION))
    assert (mine.user_id, mine.kind) == (counsellor.pk, Kind.DECISION)
    client.post(
        reverse(
            "notifications:unsubscribe",
            args=[services.unsubscribe_token(counsellor, Kind.DECISION)],
        )
    )
    assert list(MutedNotification.objects.values_list("user", "kind")) == [
        (counsellor.pk, "decision")
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_mail_server_that_refuses_is_logged_not_shown(
    client, client_user, counsellor, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens
    client.force_login(client_user)
    with caplog.at_level(logging.ERROR, logger="notifications.services"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("counselling:sharing"), {"email": counsellor.email})
        services.wait_for_sending()
    assert response.status_code == 302  # the grant is made and the page says so
    assert counsellor.client_grants.filter(client=client_user).exists()
    [record] = [r for r in caplog.records if r.name == "notifications.services"]
    assert record.getMessage() == "A access_given notification could not be sent."
    assert "casey@example.com" not in caplog.text  # addresses stay out of the log


def test_mail_goes_out_through_a_real_smtp_server(
    client_user, counsellor, settings, django_capture_on_commit_callbacks
):
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received = []

    class Keep(Message):
        def handle_message(self, message):
            received.append(message)

    port = free_port()
    server = Controller(Keep(), hostname="127.0.0.1", port=port)
    server.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        with django_capture_on_commit_callbacks(execute=True):
            counselling.access_grant(client=client_user, email=counsellor.email)
        services.wait_for_sending()
    finally:
        server.stop()
    [message] = received
    assert message["To"] == "casey@example.com"
    assert message["Subject"] == "CareerFit: Robin Client shared their comparisons with you"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Robin Client gave you access" in message.get_payload()
    assert mail.outbox == []  # it went through the server, not the test outbox


def test_counsellors_are_told_when_a_client_records_a_decision(sent, counsellor, client_user):
    from datetime import date

    from offers import services as offers
    from tests.factories import ComparisonFactory, OfferFactory

    comparison = ComparisonFactory(owner=client_user)
    chosen = OfferFactory(comparison=comparison, title="Analyst", employer="Acme")
    other = OfferFactory(comparison=comparison, title="Engineer", employer="Bolt")
    AccessFactory(counsellor=counsellor, client=client_user)
    second = CounsellorFactory(email="sam@example.com")
    AccessFactory(counsellor=second, client=client_user)
    services.mute(user=second, kind=Kind.DECISION)

    def record(offer, reason=""):
        offers.decision_record(
            comparison=comparison, offer_id=offer.pk, reason=reason, decided_on=date.today()
        )

    with sent() as outbox:
        record(chosen, "Better team")
    [message] = outbox  # the second counsellor switched these off
    assert message.to == ["casey@example.com"]
    assert message.subject == "CareerFit: Robin Client recorded a decision"
    page = reverse("counselling:comparison", args=[comparison.pk])
    assert f"http://127.0.0.1:8000{page}" in links(message)
    assert "Better team" not in message.body and "Analyst" not in message.body

    with sent() as outbox:
        record(chosen, "Better team, and closer to home")  # reworded: no news
    assert outbox == []
    with sent() as outbox:
        record(other)  # another choice: news
    assert len(outbox) == 1


REPLY_TEXT = "Fabrikam said the rota is one week in six."


@pytest.fixture
def thread(counsellor, client_user):
    """Casey's note on Robin's comparison; a colleague of Casey's has access to Robin too."""
    from tests.factories import ComparisonFactory, NoteFactory

    comparison = ComparisonFactory(owner=client_user, title="Spring offers")
    AccessFactory(counsellor=counsellor, client=client_user)
    AccessFactory(counsellor=CounsellorFactory(email="colleague@example.com"), client=client_user)
    return NoteFactory(comparison=comparison, author=counsellor, text=NOTE_TEXT)


def test_the_notes_author_is_told_when_the_client_replies(sent, counsellor, client_user, thread):
    with sent() as outbox:
        counselling.reply_create(note=thread, author=client_user, text=REPLY_TEXT)
    [message] = outbox  # the note's author only, not every counsellor of the client
    assert message.to == ["casey@example.com"]
    assert message.subject == "CareerFit: Robin Client replied to your note"
    assert "Robin Client replied to a note you left" in message.body
    page = reverse("counselling:comparison", args=[thread.comparison_id])
    assert f"http://127.0.0.1:8000{page}#note-{thread.pk}" in links(message)
    for secret in ("rota", "Fabrikam", "Spring offers"):
        assert secret not in message.body + message.subject


def test_the_client_is_told_when_the_counsellor_answers(sent, counsellor, client_user, thread):
    counselling.reply_create(note=thread, author=client_user, text=REPLY_TEXT)
    with sent() as outbox:
        counselling.reply_create(note=thread, author=counsellor, text="Then take it.")
    [message] = outbox
    assert message.to == ["robin@example.com"]
    assert message.subject == "CareerFit: Casey Counsellor answered you"
    assert "Casey Counsellor, your counsellor, answered your reply to a note" in message.body
    page = thread.comparison.get_absolute_url()
    assert f"http://127.0.0.1:8000{page}#note-{thread.pk}" in links(message)
    assert "take it" not in message.body and "rota" not in message.body


def test_a_counsellors_follow_up_before_any_reply_is_not_called_an_answer(
    sent, counsellor, client_user, thread
):
    with sent() as outbox:
        counselling.reply_create(note=thread, author=counsellor, text="One more thing.")
    [message] = outbox
    assert message.to == ["robin@example.com"]
    assert message.subject == "CareerFit: Casey Counsellor left you a note"


def test_replies_of_a_muted_kind_are_not_sent(sent, counsellor, client_user, thread):
    services.mute(user=counsellor, kind=Kind.CLIENT_REPLY)
    services.mute(user=client_user, kind=Kind.NOTE)
    with sent() as outbox:
        counselling.reply_create(note=thread, author=client_user, text=REPLY_TEXT)
        counselling.reply_create(note=thread, author=counsellor, text="Then take it.")
    assert outbox == []
    assert thread.replies.count() == 2  # saved all the same
