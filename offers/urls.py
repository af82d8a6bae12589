from django.urls import path

from offers import views

app_name = "offers"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("comparisons/", views.comparison_list, name="comparison-list"),
    path("comparisons/<int:pk>/", views.comparison_detail, name="comparison-detail"),
]
