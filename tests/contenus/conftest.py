import pytest
from django.core.management import call_command


@pytest.fixture
def reference(db):
    """The reference content, as a fresh install has it."""
    call_command("load_parcours", stdout=open("/dev/null", "w"))
