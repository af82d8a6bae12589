import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_safe

from privacy import exports, services
from privacy.forms import DeleteAccountForm


@login_required
@require_safe
def account(request):
    return render(request, "privacy/account.html")


@login_required
@require_safe
def data_export(request):
    """The person's data as a JSON download, named after the day it was taken."""
    data = exports.user_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="careerfit-my-data-{day}.json"'
    return response


@login_required
@sensitive_post_parameters("password")
def account_delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.account_delete(user=request.user)
        request.account_deleted = True
        logout(request)
        messages.success(request, "Your account and everything in it were deleted. Goodbye.")
        return redirect("offers:landing")
    return render(request, "privacy/account_confirm_delete.html", {"form": form})
