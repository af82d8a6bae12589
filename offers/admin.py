from django.contrib import admin
from django.db import models
from django.db.models import Count

from offers.models import Comparison, Dimension, Factor, Offer, Rating


class FactorInline(admin.TabularInline):
    model = Factor
    fields = ["label", "key", "weight", "position", "active", "help_text"]
    extra = 0
    show_change_link = True

    def has_delete_permission(self, request, obj=None):
        # Ratings point at factors; switching one off (active) is the safe way to retire it.
        return False


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["label", "key", "strong_threshold", "factor_count"]
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


@admin.register(Factor)
class FactorAdmin(admin.ModelAdmin):
    list_display = ["label", "key", "dimension", "weight", "position", "active"]
    list_editable = ["weight", "position", "active"]
    list_filter = ["dimension", "active"]
    list_select_related = ["dimension"]
    search_fields = ["label", "key", "help_text"]
    prepopulated_fields = {"key": ["label"]}

    def has_delete_permission(self, request, obj=None):
        return False


class OfferInline(admin.TabularInline):
    model = Offer
    fields = ["title", "employer", "location", "salary", "currency", "pay_period", "updated_at"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

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
    readonly_fields = ["owner", "title", "priority", "notes", "created_at", "updated_at"]
    inlines = [OfferInline]

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
