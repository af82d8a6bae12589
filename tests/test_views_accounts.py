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


def confirmation_link(message) -> str:
    return next(word for word in message.body.split() if "/accounts/confirm-email/" in word)


def test_sign_up_sends_a_link_that_confirms_the_address_and_logs_in(client):
    response = client.post(reverse("account_signup"), GOOD, follow=True)
    assert response.redirect_chain[-1][0] == reverse("account_email_verification_sent")
    assert "Check your email" in response.content.decode()
    user = User.objects.get()
    assert (user.email, user.name) == ("nadia@example.com", "Nadia")
    # Not in yet: the address must be confirmed first.
    assert not response.context["user"].is_authenticated
    [message] = mail.outbox
    assert message.to == ["nadia@example.com"]
    link = confirmation_link(message).split("testserver", 1)[1]
    assert client.get(link).status_code == 200  # a page with a button: a link preview is harmless
    response = client.post(link, follow=True)
    assert response.redirect_chain[-1][0] == reverse("offers:comparison-list")
    assert response.context["user"] == user


def test_sign_up_answers_the_same_for_a_known_address_and_tells_only_its_owner(client):
    owner = UserFactory(email="nadia@example.com")
    known = client.post(reverse("account_signup"), GOOD)
    new = Client().post(reverse("account_signup"), {**GOOD, "email": "fresh@example.com"})

    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert User.objects.filter(email="nadia@example.com").count() == 1
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)  # the stranger's password did not take over
    [message] = [m for m in mail.outbox if m.to == ["nadia@example.com"]]
    assert "already" in message.body.lower()
    assert "/accounts/password/reset/" in message.body


def test_log_in_with_an_unconfirmed_address_sends_the_link_again(client):
    UserFactory(email="late@example.com", confirmed=False)
    response = client.post(reverse("account_login"), {"login": "late@example.com",
                                                      "password": PASSWORD})  # fmt: skip
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert [m.to for m in mail.outbox] == [["late@example.com"]]


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:1"])
def test_log_in_never_sends_anyone_off_the_site(client, target):
    UserFactory(email="ana@example.com")
    response = client.post(
        reverse("account_login"), {"login": "ana@example.com", "password": PASSWORD, "next": target}
    )
    assert response["Location"] == reverse("offers:comparison-list")


@pytest.mark.parametrize(
    ("password", "message"),
    [("short1", "too short"), ("password123", "too common"), ("83749201938", "entirely numeric")],
)
def test_sign_up_applies_the_password_validators(client, password, message):
    data = {**GOOD, "password1": password, "password2": password}
    response = client.post(reverse("account_signup"), data)
    errors = response.context["form"].errors
    assert message in str(errors["password1"])  # under the password, not its confirmation
    assert "password2" not in errors
    assert not User.objects.exists()


def test_sign_up_refuses_mismatched_passwords(client):
    response = client.post(reverse("account_signup"), {**GOOD, "password2": "Something-else-1"})
    assert "password2" in response.context["form"].errors
    assert not User.objects.exists()


def test_log_in_with_email_goes_to_my_comparisons(client):
    UserFactory(email="ana@example.com")
    response = client.post(
        reverse("account_login"), {"login": "ANA@example.com", "password": "a-strong-test-password"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("offers:comparison-list")


def test_log_in_with_a_wrong_password_shows_an_error(client):
    UserFactory(email="ana@example.com")
    response = client.post(reverse("account_login"), {"login": "ana@example.com", "password": "x"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "The email address and/or password you specified are not correct." in page
    assert response.context["form"]["login"].value() == "ana@example.com"


def test_a_counsellor_lands_on_my_clients_after_log_in(client):
    CounsellorFactory(email="coach@example.com")
    response = client.post(
        reverse("account_login"),
        {"login": "coach@example.com", "password": "a-strong-test-password"},
    )
    assert response["Location"] == reverse("counselling:client-list")


def test_the_log_in_page_sends_a_logged_in_visitor_on(client, user):
    client.force_login(user)
    response = client.get(reverse("account_login"))
    assert response["Location"] == reverse("offers:comparison-list")


def test_log_in_returns_to_the_page_asked_for(client, comparison):
    url = comparison.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 302
    login_url = response["Location"]
    assert login_url == f"{reverse('account_login')}?next={url}"
    assert "Log in to continue to the page you asked for." in client.get(login_url).content.decode()
    assert "Log in to continue" not in client.get(reverse("account_login")).content.decode()
    response = client.post(
        login_url,
        {"login": comparison.owner.email, "password": "a-strong-test-password", "next": url},
    )
    assert response["Location"] == url


def test_log_out_is_a_post_and_says_so(client, user):
    client.force_login(user)
    page = client.get(reverse("account_logout"))  # asks, changes nothing
    assert page.status_code == 200 and "_auth_user_id" in client.session
    response = client.post(reverse("account_logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("offers:landing")
    assert "You are logged out" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_password_change_needs_the_old_password(client, user):
    client.force_login(user)
    url = reverse("account_change_password")
    bad = {"oldpassword": "nope", "password1": "Fresh-river-77", "password2": "Fresh-river-77"}
    response = client.post(url, bad)
    assert "oldpassword" in response.context["form"].errors
    response = client.post(url, {**bad, "oldpassword": "a-strong-test-password"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Fresh-river-77")


def test_password_reset_sends_a_link_that_sets_a_new_password(client):
    user = UserFactory(email="ana@example.com")
    response = client.post(reverse("account_reset_password"), {"email": "Ana@example.com"})
    assert response["Location"] == reverse("account_reset_password_done")
    [message] = mail.outbox
    assert message.to == ["ana@example.com"]
    link = next(w for w in message.body.split() if "/accounts/password/reset/key/" in w)
    response = client.get(link.split("testserver", 1)[1], follow=True)
    set_url = response.redirect_chain[-1][0]
    response = client.post(
        set_url, {"password1": "Quiet-harbour-31", "password2": "Quiet-harbour-31"}
    )
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    user.refresh_from_db()
    assert user.check_password("Quiet-harbour-31")


def test_password_reset_answers_the_same_for_an_unknown_address(client):
    UserFactory(email="ana@example.com")
    known = Client().post(reverse("account_reset_password"), {"email": "ana@example.com"})
    unknown = client.post(reverse("account_reset_password"), {"email": "ghost@example.com"})
    assert unknown["Location"] == known["Location"] == reverse("account_reset_password_done")
    ghost = [m for m in mail.outbox if m.to == ["ghost@example.com"]]
    assert len(ghost) == 1 and "/accounts/password/reset/key/" not in ghost[0].body


def test_password_reset_mails_are_limited_per_address(client):
    UserFactory(email="ana@example.com")
    answers = [
        Client().post(reverse("account_reset_password"), {"email": "ana@example.com"})
        for _ in range(5)
    ]
    assert [a.status_code for a in answers] == [302, 302, 302, 429, 429]
    assert len([m for m in mail.outbox if m.to == ["ana@example.com"]]) == 3
    assert "Too many tries in a short time" in answers[-1].content.decode()


def test_signed_in_visitors_skip_the_sign_up_page(client, user):
    client.force_login(user)
    response = client.get(reverse("account_signup"))
    assert response["Location"] == reverse("offers:comparison-list")


def test_every_page_shows_who_is_logged_in_and_the_way_to_their_account(client, user):
    client.force_login(user)
    page = client.get(reverse("offers:comparison-list")).content.decode()
    assert f'<span class="navbar-text me-lg-2 account-email">{user.email}</span>' in page
    assert f'href="{reverse("privacy:account")}">Your account</a>' in page
    account = client.get(reverse("privacy:account")).content.decode()
    assert f'href="{reverse("account_change_password")}">Change password</a>' in account


def post_login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


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
    assert reverse("account_reset_password") in page
    assert "_auth_user_id" not in client.session
    # Someone else logging in from the same address is not affected.
    UserFactory(email="ben@example.com")
    assert post_login(client, "ben@example.com", "a-strong-test-password").status_code == 302


def test_behind_a_proxy_the_pause_is_for_the_client_not_the_proxy(settings):
    """With AXES_PROXY_COUNT=1 every request comes from the proxy's address; the client's is
    the last entry of X-Forwarded-For, the one the proxy appended."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    UserFactory(email="ana@example.com")
    proxy = "172.18.0.9"
    attacker = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(attacker, "ana@example.com", "wrong")
    assert post_login(attacker, "ana@example.com", "wrong").status_code == 429
    # A forged entry in front of the one the proxy appended changes nothing.
    forged = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7")
    assert post_login(forged, "ana@example.com", "wrong").status_code == 429
    # Ana, through the same proxy from her own address, still logs in.
    ana = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.23")
    assert post_login(ana, "ana@example.com", PASSWORD).status_code == 302


def test_a_successful_log_in_resets_the_count_of_failures(client, settings):
    UserFactory(email="ana@example.com")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        post_login(client, "ana@example.com", "wrong")
    assert post_login(client, "ana@example.com", "a-strong-test-password").status_code == 302
    client.post(reverse("account_logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert post_login(client, "ana@example.com", "wrong").status_code == 200


def test_a_very_long_email_at_log_in_gets_a_form_error_not_a_500(client):
    response = client.post(
        reverse("account_login"), {"login": "a" * 250 + "@example.com", "password": "whatever"}
    )
    assert response.status_code == 200
    assert "An email address has at most 254 characters." in response.content.decode()


def test_sign_up_stores_one_spelling_and_refuses_a_lookalike_with_the_reason(client, db):
    data = {"password1": "a-strong-pass-2027", "password2": "a-strong-pass-2027"}
    client.post(reverse("account_signup"), {"email": "Ana@Example.com", **data})
    assert list(User.objects.values_list("email", flat=True)) == ["ana@example.com"]
    # The same address in capitals is the same account: no second one.
    Client().post(reverse("account_signup"), {"email": "ANA@EXAMPLE.COM", **data})
    response = Client().post(
        reverse("account_signup"),
        {"email": "ana@exаmple.com", **data},  # Cyrillic а
    )
    assert response.status_code == 200
    assert "mixes letters of different alphabets" in response.content.decode()
    assert User.objects.count() == 1


def test_log_in_accepts_the_address_in_any_case_or_width(client, user):
    response = client.post(
        reverse("account_login"), {"login": f"  {user.email.upper()} ", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("offers:comparison-list")


def test_a_known_address_takes_as_long_as_a_new_one_to_answer(client, monkeypatch):
    import accounts.forms

    UserFactory(email="nadia@example.com")
    hashed = []
    real = accounts.forms.make_password
    monkeypatch.setattr(accounts.forms, "make_password", lambda p: hashed.append(p) or real(p))
    client.post(reverse("account_signup"), GOOD)
    assert hashed == [GOOD["password1"]]  # hashed like a new account's, then thrown away


def test_confirming_someone_elses_sign_up_clears_the_password_they_chose(client):
    squatter = Client()
    squatter.post(reverse("account_signup"), {**GOOD, "email": "victim@example.com"})
    link = confirmation_link(mail.outbox[-1]).split("testserver", 1)[1]
    victim = Client()
    response = victim.post(link, follow=True)  # the owner clicks, in their own browser
    assert "choose your password" in response.content.decode()
    user = User.objects.get(email="victim@example.com")
    assert not user.has_usable_password()
    # The squatter's password no longer opens the account.
    attempt = squatter.post(
        reverse("account_login"), {"login": "victim@example.com", "password": GOOD["password1"]}
    )
    assert attempt.status_code == 200


def test_a_password_reset_also_confirms_the_address(client):
    user = UserFactory(email="late@example.com", confirmed=False)
    client.post(reverse("account_reset_password"), {"email": "late@example.com"})
    link = next(w for w in mail.outbox[-1].body.split() if "/accounts/password/reset/key/" in w)
    set_url = client.get(link.split("testserver", 1)[1], follow=True).redirect_chain[-1][0]
    client.post(set_url, {"password1": "Quiet-harbour-31", "password2": "Quiet-harbour-31"})
    response = Client().post(
        reverse("account_login"), {"login": "late@example.com", "password": "Quiet-harbour-31"}
    )
    assert response["Location"] == reverse("offers:comparison-list")
    assert user.emailaddress_set.get().verified


def test_an_email_changed_by_staff_is_the_only_one_that_logs_in(staff_client):
    user = UserFactory(email="old@example.com")
    data = {"email": "new@example.com", "name": user.name, "is_active": "on",
            "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"}  # fmt: skip
    response = staff_client.post(reverse("admin:accounts_user_change", args=[user.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(user.emailaddress_set.values_list("email", "verified", "primary")) == [
        ("new@example.com", True, True)
    ]
    old = Client().post(
        reverse("account_login"), {"login": "old@example.com", "password": PASSWORD}
    )
    assert old.status_code == 200
    new = Client().post(
        reverse("account_login"), {"login": "new@example.com", "password": PASSWORD}
    )
    assert new.status_code == 302


def test_log_in_and_reset_read_the_address_in_its_one_spelling(client):
    UserFactory(email="ana@example.com")
    full_width_e = "ana@\uff45xample.com"
    response = client.post(reverse("account_login"), {"login": full_width_e, "password": PASSWORD})
    assert response["Location"] == reverse("offers:comparison-list")
    for spelling in ["ana@example.com", "ANA@example.com", full_width_e, "Ana@Example.COM"]:
        Client().post(reverse("account_reset_password"), {"email": spelling})
    assert len([m for m in mail.outbox if m.to == ["ana@example.com"]]) == 3


def test_the_admin_log_in_is_locked_out_too(client, settings):
    UserFactory(email="boss@example.com", is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "boss@example.com", "password": "wrong"})
    response = client.post(url, {"username": "boss@example.com", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_several_addresses_per_account_are_not_offered(client, user):
    client.force_login(user)
    assert client.get("/accounts/email/").status_code == 404
    assert client.post("/accounts/email/", {"email": "second@example.com"}).status_code == 404
