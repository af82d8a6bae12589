import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, CounsellorFactory, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()

GOOD = {"email": "Nadia@Example.com", "name": "Nadia", "password1": "Orchard-lamp-92",
        "password2": "Orchard-lamp-92"}  # fmt: skip


def test_sign_up_creates_the_account_logs_in_and_opens_my_comparisons(client):
    response = client.post(reverse("signup"), GOOD, follow=True)
    assert response.redirect_chain[-1][0] == reverse("offers:comparison-list")
    user = User.objects.get()
    assert user.email == "nadia@example.com"
    assert response.context["user"] == user
    assert "Welcome to CareerFit" in response.content.decode()


def test_a_visitor_sent_to_log_in_can_sign_up_instead_and_still_arrive(client):
    sharing = reverse("counselling:sharing")
    login_page = client.get(client.get(sharing)["Location"]).content.decode()
    signup_link = f"{reverse('signup')}?next=/sharing/"
    assert f'href="{signup_link}"' in login_page
    form = client.get(signup_link).content.decode()
    assert f'<input type="hidden" name="next" value="{sharing}">' in form
    response = client.post(signup_link, {**GOOD, "next": sharing})
    assert response["Location"] == sharing


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:1"])
def test_sign_up_never_sends_a_new_user_off_the_site(client, target):
    response = client.post(reverse("signup"), {**GOOD, "next": target})
    assert response["Location"] == reverse("offers:comparison-list")


def test_sign_up_refuses_a_taken_email_in_any_case(client):
    UserFactory(email="nadia@example.com")
    response = client.post(reverse("signup"), GOOD)
    assert response.status_code == 200
    assert "An account with this email already exists" in str(response.context["form"].errors)
    assert User.objects.count() == 1
    assert response.context["form"]["name"].value() == "Nadia"
    page = response.content.decode()
    assert f'<a href="{reverse("login")}">Log in</a>' in page
    assert f'<a href="{reverse("password_reset")}">reset your password</a>' in page


@pytest.mark.parametrize(
    ("password", "message"),
    [("short1", "too short"), ("password123", "too common"), ("83749201938", "entirely numeric")],
)
def test_sign_up_applies_the_password_validators(client, password, message):
    data = {**GOOD, "password1": password, "password2": password}
    response = client.post(reverse("signup"), data)
    errors = response.context["form"].errors
    assert message in str(errors["password1"])  # under the password, not its confirmation
    assert "password2" not in errors
    assert not User.objects.exists()


def test_sign_up_refuses_mismatched_passwords(client):
    response = client.post(reverse("signup"), {**GOOD, "password2": "Something-else-1"})
    assert "password2" in response.context["form"].errors
    assert not User.objects.exists()


def test_log_in_with_email_goes_to_my_comparisons(client):
    UserFactory(email="ana@example.com")
    response = client.post(
        reverse("login"), {"username": "ANA@example.com", "password": "a-strong-test-password"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("offers:comparison-list")


def test_log_in_with_a_wrong_password_shows_an_error(client):
    UserFactory(email="ana@example.com")
    response = client.post(reverse("login"), {"username": "ana@example.com", "password": "x"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "correct email address and password" in page
    assert "both fields may be case-sensitive" not in page  # the email is not
    assert response.context["form"]["username"].value() == "ana@example.com"


def test_a_counsellor_lands_on_my_clients_after_log_in(client):
    CounsellorFactory(email="coach@example.com")
    response = client.post(
        reverse("login"), {"username": "coach@example.com", "password": "a-strong-test-password"}
    )
    assert response["Location"] == reverse("counselling:client-list")


def test_the_log_in_page_sends_a_logged_in_visitor_on(client, user):
    client.force_login(user)
    response = client.get(reverse("login"))
    assert response["Location"] == reverse("offers:comparison-list")


def test_log_in_returns_to_the_page_asked_for(client, comparison):
    url = comparison.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 302
    login_url = response["Location"]
    assert login_url == f"{reverse('login')}?next={url}"
    assert "Log in to continue to the page you asked for." in client.get(login_url).content.decode()
    assert "Log in to continue" not in client.get(reverse("login")).content.decode()
    response = client.post(
        login_url,
        {"username": comparison.owner.email, "password": "a-strong-test-password", "next": url},
    )
    assert response["Location"] == url


def test_log_out_is_a_post_and_says_so(client, user):
    client.force_login(user)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("offers:landing")
    assert "You are logged out" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_password_change_needs_the_old_password(client, user):
    client.force_login(user)
    url = reverse("password_change")
    bad = {"old_password": "nope", "new_password1": "Fresh-river-77",
           "new_password2": "Fresh-river-77"}  # fmt: skip
    response = client.post(url, bad)
    assert "old_password" in response.context["form"].errors
    response = client.post(url, {**bad, "old_password": "a-strong-test-password"})
    assert response["Location"] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("Fresh-river-77")


def test_password_reset_sends_a_link_that_sets_a_new_password(client):
    user = UserFactory(email="ana@example.com")
    response = client.post(reverse("password_reset"), {"email": "Ana@example.com"})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.com"]
    assert message.subject == "Reset your CareerFit password"
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    set_url = response.redirect_chain[-1][0]
    response = client.post(
        set_url, {"new_password1": "Quiet-harbour-31", "new_password2": "Quiet-harbour-31"}
    )
    assert response["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("Quiet-harbour-31")


def test_password_reset_for_an_unknown_email_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("password_reset"), {"email": "ghost@example.com"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_signed_in_visitors_skip_the_sign_up_page(client, user):
    client.force_login(user)
    response = client.get(reverse("signup"))
    assert response["Location"] == reverse("offers:comparison-list")


def test_every_page_shows_who_is_logged_in_and_the_way_to_their_account(client, user):
    client.force_login(user)
    page = client.get(reverse("offers:comparison-list")).content.decode()
    assert f'<span class="navbar-text me-lg-2 account-email">{user.email}</span>' in page
    assert f'href="{reverse("privacy:account")}">Your account</a>' in page
    account = client.get(reverse("privacy:account")).content.decode()
    assert f'href="{reverse("password_change")}">Change password</a>' in account


def post_login(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_repeated_wrong_passwords_pause_log_in_for_that_email(client, settings):
    UserFactory(email="ana@example.com")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert post_login(client, "ana@example.com", "wrong").status_code == 200
    # The last allowed failure, spelled differently: the same email, the same count.
    locked = post_login(client, "ANA@Example.com ", "wrong")
    assert locked.status_code == 429
    # Now even the right password is refused, with a way out.
    response = post_login(client, "ana@example.com", "a-strong-test-password")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many attempts to log in" in page
    assert "paused for 15 minutes after 5 wrong passwords" in page
    assert reverse("password_reset") in page
    assert "_auth_user_id" not in client.session
    # Someone else logging in from the same address is not affected.
    UserFactory(email="ben@example.com")
    assert post_login(client, "ben@example.com", "a-strong-test-password").status_code == 302


def test_a_successful_log_in_resets_the_count_of_failures(client, settings):
    UserFactory(email="ana@example.com")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        post_login(client, "ana@example.com", "wrong")
    assert post_login(client, "ana@example.com", "a-strong-test-password").status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert post_login(client, "ana@example.com", "wrong").status_code == 200


def test_a_very_long_email_at_log_in_gets_a_form_error_not_a_500(client):
    response = client.post(
        reverse("login"), {"username": "a" * 250 + "@example.com", "password": "whatever"}
    )
    assert response.status_code == 200
    assert "An email address has at most 254 characters." in response.content.decode()


def test_sign_up_stores_one_spelling_and_refuses_a_lookalike_of_an_existing_account(client, db):
    data = {"password1": "a-strong-pass-2027", "password2": "a-strong-pass-2027"}
    client.post(reverse("signup"), {"email": "Ana@Example.com", **data})
    assert list(User.objects.values_list("email", flat=True)) == ["ana@example.com"]
    other = Client()
    for lookalike, reason in [
        ("ANA@EXAMPLE.COM", "already exists"),
        ("ana@exаmple.com", "mixes letters of different alphabets"),  # Cyrillic а
    ]:
        response = other.post(reverse("signup"), {"email": lookalike, **data})
        assert response.status_code == 200
        assert reason in response.content.decode()
    assert User.objects.count() == 1


def test_log_in_accepts_the_address_in_any_case_or_width(client, user):
    response = client.post(
        reverse("login"), {"username": f"  {user.email.upper()} ", "password": PASSWORD}
    )
    assert response.status_code == 302
