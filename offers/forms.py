import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django import forms
from django.template.defaultfilters import date as format_date

from offers import guidance, money
from offers.models import MAX_VESTING_YEARS, Comparison, Dimension, Factor, Offer
from offers.report import PaySuggestionView, pay_suggestion_view
from offers.scoring import RATING_MEANINGS, Importance, Priority
from offers.services import DECISION_REASON_MAX, NOTHING_ANSWERED, RatingInput, offer_rule_errors

NOT_RATED = ""
RATING_CHOICES = [(NOT_RATED, "Not rated")] + [
    (str(value), f"{value} · {meaning}") for value, meaning in RATING_MEANINGS.items()
]


TOO_LONG = "Shorten this to %(limit_value)d characters or fewer (it has %(show_value)d)."
SALARY_TOO_LARGE = "That salary is too large; enter the amount, e.g. 52000."
TOO_MANY_HOURS = "A week has 168 hours: enter the hours in a week, e.g. 40."


MONEY_FIELDS = {  # the optional amounts besides the salary, with a name for messages
    "sign_on_bonus": "A sign-on bonus",
    "yearly_bonus": "A bonus",
    "equity_per_year": "Equity",
    "living_costs": "Living costs",
}
VESTING_YEARS_RANGE = f"Enter between 1 and {MAX_VESTING_YEARS} years."


def _money_errors(label: str) -> dict[str, str]:
    too_large = "That amount is too large; enter it in full, e.g. 5000."
    return {
        "invalid": f"Enter {label.lower().removeprefix('a ')} as one number, e.g. 5000, "
        "5,000.50 or 5k.",
        "max_decimal_places": "A dot starts the cents, so use at most two digits after it. "
        "For thousands, write 5000 or 5,000.",
        "max_digits": too_large,
        "max_whole_digits": too_large,
        "min_value": f"{label} cannot be negative.",
    }


def drop_browser_maxlength(form: forms.BaseForm) -> None:
    """A browser's maxlength cuts a long paste without a word; the server's message says why."""
    for field in form.fields.values():
        field.widget.attrs.pop("maxlength", None)
        if getattr(field, "max_length", None):
            field.error_messages["max_length"] = TOO_LONG


class ComparisonForm(forms.ModelForm):
    class Meta:
        model = Comparison
        fields = ["title", "priority", "notes"]
        labels = {"title": "Title", "priority": "What matters most right now?"}
        help_texts = {"title": "For example “Spring offers” or “After the bootcamp”."}
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "priority": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        drop_browser_maxlength(self)

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError("Give the comparison a title.")
        return title


class PriorityForm(forms.Form):
    priority = forms.ChoiceField(choices=Priority.choices(), label="Rank offers for")


YES, NO, NOT_SAID = "yes", "no", ""
YES_NO_CHOICES = [(YES, "Yes"), (NO, "No"), (NOT_SAID, "Prefer not to say")]


class YesNoField(forms.TypedChoiceField):
    """Yes, no, or "Prefer not to say" (None); a browser cannot untick a radio, so it is one."""

    widget = forms.RadioSelect

    def __init__(self, **kwargs):
        super().__init__(
            choices=YES_NO_CHOICES,
            coerce=lambda value: value == YES,
            empty_value=None,
            required=False,
            error_messages={"invalid_choice": "Choose yes, no or prefer not to say."},
            **kwargs,
        )


class MonthsField(forms.IntegerField):
    """Whole months as text ("4", "4 months"): a browser never drops what was typed."""

    widget = forms.TextInput

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"\s*months?\s*$", "", value.strip(), flags=re.IGNORECASE)
        return super().to_python(value)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "numeric"}


class PriorityCheckForm(forms.Form):
    """The five questions of "What do you need right now?"; each may be left unanswered."""

    money_at_risk = YesNoField(help_text="Rent, a loan or a bill you could not keep up with.")
    dependants = YesNoField(help_text="A partner, children or a parent you support.")
    savings_months = MonthsField(
        required=False,
        min_value=0,
        max_value=guidance.MAX_SAVINGS_MONTHS,
        help_text="A rough figure is enough: 0 if you have none. Leave it empty if you prefer "
        "not to say.",
        error_messages={
            "invalid": "Enter a whole number of months, e.g. 3, or 0 if you have no savings.",
            "min_value": "Months cannot be negative: enter 0 if you have no savings.",
            "max_value": (
                f"Enter at most {guidance.MAX_SAVINGS_MONTHS} months (ten years): if your "
                f"savings last longer, {guidance.MAX_SAVINGS_MONTHS} says so."
            ),
        },
    )
    big_change = YesNoField(help_text="Moving house, a new baby, an operation, caring for someone.")
    growth_on_offer = YesNoField(
        help_text="A named mentor, a training budget or programme, or work you could show later."
    )

    def __init__(self, *args, answers: guidance.Answers | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for question in guidance.QUESTIONS:
            self.fields[question.field].label = question.text
        if answers is not None:
            for question in guidance.QUESTIONS:
                value = getattr(answers, question.field)
                if isinstance(value, bool):
                    value = YES if value else NO
                self.initial[question.field] = value

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.answers().given:
            raise forms.ValidationError(NOTHING_ANSWERED)
        return cleaned

    def answers(self) -> guidance.Answers:
        return guidance.Answers(
            **{q.field: self.cleaned_data.get(q.field) for q in guidance.QUESTIONS}
        )


class ImportanceForm(forms.Form):
    """How much each factor matters to the seeker on one comparison, against the admin's weight.

    Each dimension must keep at least one factor that counts, or no offer could be judged on it.
    """

    def __init__(self, *args, factors, importances, **kwargs):
        super().__init__(*args, **kwargs)
        self.factors = list(factors)
        for factor in self.factors:
            self.fields[self.field_name(factor)] = forms.TypedChoiceField(
                label=factor.label,
                choices=Importance.choices(),
                coerce=Importance,
                initial=importances.get(factor.key, Importance.USUAL).value,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose how much {factor.label} matters to you.",
                    "invalid_choice": (
                        f"Choose how much {factor.label} matters to you: not at all, less, "
                        "as usual or more."
                    ),
                },
            )

    @staticmethod
    def field_name(factor: Factor) -> str:
        return f"importance_{factor.key}"

    def groups(self) -> list[tuple[Dimension, list[forms.BoundField]]]:
        groups: dict[int, tuple[Dimension, list]] = {}
        for factor in self.factors:
            group = groups.setdefault(factor.dimension_id, (factor.dimension, []))
            group[1].append(self[self.field_name(factor)])
        return list(groups.values())

    def clean(self):
        cleaned = super().clean()
        for dimension, _fields in self.groups():
            factors = [f for f in self.factors if f.dimension_id == dimension.pk]
            chosen = [cleaned.get(self.field_name(f)) for f in factors]
            if None in chosen:
                continue  # a field error already says what to fix
            if not any(
                f.weight > 0 and level is not Importance.NONE
                for f, level in zip(factors, chosen, strict=True)
            ):
                self.add_error(
                    None,
                    f"{dimension.label} needs at least one factor that counts: set one of its "
                    "factors to “Less”, “As usual” or “More”.",
                )
        return cleaned

    def levels(self) -> dict[Factor, Importance]:
        return {f: self.cleaned_data[self.field_name(f)] for f in self.factors}


@dataclass(frozen=True)
class RatingField:
    """The bound fields a template needs to render one factor's rating."""

    factor: Factor
    score: forms.BoundField
    reason: forms.BoundField


@dataclass(frozen=True)
class RatingGroup:
    dimension: Dimension
    fields: list[RatingField]


def plain_number(value: Decimal | None) -> str:
    """52000.00 → "52000", 37.50 → "37.5": a saved number as a person would type it."""
    return "" if value is None else f"{value.normalize():f}"


class FriendlyDecimalField(forms.DecimalField):
    """A number typed as text: a browser never drops it silently, and 52,000 or 52 000 reads."""

    widget = forms.TextInput

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0\u202f]", "", value)
            if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", value):
                value = value.replace(",", "")
        return super().to_python(value)

    def widget_attrs(self, widget):
        # No min/max/step: those belong to <input type="number">; keep the decimal keypad.
        return {"inputmode": "decimal"}


class SalaryField(FriendlyDecimalField):
    """Also reads a currency sign around the amount (€52000, 52000 €) and 52k for 52000."""

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"^\s*[€$£]|[€$£]\s*$", "", value).strip()
            if match := re.fullmatch(r"(\d+(?:\.\d+)?)\s*[kK]", value):
                value = str(Decimal(match.group(1)) * 1000)
        return super().to_python(value)


class HoursField(FriendlyDecimalField):
    """Hours never run into thousands: 38,5 is 38.5, and 40.00 or 52.000 are 40 and 52."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
            if re.fullmatch(r"\d+,\d", value):
                value = value.replace(",", ".")
            if re.fullmatch(r"\d+\.\d*0", value):
                value = value.rstrip("0").rstrip(".")
        return super().to_python(value)


def _currency_code(text: str) -> str:
    currency = text.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise forms.ValidationError("Use a three-letter currency code such as EUR or USD.")
    return currency


PAY_FACTOR = "pay"  # the factor whose rating the pay figures can suggest
PAY_FIELDS = [
    "salary",
    "currency",
    "pay_period",
    "hours_per_week",
    "sign_on_bonus",
    "yearly_bonus",
    "equity_per_year",
    "vesting_years",
    "vesting_cliff_months",
    "living_costs",
]
PAY_FIELD_CLASSES = {
    "salary": SalaryField,
    "hours_per_week": HoursField,
    **dict.fromkeys(MONEY_FIELDS, SalaryField),
}


class PayTermsForm(forms.ModelForm):
    """The offer form's pay fields alone, as typed so far: what a Pay suggestion is made from.

    With the Pay rating chosen on the form, so the suggestion can say how the two compare.
    """

    rating_pay = forms.TypedChoiceField(
        choices=RATING_CHOICES, coerce=int, empty_value=None, required=False
    )

    class Meta:
        model = Offer
        fields = PAY_FIELDS
        field_classes = PAY_FIELD_CLASSES

    def clean_currency(self):
        return _currency_code(self.cleaned_data["currency"])

    def terms(self) -> money.PayTerms | None:
        """The terms typed, or None while a field cannot be read."""
        if not self.is_valid():
            return None
        return money.PayTerms(**{name: self.cleaned_data[name] for name in PAY_FIELDS})


def _single_spaced(text: str) -> str:
    """ "Product  analyst " is "Product analyst": a stray space must not make a second offer."""
    return " ".join(text.split())


def _rating_text(score: int | None) -> str:
    return f"{score} · {RATING_MEANINGS[score]}" if score else "Not rated"


class OfferForm(forms.ModelForm):
    """An offer's facts plus one optional 1–5 rating (and reason) per active factor.

    The factors and any existing ratings are passed in, so building the form runs no query.
    """

    url = forms.URLField(
        label="Link to the offer", max_length=500, required=False, assume_scheme="https"
    )
    # When the form was opened: a save after someone else's is not allowed to overwrite it.
    loaded_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Offer
        fields = [  # in the order of the page
            "title",
            "employer",
            "location",
            "work_mode",
            "start_date",
            "decision_deadline",
            "url",
            "notes",
            "status",
            "is_current_job",
            *PAY_FIELDS,
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "decision_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
            # Text, not number: a browser would send "" for "4 years" without a word.
            "vesting_years": forms.TextInput(attrs={"inputmode": "numeric"}),
            "vesting_cliff_months": forms.TextInput(attrs={"inputmode": "numeric"}),
            "currency": forms.TextInput(
                attrs={"autocapitalize": "characters", "spellcheck": "false"}
            ),
        }
        help_texts = {
            "title": "The job title, e.g. “Data analyst”.",
            "currency": "Three-letter code, e.g. EUR, USD, GBP.",
            "decision_deadline": "When you must answer the employer.",
            "is_current_job": (
                "Rate the job you hold now like an offer: every other offer then shows what it "
                "gains or loses against it."
            ),
        }
        labels = {"salary": "Salary (gross)", "is_current_job": "This is my current job"}
        field_classes = PAY_FIELD_CLASSES
        error_messages = {
            "salary": {
                "invalid": (
                    "Enter the salary as one number, e.g. 52000, 52,000.50 or 52k; for a range, "
                    "enter the figure you expect."
                ),
                # 52.000 is how thousands are written in much of Europe: say how to write it.
                "max_decimal_places": (
                    "A dot starts the cents, so use at most two digits after it. "
                    "For thousands, write 52000 or 52,000."
                ),
                "max_digits": SALARY_TOO_LARGE,
                "max_whole_digits": SALARY_TOO_LARGE,
                "min_value": "A salary cannot be negative.",
            },
            **{name: _money_errors(label) for name, label in MONEY_FIELDS.items()},
            "vesting_years": {
                "invalid": "Enter the vesting years as a whole number, e.g. 4.",
                "min_value": VESTING_YEARS_RANGE,
                "max_value": VESTING_YEARS_RANGE,
            },
            "vesting_cliff_months": {
                "invalid": "Enter the cliff as a whole number of months, e.g. 12, or 0 for none.",
                "min_value": "A cliff cannot be negative; enter 0 for none.",
                "max_value": f"A cliff is at most {MAX_VESTING_YEARS * 12} months.",
            },
            "hours_per_week": {
                "invalid": (
                    "Enter the hours as one number, e.g. 40 or 37.5; for a range such as "
                    "40-45, enter the hours you expect most weeks."
                ),
                "max_decimal_places": "Round the hours to one decimal, e.g. 37.5.",
                "max_digits": TOO_MANY_HOURS,
                "max_whole_digits": TOO_MANY_HOURS,
                "max_value": TOO_MANY_HOURS,
                "min_value": "Hours cannot be negative.",
            },
        }

    def __init__(self, *args, comparison, factors, ratings=None, pay_context=None, **kwargs):
        """`pay_context()` gives the other offers' pay terms by name and the exchange rates;
        it is called only when the form shows a Pay suggestion."""
        super().__init__(*args, **kwargs)
        drop_browser_maxlength(self)
        self.pay_context = pay_context
        self.fields["status"].required = False
        self.fields["currency"].error_messages["max_length"] = (
            "Use a three-letter currency code, e.g. EUR, USD, GBP."
        )
        self.comparison = comparison
        self.factors = list(factors)
        ratings = ratings or {}
        if self.instance.pk and not self.is_bound:
            for name in ("salary", "hours_per_week", *MONEY_FIELDS):
                self.initial[name] = plain_number(getattr(self.instance, name))
            self.initial["loaded_at"] = self.instance.updated_at.isoformat()
        if self.instance.pk:
            # Without it a save could overwrite someone else's unseen: require it on edits.
            self.fields["loaded_at"].required = True
            self.fields["loaded_at"].error_messages["required"] = (
                "This form is out of date. Open the offer again to edit it."
            )
        self.fields["work_mode"].choices = [("", "Not decided"), *list(Offer.WorkMode.choices)]
        for factor in self.factors:
            current = ratings.get(factor.pk)
            self.fields[self.score_name(factor)] = forms.TypedChoiceField(
                label=factor.label,
                help_text=factor.help_text,
                choices=RATING_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=str(current.score) if current else NOT_RATED,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": "Choose a rating from 1 to 5, or “Not rated”.",
                },
            )
            self.fields[self.reason_name(factor)] = forms.CharField(
                label="Reason (optional)",
                max_length=200,
                required=False,
                initial=current.reason if current else "",
            )

    @staticmethod
    def score_name(factor: Factor) -> str:
        return f"rating_{factor.key}"

    @staticmethod
    def reason_name(factor: Factor) -> str:
        return f"reason_{factor.key}"

    @property
    def fact_fields(self):
        return [self[name] for name in self.Meta.fields]

    def rating_groups(self) -> list[RatingGroup]:
        groups: dict[int, RatingGroup] = {}
        for factor in self.factors:
            group = groups.setdefault(
                factor.dimension_id, RatingGroup(dimension=factor.dimension, fields=[])
            )
            group.fields.append(
                RatingField(
                    factor=factor,
                    score=self[self.score_name(factor)],
                    reason=self[self.reason_name(factor)],
                )
            )
        return list(groups.values())

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(anchor id, field name as the person knows it, first message) per field in error."""
        factors = {self.reason_name(f): f for f in self.factors}
        summary = []
        for name in self.fields:  # in the order of the page
            if not (errors := self.errors.get(name)):
                continue
            bound = self[name]
            if name in factors:
                label = f"Reason for {factors[name].label}"
                anchor = bound.auto_id
            elif isinstance(bound.field.widget, forms.RadioSelect):
                label, anchor = bound.label, f"{bound.auto_id}_label"  # the legend
            else:
                label, anchor = bound.label, bound.auto_id
            summary.append((anchor, label, errors[0]))
        return summary

    def clean_status(self):
        # Optional on the wire: a form sent without it keeps the offer "considering".
        return self.cleaned_data["status"] or Offer.Status.CONSIDERING

    def clean_title(self):
        return _single_spaced(self.cleaned_data["title"])

    def clean_employer(self):
        return _single_spaced(self.cleaned_data["employer"])

    def clean_currency(self):
        return _currency_code(self.cleaned_data["currency"])

    def clean(self):
        cleaned = super().clean()
        # The comparison's own rules, checked again by the service while it holds a lock.
        candidate = Offer(
            pk=self.instance.pk,
            comparison=self.comparison,
            title=cleaned.get("title") or "",
            employer=cleaned.get("employer") or "",
            is_current_job=bool(cleaned.get("is_current_job")),
        )
        for field, message in offer_rule_errors(candidate).items():
            if field not in self.errors:
                self.add_error(field, message)
        self._clean_pay(cleaned)
        start, deadline = cleaned.get("start_date"), cleaned.get("decision_deadline")
        if start and deadline and deadline > start:
            self.add_error(
                "decision_deadline",
                "The decision deadline should fall on or before the start date.",
            )
        for factor in self.factors:
            score_name = self.score_name(factor)
            if (
                cleaned.get(self.reason_name(factor))
                and score_name in cleaned
                and cleaned[score_name] is None
            ):
                self.add_error(
                    self.reason_name(factor),
                    f"Choose a rating for {factor.label} to keep this reason, or clear it.",
                )
        return cleaned

    @cached_property
    def pay_suggestion(self) -> PaySuggestionView | None:
        """The Pay rating the figures on the form suggest against the other offers."""
        if self.pay_context is None or PAY_FACTOR not in {f.key for f in self.factors}:
            return None
        rating_field = f"rating_{PAY_FACTOR}"
        if self.is_bound:
            if any(name in self.errors for name in PAY_FIELDS):
                return None
            terms = money.PayTerms(**{name: self.cleaned_data.get(name) for name in PAY_FIELDS})
            current = self.cleaned_data.get(rating_field)
        else:
            terms = money.PayTerms.of(self.instance)
            current = self[rating_field].initial
        if terms.salary is None:
            return None  # nothing to weigh, so no need to fetch the other offers
        others, rates = self.pay_context()
        suggestion = money.suggest_pay(terms, others, rates)
        if suggestion is None:
            return None
        return pay_suggestion_view(suggestion, int(current) if current else None)

    def _clean_pay(self, cleaned):
        """Pay that cannot give a yearly figure, or equity without its vesting, is refused."""
        salary, period = cleaned.get("salary"), cleaned.get("pay_period")
        hours = cleaned.get("hours_per_week")
        if salary is not None and period == Offer.PayPeriod.HOUR and not hours:
            if "hours_per_week" not in self.errors:
                self.add_error(
                    "hours_per_week",
                    "Pay per hour needs the hours you work in a week (more than 0) to give a "
                    "yearly figure.",
                )
        elif salary is not None and period:
            base = money.annual_base(salary, period, hours)
            if base is not None and base > money.MOST_A_YEAR:
                self.add_error(
                    "salary",
                    f"That comes to {base:,.0f} a year. Check the amount and whether it is "
                    "per hour, month or year.",
                )
        equity, years = cleaned.get("equity_per_year"), cleaned.get("vesting_years")
        cliff = cleaned.get("vesting_cliff_months")
        if equity and years is None and "vesting_years" not in self.errors:
            self.add_error("vesting_years", "Say over how many years the equity vests, e.g. 4.")
        if not equity and (years or cliff) and "equity_per_year" not in self.errors:
            self.add_error(
                "equity_per_year",
                "Enter what the equity is worth a year, or clear the vesting years and cliff.",
            )
        if years and cliff is not None and cliff > years * 12:
            self.add_error(
                "vesting_cliff_months",
                f"The cliff cannot be longer than the vesting ({years} years is "
                f"{years * 12} months).",
            )

    def differences(self, saved: Offer, saved_ratings: dict) -> list[tuple[str, str, str]]:
        """(field, as saved, as typed here) for each answer that differs from the saved offer."""

        def fact_text(offer_or_data, name):
            value = (
                offer_or_data.get(name)
                if isinstance(offer_or_data, dict)
                else getattr(offer_or_data, name)
            )
            field = self.fields[name]
            if isinstance(value, bool):
                return "yes" if value else "no"
            if isinstance(value, Decimal):
                return plain_number(value)
            choices = dict(getattr(field, "choices", []) or [])
            return str(choices.get(value, value)) if value not in (None, "") else "—"

        rows = []
        for name in self.Meta.fields:
            saved_text, typed = fact_text(saved, name), fact_text(self.cleaned_data, name)
            if saved_text != typed:
                rows.append((self[name].label, saved_text, typed))
        for factor in self.factors:
            rating = saved_ratings.get(factor.pk)
            saved_score = rating.score if rating else None
            typed_score = self.cleaned_data.get(self.score_name(factor))
            if saved_score != typed_score:
                rows.append((factor.label, _rating_text(saved_score), _rating_text(typed_score)))
            saved_reason = rating.reason if rating else ""
            typed_reason = self.cleaned_data.get(self.reason_name(factor)) or ""
            if saved_reason != typed_reason.strip():
                rows.append(
                    (f"Reason for {factor.label}", saved_reason or "—", typed_reason.strip() or "—")
                )
        return rows

    def fact_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def rating_data(self) -> dict[Factor, RatingInput]:
        return {
            factor: RatingInput(
                score=self.cleaned_data[self.score_name(factor)],
                reason=self.cleaned_data[self.reason_name(factor)],
            )
            for factor in self.factors
        }


class RateField(FriendlyDecimalField):
    """A rate such as 0.92 or 1,08 (a comma read as the decimal point: rates never reach 1,000)."""

    def to_python(self, value):
        if isinstance(value, str) and re.fullmatch(r"\s*\d+,\d+\s*", value):
            value = value.replace(",", ".")
        return super().to_python(value)


class ExchangeRateForm(forms.Form):
    """One optional rate per currency the comparison's offers use besides its main one.

    A blank rate leaves that currency's offers unconverted.
    """

    def __init__(self, *args, currency: str, others: list[str], rates: money.Rates, **kwargs):
        super().__init__(*args, **kwargs)
        self.currency = currency
        for source in others:
            given = money.rate_between(rates, source, currency)
            self.fields[source] = RateField(
                label=f"1 {source} in {currency}",
                required=False,
                max_digits=18,
                decimal_places=8,
                min_value=Decimal("0.00000001"),
                max_value=Decimal("1000000"),
                initial=None if given is None else plain_number(given.quantize(Decimal("1e-8"))),
                help_text=f"How many {currency} one {source} is worth to you, e.g. 0.92.",
                error_messages={
                    "invalid": f"Enter the rate as a number, e.g. 0.92 {currency} for 1 {source}.",
                    "min_value": "A rate must be more than 0.",
                    "max_value": "That rate is too large; check which way round it is.",
                    "max_decimal_places": "Use at most 8 digits after the decimal point.",
                    "max_digits": "That rate is too large; check which way round it is.",
                    "max_whole_digits": "That rate is too large; check which way round it is.",
                },
            )

    def rates(self) -> dict[str, Decimal | None]:
        return dict(self.cleaned_data)


NONE_OF_THESE = "none"


class DecisionForm(forms.Form):
    """The seeker's decision: one of the comparison's offers (staying in the current job is
    one), or none of them; why, and when."""

    choice = forms.ChoiceField(
        label="What did you decide?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose an offer, your current job, or “None of these”.",
            "invalid_choice": (
                "That offer is no longer in this comparison (it may have been deleted in "
                "another tab). Choose again from the list."
            ),
        },
    )
    reason = forms.CharField(
        label="Why? (optional)",
        required=False,
        max_length=DECISION_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A sentence for later, for you and your counsellor: what tipped the balance.",
    )
    decided_on = forms.DateField(
        label="Date of the decision",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Enter the date you decided, e.g. today.",
            "invalid": "Enter the date as year-month-day, e.g. 2026-12-03.",
        },
    )

    def __init__(self, *args, offers, today, **kwargs):
        super().__init__(*args, **kwargs)
        drop_browser_maxlength(self)
        self.today = today
        self.offers = {str(o.pk): o for o in offers}
        current = [o for o in offers if o.is_current_job]
        others = [o for o in offers if not o.is_current_job]
        choices = [(str(o.pk), f"Stay in my current job: {o.display_name}") for o in current]
        for offer in others:
            label = offer.display_name
            if offer.status != Offer.Status.CONSIDERING:
                label += f" ({offer.get_status_display().lower()})"
            choices.append((str(offer.pk), label))
        choices.append((NONE_OF_THESE, "None of these"))
        self.fields["choice"].choices = choices
        self.fields["decided_on"].widget.attrs["max"] = today.isoformat()
        if not self.is_bound:
            self.initial.setdefault("decided_on", today)

    def clean_reason(self):
        return self.cleaned_data["reason"].strip()

    def clean_decided_on(self):
        decided_on = self.cleaned_data["decided_on"]
        if decided_on > self.today:
            raise forms.ValidationError(
                f"A decision cannot be dated in the future: today is "
                f"{format_date(self.today, 'j M Y')}. Enter today or an earlier day."
            )
        return decided_on

    def chosen(self) -> Offer | None:
        """The offer chosen, or None for "none of these" (on a valid form)."""
        return self.offers.get(self.cleaned_data["choice"])


class PlanTickForm(forms.Form):
    """One plan item ticked done (done=1) or not done (done=0), for one offer."""

    offer = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    advice = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    done = forms.TypedChoiceField(choices=[("1", "done"), ("0", "not done")], coerce=int)
