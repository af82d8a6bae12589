from django.urls import path

from offers import views

app_name = "offers"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("comparisons/", views.comparison_list, name="comparison-list"),
    path("comparisons/new/", views.comparison_create, name="comparison-create"),
    path("comparisons/report/", views.comparisons_report, name="comparisons-report"),
    path("comparisons/<int:pk>/", views.comparison_detail, name="comparison-detail"),
    path("comparisons/<int:pk>/edit/", views.comparison_update, name="comparison-update"),
    path("comparisons/<int:pk>/delete/", views.comparison_delete, name="comparison-delete"),
    path("comparisons/<int:pk>/priority/", views.comparison_priority, name="comparison-priority"),
    path(
        "comparisons/<int:pk>/priority-check/",
        views.comparison_priority_check,
        name="comparison-priority-check",
    ),
    path(
        "comparisons/<int:pk>/priority-check/clear/",
        views.comparison_priority_check_clear,
        name="comparison-priority-check-clear",
    ),
    path(
        "comparisons/<int:pk>/importance/",
        views.comparison_importance,
        name="comparison-importance",
    ),
    path(
        "comparisons/<int:pk>/importance/reset/",
        views.comparison_importance_reset,
        name="comparison-importance-reset",
    ),
    path("comparisons/<int:pk>/exchange-rates/", views.comparison_rates, name="comparison-rates"),
    path("comparisons/<int:pk>/decision/", views.comparison_decision, name="comparison-decision"),
    path(
        "comparisons/<int:pk>/decision/reopen/",
        views.comparison_decision_reopen,
        name="comparison-decision-reopen",
    ),
    path("comparisons/<int:pk>/plan/", views.comparison_plan_tick, name="comparison-plan-tick"),
    path("comparisons/<int:pk>/export.csv", views.comparison_export, name="comparison-export"),
    path("comparisons/<int:pk>/report/", views.comparison_report, name="comparison-report"),
    path("comparisons/<int:pk>/pay-suggestion/", views.pay_suggestion, name="pay-suggestion"),
    path("comparisons/<int:pk>/offers/new/", views.offer_create, name="offer-create"),
    path("offers/<int:pk>/edit/", views.offer_update, name="offer-update"),
    path("offers/<int:pk>/delete/", views.offer_delete, name="offer-delete"),
]
