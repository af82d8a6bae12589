"""Start-up refuses a bad configuration with one clear line naming the variable."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, drop=frozenset(), **env):
    """Run manage.py with a clean configuration: none of the test run's settings, nor `drop`."""
    unset = {"DATABASE_URL", "SECRET_KEY", "DEBUG", *drop}
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_secret_key_with_debug_off_stops_start_up():
    result = manage("check", DEBUG="0")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "SECRET_KEY is not set" in lines[0]


@pytest.mark.parametrize("url", ["nonsense", "mysqlx://who@where/db", "postgres://u@h:port/db"])
def test_malformed_database_url_stops_start_up(url):
    result = manage("check", DEBUG="1", DATABASE_URL=url)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Configuration error: DATABASE_URL")


def test_unreadable_boolean_is_refused():
    result = manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_debug_defaults_to_off():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        SECRET_KEY="x" * 50,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_postgres_url_selects_the_postgresql_backend():
    code = (
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'], d['HOST'], d['PORT'])"
    )
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        DEBUG="1",
        DATABASE_URL="postgres://me@db.internal:5433/careerfit",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "careerfit",
        "db.internal",
        "5433",
    ]


def test_without_database_url_the_app_uses_a_sqlite_file_in_the_project():
    code = "from django.conf import settings; print(settings.DATABASES['default']['NAME'])"
    result = manage("shell", "--no-imports", "-c", code, DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(ROOT / "db.sqlite3")


def test_a_blank_value_means_the_default(monkeypatch):
    from careerfit.env import env_bool, env_int, env_list, env_str

    for name in ("CF_TEST_STR", "CF_TEST_BOOL", "CF_TEST_INT", "CF_TEST_LIST"):
        monkeypatch.setenv(name, "  ")
    assert env_str("CF_TEST_STR", "console") == "console"
    assert env_bool("CF_TEST_BOOL", default=True) is True
    assert env_int("CF_TEST_INT", 25) == 25
    assert env_list("CF_TEST_LIST", "localhost,127.0.0.1") == ["localhost", "127.0.0.1"]


def test_docker_compose_passes_every_documented_setting_to_the_app():
    """A variable set in .env must reach the container, or it silently does nothing there."""
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("| variable | default | meaning |") :].split("\n\n")[0]
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", "\n".join(
        line.split("|")[1] for line in table.splitlines()[2:]
    )))  # fmt: skip
    compose = (ROOT / "docker-compose.yml").read_text()
    # The app servers share one environment, x-app's; those behind the proxy add to it.
    shared = compose[compose.index("x-app: &app") : compose.index("\nx-app-behind-proxy:")]
    passed = set(re.findall(r"^    ([A-Z][A-Z0-9_]+): ", shared, re.M))
    assert "EMAIL_HOST_PASSWORD" in documented and "SECRET_KEY" in passed
    assert documented - passed == set()
    behind_proxy = compose[compose.index("x-app-behind-proxy:") : compose.index("\nservices:")]
    assert "<<: *app-env" in behind_proxy
    for service in ("web", "web-1", "web-2", "migrate"):
        block = compose[compose.index(f"\n  {service}:\n") :].split("\n\n")[0]
        assert "    <<: *app" in block, service


def test_the_wsgi_entry_point_reports_a_bad_variable_in_one_line():
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "-c", "import careerfit.wsgi"],
        cwd=ROOT,
        env={**base, "DEBUG": "0"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Configuration error: SECRET_KEY is not set")
