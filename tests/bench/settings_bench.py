"""Settings of the page benchmark (tests/bench/bench_halaman.py): production settings
(DEBUG=False, from the environment as deployed) plus the reference page and a query
counter, and what plain HTTP on the loopback needs. Never for a real deployment.
"""

import os

from ekinerja.settings import *  # noqa: F403
from ekinerja.settings import CACHES, MIDDLEWARE

ROOT_URLCONF = "tests.bench.urls_bench"
MIDDLEWARE = ["tests.bench.urls_bench.HitungKueriMiddleware", *MIDDLEWARE]

# The bench speaks plain HTTP to 127.0.0.1 (production sits behind a TLS proxy): cookies
# marked Secure would not be sent back. Costs nothing either way.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False

# Logins are not what is measured, and a wrong password in the data file would otherwise
# lock that NIP for an hour, for the next runs too.
AXES_ENABLED = False

# The manifest of hashed static names, collected by the bench into a temporary folder
# (DEBUG=False serves and names static files through it).
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", STATIC_ROOT)  # noqa: F405

# The run's own key prefix in a shared Redis: another database's counts and locks under
# the same instansi ids stay apart.
CACHES["default"]["KEY_PREFIX"] = os.environ.get("BENCH_CACHE_PREFIX", "bench")
