from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from notifications import services
from notifications.forms import NotificationSettingsForm
from notifications.models import ABOUT, kinds_for


@login_required
def notification_settings(request):
    form = NotificationSettingsForm(
        # Not `request.POST or None`: every box unticked posts nothing but the token.
        request.POST if request.method == "POST" else None,
        user=request.user,
        muted=services.muted_kinds(request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.set_muted(user=request.user, kinds_off=form.kinds_off())
        messages.success(request, "Your email settings are saved.")
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


# The token in the link is the only credential: it names one person and one kind of email.
# Mail clients post to the link for a one-click unsubscribe (RFC 8058) without a CSRF token.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """Switch off one kind of email from a link in it, without logging in.

    The link shows a page with one button: scanners that open every link in an email must not
    switch emails off on their own. The POST switches it off.
    """
    found = services.read_unsubscribe_token(token)
    user = (
        get_user_model().objects.filter(pk=found.user_id, is_active=True).first() if found else None
    )
    if user is None or found.kind not in kinds_for(user):
        raise Http404(
            "This unsubscribe link is not valid. Choose your emails on your account page."
        )
    done = request.method == "POST"
    if done:
        services.mute(user=user, kind=found.kind)
    return render(
        request, "notifications/unsubscribe.html", {"about": ABOUT[found.kind], "done": done}
    )
