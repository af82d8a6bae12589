"""Project-wide pages: the 404 that can say what was deleted."""

from django.views.defaults import page_not_found

from offers.services import Gone


def not_found(request, exception=None):
    """Django's 404 page, saying so when the thing was deleted while the person worked on it."""
    if isinstance(exception, Gone):
        return page_not_found(request, exception, template_name="404_gone.html")
    return page_not_found(request, exception)
