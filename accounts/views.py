from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters

from accounts.forms import LoginForm, SignUpForm


class LoginView(auth_views.LoginView):
    """Django's log-in page: counsellors land on their clients, others on their comparisons."""

    form_class = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        if self.request.user.is_counsellor:
            return reverse("counselling:client-list")
        return super().get_default_redirect_url()


@sensitive_post_parameters("password1", "password2")
def signup(request):
    if request.user.is_authenticated:
        return redirect("offers:comparison-list")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to CareerFit! Start by creating your first comparison.")
        return redirect("offers:comparison-list")
    return render(request, "registration/signup.html", {"form": form})
