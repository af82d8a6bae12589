from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "CareerFit administration"
admin.site.site_title = "CareerFit admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("", include("counselling.urls")),
    path("", include("offers.urls")),
]
