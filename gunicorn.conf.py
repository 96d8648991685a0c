"""Gunicorn settings, read by `gunicorn ekinerja.wsgi` from this folder (its default
config file). Command-line options win over these.

PORT, WEB_CONCURRENCY (worker processes) and GUNICORN_THREADS (threads per worker) come
from the environment. The defaults are a starting point: measure alternatives with
`python tests/bench/bench_halaman.py --gunicorn "workers=4,threads=1;workers=2,threads=4"`
on the deployment's machine before settling them.
"""

import multiprocessing
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
# Measured on 2 cores with PostgreSQL beside it (tests/bench, 60,000 pegawai): 6 sync
# workers served the reference and the beranda 20-40 % faster than 4, and 2 workers x 4
# threads no faster than 4 workers; repeat runs differ by ~10 %. Hence 2 x cores + 1.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# More than one thread turns the sync worker into gthread.
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 30
# Off by default: the reverse proxy in front already logs every request.
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
# Django and the templates' Python are imported once in the master and shared by the
# forked workers (less memory, faster worker start). No app opens a database connection
# at import, so no connection is shared across the fork. The price: a HUP no longer
# reloads the code; deploy by restarting.
preload_app = True
