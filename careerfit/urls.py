from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from careerfit import views

handler404 = "careerfit.views.not_found"
handler500 = "careerfit.views.server_error"

admin.site.site_header = "CareerFit administration"
admin.site.site_title = "CareerFit admin"


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico on pages that link no icon (the admin's): send our SVG."""

    http_method_names = ["get", "head"]
    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("img/favicon.svg")  # at request time, once the manifest exists


urlpatterns = [
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("admin/", admin.site.urls),
    # Managing several addresses per account is not offered (see ACCOUNT_MAX_EMAIL_ADDRESSES):
    # the page answers 404 before allauth's own.
    path("accounts/email/", views.no_such_page),
    path("accounts/", include("allauth.urls")),
    path("", include("privacy.urls")),
    path("", include("notifications.urls")),
    path("", include("counselling.urls")),
    path("", include("offers.urls")),
]
