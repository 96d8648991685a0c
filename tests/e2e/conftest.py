"""Browser tests: Playwright driving Debian's chromium against pytest-django's live_server."""

from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import expect, sync_playwright

from tests.conftest import butuh_layanan

CHROMIUM = "/usr/bin/chromium"
FOLDER_FOTO = Path("/tmp/e2e-shots")
KATA_SANDI = "rahasia-uji-123"  # what tests.factories.PegawaiFactory sets


@pytest.fixture
def chromium(monkeypatch):
    """A headless chromium for one test.

    Playwright's sync API keeps an event loop in the test thread, so Django refuses ORM
    calls there (SynchronousOnlyOperation) unless told the thread is safe: it is, the
    live server answers in its own thread and each assertion waits for the page first.
    """
    if not Path(CHROMIUM).exists():
        butuh_layanan("membutuhkan chromium (apt-get install chromium)")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    FOLDER_FOTO.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
        # Inside sync_playwright Django keeps its connections per asyncio context, so the
        # ORM calls made during the test opened a second connection; left open, it makes
        # PostgreSQL refuse to drop the test database at the end of the session.
        connections.close_all()


def halaman_baru(chromium):
    """A fresh browser context (own cookies) as an Indonesian user's browser sends it."""
    context = chromium.new_context(locale="id-ID", viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10_000)
    return context.new_page()


def foto(page, nama):
    """Screenshot for review; never asserted."""
    page.screenshot(path=FOLDER_FOTO / f"{nama}.png", full_page=True)


def masuk(page, live_server, nip, kata_sandi=KATA_SANDI):
    """Log in through the real login form and leave the page wherever the app sends it."""
    page.goto(f"{live_server.url}/akun/masuk/")
    expect(page.get_by_role("heading", name="Masuk ke e-Kinerja")).to_be_visible()
    page.get_by_label("NIP").fill(nip)
    page.get_by_label("Kata sandi").fill(kata_sandi)
    page.get_by_role("button", name="Masuk", exact=True).click()


def menu(page, nama):
    page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name=nama, exact=True
    ).click()


def menu_admin(page, nama):
    """A page in the "Administrasi" group of the menu (a <details> dropdown)."""
    nav = page.get_by_role("navigation", name="Menu utama")
    nav.get_by_text("Administrasi", exact=True).click()
    nav.get_by_role("link", name=nama, exact=True).click()


def pesan(page):
    """The flash message (pages have other role=status boxes: warnings, windows)."""
    return page.locator("ul.pesan").get_by_role("status")
