"""Generated bad input to every form: never a 500, and nothing changes when a form is refused.

Hypothesis sends each form's fields (and some it does not expect) filled with text of every
kind: empty, huge, NUL bytes, lone surrogates' neighbours, right-to-left marks, numbers in odd
notations, dates that are not dates. A refused form must answer with the form (200) and leave
the database as it was; an accepted one may change it.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from counselling.models import CounsellorAccess, CounsellorNote, NoteReply
from offers.models import Comparison, FactorImportance, Offer, PlanTick, PriorityCheck, Rating
from tests.factories import (
    AccessFactory,
    ComparisonFactory,
    CounsellorFactory,
    NoteFactory,
    OfferFactory,
    UserFactory,
    rate_all,
)

pytestmark = pytest.mark.django_db

NASTY = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=0, max_size=300),
    st.sampled_from(["", " ", "\x00", "a\x00b", "-1", "1e309", "NaN", "Infinity", "0x10",
                     "52.000,00", "9" * 40, "2027-02-30", "31/12/2027", "‮evil", "<script>",
                     "'; DROP TABLE offers_offer; --", "x" * 6000, "\ud7ff", "ı", "ſ"]),
)  # fmt: skip

FIELDS = {
    "offers:comparison-create": ["title", "priority", "notes"],
    "offers:comparison-update": ["title", "priority", "notes"],
    "offers:comparison-priority": ["priority"],
    "offers:comparison-importance": ["importance_pay", "importance_workload", "importance_network"],
    "offers:comparison-priority-check": ["money_at_risk", "dependants", "savings_months",
                                         "big_change", "growth_on_offer"],
    "offers:offer-create": ["title", "employer", "salary", "currency", "pay_period",
                            "hours_per_week", "work_mode", "start_date", "decision_deadline",
                            "url", "notes", "is_current_job", "rating_pay", "reason_pay"],
    "offers:offer-update": ["title", "employer", "salary", "hours_per_week", "loaded_at",
                            "rating_workload", "reason_workload"],
    "offers:comparison-decision": ["choice", "reason", "decided_on"],
    "offers:comparison-plan-tick": ["offer", "advice", "done"],
    "counselling:sharing": ["email"],
    "privacy:account-delete": ["password"],
    "account_change_password": ["oldpassword", "password1", "password2"],
    "account_signup": ["email", "name", "password1", "password2"],
    "account_login": ["login", "password"],
    "account_reset_password": ["email"],
    "counselling:note-create": ["offer", "text"],
    "counselling:note-update": ["offer", "text"],
    "counselling:note-reply": ["text"],
    "counselling:counsellor-note-reply": ["text"],
}  # fmt: skip


def snapshot():
    return (
        list(get_user_model().objects.order_by("pk").values_list("pk", "email", "password")),
        list(Comparison.objects.order_by("pk").values()),
        list(PlanTick.objects.order_by("pk").values_list("pk", "offer", "advice")),
        list(Offer.objects.order_by("pk").values()),
        list(Rating.objects.order_by("pk").values_list("pk", "score", "reason")),
        list(FactorImportance.objects.order_by("pk").values_list("factor", "importance")),
        list(PriorityCheck.objects.order_by("pk").values()),
        list(CounsellorAccess.objects.order_by("pk").values_list("pk", flat=True)),
        list(CounsellorNote.objects.order_by("pk").values_list("pk", "text", "offer")),
        list(NoteReply.objects.order_by("pk").values_list("pk", "text")),
    )


@pytest.fixture
def world():
    owner = UserFactory(email="owner@example.com")
    comparison = ComparisonFactory(owner=owner)
    offer = rate_all(OfferFactory(comparison=comparison), 3, 3)
    counsellor = CounsellorFactory(email="coach@example.com")
    AccessFactory(counsellor=counsellor, client=owner)
    note = NoteFactory(comparison=comparison, author=counsellor)
    args = {
        "offers:comparison-update": [comparison.pk],
        "offers:comparison-priority": [comparison.pk],
        "offers:comparison-importance": [comparison.pk],
        "offers:comparison-priority-check": [comparison.pk],
        "offers:comparison-decision": [comparison.pk],
        "offers:comparison-plan-tick": [comparison.pk],
        "offers:offer-create": [comparison.pk],
        "offers:offer-update": [offer.pk],
        "counselling:note-create": [comparison.pk],
        "counselling:note-update": [note.pk],
        "counselling:note-reply": [note.pk],
        "counselling:counsellor-note-reply": [note.pk],
    }
    as_user = {"counselling:note-create": counsellor, "counselling:note-update": counsellor,
               "counselling:counsellor-note-reply": counsellor,
               "account_signup": None, "account_login": None,
               "account_reset_password": None}  # fmt: skip
    return owner, args, as_user


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_generated_bad_input_never_answers_500_and_a_refusal_changes_nothing(name, world):
    owner, args, as_user = world
    url = reverse(name, args=args.get(name, []))
    user = as_user.get(name, owner)

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.fixed_dictionaries({}, optional=dict.fromkeys(FIELDS[name], NASTY)),
           extra=st.dictionaries(st.text(max_size=10), NASTY, max_size=2))  # fmt: skip
    # Besides what Hypothesis draws: every field at once too long, NUL-laden, and email-shaped.
    @example(data=dict.fromkeys(FIELDS[name], "x" * 6000), extra={})
    @example(data=dict.fromkeys(FIELDS[name], "a\x00b"), extra={})
    @example(data=dict.fromkeys(FIELDS[name], "a" * 250 + "@example.com"), extra={})
    def post(data, extra):
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        before = snapshot()
        response = client.post(url, {**extra, **data})
        assert response.status_code < 500, (name, data, response.status_code)
        if response.status_code == 200:  # the form came back: refused, so nothing changed
            assert snapshot() == before, (name, data)

    post()
