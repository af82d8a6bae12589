"""Reference views: the floor every page is measured against, through the same middleware."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from offers.models import Dimension


@require_safe
def bare(request):
    """No query, no template: what the stack (gunicorn, middleware) costs by itself."""
    return HttpResponse("hello")


@require_safe
def one_query(request):
    """One SELECT of a small row and a tiny template: the least a real page does."""
    dimension = Dimension.objects.order_by("pk").first()
    return render(request, "loadbench/one_query.html", {"dimension": dimension})
