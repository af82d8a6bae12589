import json

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

# Features no page of ours uses: a browser refuses them to the page and anything it embeds.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
RETRY_AFTER_SECONDS = 30


class MethodNotAllowedPage:
    """Give a page, not a blank screen, to a GET on an address that only takes a form's POST.

    People open such addresses from their history or a bookmark (log out, hide a note).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and request.method == "GET" and not response.content:
            page = render(request, "405.html", status=405)
            page["Allow"] = response["Allow"]
            return page
        return response


class HealthCheck:
    """/healthz: 200 after a round trip to the database, 503 without one.

    Answered before host validation and sessions, so a container's own check (over plain http,
    from localhost) works whatever ALLOWED_HOSTS says, and nothing else runs for it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != "/healthz":
            return self.get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError:
            response = HttpResponse(
                json.dumps({"status": "unavailable", "database": "unreachable"}),
                content_type="application/json",
                status=503,
            )
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        else:
            response = HttpResponse(
                json.dumps({"status": "ok", "database": "ok"}), content_type="application/json"
            )
        patch_cache_control(response, no_store=True)
        return response


class PrivatePages:
    """A logged-in person's pages and downloads are theirs: no shared or stored copies.

    Also states which browser features no page may use.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
