"""DocsWorkOffline: /docs (Swagger UI) and /redoc load nothing from another host — bureau
networks have no internet — and every script, stylesheet and icon they name is served here."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

_REFERENCE = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url\(\s*["']?([^"')]+)""")
_ANY_URL = re.compile(r"""(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s"'<>]*""")


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_api_docs_reference_no_external_host(client: TestClient, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200 and "text/html" in response.headers["content-type"]
    html = response.text
    assert _ANY_URL.findall(html) == [], "the page names another host"
    references = [a or b for a, b in _REFERENCE.findall(html)]
    assets = [r for r in references if r.endswith((".js", ".css", ".png"))]
    assert len(assets) >= 2, references  # the UI's script and its stylesheet or icon
    for asset in assets:
        served = client.get(asset)
        assert served.status_code == 200 and len(served.content) > 1000, asset
    assert "/openapi.json" in html
