import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from offers import selectors
from offers.management.commands.seed_demo import DEMO_EMAIL, DEMO_OFFERS, DEMO_PASSWORD
from offers.models import Comparison, Offer

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_a_comparison_with_the_four_verdicts(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert DEMO_EMAIL in out and DEMO_PASSWORD in out

    user = get_user_model().objects.get(email=DEMO_EMAIL)
    assert user.check_password(DEMO_PASSWORD)
    comparison = Comparison.objects.get(owner=user)
    verdicts = [score.verdict.label for _, score in selectors.comparison_scores(comparison)]
    assert verdicts == [expected for _, _, expected in DEMO_OFFERS]
    assert set(verdicts) == {
        "Ideal option",
        "Pays the present",
        "Builds the future",
        "Weak on both",
    }


def test_seed_demo_is_idempotent():
    call_command("seed_demo")
    call_command("seed_demo")
    assert get_user_model().objects.filter(email=DEMO_EMAIL).count() == 1
    assert Comparison.objects.count() == 1
    assert Offer.objects.count() == 4


def test_seed_demo_keeps_a_changed_password():
    call_command("seed_demo")
    user = get_user_model().objects.get(email=DEMO_EMAIL)
    user.set_password("my-own-password-now")
    user.save()
    call_command("seed_demo")
    user.refresh_from_db()
    assert user.check_password("my-own-password-now")
