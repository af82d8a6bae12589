"""A person's data is theirs: they can take all of it away, or erase all of it."""

import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from counselling.models import CounsellorAccess, CounsellorNote
from offers.models import Comparison, FactorImportance, Offer, Rating
from tests.factories import PASSWORD as FACTORY_PASSWORD
from tests.factories import (
    AccessFactory,
    ComparisonFactory,
    CounsellorFactory,
    NoteFactory,
    OfferFactory,
    ReplyFactory,
    UserFactory,
    rate,
    rate_importance,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Dana, a seeker with a rich comparison, who is also counsellor to Robin."""
    dana = CounsellorFactory(email="dana@example.com", name="Dana Dual")
    comparison = ComparisonFactory(owner=dana, title="Dana's offers", notes="Decide by May")
    offer = rate(OfferFactory(comparison=comparison, title="Analyst", employer="Acme",
                              salary=52000, is_current_job=True), pay=4)  # fmt: skip
    offer.ratings.update(reason="10 % above market")
    rate_importance(comparison, workload="none")
    coach = CounsellorFactory(email="coach@example.com", name="Casey Coach")
    AccessFactory(counsellor=coach, client=dana)
    NoteFactory(comparison=comparison, author=coach, text="Ask about on-call.")
    robin = UserFactory(email="robin@example.com", name="Robin")
    AccessFactory(counsellor=dana, client=robin)
    robins = ComparisonFactory(owner=robin, title="Robin's offers")
    NoteFactory(comparison=robins, author=dana, text="Robin, take the analyst role.")
    return {"dana": dana, "robin": robin, "coach": coach, "robins": robins}


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_download_my_data_has_everything_of_mine_and_nothing_of_others(world):
    response = logged_in(world["dana"]).get(reverse("privacy:data-export"))
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="careerfit-my-data-')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert (data["format"], data["version"]) == ("careerfit-user-data", 1)
    assert data["account"]["email"] == "dana@example.com"
    [comparison] = data["comparisons"]
    assert (comparison["title"], comparison["notes"]) == ("Dana's offers", "Decide by May")
    assert comparison["personal_importance"] == [
        {"factor": "workload", "label": "Workload", "importance": "none"}
    ]
    [offer] = comparison["offers"]
    assert (offer["role"], offer["salary"], offer["is_current_job"]) == ("Analyst", "52000", True)
    assert offer["status"] == "considering"
    assert offer["ratings"] == [
        {"factor": "pay", "label": "Pay", "score": 4, "reason": "10 % above market"}
    ]
    assert [n["text"] for n in comparison["counsellor_notes"]] == ["Ask about on-call."]
    assert comparison["counsellor_notes"][0]["author"] == "Casey Coach"
    assert [g["counsellor"] for g in data["access_given"]] == ["coach@example.com"]
    assert [g["client"] for g in data["access_received"]] == ["robin@example.com"]
    assert [n["text"] for n in data["notes_written"]] == ["Robin, take the analyst role."]
    assert set(data["notes_written"][0]) == {"text", "created_at", "updated_at"}
    assert "Robin's offers" not in json.dumps(data["comparisons"])


def test_the_export_has_each_notes_offer_and_thread_and_the_replies_one_wrote(world):
    dana, coach, robin = world["dana"], world["coach"], world["robin"]
    note = CounsellorNote.objects.get(author=coach)
    note.offer = Offer.objects.get(title="Analyst")
    note.save()
    ReplyFactory(note=note, author=dana, text="I asked: one week in six.")
    ReplyFactory(note=note, author=coach, text="Fine, then.")
    robins_note = CounsellorNote.objects.get(author=dana)
    ReplyFactory(note=robins_note, author=robin, text="Robin's question")
    ReplyFactory(note=robins_note, author=dana, text="Dana's answer to Robin")

    data = json.loads(logged_in(dana).get(reverse("privacy:data-export")).content)
    [exported] = data["comparisons"][0]["counsellor_notes"]
    assert exported["offer"] == "Analyst (Acme)"
    assert [(r["author"], r["text"]) for r in exported["replies"]] == [
        ("Dana Dual", "I asked: one week in six."),
        ("Casey Coach", "Fine, then."),
    ]
    assert set(exported["replies"][0]) == {"author", "text", "created_at"}
    # As a counsellor: her own words to Robin, not Robin's.
    assert [r["text"] for r in data["replies_written"]] == ["Dana's answer to Robin"]
    assert "Robin's question" not in json.dumps(data)

    data = json.loads(logged_in(robin).get(reverse("privacy:data-export")).content)
    [exported] = data["comparisons"][0]["counsellor_notes"]
    assert exported["offer"] is None
    assert [r["text"] for r in exported["replies"]] == [
        "Robin's question",
        "Dana's answer to Robin",
    ]
    assert data["replies_written"] == []


def test_deleting_the_account_needs_the_password_and_a_wrong_one_deletes_nothing(world):
    client = logged_in(world["dana"])
    response = client.post(reverse("privacy:account-delete"), {"password": "not-it"})
    assert response.status_code == 200
    assert "That is not your password. Nothing was deleted" in response.content.decode()
    assert get_user_model().objects.filter(email="dana@example.com").exists()
    assert Comparison.objects.filter(owner=world["dana"]).exists()


def text_columns(model):
    return [f.name for f in model._meta.get_fields()
            if isinstance(f, models.CharField | models.TextField) and f.concrete]  # fmt: skip


def test_deleting_the_account_leaves_nothing_of_theirs_in_any_table(world, client):
    dana = world["dana"]
    dana_id = dana.pk
    # Log-in records that name her email, and a second session of hers.
    bad = Client()
    bad.post(reverse("account_login"), {"login": "dana@example.com", "password": "wrong"})
    other_device = logged_in(dana)
    assert other_device.get(reverse("offers:comparison-list")).status_code == 200
    old_device = logged_in(dana)  # a session that has expired but is still stored
    Session.objects.filter(pk=old_device.session.session_key).update(
        expire_date=timezone.now() - timedelta(days=1)
    )
    # Staff once changed her account in the admin: the history names her.
    LogEntry.objects.log_actions(
        user_id=UserFactory(is_staff=True).pk,
        queryset=[dana],
        action_flag=CHANGE,
        change_message="Marked as a counsellor",
        single_object=True,
    )
    me = logged_in(dana)

    response = me.post(
        reverse("privacy:account-delete"), {"password": FACTORY_PASSWORD}, follow=True
    )

    assert "Your account and everything in it were deleted." in response.content.decode()
    assert not get_user_model().objects.filter(pk=dana_id).exists()
    assert not Comparison.objects.filter(owner_id=dana_id).exists()
    assert not (Offer.objects.exists() or Rating.objects.exists())
    assert not FactorImportance.objects.exists()
    assert not CounsellorAccess.objects.filter(client_id=dana_id).exists()
    assert not CounsellorAccess.objects.filter(counsellor_id=dana_id).exists()
    # Her advice to Robin stays, unsigned.
    note = CounsellorNote.objects.get(comparison=world["robins"])
    assert note.author is None and note.author_name == "a former counsellor"
    # No table holds her email, her name or a session of hers.
    for model in apps.get_models():
        for column in text_columns(model):
            for mine in ("dana@example.com", "Dana Dual", "Dana's offers", "Decide by May"):
                found = model._default_manager.filter(**{f"{column}__icontains": mine})
                assert not found.exists(), (model.__name__, column, mine)
    for session in Session.objects.all():
        assert session.get_decoded().get("_auth_user_id") != str(dana_id)
    assert not LogEntry.objects.filter(object_id=str(dana_id)).exists()
    # Her other device is logged out, and her password no longer opens anything.
    assert other_device.get(reverse("offers:comparison-list")).status_code == 302
    response = Client().post(
        reverse("account_login"), {"login": "dana@example.com", "password": FACTORY_PASSWORD}
    )
    assert response.status_code == 200  # the form again, with its error: no account
    assert "The email address and/or password you specified are not correct." in (
        response.content.decode()
    )


def test_robin_still_reads_the_note_of_a_former_counsellor(world):
    note = CounsellorNote.objects.get(comparison=world["robins"])
    ReplyFactory(note=note, author=world["dana"], text="And ask for a Friday start.")
    logged_in(world["dana"]).post(reverse("privacy:account-delete"), {"password": FACTORY_PASSWORD})
    page = logged_in(world["robin"]).get(world["robins"].get_absolute_url()).content.decode()
    assert "Robin, take the analyst role." in page
    assert "And ask for a Friday start." in page
    assert page.count("A former counsellor") == 2  # the note and the reply, both unsigned


def test_the_account_pages_are_for_the_logged_in_only(client):
    for name in ("privacy:account", "privacy:data-export", "privacy:account-delete"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
