"""WSGI entry point (gunicorn careerfit.wsgi)."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerfit.settings")

try:
    application = get_wsgi_application()
except ImproperlyConfigured as exc:  # one line naming the variable, as manage.py prints
    sys.exit(f"Configuration error: {exc}")
