"""Project-wide pages: the 404 that can say what was deleted, the 503 of a database outage."""

import sys

from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import page_not_found

from careerfit.middleware import RETRY_AFTER_SECONDS
from offers.services import Gone


def not_found(request, exception=None):
    """Django's 404 page, saying so when the thing was deleted while the person worked on it."""
    if isinstance(exception, Gone):
        return page_not_found(request, exception, template_name="404_gone.html")
    return page_not_found(request, exception)


@requires_csrf_token
def server_error(request):
    """500, unless the database is out of reach: then 503, a page that needs no database, and
    Retry-After, so people and proxies know to come back rather than report a bug."""
    if isinstance(sys.exc_info()[1], DatabaseError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(render_to_string("500.html"))
