"""The app's production settings, plus the benchmark's reference views and static folder.

Everything else comes from the environment exactly as in production; run.py sets it.
"""

import copy
from pathlib import Path

from careerfit.env import env_str
from careerfit.settings import *  # noqa: F403
from careerfit.settings import STATIC_ROOT, TEMPLATES

# The app's URLs plus /bench/bare and /bench/one-query, which exist only here.
ROOT_URLCONF = "scripts.loadbench.urls"

# The tiny template of /bench/one-query.
TEMPLATES = copy.deepcopy(TEMPLATES)
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], Path(__file__).resolve().parent / "templates"]

# collectstatic writes to a throw-away folder, not the project's staticfiles/.
STATIC_ROOT = env_str("BENCH_STATIC_ROOT") or STATIC_ROOT
