import uuid

import factory
from django.contrib.auth import get_user_model

from accounts.services import email_confirmed
from counselling.models import CounsellorAccess, CounsellorNote, NoteReply
from offers.models import Comparison, Factor, FactorImportance, Offer, Rating

PASSWORD = "a-strong-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def confirmed(user, create, extracted, **kwargs):
        """People in tests have confirmed their address, unless confirmed=False is passed."""
        if create and extracted is not False:
            email_confirmed(user=user)


class ComparisonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comparison

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Offers round {n}")


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    comparison = factory.SubFactory(ComparisonFactory)
    title = factory.Sequence(lambda n: f"Role {n}")
    employer = factory.Faker("company")
    location = factory.Faker("city")
    salary = 50000
    currency = "EUR"


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating

    offer = factory.SubFactory(OfferFactory)
    factor = factory.Iterator(Factor.objects.all())
    score = 3


class CounsellorFactory(UserFactory):
    is_counsellor = True


class AccessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CounsellorAccess

    counsellor = factory.SubFactory(CounsellorFactory)
    client = factory.SubFactory(UserFactory)


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CounsellorNote

    comparison = factory.SubFactory(ComparisonFactory)
    author = factory.SubFactory(CounsellorFactory)
    text = factory.Faker("sentence")


class ReplyFactory(factory.django.DjangoModelFactory):
    """A reply by the client whose comparison the note is on, unless an author is given."""

    class Meta:
        model = NoteReply

    note = factory.SubFactory(NoteFactory)
    author = factory.LazyAttribute(lambda reply: reply.note.comparison.owner)
    text = factory.Faker("sentence")


def changed(comparison_or_id):
    """Renew a comparison's version, as every write through `offers.services` does.

    The helpers below write rows directly; without this a page viewed before would keep
    showing its cached result.
    """
    pk = getattr(comparison_or_id, "pk", comparison_or_id)
    Comparison.objects.filter(pk=pk).update(version=uuid.uuid4())


def set_factor(key, **fields):
    """Change a factor as an admin does (a save, so the scoring version is renewed)."""
    factor = Factor.objects.get(key=key)
    for name, value in fields.items():
        setattr(factor, name, value)
    factor.save()
    return factor


def rate(offer, **scores):
    """Rate an offer on factors named by key: rate(offer, pay=5, workload=2)."""
    factors = Factor.objects.in_bulk(list(scores), field_name="key")
    for key, score in scores.items():
        RatingFactory(offer=offer, factor=factors[key], score=score)
    changed(offer.comparison_id)
    return offer


def rate_all(offer, life: int, future: int):
    """Give every active factor of each dimension the same score."""
    for factor in Factor.objects.active().select_related("dimension"):
        score = life if factor.dimension.key == "life_fit" else future
        RatingFactory(offer=offer, factor=factor, score=score)
    changed(offer.comparison_id)
    return offer


def rate_importance(comparison, **levels):
    """Say how much factors matter on a comparison: rate_importance(c, workload="none")."""
    factors = Factor.objects.in_bulk(list(levels), field_name="key")
    for key, level in levels.items():
        FactorImportance.objects.update_or_create(
            comparison=comparison, factor=factors[key], defaults={"importance": level}
        )
    changed(comparison)
    return comparison


def report_of(comparison, *, for_owner: bool = True):
    """The comparison's report as its page builds it, from what is saved now."""
    from offers import report, selectors

    fresh = Comparison.objects.with_versions().get(pk=comparison.pk)
    return report.build(selectors.comparison_data(fresh), for_owner=for_owner)
