"""The partners' API-key form in the Wagtail admin, in a real browser: no revoke control when
creating a key, a labelled one on an active key's form; 0 axe-core violations on both."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.e2e.conftest import admin_login, assert_accessible
from tests.e2e.pages_publiques import declaree, onglet

MOT_DE_PASSE = "mot-de-passe-solide-42"


@pytest.mark.django_db(transaction=True)
def test_formulaire_cle_api(browser, live_server):
    from epds.models import Partenaire
    from hub.models import CleApi

    get_user_model().objects.create_superuser("admin", "a@example.org", MOT_DE_PASSE)
    Partenaire.objects.create(slug="caf-test", nom="Caf test")
    with onglet(browser, live_server) as page:
        admin_login(page, "admin", MOT_DE_PASSE)
        page.goto("/admin/snippets/hub/cleapi/add/")
        assert page.locator("input[name=revoquer]").count() == 0
        assert_accessible(page, "clé d'API : création")
        page.locator("#id_partenaire").select_option(label="Caf test")
        page.locator("#id_nom").fill("production")
        page.locator("button.action-save").click()
        page.wait_for_url("**/admin/snippets/hub/cleapi/**")
        cle = CleApi.objects.get()
        assert cle.revoquee_le is None

        page.goto(f"/admin/snippets/hub/cleapi/edit/{cle.pk}/")
        case = page.get_by_role("checkbox", name="Révoquer cette clé")
        assert case.count() == 1 and not case.is_checked()
        assert_accessible(page, "clé d'API : modification")
        declaree("admin/snippets/hub/cleapi/", "tests/e2e/test_pages_cles_api.py::test_formulaire_cle_api")
