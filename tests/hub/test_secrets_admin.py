"""A secret shown once (API key, webhook signing secret) is on the answer page only: never in
the messages cookie (signed, not encrypted) nor in the session, never cached."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_():
    admin = get_user_model().objects.create_superuser("admin", "a@example.org", "x")
    client = Client()
    client.force_login(admin)
    return client


@pytest.fixture
def partenaire():
    from epds.models import Partenaire

    return Partenaire.objects.create(nom="CAF", slug="caf", actif=True)


def _en_clair(valeur: str) -> str:
    """A cookie as anyone holding it reads it: the messages cookie is only signed (and maybe
    compressed), its content readable."""
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import RequestFactory

    messages = CookieStorage(RequestFactory().get("/"))._decode(valeur)
    return valeur + " ".join(str(m) for m in messages or [])


def _stocke_ailleurs(client, reponse, secret: str) -> list[str]:
    """Where else than the page body the secret went: cookies set, session, next page."""
    fuites = [nom for nom, morsel in reponse.cookies.items() if secret in _en_clair(morsel.value)]
    fuites += [nom for nom, morsel in client.cookies.items() if secret in _en_clair(morsel.value)]
    if secret in str(dict(client.session)):
        fuites.append("session")
    if secret in client.get("/admin/").content.decode():
        fuites.append("page suivante")
    return fuites


@pytest.mark.parametrize("sorte", ["cle_api", "webhook"])
def test_secret_shown_once_on_the_answer_page_only(admin_client_, partenaire, sorte):
    if sorte == "cle_api":
        reponse = admin_client_.post(
            "/admin/snippets/hub/cleapi/add/",
            {"partenaire": partenaire.pk, "nom": "production", "portee_lecture": "on", "portee_epds": "on"},
        )
        motif = r"mj_[0-9a-f]{12}_[A-Za-z0-9_-]+"
    else:
        from django.urls import reverse

        reponse = admin_client_.post(
            reverse("abonnements_webhook:add"),
            {
                "partenaire": partenaire.pk,
                "url": "https://partenaire.example/hook",
                "evenements": ["article.publie"],
                "actif": "on",
            },
        )
        motif = r"whsec_[A-Za-z0-9_-]+"
    partout = reponse.content.decode() + " ".join(_en_clair(m.value) for m in reponse.cookies.values())
    secret = re.search(motif, partout).group(0)
    assert _stocke_ailleurs(admin_client_, reponse, secret) == []
    assert reponse.status_code == 200 and secret in reponse.content.decode()
    assert "no-store" in reponse["Cache-Control"]
