"""The bench's web side: the reference page and the query-count middleware, mounted in
front of the app's own URLs by tests/bench/settings_bench.py. Not loaded in production.

`/_bench/rujukan/` is the floor a page is compared with: the same middleware stack,
session and login check as any page, then a tiny response. A page at half its req/s
spends as much in its own view and template as the whole stack costs.
"""

import time

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.urls import include, path


@login_required
def rujukan(request):
    # `?tahan=0.2` holds the worker that long: the bench's probe for "every worker is
    # free again" after a load run (see tunggu_senggang in bench_halaman.py).
    try:
        tahan = float(request.GET.get("tahan", 0))
    except ValueError:
        tahan = 0.0
    if 0 < tahan <= 1:
        time.sleep(tahan)
    return HttpResponse("ok", content_type="text/plain")


class HitungKueriMiddleware:
    """Puts the number of SQL queries of the request in `X-Jumlah-Kueri`, with DEBUG off
    (connection.queries is only kept under DEBUG). Outermost, so the session and user
    look-ups count too, as they are part of every page's cost."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        jumlah = 0

        def hitung(execute, sql, params, many, context):
            nonlocal jumlah
            jumlah += 1
            return execute(sql, params, many, context)

        # `connection` is the current thread's: right under gthread workers too.
        with connection.execute_wrapper(hitung):
            response = self.get_response(request)
        response["X-Jumlah-Kueri"] = str(jumlah)
        return response


urlpatterns = [
    path("_bench/rujukan/", rujukan, name="bench_rujukan"),
    path("", include("ekinerja.urls")),
]
