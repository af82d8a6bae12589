"""Notes about one offer, and the thread of replies under each note."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from counselling import services
from counselling.models import CounsellorNote, NoteReply
from tests.factories import (
    AccessFactory,
    ComparisonFactory,
    CounsellorFactory,
    NoteFactory,
    OfferFactory,
    ReplyFactory,
    UserFactory,
    rate_all,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_user(db):
    return UserFactory(email="cleo@example.com", name="Cleo Client")


@pytest.fixture
def counsellor(db):
    return CounsellorFactory(email="camille@example.com", name="Camille Coach")


@pytest.fixture
def grant(client_user, counsellor):
    return AccessFactory(client=client_user, counsellor=counsellor)


@pytest.fixture
def comparison(client_user, grant):
    comparison = ComparisonFactory(owner=client_user, title="Spring offers")
    rate_all(OfferFactory(comparison=comparison, title="Analyst", employer="Acme"), 4, 4)
    rate_all(OfferFactory(comparison=comparison, title="Clerk", employer="Bolt"), 4, 1)
    return comparison


@pytest.fixture
def analyst(comparison):
    return comparison.offers.get(title="Analyst")


@pytest.fixture
def clerk(comparison):
    return comparison.offers.get(title="Clerk")


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def client_page(client_user, comparison) -> str:
    return as_user(client_user).get(comparison.get_absolute_url()).content.decode()


def counsellor_page(counsellor, comparison) -> str:
    url = reverse("counselling:comparison", args=[comparison.pk])
    return as_user(counsellor).get(url).content.decode()


def card(page: str, offer) -> str:
    """The HTML of an offer's card on a comparison page."""
    return re.search(rf'<article[^>]*id="offer-{offer.pk}".*?</article>', page, re.S).group()


def note_html(page: str, note) -> str:
    return re.search(rf'<article[^>]*id="note-{note.pk}".*?</article>', page, re.S).group()


def reply_url(note) -> str:
    return reverse("counselling:note-reply", args=[note.pk])


def counsellor_reply_url(note) -> str:
    return reverse("counselling:counsellor-note-reply", args=[note.pk])


# Services.


def test_a_note_can_be_about_one_offer_of_its_comparison(comparison, counsellor, analyst):
    note = services.note_create(
        comparison=comparison, author=counsellor, text="Ask about on-call.", offer=analyst
    )
    assert CounsellorNote.objects.get().offer == analyst
    assert note.offer == analyst


def test_an_offer_of_another_comparison_is_refused_and_nothing_saved(
    comparison, counsellor, client_user
):
    elsewhere = OfferFactory(comparison=ComparisonFactory(owner=client_user))
    with pytest.raises(ValidationError) as refused:
        services.note_create(comparison=comparison, author=counsellor, text="Hmm", offer=elsewhere)
    assert refused.value.message_dict == {"offer": ["Choose one of the offers in this comparison."]}
    assert not CounsellorNote.objects.exists()
    note = NoteFactory(comparison=comparison, author=counsellor, text="Before")
    with pytest.raises(ValidationError):
        services.note_update(note=note, text="After", offer=elsewhere)
    note.refresh_from_db()
    assert (note.text, note.offer) == ("Before", None)


def test_editing_a_note_moves_it_to_another_offer_or_the_whole_comparison(
    comparison, counsellor, analyst, clerk
):
    note = NoteFactory(comparison=comparison, author=counsellor, offer=analyst)
    services.note_update(note=note, text="About the clerk job", offer=clerk)
    note.refresh_from_db()
    assert note.offer == clerk
    services.note_update(note=note, text="About everything", offer=None)
    note.refresh_from_db()
    assert (note.offer, note.text) == (None, "About everything")


def test_deleting_an_offer_leaves_its_notes_on_the_whole_comparison(
    comparison, counsellor, client_user, analyst
):
    note = NoteFactory(comparison=comparison, author=counsellor, offer=analyst, text="Keep it")
    as_user(client_user).post(reverse("offers:offer-delete", args=[analyst.pk]))
    note.refresh_from_db()
    assert note.offer is None
    page = client_page(client_user, comparison)
    assert "Keep it" in note_html(page, note)
    assert "About" not in note_html(page, note)


def test_the_client_and_the_notes_author_reply_in_one_thread(comparison, counsellor, client_user):
    note = NoteFactory(comparison=comparison, author=counsellor)
    services.reply_create(note=note, author=client_user, text="Why?")
    services.reply_create(note=note, author=counsellor, text="Because.")
    assert [(r.author, r.text) for r in note.replies.all()] == [
        (client_user, "Why?"),
        (counsellor, "Because."),
    ]


@pytest.mark.parametrize(
    "who", ["colleague", "stranger", "other_client", "revoked_author", "withdrawn_author"]
)
def test_nobody_else_may_reply_and_a_revoked_author_no_longer_may(
    comparison, counsellor, client_user, grant, who
):
    note = NoteFactory(comparison=comparison, author=counsellor)
    author = counsellor
    if who == "colleague":  # has access to the client, but the note is not theirs
        author = AccessFactory(client=client_user).counsellor
    elif who == "stranger":
        author = CounsellorFactory()
    elif who == "other_client":
        author = UserFactory()
    elif who == "revoked_author":
        services.access_revoke(grant=grant)
    else:
        counsellor.is_counsellor = False
        counsellor.save()
    with pytest.raises(ValidationError):
        services.reply_create(note=note, author=author, text="Let me in")
    assert not NoteReply.objects.exists()


def test_a_revoked_counsellors_thread_is_read_only_for_the_client_too(
    comparison, counsellor, client_user, grant
):
    note = NoteFactory(comparison=comparison, author=counsellor)
    services.access_revoke(grant=grant)
    with pytest.raises(ValidationError, match="can no longer be replied to"):
        services.reply_create(note=note, author=client_user, text="Hello?")
    orphan = NoteFactory(comparison=comparison, author=None)
    with pytest.raises(ValidationError):
        services.reply_create(note=orphan, author=client_user, text="Hello?")
    assert not NoteReply.objects.exists()


@pytest.mark.parametrize("text", ["", "x" * 5000])
def test_an_empty_or_overlong_reply_is_refused_by_the_service(
    comparison, counsellor, client_user, text
):
    note = NoteFactory(comparison=comparison, author=counsellor)
    with pytest.raises(ValidationError) as refused:
        services.reply_create(note=note, author=client_user, text=text)
    assert "text" in refused.value.message_dict
    assert not NoteReply.objects.exists()


def test_a_reply_and_its_email_are_one_transaction(
    comparison, counsellor, client_user, monkeypatch
):
    note = NoteFactory(comparison=comparison, author=counsellor)

    def mail_server_gone(*args, **kwargs):
        raise RuntimeError("notification could not be composed")

    monkeypatch.setattr(services, "notify", mail_server_gone)
    with pytest.raises(RuntimeError):
        services.reply_create(note=note, author=client_user, text="Thanks!")
    assert not NoteReply.objects.exists()


# The counsellor's note form: what it is about.


def test_the_note_form_offers_the_whole_comparison_or_one_of_its_offers(
    counsellor, comparison, client_user
):
    OfferFactory(comparison=ComparisonFactory(owner=client_user), title="Elsewhere")
    page = counsellor_page(counsellor, comparison)
    select = re.search(r'<select name="offer".*?</select>', page, re.S).group()
    options = re.findall(r"<option[^>]*>([^<]*)</option>", select)
    assert options == ["The whole comparison", "Analyst (Acme)", "Clerk (Bolt)"]
    assert re.search(r'<label\s+for="id_offer"[^>]*>\s*About\s*</label>', page)


def test_a_note_about_an_offer_is_saved_and_the_counsellor_lands_on_it(
    counsellor, comparison, analyst
):
    url = reverse("counselling:note-create", args=[comparison.pk])
    response = as_user(counsellor).post(url, {"offer": analyst.pk, "text": "Ask about on-call."})
    note = CounsellorNote.objects.get()
    assert note.offer == analyst
    assert response["Location"] == (
        reverse("counselling:comparison", args=[comparison.pk]) + f"#note-{note.pk}"
    )


def test_an_offer_of_another_comparison_gets_a_field_message_and_the_text_is_kept(
    counsellor, comparison, client_user
):
    elsewhere = OfferFactory(comparison=ComparisonFactory(owner=client_user))
    url = reverse("counselling:note-create", args=[comparison.pk])
    response = as_user(counsellor).post(url, {"offer": elsewhere.pk, "text": "My advice"})
    assert response.status_code == 200
    assert "Choose one of the offers in this comparison." in response.content.decode()
    assert response.context["note_form"]["text"].value() == "My advice"
    assert not CounsellorNote.objects.exists()


def test_editing_a_note_shows_and_changes_what_it_is_about(counsellor, comparison, analyst, clerk):
    note = NoteFactory(comparison=comparison, author=counsellor, offer=analyst, text="Old")
    edit = reverse("counselling:note-update", args=[note.pk])
    client = as_user(counsellor)
    form_page = client.get(edit).content.decode()
    assert re.search(rf'<option value="{analyst.pk}" selected>Analyst \(Acme\)', form_page)
    response = client.post(edit, {"offer": clerk.pk, "text": "New"})
    assert response["Location"].endswith(f"#note-{note.pk}")
    note.refresh_from_db()
    assert (note.offer, note.text) == (clerk, "New")
    client.post(edit, {"offer": "", "text": "New"})
    note.refresh_from_db()
    assert note.offer is None


# Where a note about an offer shows.


def test_a_note_about_an_offer_shows_on_its_card_and_in_the_list_for_both(
    counsellor, client_user, comparison, analyst, clerk
):
    note = NoteFactory(comparison=comparison, author=counsellor, offer=analyst, text="On-call?")
    NoteFactory(comparison=comparison, author=counsellor, text="Overall, fine.")

    page = client_page(client_user, comparison)
    link = f'<a href="#note-{note.pk}">1 note from your counsellor about this offer</a>'
    assert link in card(page, analyst)
    assert "about this offer" not in card(page, clerk)
    assert page.count("about this offer") == 1
    about = f'About <a href="#offer-{analyst.pk}">Analyst (Acme)</a>'
    assert about in note_html(page, note)
    # The note's text itself stays in the notes list, not on the card.
    assert "On-call?" not in card(page, analyst)

    page = counsellor_page(counsellor, comparison)
    assert f'<a href="#note-{note.pk}">You left 1 note about this offer</a>' in card(page, analyst)
    assert "about this offer" not in card(page, clerk)
    assert about in note_html(page, note)


def test_the_card_counts_the_notes_its_reader_sees_and_links_to_the_newest(
    counsellor, client_user, comparison, analyst
):
    colleague = AccessFactory(client=client_user).counsellor
    older = NoteFactory(comparison=comparison, author=counsellor, offer=analyst)
    newer = NoteFactory(comparison=comparison, author=colleague, offer=analyst)
    hidden = NoteFactory(comparison=comparison, author=colleague, offer=analyst)
    services.note_set_hidden(note=hidden, hidden=True)

    assert f'<a href="#note-{newer.pk}">2 notes from your counsellors about this offer</a>' in card(
        client_page(client_user, comparison), analyst
    )
    # Each counsellor counts only their own: a colleague's notes are not theirs to see.
    assert f'<a href="#note-{older.pk}">You left 1 note about this offer</a>' in card(
        counsellor_page(counsellor, comparison), analyst
    )


def test_text_that_looks_like_a_card_slot_stays_text(counsellor, client_user, comparison, analyst):
    analyst.notes = f"<!--offer-slot:{analyst.pk}-->"
    analyst.save()
    comparison.title = f"<!--offer-slot:{analyst.pk}-->"
    comparison.save()
    NoteFactory(comparison=comparison, author=counsellor, offer=analyst)
    page = client_page(client_user, comparison)
    assert page.count("1 note from your counsellor about this offer") == 1
    assert f"&lt;!--offer-slot:{analyst.pk}--&gt;" in card(page, analyst)


# Replies on the pages.


def test_every_note_has_an_anchor_and_a_reply_form_under_it(counsellor, client_user, comparison):
    note = NoteFactory(comparison=comparison, author=counsellor)
    for page, action in [
        (client_page(client_user, comparison), reply_url(note)),
        (counsellor_page(counsellor, comparison), counsellor_reply_url(note)),
    ]:
        assert "{#" not in page and "{%" not in page  # no template comment leaks out
        html = note_html(page, note)
        assert f'<form method="post" action="{action}"' in html
        assert re.search(rf'<label[^>]*for="note-{note.pk}-reply">Your reply', html)
        assert f'<textarea name="text" id="note-{note.pk}-reply"' in html


def test_the_client_replies_and_both_read_the_thread_in_order(counsellor, client_user, comparison):
    note = NoteFactory(comparison=comparison, author=counsellor, text="Take the analyst job.")
    response = as_user(client_user).post(reply_url(note), {"text": "Why <that> one?"})
    assert response["Location"] == f"{comparison.get_absolute_url()}#note-{note.pk}"
    response = as_user(counsellor).post(counsellor_reply_url(note), {"text": "It teaches more."})
    assert response["Location"] == (
        reverse("counselling:comparison", args=[comparison.pk]) + f"#note-{note.pk}"
    )
    ReplyFactory(note=note, text="Fair enough.")

    for reader, page, me, them in [
        (client_user, client_page(client_user, comparison), "Cleo", "Camille Coach"),
        (counsellor, counsellor_page(counsellor, comparison), "Camille", "Cleo Client"),
    ]:
        html = note_html(page, note)
        thread = re.findall(r'<li class="note-reply">.*?<strong[^>]*>([^<]*)</strong>.*?'
                            r'<p class="mb-0 note-text">(.*?)</p>', html, re.S)  # fmt: skip
        expected = [
            ("You" if reader == client_user else "Cleo Client", "Why &lt;that&gt; one?"),
            ("You" if reader == counsellor else "Camille Coach", "It teaches more."),
            ("You" if reader == client_user else "Cleo Client", "Fair enough."),
        ]
        assert thread == expected, (me, them)
        assert html.index("Take the analyst job.") < html.index("Why &lt;that&gt; one?")
        assert len(re.findall(r"<time datetime=", html)) == 4  # the note and each reply


def test_the_reply_page_shows_the_thread_and_a_form(counsellor, client_user, comparison):
    note = NoteFactory(comparison=comparison, author=counsellor, text="Ask about pay.")
    ReplyFactory(note=note, text="I will.")
    page = as_user(client_user).get(reply_url(note)).content.decode()
    assert "Reply to the note from Camille Coach" in page
    assert "Ask about pay." in page and "I will." in page
    assert f'<textarea name="text" id="note-{note.pk}-reply"' in page
    page = as_user(counsellor).get(counsellor_reply_url(note)).content.decode()
    assert "Reply in the thread of your note" in page
    assert "I will." in page


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Write something before saving the reply."),
        ("  \n ", "Write something before saving the reply."),
        ("x" * 5000, "Keep the reply under 5,000 characters (it has 5000)."),
    ],
)
@pytest.mark.parametrize("side", ["client", "counsellor"])
def test_an_empty_or_overlong_reply_comes_back_with_its_message_and_text(
    counsellor, client_user, comparison, text, message, side
):
    note = NoteFactory(comparison=comparison, author=counsellor)
    who, url = (client_user, reply_url(note)) if side == "client" else (
        counsellor, counsellor_reply_url(note)
    )  # fmt: skip
    response = as_user(who).post(url, {"text": text})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert response.context["form"]["text"].value() == text
    textarea = re.search(r'<textarea name="text"[^>]*>', page).group()
    assert 'aria-invalid="true"' in textarea and "autofocus" in textarea
    assert "maxlength" not in textarea
    assert not NoteReply.objects.exists()


def test_a_reply_just_under_5000_characters_is_saved(counsellor, client_user, comparison):
    note = NoteFactory(comparison=comparison, author=counsellor)
    assert as_user(client_user).post(reply_url(note), {"text": "x" * 4999}).status_code == 302
    assert len(NoteReply.objects.get().text) == 4999


def test_nobody_else_reaches_a_thread(counsellor, client_user, comparison):
    note = NoteFactory(comparison=comparison, author=counsellor, text="Private advice")
    ReplyFactory(note=note, text="Private answer")
    colleague = AccessFactory(client=client_user).counsellor
    for who, url in [
        (UserFactory(), reply_url(note)),  # another client
        (colleague, reply_url(note)),
        (colleague, counsellor_reply_url(note)),  # sees the client, but the note is not theirs
        (CounsellorFactory(), counsellor_reply_url(note)),
        (client_user, counsellor_reply_url(note)),  # the counsellor's side is not the client's
        (counsellor, reply_url(note)),  # nor the other way round
    ]:
        for method in ("get", "post"):
            response = getattr(as_user(who), method)(url, {"text": "Hello"})
            assert response.status_code == 404, (who, url, method)
            assert "Private" not in response.content.decode()
    assert NoteReply.objects.count() == 1
    assert Client().get(reply_url(note))["Location"].startswith(reverse("account_login"))


def test_a_counsellor_cannot_reply_after_revocation(counsellor, client_user, comparison, grant):
    note = NoteFactory(comparison=comparison, author=counsellor)
    reader = as_user(counsellor)
    assert reader.get(counsellor_reply_url(note)).status_code == 200
    services.access_revoke(grant=grant)
    assert reader.post(counsellor_reply_url(note), {"text": "One more thing"}).status_code == 404
    assert reader.get(counsellor_reply_url(note)).status_code == 404
    assert not NoteReply.objects.exists()


def test_a_revoked_counsellors_thread_stays_with_the_client_read_only(
    counsellor, client_user, comparison, grant
):
    note = NoteFactory(comparison=comparison, author=counsellor, text="Negotiate the start date")
    ReplyFactory(note=note, text="Done, it worked")
    ReplyFactory(note=note, author=counsellor, text="Well done")
    services.access_revoke(grant=grant)

    client = as_user(client_user)
    html = note_html(client.get(comparison.get_absolute_url()).content.decode(), note)
    assert "Negotiate the start date" in html
    assert "Done, it worked" in html and "Well done" in html
    assert "No longer has access" in html
    assert "This conversation is read-only: Camille Coach no longer has access" in html
    assert "<textarea" not in html and "Send reply" not in html
    # Posting anyway sends nothing, and says so.
    response = client.post(reply_url(note), {"text": "Hello?"}, follow=True)
    assert "This conversation is read-only: your reply was not sent." in (response.content.decode())
    assert NoteReply.objects.count() == 2
    page = client.get(reply_url(note)).content.decode()
    assert "<textarea" not in page and "This conversation is read-only" in page


def test_hiding_a_note_hides_its_thread_and_showing_it_brings_both_back(
    counsellor, client_user, comparison, analyst
):
    note = NoteFactory(comparison=comparison, author=counsellor, offer=analyst, text="Advice")
    ReplyFactory(note=note, text="My answer")
    client = as_user(client_user)
    hide = reverse("counselling:note-hide", args=[note.pk])

    client.post(hide, {"hidden": "1"})
    page = client.get(comparison.get_absolute_url()).content.decode()
    shown_part = page[: page.index("<details")]
    assert "Advice" not in shown_part and "My answer" not in shown_part
    hidden_part = page[page.index("<details") : page.index("</details>")]
    assert "Advice" in hidden_part and "My answer" in hidden_part
    assert "<textarea" not in hidden_part  # nothing to answer in a note put away
    assert "about this offer" not in card(page, analyst)
    # The counsellor's page does not change: hiding is the client's own tidying.
    assert "My answer" in counsellor_page(counsellor, comparison)

    client.post(hide, {"hidden": "0"})
    page = client.get(comparison.get_absolute_url()).content.decode()
    assert "<details" not in page
    html = note_html(page, note)
    assert "Advice" in html and "My answer" in html and "<textarea" in html
    assert "1 note from your counsellor about this offer" in card(page, analyst)


def test_a_former_counsellors_replies_stay_unsigned(counsellor, client_user, comparison):
    note = NoteFactory(comparison=comparison, author=counsellor)
    ReplyFactory(note=note, author=counsellor, text="Last advice")
    as_user(counsellor)  # a session of theirs
    from privacy.services import account_delete

    account_delete(user=counsellor)
    reply = NoteReply.objects.get()
    assert reply.author is None
    html = note_html(client_page(client_user, comparison), note)
    assert "Last advice" in html and "A former counsellor" in html


# Query counts: constant in the number of notes, replies and offers.


def _threads(comparison, counsellor, count):
    offers = list(comparison.offers.all())
    for i in range(count):
        note = NoteFactory(
            comparison=comparison, author=counsellor, offer=offers[i % 3] if i % 4 else None
        )
        for _ in range(3):
            ReplyFactory(note=note)
            ReplyFactory(note=note, author=counsellor)
    return offers


@pytest.mark.parametrize("count", [1, 30])
def test_pages_with_threads_run_a_constant_number_of_queries(
    counsellor, client_user, comparison, count, django_assert_max_num_queries
):
    rate_all(OfferFactory(comparison=comparison), 2, 2)
    _threads(comparison, counsellor, count)
    client, reader = as_user(client_user), as_user(counsellor)
    url = reverse("counselling:comparison", args=[comparison.pk])
    client.get(comparison.get_absolute_url())  # each one's report computed and cached
    reader.get(url)

    # The session, the user, the comparison; the notes with author and offer, their replies
    # with authors, and who still has access.
    with django_assert_max_num_queries(6):
        response = client.get(comparison.get_absolute_url())
    assert len(response.context["notes"].shown) == count
    assert response.content.decode().count('<li class="note-reply">') == 6 * count

    # The session, the user, the comparison; the counsellor's notes, their replies, and the
    # offers the note form's "About" lists.
    # One more for the counsellor: the dashboard notes when they last looked at this client.
    with django_assert_max_num_queries(7):
        response = reader.get(url)
    assert len(response.context["notes"]) == count
    assert response.content.decode().count('<li class="note-reply">') == 6 * count
    note = response.context["notes"][0]
    # The session, the user, the note, its replies, whether its author still has access.
    with django_assert_max_num_queries(5):
        assert client.get(reply_url(note)).status_code == 200
    with django_assert_max_num_queries(5):
        assert reader.get(counsellor_reply_url(note)).status_code == 200
