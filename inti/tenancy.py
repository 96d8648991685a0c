"""Tenant scoping: every tenant-owned row belongs to one instansi.

Reads go through django-scopes' ScopedManager, so a query made outside a tenant scope
raises ScopeError instead of returning every tenant's rows (fail closed). The middleware
enters the scope of the logged-in pegawai's instansi for the whole request; Celery tasks
and management commands enter it themselves with `tenant_scope(instansi_id)`.
"""

from contextlib import contextmanager

from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager, scope, scopes_disabled
from django_scopes.manager import DisabledQuerySet

# django-scopes 2.1 leaves exists() and explain() open on the out-of-scope queryset, so
# `Pegawai.objects.exists()` would answer across all tenants. Close them too (tested in
# tests/organisasi/test_tenancy.py).
DisabledQuerySet.exists = DisabledQuerySet.error
DisabledQuerySet.explain = DisabledQuerySet.error

__all__ = ["MilikInstansi", "ScopedManager", "TenantScopeMiddleware", "scopes_disabled"]


class MilikInstansi(models.Model):
    """Abstract base of every tenant-owned model."""

    instansi = models.ForeignKey("organisasi.Instansi", on_delete=models.PROTECT, related_name="+")

    objects = ScopedManager(instansi="instansi")

    class Meta:
        abstract = True


@contextmanager
def tenant_scope(instansi_id):
    if instansi_id is None:
        # django-scopes treats None as "no filter"; refusing it keeps the scope closed.
        raise ValueError("tenant_scope membutuhkan instansi")
    with scope(instansi=instansi_id):
        yield


AWALAN_AKUN = "/akun/"


class TenantScopeMiddleware:
    """Enters the logged-in pegawai's tenant scope and timezone for the whole request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        instansi_id = user.instansi_id if user.is_authenticated else None
        request.instansi_id = instansi_id
        if instansi_id is None:
            # Anonymous visitors and the superadmin have no tenant: scoped queries raise.
            # Except in the account pages (django-allauth: login, two-factor, password
            # reset), which look a pegawai up by NIP, e-mail or the login in progress
            # before anyone is logged in, and show nothing of a tenant's data.
            if request.path.startswith(AWALAN_AKUN):
                with scopes_disabled():
                    return self.get_response(request)
            return self.get_response(request)
        # Every datetime on the page is shown in the instansi's zone (WIB/WITA/WIT).
        with tenant_scope(instansi_id), timezone.override(user.instansi.zona):
            return self.get_response(request)
