from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters

from accounts.forms import LoginForm, SignUpForm
from accounts.models import User


class LoginView(auth_views.LoginView):
    """Django's log-in page: counsellors land on their clients, others on their comparisons."""

    form_class = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        if self.request.user.is_counsellor:
            return reverse("counselling:client-list")
        return super().get_default_redirect_url()


def safe_next(request) -> str:
    """The page a visitor was on their way to, if it is on this site; else ""."""
    target = request.POST.get("next") or request.GET.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""


@sensitive_post_parameters("password1", "password2")
def signup(request):
    next_url = safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or "offers:comparison-list")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = form.save()
        except IntegrityError:
            # The same address signed up in another request a moment ago; anything else is a bug.
            if not User.objects.filter(email__iexact=form.cleaned_data["email"]).exists():
                raise
            form.add_error("email", form.taken_message())
            return render(request, "registration/signup.html", {"form": form, "next": next_url})
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if next_url:
            messages.success(request, "Welcome to CareerFit!")
            return redirect(next_url)
        messages.success(request, "Welcome to CareerFit! Start by creating your first comparison.")
        return redirect("offers:comparison-list")
    return render(request, "registration/signup.html", {"form": form, "next": next_url})
