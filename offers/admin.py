from copy import copy

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from offers.models import (
    Comparison,
    Dimension,
    Factor,
    FactorImportance,
    Offer,
    PlanAdvice,
    Rating,
)


def unscorable_dimensions(changed: list[Factor]) -> list[Dimension]:
    """The dimensions that would have no active factor of weight above 0 once `changed` saved.

    Such a dimension can score no offer: every offer of every user would turn Incomplete.
    """
    changed_pks = [f.pk for f in changed if f.pk]
    scoring = set(
        Factor.objects.exclude(pk__in=changed_pks)
        .filter(active=True, weight__gt=0)
        .values_list("dimension_id", flat=True)
    )
    scoring |= {f.dimension_id for f in changed if f.active and f.weight and f.weight > 0}
    return [d for d in Dimension.objects.order_by("position") if d.pk not in scoring]


def _unscorable_error(dimensions: list[Dimension]) -> forms.ValidationError:
    names = " and ".join(f"“{d.label}”" for d in dimensions)
    return forms.ValidationError(
        f"{names} would be left without an active factor of weight above 0, so no offer could "
        "be scored on it. Keep at least one such factor. Nothing was saved."
    )


class KeepsEveryDimensionScorable:
    """A formset mixin: refuse a save that leaves a dimension unable to score anything."""

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        # Blank extra rows are not saved, so they do not count.
        saved = [f.instance for f in self.forms if f.instance.pk or f.has_changed()]
        if missing := unscorable_dimensions(saved):
            raise _unscorable_error(missing)


class FactorInlineFormSet(KeepsEveryDimensionScorable, forms.BaseInlineFormSet):
    pass


class FactorChangelistFormSet(KeepsEveryDimensionScorable, forms.BaseModelFormSet):
    pass


class FactorAdminForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        candidate = copy(self.instance)
        for name in ("dimension", "weight", "active"):
            if name in cleaned:
                setattr(candidate, name, cleaned[name])
        if (
            not self.errors
            and candidate.dimension_id
            and (missing := unscorable_dimensions([candidate]))
        ):
            raise _unscorable_error(missing)
        return cleaned


class FactorInline(admin.TabularInline):
    model = Factor
    formset = FactorInlineFormSet
    fields = ["label", "key", "weight", "position", "active", "help_text"]
    extra = 0
    show_change_link = True

    def has_delete_permission(self, request, obj=None):
        # Ratings point at factors; switching one off (active) is the safe way to retire it.
        return False


@admin.register(Dimension)
class DimensionAdmin(SimpleHistoryAdmin):
    list_display = ["label", "key", "strong_threshold", "factor_count"]
    history_list_display = ["strong_threshold"]
    fields = ["key", "label", "question", "strong_threshold", "position"]
    readonly_fields = ["key"]
    inlines = [FactorInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(factor_count=Count("factors"))

    @admin.display(description="factors", ordering="factor_count")
    def factor_count(self, obj):
        return obj.factor_count

    def has_add_permission(self, request):
        return False  # the scoring rule knows exactly two dimensions

    def has_delete_permission(self, request, obj=None):
        return False


class PlanAdviceInline(admin.TabularInline):
    """The factor's plan texts: habits and questions for future value, what to negotiate for
    life fit."""

    model = PlanAdvice
    fields = ["kind", "text", "position", "active"]
    extra = 0
    formfield_overrides = {models.CharField: {"widget": forms.Textarea(attrs={"rows": 2})}}
    verbose_name_plural = "plan texts (shown when an offer is weak on this factor)"


@admin.register(Factor)
class FactorAdmin(SimpleHistoryAdmin):
    form = FactorAdminForm
    inlines = [PlanAdviceInline]
    history_list_display = ["weight", "active"]
    list_display = ["label", "key", "dimension", "weight", "position", "active"]
    list_editable = ["weight", "position", "active"]
    list_filter = ["dimension", "active"]
    list_select_related = ["dimension"]
    search_fields = ["label", "key", "help_text"]
    prepopulated_fields = {"key": ["label"]}

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_changelist_formset(self, request, **kwargs):
        return super().get_changelist_formset(request, formset=FactorChangelistFormSet, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PlanAdvice)
class PlanAdviceAdmin(SimpleHistoryAdmin):
    """The texts of the plan the comparison page proposes; each save renews every report."""

    history_list_display = ["text", "active"]
    list_display = ["factor", "kind", "text", "position", "active"]
    list_display_links = ["factor"]
    list_editable = ["text", "position", "active"]
    list_filter = ["factor__dimension", "kind", "active", "factor"]
    list_select_related = ["factor__dimension"]
    search_fields = ["text", "factor__label"]
    ordering = ["factor__dimension__position", "factor__position", "kind", "position", "pk"]
    # The text in a box that shows it whole (a field with choices keeps its select).
    formfield_overrides = {models.CharField: {"widget": forms.Textarea(attrs={"rows": 2})}}


class OfferInline(admin.TabularInline):
    model = Offer
    fields = ["title", "employer", "location", "salary", "currency", "pay_period",
              "is_current_job", "updated_at"]  # fmt: skip
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ImportanceInline(admin.TabularInline):
    """The owner's personal importances: they explain why a verdict differs from the weights."""

    model = FactorImportance
    fields = ["factor", "importance"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "personal importance (factors that count more or less for the owner)"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Comparison)
class ComparisonAdmin(admin.ModelAdmin):
    """For support: look, do not touch. Owners change their comparisons in the app."""

    list_display = ["title", "owner", "priority", "offer_count", "updated_at"]
    list_filter = ["priority"]
    list_select_related = ["owner"]
    search_fields = ["title", "owner__email"]
    date_hierarchy = "updated_at"
    readonly_fields = ["owner", "title", "priority", "notes", "created_at", "updated_at",
                       "decided_on", "decided_offer", "decision_reason"]  # fmt: skip
    inlines = [ImportanceInline, OfferInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(offer_count=Count("offers"))

    @admin.display(description="offers", ordering="offer_count")
    def offer_count(self, obj):
        return obj.offer_count

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RatingInline(admin.TabularInline):
    model = Rating
    fields = ["factor", "score", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title", "employer", "comparison", "owner", "updated_at"]
    list_select_related = ["comparison__owner"]
    search_fields = ["title", "employer", "comparison__title", "comparison__owner__email"]
    inlines = [RatingInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description="owner", ordering="comparison__owner__email")
    def owner(self, obj):
        return obj.comparison.owner

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # As with comparisons: owners change their offers in the app, where every change
        # renews the comparison's version (and so leaves its cached results behind).
        return False
