"""The API-key form: no revoke control when creating; a labelled one on an active key's form."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from epds.models import Partenaire
from hub.models import CleApi


@pytest.fixture
def admin(db):
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("admin", "a@example.org", "x"))
    return client


def test_the_creation_form_has_no_revoke_control_and_cannot_create_a_revoked_key(admin):
    caf = Partenaire.objects.create(slug="caf-test", nom="Caf test")
    html = admin.get("/admin/snippets/hub/cleapi/add/").content.decode()
    assert 'name="revoquer"' not in html
    admin.post(
        "/admin/snippets/hub/cleapi/add/",
        {"partenaire": caf.pk, "nom": "production", "portee_lecture": "on", "revoquer": "on"},
    )
    assert CleApi.objects.get().revoquee_le is None


def test_the_edit_form_labels_the_revoke_control(admin):
    caf = Partenaire.objects.create(slug="caf-test", nom="Caf test")
    cle = CleApi(partenaire=caf, nom="production")
    cle.generer()
    cle.save()
    html = admin.get(f"/admin/snippets/hub/cleapi/edit/{cle.pk}/").content.decode()
    champ = re.search(r'<input type="checkbox" name="revoquer"[^>]*id="(id_revoquer)"', html)
    assert champ, "the revoke checkbox is on an active key's form"
    assert re.search(r'<label[^>]*for="id_revoquer"[^>]*>\s*(<span[^>]*>)?Révoquer cette clé', html)
    cle.revoquer()
    assert 'name="revoquer"' not in admin.get(f"/admin/snippets/hub/cleapi/edit/{cle.pk}/").content.decode()
