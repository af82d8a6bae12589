"""The app's URLconf with two reference views in front; used by the benchmark's settings only."""

from django.urls import include, path

from careerfit.urls import handler404, handler500  # noqa: F401  (the app's error pages)
from scripts.loadbench import views

urlpatterns = [
    path("bench/bare", views.bare),
    path("bench/one-query", views.one_query),
    path("", include("careerfit.urls")),
]
