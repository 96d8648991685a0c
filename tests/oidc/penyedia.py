"""A real OpenID Connect provider for the SSO tests: django-oauth-toolkit in a Django
process of its own, on a port the test chose, with its own SQLite file. It signs ID tokens
with an RSA key made at start (RS256, published at its JWKS endpoint), requires PKCE, and
puts the user's username in a "nip" claim.

    python -m tests.oidc.penyedia PORT FOLDER REDIRECT_URI

Users: every NIP in the NIP environment variable (comma-separated), password "sandi-sso".
Client: id "ekinerja", secret "rahasia-klien". Prints "SIAP" when it serves."""

import os
import sys

import django
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings

PORT, FOLDER, REDIRECT = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ISSUER = f"http://127.0.0.1:{PORT}/o"
KUNCI = (
    rsa.generate_private_key(public_exponent=65537, key_size=2048)
    .private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    .decode()
)

settings.configure(
    DEBUG=False,
    SECRET_KEY="penyedia-oidc-uji",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "oauth2_provider",
    ],
    MIDDLEWARE=[
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
    ],
    DATABASES={
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.path.join(FOLDER, "penyedia.sqlite3"),
        }
    },
    USE_TZ=True,
    LOGIN_URL="/masuk/",
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    OAUTH2_PROVIDER={
        "OIDC_ENABLED": True,
        "OIDC_RSA_PRIVATE_KEY": KUNCI,
        "OIDC_ISS_ENDPOINT": ISSUER,
        "PKCE_REQUIRED": True,
        "SCOPES": {"openid": "OpenID Connect", "profile": "Profil", "email": "Surel"},
        "OAUTH2_VALIDATOR_CLASS": f"{__name__}.Validator",
    },
)
django.setup()

from django.contrib.auth import authenticate, login  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.utils.http import url_has_allowed_host_and_scheme  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402
from oauth2_provider.oauth2_validators import OAuth2Validator  # noqa: E402


class Validator(OAuth2Validator):
    oidc_claim_scope = None  # every claim below, whatever the scope

    def get_additional_claims(self, request):
        return {"nip": request.user.username, "name": request.user.first_name}


@csrf_exempt
def masuk(request):
    """The provider's own login page (what the national portal would show)."""
    lanjut = request.GET.get("next", "/")
    if request.method == "POST":
        user = authenticate(
            request, username=request.POST["username"], password=request.POST["password"]
        )
        if user is None:
            return HttpResponse("salah", status=403)
        login(request, user)
        if url_has_allowed_host_and_scheme(lanjut, allowed_hosts=None):
            return HttpResponseRedirect(lanjut)
    return HttpResponse('<form method="post"><input name="username"><input name="password">')


def jwks_lain(request):
    """The public key of a key pair that signs nothing here: what a relying party fetching
    the wrong keys would see."""
    from jwcrypto import jwk

    lain = jwk.JWK.generate(kty="RSA", size=2048).export_public(as_dict=True)
    # Under the real key's id, as a forged or wrongly rotated key set would be.
    lain.update(kid=jwk.JWK.from_pem(KUNCI.encode()).thumbprint(), alg="RS256", use="sig")
    return JsonResponse({"keys": [lain]})


urlpatterns = [
    path("masuk/", masuk),
    path("jwks-lain/", jwks_lain),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
]

if __name__ == "__main__":
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    from django.core.wsgi import get_wsgi_application

    call_command("migrate", verbosity=0)
    for nip in filter(None, os.environ.get("NIP", "").split(",")):
        User.objects.create_user(username=nip, password="sandi-sso", first_name=f"ASN {nip}")
    Application.objects.create(
        name="e-Kinerja",
        client_id="ekinerja",
        client_secret="rahasia-klien",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=REDIRECT,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )

    class Diam(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = make_server("127.0.0.1", PORT, get_wsgi_application(), handler_class=Diam)
    print("SIAP", flush=True)
    server.serve_forever()
