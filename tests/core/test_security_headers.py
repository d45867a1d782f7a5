"""Every page carries a strict Content-Security-Policy; signed-in pages are never cached; uploaded files are
served as the type their bytes show, in a sandbox; no template carries inline script or style."""

import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

import lantoa

pytestmark = pytest.mark.django_db

TEMPLATES = Path(lantoa.__file__).parent / "templates"


def _policy(response) -> dict[str, str]:
    return {
        part.split()[0]: " ".join(part.split()[1:])
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    }


def test_pages_carry_a_strict_content_security_policy(client, officer):
    for response in (client.get(reverse("login")), client.get(reverse("password_reset"))):
        policy = _policy(response)
        assert policy["default-src"] == "'self'"
        assert policy["script-src"] == "'self'"
        assert policy["style-src"] == "'self'"
        assert policy["object-src"] == "'none'"
        assert policy["frame-ancestors"] == "'none'"
        assert "unsafe" not in response["Content-Security-Policy"]
    client.force_login(officer)
    assert "script-src 'self'" in client.get(reverse("directives:list"))["Content-Security-Policy"]
    assert "script-src 'self'" in client.get("/quan-tri/login/")["Content-Security-Policy"]


def test_no_template_has_an_inline_script_style_or_event_handler():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            offenders.append(f"{path}: inline <script>")
        if re.search(r"<style\b|\sstyle=", text):
            offenders.append(f"{path}: inline style")
        if re.search(r"\son[a-z]+\s*=|hx-on|javascript:", text):
            offenders.append(f"{path}: inline event handler")
    assert offenders == []


def test_htmx_is_told_not_to_inject_styles_or_evaluate_code(client):
    page = client.get(reverse("login")).content.decode()
    assert '"includeIndicatorStyles": false' in page
    assert '"allowEval": false' in page


def test_signed_in_pages_are_not_stored_by_the_browser(client, officer):
    assert "no-store" in client.get(reverse("login"))["Cache-Control"]
    client.force_login(officer)
    for name in ("home", "directives:list", "activities:list", "account"):
        cache = client.get(reverse(name))["Cache-Control"]
        assert "no-store" in cache, name
        assert "private" in cache, name


def test_the_usual_security_headers_are_set(client):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_a_directive_source_file_is_a_sandboxed_download_of_the_type_its_bytes_show(
    client, officer, draft_example_directive, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page = b"<!doctype html><script>fetch('/bang-dieu-khien/').then(r=>r.text()).then(alert)</script>"
    draft_example_directive.source_name = "cong-van.html"
    draft_example_directive.source_file.save("cong-van.html", ContentFile(page))
    client.force_login(officer)
    response = client.get(reverse("directives:source", args=[draft_example_directive.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="cong-van.txt"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_a_pdf_source_file_is_served_as_a_pdf_whatever_its_name(
    client, officer, draft_example_directive, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    draft_example_directive.source_name = "cong-van.exe"
    draft_example_directive.source_file.save("cong-van.exe", ContentFile(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"))
    client.force_login(officer)
    response = client.get(reverse("directives:source", args=[draft_example_directive.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="cong-van.pdf"' in response["Content-Disposition"]
