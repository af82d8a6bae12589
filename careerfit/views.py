"""Project-wide pages: the 404 that can say what was deleted, the 503 of a database outage."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import page_not_found

from careerfit.middleware import RETRY_AFTER_SECONDS
from offers.services import Gone

NOT_ECHOED = {"csrfmiddlewaretoken", "loaded_at"}


def not_found(request, exception=None):
    """Django's 404 page, saying so when the thing was deleted while the person worked on it.

    A form sent to something that is gone (deleted in another tab) loses nothing: the page
    shows what was typed, so it can be copied. It is the sender's own text, so it reveals
    nothing about whether the thing ever existed.
    """
    if request.method == "POST":
        typed = [
            (name.replace("_", " ").capitalize(), value)
            for name, value in request.POST.items()
            if value.strip() and name not in NOT_ECHOED and "password" not in name
        ]
        template = "404_gone.html" if isinstance(exception, Gone) else "404.html"
        context = {"exception": str(exception) if isinstance(exception, Gone) else "",
                   "typed": typed}  # fmt: skip
        return render(request, template, context, status=404)
    if isinstance(exception, Gone):
        return page_not_found(request, exception, template_name="404_gone.html")
    return page_not_found(request, exception)


@requires_csrf_token
def server_error(request):
    """500, unless the database is out of reach: then 503, a page that needs no database, and
    Retry-After, so people and proxies know to come back rather than report a bug."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(render_to_string("500.html"))


def no_such_page(request, *args, **kwargs):
    """An address a library offers that CareerFit does not: the ordinary 404."""
    raise Http404
