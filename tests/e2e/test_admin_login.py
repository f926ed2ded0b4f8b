import pytest
from django.contrib.auth import get_user_model

from tests.e2e.conftest import admin_login


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_admin_login_reaches_dashboard(page):
    get_user_model().objects.create_superuser("editrice", "e@example.org", "mot-de-passe-solide-42")
    admin_login(page, "editrice", "mot-de-passe-solide-42")
    assert page.locator("h1").first.is_visible()
    assert "/admin/" in page.url
