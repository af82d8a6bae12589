import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Subquery, Value
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from offers import guidance, scoring

# The reason on the first history entry of a row made by a data migration (offers/0012): the
# row as it stood when its history began, not a change anyone made.
HISTORY_BASELINE = "As it stood when its history began"


class Dimension(models.Model):
    """One of the two axes an offer is judged on: life fit or future value."""

    key = models.CharField(
        max_length=20, choices=scoring.DIMENSION_CHOICES, unique=True, editable=False
    )
    label = models.CharField(max_length=60)
    question = models.CharField(
        max_length=200, blank=True, help_text="The question this dimension answers for a user."
    )
    strong_threshold = models.PositiveSmallIntegerField(
        "strong threshold",
        default=70,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="A score (0–100) at or above this counts as strong.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    # Who changed a threshold or a text, and when: the admin shows it, the seeker is told.
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(strong_threshold__gte=0, strong_threshold__lte=100),
                name="dimension_threshold_0_100",
            ),
        ]

    def __str__(self):
        return self.label


class FactorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def in_order(self):
        return self.select_related("dimension").order_by("dimension__position", "position", "pk")


class Factor(models.Model):
    """Something a user rates an offer on, weighted within its dimension."""

    key = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=60)
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="factors")
    help_text = models.CharField(
        max_length=300, blank=True, help_text="What a 1 and a 5 mean for this factor."
    )
    weight = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Relative weight within its dimension; 0 leaves the factor out of scoring.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(
        default=True,
        help_text="Inactive factors are hidden from forms and scoring; their ratings are kept.",
    )

    objects = FactorQuerySet.as_manager()
    # Who changed a weight, a text or whether the factor counts, and when.
    history = HistoricalRecords()

    class Meta:
        ordering = ["dimension__position", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=0), name="factor_weight_not_negative"),
        ]

    def __str__(self):
        return self.label


class ScoringVersion(models.Model):
    """A token that changes with every change to a dimension or a factor.

    Computed results are cached under it (and under each comparison's own version), so a
    weight or threshold an admin changes reaches every page at once, on every app server.
    A fresh random token, not a counter: a database restored from a backup or built anew can
    never meet a cached result from another timeline. One row; `offers.signals` renews it on
    every save and delete of a dimension or factor.
    """

    token = models.UUIDField(default=uuid.uuid4)

    # Before the first change there is no row: the nil UUID stands for the version then.
    BEFORE_ANY_CHANGE = uuid.UUID(int=0)

    def __str__(self):
        return f"scoring version {self.token}"

    @classmethod
    def current(cls):
        """The token as an expression, to annotate another query with (no query of its own)."""
        return Coalesce(
            Subquery(cls.objects.filter(pk=1).values("token")[:1]),
            Value(cls.BEFORE_ANY_CHANGE, output_field=models.UUIDField()),
        )

    @classmethod
    def read(cls) -> uuid.UUID:
        """The token now (one query), for a caller without an annotated row."""
        token = cls.objects.filter(pk=1).values_list("token", flat=True).first()
        return token or cls.BEFORE_ANY_CHANGE

    @classmethod
    def renew(cls) -> None:
        cls.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4()})


class ComparisonQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user)

    def with_versions(self):
        """Annotate `scoring_version`: with `version`, what a comparison's results depend on."""
        return self.annotate(scoring_version=ScoringVersion.current())


class Comparison(models.Model):
    """A set of offers a job seeker is deciding between."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comparisons"
    )
    title = models.CharField(max_length=120)
    priority = models.CharField(
        max_length=12,
        choices=scoring.Priority.choices(),
        default=scoring.Priority.BALANCED.value,
        help_text="What you need most right now; it decides how offers are ranked.",
    )
    notes = models.TextField(blank=True, max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.UUIDField(
        default=uuid.uuid4,
        editable=False,
        help_text="Renewed by every change to the comparison, its offers, ratings and "
        "importances; its computed results are cached under it.",
    )
    # The scoring version when the owner last saw the comparison, and when that was: the page
    # says what an admin changed since.
    scoring_seen = models.UUIDField(null=True, editable=False)
    scoring_seen_at = models.DateTimeField(null=True, editable=False)
    # The seeker's decision, recorded through `services.decision_record`: a date, and the offer
    # chosen (the current job when they stay), or no offer for "none of these". No date: open.
    decided_on = models.DateField("decided on", null=True, blank=True, editable=False)
    decided_offer = models.ForeignKey(
        "Offer",
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        # The chosen offer cannot be deleted from under the decision, which would then read
        # "none of these": `services.offer_delete` reopens the decision first. Deleting the
        # whole comparison (or account) takes both together.
        on_delete=models.RESTRICT,
        verbose_name="offer chosen",
    )
    decision_reason = models.CharField("reason", max_length=500, blank=True, editable=False)

    objects = ComparisonQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_on__isnull=False)
                | Q(decided_offer__isnull=True, decision_reason=""),
                name="comparison_decision_has_a_date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("offers:comparison-detail", args=[self.pk])

    @property
    def priority_enum(self) -> scoring.Priority:
        return scoring.Priority(self.priority)

    @property
    def has_decision(self) -> bool:
        return self.decided_on is not None


class PriorityCheck(models.Model):
    """A seeker's answers to "What do you need right now?" on one comparison; None: not said."""

    comparison = models.OneToOneField(
        Comparison, on_delete=models.CASCADE, related_name="priority_check"
    )
    money_at_risk = models.BooleanField(null=True, blank=True)
    dependants = models.BooleanField(null=True, blank=True)
    savings_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(guidance.MAX_SAVINGS_MONTHS)],
        help_text="Months of living costs the seeker's savings cover.",
    )
    big_change = models.BooleanField(null=True, blank=True)
    growth_on_offer = models.BooleanField(null=True, blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(savings_months__isnull=True)
                | Q(savings_months__gte=0, savings_months__lte=guidance.MAX_SAVINGS_MONTHS),
                name="priority_check_savings_0_120",
            ),
        ]

    def __str__(self):
        return f"What {self.comparison} needs right now"

    @property
    def answers(self) -> guidance.Answers:
        return guidance.Answers(
            **{q.field: getattr(self, q.field) for q in guidance.QUESTIONS},
        )


class FactorImportance(models.Model):
    """How much one factor matters to a comparison's owner, against the admin's weight.

    Only departures from "as usual" are stored; resetting deletes the rows.
    """

    comparison = models.ForeignKey(Comparison, on_delete=models.CASCADE, related_name="importances")
    factor = models.ForeignKey("Factor", on_delete=models.CASCADE, related_name="importances")
    importance = models.CharField(max_length=5, choices=scoring.Importance.choices())

    class Meta:
        ordering = ["factor__dimension__position", "factor__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["comparison", "factor"], name="one_importance_per_comparison_factor"
            ),
            models.CheckConstraint(
                condition=Q(importance__in=[i.value for i in scoring.Importance]),
                name="importance_in_allowed_set",
            ),
        ]

    def __str__(self):
        return f"{self.factor}: {self.get_importance_display()}"

    @property
    def level(self) -> scoring.Importance:
        return scoring.Importance(self.importance)


def default_currency():
    return settings.DEFAULT_CURRENCY


MAX_VESTING_YEARS = 10


def _money_field(verbose_name: str, help_text: str) -> models.DecimalField:
    """An optional amount of money in the offer's currency, never negative."""
    return models.DecimalField(
        verbose_name,
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=help_text,
    )


class OfferQuerySet(models.QuerySet):
    def twin_of(self, *, comparison_id, title: str, employer: str, exclude_pk=None):
        """The offer for the same role at the same employer in a comparison (case aside)."""
        # Lowered in the database, exactly as the unique constraint compares them.
        return (
            self.filter(comparison_id=comparison_id)
            .alias(role=Lower("title"), firm=Lower("employer"))
            .filter(role=Lower(Value(title)), firm=Lower(Value(employer)))
            .exclude(pk=exclude_pk)
            .first()
        )

    def awaiting_answer(self):
        """Offers still considered or negotiated: the seeker owes the employer an answer (the
        current job owes none)."""
        return self.filter(
            status__in=[Offer.Status.CONSIDERING, Offer.Status.NEGOTIATING],
            is_current_job=False,
        )

    def current_job_of(self, *, comparison_id, exclude_pk=None):
        return (
            self.filter(comparison_id=comparison_id, is_current_job=True)
            .exclude(pk=exclude_pk)
            .first()
        )


class Offer(models.Model):
    """A job offer on the table, with its facts; its ratings hang off it."""

    class PayPeriod(models.TextChoices):
        YEAR = "year", "per year"
        MONTH = "month", "per month"
        HOUR = "hour", "per hour"

    class WorkMode(models.TextChoices):
        ON_SITE = "on_site", "On-site"
        HYBRID = "hybrid", "Hybrid"
        REMOTE = "remote", "Remote"

    class Status(models.TextChoices):
        """Where the seeker stands with the offer; it does not change its scores."""

        CONSIDERING = "considering", "Considering"
        NEGOTIATING = "negotiating", "Negotiating"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn by the employer"

    comparison = models.ForeignKey(Comparison, on_delete=models.CASCADE, related_name="offers")
    title = models.CharField("role", max_length=120)
    employer = models.CharField(max_length=120)
    location = models.CharField(max_length=120, blank=True)
    salary = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    currency = models.CharField(max_length=3, default=default_currency)
    pay_period = models.CharField(max_length=5, choices=PayPeriod.choices, default=PayPeriod.YEAR)
    hours_per_week = models.DecimalField(
        "hours per week",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("168"))],
    )
    sign_on_bonus = _money_field("sign-on bonus", "Paid once, in the first year.")
    yearly_bonus = _money_field(
        "yearly bonus (target)", "The bonus you can expect in a normal year; it is not guaranteed."
    )
    equity_per_year = _money_field(
        "equity a year",
        "What the shares or options that vest in a year are worth, e.g. a 40,000 grant over 4 "
        "years is 10,000.",
    )
    vesting_years = models.PositiveSmallIntegerField(
        "vesting years",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_VESTING_YEARS)],
        help_text="Over how many years the equity vests.",
    )
    vesting_cliff_months = models.PositiveSmallIntegerField(
        "cliff (months)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_VESTING_YEARS * 12)],
        help_text="Months before the first shares vest; 0 or empty for none.",
    )
    living_costs = _money_field(
        "living costs a year",
        "Your own estimate of a year's rent, food and travel where this job is. The table shows "
        "what is left of the guaranteed pay.",
    )
    work_mode = models.CharField("work mode", max_length=7, choices=WorkMode.choices, blank=True)
    start_date = models.DateField("start date", null=True, blank=True)
    decision_deadline = models.DateField("decision deadline", null=True, blank=True)
    url = models.URLField("link to the offer", max_length=500, blank=True)
    status = models.CharField(
        max_length=12,
        choices=Status.choices,
        default=Status.CONSIDERING,
        help_text="Where you stand with this offer; it does not change the verdict.",
    )
    notes = models.TextField(blank=True, max_length=5000)
    is_current_job = models.BooleanField(
        "my current job",
        default=False,
        help_text="The job you hold now: every other offer is shown against it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("title"),
                Lower("employer"),
                "comparison",
                name="one_offer_per_role_and_employer",
                violation_error_message="This role at this employer is already in the comparison.",
            ),
            models.UniqueConstraint(
                fields=["comparison"],
                condition=Q(is_current_job=True),
                name="one_current_job_per_comparison",
                violation_error_message="This comparison already has a current job.",
            ),
            models.CheckConstraint(
                condition=Q(salary__isnull=True) | Q(salary__gte=0),
                name="offer_salary_not_negative",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 0}),
                    name=f"offer_{name}_not_negative",
                )
                for name in ("sign_on_bonus", "yearly_bonus", "equity_per_year", "living_costs")
            ],
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True)
                | Q(hours_per_week__gte=0, hours_per_week__lte=168),
                name="offer_hours_in_week",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """The one way an offer is named on every page and in every message."""
        return f"{self.title} ({self.employer})" if self.employer else self.title

    @property
    def deadline_passed(self) -> bool:
        return self.decision_deadline is not None and self.decision_deadline < timezone.localdate()


class Rating(models.Model):
    """A 1–5 score given to one offer on one factor."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="ratings")
    factor = models.ForeignKey(Factor, on_delete=models.PROTECT, related_name="ratings")
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    reason = models.CharField(max_length=200, blank=True)
    # When the score or reason last changed (a save that leaves them as they were does not
    # count): a counsellor's dashboard counts the ratings new since they last looked.
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["factor__dimension__position", "factor__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "factor"], name="one_rating_per_offer_factor"),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.factor}: {self.score}"


class ExchangeRate(models.Model):
    """A rate the seeker gave on a comparison: one `source` is worth `rate` of `target`.

    The app fetches no rates: offers in two currencies are compared on money only at a rate
    the seeker chose, and the figures converted with it are marked as such.
    """

    comparison = models.ForeignKey(
        Comparison, on_delete=models.CASCADE, related_name="exchange_rates"
    )
    source = models.CharField(max_length=3)
    target = models.CharField(max_length=3)
    rate = models.DecimalField(
        max_digits=18,
        decimal_places=8,
        validators=[MinValueValidator(Decimal("0.00000001"))],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["source", "target"]
        constraints = [
            models.UniqueConstraint(
                fields=["comparison", "source", "target"], name="one_rate_per_currency_pair"
            ),
            models.CheckConstraint(condition=Q(rate__gt=0), name="exchange_rate_positive"),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="exchange_rate_between_two"
            ),
        ]

    def __str__(self):
        return f"1 {self.source} = {self.rate.normalize():f} {self.target}"


class PlanAdvice(models.Model):
    """A text of the plan the comparison page proposes for an offer's weak factors.

    For a factor of future value: a habit to keep once in the job, and questions to ask the
    employer before signing; for a factor of life fit: what to negotiate instead. Admins edit
    them; the plan is part of the cached report, so every change renews the scoring version.
    """

    class Kind(models.TextChoices):
        HABIT = "habit", "Habit to keep"
        QUESTION = "question", "Question to ask the employer"
        NEGOTIATE = "negotiate", "What to negotiate"

    # Which dimension each kind belongs to: the plan uses habits and questions where future
    # value is weak, negotiation where life fit is.
    KINDS_OF = {
        scoring.FUTURE_VALUE: (Kind.HABIT, Kind.QUESTION),
        scoring.LIFE_FIT: (Kind.NEGOTIATE,),
    }

    factor = models.ForeignKey(Factor, on_delete=models.CASCADE, related_name="advice")
    kind = models.CharField(max_length=9, choices=Kind.choices)
    text = models.CharField(
        max_length=300, help_text="One concrete step, in plain words, addressed to the seeker."
    )
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(
        default=True, help_text="Inactive texts are left out of every plan; ticks are kept."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["factor__dimension__position", "factor__position", "kind", "position", "pk"]
        verbose_name = "plan text"
        verbose_name_plural = "plan texts"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["habit", "question", "negotiate"]),
                name="plan_advice_kind_in_allowed_set",
            ),
        ]

    def __str__(self):
        return f"{self.factor} · {self.get_kind_display()}: {self.text}"

    def clean(self):
        super().clean()
        if not self.factor_id or not self.kind:
            return
        dimension = Factor.objects.select_related("dimension").get(pk=self.factor_id).dimension
        allowed = self.KINDS_OF.get(dimension.key, ())
        if self.kind not in allowed:
            names = " or ".join(f"“{kind.label.lower()}”" for kind in allowed)
            raise ValidationError(
                {
                    "kind": f"{dimension.label} factors take {names} texts: the plan shows "
                    "no other kind for them."
                }
            )


class PlanTick(models.Model):
    """The seeker ticked one item of the plan done, for one offer."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="plan_ticks")
    advice = models.ForeignKey(PlanAdvice, on_delete=models.CASCADE, related_name="ticks")
    done_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["done_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "advice"], name="one_tick_per_offer_advice"),
        ]

    def __str__(self):
        return f"{self.offer}: {self.advice.text} (done)"
