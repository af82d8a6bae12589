"""Two app servers, one PostgreSQL and one Redis: a visitor may land on either at any moment.

Two real gunicorn processes are started on their own ports against the test database; the test
logs in through one and keeps working through the other, changes an offer through one and reads
the new verdict through the other, and changes a factor weight (as an admin does) and sees both
servers agree at once, though both had the page in the shared cache.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from offers.models import Dimension, Factor
from tests.factories import PASSWORD, ComparisonFactory, OfferFactory, UserFactory, rate, rate_all
from tests.test_cache import redis_answers

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="two servers share PostgreSQL, as in production"
    ),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def two_servers():
    if not redis_answers():
        if os.environ.get("CI"):
            pytest.fail("Redis must answer on 127.0.0.1:6379 in CI (.ci/run starts it).")
        pytest.skip("Redis is not running on 127.0.0.1:6379.")
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": database_url,
        "CACHE_URL": "redis://127.0.0.1:6379/14",
        "DEBUG": "0",
        "SECRET_KEY": "two-servers-test-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
    }
    # Nothing cached by an earlier run (against another test database) may answer.
    redis.Redis.from_url(env["CACHE_URL"]).flushdb()
    # Production settings serve static files from the collected, hashed copies.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT, env=env, check=True, timeout=120,
    )  # fmt: skip
    servers = []
    for _ in range(2):
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "careerfit.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "1", "--threads", "2", "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        servers.append((f"http://127.0.0.1:{port}", process))
    try:
        for base, process in servers:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=1)
                    break
                except OSError:
                    if process.poll() is not None:
                        pytest.fail(process.stderr.read().decode())
                    time.sleep(0.1)
        yield [base for base, _ in servers]
    finally:
        for _, process in servers:
            process.terminate()
        for _, process in servers:
            process.wait(timeout=10)
        connection.close()


class Browser:
    """A person's browser: one cookie jar, whichever server answers."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, url) -> str:
        with self.opener.open(url, timeout=10) as response:
            return response.read().decode()

    def post_form(self, url, fields: dict) -> str:
        page = self.get(url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        request = urllib.request.Request(url, data=data, headers={"Referer": url})
        with self.opener.open(request, timeout=10) as response:
            return response.read().decode()

    def form_values(self, url) -> dict:
        page = self.get(url)
        return dict(
            re.findall(r'<input type="hidden" name="(loaded_at)"[^>]*value="([^"]+)"', page)
        )


def verdict_of(page: str, role: str) -> str:
    card = page[page.index(f"</span> {role}</h3>") :]
    return re.search(r'class="verdict verdict-(\w+)', card).group(1)


def test_a_visitor_can_move_between_two_servers_and_both_see_every_change(two_servers):
    first, second = two_servers
    user = UserFactory(email="two@example.com")
    # Hashed as the servers' production settings expect (the test settings use a fast hasher).
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    user.save(update_fields=["password"])
    comparison = ComparisonFactory(owner=user, title="Two servers")
    offer = rate_all(OfferFactory(comparison=comparison, title="Analyst", employer="Acme"), 4, 3)
    rate(OfferFactory(comparison=comparison, title="Other", employer="Else"), pay=2, network=2)
    path = comparison.get_absolute_url()

    browser = Browser()
    browser.post_form(f"{first}/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert "sessionid" in {cookie.name for cookie in browser.cookies}
    # Logged in through the first server, working through the second.
    page = browser.get(f"{second}{path}")
    assert "Two servers" in page
    assert verdict_of(page, "Analyst") == "present"  # life 75, future 50

    # An edit through the second server is the verdict the first shows.
    edit = f"/offers/{offer.pk}/edit/"
    loaded = browser.form_values(f"{second}{edit}")["loaded_at"]
    fields = {"title": "Analyst", "employer": "Acme", "currency": "EUR", "pay_period": "year",
              "loaded_at": loaded,
              **{f"rating_{f.key}": "4" for f in Factor.objects.all()}}  # fmt: skip
    browser.post_form(f"{second}{edit}", fields)
    for server in (first, second):  # each answer is now in the shared cache
        assert verdict_of(browser.get(f"{server}{path}"), "Analyst") == "ideal"

    # An admin raises the bar for life fit (a save, as in the admin): both servers judge with
    # it at once, though they had the page cached. Life fit 75 is no longer strong.
    life_fit = Dimension.objects.get(key="life_fit")
    life_fit.strong_threshold = 80
    life_fit.save()
    for server in (first, second):
        assert verdict_of(browser.get(f"{server}{path}"), "Analyst") == "future"
