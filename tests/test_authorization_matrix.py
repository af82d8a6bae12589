"""Every URL of the app, for every kind of visitor, with GET and POST: zero leaks.

The URLs are read from the resolver, so a new one fails here until it is given its row.
"""

from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from counselling import services
from counselling.models import CounsellorAccess, CounsellorNote, NoteReply
from notifications.models import Kind
from notifications.services import unsubscribe_token
from offers import services as offer_services
from offers.models import (
    Comparison,
    ExchangeRate,
    FactorImportance,
    Offer,
    PlanTick,
    PriorityCheck,
    Rating,
)
from tests.factories import (
    AccessFactory,
    ComparisonFactory,
    CounsellorFactory,
    NoteFactory,
    OfferFactory,
    UserFactory,
    rate_all,
)

ACTORS = ["anonymous", "owner", "other_seeker", "counsellor", "revoked_counsellor",
          "stranger_counsellor", "staff"]  # fmt: skip
EXCLUDED_NAMESPACES = {"admin"}  # Django's admin: staff-only by Django itself; see test_admin.


def named_urls(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns in EXCLUDED_NAMESPACES:
                continue
            yield from named_urls(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


ALL_URLS = sorted(set(named_urls()))

LOGIN = "login-redirect"  # a 302 to the log-in page
OK = 200
REDIRECT = 302
MOVED = 301
NOT_FOUND = 404
NOT_ALLOWED = 405


def row(anonymous, owner, others, counsellor=None, revoked=None, stranger=None, staff=None):
    """Expected statuses for one method; unlisted counsellors and staff behave as `others`."""
    return {
        "anonymous": anonymous,
        "owner": owner,
        "other_seeker": others,
        "counsellor": others if counsellor is None else counsellor,
        "revoked_counsellor": others if revoked is None else revoked,
        "stranger_counsellor": others if stranger is None else stranger,
        "staff": others if staff is None else staff,
    }


def everyone(status, anonymous=None):
    return row(status if anonymous is None else anonymous, status, status)


OWNER_PAGE = {"GET": row(LOGIN, OK, NOT_FOUND), "POST": row(LOGIN, (OK, REDIRECT), NOT_FOUND)}
OWNER_READ_ONLY = {"GET": row(LOGIN, OK, NOT_FOUND), "POST": row(LOGIN, NOT_ALLOWED, NOT_ALLOWED)}
OWNER_POST_ONLY = {"GET": row(LOGIN, NOT_ALLOWED, NOT_ALLOWED),
                   "POST": row(LOGIN, REDIRECT, NOT_FOUND)}  # fmt: skip
COUNSELLOR_GET = row(LOGIN, NOT_FOUND, NOT_FOUND, counsellor=OK)
COUNSELLOR_PAGE = {"GET": COUNSELLOR_GET,
                   "POST": row(LOGIN, NOT_FOUND, NOT_FOUND, counsellor=(OK, REDIRECT))}  # fmt: skip
# Read-only pages refuse POST before looking anything up; only counsellors get that far.
COUNSELLOR_READ_ONLY = {
    "GET": COUNSELLOR_GET,
    "POST": row(LOGIN, NOT_FOUND, NOT_FOUND, counsellor=NOT_ALLOWED, revoked=NOT_ALLOWED,
                stranger=NOT_ALLOWED),
}  # fmt: skip
LOGGED_IN_PAGE = {"GET": everyone(OK, anonymous=LOGIN),
                  "POST": everyone((OK, REDIRECT), anonymous=LOGIN)}  # fmt: skip

EXPECTED = {
    # Visitors' pages.
    "favicon": {"GET": everyone(MOVED), "POST": everyone(NOT_ALLOWED)},
    "offers:landing": {"GET": everyone(REDIRECT, anonymous=OK), "POST": everyone(NOT_ALLOWED)},
    # Accounts (django-allauth): pages about the visitor's own session, never anyone else's.
    "account_login": {
        "GET": everyone(REDIRECT, anonymous=OK),
        "POST": everyone(REDIRECT, anonymous=OK),
    },
    "account_signup": {
        "GET": everyone(REDIRECT, anonymous=OK),
        "POST": everyone(REDIRECT, anonymous=OK),
    },
    "account_logout": {"GET": everyone(OK, anonymous=REDIRECT), "POST": everyone(REDIRECT)},
    "account_inactive": {"GET": everyone(OK), "POST": everyone(NOT_ALLOWED)},
    "account_email_verification_sent": {"GET": everyone(OK), "POST": everyone(NOT_ALLOWED)},
    # A made-up confirmation key: the "link no longer works" page, and nothing to confirm.
    "account_confirm_email": {"GET": everyone(OK), "POST": everyone(NOT_FOUND)},
    "account_reset_password": {"GET": everyone(OK), "POST": everyone(OK)},
    "account_reset_password_done": {"GET": everyone(OK), "POST": everyone(NOT_ALLOWED)},
    "account_reset_password_from_key": {"GET": everyone(OK), "POST": everyone(OK)},
    "account_reset_password_from_key_done": {"GET": everyone(OK), "POST": everyone(NOT_ALLOWED)},
    "account_confirm_login_code": {"GET": everyone(REDIRECT), "POST": everyone(REDIRECT)},
    "account_change_password": LOGGED_IN_PAGE,
    "account_set_password": {
        "GET": everyone(REDIRECT, anonymous=LOGIN),
        "POST": everyone(REDIRECT, anonymous=LOGIN),
    },
    "account_email": {"GET": everyone(NOT_FOUND), "POST": everyone(NOT_FOUND)},  # not offered
    "account_reauthenticate": LOGGED_IN_PAGE,
    "account_request_reauthentication_code": LOGGED_IN_PAGE,
    "account_confirm_reauthentication_code": {
        "GET": everyone(REDIRECT, anonymous=LOGIN),
        "POST": everyone(REDIRECT, anonymous=LOGIN),
    },
    # The job seeker's own data.
    "offers:comparison-list": {
        "GET": everyone(OK, anonymous=LOGIN),
        "POST": everyone(NOT_ALLOWED, anonymous=LOGIN),
    },
    "offers:comparison-create": LOGGED_IN_PAGE,
    # The printable report of one's own comparisons: every logged-in person has their own.
    "offers:comparisons-report": {
        "GET": everyone(OK, anonymous=LOGIN),
        "POST": everyone(NOT_ALLOWED, anonymous=LOGIN),
    },
    "offers:comparison-report": OWNER_READ_ONLY,
    "offers:comparison-detail": OWNER_READ_ONLY,
    "offers:comparison-update": OWNER_PAGE,
    "offers:comparison-delete": OWNER_PAGE,
    "offers:comparison-priority": OWNER_POST_ONLY,
    # An empty POST is refused with the form (200): nothing answered.
    "offers:comparison-priority-check": OWNER_PAGE,
    "offers:comparison-priority-check-clear": OWNER_POST_ONLY,
    "offers:comparison-importance": OWNER_PAGE,
    "offers:comparison-importance-reset": OWNER_POST_ONLY,
    "offers:comparison-export": OWNER_READ_ONLY,
    "offers:comparison-rates": OWNER_PAGE,
    "offers:pay-suggestion": OWNER_READ_ONLY,
    "offers:comparison-decision": OWNER_PAGE,
    "offers:comparison-decision-reopen": OWNER_PAGE,  # a confirmation page, then the POST
    "offers:comparison-plan-tick": OWNER_POST_ONLY,
    "offers:offer-create": OWNER_PAGE,
    "offers:offer-update": OWNER_PAGE,
    "offers:offer-delete": OWNER_PAGE,
    "counselling:sharing": LOGGED_IN_PAGE,
    "notifications:settings": LOGGED_IN_PAGE,
    # The signed token in an email's link is the credential: whoever holds it may switch that
    # one kind of email off for its owner, as a mail client's one-click unsubscribe does.
    "notifications:unsubscribe": {"GET": everyone(OK), "POST": everyone(OK)},
    # One's own account: every logged-in person has exactly one, so nobody else's is reachable.
    "privacy:account": {
        "GET": everyone(OK, anonymous=LOGIN),
        "POST": everyone(NOT_ALLOWED, anonymous=LOGIN),
    },
    "privacy:data-export": {
        "GET": everyone(OK, anonymous=LOGIN),
        "POST": everyone(NOT_ALLOWED, anonymous=LOGIN),
    },
    "privacy:account-delete": {  # a POST without the password changes nothing
        "GET": everyone(OK, anonymous=LOGIN),
        "POST": everyone(OK, anonymous=LOGIN),
    },
    "counselling:access-revoke": OWNER_PAGE,
    "counselling:note-hide": OWNER_POST_ONLY,
    # The note with its thread and a reply form; an empty reply comes back with its message.
    "counselling:note-reply": OWNER_PAGE,
    # The counsellor area.
    "counselling:client-list": {
        "GET": row(LOGIN, NOT_FOUND, NOT_FOUND, counsellor=OK, revoked=OK, stranger=OK),
        "POST": row(
            LOGIN,
            NOT_FOUND,
            NOT_FOUND,
            counsellor=NOT_ALLOWED,
            revoked=NOT_ALLOWED,
            stranger=NOT_ALLOWED,
        ),
    },
    "counselling:client-detail": COUNSELLOR_READ_ONLY,
    "counselling:client-report": COUNSELLOR_READ_ONLY,
    "counselling:comparison-report": COUNSELLOR_READ_ONLY,
    "counselling:comparison": COUNSELLOR_READ_ONLY,
    "counselling:comparison-export": COUNSELLOR_READ_ONLY,
    "counselling:note-create": {
        # A GET (a reload after a refused note) goes back to the comparison it belongs to.
        "GET": row(LOGIN, NOT_FOUND, NOT_FOUND, counsellor=REDIRECT),
        "POST": row(LOGIN, NOT_FOUND, NOT_FOUND, counsellor=(OK, REDIRECT)),
    },
    "counselling:note-update": COUNSELLOR_PAGE,
    "counselling:note-delete": COUNSELLOR_PAGE,
    "counselling:counsellor-note-reply": COUNSELLOR_PAGE,  # the note's author, with access
}


def test_every_url_of_the_app_has_a_row_in_the_matrix():
    assert set(ALL_URLS) == set(EXPECTED), "classify new URLs in EXPECTED"


@pytest.fixture
def world(db):
    owner = UserFactory(email="owner@example.com")
    comparison = ComparisonFactory(owner=owner, title="Owner's offers")
    offer = rate_all(OfferFactory(comparison=comparison, title="Owner's job"), life=4, future=4)
    # Paid in another currency, so the exchange-rate form has a rate to take.
    OfferFactory(comparison=comparison, title="Abroad", currency="USD")
    PriorityCheck.objects.create(comparison=comparison, money_at_risk=True, savings_months=2)
    offer_services.decision_record(
        comparison=comparison, offer_id=offer.pk, reason="Owner's reason", decided_on=date.today()
    )
    counsellor = CounsellorFactory(email="counsellor@example.com")
    revoked = CounsellorFactory(email="revoked@example.com")
    grant = AccessFactory(counsellor=counsellor, client=owner)
    note = NoteFactory(
        comparison=comparison, author=counsellor, offer=offer, text="Counsellor's advice"
    )
    NoteReply.objects.create(note=note, author=owner, text="Owner's answer")
    # The revoked counsellor once had access and wrote a note, then the owner revoked it.
    old_grant = AccessFactory(counsellor=revoked, client=owner)
    NoteFactory(comparison=comparison, author=revoked, text="Old advice")
    services.access_revoke(grant=old_grant)
    users = {
        "anonymous": None,
        "owner": owner,
        "other_seeker": UserFactory(email="other@example.com"),
        "counsellor": counsellor,
        "revoked_counsellor": revoked,
        "stranger_counsellor": CounsellorFactory(email="stranger@example.com"),
        "staff": UserFactory(email="staff@example.com", is_staff=True),
    }
    kwargs = {
        "offers:comparison-detail": {"pk": comparison.pk},
        "offers:comparison-update": {"pk": comparison.pk},
        "offers:comparison-delete": {"pk": comparison.pk},
        "offers:comparison-priority": {"pk": comparison.pk},
        "offers:comparison-priority-check": {"pk": comparison.pk},
        "offers:comparison-priority-check-clear": {"pk": comparison.pk},
        "offers:comparison-importance": {"pk": comparison.pk},
        "offers:comparison-importance-reset": {"pk": comparison.pk},
        "offers:comparison-export": {"pk": comparison.pk},
        "offers:comparison-report": {"pk": comparison.pk},
        "offers:comparison-rates": {"pk": comparison.pk},
        "offers:pay-suggestion": {"pk": comparison.pk},
        "offers:comparison-decision": {"pk": comparison.pk},
        "offers:comparison-decision-reopen": {"pk": comparison.pk},
        "offers:comparison-plan-tick": {"pk": comparison.pk},
        "offers:offer-create": {"pk": comparison.pk},
        "offers:offer-update": {"pk": offer.pk},
        "offers:offer-delete": {"pk": offer.pk},
        "counselling:access-revoke": {"pk": grant.pk},
        "counselling:note-hide": {"pk": note.pk},
        "counselling:note-reply": {"pk": note.pk},
        "counselling:client-detail": {"pk": owner.pk},
        "counselling:client-report": {"pk": owner.pk},
        "counselling:comparison-report": {"pk": comparison.pk},
        "counselling:comparison": {"pk": comparison.pk},
        "counselling:comparison-export": {"pk": comparison.pk},
        "counselling:note-create": {"pk": comparison.pk},
        "counselling:note-update": {"pk": note.pk},
        "counselling:note-delete": {"pk": note.pk},
        "counselling:counsellor-note-reply": {"pk": note.pk},
        "account_confirm_email": {"key": "not-a-real-key"},
        "notifications:unsubscribe": {"token": unsubscribe_token(counsellor, Kind.DECISION)},
        "account_reset_password_from_key": {"uidb36": "1", "key": "set-password"},
    }
    return {"users": users, "kwargs": kwargs, "owner": owner}


def snapshot(owner):
    """What another visitor must never be able to change."""
    return (
        list(
            Comparison.objects.filter(owner=owner).values_list(
                "title", "priority", "notes", "decided_on", "decided_offer", "decision_reason"
            )
        ),
        list(Offer.objects.values_list("pk", "title", "salary", "is_current_job", "status")),
        list(PlanTick.objects.order_by("pk").values_list("pk", "offer", "advice")),
        list(FactorImportance.objects.values_list("comparison", "factor", "importance")),
        list(ExchangeRate.objects.values_list("comparison", "source", "target", "rate")),
        list(PriorityCheck.objects.values_list("comparison", "money_at_risk", "savings_months")),
        list(Rating.objects.order_by("pk").values_list("pk", "score")),
        list(CounsellorAccess.objects.values_list("pk", flat=True)),
        list(
            CounsellorNote.objects.order_by("pk").values_list(
                "pk", "text", "hidden_by_client", "offer"
            )
        ),
        list(NoteReply.objects.order_by("pk").values_list("pk", "note", "author", "text")),
    )


CASES = [(name, actor, method) for name in ALL_URLS for actor in ACTORS
         for method in ("GET", "POST")]  # fmt: skip


@pytest.mark.parametrize(("name", "actor", "method"), CASES)
def test_matrix(client, world, name, actor, method):
    expected = EXPECTED[name][method][actor]
    user = world["users"][actor]
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs=world["kwargs"].get(name))
    before = snapshot(world["owner"])

    response = client.get(url) if method == "GET" else client.post(url, {})

    if expected == LOGIN:
        assert response.status_code == 302, (name, actor, method)
        assert response["Location"].startswith(reverse("account_login") + "?next="), response[
            "Location"
        ]
    else:
        allowed = expected if isinstance(expected, tuple) else (expected,)
        assert response.status_code in allowed, (name, actor, method, response.status_code)
    if actor not in ("owner", "counsellor"):
        # Nobody but the owner (and, for their own notes, the counsellor) changes anything.
        assert snapshot(world["owner"]) == before, (name, actor, method)
    if response.status_code == 404:
        body = response.content.decode()
        assert "Owner&#x27;s offers" not in body and "Owner's job" not in body
        assert "Counsellor&#x27;s advice" not in body
        assert "Owner&#x27;s answer" not in body
        assert "Owner&#x27;s reason" not in body
