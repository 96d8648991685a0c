"""HTML to PDF with WeasyPrint, for every printed page of the app (documents, TPP recap).

The HTML is self-contained (the stylesheet inlined, images as data: URIs), so WeasyPrint
fetches nothing: no network on a closed government network.
"""

from pathlib import Path

from django.contrib.staticfiles import finders


def css_dokumen() -> str:
    return Path(finders.find("css/dokumen.css")).read_text(encoding="utf-8")


def pdf_dari_html(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=None).write_pdf()
